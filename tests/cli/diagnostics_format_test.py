#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Diagnostics for people and for machines (docs/language.md, section 20): the
text line every golden case prints matches the documented regex, `check --format
json|sarif` (SARIF validated against the OASIS schema in tests/data), first cause
first with `--all`, and "did you mean" for unknown names.

    diagnostics_format_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    diagnostics_format_test.py --civeff build/bin/civeff --list   # the test names
"""

import json
import re
import shutil
from pathlib import Path

from harness import SMALL_RULES, exit_with, expect, expect_exit, run, sarif_validator, write

REPO = Path(__file__).resolve().parents[2]

# The regex of docs/language.md, section 20, for a diagnostic with a position.
DIAGNOSTIC = re.compile(r"^(.+):(\d+):(\d+): (error|warning|note)\[([EW]\d{3})\]: (.*)$")
# The other lines civeff writes on stderr, also as that section lists them.
NOTE = re.compile(r"^(.+):(\d+):(\d+): note: (.*)$")
NO_POSITION = re.compile(r"^(.+?): (error|warning)\[([EW]\d{3})\]: (.*)$")
SUMMARY = re.compile(r"^.+: \d+ errors?$")
FURTHER = re.compile(r"^\d+ further errors? follows? from these \(`--all` shows them\)$")

# SMALL_RULES with the units in a file of their own that does not parse, and a
# diploma and a test that name them.
BROKEN_UNITS = """\
units:
  - id: A
    kind: course
   hours: 10
  - id: B
    kind: course
"""


def split_units(d: Path, units: str) -> None:
    root = SMALL_RULES.replace(
        "units:\n  - id: A\n    kind: course\n    hours: 10\n  - id: B\n    kind: course\n",
        "include: [units.yaml]\n",
    )
    write(
        d, "ruleset.yaml", root + "tests:\n  - name: t\n    as_of: 2024-01-01\n    expect: {credited: [A]}\n"
    )
    write(d, "units.yaml", units)


def classify(line: str) -> str:
    for name, pattern in (
        ("diagnostic", DIAGNOSTIC),
        ("note", NOTE),
        ("no position", NO_POSITION),
        ("summary", SUMMARY),
        ("further", FURTHER),
    ):
        if pattern.match(line):
            return name
    return "other"


def test_golden_diagnostics_match_the_regex(d):
    seen = 0
    for err in sorted((REPO / "tests" / "golden").glob("*/*/expected.err")):
        for line in err.read_text(encoding="utf-8").splitlines():
            kind = classify(line)
            expect(kind != "other", f"{err}: a line the documented patterns do not cover", line)
            if re.match(r"^.+:\d+:\d+: (error|warning)", line):
                expect(kind == "diagnostic", f"{err}: a positioned diagnostic the regex misses", line)
                seen += 1
    expect(seen >= 10, f"only {seen} positioned diagnostics in the golden cases")


def test_check_text_matches_the_regex(d):
    split_units(d, BROKEN_UNITS)
    r = run("check", ".", "--all", cwd=d)
    expect_exit(r, 1)
    for line in r[2].splitlines():
        expect(classify(line) != "other", "a line the documented patterns do not cover", line)


def test_check_first_cause_first(d):
    split_units(d, BROKEN_UNITS)
    r = run("check", ".", cwd=d)
    expect_exit(r, 1)
    lines = r[2].splitlines()
    expect(lines[0].startswith("units.yaml:4:") and "error[E002]" in lines[0], "the parse error first", r[2])
    expect(lines[-2] == ".: 1 error", "the count of the errors shown", r[2])
    expect(FURTHER.match(lines[-1]), "the further errors last", r[2])
    expect(len(lines) == 3, "nothing else", r[2])
    everything = run("check", ".", "--all", cwd=d)
    expect_exit(everything, 1)
    expect("unknown unit 'A'" in everything[2], "--all shows what follows", everything[2])
    expect("further error" not in everything[2], "and no further-errors line", everything[2])


def test_check_entry_without_id_hides_its_references(d):
    write(
        d, "ruleset.yaml", SMALL_RULES.replace("  - id: A\n    kind: course", "  - idd: A\n    kind: course")
    )
    r = run("check", "ruleset.yaml", cwd=d)
    expect_exit(r, 1)
    expect("unknown key `idd`" in r[2] and "needs `id`" in r[2], "the entry's own errors", r[2])
    expect("unknown unit 'A'" not in r[2], "not the reference to it", r[2])
    expect(r[2].endswith("1 further error follows from these (`--all` shows them)\n"), "counted", r[2])


def test_check_a_real_typo_is_still_shown(d):
    # A name that no failed definition holds is a cause of its own.
    split_units(d, BROKEN_UNITS)
    write(d, "ruleset.yaml", (d / "ruleset.yaml").read_text().replace("credited: [A]", "credited: [Q9]"))
    r = run("check", ".", cwd=d)
    expect("unknown unit 'Q9'" in r[2], "an unrelated unknown name", r[2])


def test_nl_zorg_indentation_slip(d):
    # One line indented one space too far in a copy of rules/nl-zorg: the cause
    # comes first and the follow-on errors are counted, not printed.
    rules = d / "nl-zorg"
    shutil.copytree(REPO / "rules" / "nl-zorg", rules)
    units = rules / "leereenheden.yaml"
    text = units.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(text) if line.startswith("    kind:"))
    text[at] = " " + text[at]
    units.write_text("".join(text), encoding="utf-8")
    everything = run("check", "nl-zorg", "--all", cwd=d)
    expect_exit(everything, 1)
    r = run("check", "nl-zorg", cwd=d)
    expect_exit(r, 1)
    lines = r[2].splitlines()
    expect("error[E002]" in lines[0] and "leereenheden.yaml" in lines[0], "the cause first", r[2])
    expect(len(lines) <= 5, f"a few lines, not {len(everything[2].splitlines())}", r[2])
    expect(FURTHER.match(lines[-1]), "the count of what follows last", r[2])


def test_check_format_json(d):
    write(d, "ruleset.yaml", SMALL_RULES.replace("unit: A\n", "unit: AA\n").replace("sector}", "sectr}"))
    r = run("check", "ruleset.yaml", "--format", "json", cwd=d)
    expect_exit(r, 1)
    expect(r[2] == "", "nothing on stderr", r[2])
    doc = json.loads(r[1])
    expect(set(doc) == {"diagnostics", "errors", "warnings", "further_errors"}, "the top-level keys", r[1])
    expect(doc["errors"] == 2 and doc["warnings"] == 0 and doc["further_errors"] == 0, "the counts", r[1])
    first = doc["diagnostics"][0]
    expect(
        set(first) == {"file", "line", "column", "severity", "code", "message", "notes"},
        "a diagnostic's keys",
        r[1],
    )
    expect(first["file"] == "ruleset.yaml" and first["severity"] == "error", "file and severity", r[1])
    messages = [x["message"] for x in doc["diagnostics"]]
    expect(
        "'sectr' is not a level of scale 'civil_effect'; did you mean 'sector'?" in messages,
        "level hint",
        r[1],
    )
    expect("unknown unit 'AA'; did you mean 'A'?" in messages, "unit hint", r[1])


def test_check_format_json_ok_and_bad_input(d):
    write(d, "ruleset.yaml", SMALL_RULES)
    r = run("check", "ruleset.yaml", "--format", "json", cwd=d)
    expect_exit(r, 0)
    expect(
        json.loads(r[1]) == {"diagnostics": [], "errors": 0, "warnings": 0, "further_errors": 0},
        "empty",
        r[1],
    )
    missing = run("check", "nowhere", "--format", "json", cwd=d)
    expect_exit(missing, 2)
    doc = json.loads(missing[1])
    expect(doc["diagnostics"][0]["code"] == "E040" and doc["errors"] == 1, "E040 as JSON", missing[1])
    bad = run("check", "ruleset.yaml", "--format", "xml", cwd=d)
    expect_exit(bad, 2)
    expect("civeff: error[E046]: --format takes text, json or sarif, not 'xml'" in bad[2], "E046", bad[2])


def test_check_format_sarif_is_valid(d):
    validator = sarif_validator()
    split_units(d, BROKEN_UNITS)
    dup = SMALL_RULES.replace("  - id: B\n", "  - id: A\n    kind: course\n  - id: B\n")
    write(d, "dup/ruleset.yaml", dup)
    write(d, "ok/ruleset.yaml", SMALL_RULES)
    for args, code in (
        ((".",), 1),
        ((".", "--all"), 1),
        (("dup",), 1),
        (("ok",), 0),
        (("no such dir",), 2),
    ):
        r = run("check", *args, "--format", "sarif", cwd=d)
        expect_exit(r, code)
        log = json.loads(r[1])
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        expect(not errors, f"check {args}: SARIF schema violations", *[e.message for e in errors[:5]])
        expect(
            log["version"] == "2.1.0" and log["runs"][0]["tool"]["driver"]["name"] == "civeff", "a run", r[1]
        )
    dup = json.loads(run("check", "dup", "--format", "sarif", cwd=d)[1])
    result = dup["runs"][0]["results"][0]
    expect(result["ruleId"] == "E009" and result["relatedLocations"], "the note as a related location", dup)
    region = result["locations"][0]["physicalLocation"]["region"]
    expect(region["startLine"] > 0 and region["startColumn"] > 0, "a region", dup)


def test_suggestions_for_unknown_names(d):
    rules = SMALL_RULES.replace("levels: {civil_effect: sector}", "levels: {civil_efect: sector}")
    rules = rules.replace(
        "        - unit: A\n", '        - unit: A\n        - check: credited("B") and hass_mark()\n'
    )
    rules += "tests:\n  - name: t\n    as_of: 2024-01-01\n    expect: {diplomas: {dd: compleet}}\n"
    write(d, "ruleset.yaml", rules)
    r = run("check", "ruleset.yaml", cwd=d)
    expect_exit(r, 1)
    for message in (
        "unknown scale 'civil_efect'; did you mean 'civil_effect'?",
        "unknown function 'hass_mark'; did you mean 'has_mark'?",
        "unknown diploma 'dd'; did you mean 'd'?",
        "'compleet' is not a diploma status (complete, partial, none); did you mean 'complete'?",
    ):
        expect(message in r[2], f"the suggestion in: {message}", r[2])


exit_with(__doc__, globals())
