#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every benchmark, one after another (never two at once, so that they do not
# measure each other):
#   1. batch_bench    evaluate_batch on 1 and 2 threads            (PEOPLE people)
#   2. diff_bench     civeff::diff next to one evaluate_batch       (PEOPLE people)
#   3. explain_bench  ruleset::explain per persona next to evaluate (examples/portfolios)
#   4. advise.sh      ruleset::advise per persona and diploma, then advise_batch for
#                     DIPLOMA (default 25656) next to one evaluate_batch  (PEOPLE people)
#   5. compare_commits.sh BASE: batch_bench of this tree against BASE (COMPARE_PEOPLE people)
#
#   bash benchmarks/run-all.sh [PEOPLE]      # default 1000000
#   REPEAT=3 OVERLAY=rules/nl-zorg/scenarios/nrto-national.yaml BASE=dfbe47a \
#     COMPARE_PEOPLE=200000 ROUNDS=5 bash benchmarks/run-all.sh 1000000
#   SKIP_COMPARE=1 bash benchmarks/run-all.sh   # without step 5
#
# Builds Release into build-release/ and generates populations as benchmarks/run.sh does.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source benchmarks/common.sh
people=${1:-1000000}
repeat=${REPEAT:-3}
overlay=${OVERLAY:-rules/nl-zorg/scenarios/nrto-national.yaml}
if [[ ! $people =~ ^[1-9][0-9]*$ || ! $repeat =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash benchmarks/run-all.sh [PEOPLE]   (PEOPLE and REPEAT positive whole numbers)" >&2
  exit 2
fi
data=benchmarks/data/pop-$people.csv

require_tools

step "Build (build-release/, Release)"
build_release batch_bench diff_bench explain_bench

step "Population: $data"
population "$people"

step "batch_bench ($repeat repeats per thread count)"
machine_note
build-release/bin/batch_bench --rules rules/nl-zorg --population "$data" --as-of 2026-11-01 --repeat "$repeat"

step "diff_bench ($repeat repeats each, all hardware threads)"
echo "load      $(uptime)"
build-release/bin/diff_bench --rules rules/nl-zorg --overlay "$overlay" --population "$data" \
  --as-of 2026-11-01 --repeat "$repeat"

step "explain_bench (examples/portfolios)"
echo "load      $(uptime)"
build-release/bin/explain_bench --rules rules/nl-zorg --portfolios examples/portfolios --as-of 2026-11-01

# Its own script: the build is then a no-op and the population is reused.
REPEAT=$repeat bash benchmarks/advise.sh "$people"

if [[ ${SKIP_COMPARE:-} != 1 ]]; then
  PEOPLE=${COMPARE_PEOPLE:-200000} ROUNDS=${ROUNDS:-5} bash benchmarks/compare_commits.sh "${BASE:-dfbe47a}"
fi
