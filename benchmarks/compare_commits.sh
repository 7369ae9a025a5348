#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Compares batch_bench of this tree with batch_bench of an earlier commit, side by side in
# one run, on the same generated population: did the batch path get slower?
#
#   bash benchmarks/compare_commits.sh [BASE]             # default dfbe47a
#   PEOPLE=200000 ROUNDS=5 bash benchmarks/compare_commits.sh dfbe47a
#
# BASE's tree is exported with `git archive` into benchmarks/.base/SHA/src (ignored by
# git; no worktree is registered, so an interrupted run leaves nothing in .git) and
# built in Release into benchmarks/.base/SHA/build with the same cmake options as
# build-release/, which holds this tree's build (uncommitted changes included). Both
# batch_bench binaries then run ROUNDS times each, interleaved: base, head, head,
# base, base, head, ... so that neither always runs first on a warm or quiet machine.
# Each run is `batch_bench --repeat 1` with the same rules, population and as-of date;
# batch_bench times one evaluate_batch on 1 thread and one on 2 (reading the CSV is
# timed apart and left out). The 1-thread time is the figure compared (the 2-thread
# one is shown too, but on a shared 2-core machine it mostly measures the neighbours).
# Reported: each round, the best and the median of each side, and head/base as best
# over best, median over median and the median of the per-round ratios. Every run's
# full output is kept in benchmarks/.base/runs/.
#
#   PEOPLE   population size (default 200000): benchmarks/data/pop-PEOPLE.csv, generated
#            as benchmarks/run.sh does unless it is there
#   ROUNDS   interleaved rounds (default 5); each runs each binary once
#   RULES    the ruleset both run (default rules/nl-zorg of this tree)
#   AS_OF    default 2026-11-01
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source benchmarks/common.sh
base=${1:-dfbe47a}
people=${PEOPLE:-200000}
rounds=${ROUNDS:-5}
rules=${RULES:-rules/nl-zorg}
as_of=${AS_OF:-2026-11-01}
if [[ ! $people =~ ^[1-9][0-9]*$ || ! $rounds =~ ^[1-9][0-9]*$ ]]; then
  echo "compare_commits.sh: PEOPLE and ROUNDS take positive whole numbers" >&2
  exit 2
fi
if ! sha=$(git rev-parse --verify --quiet "$base^{commit}"); then
  echo "compare_commits.sh: '$base' is not a commit" >&2
  exit 2
fi
data=benchmarks/data/pop-$people.csv
src=benchmarks/.base/$sha/src
build=benchmarks/.base/$sha/build

require_tools git tar

step "Base $base ($sha): sources in $src"
if [[ -f $src/CMakeLists.txt ]]; then
  echo "Reusing $src (delete it to export it again)."
else
  # Exported beside its final name, then moved: an interrupted export is never reused.
  rm -rf "$src.partial"
  mkdir -p "$src.partial"
  git archive "$sha" | tar -x -C "$src.partial"
  mv "$src.partial" "$src"
fi
if [[ -d $rules ]] && ! git diff --quiet "$sha" -- "$rules"; then
  echo "note: $rules differs between $base and this tree; both run this tree's $rules."
fi

step "Base build ($build, Release)"
mapfile -t options < <(release_options)
cmake -S "$src" -B "$build" "${options[@]}"
cmake --build "$build" -j "$(nproc)" --target batch_bench

step "Head build (build-release/, Release)"
build_release batch_bench

step "Population: $data"
population "$people"

base_bin=$build/bin/batch_bench
head_bin=build-release/bin/batch_bench
runs=benchmarks/.base/runs/$(date -u +%Y%m%dT%H%M%SZ)-$(git rev-parse --short "$sha")
mkdir -p "$runs"

step "$rounds interleaved rounds: batch_bench --repeat 1 (base $base, head $(git rev-parse --short HEAD))"
machine_note
echo "outputs   $runs/"
run_one() {  # run_one NAME BINARY ROUND
  local out="$runs/round$3-$1.txt"
  "$2" --rules "$rules" --population "$data" --as-of "$as_of" --repeat 1 >"$out" 2>&1 || {
    echo "compare_commits.sh: $1 batch_bench failed (exit $?); its output:" >&2
    cat "$out" >&2
    exit 1
  }
}
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2 == 1)); then order=(base head); else order=(head base); fi
  for side in "${order[@]}"; do
    if [[ $side == base ]]; then run_one base "$base_bin" "$r"; else run_one head "$head_bin" "$r"; fi
  done
  echo "  round $r done (${order[0]} first)"
done
echo "load      $(uptime)"

step "Head over base"
python3 - "$runs" "$rounds" "$base" "$(git rev-parse --short HEAD)" <<'PY'
import re
import statistics
import sys
from pathlib import Path

runs, rounds, base_name, head_name = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
units = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
time = r"([0-9]+(?:\.[0-9]+)?)\s*(us|ms|s)\b"
row = re.compile(r"^\s*([0-9]+)\s+" + time + r"\s+" + time)


def threads_table(path):
    """{threads: best seconds} from batch_bench's table: the rows after the line that
    starts with `threads`, up to the first line that is not such a row."""
    table, inside = {}, False
    for line in path.read_text().splitlines():
        if re.match(r"^\s*threads\s+best\b", line):
            inside = True
            continue
        if inside:
            m = row.match(line)
            if not m:
                break
            table[int(m.group(1))] = float(m.group(2)) * units[m.group(3)]
    if 1 not in table:
        sys.exit(f"compare_commits.sh: no 1-thread row in {path}")
    return table


times = {
    side: [threads_table(runs / f"round{r}-{side}.txt") for r in range(1, rounds + 1)]
    for side in ("base", "head")
}
print(f"  base = {base_name}, head = {head_name}; seconds of one evaluate_batch, reading left out\n")
print("  round  first   base 1t   head 1t  head/base    base 2t   head 2t  head/base")
for r in range(rounds):
    b, h = times["base"][r], times["head"][r]
    two = f"{b[2]:9.3f} {h[2]:9.3f} {h[2] / b[2]:9.3f}" if 2 in b and 2 in h else ""
    first = "base" if r % 2 == 0 else "head"
    print(f"  {r + 1:5d}  {first:5s} {b[1]:9.3f} {h[1]:9.3f} {h[1] / b[1]:9.3f}   {two}")
print()


def ratios(b, h):
    """head/base as best over best, median over median and the median of the paired rounds."""
    return {
        "best": min(h) / min(b),
        "median": statistics.median(h) / statistics.median(b),
        "paired": statistics.median(y / x for x, y in zip(b, h)),
    }


for threads in (1, 2):
    if not all(threads in t for side in times.values() for t in side):
        continue
    b = [t[threads] for t in times["base"]]
    h = [t[threads] for t in times["head"]]
    r = ratios(b, h)
    label = f"{threads} thread{'s' if threads > 1 else ' '}"
    print(f"  {label}  base best {min(b):.3f} s  median {statistics.median(b):.3f} s"
          f"   head best {min(h):.3f} s  median {statistics.median(h):.3f} s")
    print(f"            head/base: {r['best']:.3f} (best)  {r['median']:.3f} (median)"
          f"  {r['paired']:.3f} (median of the {rounds} paired rounds)")
figures = ratios([t[1] for t in times["base"]], [t[1] for t in times["head"]])
print("\n  head within 3% of base on 1 thread: " +
      ", ".join(f"{name} {'yes' if r <= 1.03 else 'no'} ({r:.3f})" for name, r in figures.items()))
PY
