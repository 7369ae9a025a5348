#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Does compile time grow linearly with the ruleset? (issue 15, deliverable 4)
#
#   bash benchmarks/compile_scaling.sh                   # 1k, 10k, 100k units, this tree
#   BASE=161ae4c bash benchmarks/compile_scaling.sh      # and an earlier commit, side by side
#   SIZES="1000 10000" REPEAT=9 bash benchmarks/compile_scaling.sh
#
# Generates one ruleset per size with benchmarks/generate_ruleset.py (seed SEED, default 1)
# into benchmarks/data/rules-SIZE-sSEED unless it is there, builds compile_bench in Release
# (build-release/, this tree with its uncommitted changes) and runs it on all sizes at once:
# compile_bench compiles them interleaved, REPEAT times each (default 5), and prints the best
# and median seconds, microseconds per unit and the growth from each size to the next.
#
# With BASE, BASE's tree is exported as compare_commits.sh does (benchmarks/.base/SHA/src,
# ignored by git) with this tree's compile_bench.cpp added (it uses only the public API),
# built in Release, and the two binaries run alternately, base, head, head, base, each on
# the same rulesets; then the best per size and side, and head/base.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source benchmarks/common.sh
read -r -a sizes <<<"${SIZES:-1000 10000 100000}"
repeat=${REPEAT:-5}
seed=${SEED:-1}
for n in "${sizes[@]}" "$repeat" "$seed"; do
  if [[ ! $n =~ ^[0-9]+$ ]]; then
    echo "compile_scaling.sh: SIZES, REPEAT and SEED take whole numbers" >&2
    exit 2
  fi
done
require_tools

step "Rulesets (benchmarks/generate_ruleset.py, seed $seed)"
rules=()
for n in "${sizes[@]}"; do
  dir=benchmarks/data/rules-$n-s$seed
  if [[ -f $dir/ruleset.yaml ]]; then
    echo "Reusing $dir (delete it to generate it again)."
  else
    python3 benchmarks/generate_ruleset.py --units "$n" --seed "$seed" --out "$dir"
  fi
  rules+=(--rules "$dir")
done

if [[ -n ${BASE:-} ]]; then
  require_tools git tar
  if ! sha=$(git rev-parse --verify --quiet "$BASE^{commit}"); then
    echo "compile_scaling.sh: '$BASE' is not a commit" >&2
    exit 2
  fi
  src=benchmarks/.base/$sha/src
  build=benchmarks/.base/$sha/build
  step "Base $BASE ($sha): sources in $src"
  if [[ ! -f $src/CMakeLists.txt ]]; then
    rm -rf "$src.partial"
    mkdir -p "$src.partial"
    git archive "$sha" | tar -x -C "$src.partial"
    mv "$src.partial" "$src"
  fi
  cp benchmarks/compile_bench.cpp "$src/benchmarks/compile_bench.cpp"
  if ! grep -q compile_bench "$src/benchmarks/CMakeLists.txt"; then
    cat >>"$src/benchmarks/CMakeLists.txt" <<'CMAKE'
# Added by compile_scaling.sh to measure this commit.
add_executable(compile_bench compile_bench.cpp)
target_link_libraries(compile_bench PRIVATE civeff::civeff civeff_warnings)
set_target_properties(compile_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
CMAKE
  fi
  step "Base build ($build, Release)"
  mapfile -t options < <(release_options)
  cmake -S "$src" -B "$build" "${options[@]}" -DCIVEFF_BUILD_TESTS=OFF
  cmake --build "$build" -j "$(nproc)" --target compile_bench
fi

step "Head build (build-release/, Release)"
build_release compile_bench

step "compile_bench --repeat $repeat on ${sizes[*]} units"
machine_note
if [[ -z ${BASE:-} ]]; then
  build-release/bin/compile_bench "${rules[@]}" --repeat "$repeat"
  exit 0
fi

runs=benchmarks/.base/runs/compile-$(date -u +%Y%m%dT%H%M%SZ)-$(git rev-parse --short "$sha")
mkdir -p "$runs"
order=(base head head base)
for i in "${!order[@]}"; do
  side=${order[$i]}
  bin=build-release/bin/compile_bench
  [[ $side == base ]] && bin=$build/bin/compile_bench
  echo "--- $side ($bin)"
  "$bin" "${rules[@]}" --repeat "$repeat" | tee "$runs/$i-$side.txt"
done
echo "load      $(uptime)"

step "Best per size and side (base $BASE, head $(git rev-parse --short HEAD))"
python3 - "$runs" <<'PY'
import re
import sys
from pathlib import Path

best = {"base": {}, "head": {}}
row = re.compile(r"^\s*(\d+)\s+\d+\s+\d+\s+([0-9.]+)\s+([0-9.]+)\s+")
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    side = path.stem.split("-")[1]
    for line in path.read_text().splitlines():
        if m := row.match(line):
            units, seconds = int(m.group(1)), float(m.group(2))
            best[side][units] = min(seconds, best[side].get(units, seconds))
print(f"{'units':>10} {'base s':>10} {'head s':>10} {'head/base':>10} {'base us/unit':>13} {'head us/unit':>13}")
for units in sorted(best["head"]):
    b, h = best["base"].get(units), best["head"][units]
    if b is None:
        continue
    print(f"{units:>10} {b:10.4f} {h:10.4f} {h / b:10.3f} {1e6 * b / units:13.3f} {1e6 * h / units:13.3f}")
sizes = sorted(best["head"])
for a, z in zip(sizes, sizes[1:]):
    growth = " ".join(f"{side} x{best[side][z] / best[side][a]:.2f}" for side in ("base", "head") if a in best[side])
    print(f"growth {z} / {a} units (x{z / a:.2f}): {growth}")
PY
