#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Measures batch evaluation on a generated population.
#
#   bash benchmarks/run.sh [PEOPLE]        # default 1000000
#   REPEAT=9 bash benchmarks/run.sh 200000 # more repeats (default 5)
#
# Builds Release into build-release/ (the `release` preset), generates
# benchmarks/data/pop-PEOPLE.csv with examples/population/generate.py (seed 1) unless
# it is there already, then runs build-release/bin/batch_bench on it.
# Build dependencies: run scripts/demo.sh or scripts/test.sh once first.
# benchmarks/run-all.sh runs this benchmark and the diff, explain and commit comparisons.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source benchmarks/common.sh
people=${1:-1000000}
repeat=${REPEAT:-5}
if [[ ! $people =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash benchmarks/run.sh [PEOPLE]   (a positive whole number, default 1000000)" >&2
  exit 2
fi
data=benchmarks/data/pop-$people.csv

require_tools

step "Build (build-release/, Release)"
build_release batch_bench

step "Population: $data"
population "$people"

step "batch_bench ($repeat repeats per thread count)"
machine_note
build-release/bin/batch_bench --rules rules/nl-zorg --population "$data" --as-of 2026-11-01 --repeat "$repeat"
