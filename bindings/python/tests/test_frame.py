# SPDX-License-Identifier: Apache-2.0
"""evaluate_frame / levels_frame / credits_frame / diff on pandas DataFrames (more diff in test_diff.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util

import civeff
import numpy as np
import pandas as pd
import pytest
from civeff import frame
from conftest import AS_OF, HERE, portfolios_from_frame, run_cli

POPULATION_CSV = HERE / "data" / "population.csv"
RESULT_COLUMNS = ["person", "diploma", "status", "progress", "missing"]


def expected_rows(rs: civeff.Ruleset, df: pd.DataFrame, as_of: object = AS_OF) -> pd.DataFrame:
    """evaluate_frame's output built the slow way: Ruleset.evaluate per person."""
    rows = []
    for person, portfolio in sorted(portfolios_from_frame(df).items()):
        r = rs.evaluate(portfolio, as_of=as_of)
        for diploma, d in sorted(r.diplomas.items()):
            rows.append((person, diploma, d.status, d.progress, ";".join(d.missing)))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def comparable(out: pd.DataFrame) -> pd.DataFrame:
    plain = out.astype({"person": object, "diploma": object, "status": object, "missing": object})
    return plain.reset_index(drop=True)


def assert_same(out: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(comparable(out), comparable(expected))


# ---------------------------------------------------------------- evaluate_frame


def test_output_columns_and_dtypes(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    out = rs.evaluate_frame(population_df, as_of=AS_OF)
    assert list(out.columns) == RESULT_COLUMNS
    assert isinstance(out["status"].dtype, pd.CategoricalDtype)
    assert list(out["status"].cat.categories) == ["none", "partial", "complete"]
    assert out["status"].cat.ordered
    assert out["progress"].dtype == np.float64
    assert isinstance(out.index, pd.RangeIndex)
    # Sorted by person then diploma although the input persons are not.
    keys = list(zip(out["person"], out["diploma"], strict=True))
    assert keys == sorted(keys)
    assert out["person"].unique().tolist() == ["p1", "p2", "p3", "p4"]


def test_matches_evaluate_per_person(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    out = rs.evaluate_frame(population_df, as_of=AS_OF)
    assert_same(out, expected_rows(rs, population_df))
    # Spot checks: p1 is SPEC §6's person plus an unlisted course.
    p1 = out[(out["person"] == "p1") & (out["diploma"] == "helpende-zw")].iloc[0]
    assert (p1["status"], p1["progress"], p1["missing"]) == (
        "partial",
        0.3333,
        "unit:B1-K1;keuzedelen;unit:K1006",
    )
    bhv = out[(out["person"] == "p4") & (out["diploma"] == "bhv-geldig")].iloc[0]
    assert (bhv["status"], bhv["missing"]) == ("complete", "")


def test_input_is_not_modified(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    before = population_df.copy()
    rs.evaluate_frame(population_df, as_of=AS_OF)
    pd.testing.assert_frame_equal(population_df, before)


def test_empty_frame(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    for df in (population_df.iloc[:0], pd.DataFrame()):
        out = rs.evaluate_frame(df, as_of=AS_OF)
        assert len(out) == 0
        assert list(out.columns) == RESULT_COLUMNS
        assert isinstance(out["status"].dtype, pd.CategoricalDtype)
    assert len(rs.levels_frame(pd.DataFrame(), as_of=AS_OF)) == 0
    assert list(rs.credits_frame(pd.DataFrame(), as_of=AS_OF).columns) == ["person", "unit", "date", "via"]


def test_one_person(rs: civeff.Ruleset) -> None:
    df = pd.DataFrame(
        {"person": ["p-001"], "unit": ["LE-medicatie"], "date": ["2023-05-01"], "marks": ["mbo-certificaat"]}
    )
    out = rs.evaluate_frame(df, as_of=AS_OF)
    assert out["person"].tolist() == ["p-001"] * 3
    assert out["diploma"].tolist() == ["bhv-geldig", "helpende-zw", "herregistratie"]
    assert out["status"].tolist() == ["none", "partial", "none"]


def test_minimal_columns(rs: civeff.Ruleset) -> None:
    out = rs.evaluate_frame(pd.DataFrame({"person": ["a"], "date": ["2023-01-01"]}), as_of=AS_OF)
    assert out["status"].tolist() == ["none", "none", "none"]


def test_unknown_units_credit_nothing(rs: civeff.Ruleset) -> None:
    df = pd.DataFrame({"person": ["x", "x"], "unit": ["NOT-A-UNIT", "ALSO-NOT"], "date": ["2023-01-01"] * 2})
    out = rs.evaluate_frame(df, as_of=AS_OF)
    assert out["status"].tolist() == ["none", "none", "none"]
    levels = rs.levels_frame(df, as_of=AS_OF)
    assert levels["known"].tolist() == [False, False]
    assert len(rs.credits_frame(df, as_of=AS_OF)) == 0


def test_nan_cells_are_absent(rs: civeff.Ruleset) -> None:
    base = pd.DataFrame({"person": ["x"], "unit": ["K1006"], "date": ["2023-01-01"], "exam": [True]})
    with_nans = base.assign(
        title=[np.nan],
        hours=[np.nan],
        marks=[np.nan],
        points=[np.nan],
        exempt=[None],
        **{"person.role": [None]},
    )
    assert_same(rs.evaluate_frame(with_nans, as_of=AS_OF), rs.evaluate_frame(base, as_of=AS_OF))
    # ... and so are empty strings, as empty CSV cells are.
    empties = base.assign(
        title=[""], hours=[""], marks=[""], points=[""], exempt=[""], **{"person.role": [""]}
    )
    assert_same(rs.evaluate_frame(empties, as_of=AS_OF), rs.evaluate_frame(base, as_of=AS_OF))


def test_dtypes_give_the_same_result(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    expected = rs.evaluate_frame(population_df, as_of=AS_OF)
    categorical = population_df.astype(
        {
            "person": "category",
            "unit": "category",
            "title": "category",
            "marks": "category",
            "person.role": "category",
        }
    )
    assert_same(rs.evaluate_frame(categorical, as_of=AS_OF), expected)
    datetimes = population_df.assign(date=pd.to_datetime(population_df["date"]))
    assert_same(rs.evaluate_frame(datetimes, as_of=AS_OF), expected)
    dates = population_df.assign(date=[dt.date.fromisoformat(d) for d in population_df["date"]])
    assert_same(rs.evaluate_frame(dates, as_of=dt.date(2024, 1, 1)), expected)
    tz = population_df.assign(date=pd.to_datetime(population_df["date"]).dt.tz_localize("Europe/Amsterdam"))
    assert_same(rs.evaluate_frame(tz, as_of=AS_OF), expected)
    nullable = population_df.astype({"hours": "Float64", "points": "Int64", "exempt": "boolean"})
    assert_same(rs.evaluate_frame(nullable, as_of=AS_OF), expected)
    as_text = population_df.astype(object).where(population_df.notna(), "")
    as_text = as_text.map(lambda v: str(v).lower() if isinstance(v, bool) else str(v))
    assert_same(rs.evaluate_frame(as_text, as_of=AS_OF), expected)


def test_text_storages_give_the_same_result(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    """Arrow-backed, Python-backed and object text, as columns or as categories, are
    all lent to C++ (Arrow buffers or str objects) and read alike."""
    expected = rs.evaluate_frame(population_df, as_of=AS_OF)
    text = ["person", "unit", "title", "marks", "person.role"]
    storages: list[object] = ["object", "string[python]", "category"]
    if importlib.util.find_spec("pyarrow") is not None:
        storages.append("string[pyarrow]")
    for storage in storages:
        df = population_df.astype({c: storage for c in text})
        assert_same(rs.evaluate_frame(df, as_of=AS_OF), expected)
    # Categories of object dtype (as pandas before 3 keeps them).
    ids = pd.Index(sorted(set(population_df["person"])), dtype=object)
    df = population_df.astype({"person": pd.CategoricalDtype(ids)})
    assert_same(rs.evaluate_frame(df, as_of=AS_OF), expected)


def test_categorical_persons_keep_their_dtype(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    # Categories in an order of their own, one without rows: the output reuses the dtype.
    dtype = pd.CategoricalDtype(["p4", "p3", "nobody", "p2", "p1"])
    df = population_df.astype({"person": dtype})
    out = rs.evaluate_frame(df, as_of=AS_OF)
    assert out["person"].dtype == dtype
    assert out["person"].unique().tolist() == ["p1", "p2", "p3", "p4"]  # rows sorted by id all the same
    assert_same(out, rs.evaluate_frame(population_df, as_of=AS_OF))
    # Text persons: the categories are the ids, sorted.
    plain = rs.evaluate_frame(population_df, as_of=AS_OF)
    assert plain["person"].cat.categories.tolist() == ["p1", "p2", "p3", "p4"]


def test_many_categories_widen_their_codes(rs: civeff.Ruleset) -> None:
    """int16 codes (over 127 categories) and int64 codes (pd.factorize) are widened in C++."""
    n = 400
    persons = pd.Categorical([f"p{i:03d}" for i in range(n)])
    assert persons.codes.dtype == np.int16
    df = pd.DataFrame(
        {"person": persons, "unit": ["K1006"] * n, "date": ["2023-01-01"] * n, "exam": [True] * n}
    )
    out = rs.evaluate_frame(df, as_of=AS_OF)
    assert out["person"].nunique() == n
    assert_same(out, rs.evaluate_frame(df.astype({"person": str}), as_of=AS_OF))


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_datetime_units_and_times_of_day(rs: civeff.Ruleset, unit: str) -> None:
    """Any datetime64 unit; a time of day is that calendar day, before 1970 too
    (floor, not truncation): counted on its day, not the day before."""
    for stamp in ("1969-12-31 23:00:00", "1960-02-29 12:30:00", "2023-01-01 00:00:00", "2023-01-01 23:59:59"):
        when = pd.Timestamp(stamp)
        df = pd.DataFrame({"person": ["a"], "date": pd.Series([when]).astype(f"datetime64[{unit}]")})
        on_the_day = rs.levels_frame(df, as_of=when.date())
        day_before = rs.levels_frame(df, as_of=(when - pd.Timedelta(days=1)).date())
        assert on_the_day["counted"].tolist() == [True], stamp
        assert day_before["counted"].tolist() == [False], stamp


def test_missing_cells_of_lent_columns_name_their_row(rs: civeff.Ruleset) -> None:
    df = pd.DataFrame(
        {"person": ["a", "b", "c"], "date": pd.to_datetime(["2023-01-01", None, "2023-01-01"])},
        index=[10, 11, 12],
    )
    with pytest.raises(civeff.InputError, match=r"row 11: the date is missing"):
        rs.evaluate_frame(df, as_of=AS_OF)
    ok = df.assign(date=pd.Timestamp("2023-01-01"))
    for person in (pd.Categorical(["a", None, "c"]), pd.Categorical(["a", "", "c"]), ["a", "", "c"]):
        with pytest.raises(civeff.InputError, match=r"row 11: the person is missing"):
            rs.evaluate_frame(ok.assign(person=person), as_of=AS_OF)


def test_dates_no_day_count_holds_are_input_errors(rs: civeff.Ruleset) -> None:
    """datetime64[s] reaches far past the int32 days the engine counts: an error, not a wrap."""
    far = pd.Series(np.array([0, 10**15], dtype=np.int64).view("datetime64[s]"))
    df = pd.DataFrame({"person": ["a", "b"], "date": pd.Timestamp("2023-01-01")})
    with pytest.raises(civeff.InputError, match=r"row 1: the date is out of range"):
        rs.evaluate_frame(df.assign(date=far), as_of=AS_OF)
    with pytest.raises(civeff.InputError, match=r"row 1: attribute since: the date is out of range"):
        rs.evaluate_frame(df.assign(since=far), as_of=AS_OF)


def test_population_checks_what_it_is_given() -> None:
    """_core.Population is private, but bad arguments are errors, never a crash."""
    codes, days = np.array([0, 1], dtype=np.int32), (np.array([19000, 19001], dtype=np.int64), 1)
    civeff._core.Population(2, (codes, ["a", "b"]), days)  # fine
    with pytest.raises(ValueError, match="1-d array of 2 values"):
        civeff._core.Population(2, (codes[:1], ["a", "b"]), days)
    with pytest.raises(TypeError, match="categories must be str"):
        civeff._core.Population(2, (codes, ["a", 3]), days)
    with pytest.raises(ValueError, match="bad Arrow offsets"):
        arrow = (np.array([0, 1, 99], dtype=np.int32), np.frombuffer(b"ab", dtype=np.uint8))
        civeff._core.Population(2, (codes, arrow), days)
    with pytest.raises(ValueError, match="unknown kind"):
        civeff._core.Population(2, (codes, ["a", "b"]), days, attributes=[("x", False, "colour", codes)])


def test_codes_out_of_range_are_input_errors(rs: civeff.Ruleset) -> None:
    days = (np.array([19000, 19001], dtype=np.int64), 1)
    pop = civeff._core.Population(2, (np.array([0, 5], dtype=np.int32), ["a", "b"]), days)
    with pytest.raises(civeff.InputError, match="code 5 in row 1 is outside its 2 categories"):
        rs._impl.batch(pop, AS_OF, 0)
    unit = (np.array([0, -7], dtype=np.int64), ["K1006"])
    pop = civeff._core.Population(2, (np.array([0, 1], dtype=np.int32), ["a", "b"]), days, unit=unit)
    with pytest.raises(civeff.InputError, match="code -7 in row 1"):
        rs._impl.batch(pop, AS_OF, 0)


def test_integer_ids_are_text(rs: civeff.Ruleset) -> None:
    df = pd.DataFrame({"person": [1001, 1002, 1001], "date": ["2023-01-01"] * 3, "unit": ["B1-K1"] * 3})
    out = rs.evaluate_frame(df, as_of=AS_OF)
    assert out["person"].unique().tolist() == ["1001", "1002"]
    # pandas reads an id column with gaps as float64: 1001.0 is still person "1001".
    floats = df.assign(person=df["person"].astype(float))
    assert_same(rs.evaluate_frame(floats, as_of=AS_OF), out)


def test_marks_as_lists(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    lists = population_df.assign(
        marks=[None, ["mbo-certificaat"], None, ["nrto", "vv-accredited"], [], None, None, None]
    )
    assert_same(rs.evaluate_frame(lists, as_of=AS_OF), rs.evaluate_frame(population_df, as_of=AS_OF))


def test_attribute_typing(rs: civeff.Ruleset) -> None:
    # `exam` read as text "true" is the boolean true, as in a CSV (credit_when: attrs.exam == true).
    for exam in ("true", True, np.bool_(True)):
        df = pd.DataFrame({"person": ["x"], "unit": ["K1006"], "date": ["2023-01-01"], "exam": [exam]})
        assert rs.credits_frame(df, as_of=AS_OF)["unit"].tolist() == ["K1006"], exam
    df = pd.DataFrame({"person": ["x"], "unit": ["K1006"], "date": ["2023-01-01"], "exam": ["True"]})
    assert rs.credits_frame(df, as_of=AS_OF).empty  # only `true` is a boolean (SPEC §10)
    # points as text "5" is a number: vv-accredited gives sector.
    df = pd.DataFrame({"person": ["x"], "date": ["2023-01-01"], "marks": ["vv-accredited"], "points": ["5"]})
    assert rs.levels_frame(df, as_of=AS_OF)["civil_effect"].tolist() == ["sector"]


def test_unknown_mark_names_its_row(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    df = population_df.copy()
    df.loc[5, "marks"] = "kick;no-such-mark"
    with pytest.raises(civeff.InputError, match=r"row 5 \(person 'p4'\): unknown mark 'kick'") as info:
        rs.evaluate_frame(df, as_of=AS_OF)
    assert info.value.diagnostics[0].code == "E042"


def test_person_attribute_must_agree(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    df = population_df.copy()
    df.loc[2, "person.role"] = "other"
    for method in (rs.evaluate_frame, rs.levels_frame, rs.credits_frame):
        with pytest.raises(civeff.InputError, match=r"p2.*person\.role") as info:
            method(df, as_of=AS_OF)
        assert info.value.diagnostics[0].code == "E045"


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"date": ["2023-01-01", None]}, r"row 1: the date is missing"),
        ({"date": ["2023-01-01", "01/01/2023"]}, r"row 1: date: '01/01/2023' is not a date"),
        ({"date": ["2023-01-01", "2023-02-30"]}, r"row 1: date: '2023-02-30' is not a date"),
        ({"person": ["a", None]}, r"row 1: the person is missing"),
        ({"hours": ["8", "many"]}, r"row 1: hours: 'many' is not a number >= 0"),
        ({"hours": ["8", "-1"]}, r"row 1: hours: '-1' is not a number >= 0"),
        ({"hours": [8.0, -1.0]}, r"row 1: hours: -1 is not a number >= 0"),
        ({"hours": [8.0, float("inf")]}, r"row 1: hours: inf is not a number >= 0"),
        ({"exempt": [True, "maybe"]}, r"row 1: exempt must be true or false .*not 'maybe'"),
    ],
)
def test_bad_cells(rs: civeff.Ruleset, change: dict, match: str) -> None:
    df = pd.DataFrame({"person": ["a", "b"], "unit": ["B1-K1", "B1-K1"], "date": ["2023-01-01"] * 2}).assign(
        **change
    )
    with pytest.raises(civeff.InputError, match=match):
        rs.evaluate_frame(df, as_of=AS_OF)


def test_bad_frames(rs: civeff.Ruleset) -> None:
    with pytest.raises(civeff.InputError, match="no 'date' column"):
        rs.evaluate_frame(pd.DataFrame({"person": ["a"]}), as_of=AS_OF)
    with pytest.raises(civeff.InputError, match="no 'person' column"):
        rs.evaluate_frame(pd.DataFrame({"date": ["2023-01-01"]}), as_of=AS_OF)
    with pytest.raises(civeff.InputError, match="column names must be strings"):
        rs.evaluate_frame(pd.DataFrame({"person": ["a"], "date": ["2023-01-01"], 3: [1]}), as_of=AS_OF)
    with pytest.raises(TypeError, match="DataFrame"):
        rs.evaluate_frame({"person": ["a"]}, as_of=AS_OF)  # type: ignore[arg-type]


def test_threads(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    big = pd.concat([population_df.assign(person=population_df["person"] + f"-{i}") for i in range(300)])
    one = rs.evaluate_frame(big, as_of=AS_OF, threads=1)
    assert_same(rs.evaluate_frame(big, as_of=AS_OF, threads=4), one)
    assert_same(rs.evaluate_frame(big, as_of=AS_OF), one)
    pd.testing.assert_frame_equal(
        rs.levels_frame(big, as_of=AS_OF, threads=3), rs.levels_frame(big, as_of=AS_OF, threads=1)
    )
    pd.testing.assert_frame_equal(
        rs.credits_frame(big, as_of=AS_OF, threads=3), rs.credits_frame(big, as_of=AS_OF, threads=1)
    )
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="threads"):
            rs.evaluate_frame(population_df, as_of=AS_OF, threads=bad)  # type: ignore[arg-type]


def test_as_of_moves_results(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    early = rs.evaluate_frame(population_df, as_of="2021-01-01")
    assert_same(early, expected_rows(rs, population_df, as_of="2021-01-01"))
    # BHV lapses after a year (valid_for: P1Y).
    late = rs.evaluate_frame(population_df, as_of=dt.date(2024, 7, 1))
    assert late.query("person == 'p4' and diploma == 'bhv-geldig'")["status"].tolist() == ["none"]


# ---------------------------------------------------------------- CSV: the engine's reader and the CLI


def test_read_population_matches_the_engines_csv_reader(rs: civeff.Ruleset) -> None:
    df = civeff.read_population(POPULATION_CSV)
    ours = rs.evaluate_frame(df, as_of=AS_OF)
    engine = frame._result_frame(
        rs._impl.batch(civeff._core.Population.read_csv(str(POPULATION_CSV)), AS_OF, 0, with_persons=True)
    )
    pd.testing.assert_frame_equal(ours, engine)
    # pandas' own typing of the same file gives the same answers here.
    assert_same(rs.evaluate_frame(pd.read_csv(POPULATION_CSV), as_of=AS_OF), ours)


def test_matches_cli_batch(rs: civeff.Ruleset, cli, tmp_path) -> None:
    out_csv = tmp_path / "out.csv"
    proc = run_cli(cli, "batch", rs.path, POPULATION_CSV, "--as-of", AS_OF, "--out", out_csv)
    assert proc.returncode == 0, proc.stderr
    expected = pd.read_csv(
        out_csv, dtype={"person": str, "diploma": str, "missing": str}, keep_default_na=False
    )
    ours = rs.evaluate_frame(civeff.read_population(POPULATION_CSV), as_of=AS_OF)
    assert_same(ours, expected)


def test_diff_matches_cli(rs: civeff.Ruleset, rs_scenario: civeff.Ruleset, cli, tmp_path) -> None:
    out_csv = tmp_path / "diff.csv"
    proc = run_cli(
        cli,
        "diff",
        rs.path,
        POPULATION_CSV,
        "--overlay",
        rs_scenario.overlay_paths[0],
        "--as-of",
        AS_OF,
        "--out",
        out_csv,
    )
    assert proc.returncode == 0, proc.stderr
    expected = pd.read_csv(out_csv, dtype=str, keep_default_na=False)
    expected = expected[expected["kind"] == "diploma"].reset_index(drop=True)
    assert len(expected) > 0
    changes = civeff.diff(rs, rs_scenario, civeff.read_population(POPULATION_CSV), as_of=AS_OF)
    # The CLI's diploma rows, column for column (test_diff.py compares the whole CSV).
    ours = changes.diplomas
    for column, cli_column in (
        ("person", "person"),
        ("diploma", "subject"),
        ("status_before", "before"),
        ("status_after", "after"),
        ("missing_before", "missing_before"),
        ("missing_after", "missing_after"),
        ("cause", "cause"),
    ):
        assert ours[column].astype(object).fillna("").tolist() == expected[cli_column].tolist(), column
    for column in ("progress_before", "progress_after"):
        assert ours[column].tolist() == expected[column].astype(float).tolist()


# ---------------------------------------------------------------- diff


def test_diff(rs: civeff.Ruleset, rs_scenario: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    changes = civeff.diff(rs, rs_scenario, population_df, as_of=AS_OF)
    assert isinstance(changes, civeff.Diff)
    diplomas = changes.diplomas
    assert list(diplomas.columns) == [
        "person",
        "diploma",
        "status_before",
        "status_after",
        "progress_before",
        "progress_after",
        "missing_before",
        "missing_after",
        "change",
        "cause",
    ]
    before = rs.evaluate_frame(population_df, as_of=AS_OF).set_index(["person", "diploma"])
    after = rs_scenario.evaluate_frame(population_df, as_of=AS_OF).set_index(["person", "diploma"])
    changed = (
        (before["status"] != after["status"])
        | (before["progress"] != after["progress"])
        | (before["missing"].astype(str) != after["missing"].astype(str))
    )
    assert list(zip(diplomas["person"], diplomas["diploma"], strict=True)) == list(
        before.index[changed.to_numpy()]
    )
    # p1 loses the medicatie equivalence in the scenario.
    row = diplomas[(diplomas["person"] == "p1") & (diplomas["diploma"] == "helpende-zw")].iloc[0]
    assert (row["status_before"], row["status_after"]) == ("partial", "none")
    assert (row["progress_before"], row["progress_after"]) == (0.3333, 0.0)
    assert "equivalence:eq-medicatie" in row["cause"].split(";")
    same = civeff.diff(rs, rs, population_df, as_of=AS_OF)
    assert same.diplomas.empty and same.levels.empty and same.credits.empty


# ---------------------------------------------------------------- levels_frame, credits_frame


def test_levels_frame(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    df = population_df.set_axis([f"r{i}" for i in range(len(population_df))])
    levels = rs.levels_frame(df, as_of=AS_OF)
    assert levels.index.equals(df.index)
    assert list(levels.columns) == ["known", "counted", "civil_effect", "nlqf"]
    portfolios = portfolios_from_frame(df)
    seen: dict[str, int] = {}
    for label, row in df.iterrows():
        k = seen.get(row["person"], 0)
        seen[row["person"]] = k + 1
        a = rs.evaluate(portfolios[row["person"]], as_of=AS_OF).achievements[k]
        assert levels.loc[label, "known"] == a.known
        assert levels.loc[label, "counted"] == a.counted
        for scale in rs.scales:
            value = levels.loc[label, scale]
            assert (None if pd.isna(value) else value) == (a.levels or {}).get(scale), (label, scale)
    assert levels.loc["r3", "civil_effect"] == "sector"  # nrto + vv-accredited with 5 points


def test_credits_frame(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    credits = rs.credits_frame(population_df, as_of=AS_OF)
    assert list(credits.columns) == ["person", "unit", "date", "via"]
    assert pd.api.types.is_datetime64_any_dtype(credits["date"])
    expected = []
    for person, portfolio in sorted(portfolios_from_frame(population_df).items()):
        for unit, c in sorted(rs.evaluate(portfolio, as_of=AS_OF).credited.items()):
            expected.append((person, unit, pd.Timestamp(c.date), c.via))
    got = list(credits.itertuples(index=False, name=None))
    assert got == expected
    assert ("p4", "KD-wondzorg", pd.Timestamp("2021-03-01"), "wondzorg-stack") in got
    assert ("p4", "BHV", pd.Timestamp("2023-06-01"), "exemption") in got


def test_nl_zorg_sample_population(nl_zorg: civeff.Ruleset) -> None:
    """The bundled population (2,000 people) under the real rules: pandas' reading
    and the engine's CSV reader agree."""
    from conftest import REPO

    sample = REPO / "examples" / "population" / "sample.csv"
    if not sample.is_file():
        pytest.skip("examples/population/sample.csv is not in this checkout")
    as_of = "2026-06-01"
    ours = nl_zorg.evaluate_frame(civeff.read_population(sample), as_of=as_of)
    engine = frame._result_frame(
        nl_zorg._impl.batch(civeff._core.Population.read_csv(str(sample)), as_of, 0, with_persons=True)
    )
    pd.testing.assert_frame_equal(ours, engine)
    assert_same(nl_zorg.evaluate_frame(pd.read_csv(sample), as_of=as_of), ours)
    assert ours["person"].nunique() == 2000
    assert set(ours["status"]) == {"none", "partial", "complete"}
