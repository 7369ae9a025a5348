#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The person's page (`civeff report`, docs/report.md) in headless Chromium, and as PDF.

    SE_OFFLINE=true build/catalog-venv/bin/python tests/report/report_page_test.py --civeff build/bin/civeff
        [--screenshot-to docs/img]

scripts/test.sh runs it in step 4, after scripts/check-catalog.sh has installed
Debian's chromium and chromium-driver and put Selenium (PyPI) in build/catalog-venv;
no browser is downloaded. For each persona of examples/portfolios it

- renders the page (`civeff report rules/nl-zorg P --as-of 2026-11-01`), opens it
  and fails on any console warning or error, or a section that is not shown;
- reads every figure the page carries as a `data-` attribute and compares it with
  the command line's JSON for the same input: levels, counted, credits and the
  requirement trees with `civeff explain --format json`, statuses and progress
  too, hours to complete and the plan's units with `civeff advise --top 1`, and
  each course's what-if with a `civeff eval` and `civeff advise` of the portfolio
  with the course added (as the plan takes a unit: dated as_of, exempt), against
  the same without it;
- prints the page to PDF (`--format pdf`): it starts with %PDF and has a page.

Outputs in build/report/: NAME.html, NAME.pdf, report-NAME.png (1400 wide); with
--screenshot-to DIR, report-helpende-naar-vig.png is copied there (the README's).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parents[2]
# The browser of `civeff serve`'s page test: Debian's chromium and chromedriver, headless.
sys.path.insert(0, str(ROOT / "tests" / "serve"))
from page_test import browser  # noqa: E402

RULES = "rules/nl-zorg"
AS_OF = "2026-11-01"  # the personas' date (examples/portfolios/check.sh)
SCREENSHOT = "helpende-naar-vig"
SECTIONS = ["summary", "trainings", "credits", "diplomas", "courses", "sources"]

CIVEFF = ""
failures: list[str] = []


def fail(message: str):
    failures.append(message)
    print("  FAIL:", message, file=sys.stderr)


def check(condition, message: str):
    if not condition:
        fail(message)


def civeff(*args) -> str:
    r = subprocess.run([CIVEFF, *map(str, args)], cwd=ROOT, capture_output=True, check=False)
    if r.returncode != 0:
        raise SystemExit(f"civeff {' '.join(map(str, args))}: exit {r.returncode}\n{r.stderr.decode()}")
    return r.stdout.decode("utf-8")


def as_json(*args) -> dict:
    return json.loads(civeff(*args, "--format", "json"))


def personas() -> list[Path]:
    return sorted(
        p
        for p in (ROOT / "examples" / "portfolios").glob("*.json")
        if not p.name.endswith((".result.json", ".advice.json", ".whatif.json"))
    )


# Every element with data- attributes, in document order, with its attributes and
# whether it is inside a requirement tree (and its depth there).
READ_FIGURES = """
return Array.prototype.map.call(document.querySelectorAll('*'), function (e) {
  var data = {};
  Array.prototype.forEach.call(e.attributes, function (a) {
    if (a.name.indexOf('data-') === 0) data[a.name] = a.value;
  });
  return data;
}).filter(function (d) { return Object.keys(d).length > 0; });
"""


def number(text: str):
    return None if text == "" else float(text)


def tree(node: dict) -> list[tuple]:
    """A requirement tree in pre-order, as the page's data- attributes say it."""
    out = [
        (
            str(node["holds"]).lower(),
            float(node["progress"]),
            str(node.get("left_out", False)).lower(),
            node.get("value"),
            node.get("min"),
        )
    ]
    for child in node.get("children", []):
        out += tree(child)
    return out


def page_tree(elements: list[dict]) -> list[tuple]:
    return [
        (
            e["data-holds"],
            float(e["data-progress"]),
            e["data-left-out"],
            number(e.get("data-value", "")),
            number(e.get("data-min", "")),
        )
        for e in elements
        if "data-holds" in e
    ]


def with_course(portfolio: Path, unit: str, out: Path) -> Path:
    """The portfolio with a unit taken as the plan takes one: dated as_of, exempt."""
    p = json.loads(portfolio.read_text(encoding="utf-8"))
    p["achievements"].append({"unit": unit, "date": AS_OF, "exempt": True})
    out.write_text(json.dumps(p), encoding="utf-8")
    return out


def hours_of(portfolio, diploma: str):
    plans = as_json("advise", RULES, portfolio, "--diploma", diploma, "--as-of", AS_OF, "--top", "1")["plans"]
    return plans[0]["hours"] if plans else None


def compare(name: str, portfolio: Path, elements: list[dict], scratch: Path):
    rel = portfolio.relative_to(ROOT)
    e = as_json("explain", RULES, rel, "--as-of", AS_OF)
    # Trainings: counted, and each level.
    rows = [x for x in elements if "data-achievement" in x]
    check(
        len(rows) == len(e["achievements"]),
        f"{name}: {len(rows)} trainings, explain has {len(e['achievements'])}",
    )
    for x in rows:
        a = e["achievements"][int(x["data-achievement"])]
        check(
            x["data-counted"] == str(a["counted"]).lower(),
            f"{name}: training {x['data-achievement']} counted",
        )
    levels = [(x["data-scale"], x["data-level"]) for x in elements if "data-scale" in x]
    want = [
        (s, lv["level"] or "") for a in e["achievements"] if a["counted"] for s, lv in a["levels"].items()
    ]
    check(levels == want, f"{name}: levels {levels} != explain's {want}")
    # Credits: unit, via, date.
    credits = {x["data-unit"]: (x["data-via"], x["data-date"]) for x in elements if "data-unit" in x}
    want_credits = {u: (c["derivation"]["via"], c["derivation"]["date"]) for u, c in e["credited"].items()}
    check(credits == want_credits, f"{name}: credits differ from explain's")
    # Diplomas: status, progress, missing, hours to complete and the plan, the tree.
    for diploma, d in e["diplomas"].items():
        shown = [x for x in elements if x.get("data-diploma") == diploma and "data-status" in x]
        check(len(shown) == 2, f"{name}: diploma {diploma} shown {len(shown)} times (summary and article)")
        advised = as_json("advise", RULES, rel, "--diploma", diploma, "--as-of", AS_OF, "--top", "1")
        hours = advised["plans"][0]["hours"] if advised["plans"] else None
        for x in shown:
            check(x["data-status"] == d["status"], f"{name}: {diploma} status {x['data-status']}")
            check(
                float(x["data-progress"]) == d["progress"], f"{name}: {diploma} progress {x['data-progress']}"
            )
            check(number(x["data-hours-to-complete"]) == hours, f"{name}: {diploma} hours {x}")
            check(x["data-proven"] == str(advised["proven"]).lower(), f"{name}: {diploma} proven")
    missing = [x["data-missing"] for x in elements if "data-missing" in x]
    check(
        missing == [m for diploma in page_order(elements) for m in e["diplomas"][diploma]["missing"]],
        f"{name}: missing parts differ from explain's",
    )
    trees = page_tree(elements)
    want_trees = [
        n
        for diploma in page_order(elements)
        if e["diplomas"][diploma].get("requires")
        for n in tree(e["diplomas"][diploma]["requires"])
    ]
    check(trees == want_trees, f"{name}: the requirement trees differ from explain's")
    plan_units = [x["data-plan-unit"] for x in elements if "data-plan-unit" in x]
    want_units = []
    for diploma in page_order(elements):
        advised = as_json("advise", RULES, rel, "--diploma", diploma, "--as-of", AS_OF, "--top", "1")
        if advised["plans"] and advised["status"] != "complete":
            want_units += [u["unit"] for u in advised["plans"][0]["units"]]
    check(plan_units == want_units, f"{name}: plan units {plan_units} != advice's {want_units}")
    # What a course adds: each what-if against an eval and an advice with the course, and without.
    courses = 0
    for i, x in enumerate(elements):
        if "data-course-unit" not in x:
            continue
        courses += 1
        unit = x["data-course-unit"]
        taken = with_course(portfolio, unit, scratch / f"{name}-{unit}.json")
        after = as_json("eval", RULES, taken, "--as-of", AS_OF)
        diploma = next(y["data-courses-for"] for y in reversed(elements[:i]) if "data-courses-for" in y)
        before_hours = hours_of(rel, diploma)
        after_hours = hours_of(taken, diploma)
        check(
            before_hours is not None
            and after_hours is not None
            and float(x["data-hours-saved"]) == before_hours - after_hours,
            f"{name}: {unit} for {diploma}: saved {x['data-hours-saved']}, {before_hours} -> {after_hours}",
        )
        for y in elements[i + 1 :]:
            if "data-course-unit" in y or "data-courses-for" in y:
                break
            if "data-status-before" not in y:
                continue
            dd = y["data-diploma"]
            check(
                y["data-status-before"] == e["diplomas"][dd]["status"], f"{name}: {unit} {dd} status before"
            )
            check(
                y["data-status-after"] == after["diplomas"][dd]["status"], f"{name}: {unit} {dd} status after"
            )
            check(
                float(y["data-progress-after"]) == after["diplomas"][dd]["progress"],
                f"{name}: {unit} {dd} progress",
            )
            check(number(y["data-hours-after"]) == hours_of(taken, dd), f"{name}: {unit} {dd} hours after")
    return courses


def page_order(elements: list[dict]) -> list[str]:
    """The diplomas in the order of their articles (after the summary's rows)."""
    seen = [x["data-diploma"] for x in elements if "data-status" in x and "data-diploma" in x]
    return seen[len(seen) // 2 :]


def main() -> int:
    global CIVEFF
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--civeff", required=True)
    parser.add_argument("--screenshot-to", type=Path)
    args = parser.parse_args()
    CIVEFF = str(Path(args.civeff).absolute())
    out_dir = ROOT / "build" / "report"
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp()
    scratch = Path(tempfile.mkdtemp())
    d = browser(profile)
    try:
        for portfolio in personas():
            name = portfolio.stem
            page = out_dir / f"{name}.html"
            started = time.monotonic()
            civeff("report", RULES, portfolio.relative_to(ROOT), "--as-of", AS_OF, "--out", page)
            took = time.monotonic() - started
            d.get(page.as_uri())
            check(d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl", f"{name}: not Dutch")
            for section in SECTIONS:
                check(d.find_element(By.ID, section).is_displayed(), f"{name}: section {section} not shown")
            elements = d.execute_script(READ_FIGURES)
            courses = compare(name, portfolio, elements, scratch)
            d.save_screenshot(str(out_dir / f"report-{name}.png"))
            for entry in d.get_log("browser"):
                check(entry.get("level") not in ("WARNING", "SEVERE"), f"{name}: console {entry['message']}")
            pdf = out_dir / f"{name}.pdf"
            civeff(
                "report",
                RULES,
                portfolio.relative_to(ROOT),
                "--as-of",
                AS_OF,
                "--format",
                "pdf",
                "--out",
                pdf,
            )
            data = pdf.read_bytes()
            pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
            check(data.startswith(b"%PDF") and pages >= 1, f"{name}: the PDF has {pages} pages")
            print(
                f"  {name}: rendered in {took:.1f}s, {len(elements)} figures, {courses} courses, "
                f"PDF {pages} page(s)"
            )
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    if args.screenshot_to:
        args.screenshot_to.mkdir(parents=True, exist_ok=True)
        shutil.copy(out_dir / f"report-{SCREENSHOT}.png", args.screenshot_to / f"report-{SCREENSHOT}.png")
    print("report page:", "FAIL" if failures else "ok", f"({len(failures)} failures)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
