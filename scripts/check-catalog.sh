#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The catalogue in a real browser: renders `civeff catalog` for a ruleset in Dutch
# and in English, opens each page in headless Chromium driven by Selenium
# (Debian's chromium and chromium-driver, Selenium from PyPI; no browser download),
# and fails when
#   - a page logs a console warning or error, or an uncaught exception;
#   - <html lang> is not the language asked for, or a fixed list of Dutch
#     headings, explanations and statuses is missing from the Dutch page;
#   - typing QUERY into the search box (real key events) leaves visible an entry
#     whose id and title do not contain QUERY, hides one whose id or title does,
#     or leaves nothing.
#
#   bash scripts/check-catalog.sh [RULESET]        # default: rules/nl-zorg
#
# Environment:
#   CIVEFF=path/to/civeff   use this binary instead of building build/bin/civeff
#   BUILD_DIR=dir           the build tree to use or create (default: build)
#   OUT_DIR=dir             where pages, screenshots and logs go (default: build/catalog)
#   QUERY=word              what to type into the search box (default: K1006)
#   VENV=dir                the Python environment for Selenium (default: build/catalog-venv)
#
# What is missing is installed: chromium and chromium-driver with apt-get (as root,
# or with sudo), selenium with pip into $VENV.
# Outputs in $OUT_DIR: catalog.html (Dutch), catalog-en.html, catalog.png (the Dutch
# page, 1400x2000), catalog-search.png (after typing QUERY), catalog-en.png.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
ruleset=${1:-rules/nl-zorg}
build_dir=${BUILD_DIR:-build}
out_dir=${OUT_DIR:-build/catalog}
query=${QUERY:-K1006}
venv=${VENV:-$build_dir/catalog-venv}
started=$SECONDS

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
out_dir=$(realpath "$out_dir")
"$civeff" check "$ruleset" >/dev/null || fail "civeff check $ruleset reports errors"
"$civeff" catalog "$ruleset" --lang nl --out "$out_dir/catalog.html"
"$civeff" catalog "$ruleset" --lang en --out "$out_dir/catalog-en.html"
for page in catalog.html catalog-en.html; do
  [[ -s $out_dir/$page ]] || fail "civeff catalog wrote no $page"
done

# ---------------------------------------------------------------- chromium, chromedriver, selenium
as_root=()
if ((EUID != 0)); then as_root=(sudo); fi
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if ((${#missing[@]})); then
  echo "Installing ${missing[*]} (apt-get)"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
browser=$(command -v chromium)
driver=$(command -v chromedriver)

if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
  echo "Installing selenium into $venv (pip)"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check 'selenium>=4.10,<5'
fi

# ---------------------------------------------------------------- the pages in the browser
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# Selenium Manager must not look for (or download) a browser or driver of its own.
export SE_OFFLINE=true
if ! timeout 300 "$venv/bin/python" - "$browser" "$driver" "$out_dir" "$query" "$profile" <<'PY'
import sys
import unicodedata

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

browser, driver_path, out_dir, query, profile = sys.argv[1:6]

# Headings, explanations and statuses the Dutch page must show (texts.cpp).
DUTCH = [
    "Overzicht civiel effect",
    "Keurmerken",
    "Eenheden",
    "Certificaten per keuzedeel",
    "Gelijkwaardigheden",
    "Routes naar een diploma",
    "Bronnen",
    "Studielast per route",
    "Niveaus, van laag naar hoog",
    "niet geverifieerd",
    "Zoeken",
    "onderdelen",
    "expressie",
]
ENGLISH = ["Civil effect catalogue", "Quality marks", "Certificates per keuzedeel", "Study load per route",
           "unverified"]

failures = []


def fail(message):
    failures.append(message)
    print("  FAIL:", message, file=sys.stderr)


def fold(text):
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


options = webdriver.ChromeOptions()
options.binary_location = browser
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--window-size=1400,2000", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--disable-extensions",
             "--user-data-dir=" + profile):
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
driver.set_page_load_timeout(60)


def open_page(name):
    driver.get("file://" + out_dir + "/" + name)
    # The page's script has run when the entry count is filled in.
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "q-count").text.strip() != "")


def console(name):
    for entry in driver.get_log("browser"):
        if entry.get("level") in ("WARNING", "SEVERE"):
            fail(f"{name}: console {entry['level']}: {entry['message']}")


def body_text():
    # textContent: the words as written, whatever case CSS shows them in.
    return driver.execute_script("return document.body.textContent")


try:
    # ---- Dutch
    open_page("catalog.html")
    if driver.find_element(By.TAG_NAME, "html").get_attribute("lang") != "nl":
        fail('catalog.html: <html lang> is not "nl"')
    text = body_text()
    for words in DUTCH:
        if words not in text:
            fail(f"catalog.html: no Dutch text {words!r}")
    driver.save_screenshot(out_dir + "/catalog.png")

    entries = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.entry'),"
        " function (e) { return [e.getAttribute('data-search') || '', e.textContent]; })")
    total = len(entries)
    box = driver.find_element(By.ID, "q")
    box.click()
    box.send_keys(query)  # real key events: the page listens to `input`
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "q").get_attribute("value") == query)
    state = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.entry'), function (e) {"
        " return [e.getAttribute('data-search') || e.textContent, e.offsetParent !== null]; })")
    wanted = fold(query)
    shown = [key for key, visible in state if visible]
    if not shown:
        fail(f"typing {query!r} leaves no entry")
    for key, visible in state:
        if visible and wanted not in fold(key):
            fail(f"typing {query!r} leaves {key!r} visible, whose id and title do not contain it")
        if not visible and wanted in fold(key):
            fail(f"typing {query!r} hides {key!r}, whose id or title contains it")
    linked_only = [key for key, text in entries if wanted in fold(text) and wanted not in fold(key)]
    count = driver.find_element(By.ID, "q-count").text
    if str(len(shown)) not in count:
        fail(f"the count says {count!r}, but {len(shown)} entries are shown")
    driver.save_screenshot(out_dir + "/catalog-search.png")
    console("catalog.html")
    print(f"  nl: {total} entries; {query!r} leaves {len(shown)} ({', '.join(shown)});"
          f" {len(linked_only)} that only link to it are hidden")

    # ---- English
    open_page("catalog-en.html")
    if driver.find_element(By.TAG_NAME, "html").get_attribute("lang") != "en":
        fail('catalog-en.html: <html lang> is not "en"')
    text = body_text()
    for words in ENGLISH:
        if words not in text:
            fail(f"catalog-en.html: no English text {words!r}")
    driver.save_screenshot(out_dir + "/catalog-en.png")
    console("catalog-en.html")
finally:
    driver.quit()

sys.exit(1 if failures else 0)
PY
then
  fail "see the messages above"
fi
echo "Screenshots: $out_dir/catalog.png, $out_dir/catalog-search.png, $out_dir/catalog-en.png"
echo "check-catalog: ok ($((SECONDS - started))s)"
