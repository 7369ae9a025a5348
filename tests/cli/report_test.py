#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`civeff report` (docs/report.md): the person's page, its options and its errors.

    report_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    report_test.py --civeff build/bin/civeff --list   # the test names

- The page is Dutch for a `language: nl` ruleset, English with `--lang en`; HTML by
  default, Markdown with `--format md`; the same inputs give the same bytes.
- Its words: a stack's route ("LE-a en LE-b samen gelden als keuzedeel K0618"),
  what a diploma misses, the cheapest plan; its `data-` figures are the explain
  and advice JSON's; its `civeff eval` command names the files given.
- `--format pdf` runs a Chromium (a stand-in here: CIVEFF_CHROMIUM): its PDF is
  written; a missing one is E084, a failing one E085, and --out is left alone.
- Errors: --out that is an input (E047), a missing portfolio (E040), a bad --lang
  or --format (E046) are exit 2; broken rules exit 1.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import harness
from harness import exit_with, expect, expect_exit, run, write

REPO = Path(__file__).resolve().parents[2]
NL_ZORG = REPO / "rules" / "nl-zorg"
PERSONA = REPO / "examples" / "portfolios" / "helpende-naar-vig.json"
AS_OF = "2026-11-01"

RULES = """\
civeff: 1
ruleset: stapel
version: "3"
language: {language}
attributes:
  points: {{type: number, title: Accreditatiepunten}}
scales:
  civil_effect: {{title: Civiel effect, levels: [none, internal, sector, national]}}
marks:
  - id: vv
    name: Kwaliteitsregister V&V
    valid_for: P5Y
    levels:
      civil_effect:
        - {{when: attrs.points >= 4, level: sector}}
        - level: internal
    source: https://example.org/vv
  - id: mbo-certificaat
    levels: {{civil_effect: national}}
units:
  - {{id: LE-a, kind: leereenheid, title: Wondzorg deel 1, hours: 40, source: https://example.org/le}}
  - {{id: LE-b, kind: leereenheid, title: Wondzorg deel 2, hours: 60, source: https://example.org/le}}
  - {{id: K0618, kind: keuzedeel, title: Wondzorg, hours: 240}}
  - {{id: B1-K1, kind: kerntaak, title: Zorg bieden, hours: 400}}
equivalences:
  - id: eq-wondzorg
    from: [LE-a, LE-b]
    counts_as: [K0618]
diplomas:
  - id: d1
    title: Helpende
    requires:
      all_of:
        - unit: B1-K1
        - {{id: keuzedelen, title: Keuzedelen, hours: {{min: 240, of: {{kind: keuzedeel}}}}}}
"""

PORTFOLIO = {
    "person": "p-001",
    "achievements": [
        {"unit": "LE-a", "title": "Wondzorg 1", "date": "2024-03-01", "marks": ["mbo-certificaat"]},
        {"unit": "LE-b", "title": "Wondzorg 2", "date": "2024-06-01", "marks": ["mbo-certificaat"]},
        {"title": "Scholing V&V", "date": "2024-09-01", "marks": ["vv"], "attrs": {"points": 5}},
    ],
}


def inputs(d: Path, language: str = "nl") -> tuple[Path, Path]:
    write(d, "rules/ruleset.yaml", RULES.format(language=language))
    return d / "rules", write(d, "p.json", json.dumps(PORTFOLIO))


def report(d: Path, *args) -> str:
    out = d / "page.out"
    expect_exit(run("report", *args, "--out", out, cwd=d), 0)
    return out.read_text(encoding="utf-8")


def with_chromium(d: Path, script: str, *args) -> subprocess.CompletedProcess:
    """`civeff report ARGS` with CIVEFF_CHROMIUM set to a shell script standing in for Chromium."""
    fake = write(d, "fake-chromium", "#!/bin/sh\n" + script)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "CIVEFF_CHROMIUM": str(fake)}
    return subprocess.run([harness.CIVEFF, "report", *map(str, args)], cwd=d, env=env, capture_output=True)


# A stand-in that writes a PDF-looking file to --print-to-pdf=PATH, as Chromium would.
PRINTS = """\
for a in "$@"; do
  case "$a" in
    --print-to-pdf=*) printf '%%PDF-1.4 stand-in\\n/Type /Page\\n' > "${a#--print-to-pdf=}" ;;
  esac
done
"""


class Figures(HTMLParser):
    """Every element's data- attributes, in document order."""

    def __init__(self):
        super().__init__()
        self.elements: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        data = {k: v or "" for k, v in attrs if k.startswith("data-")}
        if data:
            self.elements.append(data)


def figures(page: str) -> list[dict[str, str]]:
    parser = Figures()
    parser.feed(page)
    return parser.elements


def test_report_dutch_html_by_default(d):
    rules, portfolio = inputs(d)
    page = report(d, rules, portfolio, "--as-of", AS_OF)
    expect(page.startswith('<!doctype html>\n<html lang="nl">'), "a Dutch HTML page", page[:200])
    for words in (
        "Verklaring civiel effect",
        ">Scholingen<",
        ">Waarvoor de scholingen tellen<",
        ">Diploma&#39;s<",
        ">Wat levert een cursus op?<",
        ">Bronnen<",
        "LE-a en LE-b samen gelden als keuzedeel K0618",
        "keurmerk Kwaliteitsregister V&amp;V, bij minstens 4 accreditatiepunten",
        "geldig tot 1 september 2029",
        "kerntaak B1-K1 (Zorg bieden)",
        "Goedkoopste plan: 400 uur",
        'href="https://example.org/le"',
    ):
        expect(words in page, f"the page lacks {words!r}")
    expect("<script" not in page, "the page has a script")
    expect(
        not re.search(r"(src|href)=\"(?!#|https://example\.org)", page), "the page loads or links elsewhere"
    )
    expect(report(d, rules, portfolio, "--as-of", AS_OF) == page, "two runs give different pages")


def test_report_english_and_markdown(d):
    rules, portfolio = inputs(d)
    page = report(d, rules, portfolio, "--as-of", AS_OF, "--lang", "en")
    expect('<html lang="en">' in page and "Civil effect statement" in page, "--lang en", page[:300])
    expect("LE-a and LE-b together count as keuzedeel K0618" in page, "the English route", page)
    md = report(d, rules, portfolio, "--as-of", AS_OF, "--format", "md")
    expect(md.startswith("# Verklaring civiel effect: p-001\n"), "Markdown heading", md[:200])
    expect("LE-a en LE-b samen gelden als keuzedeel K0618" in md, "the Markdown route", md)
    expect("<details><summary>De eisen in detail</summary>" in md, "the Markdown tree", md)
    rules_en, _ = inputs(d / "en", "en")
    expect('<html lang="en">' in report(d, rules_en, portfolio, "--as-of", AS_OF), "language: en")


def test_report_eval_command_and_hashes(d):
    rules, portfolio = inputs(d)
    page = report(d, rules, portfolio, "--as-of", AS_OF, "--person", "p-002")
    command = re.search(r"<code data-command>([^<]*)</code>", page).group(1)
    expect(
        command == f"civeff eval {rules} {portfolio} --as-of {AS_OF} --person p-002 --format json",
        "the eval command",
        command,
    )
    expect('data-person="p-002"' in page, "--person names the page's person")
    hashes = re.findall(r'data-(rules|portfolio)-sha256="([0-9a-f]{64})"', page)
    expect(len(hashes) == 2, "two SHA-256 hashes", hashes)
    # The same portfolio in YAML has the same hash: it is of the portfolio as read.
    yaml = write(
        d,
        "p.yaml",
        "person: p-001\nachievements:\n"
        + "".join(f"  - {json.dumps(a)}\n" for a in PORTFOLIO["achievements"]),
    )
    again = report(d, rules, yaml, "--as-of", AS_OF, "--person", "p-002")
    expect(re.findall(r'data-(rules|portfolio)-sha256="([0-9a-f]{64})"', again) == hashes, "the hash of YAML")


def test_report_figures_are_explain_and_advice(d):  # ctest-timeout: 600
    out = d / "page.html"
    expect_exit(run("report", NL_ZORG, PERSONA, "--as-of", AS_OF, "--out", out, cwd=REPO), 0)
    elements = figures(out.read_text(encoding="utf-8"))
    code, explained, err = run("explain", NL_ZORG, PERSONA, "--as-of", AS_OF, "--format", "json", cwd=REPO)
    expect(code == 0, "civeff explain", err)
    e = json.loads(explained)
    for el in elements:
        if "data-achievement" in el:
            a = e["achievements"][int(el["data-achievement"])]
            expect(el["data-counted"] == str(a["counted"]).lower(), "counted", el, a)
    levels = [(el["data-scale"], el["data-level"]) for el in elements if "data-scale" in el]
    expected = [
        (scale, lv["level"] or "")
        for a in e["achievements"]
        if a["counted"]
        for scale, lv in a["levels"].items()
    ]
    expect(levels == expected, "the levels differ from the explanation", levels, expected)
    credits = {el["data-unit"]: (el["data-via"], el["data-date"]) for el in elements if "data-unit" in el}
    expect(
        credits == {u: (c["derivation"]["via"], c["derivation"]["date"]) for u, c in e["credited"].items()},
        "the credits differ",
    )
    for el in elements:
        if "data-status" in el and "data-diploma" in el:
            d_json = e["diplomas"][el["data-diploma"]]
            expect(el["data-status"] == d_json["status"], "status", el)
            expect(float(el["data-progress"]) == d_json["progress"], "progress", el)
    # Hours to complete: the advice's first plan for every diploma.
    for diploma in sorted(e["diplomas"]):
        code, advised, err = run(
            "advise",
            NL_ZORG,
            PERSONA,
            "--diploma",
            diploma,
            "--as-of",
            AS_OF,
            "--top",
            "1",
            "--format",
            "json",
            cwd=REPO,
        )
        expect(code == 0, "civeff advise", err)
        plans = json.loads(advised)["plans"]
        hours = [
            el["data-hours-to-complete"]
            for el in elements
            if el.get("data-diploma") == diploma and "data-hours-to-complete" in el
        ]
        expect(
            hours and all((float(h) if h else None) == (plans[0]["hours"] if plans else None) for h in hours),
            f"hours to complete of {diploma}",
            hours,
            plans[:1],
        )


def test_report_pdf_through_chromium(d):
    rules, portfolio = inputs(d)
    r = with_chromium(d, PRINTS, rules, portfolio, "--as-of", AS_OF, "--format", "pdf", "--out", "p.pdf")
    expect(r.returncode == 0, f"exit {r.returncode}", r.stderr.decode())
    expect((d / "p.pdf").read_bytes().startswith(b"%PDF"), "no PDF written")
    # The stand-in got a page to print: the same HTML the command writes.
    r = with_chromium(
        d, "echo 'no display' >&2; exit 3\n", rules, portfolio, "--format", "pdf", "--out", "p.pdf"
    )
    expect(r.returncode == 2 and b"error[E085]" in r.stderr and b"no display" in r.stderr, "E085", r.stderr)
    expect((d / "p.pdf").read_bytes().startswith(b"%PDF-1.4 stand-in"), "a failed print replaced --out")
    r = with_chromium(d, "exit 0\n", rules, portfolio, "--format", "pdf", "--out", "q.pdf")
    expect(r.returncode == 2 and b"error[E085]" in r.stderr, "no PDF written: E085", r.stderr)
    expect(not (d / "q.pdf").exists(), "an output without a PDF")


def test_report_pdf_without_chromium(d):
    rules, portfolio = inputs(d)
    env = {**os.environ, "CIVEFF_CHROMIUM": str(d / "no-such-chromium")}
    r = subprocess.run(
        [harness.CIVEFF, "report", rules, portfolio, "--format", "pdf", "--out", "p.pdf"],
        cwd=d,
        env=env,
        capture_output=True,
    )
    expect(r.returncode == 2 and b"error[E084]" in r.stderr, f"exit {r.returncode}", r.stderr)
    env = {k: v for k, v in os.environ.items() if k != "CIVEFF_CHROMIUM"} | {"PATH": str(d)}
    r = subprocess.run(
        [harness.CIVEFF, "report", rules, portfolio, "--format", "pdf", "--out", "p.pdf"],
        cwd=d,
        env=env,
        capture_output=True,
    )
    expect(
        r.returncode == 2 and b"error[E084]" in r.stderr and b"apt-get install chromium" in r.stderr,
        f"no chromium on PATH: exit {r.returncode}",
        r.stderr,
    )
    expect(not (d / "p.pdf").exists(), "an output without a PDF")


def test_report_errors(d):
    rules, portfolio = inputs(d)
    before = portfolio.read_bytes()
    code, out, err = run("report", rules, portfolio, "--out", portfolio, cwd=d)
    expect_exit((code, out, err), 2)
    expect("error[E047]" in err and portfolio.read_bytes() == before, "E047, the portfolio kept", err)
    code, out, err = run("report", rules, "missing.json", "--out", "x.html", cwd=d)
    expect(code == 2 and "error[E040]" in err, "a missing portfolio: E040", err)
    code, out, err = run("report", rules, portfolio, "--lang", "fr", "--out", "x.html", cwd=d)
    expect(code == 2 and "error[E046]" in err, "--lang fr: E046", err)
    code, out, err = run("report", rules, portfolio, "--format", "docx", "--out", "x.html", cwd=d)
    expect(code == 2 and "error[E046]" in err, "--format docx: E046", err)
    code, out, err = run("report", rules, portfolio, cwd=d)
    expect(code == 2 and "--out" in err, "no --out", err)
    write(
        d,
        "broken/ruleset.yaml",
        "civeff: 1\nruleset: x\nversion: '1'\nunits:\n  - {id: A, kind: course, titel: A}\n",
    )
    code, out, err = run("report", d / "broken", portfolio, "--out", "x.html", cwd=d)
    expect(code == 1 and "error[E004]" in err, "broken rules: exit 1", err)
    expect(not (d / "x.html").exists(), "a page was written")


def test_report_to_standard_output(d):
    rules, portfolio = inputs(d)
    code, out, err = run("report", rules, portfolio, "--as-of", AS_OF, "--format", "md", "--out", "-", cwd=d)
    expect(
        code == 0 and out == report(d, rules, portfolio, "--as-of", AS_OF, "--format", "md"), "--out -", err
    )


exit_with(__doc__, globals())
