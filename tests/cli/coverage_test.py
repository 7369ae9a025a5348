#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`civeff coverage` (docs/language.md, "Coverage"): how often each rule fires.

    coverage_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    coverage_test.py --civeff build/bin/civeff --list   # the test names

Text, JSON and HTML; exit 0 also when rules never fire; bad arguments are E046
(exit 2); a bad population CSV is a precise diagnostic, exit 2, and no --out
file; the bundled sample population over rules/nl-zorg.
"""

import json
from pathlib import Path

from harness import exit_with, expect, expect_exit, run, write

ROOT = Path(__file__).resolve().parents[2]

RULES = """\
civeff: 1
ruleset: cov
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
marks:
  - id: nrto
    levels:
      civil_effect:
        - when: attrs.points >= 4
          level: sector
        - level: internal
units:
  - id: A
    kind: course
    credit_when: attrs.points >= 2
  - id: B
    kind: course
equivalences:
  - id: never-applies
    from: [B]
    counts_as: [A]
diplomas:
  - id: d
    requires:
      all_of:
        - unit: A
        - check: count_of(kind = "course") < 5
"""

POPULATION = """\
person,unit,date,marks,points
p1,A,2023-01-01,nrto,5
p2,A,2023-02-01,nrto,1
"""


def setup(d):
    """The rules and the population, named relative to `d` (the runs' folder)."""
    write(d, "rules.yaml", RULES)
    write(d, "pop.csv", POPULATION)
    return "rules.yaml", "pop.csv"


def test_coverage_text(d):
    rules, pop = setup(d)
    code, out, err = run("coverage", rules, pop, "--as-of", "2024-01-01", cwd=d)
    expect_exit((code, out, err), 0)
    lines = out.splitlines()
    expect(lines[0] == "cov 1, as of 2024-01-01: 2 persons, 2 achievements (2 counted)", "summary", out)
    expect(lines[1] == "7 rules, 1 never fires", "count line", out)
    expect(lines[2].split() == ["rule", "kind", "file", "line", "fired", "of"], "header", out)
    # The rule that never fires comes first, with where it is written.
    expect(
        lines[3].split() == ["equivalence:never-applies", "equivalence", "rules.yaml", "20", "0", "0"],
        "never fired first",
        out,
    )
    rows = {line.split()[0]: line.split()[-2:] for line in lines[3:]}
    expect(rows["mark:nrto/civil_effect/0"] == ["1", "2"], "case 0", out)
    expect(rows["mark:nrto/civil_effect/1"] == ["1", "2"], "case 1", out)
    expect(rows["unit:A/credit_when"] == ["1", "2"], "credit_when", out)
    expect(rows["diploma:d/all_of"] == ["1", "2"], "root", out)
    expect(all(line == line.rstrip() for line in lines), "no trailing blanks", out)


def test_coverage_json(d):
    rules, pop = setup(d)
    code, out, err = run("coverage", rules, pop, "--as-of", "2024-01-01", "--format", "json", cwd=d)
    expect_exit((code, out, err), 0)
    doc = json.loads(out)
    expect(doc["ruleset"] == "cov" and doc["as_of"] == "2024-01-01", "header keys", out)
    expect(
        (doc["persons"], doc["achievements"], doc["counted"], doc["never_fired"]) == (2, 2, 2, 1),
        "counts",
        out,
    )
    first = doc["rules"][0]
    expect(list(first) == ["rule", "kind", "file", "line", "fired", "of"], "row keys", out)
    expect(first["rule"] == "equivalence:never-applies" and first["fired"] == 0, "never fired first", out)
    check = next(r for r in doc["rules"] if r["kind"] == "requirement" and "count_of" in r["rule"])
    expect((check["fired"], check["of"]) == (2, 2), "check", out)
    # --out writes the same document to the file, nothing to stdout.
    code, out2, err = run(
        "coverage", rules, pop, "--as-of", "2024-01-01", "--format", "json", "--out", d / "cov.json", cwd=d
    )
    expect_exit((code, out2, err), 0)
    expect(out2 == "" and (d / "cov.json").read_text(encoding="utf-8") == out, "--out", out2)


def test_coverage_html(d):
    rules, pop = setup(d)
    page = d / "cov.html"
    code, out, err = run(
        "coverage", rules, pop, "--as-of", "2024-01-01", "--format", "html", "--out", page, cwd=d
    )
    expect_exit((code, out, err), 0)
    html = page.read_text(encoding="utf-8")
    expect(html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>"), "a page", html[:200])
    expect("count_of(kind = &quot;course&quot;) &lt; 5" in html, "texts escaped", html)
    expect('"course"' not in html and "< 5" not in html, "nothing unescaped", html)
    expect("http" not in html and "<script" not in html, "self-contained", html)
    expect(
        html.index("equivalence:never-applies") < html.index("mark:nrto/civil_effect/0"),
        "never fired first",
        html,
    )


def test_coverage_bad_arguments(d):
    rules, pop = setup(d)
    for args in (["--format", "xml"], ["--as-of", "01-11-2026"], ["--threads", "many"], ["--frobnicate"]):
        code, out, err = run("coverage", rules, pop, *args, cwd=d)
        expect_exit((code, out, err), 2)
        expect("error[E046]" in err, f"E046 for {args}", err)
    code, out, err = run("coverage", rules, cwd=d)
    expect_exit((code, out, err), 2)
    expect("error[E046]" in err, "E046 without a population", err)
    code, out, err = run("coverage", rules, d / "missing.csv", cwd=d)
    expect_exit((code, out, err), 2)
    expect("error[E040]" in err, "E040 for a missing population", err)


def test_coverage_bad_csv(d):
    rules, _ = setup(d)
    pop = write(d, "bad.csv", "person,unit,date\np1,A,2023-01-01\np2,A,2023-13-01\n")
    out_file = d / "cov.txt"
    code, out, err = run("coverage", rules, pop, "--out", out_file, cwd=d)
    expect_exit((code, out, err), 2)
    expect("bad.csv:3:" in err and "error[E044]" in err and "2023-13-01" in err, "a precise diagnostic", err)
    expect(not out_file.exists(), "no --out file", err)
    expect(not any(p.name.endswith(".tmp") for p in d.iterdir()), "no temporary file", list(d.iterdir()))
    # An existing --out is left as it was.
    out_file.write_text("before\n", encoding="utf-8")
    code, out, err = run("coverage", rules, pop, "--out", out_file, cwd=d)
    expect_exit((code, out, err), 2)
    expect(out_file.read_text(encoding="utf-8") == "before\n", "the old --out intact", err)


def test_coverage_refuses_to_overwrite_input(d):
    rules, pop = setup(d)
    code, out, err = run("coverage", rules, pop, "--out", pop, cwd=d)
    expect_exit((code, out, err), 2)
    expect("error[E047]" in err, "E047", err)
    expect((d / pop).read_text(encoding="utf-8") == POPULATION, "input intact", err)


def test_coverage_sample_population(d):
    code, out, err = run(
        "coverage",
        ROOT / "rules/nl-zorg",
        ROOT / "examples/population/sample.csv",
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
        cwd=d,
    )
    expect_exit((code, out, err), 0)
    doc = json.loads(out)
    expect(doc["persons"] > 0 and doc["rules"], "rules counted", out[:500])
    never = [r for r in doc["rules"] if r["fired"] == 0]
    expect(len(never) == doc["never_fired"], "never_fired counts the rows with fired 0", out[:500])
    expect(doc["rules"][: len(never)] == never, "never fired first", out[:500])
    expect(all(r["fired"] <= r["of"] for r in doc["rules"]), "fired never exceeds of", out[:500])
    expect(all(r["file"].endswith(".yaml") and r["line"] > 0 for r in doc["rules"]), "places", out[:500])


if __name__ == "__main__":
    exit_with(__doc__, globals())
