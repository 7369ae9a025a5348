#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`civeff serve`'s page in headless Chromium: load it, submit a persona, see the diploma status.

    SE_OFFLINE=true build/catalog-venv/bin/python tests/serve/page_test.py --civeff build/bin/civeff

scripts/test.sh runs it in step 4, after scripts/check-catalog.sh has installed
Debian's chromium and chromium-driver and put Selenium (PyPI) in build/catalog-venv;
no browser is downloaded. For each persona of examples/portfolios it pastes the
file into the page, picks the diploma of its advice file, submits, and expects
the status `civeff eval` gives and the explanation's tree; then it builds a
portfolio with the page's own form. A console warning or error fails the test.
Screenshots go to build/serve-page/.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from harness import AS_OF, ROOT, RULES, Failure, Server, cli, expect, personas
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def browser(profile: str) -> webdriver.Chrome:
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    expect(
        chromium and driver,
        "needs Debian's chromium and chromium-driver (scripts/check-catalog.sh installs them)",
    )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1800",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--user-data-dir=" + profile,
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    d.set_page_load_timeout(60)
    return d


def console(d: webdriver.Chrome, where: str):
    for entry in d.get_log("browser"):
        expect(
            entry.get("level") not in ("WARNING", "SEVERE"),
            f"{where}: console {entry['level']}: {entry['message']}",
        )


def load(d: webdriver.Chrome, url: str):
    d.get(url + "/")
    WebDriverWait(d, 20).until(lambda x: x.execute_script("return document.body.dataset.ready === 'true'"))


def submit(d: webdriver.Chrome, portfolio: str, diploma: str) -> str:
    """Pastes `portfolio`, picks `diploma` and as_of, submits; the status element's data-status."""
    d.execute_script("document.getElementById('portfolio').value = arguments[0];", portfolio)
    d.execute_script("document.getElementById('as-of').value = arguments[0];", AS_OF)
    Select(d.find_element(By.ID, "diploma")).select_by_value(diploma)
    d.execute_script("document.getElementById('status').removeAttribute('data-status');")
    d.find_element(By.ID, "show").click()
    WebDriverWait(d, 30).until(
        lambda x: (
            x.find_element(By.ID, "status").get_attribute("data-status")
            or x.find_element(By.ID, "errors").text
        )
    )
    errors = d.find_element(By.ID, "errors").text
    expect(not errors, "the page shows errors", errors)
    return d.find_element(By.ID, "status").get_attribute("data-status")


def run(civeff: str, out: Path):
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="civeff-page-") as profile, Server(civeff) as s:
        d = browser(profile)
        try:
            load(d, s.url)
            options = [o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "#diploma option")]
            expect(len(options) > 1, "the page lists no diplomas", options)
            for p in personas():
                text = p.read_text(encoding="utf-8")
                advice = p.with_name(p.name.replace(".json", ".advice.json"))
                diploma = (
                    json.loads(advice.read_text(encoding="utf-8"))["diploma"]
                    if advice.exists()
                    else options[0]
                )
                expected = json.loads(cli(civeff, "eval", RULES, p.relative_to(ROOT), "--as-of", AS_OF))
                want = expected["diplomas"][diploma]["status"]
                got = submit(d, text, diploma)
                expect(
                    got == want, f"{p.name}, diploma {diploma}: the page says {got!r}, civeff eval {want!r}"
                )
                shown = d.find_element(By.ID, "status").text
                expect(want in shown and expected["person"] in shown, f"{p.name}: the status line", shown)
                nodes = d.find_elements(By.CSS_SELECTOR, "#tree li")
                expect(nodes, f"{p.name}: no explanation tree")
                print(f"  {p.name}: {diploma} {got} ({len(nodes)} requirement nodes)")
                if advice.exists():  # the cheapest plans, as the advice file pins them
                    d.find_element(By.ID, "advise").click()
                    WebDriverWait(d, 60).until(
                        lambda x: x.find_element(By.ID, "advice").text or x.find_element(By.ID, "errors").text
                    )
                    errors = d.find_element(By.ID, "errors").text
                    expect(not errors, f"{p.name}: advice: errors", errors)
                d.save_screenshot(str(out / f"{p.stem}.png"))
            # A portfolio built with the form: one unit of the first diploma's tree, from the rules' list.
            d.execute_script("document.getElementById('portfolio').value = '';")
            unit = d.execute_script("return document.querySelector('#units option').value")
            d.find_element(By.ID, "person").clear()
            d.find_element(By.ID, "person").send_keys("built")
            d.find_element(By.ID, "unit").send_keys(unit)
            d.find_element(By.ID, "add").click()
            built = json.loads(d.find_element(By.ID, "portfolio").get_attribute("value"))
            expect(built["person"] == "built" and built["achievements"][0]["unit"] == unit, "the form", built)
            status = submit(d, d.find_element(By.ID, "portfolio").get_attribute("value"), options[0])
            expect(status in ("none", "partial", "complete"), f"a built portfolio: {status!r}")
            d.save_screenshot(str(out / "built.png"))
            console(d, "GET /")
        finally:
            d.quit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--civeff", required=True)
    parser.add_argument("--out", default=str(ROOT / "build" / "serve-page"))
    args = parser.parse_args()
    try:
        run(str(Path(args.civeff).absolute()), Path(args.out))
    except Failure as e:
        print(f"FAIL page: {e}")
        return 1
    print("ok   page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
