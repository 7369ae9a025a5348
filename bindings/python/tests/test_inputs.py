# SPDX-License-Identifier: Apache-2.0
"""SPEC §11 in Python: declared attributes in DataFrames and portfolio dicts,
InputWarning, strict=True, encodings, and the findings about Python input
(F11: text that is not UTF-8; F20: NaN dates and numbers no float holds)."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import civeff
import numpy as np
import pandas as pd
import pytest
from conftest import AS_OF, NL_ZORG, REPO

RULES = """\
civeff: 1
ruleset: inputs
version: "1"
attributes:
  exam: {type: bool}
  grade: {type: number, min: 1, max: 10}
  since: {type: date}
  level: {type: text, values: [basis, gevorderd]}
person_attributes:
  role: {type: text, values: [nurse, carer]}
units:
  - {id: K1, kind: kerntaak, hours: 100, credit_when: attrs.exam == true}
  - {id: K2, kind: kerntaak, hours: 100, credit_when: attrs.grade >= 5.5}
  - {id: K3, kind: kerntaak, hours: 100, credit_when: attrs.since >= 2020-01-01}
  - {id: K4, kind: kerntaak, hours: 100, credit_when: attrs.level == "gevorderd"}
diplomas:
  - id: d
    requires: {all_of: [{unit: K1}, {unit: K2}, {unit: K3}, {unit: K4}]}
  - id: nurse
    requires: {unit: K1, when: person.role == "nurse"}
"""


@pytest.fixture(scope="module")
def declared(tmp_path_factory) -> civeff.Ruleset:
    path = tmp_path_factory.mktemp("inputs") / "rules.yaml"
    path.write_text(RULES)
    return civeff.load(path)


def credited(rs: civeff.Ruleset, df: pd.DataFrame, **kwargs: object) -> list[tuple[str, str]]:
    out = rs.credits_frame(df, as_of=AS_OF, **kwargs)
    return list(zip(out["person"], out["unit"], strict=True))


def frame(**columns: list) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {"person": [f"p{i}" for i in range(n)], "date": ["2023-05-01"] * n}
    return pd.DataFrame(base | columns)


# ---------------------------------------------------------------- DataFrames


def test_declared_attributes_convert_in_dataframes(declared: civeff.Ruleset) -> None:
    spellings = ["WAAR", "ja", "Yes", " true ", "1", 1, 1.0, True]
    df = frame(unit=["K1"] * len(spellings), exam=spellings)
    assert credited(declared, df) == [(f"p{i}", "K1") for i in range(len(spellings))]
    grades = frame(unit=["K2"] * 4, grade=["7,5", "7.5", 8, " 6 "])
    assert len(credited(declared, grades)) == 4
    dates = frame(unit=["K3"] * 3, since=["1-5-2021", "01-05-2021", "2021-05-01"])
    assert len(credited(declared, dates)) == 3
    texts = frame(unit=["K4"], level=[" gevorderd "])
    assert credited(declared, texts) == [("p0", "K4")]
    # Typed columns of the type declared are lent as they are.
    typed = frame(unit=["K1", "K2", "K3"], exam=[True, False, False], grade=[np.nan, 6.0, np.nan])
    typed["since"] = pd.to_datetime(["2019-01-01", "2019-01-01", "2021-01-01"])
    assert credited(declared, typed) == [("p0", "K1"), ("p1", "K2"), ("p2", "K3")]


def test_w010_names_the_row_label_and_leaves_the_value_out(declared: civeff.Ruleset) -> None:
    df = frame(unit=["K2", "K2", "K1"], grade=["7,5", "11", None], exam=[None, None, "misschien"])
    df.index = ["a", "b", "c"]
    with pytest.warns(civeff.InputWarning) as caught:
        out = credited(declared, df)
    assert out == [("p0", "K2")]
    assert [str(w.message) for w in caught] == [
        "<DataFrame>: warning[W010]: row 'b': grade: 11 is above the maximum 10; the value is left out",
        "<DataFrame>: warning[W010]: row 'c': exam: 'misschien' is not a bool "
        "(true/false, ja/nee, waar/onwaar, yes/no, 1/0); the value is left out",
    ]
    assert all(isinstance(w.message, civeff.InputWarning) for w in caught)
    d = caught[0].message.diagnostic  # type: ignore[union-attr]
    assert (d.code, d.severity, d.file) == ("W010", "warning", "<DataFrame>")
    # A float64 column (lent to C++) is checked against min/max too.
    numbers = frame(unit=["K2", "K2"], grade=[7.0, 0.5])
    with pytest.warns(civeff.InputWarning, match=r"row 1: grade: 0.5 is below the minimum 1"):
        assert credited(declared, numbers) == [("p0", "K2")]


def test_w010_first_twenty_then_a_count(declared: civeff.Ruleset) -> None:
    df = frame(unit=["K1"] * 30, exam=["kapot"] * 30, grade=["x"] * 30)
    with pytest.warns(civeff.InputWarning) as caught:
        declared.evaluate_frame(df, as_of=AS_OF)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 21
    # Row order, then column order, as a file's line and column.
    assert messages[0].startswith("<DataFrame>: warning[W010]: row 0: exam:")
    assert messages[1].startswith("<DataFrame>: warning[W010]: row 0: grade:")
    assert messages[19].startswith("<DataFrame>: warning[W010]: row 9: grade:")
    assert messages[20] == "<DataFrame>: note: 40 more warnings not shown"
    assert caught[20].message.diagnostic is None  # type: ignore[union-attr]


def test_w011_once_per_undeclared_column(declared: civeff.Ruleset) -> None:
    df = frame(unit=["K1", "K1"], exam=["ja", "ja"], exma=[1, 2], **{"person.rol": ["x", "y"]})
    with pytest.warns(civeff.InputWarning) as caught:
        assert len(credited(declared, df)) == 2
    assert [str(w.message) for w in caught] == [
        "<DataFrame>: warning[W011]: column 'exma' is not a declared attribute (did you mean 'exam'?); "
        "its values are ignored",
        "<DataFrame>: warning[W011]: column 'person.rol' is not a declared person attribute (did you mean "
        "'person.role'?); its values are ignored",
    ]


def test_strict_turns_every_w010_and_w011_into_one_input_error(declared: civeff.Ruleset) -> None:
    df = frame(unit=["K1"] * 25, exam=["kapot"] * 25, colour=["red"] * 25)
    for method in (declared.evaluate_frame, declared.levels_frame, declared.credits_frame):
        with pytest.raises(civeff.InputError) as info:
            method(df, as_of=AS_OF, strict=True)
        codes = [d.code for d in info.value.diagnostics]
        assert codes == ["W011"] + ["W010"] * 25, codes
        assert all(d.severity == "error" for d in info.value.diagnostics)
        assert str(info.value.diagnostics[1]).startswith("<DataFrame>: error[W010]: row 0: exam:")
    with pytest.raises(civeff.InputError):
        civeff.diff(declared, declared, df, as_of=AS_OF, strict=True)


def test_header_rules_follow_the_csv(declared: civeff.Ruleset, rs: civeff.Ruleset) -> None:
    df = pd.DataFrame({" Person ": ["p"], "DATE": ["2023-05-01"], "Unit": ["K1"], "EXAM": ["ja"]})
    assert credited(declared, df) == [("p", "K1")]
    for bad, match in (
        ({"exam": [1], "Exam": [1]}, "appears twice"),
        ({"person.": [1]}, "names no attribute"),
    ):
        with pytest.raises(civeff.InputError, match=match):
            rs.evaluate_frame(frame(**bad), as_of=AS_OF)


def test_diff_warns_once_for_what_both_rulesets_find(declared: civeff.Ruleset) -> None:
    df = frame(unit=["K2"], grade=["11"])
    with pytest.warns(civeff.InputWarning) as caught:
        civeff.diff(declared, declared, df, as_of=AS_OF)
    assert len(caught) == 1


def test_F08_undeclared_text_cells_are_typed_as_the_cli_types_them(rs: civeff.Ruleset) -> None:
    """One C++ function types an undeclared CSV cell and a DataFrame str cell."""
    points = frame(marks=["vv-accredited"] * 3, points=["5", "1e400", "5e0"])
    levels = rs.levels_frame(points, as_of=AS_OF)["civil_effect"].tolist()
    # "1e400" is no finite number: text (as in the CLI), so vv-accredited's `points >= 4` is false.
    assert levels[0] == levels[2] == "sector"
    assert levels[1] != "sector"
    with pytest.raises(civeff.InputError, match=r"row 0: since: '2023-02-30' is not a date \(YYYY-MM-DD\)"):
        rs.evaluate_frame(frame(since=["2023-02-30"]), as_of=AS_OF)
    # A bool is not the number 1, though pandas hashes them alike.
    mixed = frame(unit=["K1006", "K1006"], exam=pd.Series([True, 1], dtype=object))
    assert credited(rs, mixed) == [("p0", "K1006")]


def test_F08_hours_are_numbers_of_at_least_zero(rs: civeff.Ruleset) -> None:
    for hours in ([-1.0], ["-100"], [float("inf")], ["1e400"]):
        with pytest.raises(civeff.InputError, match=r"row 0: hours: .* is not a number >= 0"):
            rs.evaluate_frame(frame(hours=hours), as_of=AS_OF)


def test_F11_text_without_utf8_in_a_dataframe_names_its_row(rs: civeff.Ruleset) -> None:
    bad = b"caf\xe9".decode("utf-8", errors="surrogateescape")
    for column in ("person", "unit", "title", "points", "person.role"):
        # object: pandas' Arrow strings cannot hold such text at all.
        df = pd.DataFrame(
            {"person": ["a", "b"], "date": ["2023-01-01"] * 2, column: ["ok", bad]}, dtype=object
        )
        with pytest.raises(civeff.InputError, match=r"row 1: .*not valid Unicode"):
            rs.evaluate_frame(df, as_of=AS_OF)
    with pytest.raises(civeff.InputError, match="not valid Unicode"):
        columns = pd.Index(["person", "date", bad], dtype=object)
        rs.evaluate_frame(pd.DataFrame([["a", "2023-01-01", 1]], columns=columns), as_of=AS_OF)


# ---------------------------------------------------------------- read_population


def test_read_population_columns_and_dtypes(declared: civeff.Ruleset, tmp_path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "person,unit,title,date,hours,marks,exempt,exam,grade,since,level,person.role,notes,mixed\n"
        'p2,K1,,2023-05-01,8,,ja,WAAR,"7,5",1-5-2021,basis,nurse,x,true\n'
        "p1,,Cursus,2023-05-02,,,,,,,,carer,,5\n"
    )
    with pytest.warns(civeff.InputWarning, match="W011"):
        df = civeff.read_population(path, declared)
    assert list(df.columns) == [
        "person", "unit", "title", "date", "hours", "marks", "exempt",
        "exam", "grade", "since", "level", "person.role",
    ]  # fmt: skip
    assert isinstance(df.index, pd.RangeIndex)
    assert df["person"].cat.categories.tolist() == ["p1", "p2"]
    assert df["person"].tolist() == ["p2", "p1"]
    assert df["date"].dtype == "datetime64[s]"
    assert df["hours"].dtype == np.float64 and np.isnan(df["hours"][1])
    assert df["exempt"].dtype == bool and df["exempt"].tolist() == [True, False]
    assert df["exam"].dtype == "boolean" and df["exam"].tolist() == [True, pd.NA]
    assert df["grade"].tolist()[0] == 7.5
    assert df["since"].tolist()[0] == pd.Timestamp("2021-05-01")
    assert isinstance(df["level"].dtype, pd.CategoricalDtype)
    plain = civeff.read_population(path)  # no ruleset: SPEC §3 typing, every column kept
    assert plain["exam"].tolist()[0] == "WAAR"
    assert plain["mixed"].dtype == object and plain["mixed"].tolist() == [True, 5.0]
    assert isinstance(plain["notes"].dtype, pd.CategoricalDtype)


def test_F11_read_population_reports_invalid_utf8_at_its_line_and_column(tmp_path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("person,unit,title,date\np1,K1,Café,2023-05-01\n".encode("latin-1"))
    with pytest.raises(civeff.InputError) as info:
        civeff.read_population(path)
    d = info.value.diagnostics[0]
    assert (d.file, d.line, d.column, d.code) == (str(path), 2, 10, "E043")
    df = civeff.read_population(path, encoding="latin-1")
    assert df["title"].tolist() == ["Café"]
    with pytest.raises(civeff.InputError, match="encoding"):
        civeff.read_population(path, encoding="ebcdic")


def test_read_population_strict(declared: civeff.Ruleset, tmp_path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("person,date,unit,exam,colour\np1,2023-05-01,K1,kapot,red\n")
    with pytest.raises(civeff.InputError) as info:
        civeff.read_population(path, declared, strict=True)
    assert [(d.code, d.line) for d in info.value.diagnostics] == [("W011", 1), ("W010", 2)]


# ---------------------------------------------------------------- the acceptance case


def day_first(iso: str, pad: bool) -> str:
    year, month, day = iso.split("-")
    return f"{day}-{month}-{year}" if pad else f"{int(day)}-{int(month)}-{year}"


def excel_nl_twin(clean: Path, out: Path) -> None:
    """The population as Dutch Excel saves it: ';', BOM, CRLF, D-M-YYYY dates,
    WAAR/ONWAAR/ja/nee booleans and decimal commas (as tests/cli/inputs_test.py builds it)."""
    with clean.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
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


def test_excel_nl_file_and_its_clean_twin_give_equal_frames(nl_zorg: civeff.Ruleset, tmp_path) -> None:
    sample = REPO / "examples" / "population" / "sample.csv"
    if not sample.is_file():
        pytest.skip("examples/population/sample.csv is not in this checkout")
    assert (NL_ZORG / "attributes.yaml").is_file()
    excel = tmp_path / "excel-nl.csv"
    excel_nl_twin(sample, excel)
    as_of = "2026-11-01"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no W010 (nor any other warning)
        clean = nl_zorg.evaluate_frame(civeff.read_population(sample, nl_zorg), as_of=as_of)
        dutch = nl_zorg.evaluate_frame(civeff.read_population(excel, nl_zorg), as_of=as_of)
        # The same file read by pandas, every cell as text: the DataFrame path converts alike.
        by_pandas = pd.read_csv(excel, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        dutch_pandas = nl_zorg.evaluate_frame(by_pandas, as_of=as_of)
    assert len(clean) > 1000
    pd.testing.assert_frame_equal(dutch, clean)
    pd.testing.assert_frame_equal(
        dutch_pandas.astype({"person": str}), clean.astype({"person": str}), check_categorical=False
    )
