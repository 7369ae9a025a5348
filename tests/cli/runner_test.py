#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The test runner for regression work: `civeff test` with diploma pins
(progress, missing), test overlays, --filter, --quiet, --junit and --format
json, and snapshots (`civeff snapshot`, `civeff test --snapshot`).

    runner_test.py --civeff build/bin/civeff NAME

JUnit XML is checked with the standard library here; the Python suite
(bindings/python/tests/test_cli_junit.py) parses it with junitparser as well.
"""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from harness import SMALL_OVERLAY, SMALL_RULES, exit_with, expect, run, sarif_validator, write

REPO = Path(__file__).resolve().parents[2]
NL_ZORG = REPO / "rules" / "nl-zorg"

# One unit of two: partial at 0.75 (A and half of `count: 2`), `count:2` missing.
TESTS = """\
tests:
  - name: pins hold
    as_of: 2024-01-01
    portfolio:
      - {unit: A, date: 2023-05-01}
    expect:
      diplomas: {d: {status: partial, progress: 0.75, missing: ["count:2"]}}
  - name: wrong progress pin
    as_of: 2024-01-01
    portfolio:
      - {unit: A, date: 2023-05-01}
    expect:
      diplomas: {d: {progress: 0.7}}
  - name: one course is enough with the overlay
    overlay: one-course.yaml
    as_of: 2024-01-01
    portfolio:
      - {unit: A, date: 2023-05-01}
    expect:
      diplomas: {d: {status: complete, progress: 1, missing: []}}
"""


def small(d):
    write(d, "one-course.yaml", SMALL_OVERLAY)
    write(d, "rules.yaml", SMALL_RULES + TESTS)
    return "rules.yaml"


def test_runner_progress_pin(d):
    code, out, _ = run("test", small(d), cwd=d)
    expect(code == 1, f"exit {code}, expected 1", out)
    expect("PASS pins hold" in out, "the right pins pass", out)
    expect("PASS one course is enough with the overlay" in out, "the overlay test passes", out)
    expect(
        "rules.yaml:28:5: error[E060]: diploma 'd': expected progress 0.7, got 0.75" in out,
        "the wrong progress pin fails at the test",
        out,
    )
    expect(out.endswith("2 passed, 1 failed\n"), "closing line", out)


def test_runner_progress_rounds_to_4_decimals(d):
    small(d)
    for pin, holds in [("0.74996", True), ("0.75004", True), ("0.7506", False)]:
        write(d, "rules.yaml", SMALL_RULES + TESTS.replace("progress: 0.75", "progress: " + pin))
        code, out, _ = run("test", "rules.yaml", "--filter", "pins", cwd=d)
        expect((code == 0) == holds, f"progress {pin} against 0.75: exit {code}", out)
    write(
        d, "rules.yaml", SMALL_RULES + TESTS.replace('missing: ["count:2"]', 'missing: ["unit:A", "count:2"]')
    )
    code, out, _ = run("test", "rules.yaml", "--filter", "pins", cwd=d)
    expect(code == 1 and "expected missing [unit:A, count:2], got [count:2]" in out, "missing is exact", out)


def test_runner_filter_and_quiet(d):
    rules = small(d)
    code, out, _ = run("test", rules, "--filter", "pins", cwd=d)
    expect(code == 0 and out == "PASS pins hold\n1 passed, 0 failed\n", "only the matching test runs", out)
    code, out, _ = run("test", rules, "--filter", "Pins", cwd=d)
    expect(code == 2, "the filter is case-sensitive: no test matches", out)
    code, out, _ = run("test", rules, "--quiet", cwd=d)
    expect(code == 1 and "PASS" not in out, "--quiet leaves out the passing tests", out)
    expect(
        out.startswith("FAIL wrong progress pin\n") and out.endswith("2 passed, 1 failed\n"), "failures", out
    )


def test_runner_json(d):
    code, out, _ = run("test", small(d), "--format", "json", cwd=d)
    expect(code == 1, "a failing test is exit 1 in JSON too", out)
    doc = json.loads(out)
    expect(doc["passed"] == 2 and doc["failed"] == 1, "counts", doc)
    first, second = doc["tests"][0], doc["tests"][1]
    expect(
        first == {"name": "pins hold", "file": "rules.yaml", "line": 22, "passed": True, "failures": []},
        "",
        first,
    )
    expect(second["failures"] == ["diploma 'd': expected progress 0.7, got 0.75"], "failures", second)


def test_runner_sarif(d):
    code, out, _ = run("test", small(d), "--format", "sarif", cwd=d)
    expect(code == 1, "a failing test is exit 1", out)
    log = json.loads(out)
    expect(log["version"] == "2.1.0", "SARIF 2.1.0", out)
    results = log["runs"][0]["results"]
    expect(len(results) == 1 and results[0]["ruleId"] == "E060", "one result per unmet expectation", out)
    expect(
        results[0]["message"]["text"]
        == "test 'wrong progress pin': diploma 'd': expected progress 0.7, got 0.75",
        "the message names the test",
        out,
    )
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    expect(region["startLine"] == 28, "at the test", out)
    problems = [e.message for e in sarif_validator().iter_errors(log)]
    expect(not problems, "the log validates against the OASIS SARIF 2.1.0 schema", *problems[:5])


def test_runner_sarif_nl_zorg(d):
    # The bundled ruleset's 259 tests pass: a valid log without results.
    code, out, _ = run("test", NL_ZORG, "--format", "sarif", cwd=d)
    expect(code == 0, "nl-zorg's tests pass", out[:2000])
    log = json.loads(out)
    problems = [e.message for e in sarif_validator().iter_errors(log)]
    expect(not problems, "the log validates against the OASIS SARIF 2.1.0 schema", *problems[:5])
    expect(log["runs"][0]["results"] == [], "no results when every test passes", out[:2000])


def test_runner_overlay_ignores_command_overlays(d):
    # A test's own overlay applies to the ruleset as its files define it: `--overlay`
    # of the command does not apply to it (here the same file again would be E024,
    # unit B being removed already).
    write(d, "one-course.yaml", SMALL_OVERLAY + "remove:\n  units: [B]\n")
    overlay_test = "tests:\n" + TESTS[TESTS.index("  - name: one course is enough") :]
    write(d, "rules.yaml", SMALL_RULES + overlay_test)
    code, out, err = run("test", "rules.yaml", "--overlay", "one-course.yaml", cwd=d)
    expect(code == 0 and out.endswith("1 passed, 0 failed\n"), "the overlay is applied once", out, err)
    code, out, err = run("check", "rules.yaml", "--overlay", "one-course.yaml", cwd=d)
    expect(code == 0, "check with that overlay is clean too", out, err)


def test_runner_junit(d):
    code, out, _ = run("test", small(d), "--junit", "r.xml", "--quiet", cwd=d)
    expect(code == 1, "exit 1", out)
    root = ET.parse(d / "r.xml").getroot()
    suite = root.find("testsuite")
    expect(suite is not None and suite.get("tests") == "3" and suite.get("failures") == "1", "counts", out)
    cases = suite.findall("testcase")
    expect(
        [c.get("name") for c in cases]
        == ["pins hold", "wrong progress pin", "one course is enough with the overlay"],
        "one testcase per test",
        out,
    )
    expect(all(c.get("classname") == "rules.yaml" for c in cases), "classname is the file", out)
    failure = cases[1].find("failure")
    expect(
        failure is not None and "expected progress 0.7, got 0.75" in failure.get("message"), "failure", out
    )
    expect(not list(d.glob(".r.xml.civeff-*")), "no temporary file is left")
    try:
        import junitparser  # the Python suite's test dependency; optional here
    except ImportError:
        return
    xml = junitparser.JUnitXml.fromfile(str(d / "r.xml"))
    names = [case.name for s in xml for case in s]
    expect(len(names) == 3, "junitparser reads three cases", names)


def test_runner_junit_nl_zorg(d):
    code, out, _ = run("test", NL_ZORG, "--junit", d / "r.xml", "--quiet", cwd=d)
    expect(code == 0, "the nl-zorg tests pass", out)
    m = re.fullmatch(r"(\d+) passed, 0 failed\n", out)
    expect(m is not None, "quiet prints the closing line only", out)
    suite = ET.parse(d / "r.xml").getroot().find("testsuite")
    expect(
        suite.get("tests") == m.group(1) and len(suite.findall("testcase")) == int(m.group(1)), "counts", out
    )


def test_runner_bad_pins(d):
    rules = SMALL_RULES + TESTS.replace("progress: 0.75", "progress: 1.5").replace(
        '"count:2"]', '"count:3"]'
    ).replace("one-course.yaml", "gone.yaml")
    write(d, "rules.yaml", rules)
    code, _, err = run("check", "rules.yaml", cwd=d)
    expect(code == 1, "exit 1", err)
    for line in [
        "rules.yaml:27:49: error[E061]: `progress` is a fraction from 0 to 1, not 1.5",
        "rules.yaml:27:65: error[E061]: 'count:3' is not a requirement of diploma 'd', so it cannot be "
        "missing (its requirements: 'unit:A', 'count:2')",
        "rules.yaml:35:14: error[E062]: the test's overlay 'gone.yaml' is not a file "
        "(looked for 'gone.yaml')",
    ]:
        expect(line in err, f"missing: {line}", err)


def test_runner_overlay_test_diagnostics(d):
    write(d, "one-course.yaml", SMALL_OVERLAY + "remove:\n  units: [Z]\n")
    write(d, "rules.yaml", SMALL_RULES + TESTS)
    code, _, err = run("check", "rules.yaml", cwd=d)
    expect(code == 1, "a broken test overlay is a rule error", err)
    expect("one-course.yaml:10:11: error[E024]: cannot remove unit 'Z'" in err, "the overlay's error", err)
    expect("rules.yaml:35:14: note: with the overlay 'one-course.yaml' of this test" in err, "and where", err)


POPULATION = """\
person,unit,date,marks
p1,A,2023-05-01,nrto
p2,A,2023-05-01,
p2,B,2023-06-01,nrto
"""


def snapshot_setup(d):
    rules = write(d, "rules.yaml", SMALL_RULES)
    pop = write(d, "pop.csv", POPULATION)
    code, out, err = run("snapshot", rules, pop, "--as-of", "2024-01-01", "--out", "snap.csv", cwd=d)
    expect(code == 0, "snapshot", out, err)
    return rules, pop


def test_snapshot_unchanged(d):
    rules, pop = snapshot_setup(d)
    text = (d / "snap.csv").read_text()
    lines = text.splitlines()
    expect(
        re.fullmatch(r"# civeff snapshot as_of=2024-01-01 population=[0-9a-f]{64}", lines[0]) is not None,
        "header",
        text,
    )
    expect(
        lines[2] == "kind,person,subject,scale,unit,date,value,value_date,progress,missing,rules", "csv", text
    )
    expect("diploma,p1,d,,,,partial,,0.75,count:2," in text, "a diploma row", text)
    expect(
        "level,p1,0,civil_effect,A,2023-05-01,sector,,,,mark:nrto;scale:civil_effect" in text,
        "a level row",
        text,
    )
    code, out, _ = run("test", rules, "--snapshot", "snap.csv", "--population", pop, cwd=d)
    expect(code == 0 and out.endswith(" passed, 0 failed\n"), "nothing moved", out)


def test_snapshot_catches_a_rule_change(d):
    rules, pop = snapshot_setup(d)
    # One line: the mark's level.
    write(d, "rules.yaml", SMALL_RULES.replace("civil_effect: sector}", "civil_effect: national}"))
    code, out, _ = run("test", rules, "--snapshot", "snap.csv", "--population", pop, cwd=d)
    expect(code == 1, f"exit {code}, expected 1", out)
    moved = [line for line in out.splitlines() if "error[E065]" in line]
    expect(len(moved) == 2, "two level rows moved", out)
    expect(
        re.fullmatch(
            r"snap\.csv:\d+:1: error\[E065\]: level p1 #0 civil_effect \(A 2023-05-01\) moved: "
            r"sector -> national; cause: mark:nrto",
            moved[0],
        )
        is not None,
        "names the row and the changed rule",
        out,
    )
    expect(out.endswith(" passed, 2 failed\n"), "closing line", out)
    # --update takes the new outcomes; then nothing moves.
    code, out, _ = run("test", rules, "--snapshot", "snap.csv", "--population", pop, "--update", cwd=d)
    expect(code == 0 and "updated" in out, "update", out)
    code, out, _ = run("test", rules, "--snapshot", "snap.csv", "--population", pop, cwd=d)
    expect(code == 0, "after --update nothing moved", out)


def test_snapshot_population_hash(d):
    rules, pop = snapshot_setup(d)
    write(d, "pop.csv", POPULATION + "p3,A,2023-05-01,\n")
    code, out, err = run("test", rules, "--snapshot", "snap.csv", "--population", pop, cwd=d)
    expect(code == 2, f"exit {code}, expected 2", out, err)
    expect(err.startswith("snap.csv:1:1: error[E064]: the population"), "E064", err)


def test_snapshot_malformed(d):
    rules = write(d, "rules.yaml", SMALL_RULES)
    pop = write(d, "pop.csv", POPULATION)
    write(d, "snap.csv", "# civeff snapshot as_of=2024-02-30 population=00\n")
    code, _, err = run("test", rules, "--snapshot", "snap.csv", "--population", pop, cwd=d)
    expect(code == 2 and "snap.csv:1:19: error[E063]: expected `as_of=YYYY-MM-DD` here" in err, "E063", err)


if __name__ == "__main__":
    exit_with(__doc__, globals())
