#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`civeff whatif` (docs/language.md, "What if"): JSON, text, errors and exit codes.

    whatif_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    whatif_test.py --civeff build/bin/civeff --list   # the test names

The ruleset has a stack of two leereenheden that counts as a keuzedeel; the
person has the kerntaak and the first leereenheid, so the second completes
the stack and her diploma. Each what-if must equal two `civeff eval`s and two
`civeff advise`s of the portfolio without and with the added achievement.
"""

import json
from pathlib import Path

from harness import exit_with, expect, expect_exit, run, write

DATA = Path(__file__).resolve().parents[1] / "data" / "whatif"
RULES = (DATA / "ruleset.yaml").read_text(encoding="utf-8")
PORTFOLIO = (DATA / "p.yaml").read_text(encoding="utf-8")

AS_OF = "2024-01-01"
KEYS = ["person", "as_of", "added", "levels", "credits", "diplomas"]
DIPLOMA_KEYS = [
    "status_before",
    "status_after",
    "progress_before",
    "progress_after",
    "hours_to_complete_before",
    "hours_to_complete_after",
]


def setup(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "p.yaml", PORTFOLIO)


def whatif(d, *args):
    return run("whatif", "ruleset.yaml", "p.yaml", "--as-of", AS_OF, *args, cwd=d)


def two_runs(d, added_yaml):
    """What `civeff eval` and `civeff advise` say without and with the added achievements."""
    write(d, "with.yaml", PORTFOLIO + added_yaml)
    sides = []
    for portfolio in ("p.yaml", "with.yaml"):
        r = run("eval", "ruleset.yaml", portfolio, "--as-of", AS_OF, "--format", "json", cwd=d)
        expect_exit(r, 0)
        result = json.loads(r[1])
        hours = {}
        for diploma, outcome in result["diplomas"].items():
            if outcome["status"] == "complete":
                hours[diploma] = 0
                continue
            a = run(
                "advise",
                "ruleset.yaml",
                portfolio,
                "--diploma",
                diploma,
                "--as-of",
                AS_OF,
                "--top",
                "1",
                "--format",
                "json",
                cwd=d,
            )
            expect_exit(a, 0)
            plans = json.loads(a[1])["plans"]
            hours[diploma] = plans[0]["hours"] if plans else None
        sides.append((result, hours))
    return sides


def expect_two_runs(d, data, added_yaml, units):
    (before, hours_before), (after, hours_after) = two_runs(d, added_yaml)
    expect(
        data["credits"]["gained"] == sorted(set(after["credited"]) - set(before["credited"])), "gained", data
    )
    expect(data["credits"]["lost"] == sorted(set(before["credited"]) - set(after["credited"])), "lost", data)
    base = len(before["achievements"])
    for k, unit in enumerate(units):
        expect(data["levels"][unit] == after["achievements"][base + k]["levels"], f"levels of {unit}", data)
    for diploma, outcome in before["diplomas"].items():
        got = data["diplomas"][diploma]
        expect(
            [got[k] for k in DIPLOMA_KEYS]
            == [
                outcome["status"],
                after["diplomas"][diploma]["status"],
                outcome["progress"],
                after["diplomas"][diploma]["progress"],
                hours_before[diploma],
                hours_after[diploma],
            ],
            f"diploma {diploma} as eval and advise say",
            got,
            outcome,
            hours_before,
            hours_after,
        )


def test_whatif_json(d):
    setup(d)
    r = whatif(d, "--add", "LE-wond-b", "--marks", "cert", "--format", "json")
    expect_exit(r, 0)
    expect(r[2] == "", "nothing on stderr", r[2])
    data = json.loads(r[1])
    expect(list(data) == KEYS, "key order", list(data))
    expect(list(data["credits"]) == ["gained", "lost"], "credits' keys", data["credits"])
    expect(
        data["added"]
        == [
            {
                "unit": "LE-wond-b",
                "date": AS_OF,
                "marks": ["cert"],
                "attrs": {},
                "hours": None,
                "exempt": False,
            }
        ],
        "the added achievement, dated --as-of",
        data["added"],
    )
    expect(data["levels"] == {"LE-wond-b": {"civil_effect": "national"}}, "its levels", data["levels"])
    expect(data["credits"] == {"gained": ["KD-wond", "LE-wond-b"], "lost": []}, "the stack's keuzedeel", data)
    expect(list(data["diplomas"]) == ["helpende", "other"], "every diploma, by id", data["diplomas"])
    expect(
        data["diplomas"]["helpende"]
        == {
            "status_before": "partial",
            "status_after": "complete",
            "progress_before": 0.5,
            "progress_after": 1,
            "hours_to_complete_before": 40,
            "hours_to_complete_after": 0,
        },
        "complete, 40 hours less",
        data["diplomas"]["helpende"],
    )
    expect(
        list(data["diplomas"]["other"]) == DIPLOMA_KEYS, "diploma keys in order", data["diplomas"]["other"]
    )
    expect(
        r[1] == json.dumps(data, indent=2, ensure_ascii=False) + "\n", "the layout of every civeff JSON", r[1]
    )
    expect_two_runs(d, data, "  - {unit: LE-wond-b, date: 2024-01-01, marks: [cert]}\n", ["LE-wond-b"])


def test_whatif_several_adds(d):
    setup(d)
    r = whatif(
        d,
        "--add", "KD-med", "--attr", "grade=7,5", "--hours", "200",
        "--add", "LE-wond-b", "--marks", "school, cert", "--attr", "exam=nee",
        "--format", "json",
    )  # fmt: skip
    expect_exit(r, 0)
    data = json.loads(r[1])
    expect(
        [(a["unit"], a["marks"], a["attrs"], a["hours"]) for a in data["added"]]
        == [("KD-med", [], {"grade": 7.5}, 200), ("LE-wond-b", ["school", "cert"], {"exam": False}, None)],
        "each --marks, --attr and --hours belongs to the --add before it; values converted as declared",
        data["added"],
    )
    expect(list(data["levels"]) == ["KD-med", "LE-wond-b"], "levels by unit id", data["levels"])
    expect_two_runs(
        d,
        data,
        "  - {unit: KD-med, date: 2024-01-01, hours: 200, attrs: {grade: 7.5}}\n"
        "  - {unit: LE-wond-b, date: 2024-01-01, marks: [school, cert], attrs: {exam: false}}\n",
        ["KD-med", "LE-wond-b"],
    )


def test_whatif_text_nl_en(d):
    setup(d)
    nl = whatif(d, "--add", "LE-wond-b", "--attr", "exam=true")
    expect_exit(nl, 0)
    expect(
        nl[1] == "Wat als voor p-1, per 2024-01-01: met LE-wond-b erbij.\n"
        "Niveaus van LE-wond-b: civil_effect none.\n"
        "Erbij behaald: KD-wond (via wond-stack) en LE-wond-b (via achievement).\n"
        "Diploma helpende: gedeeltelijk -> compleet, voortgang 50% -> 100%, uren tot compleet 40 -> 0.\n"
        "Ongewijzigd: other.\n",
        "Dutch by default: the ruleset says language: nl",
        nl[1],
    )
    en = whatif(d, "--add", "LE-wond-b", "--lang", "en")
    expect_exit(en, 0)
    expect(
        en[1] == "What if for p-1, as of 2024-01-01: with LE-wond-b added.\n"
        "Levels of LE-wond-b: civil_effect none.\n"
        "Credits gained: none.\n"
        "Unchanged: helpende and other.\n",
        "without its exam or mark the leereenheid credits nothing",
        en[1],
    )


def test_whatif_out_file(d):
    setup(d)
    r = whatif(d, "--add", "LE-wond-b", "--format", "json", "--out", "w.json")
    expect_exit(r, 0)
    expect(r[1] == "", "nothing on stdout", r[1])
    expect(json.loads((d / "w.json").read_text())["person"] == "p-1", "written to --out", r[1])
    r = whatif(d, "--add", "LE-wond-b", "--out", "p.yaml")
    expect_exit(r, 2)
    expect("error[E047]" in r[2], "--out may not be the portfolio", r[2])
    expect((d / "p.yaml").read_text() == PORTFOLIO, "the portfolio is untouched", r[2])


def expect_error(r, code, text):
    expect_exit(r, 2)
    expect(f"error[{code}]" in r[2] and text in r[2], f"{code}: {text}", r[2])
    expect(r[1] == "", "nothing on stdout", r[1])


def test_whatif_unknown_unit_and_mark(d):
    setup(d)
    unknown = "cannot add 'LE-wond-c': the rules have no such unit; did you mean 'LE-wond-a'?"
    expect_error(whatif(d, "--add", "LE-wond-c"), "E080", unknown)
    expect_error(whatif(d, "--add", "LE-wond-b", "--add", "LE-wond-b"), "E080", "is added twice")
    mark = "LE-wond-b: unknown mark 'cret'; did you mean 'cert'?"
    expect_error(whatif(d, "--add", "LE-wond-b", "--marks", "cret"), "E081", mark)


def test_whatif_bad_values(d):
    setup(d)
    expect_error(whatif(d, "--add", "LE-wond-b", "--attr", "grade=11"), "E082", "--attr grade: 11 is above")
    expect_error(whatif(d, "--add", "LE-wond-b", "--attr", "exma=true"), "E082", "did you mean 'exam'?")
    expect_error(whatif(d, "--add", "LE-wond-b", "--attr", "exam"), "E082", "--attr takes NAME=VALUE")
    expect_error(whatif(d, "--add", "LE-wond-b", "--hours", "-3"), "E082", "'-3' is not a number >= 0")
    expect_error(whatif(d, "--add", "LE-wond-b", "--hours", "veel"), "E082", "'veel' is not a number >= 0")


def test_whatif_option_order(d):
    setup(d)
    expect_error(
        whatif(d, "--marks", "cert", "--add", "LE-wond-b"), "E083", "--marks belongs to the --add before it"
    )
    expect_error(
        whatif(d, "--add", "LE-wond-b", "--hours", "1", "--hours", "2"), "E083", "--hours is given twice"
    )
    expect_error(
        whatif(d, "--add", "LE-wond-b", "--attr", "exam=ja", "--attr", "exam=nee"),
        "E083",
        "--attr exam is given twice",
    )
    r = run("whatif", "ruleset.yaml", "p.yaml", cwd=d)
    expect_exit(r, 2)
    expect("error[E046]" in r[2] and "--add" in r[2], "--add is required", r[2])


def test_whatif_rule_error(d):
    setup(d)
    write(d, "ruleset.yaml", RULES + "  - id: broken\n    requires: {unit: NOPE}\n")
    r = whatif(d, "--add", "LE-wond-b")
    expect_exit(r, 1)
    expect("error[E020]" in r[2], "broken rules: exit 1", r[2])


exit_with(__doc__, globals())
