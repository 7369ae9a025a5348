#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regression check for the persona portfolios: every NAME.json here (not NAME.result.json,
# NAME.advice.json or NAME.whatif.json) is evaluated against rules/nl-zorg at the fixed date
# 2026-11-01, and the JSON printed must equal NAME.result.json byte for byte; where
# NAME.advice.json exists, `civeff advise` for the diploma it names must print it byte for
# byte too, and where NAME.whatif.json exists, `civeff whatif` with the --add options its
# `added` list names (python3 reads them) must print it; and the person's page, `civeff
# report` as HTML and as Markdown, must equal NAME.report.html and NAME.report.md. On a
# difference the unified diff is printed and the script exits 1 (after checking every persona).
#
#   examples/portfolios/check.sh [CIVEFF]      # CIVEFF defaults to build/bin/civeff
#   UPDATE_GOLDEN=1 examples/portfolios/check.sh build/bin/civeff   # rewrite the results
#
# The evaluation runs from the repository root, exactly as the README's commands:
#   civeff eval rules/nl-zorg examples/portfolios/NAME.json --as-of 2026-11-01 --format json
#   civeff advise rules/nl-zorg examples/portfolios/NAME.json --diploma D --as-of 2026-11-01 --format json
#   civeff whatif rules/nl-zorg examples/portfolios/NAME.json --add U [--marks M] ... --as-of 2026-11-01 --format json
#   civeff report rules/nl-zorg examples/portfolios/NAME.json --as-of 2026-11-01 [--format md] --out -
set -euo pipefail

as_of=2026-11-01
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

civeff=${1:-build/bin/civeff}
if [[ $civeff != /* ]]; then
  # A relative path is taken from the current directory, else from the repository root.
  if [[ -e $civeff ]]; then civeff="$PWD/$civeff"; else civeff="$root/$civeff"; fi
fi
if [[ ! -x $civeff ]]; then
  echo "check.sh: no executable civeff at $civeff" >&2
  exit 2
fi

cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

shopt -s nullglob
checked=0
failed=0
# compare NAME EXPECTED COMMAND...: runs the command and compares its output with EXPECTED.
compare() {
  local name=$1 expected=$2
  shift 2
  checked=$((checked + 1))
  local status=0
  "$@" >"$tmp/out.json" 2>"$tmp/err" || status=$?
  if [[ $status -ne 0 || -s $tmp/err ]]; then
    echo "FAIL $name: ${*:1:2} exited $status"
    cat "$tmp/err"
    failed=$((failed + 1))
  elif [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
    cp "$tmp/out.json" "$expected"
    echo "updated $expected"
  elif [[ ! -f $expected ]]; then
    echo "FAIL $name: no $expected (run with UPDATE_GOLDEN=1 to write it)"
    failed=$((failed + 1))
  elif ! diff -u --label "$expected (expected)" --label "$name (actual)" "$expected" "$tmp/out.json"; then
    echo "FAIL $name: the output differs from $expected"
    failed=$((failed + 1))
  else
    echo "ok   $name"
  fi
}

for portfolio in examples/portfolios/*.json; do
  [[ $portfolio == *.result.json || $portfolio == *.advice.json || $portfolio == *.whatif.json ]] && continue
  name=$(basename "$portfolio" .json)
  compare "$name" "examples/portfolios/$name.result.json" \
    "$civeff" eval rules/nl-zorg "$portfolio" --as-of "$as_of" --format json
  advice="examples/portfolios/$name.advice.json"
  if [[ -f $advice ]]; then
    # The diploma the advice is pinned for is the one the committed JSON names.
    diploma=$(sed -n 's/^  "diploma": "\(.*\)",$/\1/p' "$advice")
    compare "$name (advice for $diploma)" "$advice" \
      "$civeff" advise rules/nl-zorg "$portfolio" --diploma "$diploma" --as-of "$as_of" --format json
  fi
  whatif="examples/portfolios/$name.whatif.json"
  if [[ -f $whatif ]]; then
    # The command's --add, --marks, --attr and --hours, one a line, from the committed JSON.
    mapfile -t added < <(python3 - "$whatif" <<'PY'
import json, sys

def text(value):
    return json.dumps(value) if isinstance(value, (bool, int, float)) else str(value)

for a in json.load(open(sys.argv[1], encoding="utf-8"))["added"]:
    print("--add", a["unit"], sep="\n")
    if a["marks"]:
        print("--marks", ",".join(a["marks"]), sep="\n")
    for name, value in a["attrs"].items():
        print("--attr", f"{name}={text(value)}", sep="\n")
    if a["hours"] is not None:
        print("--hours", text(a["hours"]), sep="\n")
PY
)
    compare "$name (what-if: ${added[*]})" "$whatif" \
      "$civeff" whatif rules/nl-zorg "$portfolio" "${added[@]}" --as-of "$as_of" --format json
  fi
  compare "$name (report)" "examples/portfolios/$name.report.html" \
    "$civeff" report rules/nl-zorg "$portfolio" --as-of "$as_of" --out -
  compare "$name (report, Markdown)" "examples/portfolios/$name.report.md" \
    "$civeff" report rules/nl-zorg "$portfolio" --as-of "$as_of" --format md --out -
done

if [[ $checked -eq 0 ]]; then
  echo "check.sh: no portfolios found in examples/portfolios" >&2
  exit 2
fi
if [[ $failed -ne 0 ]]; then
  echo "$failed of $checked persona output(s) differ"
  exit 1
fi
echo "all $checked persona outputs match"
