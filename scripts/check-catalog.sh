#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The catalogue in a real browser: renders `civeff catalog` for a ruleset, opens the
# page in headless Chromium, and fails when the page logs a console message or an
# uncaught error, or when its search box is missing or does not filter.
#
#   bash scripts/check-catalog.sh [RULESET]        # default: rules/nl-zorg
#
# Environment:
#   CIVEFF=path/to/civeff   use this binary instead of building build/bin/civeff
#   BUILD_DIR=dir           the build tree to use or create (default: build)
#   OUT_DIR=dir             where the page, screenshot and logs go (default: build/catalog)
#   QUERY=word              a search word that must match some but not all entries (default: medicatie)
#
# Chromium is installed with apt-get when missing (as root, or with sudo).
# Outputs: $OUT_DIR/catalog.html, catalog.png (1400x2000 screenshot), dom.html,
# dom-query.html, chromium.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
ruleset=${1:-rules/nl-zorg}
build_dir=${BUILD_DIR:-build}
out_dir=${OUT_DIR:-build/catalog}
query=${QUERY:-medicatie}

fail() {
  echo "check-catalog: FAIL: $*" >&2
  exit 1
}

# ---------------------------------------------------------------- civeff
if [[ -n ${CIVEFF:-} ]]; then
  civeff=$CIVEFF
else
  if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    cmake -S "$root" -B "$build_dir" -G Ninja -DCIVEFF_BUILD_BENCHMARKS=OFF
  fi
  cmake --build "$build_dir" --target civeff_cli
  civeff=$build_dir/bin/civeff
fi
[[ -x $civeff ]] || fail "no civeff binary at $civeff"

mkdir -p "$out_dir"
page=$(realpath "$out_dir")/catalog.html
"$civeff" check "$ruleset" >/dev/null || fail "civeff check $ruleset reports errors"
"$civeff" catalog "$ruleset" --out "$page"
[[ -s $page ]] || fail "civeff catalog wrote nothing"
echo "Rendered $page ($(wc -c <"$page") bytes)"

# ---------------------------------------------------------------- chromium
browser=""
for candidate in chromium chromium-browser; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser=$(command -v "$candidate")
    break
  fi
done
if [[ -z $browser ]]; then
  sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  echo "Installing chromium"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
  browser=$(command -v chromium)
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# Offline and quiet: no network of Chromium's own, no first-run or sync traffic.
# shellcheck disable=SC2054  # the comma in --window-size=1400,2000 is Chromium's
chromium_flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile" --enable-logging=stderr --v=0 --window-size=1400,2000)

run_browser() {
  timeout 180 "$browser" "${chromium_flags[@]}" "$@"
}

log=$out_dir/chromium.log
run_browser --screenshot="$out_dir/catalog.png" "file://$page" 2>"$log" || fail "chromium failed (see $log)"
[[ -s $out_dir/catalog.png ]] || fail "no screenshot"
echo "Screenshot: $out_dir/catalog.png"

# Chromium prints page console output as `...:CONSOLE(...)] "message", source: URL (line)`;
# the rest of its stderr (D-Bus, GPU, sandbox) is its own noise, not the page's.
page_messages() {
  grep -E ':CONSOLE[:(]|Uncaught' "$1" || true
}

run_browser --dump-dom "file://$page" >"$out_dir/dom.html" 2>>"$log" || fail "chromium --dump-dom failed"
run_browser --dump-dom "file://$page?q=$query" >"$out_dir/dom-query.html" 2>>"$log" ||
  fail "chromium --dump-dom with a query failed"

messages=$(page_messages "$log")
if [[ -n $messages ]]; then
  echo "$messages" >&2
  fail "the page logged console messages or errors"
fi

# ---------------------------------------------------------------- the DOM after the script ran
grep -q '<input id="q" type="search"' "$out_dir/dom.html" || fail "no search box in the DOM"
total=$(sed -nE 's/.*id="q-count"[^>]*>([0-9]+) entries<.*/\1/p' "$out_dir/dom.html" | head -n1)
[[ -n $total && $total -gt 0 ]] || fail "the search script did not run (no entry count in #q-count)"
for section in marks units equivalences routes sources; do
  grep -q "<section id=\"$section\"" "$out_dir/dom.html" || fail "no section #$section"
done
shown=$(sed -nE 's/.*id="q-count"[^>]*>([0-9]+) of ([0-9]+) entries match<.*/\1/p' "$out_dir/dom-query.html" | head -n1)
[[ -n $shown ]] || fail "searching for '$query' did not run"
((shown > 0 && shown < total)) || fail "searching for '$query' shows $shown of $total entries"

echo "check-catalog: ok ($total entries; '$query' matches $shown; no console messages)"
