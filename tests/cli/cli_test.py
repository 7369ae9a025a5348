#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Exit codes and output formats of the civeff command line (SPEC §7).

    cli_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    cli_test.py --civeff build/bin/civeff --list   # the test names

Each test writes its inputs into a fresh temporary directory.
"""

import re
from pathlib import Path

from harness import SMALL_OVERLAY, SMALL_RULES, exit_with, expect, expect_exit, run, write

RULES = (
    SMALL_RULES
    + """\
tests:
  - name: A counts
    as_of: 2024-01-01
    portfolio:
      - {unit: A, date: 2023-05-01}
    expect:
      credited: [A]
      diplomas: {d: partial}
"""
)

FAILING_TEST = """\
  - name: B is credited
    as_of: 2024-01-01
    portfolio:
      - {unit: A, date: 2023-05-01}
    expect:
      credited: [B]
"""

OVERLAY = SMALL_OVERLAY

PORTFOLIO = """\
person: p-001
achievements:
  - unit: A
    date: 2023-05-01
    marks: [nrto, nrto2]
"""

POPULATION = """\
person,unit,date,marks
p2,X,2023-01-01,
p1,A,2023-05-01,nrto
"""


# ---------------------------------------------------------------- tests


def test_version(d):
    r = run("--version", cwd=d)
    expect_exit(r, 0)
    cmake = (Path(__file__).resolve().parents[2] / "CMakeLists.txt").read_text()
    version = re.search(r"project\(civeff\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)", cmake)
    expect(version is not None, "CMakeLists.txt has project(civeff VERSION X.Y.Z)")
    expect(r[1] == f"civeff {version[1]}\n", "--version prints `civeff X.Y.Z` of CMakeLists.txt", r[1])


def test_check_ok(d):
    write(d, "ruleset.yaml", RULES)
    r = run("check", "ruleset.yaml", cwd=d)
    expect_exit(r, 0)
    expect(
        r[1] == "ruleset.yaml: ok (1 scales, 1 marks, 2 units, 0 equivalences, 1 diplomas, 1 tests)\n",
        "summary line",
        r[1],
    )


def test_check_rule_error(d):
    write(d, "ruleset.yaml", RULES.replace("unit: A\n        - count", "unit: Z\n        - count"))
    r = run("check", "ruleset.yaml", cwd=d)
    expect_exit(r, 1)
    expect("ruleset.yaml:19:17: error[E020]:" in r[2], "E020 at the reference", r[2])


def test_eval_json(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "p.yaml", PORTFOLIO.replace(", nrto2", ""))
    r = run("eval", "ruleset.yaml", "p.yaml", "--as-of", "2024-01-01", cwd=d)
    expect_exit(r, 0)
    expect(r[1].startswith('{\n  "person": "p-001",\n  "as_of": "2024-01-01",\n'), "JSON of SPEC 6", r[1])
    expect(r[1].endswith("}\n"), "ends in a newline", r[1])


def test_eval_text(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "p.yaml", PORTFOLIO.replace(", nrto2", ""))
    r = run("eval", "ruleset.yaml", "p.yaml", "--as-of", "2024-01-01", "--format", "text", cwd=d)
    expect_exit(r, 0)
    expect("credited:\n  A 2023-05-01 via achievement\n" in r[1], "text rendering", r[1])


def test_eval_rule_error(d):
    write(d, "ruleset.yaml", "civeff: 2\nruleset: x\nversion: '1'\n")
    write(d, "p.yaml", PORTFOLIO)
    expect_exit(run("eval", "ruleset.yaml", "p.yaml", cwd=d), 1)


def test_unknown_mark(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "p.yaml", PORTFOLIO)
    r = run("eval", "ruleset.yaml", "p.yaml", "--as-of", "2024-01-01", cwd=d)
    expect_exit(r, 2)
    expect(
        r[2] == "p.yaml:5:19: error[E042]: unknown mark 'nrto2'; did you mean 'nrto'?\n",
        "E042 at the mark",
        r[2],
    )
    expect(r[1] == "", "nothing on stdout", r[1])


def test_missing_portfolio(d):
    write(d, "ruleset.yaml", RULES)
    r = run("eval", "ruleset.yaml", "nope.yaml", cwd=d)
    expect_exit(r, 2)
    expect("error[E040]:" in r[2], "E040", r[2])


def test_missing_ruleset(d):
    for command in (["check", "nope"], ["test", "nope"], ["graph", "nope"], ["eval", "nope", "p.yaml"]):
        r = run(*command, cwd=d)
        expect_exit(r, 2)
        expect(r[2].startswith("nope: error[E040]:"), f"E040 for {command}", r[2])


def test_missing_population(d):
    write(d, "ruleset.yaml", RULES)
    r = run("batch", "ruleset.yaml", "nope.csv", "--out", "out.csv", cwd=d)
    expect_exit(r, 2)
    expect(r[2] == "nope.csv: error[E040]: cannot read 'nope.csv': no such file\n", "E040", r[2])
    expect(not (d / "out.csv").exists(), "no output file")


def test_bad_as_of(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "p.yaml", PORTFOLIO)
    r = run("eval", "ruleset.yaml", "p.yaml", "--as-of", "01-11-2026", cwd=d)
    expect_exit(r, 2)
    expect(r[2] == "civeff: error[E046]: --as-of takes a date YYYY-MM-DD, not '01-11-2026'\n", "E046", r[2])
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-02-30", "--out", "out.csv", cwd=d)
    expect_exit(r, 2)
    expect(not (d / "out.csv").exists(), "no output file")


def test_bad_arguments(d):
    write(d, "ruleset.yaml", RULES)
    for args in (
        [],
        ["frobnicate"],
        ["check"],
        ["check", "ruleset.yaml", "--nope"],
        ["eval", "ruleset.yaml", "p.yaml", "--format", "xml"],
        ["batch", "ruleset.yaml", "pop.csv"],
        ["diff", "ruleset.yaml", "pop.csv"],
        ["batch", "ruleset.yaml", "pop.csv", "--threads", "x"],
    ):
        r = run(*args, cwd=d)
        expect_exit(r, 2)
        expect(r[2].startswith("civeff: error[E046]: "), f"E046 for {args}", r[2])


def test_malformed_csv_row(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "pop.csv", "person,date\np1,2023-05-01\np2,2023-05-01,extra\n")
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "out.csv", cwd=d)
    expect_exit(r, 2)
    expect(r[2] == "pop.csv:3:15: error[E043]: row has 3 cells, the header 2\n", "E043 with line:col", r[2])
    expect(not (d / "out.csv").exists(), "no output file after bad input")


def test_bad_csv_cell(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "pop.csv", "person,unit,date\np1,A,2023-13-01\n")
    write(d, "out.csv", "previous\n")
    r = run("batch", "ruleset.yaml", "pop.csv", "--out", "out.csv", cwd=d)
    expect_exit(r, 2)
    expect(
        r[2] == "pop.csv:2:6: error[E044]: '2023-13-01' is not a date (YYYY-MM-DD or D-M-YYYY)\n",
        "E044",
        r[2],
    )
    expect((d / "out.csv").read_text() == "previous\n", "an earlier output file stays as it was")


def test_batch(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "pop.csv", POPULATION)
    r = run(
        "batch",
        "ruleset.yaml",
        "pop.csv",
        "--as-of",
        "2024-01-01",
        "--out",
        "out.csv",
        "--threads",
        "2",
        cwd=d,
    )
    expect_exit(r, 0)
    out = (d / "out.csv").read_text()
    expect(
        out == "person,diploma,status,progress,missing\n"
        "p1,d,partial,0.75,count:2\n"
        "p2,d,none,0,unit:A;count:2\n",
        "batch CSV",
        out,
    )
    expect("complete" in r[1] and "partial" in r[1], "a summary on stdout", r[1])
    expect(r[2] == "", "nothing on stderr (no terminal: no progress bar)", r[2])
    expect([p.name for p in d.iterdir() if p.name.endswith(".tmp")] == [], "no temporary file left")


def test_diff(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "overlay.yaml", OVERLAY)
    write(d, "pop.csv", POPULATION)
    r = run(
        "diff",
        "ruleset.yaml",
        "pop.csv",
        "--overlay",
        "overlay.yaml",
        "--as-of",
        "2024-01-01",
        "--out",
        "changes.csv",
        cwd=d,
    )
    expect_exit(r, 0)
    expect("  changed rules: diploma:d\n" in r[1], "the changed rules", r[1])
    expect("  diploma  partial->complete  diploma:d     1       1  p1\n" in r[1], "summary by change", r[1])
    out = (d / "changes.csv").read_text()
    expect(
        out == "kind,person,subject,scale,unit,date,before,after,date_before,date_after,"
        "progress_before,progress_after,missing_before,missing_after,cause\n"
        "diploma,p1,d,,,,partial,complete,,,0.75,1,count:2,,diploma:d\n"
        "diploma,p2,d,,,,none,none,,,0,0,unit:A;count:2,unit:A;count:1,diploma:d\n",
        "changed rows (p2 stays none at 0, but its missing leaf is another)",
        out,
    )


def test_diff_against(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "other.yaml", RULES.replace("min: 2, of", "min: 1, of"))
    write(d, "pop.csv", POPULATION)
    r = run("diff", "ruleset.yaml", "pop.csv", "--against", "other.yaml", "--as-of", "2024-01-01", cwd=d)
    expect_exit(r, 0)
    expect("  diploma  partial->complete  diploma:d     1       1  p1\n" in r[1], "summary by change", r[1])


def test_test_closing_line(d):
    write(d, "ruleset.yaml", RULES)
    r = run("test", "ruleset.yaml", cwd=d)
    expect_exit(r, 0)
    expect(r[1] == "PASS A counts\n1 passed, 0 failed\n", "all pass", r[1])

    write(d, "ruleset.yaml", RULES + FAILING_TEST)
    r = run("test", "ruleset.yaml", cwd=d)
    expect_exit(r, 1)
    lines = r[1].splitlines()
    expect(lines[0] == "PASS A counts" and lines[1] == "FAIL B is credited", "PASS / FAIL lines", r[1])
    expect(
        lines[2].startswith("ruleset.yaml:29:") and "error[E060]:" in lines[2], "failure at the test", r[1]
    )
    expect(lines[-1] == "1 passed, 1 failed", "closing line", r[1])


def test_graph(d):
    write(d, "ruleset.yaml", RULES)
    r = run("graph", "ruleset.yaml", cwd=d)
    expect_exit(r, 0)
    expect("digraph" in r[1], "Graphviz dot", r[1])


if __name__ == "__main__":
    exit_with(__doc__, globals())
