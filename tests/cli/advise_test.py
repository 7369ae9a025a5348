#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`civeff advise` (SPEC §12 "Advice"): one portfolio as JSON or text, a population as CSV.

    advise_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    advise_test.py --civeff build/bin/civeff --list   # the test names

The ruleset has a stack of two leereenheden that counts as a keuzedeel, an
equivalence, a unit whose window has closed, and unit ids whose byte order
differs from both their declaration order and their hours.
"""

import csv
import io
import json

from harness import exit_with, expect, expect_exit, run, write

RULES = """\
civeff: 1
ruleset: advice-cli
version: "1"
language: nl
scales:
  civil_effect: {levels: [none, national]}
marks:
  - {id: cert, levels: {civil_effect: national}}
units:
  - {id: B1-K1, kind: kerntaak, hours: 400}
  - {id: KD-wond, kind: keuzedeel, hours: 240}
  - {id: le-wond-b, kind: leereenheid, hours: 40}
  - {id: LE-wond-a, kind: leereenheid, hours: 37.5}
  - {id: KD-med, kind: keuzedeel, hours: 240}
  - {id: LE-med, kind: leereenheid, hours: 100}
  - {id: KD-old, kind: keuzedeel, hours: 10, effective: {to: 2020-07-31}}
equivalences:
  - {id: wond-stack, from: [le-wond-b, LE-wond-a], counts_as: [KD-wond]}
  - {id: eq-med, equivalent: [LE-med, KD-med]}
diplomas:
  - id: helpende
    title: Helpende Zorg en Welzijn
    requires:
      all_of:
        - unit: B1-K1
        - n_of: {n: 1, of: [{unit: KD-wond}, {unit: KD-med}]}
  - id: closed
    requires: {unit: KD-old}
"""

PORTFOLIO = """\
person: p-001
achievements:
  - {unit: B1-K1, date: 2023-01-01}
"""

# Persons in an order that is not sorted, and rows of one person apart.
POPULATION = """\
person,unit,date,marks
p-09,B1-K1,2023-01-01,
p-02,LE-med,2022-05-01,cert
p-10,KD-old,2020-01-01,
p-02,B1-K1,2021-01-01,
p-01,B1-K1,2023-01-01,
p-01,KD-med,2023-02-01,
p-05,le-wond-b,2023-03-01,
p-07,,2023-03-01,
p-05,LE-wond-a,2030-01-01,
p-11,KD-wond,2019-06-01,cert
p-03,LE-wond-a,2023-03-01,
"""

HEADER = ["person", "diploma", "status", "hours_to_complete", "units", "proven"]


def setup(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "p.yaml", PORTFOLIO)
    write(d, "people.csv", POPULATION)


def advise(d, *args, portfolio="p.yaml"):
    return run("advise", "ruleset.yaml", portfolio, "--as-of", "2024-01-01", *args, cwd=d)


def rows_of(text):
    return list(csv.reader(io.StringIO(text)))


def test_advise_json(d):
    setup(d)
    r = advise(d, "--diploma", "helpende", "--format", "json")
    expect_exit(r, 0)
    data = json.loads(r[1])
    expect(
        list(data) == ["person", "as_of", "diploma", "status", "plans", "blocking", "proven"],
        "key order",
        list(data),
    )
    expect(
        (data["person"], data["as_of"], data["diploma"], data["status"], data["blocking"], data["proven"])
        == ("p-001", "2024-01-01", "helpende", "partial", [], True),
        "the heading",
        data,
    )
    expect(
        data["plans"][0]
        == {
            "hours": 77.5,
            "units": [
                {"unit": "LE-wond-a", "hours": 37.5, "credits": ["KD-wond", "LE-wond-a"]},
                {"unit": "le-wond-b", "hours": 40, "credits": ["KD-wond", "le-wond-b"]},
            ],
        },
        "the cheapest plan: the stack, units and credits in byte order",
        data["plans"][0],
    )
    expect(
        [[u["unit"] for u in p["units"]] for p in data["plans"]]
        == [["LE-wond-a", "le-wond-b"], ["LE-med"], ["KD-med"]],
        "three plans by default, in SPEC §12's order (KD-med before KD-wond by id)",
        data["plans"],
    )
    expect(list(data["plans"][0]) == ["hours", "units"], "plan keys", data["plans"][0])
    expect(
        r[1].endswith("}\n") and r[1].startswith('{\n  "person": "p-001",\n'), "indented, one newline", r[1]
    )
    expect(r[2] == "", "nothing on stderr", r[2])


def test_advise_top(d):
    setup(d)
    for top, count in (("1", 1), ("2", 2), ("9", 4)):
        r = advise(d, "--diploma", "helpende", "--format", "json", "--top", top)
        expect_exit(r, 0)
        expect(len(json.loads(r[1])["plans"]) == count, f"--top {top}: {count} plans", r[1])
    r = advise(d, "--diploma", "helpende", "--top", "0")
    expect_exit(r, 2)
    expect("error[E046]" in r[2] and "--top" in r[2], "--top 0 is a usage error", r[2])


def test_advise_complete(d):
    setup(d)
    write(d, "done.yaml", PORTFOLIO + "  - {unit: LE-med, date: 2023-02-01}\n")
    r = advise(d, "--diploma", "helpende", "--format", "json", portfolio="done.yaml")
    expect_exit(r, 0)
    data = json.loads(r[1])
    expect(data["status"] == "complete", "complete now", data)
    expect(data["plans"] == [{"hours": 0, "units": []}], "one plan of 0 hours and no units", data)
    expect(data["proven"] is True and data["blocking"] == [], "proven, nothing blocking", data)
    r = advise(d, "--diploma", "helpende", "--lang", "en", portfolio="done.yaml")
    expect_exit(r, 0)
    expect("already complete" in r[1], "the text says so", r[1])


def test_advise_no_plan(d):
    setup(d)
    r = advise(d, "--diploma", "closed", "--format", "json")
    expect_exit(r, 0)
    data = json.loads(r[1])
    expect(data["plans"] == [], "no plan", data)
    expect(data["blocking"] == ["unit:KD-old"], "the leaf in the way", data)
    expect(data["proven"] is True, "proven", data)
    r = advise(d, "--diploma", "closed")
    expect_exit(r, 0)
    expect("Wat in de weg staat: unit:KD-old." in r[1], "the text names what blocks", r[1])


def test_advise_unknown_diploma(d):
    setup(d)
    r = advise(d, "--diploma", "helpend")
    expect_exit(r, 2)
    expect("error[E046]" in r[2] and "unknown diploma 'helpend'" in r[2], "E046", r[2])
    expect("did you mean 'helpende'" in r[2], "with a suggestion", r[2])
    expect(r[1] == "", "nothing on stdout", r[1])


def test_advise_missing_diploma(d):
    setup(d)
    r = advise(d)
    expect_exit(r, 2)
    expect("civeff: error[E046]: --diploma is required" in r[2], "the usage error form", r[2])


def test_advise_max_steps(d):
    setup(d)
    write(d, "empty.yaml", "person: p-002\nachievements: []\n")
    r = advise(d, "--diploma", "helpende", "--format", "json", "--max-steps", "3", portfolio="empty.yaml")
    expect_exit(r, 0)
    expect(json.loads(r[1])["proven"] is False, "a small budget: not proven", r[1])
    r = advise(d, "--diploma", "helpende", "--max-steps", "3", "--lang", "en", portfolio="empty.yaml")
    expect_exit(r, 0)
    expect("stopped at its budget" in r[1], "the text says the search stopped", r[1])
    r = advise(d, "--diploma", "helpende", "--format", "json", portfolio="empty.yaml")
    expect(json.loads(r[1])["proven"] is True, "the default budget is enough here", r[1])


def test_advise_text_nl_en(d):
    setup(d)
    nl = advise(d, "--diploma", "helpende", "--top", "2")
    expect_exit(nl, 0)
    expect(
        nl[1] == "Advies voor p-001, diploma helpende, per 2024-01-01 (nu: gedeeltelijk).\n"
        "1. 77.5 u: neem LE-wond-a (37.5 u) en le-wond-b (40 u); samen gelden ze als KD-wond.\n"
        "2. 100 u: neem LE-med (100 u); die geldt ook als KD-med.\n",
        "Dutch by default: the ruleset says language: nl",
        nl[1],
    )
    en = advise(d, "--diploma", "helpende", "--top", "2", "--lang", "en")
    expect_exit(en, 0)
    expect(
        en[1] == "Advice for p-001, diploma helpende, as of 2024-01-01 (now: partial).\n"
        "1. 77.5 h: take LE-wond-a (37.5 h) and le-wond-b (40 h); together they count as KD-wond.\n"
        "2. 100 h: take LE-med (100 h); it also counts as KD-med.\n",
        "English with --lang en",
        en[1],
    )
    r = advise(d, "--diploma", "helpende", "--lang", "de")
    expect_exit(r, 2)
    expect("error[E046]" in r[2] and "--lang" in r[2], "a bad --lang", r[2])


def test_advise_out_file(d):
    setup(d)
    r = advise(d, "--diploma", "helpende", "--format", "json", "--out", "advice.json")
    expect_exit(r, 0)
    expect(r[1] == "", "nothing on stdout", r[1])
    expect(json.loads((d / "advice.json").read_text())["person"] == "p-001", "written to --out", r[1])
    r = advise(d, "--diploma", "helpende", "--out", "p.yaml")
    expect_exit(r, 2)
    expect("error[E047]" in r[2], "--out may not be the portfolio", r[2])
    expect((d / "p.yaml").read_text() == PORTFOLIO, "the portfolio is untouched", r[2])


def test_advise_population(d):
    setup(d)
    r = advise(d, "--diploma", "helpende", "--out", "out.csv", portfolio="people.csv")
    expect_exit(r, 0)
    text = (d / "out.csv").read_text(encoding="utf-8")
    rows = rows_of(text)
    expect(rows[0] == HEADER, "the columns, exactly", rows[0])
    persons = [row[0] for row in rows[1:]]
    expect(
        persons == ["p-01", "p-02", "p-03", "p-05", "p-07", "p-09", "p-10", "p-11"],
        "sorted, each once",
        persons,
    )
    by = {row[0]: row for row in rows[1:]}
    expect(by["p-01"] == ["p-01", "helpende", "complete", "0", "", "true"], "complete: 0 hours", by["p-01"])
    expect(
        by["p-02"] == ["p-02", "helpende", "complete", "0", "", "true"], "complete through eq-med", by["p-02"]
    )
    expect(by["p-11"] == ["p-11", "helpende", "partial", "400", "B1-K1", "true"], "one unit", by["p-11"])
    expect(
        by["p-09"] == ["p-09", "helpende", "partial", "77.5", "LE-wond-a;le-wond-b", "true"], "a stack", by
    )
    expect(
        by["p-05"][3:5] == ["437.5", "B1-K1;LE-wond-a"], "a row dated after as_of does not count", by["p-05"]
    )
    expect(
        r[1].startswith("people.csv: 8 persons, diploma helpende, as of 2024-01-01 -> out.csv\n"),
        "a summary on stdout, as batch writes it",
        r[1],
    )
    expect("complete 2, with a plan 6, without a plan 0" in r[1], "counts", r[1])
    expect(r[2] == "", "nothing on stderr", r[2])


def test_advise_population_no_plan(d):
    setup(d)
    r = advise(d, "--diploma", "closed", "--out", "out.csv", portfolio="people.csv")
    expect_exit(r, 0)
    by = {row[0]: row for row in rows_of((d / "out.csv").read_text())[1:]}
    expect(by["p-10"][2:] == ["complete", "0", "", "true"], "KD-old taken in time", by["p-10"])
    expect(by["p-01"][2:] == ["none", "", "", "true"], "no plan: hours empty", by["p-01"])


def test_advise_population_equals_single(d):
    setup(d)
    people = {}
    for row in csv.DictReader(io.StringIO(POPULATION)):
        a = {"date": row["date"]}
        if row["unit"]:
            a["unit"] = row["unit"]
        if row["marks"]:
            a["marks"] = row["marks"].split(";")
        people.setdefault(row["person"], []).append(a)
    for diploma in ("helpende", "closed"):
        r = advise(d, "--diploma", diploma, "--out", "out.csv", "--threads", "2", portfolio="people.csv")
        expect_exit(r, 0)
        rows = rows_of((d / "out.csv").read_text())[1:]
        expect(len(rows) == len(people), "one row per person", rows)
        for row in rows:
            person = row[0]
            write(d, f"{person}.json", json.dumps({"person": person, "achievements": people[person]}))
            one = advise(
                d, "--diploma", diploma, "--format", "json", "--top", "1", portfolio=f"{person}.json"
            )
            expect_exit(one, 0)
            data = json.loads(one[1])
            plan = data["plans"][0] if data["plans"] else None
            expected = [
                person,
                diploma,
                data["status"],
                "" if plan is None else f"{plan['hours']:g}",
                "" if plan is None else ";".join(u["unit"] for u in plan["units"]),
                "true" if data["proven"] else "false",
            ]
            expect(
                row == expected,
                f"{person} {diploma}: the row is the first plan of `advise --format json`",
                row,
                expected,
            )


def test_advise_population_needs_out(d):
    setup(d)
    write(d, "PEOPLE.CSV", POPULATION)
    for name in ("people.csv", "PEOPLE.CSV"):
        r = advise(d, "--diploma", "helpende", portfolio=name)
        expect_exit(r, 2)
        expect("error[E046]" in r[2] and "--out" in r[2], f"{name}: a population needs --out", r[2])
    r = advise(d, "--diploma", "helpende", "--top", "2", "--out", "out.csv", portfolio="people.csv")
    expect_exit(r, 2)
    expect("--top" in r[2], "--top is for one portfolio", r[2])
    expect(not (d / "out.csv").exists(), "nothing written", r[2])


def test_advise_population_failure_writes_nothing(d):
    setup(d)
    write(d, "bad.csv", POPULATION + "p-12,B1-K1,2023-01-01,bogus\n")
    r = advise(d, "--diploma", "helpende", "--out", "out.csv", portfolio="bad.csv")
    expect_exit(r, 2)
    expect("error[E042]" in r[2] and "bogus" in r[2], "an unknown mark", r[2])
    expect(not (d / "out.csv").exists(), "no output file", sorted(p.name for p in d.iterdir()))
    r = advise(d, "--diploma", "helpend", "--out", "out.csv", portfolio="people.csv")
    expect_exit(r, 2)
    expect("error[E046]" in r[2], "an unknown diploma", r[2])
    expect(
        not any(p.name.startswith(".out.csv") or p.name == "out.csv" for p in d.iterdir()), "no file", r[2]
    )


def test_advise_population_stdout_and_dialect(d):
    setup(d)
    r = advise(d, "--diploma", "helpende", "--out", "-", "--csv-dialect", "excel-nl", portfolio="people.csv")
    expect_exit(r, 0)
    expect(
        r[1].startswith("\ufeffperson;diploma;status;hours_to_complete;units;proven\r\n"), "excel-nl", r[1]
    )
    expect(
        'p-09;helpende;partial;77,5;"LE-wond-a;le-wond-b";true\r\n' in r[1], "decimal comma, quoting", r[1]
    )


def test_advise_overlay(d):
    setup(d)
    write(
        d,
        "only-b1.yaml",
        "civeff: 1\noverlay: only-b1\ndiplomas:\n  - id: helpende\n    requires: {unit: B1-K1}\n",
    )
    r = advise(d, "--diploma", "helpende", "--format", "json", "--overlay", "only-b1.yaml")
    expect_exit(r, 0)
    expect(
        json.loads(r[1])["plans"] == [{"hours": 0, "units": []}], "the overlay's rules are advised on", r[1]
    )


def test_advise_evaluation_error(d):
    setup(d)
    write(
        d,
        "ruleset.yaml",
        RULES.replace(
            "{id: B1-K1, kind: kerntaak, hours: 400}",
            "{id: B1-K1, kind: kerntaak, hours: 400}\n"
            "  - {id: R, kind: course, hours: 8, credit_when: attrs.n / attrs.d > 1}",
        ),
    )
    # p-07 takes course R with n/d = 2/0; the others' rows get 2/1.
    lines = POPULATION.replace("p-07,,2023-03-01,", "p-07,R,2023-03-01,").splitlines()
    rows = [lines[0] + ",n,d"] + [
        line + (",2,0" if line.startswith("p-07,") else ",2,1") for line in lines[1:]
    ]
    write(d, "zero.csv", "\n".join(rows) + "\n")
    r = advise(d, "--diploma", "helpende", "--out", "out.csv", portfolio="zero.csv")
    expect_exit(r, 1)
    expect("error[E050]" in r[2] and "p-07" in r[2], "the division by zero, naming the person", r[2])
    persons = [row[0] for row in rows_of((d / "out.csv").read_text())[1:]]
    expect("p-07" not in persons and len(persons) == 7, "the others are written", persons)
    write(d, "p7.yaml", "person: p-07\nachievements:\n  - {unit: R, date: 2023-03-01, attrs: {n: 2, d: 0}}\n")
    r = advise(d, "--diploma", "helpende", portfolio="p7.yaml")
    expect_exit(r, 1)
    expect("error[E050]" in r[2], "one portfolio: exit 1 as eval", r[2])


exit_with(__doc__, globals())
