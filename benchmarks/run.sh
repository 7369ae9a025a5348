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
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
people=${1:-1000000}
repeat=${REPEAT:-5}
if [[ ! $people =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash benchmarks/run.sh [PEOPLE]   (a positive whole number, default 1000000)" >&2
  exit 2
fi
data=benchmarks/data/pop-$people.csv

step() { printf '\n==> %s\n' "$*"; }

for tool in cmake ninja g++ python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is missing: run 'bash scripts/demo.sh' once to install the build dependencies." >&2
    exit 2
  fi
done

step "Build (build-release/, Release)"
if [[ -f build-release/CMakeCache.txt ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' build-release/CMakeCache.txt; then
  echo "build-release/ was configured with another generator; remove it and run again." >&2
  exit 2
fi
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCIVEFF_BUILD_BENCHMARKS=ON
cmake --build build-release -j "$(nproc)" --target batch_bench

step "Population: $data"
if [[ -f $data ]]; then
  echo "Reusing $data (delete it to generate it again)."
else
  python=python3
  if ! python3 -c 'import numpy' >/dev/null 2>&1; then
    # The generator needs numpy; keep it in a venv of its own rather than the system Python.
    if [[ ! -x benchmarks/.venv/bin/python ]]; then
      echo "numpy is missing: creating benchmarks/.venv with numpy"
      python3 -m venv benchmarks/.venv
      benchmarks/.venv/bin/python -m pip install --quiet --upgrade pip
    fi
    benchmarks/.venv/bin/python -c 'import numpy' >/dev/null 2>&1 ||
      benchmarks/.venv/bin/python -m pip install --quiet numpy
    python=benchmarks/.venv/bin/python
  fi
  # Generated in a side folder under its final name, then moved: an interrupted run
  # leaves no half-written population to be reused next time.
  partial=benchmarks/data/.partial
  rm -rf "$partial"
  mkdir -p "$partial"
  "$python" examples/population/generate.py --people "$people" --seed 1 --out "$partial/pop-$people.csv"
  mv "$partial/pop-$people.csv" "$data"
  rm -rf "$partial"
fi

step "batch_bench ($repeat repeats per thread count)"
build-release/bin/batch_bench --rules rules/nl-zorg --population "$data" --as-of 2026-11-01 --repeat "$repeat"
