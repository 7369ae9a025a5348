# SPDX-License-Identifier: Apache-2.0
"""F8: the command line and Python read the same bytes alike (SPEC §11, last bullet).

A corpus of awkward CSV files is run through ``civeff batch ... --out -`` and
through ``civeff.read_population`` + ``Ruleset.evaluate_frame``, under a ruleset
that declares its attributes and one that does not. Both must give the same
result rows, the same warnings (the CLI's stderr lines, Python's InputWarning
texts) and the same errors (code, line, column and message)."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import civeff
import pandas as pd
import pytest
from conftest import run_cli

AS_OF = "2024-01-01"

RULES = """\
civeff: 1
ruleset: parity
version: "1"
%(declarations)s
scales:
  civil_effect: {levels: [none, internal, national]}
marks:
  - {id: cert, levels: {civil_effect: national}}
units:
  - {id: K1, kind: kerntaak, hours: 100, credit_when: attrs.exam == true}
  - {id: K2, kind: kerntaak, hours: 100, credit_when: attrs.grade >= 5.5}
  - {id: K3, kind: keuzedeel, hours: 50, credit_when: attrs.points >= 4}
  - {id: K4, kind: keuzedeel, hours: 50, credit_when: attrs.since >= 2020-01-01}
diplomas:
  - id: all
    requires:
      all_of: [{unit: K1}, {unit: K2}, {unit: K3}, {unit: K4}]
  - id: hours
    requires: {hours: {min: 150, of: {kind: kerntaak}}}
  - id: nurse
    requires: {unit: K1, when: person.role == "nurse"}
"""
DECLARATIONS = """\
attributes:
  exam: {type: bool}
  grade: {type: number, min: 1, max: 10}
  points: {type: number}
  since: {type: date}
person_attributes:
  role: {type: text, values: [nurse, carer]}
"""

HEADER = "person,unit,title,date,hours,marks,exam,grade,points,since,person.role"
ROWS = [
    "p1,K1,,2023-05-01,,cert,true,7.5,4,2021-01-01,nurse",
    "p1,K2,,2023-05-02,80,,false,6,,,nurse",
    "p2,K3,Cursus,2022-01-01,,,,,5,,carer",
    "p3,K4,,2021-03-01,,,,,,2020-02-01,",
]


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


def lines(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


CORPUS: dict[str, tuple[bytes, tuple[str, ...]]] = {
    # name: (bytes, extra command-line options)
    "clean": (lines(*ROWS).encode(), ()),
    "excel-nl": (
        b"\xef\xbb\xbf"
        + crlf(
            lines(
                "p1;K1;;1-5-2023;;cert;WAAR;7,5;4;1-1-2021;nurse",
                "p1;K2;;02-05-2023;80;;ONWAAR;6;;;nurse",
                "p2;K3;Cursus;1-1-2022;;;ja;;5;;carer",
                "p3;K4;;1-3-2021;7,5;;nee;;;1-2-2020;",
                header=HEADER.replace(",", ";"),
            )
        ),
        (),
    ),
    "bom-only": (b"\xef\xbb\xbf" + lines(*ROWS).encode(), ()),
    "crlf": (crlf(lines(*ROWS)), ()),
    "tab": (lines(*(r.replace(",", "\t") for r in ROWS), header=HEADER.replace(",", "\t")).encode(), ()),
    "quoted-newlines": (
        lines('p1,K1,"two\nlines, and a comma",2023-05-01,,,true,,,,nurse', *ROWS[1:]).encode(),
        (),
    ),
    "latin-1": (lines("p1,K1,Café,2023-05-01,,,true,,,,nurse", *ROWS[1:]).encode("latin-1"), ()),
    "latin-1-read-as-latin-1": (
        lines("p1,K1,Café,2023-05-01,,,true,,,,nurse", *ROWS[1:]).encode("latin-1"),
        ("--encoding", "latin-1"),
    ),
    "cp1252": (
        lines("p1,K1,Smart “quotes”,2023-05-01,,,true,,,,nurse").encode("cp1252"),
        ("--encoding", "cp1252"),
    ),
    "utf-16": (b"\xff\xfe" + lines(*ROWS).encode("utf-16-le"), ()),
    "empty-header-name": (lines("p1,K1,,2023-05-01,,,true,,,,nurse,", header=HEADER + ",").encode(), ()),
    "duplicate-header": (
        lines("p1,K1,,2023-05-01,,,true,,,,nurse,true", header=HEADER + ",exam").encode(),
        (),
    ),
    "duplicate-header-case": (
        lines("p1,K1,,2023-05-01,,,true,,,,nurse,true", header=HEADER + ",Exam").encode(),
        (),
    ),
    "header-case-and-spaces": (
        lines(
            *ROWS, header=" PERSON , Unit,title,DATE,hours,marks,Exam,grade,points,since,Person.Role"
        ).encode(),
        (),
    ),
    "negative-hours": (lines("p1,K1,,2023-05-01,-1,,true,,,,nurse", *ROWS[1:]).encode(), ()),
    "huge-hours": (lines("p1,K1,,2023-05-01,1e400,,true,,,,nurse", *ROWS[1:]).encode(), ()),
    "huge-attribute": (lines("p1,K3,,2023-05-01,,,,,1e400,,nurse", *ROWS[1:]).encode(), ()),
    "impossible-date-attribute": (lines("p1,K4,,2023-05-01,,,,,,2023-02-30,nurse", *ROWS[1:]).encode(), ()),
    "impossible-date": (lines("p1,K4,,2023-02-30,,,,,,,nurse", *ROWS[1:]).encode(), ()),
    "unknown-column": (
        lines("p1,K1,,2023-05-01,,,true,,,,nurse,yes,x", header=HEADER + ",exma,person.rol").encode(),
        (),
    ),
    "unconvertible-values": (
        lines(
            *(f"q{i},K2,,2023-05-01,,,misschien,{i % 13 + 0.5},veel,1-13-2020,dokter" for i in range(30)),
            *ROWS,
        ).encode(),
        (),
    ),
    "month-first-column": (
        lines("p1,K4,,05-13-2023,,,,,,,nurse", "p2,K4,,1-5-2023,,,,,,,carer").encode(),
        (),
    ),
    "month-first-attribute": (
        lines("p1,K4,,2023-05-01,,,,,,05-13-2021,nurse", "p2,K4,,2023-05-01,,,,,,1-5-2021,carer").encode(),
        (),
    ),
    "semicolon-thousands": (
        lines("p1;K2;;2023-05-01;1.000;;;7.500;;;nurse", header=HEADER.replace(",", ";")).encode(),
        (),
    ),
    "unit-case": (lines("p1,k1,,2023-05-01,,,true,,,,nurse", *ROWS[1:]).encode(), ()),
    "unknown-mark": (lines("p1,K1,,2023-05-01,,bogus;cert,true,,,,nurse", *ROWS[1:]).encode(), ()),
    "person-attribute-differs": (lines(*ROWS, "p1,K3,,2023-01-01,,,,,,,carer").encode(), ()),
    "mixed-attribute-types": (
        lines(
            "p1,K1,,2023-05-01,,,true,,,,nurse",
            "p1,K2,,2023-05-01,,,1,,,,nurse",
            "p2,K2,,2023-05-01,,,2023-01-01,,,,carer",
            "p3,K2,,2023-05-01,,,text,,,,",
            header=HEADER,
        ).encode(),
        (),
    ),
    "bad-row": (lines(*ROWS, "p9,K1,,2023-05-01").encode(), ()),
    "no-person-column": (b"unit,date\nK1,2023-05-01\n", ()),
    "header-only": ((HEADER + "\n").encode(), ()),
}


@pytest.fixture(scope="module")
def rulesets(tmp_path_factory) -> dict[str, civeff.Ruleset]:
    folder = tmp_path_factory.mktemp("parity-rules")
    out = {}
    for name, declarations in (("declared", DECLARATIONS), ("undeclared", "")):
        path = folder / f"{name}.yaml"
        path.write_text(RULES % {"declarations": declarations})
        out[name] = civeff.load(path)
    return out


DIAGNOSTIC = re.compile(r": (error|warning)\[[EW]\d+\]: |: note: \d+ more warnings? not shown$")


def cli_outcome(cli: Path, rs: civeff.Ruleset, path: Path, options: tuple[str, ...]) -> tuple:
    proc = run_cli(cli, "batch", rs.path, path, "--as-of", AS_OF, "--out", "-", *options)
    found = [line for line in proc.stderr.splitlines() if DIAGNOSTIC.search(line)]
    rows = None
    if proc.returncode == 0:
        rows = pd.read_csv(
            io.StringIO(proc.stdout),
            dtype={"person": str, "diploma": str, "status": str, "missing": str},
            keep_default_na=False,
        )
    return proc.returncode, rows, found


def python_outcome(rs: civeff.Ruleset, path: Path, options: tuple[str, ...]) -> tuple:
    encoding = options[1] if options[:1] == ("--encoding",) else "utf-8"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            df = civeff.read_population(path, rs, encoding=encoding)
            out = rs.evaluate_frame(df, as_of=AS_OF)
        except civeff.InputError as e:
            return 2, None, [line for d in e.diagnostics for line in str(d).splitlines()]
    assert all(issubclass(w.category, civeff.InputWarning) for w in caught), [str(w.message) for w in caught]
    found = [str(w.message) for w in caught]
    rows = out.astype({"person": object, "diploma": object, "status": object, "missing": object})
    return 0, rows, found


@pytest.mark.parametrize("declared", ["declared", "undeclared"])
@pytest.mark.parametrize("case", sorted(CORPUS))
def test_F08_cli_and_python_read_the_same_bytes_alike(
    cli, rulesets: dict[str, civeff.Ruleset], tmp_path, case: str, declared: str
) -> None:
    data, options = CORPUS[case]
    path = tmp_path / f"{case}.csv"
    path.write_bytes(data)
    rs = rulesets[declared]
    code, cli_rows, cli_lines = cli_outcome(cli, rs, path, options)
    py_code, py_rows, py_lines = python_outcome(rs, path, options)
    # Only errors (exit 2) and, on success, the warnings: the summary lines are not diagnostics.
    assert (py_code, py_lines) == (code, cli_lines)
    assert code in (0, 2)
    if code == 0:
        pd.testing.assert_frame_equal(
            py_rows.reset_index(drop=True), cli_rows.astype(py_rows.dtypes.to_dict())
        )


def test_F08_the_corpus_shows_what_it_is_for(cli, rulesets: dict[str, civeff.Ruleset], tmp_path) -> None:
    """The parity above means something only if the corpus hits the findings: these
    cases must give the outcome named here (the CLI's, which Python then matches)."""
    expected = {
        ("negative-hours", "declared"): "E044",
        ("huge-hours", "declared"): "E044",
        ("impossible-date-attribute", "undeclared"): "E044",
        ("empty-header-name", "undeclared"): "E043",
        ("duplicate-header", "undeclared"): "E043",
        ("duplicate-header-case", "undeclared"): "E043",
        ("utf-16", "undeclared"): "E043",
        ("latin-1", "undeclared"): "E043",
        ("unknown-column", "declared"): "W011",
        ("unconvertible-values", "declared"): "more warnings not shown",
        ("month-first-column", "undeclared"): "month-first",
        ("unit-case", "declared"): "W013",
    }
    for (case, declared), needle in expected.items():
        data, options = CORPUS[case]
        path = tmp_path / f"{case}.csv"
        path.write_bytes(data)
        _, _, found = python_outcome(rulesets[declared], path, options)
        assert any(needle in line for line in found), (case, declared, found)
    # 1e400 in an undeclared attribute is text, so K3 (points >= 4) is not credited;
    # declared as a number it is W010 and left out: not credited either.
    for declared in ("declared", "undeclared"):
        data, options = CORPUS["huge-attribute"]
        path = tmp_path / "huge-attribute.csv"
        path.write_bytes(data)
        _, rows, _ = python_outcome(rulesets[declared], path, options)
        p1 = rows[(rows["person"] == "p1") & (rows["diploma"] == "all")].iloc[0]
        assert "unit:K3" in p1["missing"], (declared, p1)


def test_F08_a_frame_pandas_read_evaluates_as_the_cli_reads_the_file(
    cli, rulesets: dict[str, civeff.Ruleset], tmp_path
) -> None:
    """Frames the user built (here pd.read_csv with every cell as text) are typed by the
    same C++ functions: the same results, or an error where the CLI has one."""
    for case in (
        "clean",
        "crlf",
        "quoted-newlines",
        "negative-hours",
        "huge-hours",
        "huge-attribute",
        "impossible-date-attribute",
        "impossible-date",
        "month-first-column",
        "month-first-attribute",
        "mixed-attribute-types",
        "unconvertible-values",
    ):
        data, options = CORPUS[case]
        path = tmp_path / f"{case}.csv"
        path.write_bytes(data)
        for declared, rs in rulesets.items():
            code, cli_rows, _ = cli_outcome(cli, rs, path, options)
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", civeff.InputWarning)
                if code != 0:
                    with pytest.raises(civeff.InputError):
                        rs.evaluate_frame(df, as_of=AS_OF)
                    continue
                out = rs.evaluate_frame(df, as_of=AS_OF)
            rows = out.astype({"person": object, "diploma": object, "status": object, "missing": object})
            pd.testing.assert_frame_equal(
                rows.reset_index(drop=True), cli_rows.astype(rows.dtypes.to_dict()), obj=f"{case}/{declared}"
            )
