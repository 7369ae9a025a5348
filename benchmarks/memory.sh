#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Peak memory of `civeff batch --threads 2` per population row (issue 15, deliverable 3).
#
#   bash benchmarks/memory.sh [PEOPLE]     # default 1000000
#
# Builds the Release CLI into build-release/, generates benchmarks/data/pop-PEOPLE.csv
# (examples/population/generate.py, seed 1) unless it is there, evaluates it against
# rules/nl-zorg as of 2026-11-01 under GNU time (Debian package `time`) and prints the
# maximum resident set size divided by the data rows, beside the CSV's own bytes per row.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source benchmarks/common.sh
people=${1:-1000000}
if [[ ! $people =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash benchmarks/memory.sh [PEOPLE]   (a positive whole number, default 1000000)" >&2
  exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "/usr/bin/time is missing: apt-get install time (GNU time; the shell's time keyword cannot report memory)" >&2
  exit 2
fi
data=benchmarks/data/pop-$people.csv
require_tools

step "Build (build-release/, Release)"
build_release civeff_cli

step "Population: $data"
population "$people"

step "civeff batch --threads 2 under /usr/bin/time -v"
machine_note
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/time -v build-release/bin/civeff batch rules/nl-zorg "$data" --as-of 2026-11-01 --threads 2 \
  --out "$out/results.csv" >"$out/stdout" 2>"$out/time"
rows=$(($(wc -l <"$data") - 1))
peak_kib=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$out/time")
wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time")
csv_bytes=$(stat -L -c %s "$data")
python3 - "$rows" "$peak_kib" "$csv_bytes" "$wall" <<'PY'
import sys
rows, peak_kib, csv_bytes, wall = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print(f"rows          {rows:,}")
print(f"peak memory   {peak_kib * 1024 / 2**20:,.0f} MiB ({peak_kib * 1024 / rows:.1f} bytes per row)")
print(f"the CSV       {csv_bytes / 2**20:,.0f} MiB ({csv_bytes / rows:.1f} bytes per row)")
print(f"wall          {wall}")
PY
