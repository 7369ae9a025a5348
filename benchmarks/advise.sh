#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Measures the advisor (SPEC §12): every persona's advice for every diploma, then the
# cheapest plan of every person of a generated population for one diploma.
#
#   bash benchmarks/advise.sh [PEOPLE]               # default 1000000
#   REPEAT=9 DIPLOMA=25655 bash benchmarks/advise.sh 100000
#
# Builds Release into build-release/ (the `release` preset), generates
# benchmarks/data/pop-PEOPLE.csv with examples/population/generate.py (seed 1) unless
# it is there already, then runs build-release/bin/advise_bench twice:
#   1. --personas examples/portfolios, REPEAT timed calls per persona and diploma (default 5);
#   2. --population on DIPLOMA (default 25656, Verzorgende-IG), all hardware threads,
#      next to one evaluate_batch, with a PROFILE of persons advised one at a time
#      (default 10000) for the distribution of steps and time per person.
# Build dependencies: run scripts/demo.sh or scripts/test.sh once first.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source benchmarks/common.sh
people=${1:-1000000}
repeat=${REPEAT:-5}
diploma=${DIPLOMA:-25656}
profile=${PROFILE:-10000}
if [[ ! $people =~ ^[1-9][0-9]*$ || ! $repeat =~ ^[1-9][0-9]*$ || ! $profile =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash benchmarks/advise.sh [PEOPLE]   (PEOPLE, REPEAT and PROFILE positive whole numbers)" >&2
  exit 2
fi
data=benchmarks/data/pop-$people.csv

require_tools

step "Build (build-release/, Release)"
build_release advise_bench

step "Population: $data"
population "$people"

step "advise_bench --personas examples/portfolios ($repeat timed calls per persona and diploma)"
machine_note
build-release/bin/advise_bench --rules rules/nl-zorg --personas examples/portfolios --as-of 2026-11-01 \
  --repeat "$repeat"

step "advise_bench --population $data (diploma $diploma, all hardware threads)"
echo "load      $(uptime)"
build-release/bin/advise_bench --rules rules/nl-zorg --population "$data" --diploma "$diploma" \
  --as-of 2026-11-01 --profile "$profile"
echo "load      $(uptime)"
