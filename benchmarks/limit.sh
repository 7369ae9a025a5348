#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The limit (issue 15): civeff's evaluate_batch against a hand-written C++ kernel of
# bench_frame's rules (kernel_bench), then against plain Python, vectorised pandas
# and GoRules zen-engine on the same rules (benchmarks/python/peers.py).
#
#   bash benchmarks/limit.sh [PEOPLE]             # kernel_bench on PEOPLE persons (default 1000000)
#   REPEAT=7 PEER_PEOPLE="20000 100000" PEERS_JSON=peers.json bash benchmarks/limit.sh 200000
#   SKIP_PEERS=1 bash benchmarks/limit.sh 100000  # the kernel only
#   KERNEL_BENCH=build/bin/kernel_bench bash benchmarks/limit.sh  # a kernel_bench built already (no Release build)
#
# Builds kernel_bench in Release into build-release/ (benchmarks/common.sh), checks that
# benchmarks/limit/bench.yaml is still bench_frame.py's rules, writes
# benchmarks/data/limit-PEOPLE.csv (bench_frame's population, seed 1) unless it is there,
# runs kernel_bench --repeat REPEAT (default 5) on it, then peers.py on PEER_PEOPLE persons
# (default 20,000 and 100,000). PYTHON (default build/venv/bin/python, which
# `bash scripts/python-test.sh` makes) must import civeff, numpy and pandas; zen-engine
# (the `bench` extra of pyproject.toml) is installed into it when missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source benchmarks/common.sh
people=${1:-1000000}
repeat=${REPEAT:-5}
read -r -a peer_people <<<"${PEER_PEOPLE:-20000 100000}"
python=${PYTHON:-build/venv/bin/python}
if [[ ! $people =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash benchmarks/limit.sh [PEOPLE]   (a positive whole number, default 1000000)" >&2
  exit 2
fi
require_tools
if ! "$python" -c 'import civeff, numpy, pandas' >/dev/null 2>&1; then
  echo "$python cannot import civeff, numpy and pandas: run 'bash scripts/python-test.sh' first, or set PYTHON." >&2
  exit 2
fi

kernel_bench=${KERNEL_BENCH:-build-release/bin/kernel_bench}
if [[ -z ${KERNEL_BENCH:-} ]]; then
  step "Build (build-release/, Release)"
  build_release kernel_bench
elif [[ ! -x $kernel_bench ]]; then
  echo "KERNEL_BENCH=$kernel_bench is not a program." >&2
  exit 2
fi

step "Rules and population"
"$python" benchmarks/python/limit_population.py --check-rules benchmarks/limit/bench.yaml
data=benchmarks/data/limit-$people.csv
if [[ -f $data ]]; then
  echo "Reusing $data (delete it to generate it again)."
else
  "$python" benchmarks/python/limit_population.py --people "$people" --seed 1 --out "$data"
fi

step "kernel_bench ($repeat repeats each)"
machine_note
"$kernel_bench" --rules benchmarks/limit/bench.yaml --population "$data" --repeat "$repeat"

if [[ -z ${SKIP_PEERS:-} ]]; then
  step "Peers: ${peer_people[*]} persons"
  if ! "$python" -c 'import zen' >/dev/null 2>&1; then
    echo "Installing zen-engine into $python's environment (the bench extra)"
    "$python" -m pip install --quiet "zen-engine>=2.1"
  fi
  "$python" benchmarks/python/peers.py --people "${peer_people[@]}" ${PEERS_JSON:+--json "$PEERS_JSON"}
fi
