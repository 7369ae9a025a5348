#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Inputs as HR systems and Excel write them (SPEC §11), through the command line:
declared attributes, dialects, encodings, and the findings about reading
populations (F3, F4, F11, F12, F17, F20).

    inputs_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
"""

import csv
import io
import shutil
from pathlib import Path

from harness import exit_with, expect, expect_exit, run, write

REPO = Path(__file__).resolve().parents[2]
NL_ZORG = REPO / "rules" / "nl-zorg"
SAMPLE = REPO / "examples" / "population" / "sample.csv"


def day_first(iso: str, pad: bool) -> str:
    year, month, day = iso.split("-")
    return f"{day}-{month}-{year}" if pad else f"{int(day)}-{int(month)}-{year}"


def excel_nl_twin(clean: Path, out: Path) -> None:
    """The population as Dutch Excel saves it: ';', BOM, CRLF, D-M-YYYY dates,
    WAAR/ONWAAR/ja/nee booleans and decimal commas."""
    rows = list(csv.DictReader(clean.open(encoding="utf-8", newline="")))
    booleans = [("WAAR", "ONWAAR"), ("ja", "nee"), ("Waar", "Onwaar"), ("1", "0")]
    for i, row in enumerate(rows):
        row["date"] = day_first(row["date"], i % 2 == 0)
        if row.get("person.cohort"):
            row["person.cohort"] = day_first(row["person.cohort"], False)
        yes, no = booleans[i % len(booleans)]
        for name in ("exam", "exempt"):
            if row.get(name) == "true":
                row[name] = yes
            elif row.get(name) == "false":
                row[name] = no
        for name in ("grade", "points", "hours"):
            if row.get(name):
                row[name] = row[name].replace(".", ",")
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0].keys()), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))


def test_F12_excel_nl_file_gives_the_clean_twins_output(d):
    excel = d / "excel-nl.csv"
    excel_nl_twin(SAMPLE, excel)
    a = run("batch", NL_ZORG, SAMPLE, "--as-of", "2026-11-01", "--out", d / "clean.out.csv", cwd=d)
    b = run("batch", NL_ZORG, excel, "--as-of", "2026-11-01", "--out", d / "excel.out.csv", cwd=d)
    expect_exit(a, 0)
    expect_exit(b, 0)
    expect("W010" not in a[2] + b[2] and "warning" not in a[2] + b[2], "no warnings", a[2], b[2])
    clean_out, excel_out = (d / "clean.out.csv").read_bytes(), (d / "excel.out.csv").read_bytes()
    expect(clean_out == excel_out, "byte-identical batch output")
    expect(len(clean_out.splitlines()) > 1000, "a real population", len(clean_out.splitlines()))


def test_F04_excel_booleans_and_stray_spaces_under_nl_zorg(d):
    pop = write(
        d,
        "silent.csv",
        "person,unit,title,date,hours,marks,exam,points,person.role\n"
        "p-true,K1006,,2023-05-01,,,true,,verzorgende\n"
        "p-TRUE,K1006,,2023-05-01,,,TRUE,,verzorgende\n"
        "p-WAAR,K1006,,2023-05-01,,,WAAR,,verzorgende\n"
        "p-ja,K1006,,2023-05-01,,,ja,,verzorgende\n"
        "p-1,K1006,,2023-05-01,,,1,,verzorgende\n"
        "p-space, K1006,,2023-05-01,,,true,,verzorgende\n"
        "p-lower,k1006,,2023-05-01,,,true,,verzorgende\n",
    )
    r = run("batch", NL_ZORG, pop.name, "--as-of", "2024-01-01", "--out", d / "o.csv", cwd=d)
    expect_exit(r, 0)
    expect(
        "silent.csv:8:9: warning[W013]: unknown unit 'k1006'; did you mean 'K1006'? "
        "(unit ids match with case)" in r[2],
        "W013 for the lower-case id",
        r[2],
    )
    rows = list(csv.DictReader((d / "o.csv").open()))
    credited = {row["person"] for row in rows if "unit:K1006" not in row["missing"]}
    # K1006 appears in no diploma's missing list once it is credited.
    keuzedeel_missing = {row["person"]: row["missing"] for row in rows}
    expect(len(keuzedeel_missing) == 7, "all seven persons evaluated", keuzedeel_missing)
    same = {row["person"]: row["missing"] for row in rows if row["person"] == "p-true"}
    for person in ("p-TRUE", "p-WAAR", "p-ja", "p-1", "p-space"):
        mine = {row["diploma"]: row["missing"] for row in rows if row["person"] == person}
        theirs = {row["diploma"]: row["missing"] for row in rows if row["person"] == "p-true"}
        expect(mine == theirs, f"{person} is read as p-true", mine, theirs, same, credited)


def test_F11_latin1_population_needs_its_encoding(d):
    pop = d / "latin1.csv"
    pop.write_bytes(b"person,unit,title,date\np-\xe9,K1006,Caf\xe9,2023-05-01\n")
    r = run("batch", NL_ZORG, pop.name, "--as-of", "2024-01-01", "--out", d / "o.csv", cwd=d)
    expect_exit(r, 2)
    expect(
        r[2].startswith("latin1.csv:2:3: error[E043]: invalid UTF-8 (byte 0xE9)"), "E043 at the byte", r[2]
    )
    expect(not (d / "o.csv").exists(), "no output")
    r = run(
        "batch",
        NL_ZORG,
        pop.name,
        "--as-of",
        "2024-01-01",
        "--encoding",
        "cp1252",
        "--out",
        d / "o.csv",
        cwd=d,
    )
    expect_exit(r, 0)
    expect(
        (d / "o.csv").read_text(encoding="utf-8").splitlines()[1].startswith("p-é,"), "the person in UTF-8"
    )
    utf16 = d / "utf16.csv"
    utf16.write_bytes("person,date\np,2023-05-01\n".encode("utf-16"))
    r = run("batch", NL_ZORG, utf16.name, "--out", d / "o2.csv", cwd=d)
    expect_exit(r, 2)
    expect("error[E043]: the file is UTF-16; save it as CSV UTF-8" in r[2], "UTF-16 named", r[2])


def test_F11_latin1_portfolio_is_E041_not_garbage(d):
    p = d / "p.yaml"
    p.write_bytes(b"person: p\xe91\nachievements:\n  - {title: caf\xe9, date: 2023-05-01}\n")
    r = run("eval", NL_ZORG, p.name, "--as-of", "2024-01-01", cwd=d)
    expect_exit(r, 2)
    expect(r[2].startswith("p.yaml:1:10: error[E041]: invalid UTF-8 (byte 0xE9)"), "E041 at the byte", r[2])
    expect(r[1] == "", "no JSON", r[1])
    r = run("eval", NL_ZORG, p.name, "--as-of", "2024-01-01", "--encoding", "latin-1", cwd=d)
    expect_exit(r, 0)
    expect('"person": "pé1"' in r[1], "valid UTF-8 out", r[1])


def test_declared_attribute_typo_is_E026_in_a_copy_of_nl_zorg(d):
    rules = d / "nl-zorg"
    shutil.copytree(NL_ZORG, rules)
    keuzedelen = rules / "keuzedelen.yaml"
    text = keuzedelen.read_text(encoding="utf-8")
    keuzedelen.write_text(text.replace("attrs.exam == true", "attrs.exma == true", 1), encoding="utf-8")
    r = run("check", rules, cwd=d)
    expect_exit(r, 1)
    expect(
        "error[E026]: unknown attribute 'exma'; did you mean 'exam'?" in r[2], "E026 with a suggestion", r[2]
    )


def test_unknown_csv_column_is_W011_and_strict_makes_it_an_error(d):
    pop = write(d, "pop.csv", "person,unit,date,exma,person.rol\np,K1006,2023-05-01,true,x\n")
    r = run("batch", NL_ZORG, pop.name, "--as-of", "2024-01-01", "--out", d / "o.csv", cwd=d)
    expect_exit(r, 0)
    expect(
        "pop.csv:1:18: warning[W011]: column 'exma' is not a declared attribute (did you mean 'exam'?); "
        "its values are ignored" in r[2],
        "W011 for exma",
        r[2],
    )
    expect("pop.csv:1:23: warning[W011]: column 'person.rol'" in r[2], "W011 for person.rol", r[2])
    r = run("batch", NL_ZORG, pop.name, "--as-of", "2024-01-01", "--strict", "--out", d / "o2.csv", cwd=d)
    expect_exit(r, 2)
    expect("pop.csv:1:18: error[W011]:" in r[2] and "pop.csv:1:23: error[W011]:" in r[2], "errors now", r[2])
    expect(not (d / "o2.csv").exists(), "nothing evaluated, nothing written")


def test_warnings_show_twenty_then_a_count(d):
    lines = ["person,unit,date,grade"] + [f"p{i},K1006,2023-05-01,veel" for i in range(30)]
    pop = write(d, "pop.csv", "\n".join(lines) + "\n")
    r = run("batch", NL_ZORG, pop.name, "--as-of", "2024-01-01", "--out", d / "o.csv", cwd=d)
    expect_exit(r, 0)
    warnings = [line for line in r[2].splitlines() if "warning[W010]" in line]
    expect(len(warnings) == 20, "the first 20", r[2])
    expect("pop.csv: note: 10 more warnings not shown" in r[2], "then a count", r[2])


def test_F03_sixty_thousand_people_whose_role_changes(d):  # ctest-timeout: 30
    out = ["person,unit,title,date,hours,marks,exam,points,person.role"]
    for i in range(60000):
        out.append(f"p{i:07d},K1006,,2023-05-01,,,true,,verzorgende")
        out.append(f"p{i:07d},B1-K1,,2023-05-01,,,true,,helpende")
    pop = write(d, "conflict.csv", "\n".join(out) + "\n")
    r = run("batch", NL_ZORG, pop.name, "--as-of", "2024-01-01", "--out", d / "o.csv", cwd=d)
    expect_exit(r, 2)
    lines = r[2].splitlines()
    expect(len(lines) == 101, "100 diagnostics and one count line", len(lines), lines[:3], lines[-3:])
    expect(
        lines[0] == "conflict.csv:3:36: error[E045]: person 'p0000000' has two values for person.role: "
        "'verzorgende' (line 2) and 'helpende'",
        lines[0],
    )
    expect(lines[-1].startswith("conflict.csv: error[E045]: 59900 more persons with two values"), lines[-1])
    expect(not (d / "o.csv").exists(), "no output")


def test_F03_a_fifo_population_with_an_error_is_read_once(d):
    import os
    import threading

    fifo = d / "pop.csv"
    os.mkfifo(fifo)
    text = b"person,unit,date,marks,person.role\np,K1006,2023-05-01,nope,helpende\np,K1006,2023-05-01,,x\n"

    def feed():
        with open(fifo, "wb") as f:
            f.write(text)

    threading.Thread(target=feed, daemon=True).start()
    r = run("batch", NL_ZORG, fifo.name, "--as-of", "2024-01-01", "--out", d / "o.csv", cwd=d, timeout=20)
    expect_exit(r, 2)
    expect("pop.csv:2:20: error[E042]: unknown mark 'nope'" in r[2], "E042 with its column", r[2])
    expect(
        "pop.csv:3:21: error[E045]: person 'p' has two values for person.role: 'helpende'" in r[2],
        "E045",
        r[2],
    )


def test_F17_a_header_of_400000_columns(d):  # ctest-timeout: 30
    names = ["person", "date"] + [f"c{i}" for i in range(399998)]
    pop = write(d, "wide.csv", ",".join(names) + "\n")
    r = run("batch", NL_ZORG, pop.name, "--as-of", "2024-01-01", "--out", d / "o.csv", cwd=d)
    expect_exit(r, 0)
    expect(
        "column 'c0' is not a declared attribute" in r[2],
        "W011 (nl-zorg declares its attributes)",
        r[2][:300],
    )
    dup = write(d, "dup.csv", ",".join([*names, "C17"]) + "\n")
    r = run("batch", NL_ZORG, dup.name, "--as-of", "2024-01-01", "--out", d / "o2.csv", cwd=d)
    expect_exit(r, 2)
    expect(
        "error[E043]: column 'C17' appears twice" in r[2], "a duplicate without regard to case", r[2][-300:]
    )


def test_F20_independent_errors_in_one_pass(d):
    pop = write(
        d,
        "pop.csv",
        "person,unit,date,marks,person.role\n"
        "a,K1006,2023-02-30,,helpende\n"
        "b,K1006,2023-05-01,nrto2,helpende\n"
        "b,K1006,2023-05-01,,verzorgende\n",
    )
    r = run("batch", NL_ZORG, pop.name, "--as-of", "2024-01-01", "--out", d / "o.csv", cwd=d)
    expect_exit(r, 2)
    expect(
        r[2] == "pop.csv:2:9: error[E044]: '2023-02-30' is not a date (YYYY-MM-DD or D-M-YYYY)\n"
        "pop.csv:3:20: error[E042]: unknown mark 'nrto2'; did you mean 'nrto'?\n"
        "pop.csv:4:21: error[E045]: person 'b' has two values for person.role: 'helpende' (line 3) and "
        "'verzorgende'\n",
        "all three at once",
        r[2],
    )


if __name__ == "__main__":
    exit_with(__doc__, globals())
