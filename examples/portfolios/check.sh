#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regression check for the persona portfolios: every NAME.json here (not NAME.result.json)
# is evaluated against rules/nl-zorg at the fixed date 2026-11-01, and the JSON printed
# must equal NAME.result.json byte for byte. On a difference the unified diff is printed
# and the script exits 1 (after checking every persona).
#
#   examples/portfolios/check.sh [CIVEFF]      # CIVEFF defaults to build/bin/civeff
#   UPDATE_GOLDEN=1 examples/portfolios/check.sh build/bin/civeff   # rewrite the results
#
# The evaluation runs from the repository root, exactly as the README's commands:
#   civeff eval rules/nl-zorg examples/portfolios/NAME.json --as-of 2026-11-01 --format json
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
for portfolio in examples/portfolios/*.json; do
  [[ $portfolio == *.result.json ]] && continue
  name=$(basename "$portfolio" .json)
  expected="examples/portfolios/$name.result.json"
  checked=$((checked + 1))

  status=0
  "$civeff" eval rules/nl-zorg "$portfolio" --as-of "$as_of" --format json \
    >"$tmp/$name.json" 2>"$tmp/$name.err" || status=$?
  if [[ $status -ne 0 || -s $tmp/$name.err ]]; then
    echo "FAIL $name: civeff eval exited $status"
    cat "$tmp/$name.err"
    failed=$((failed + 1))
    continue
  fi

  if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
    cp "$tmp/$name.json" "$expected"
    echo "updated $expected"
  elif [[ ! -f $expected ]]; then
    echo "FAIL $name: no $expected (run with UPDATE_GOLDEN=1 to write it)"
    failed=$((failed + 1))
  elif ! diff -u --label "$expected (expected)" --label "$name (actual)" \
      "$expected" "$tmp/$name.json"; then
    echo "FAIL $name: the result differs from $expected"
    failed=$((failed + 1))
  else
    echo "ok   $name"
  fi
done

if [[ $checked -eq 0 ]]; then
  echo "check.sh: no portfolios found in examples/portfolios" >&2
  exit 2
fi
if [[ $failed -ne 0 ]]; then
  echo "$failed of $checked persona result(s) differ"
  exit 1
fi
echo "all $checked persona results match"
