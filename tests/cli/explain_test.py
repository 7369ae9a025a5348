#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`civeff explain` (SPEC §12): its text and JSON, --diploma, and its exit codes.

    explain_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    explain_test.py --civeff build/bin/civeff --list   # the test names

The ruleset has what an explanation names: a mark with cases, a lapsing mark,
an equivalence of two sources, a credit_when on a level, an hours and an n_of
node.
"""

import json
from pathlib import Path

from harness import exit_with, expect, expect_exit, run, write

REPO = Path(__file__).resolve().parents[2]
NL_ZORG = REPO / "rules" / "nl-zorg"
PERSONAS = sorted((REPO / "examples" / "portfolios").glob("*.json"))
PERSONA_OUTPUTS = [p for p in PERSONAS if p.name.endswith((".result.json", ".advice.json", ".whatif.json"))]

RULES = """\
civeff: 1
ruleset: small
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
marks:
  - id: nrto
    levels: {civil_effect: sector}
  - id: crkbo
    valid_for: P1Y
    levels:
      civil_effect:
        - {when: attrs.exam, level: national}
        - {level: sector}
units:
  - {id: A, kind: course, hours: 10}
  - {id: B, kind: course, hours: 20}
  - {id: C, kind: module}
  - {id: E, kind: course, hours: 30, credit_when: 'level("civil_effect") >= "national"'}
equivalences:
  - {id: a-and-b, from: [A, B], counts_as: [C]}
diplomas:
  - id: d
    title: Diploma D
    requires:
      all_of:
        - unit: C
        - id: uren
          hours: {min: 40, of: {kind: course}}
        - id: twee-van
          n_of:
            n: 2
            of:
              - unit: A
              - unit: B
              - unit: E
  - id: e
    requires: {unit: E}
"""

PORTFOLIO = """\
person: p-001
achievements:
  - unit: A
    date: 2023-05-01
    marks: [crkbo]
    attrs: {exam: true}
  - unit: B
    date: 2022-01-10
    marks: [crkbo, nrto]
  - unit: B
    date: 2030-01-01
  - unit: E
    date: 2023-06-01
    marks: [nrto]
"""

# The text is a documented output (docs/language.md, "Explanations"): pinned here.
TEXT_D = """\
Diploma d — Diploma D: partial, progress 0.9167
✗ all_of  progress 0.9167  [ruleset.yaml:26:7]
├── ✓ unit:C  [ruleset.yaml:27:11]
│         credited 2023-05-01 via a-and-b from A (achievement #0 A, 2023-05-01) + B (achievement #1 B, 2022-01-10)
├── ✗ uren (hours)  30 of 40  [ruleset.yaml:28:11]
└── ✓ twee-van (n_of)  2 of 3 hold, 2 needed  [ruleset.yaml:30:11]
    ├── ✓ unit:A  [ruleset.yaml:34:17]
    │         credited 2023-05-01 via achievement #0 A
    ├── ✓ unit:B  [ruleset.yaml:35:17]
    │         credited 2022-01-10 via achievement #1 B
    └── ✗ unit:E  [ruleset.yaml:36:17]
              not credited: its credit_when does not hold for #3 E
  missing: uren
"""  # noqa: E501 (the text's own long line)

ACHIEVEMENTS = """\
p-001 as of 2024-01-01 (small 1)

Achievements
  #0 A, 2023-05-01
      civil_effect national ← mark crkbo, case 0
  #1 B, 2022-01-10
      civil_effect sector ← mark nrto
        (mark crkbo would give sector, but lapsed on 2023-01-10)
  #2 B, 2030-01-01: not counted (dated after as_of)
  #3 E, 2023-06-01
      civil_effect sector ← mark nrto
"""


def setup(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "p.yaml", PORTFOLIO)


def explain(d, *args):
    return run("explain", "ruleset.yaml", "p.yaml", "--as-of", "2024-01-01", *args, cwd=d)


def test_explain_text(d):
    setup(d)
    r = explain(d)
    expect_exit(r, 0)
    expect(r[1].startswith(ACHIEVEMENTS + "\n"), "the achievements, each level with what decided it", r[1])
    expect(TEXT_D in r[1], "diploma d as a tree: values against thresholds, ✓/✗, file:line", r[1])
    expect("Diploma e: none, progress 0" in r[1], "every diploma", r[1])
    expect(r[2] == "", "nothing on stderr", r[2])


def test_explain_one_diploma(d):
    setup(d)
    r = explain(d, "--diploma", "d")
    expect_exit(r, 0)
    expect(r[1] == ACHIEVEMENTS + "\n" + TEXT_D, "only diploma d", r[1])
    r = explain(d, "--diploma", "e", "--format", "json")
    expect_exit(r, 0)
    expect(list(json.loads(r[1])["diplomas"]) == ["e"], "only diploma e in the JSON", r[1])


def test_explain_json(d):
    setup(d)
    r = explain(d, "--format", "json")
    expect_exit(r, 0)
    data = json.loads(r[1])
    expect(
        list(data)
        == ["person", "as_of", "ruleset", "version", "achievements", "credited", "not_credited", "diplomas"],
        "top-level keys",
        list(data),
    )
    a0, a1, a2 = data["achievements"][:3]
    expect(a0["levels"]["civil_effect"]["decided_by"] == {"mark": "crkbo", "case": 0}, "mark and case", a0)
    expect(a1["levels"]["civil_effect"]["decided_by"] == {"mark": "nrto", "case": None}, "a plain level", a1)
    expect(a1["levels"]["civil_effect"]["lapsed"] == [{"mark": "crkbo", "on": "2023-01-10"}], "lapsed", a1)
    expect(a2["counted"] is False and a2["not_counted"] == "dated after as_of", "why not counted", a2)
    expect(
        data["credited"]["C"]["derivation"]
        == {
            "unit": "C",
            "via": "a-and-b",
            "date": "2023-05-01",
            "sources": [
                {"unit": "A", "via": "achievement", "date": "2023-05-01", "achievement": 0},
                {"unit": "B", "via": "achievement", "date": "2022-01-10", "achievement": 1},
            ],
        },
        "a derivation tree",
        data["credited"]["C"],
    )
    expect(data["not_credited"] == {"E": [{"reason": "credit_when", "achievement": 3}]}, "why E is not", data)
    d_ = data["diplomas"]["d"]
    expect((d_["status"], d_["progress"], d_["missing"]) == ("partial", 0.9167, ["uren"]), "as eval", d_)
    hours, n_of = d_["requires"]["children"][1:]
    expect(
        hours
        == {
            "id": "uren",
            "form": "hours",
            "holds": False,
            "progress": 0.75,
            "value": 30,
            "min": 40,
            "where": "ruleset.yaml:28:11",
        },
        "an hours node: value and min",
        hours,
    )
    expect((n_of["n_holding"], n_of["n"], n_of["holds"]) == (2, 2, True), "an n_of node", n_of)


def test_explain_agrees_with_eval(d):
    setup(d)
    explained = json.loads(explain(d, "--format", "json")[1])
    r = run("eval", "ruleset.yaml", "p.yaml", "--as-of", "2024-01-01", cwd=d)
    expect_exit(r, 0)
    evaluated = json.loads(r[1])
    for diploma, x in evaluated["diplomas"].items():
        got = explained["diplomas"][diploma]
        expect(
            (got["status"], got["progress"], got["missing"]) == (x["status"], x["progress"], x["missing"]),
            f"diploma {diploma} as eval",
            got,
            x,
        )
    expect(sorted(explained["credited"]) == sorted(evaluated["credited"]), "credited as eval")


def test_explain_overlay(d):
    setup(d)
    write(
        d,
        "overlay.yaml",
        "civeff: 1\noverlay: more\nmarks:\n  - id: nrto\n    levels: {civil_effect: national}\n",
    )
    r = explain(d, "--overlay", "overlay.yaml", "--format", "json")
    expect_exit(r, 0)
    data = json.loads(r[1])
    expect("E" in data["credited"], "E is credited once nrto is national", data["credited"])
    expect(data["diplomas"]["e"]["status"] == "complete", "diploma e complete", data["diplomas"]["e"])


def test_explain_exit_codes(d):
    setup(d)
    write(d, "broken.yaml", RULES.replace("counts_as: [C]", "counts_as: [Z]"))
    r = run("explain", "broken.yaml", "p.yaml", "--as-of", "2024-01-01", cwd=d)
    expect_exit(r, 1)
    expect("broken.yaml:21:45:" in r[2] and "error[E020]" in r[2], "a rule error at its place", r[2])
    write(d, "bad.yaml", "person: p\nachievements:\n  - unit: A\n")
    r = run("explain", "ruleset.yaml", "bad.yaml", "--as-of", "2024-01-01", cwd=d)
    expect_exit(r, 2)
    expect(r[2] == "bad.yaml:3:5: error[E041]: an achievement needs `date`\n", "a bad portfolio", r[2])
    r = run("explain", "ruleset.yaml", "nope.yaml", cwd=d)
    expect_exit(r, 2)
    expect("error[E040]" in r[2], "a missing portfolio", r[2])
    r = explain(d, "--diploma", "x")
    expect_exit(r, 2)
    expect(
        r[2] == "civeff: error[E046]: --diploma: the rules have no diploma 'x' (diplomas: d, e)\n",
        "an unknown diploma",
        r[2],
    )
    r = explain(d, "--format", "xml")
    expect_exit(r, 2)
    r = run("explain", "ruleset.yaml", "p.yaml", "--as-of", "2024-02-30", cwd=d)
    expect_exit(r, 2)
    expect(r[1] == "", "nothing on stdout on an error", r[1])


def nodes(node):
    yield node
    for child in node.get("children", []):
        yield from nodes(child)


def test_explain_personas_agree_with_eval(d):
    """The acceptance of the explain issue: on every persona, explain's statuses and
    progress are eval's, each counted achievement's level names what decided it, and
    each hours/count/sum node that applies gives its value and min."""
    personas = [p for p in PERSONAS if p not in PERSONA_OUTPUTS]
    expect(len(personas) >= 5, "the personas are found", personas)
    aggregates = 0
    for persona in personas:
        common = (str(NL_ZORG), str(persona), "--as-of", "2026-11-01", "--format", "json")
        r_eval, r_explain = run("eval", *common, cwd=d), run("explain", *common, cwd=d)
        expect_exit(r_eval, 0)
        expect_exit(r_explain, 0)
        evaluated, explained = json.loads(r_eval[1]), json.loads(r_explain[1])
        for diploma, x in evaluated["diplomas"].items():
            got = explained["diplomas"][diploma]
            keys = ("status", "progress", "missing")
            expect(
                [got[k] for k in keys] == [x[k] for k in keys],
                f"{persona.name}: diploma {diploma} as eval",
                got,
                x,
            )
            for node in nodes(got["requires"]):
                if node["form"] in ("hours", "count", "sum") and not node.get("left_out"):
                    aggregates += 1
                    expect("value" in node and "min" in node, f"{persona.name}: value and min", node)
        for a, e in zip(explained["achievements"], evaluated["achievements"], strict=True):
            expect(a["counted"] == e["counted"], f"{persona.name}: counted as eval", a, e)
            for scale, level in a.get("levels", {}).items():
                expect(level["level"] == e["levels"][scale], f"{persona.name}: level as eval", a, e)
                decided = level["decided_by"]
                by_mark = "mark" in decided and "case" in decided
                expect(
                    by_mark or "unit" in decided or decided == {"default": True},
                    f"{persona.name}: what decided the level",
                    level,
                )
    expect(aggregates > 0, "the personas reach hours, count or sum nodes", aggregates)


if __name__ == "__main__":
    exit_with(__doc__, globals())
