# SPDX-License-Identifier: Apache-2.0
"""civeff.diff and civeff.Diff: the full diff of SPEC §12 on DataFrames, against `civeff diff`."""

from __future__ import annotations

import io
import json
import textwrap

import civeff
import numpy as np
import pandas as pd
import pytest
from conftest import AS_OF, HERE, NL_ZORG, REPO, run_cli

SAMPLE = REPO / "examples" / "population" / "sample.csv"
NRTO = NL_ZORG / "scenarios" / "nrto-national.yaml"
SAMPLE_AS_OF = "2026-06-01"
POPULATION_CSV = HERE / "data" / "population.csv"

DIPLOMA_COLUMNS = [
    "person", "diploma", "status_before", "status_after", "progress_before", "progress_after",
    "missing_before", "missing_after", "change", "cause",
]  # fmt: skip
LEVEL_COLUMNS = ["person", "subject", "scale", "unit", "date", "before", "after", "change", "cause"]
CREDIT_COLUMNS = ["person", "subject", "before", "after", "date_before", "date_after", "change", "cause"]
SUMMARY_COLUMNS = ["kind", "change", "cause", "rows", "people", "example"]

# tests/cli's small ruleset: the overlay asks one course instead of two.
SMALL = textwrap.dedent(
    """\
    civeff: 1
    ruleset: small
    version: "1"
    scales:
      civil_effect: {levels: [none, internal, sector, national]}
    marks:
      - id: nrto
        levels: {civil_effect: sector}
    units:
      - {id: A, kind: course, hours: 10}
      - {id: B, kind: course}
    diplomas:
      - id: d
        requires:
          all_of:
            - unit: A
            - count: {min: 2, of: {kind: course}}
    """
)
ONE_COURSE = {
    "civeff": 1,
    "overlay": "one-course-enough",
    "diplomas": [
        {"id": "d", "requires": {"all_of": [{"unit": "A"}, {"count": {"min": 1, "of": {"kind": "course"}}}]}}
    ],
}
SMALL_POPULATION = "person,unit,date,marks\np2,X,2023-01-01,\np1,A,2023-05-01,nrto\n"


@pytest.fixture(scope="module")
def nrto() -> tuple[civeff.Ruleset, civeff.Ruleset, civeff.Diff]:
    for needed in (NL_ZORG / "ruleset.yaml", NRTO, SAMPLE):
        if not needed.is_file():
            pytest.skip(f"{needed.relative_to(REPO)} is not in this checkout")
    base = civeff.load(NL_ZORG)
    scenario = civeff.load(NL_ZORG, overlays=[NRTO])
    df = civeff.read_population(SAMPLE, base)
    return base, scenario, civeff.diff(base, scenario, df, as_of=SAMPLE_AS_OF)


@pytest.fixture()
def small(tmp_path) -> tuple[civeff.Ruleset, civeff.Ruleset, pd.DataFrame]:
    (tmp_path / "ruleset.yaml").write_text(SMALL)
    (tmp_path / "overlay.yaml").write_text(json.dumps(ONE_COURSE))
    (tmp_path / "pop.csv").write_text(SMALL_POPULATION)
    base = civeff.load(tmp_path / "ruleset.yaml")
    after = civeff.load(tmp_path / "ruleset.yaml", overlays=[tmp_path / "overlay.yaml"])
    return base, after, civeff.read_population(tmp_path / "pop.csv", base)


def cli_diff(cli, before: civeff.Ruleset, after: civeff.Ruleset, population, as_of, tmp_path, *extra):
    """`civeff diff` of `after`'s overlay files on `before`: (CSV bytes, JSON document, stdout)."""
    assert before.path is not None
    overlays = [a for path in after.overlay_paths for a in ("--overlay", path)]
    args = ["diff", before.path, population, *overlays, "--as-of", as_of]
    out_csv = tmp_path / "cli.csv"
    proc = run_cli(cli, *args, "--out", out_csv, *extra)
    assert proc.returncode == 0, proc.stderr
    as_json = run_cli(cli, *args, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    summary = run_cli(cli, *args)
    assert summary.returncode == 0, summary.stderr
    return out_csv.read_bytes(), json.loads(as_json.stdout), summary.stdout


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [
        {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for row in frame.astype(object).to_dict(orient="records")
    ]


# ---------------------------------------------------------------- the CLI's faces


def test_nrto_national_csv_is_the_cli_csv(nrto, cli, tmp_path) -> None:
    base, scenario, d = nrto
    csv, doc, stdout = cli_diff(cli, base, scenario, SAMPLE, SAMPLE_AS_OF, tmp_path)
    ours = tmp_path / "ours.csv"
    d.to_csv(ours)
    assert ours.read_bytes() == csv
    assert d.to_csv() == csv.decode("utf-8")
    assert json.loads(d.to_json()) == doc
    # The summary: the CLI's groups, and its table line for line.
    assert records(d.summary()) == doc["summary"]
    cli_lines = stdout.splitlines()
    start = next(i for i, line in enumerate(cli_lines) if line.startswith("  changed rules:")) + 1
    assert str(d).splitlines()[4:] == cli_lines[start:]
    # pandas' own reading of the file diffs the same.
    assert civeff.diff(base, scenario, pd.read_csv(SAMPLE), as_of=SAMPLE_AS_OF).to_csv() == d.to_csv()


def test_small_ruleset_with_a_diploma_change_is_the_cli_csv(small, cli, tmp_path) -> None:
    base, after, df = small
    d = civeff.diff(base, after, df, as_of=AS_OF)
    for dialect in ("rfc4180", "excel-nl"):
        csv, doc, _ = cli_diff(
            cli, base, after, tmp_path / "pop.csv", AS_OF, tmp_path, "--csv-dialect", dialect
        )
        assert d._impl.to_csv(dialect) == csv
        buffer = io.BytesIO()
        d.to_csv(buffer, dialect=dialect)
        assert buffer.getvalue() == csv
    assert json.loads(d.to_json()) == doc
    assert d.to_csv() == (
        "kind,person,subject,scale,unit,date,before,after,date_before,date_after,"
        "progress_before,progress_after,missing_before,missing_after,cause\n"
        "diploma,p1,d,,,,partial,complete,,,0.75,1,count:2,,diploma:d\n"
        "diploma,p2,d,,,,none,none,,,0,0,unit:A;count:2,unit:A;count:1,diploma:d\n"
    )
    text = io.StringIO()
    d.to_csv(text)
    assert text.getvalue() == d.to_csv()
    with pytest.raises(ValueError, match="dialect"):
        d.to_csv(dialect="excel")


def test_spec_rules_csv_is_the_cli_csv(rs, rs_scenario, cli, tmp_path) -> None:
    d = civeff.diff(rs, rs_scenario, civeff.read_population(POPULATION_CSV, rs), as_of=AS_OF)
    csv, doc, _ = cli_diff(cli, rs, rs_scenario, POPULATION_CSV, AS_OF, tmp_path)
    assert d.to_csv().encode() == csv
    assert records(d.summary()) == doc["summary"]
    assert len(d.diplomas) and len(d.levels) and len(d.credits)


# ---------------------------------------------------------------- nrto-national (the acceptance)


def test_nrto_national_gains_levels_and_course_credits_by_mark_nrto(nrto) -> None:
    base, scenario, d = nrto
    assert d.changed_rules == ["mark:nrto"]
    assert d.compared == 2000
    assert d.before is base and d.after is scenario
    levels, credits = d.levels, d.credits
    assert len(d.diplomas) == 0
    assert len(levels) > 0
    assert (levels["cause"].astype(str).str.split(";").map(lambda c: "mark:nrto" in c)).all()
    assert (levels["after"] == "national").all()
    # The NRTO-only EVV and GVP courses: credited once NRTO is national (their
    # credit_when reads level("civil_effect")), and nothing else is.
    assert len(credits) > 0
    assert set(credits["subject"].astype(str)) <= {"course-evv", "course-gvp"}
    assert (credits["cause"] == "mark:nrto").all()
    assert (credits["change"] == "gained").all()
    assert credits["before"].isna().all() and (credits["after"] == "achievement").all()
    assert credits["date_before"].isna().all() and credits["date_after"].notna().all()
    units = base.units_frame().set_index("id")
    assert (units.loc[credits["subject"].astype(str), "kind"] == "course").all()
    assert len(d) == len(levels) + len(credits)
    for frame in (d.diplomas, levels, credits):
        assert frame["cause"].notna().all() and (frame["cause"].astype(str) != "").all()


def test_nrto_national_level_rows_find_their_input_row(nrto) -> None:
    base, _, d = nrto
    df = civeff.read_population(SAMPLE, base)
    position = df.groupby("person", observed=True).cumcount()
    rows = df.assign(subject=position).merge(d.levels, on=["person", "subject"], suffixes=("", "_diff"))
    assert len(rows) == len(d.levels)
    assert (rows["date"] == rows["date_diff"]).all()
    assert rows["marks"].astype(str).str.contains("nrto").all()
    # Before, the achievement was not national on that scale: levels_frame agrees.
    levels = base.levels_frame(df, as_of=SAMPLE_AS_OF)
    labels = df.index[
        (df.assign(subject=position).set_index(["person", "subject"]).index).get_indexer(
            pd.MultiIndex.from_arrays([d.levels["person"], d.levels["subject"]])
        )
    ]
    assert (levels.loc[labels, "civil_effect"].to_numpy() == d.levels["before"].astype(str).to_numpy()).all()


# ---------------------------------------------------------------- frames


def test_frames_columns_and_dtypes(rs, rs_scenario, population_df) -> None:
    d = civeff.diff(rs, rs_scenario, population_df, as_of=AS_OF)
    diplomas, levels, credits = d.diplomas, d.levels, d.credits
    assert list(diplomas.columns) == DIPLOMA_COLUMNS
    assert list(levels.columns) == LEVEL_COLUMNS
    assert list(credits.columns) == CREDIT_COLUMNS
    for frame in (diplomas, levels, credits):
        assert isinstance(frame.index, pd.RangeIndex)
        assert isinstance(frame["person"].dtype, pd.CategoricalDtype)
        assert isinstance(frame["cause"].dtype, pd.CategoricalDtype)
        assert isinstance(frame["change"].dtype, pd.CategoricalDtype)
    assert diplomas["status_before"].dtype == civeff.frame.STATUS_DTYPE
    assert diplomas["status_after"].dtype == civeff.frame.STATUS_DTYPE
    assert diplomas["progress_before"].dtype == np.float64
    assert levels["subject"].dtype == np.int64
    assert levels["date"].dtype == np.dtype("datetime64[s]")
    assert credits["date_before"].dtype == np.dtype("datetime64[s]")
    # p1 loses the medicatie equivalence in the scenario (SPEC §2.7).
    row = records(diplomas[(diplomas["person"] == "p1") & (diplomas["diploma"] == "helpende-zw")])[0]
    assert (row["status_before"], row["status_after"]) == ("partial", "none")
    assert (row["progress_before"], row["progress_after"]) == (0.3333, 0.0)
    assert "equivalence:eq-medicatie" in str(row["cause"]).split(";")
    assert row["change"] == "partial->none"
    assert row["missing_after"] != row["missing_before"]
    # Every property call is a new copy.
    diplomas.loc[0, "progress_after"] = 99.0
    assert d.diplomas.loc[0, "progress_after"] != 99.0


def test_diplomas_agree_with_evaluate_frame(rs, rs_scenario, population_df) -> None:
    d = civeff.diff(rs, rs_scenario, population_df, as_of=AS_OF)
    before = rs.evaluate_frame(population_df, as_of=AS_OF).set_index(["person", "diploma"])
    after = rs_scenario.evaluate_frame(population_df, as_of=AS_OF).set_index(["person", "diploma"])
    changed = (
        (before["status"] != after["status"])
        | (before["progress"] != after["progress"])
        | (before["missing"].astype(str) != after["missing"].astype(str))
    )
    got = list(zip(d.diplomas["person"].astype(str), d.diplomas["diploma"].astype(str), strict=True))
    assert got == list(before.index[changed.to_numpy()])


def test_credits_and_levels_agree_with_the_frames(rs, rs_scenario, population_df) -> None:
    d = civeff.diff(rs, rs_scenario, population_df, as_of=AS_OF)
    keys = ["person", "unit"]
    before = rs.credits_frame(population_df, as_of=AS_OF).set_index(keys)
    after = rs_scenario.credits_frame(population_df, as_of=AS_OF).set_index(keys)
    both = before.join(after, how="outer", suffixes=("_before", "_after"))
    changed = both[
        (both["via_before"].astype(object) != both["via_after"].astype(object))
        | (both["date_before"] != both["date_after"])
    ]
    credits = d.credits
    assert list(zip(credits["person"].astype(str), credits["subject"].astype(str), strict=True)) == list(
        changed.index
    )
    for name in ("before", "after"):
        expected = changed[f"via_{name}"].astype(object).where(changed[f"via_{name}"].notna(), None).tolist()
        assert [None if pd.isna(v) else v for v in credits[name].astype(object)] == expected
    levels_before = rs.levels_frame(population_df, as_of=AS_OF)
    levels_after = rs_scenario.levels_frame(population_df, as_of=AS_OF)
    position = population_df.groupby("person").cumcount()
    for row in d.levels.itertuples():
        label = population_df.index[(population_df["person"] == row.person) & (position == row.subject)][0]
        for side, frame in (("before", levels_before), ("after", levels_after)):
            value = frame.loc[label, row.scale]
            assert (None if pd.isna(value) else value) == (
                None if pd.isna(getattr(row, side)) else getattr(row, side)
            )


def test_person_keeps_the_input_categorical(rs, rs_scenario, population_df) -> None:
    df = population_df.astype({"person": "category"})
    d = civeff.diff(rs, rs_scenario, df, as_of=AS_OF)
    assert d.diplomas["person"].dtype == df["person"].dtype
    assert d.credits["person"].dtype == df["person"].dtype
    plain = civeff.diff(rs, rs_scenario, population_df, as_of=AS_OF)
    assert plain.diplomas["person"].astype(str).tolist() == d.diplomas["person"].astype(str).tolist()
    assert list(plain.diplomas["person"].cat.categories) == sorted(set(plain.diplomas["person"].astype(str)))


def test_identical_rulesets_give_empty_frames(rs, population_df) -> None:
    d = civeff.diff(rs, rs, population_df, as_of=AS_OF)
    assert d.changed_rules == []
    assert d.compared == 4
    assert len(d) == 0
    for frame, columns in (
        (d.diplomas, DIPLOMA_COLUMNS),
        (d.levels, LEVEL_COLUMNS),
        (d.credits, CREDIT_COLUMNS),
    ):
        assert frame.empty and list(frame.columns) == columns
    assert d.diplomas["status_before"].dtype == civeff.frame.STATUS_DTYPE
    assert d.levels["date"].dtype == np.dtype("datetime64[s]")
    summary = d.summary()
    assert summary.empty and list(summary.columns) == SUMMARY_COLUMNS
    assert d.to_csv() == (
        "kind,person,subject,scale,unit,date,before,after,date_before,date_after,"
        "progress_before,progress_after,missing_before,missing_after,cause\n"
    )
    assert "no outcome changes" in str(d)
    # A second load of the same rules is no change either.
    again = civeff.load(rs.path)
    assert len(civeff.diff(rs, again, population_df, as_of=AS_OF)) == 0


def test_summary_groups(small) -> None:
    base, after, df = small
    d = civeff.diff(base, after, df, as_of=AS_OF)
    summary = d.summary()
    # By kind, most rows first, then change and cause in byte order.
    group = {"kind": "diploma", "cause": "diploma:d", "rows": 1, "people": 1}
    assert records(summary) == [
        {**group, "change": "missing changed", "example": "p2"},
        {**group, "change": "partial->complete", "example": "p1"},
    ]
    assert summary["rows"].dtype == np.int64
    grouped = d.diplomas.groupby(["change", "cause"], observed=True).size()
    assert sorted(grouped.items()) == sorted(((g["change"], g["cause"]), g["rows"]) for g in records(summary))


def test_repr_str_and_html(small) -> None:
    base, after, df = small
    d = civeff.diff(base, after, df, as_of=AS_OF)
    assert repr(d) == (
        "<civeff.Diff 2 persons compared as of 2024-01-01; changed rules: diploma:d; "
        "2 changed rows (diploma 2, level 0, credit 0)>"
    )
    lines = str(d).splitlines()
    assert lines[:4] == [
        "2 persons compared, as of 2024-01-01",
        "  before: small 1",
        "  after:  small 1 + one-course-enough",
        "  changed rules: diploma:d",
    ]
    assert "  diploma  partial->complete  diploma:d     1       1  p1" in lines
    page = d._repr_html_()
    assert "diploma:d" in page and "partial-&gt;complete" in page
    with pytest.raises(AttributeError):
        d.compared = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        civeff.Diff()


# ---------------------------------------------------------------- marks of one side, inputs, errors


def test_w012_for_a_mark_only_one_side_has(rs) -> None:
    new_mark = {
        "civeff": 1,
        "overlay": "new-mark",
        "marks": [{"id": "fresh", "levels": {"civil_effect": "national"}}],
    }
    after = civeff.load(rs.path, overlays=[new_mark])
    df = pd.DataFrame(
        {
            "person": ["p1", "p1", "p2"],
            "unit": ["K1006", "BHV", "BHV"],
            "date": ["2023-01-01", "2023-02-01", "2023-03-01"],
            "marks": ["fresh", "fresh;nrto", None],
        }
    )
    with pytest.warns(civeff.InputWarning) as caught:
        d = civeff.diff(rs, after, df, as_of=AS_OF)
    w012 = [w.message for w in caught if "W012" in str(w.message)]
    assert len(w012) == 1, [str(w.message) for w in caught]
    assert "mark 'fresh' exists only after the change" in str(w012[0])
    assert [x.code for x in d.warnings] == ["W012"]
    levels = d.levels
    assert len(levels) == 2
    assert (levels["cause"].astype(str).str.split(";").map(lambda c: "mark:fresh" in c)).all()
    assert (levels["after"] == "national").all()
    # The other way round the mark exists only before.
    with pytest.warns(civeff.InputWarning, match="exists only before the change"):
        back = civeff.diff(after, rs, df, as_of=AS_OF)
    assert len(back.levels) == 2
    # A mark neither side has is E042 naming its row.
    with pytest.raises(civeff.InputError, match=r"row 1 \(person 'p1'\): unknown mark 'stale'") as info:
        civeff.diff(rs, after, df.assign(marks=[None, "stale", None]), as_of=AS_OF)
    assert info.value.diagnostics[0].code == "E042"


DECLARED = textwrap.dedent(
    """\
    civeff: 1
    ruleset: declared
    version: "1"
    attributes:
      grade: {type: number, min: 1, max: 10}
    units:
      - {id: K2, kind: kerntaak, hours: 100, credit_when: attrs.grade >= 5.5}
    diplomas:
      - id: d
        requires: {unit: K2}
    """
)
# Grades under 6 are no grades any more: they do not convert (W010), so they credit nothing.
STRICTER = {
    "civeff": 1,
    "overlay": "stricter",
    "attributes": {"grade": {"type": "number", "min": 6, "max": 10}},
}


@pytest.fixture()
def declared(tmp_path) -> civeff.Ruleset:
    (tmp_path / "rules.yaml").write_text(DECLARED)
    return civeff.load(tmp_path / "rules.yaml")


def test_each_side_reads_the_frame_by_its_own_declarations(declared) -> None:
    after = civeff.load(declared.path, overlays=[STRICTER])
    assert not declared._impl.same_declarations(after._impl)
    assert declared._impl.same_declarations(civeff.load(declared.path)._impl)
    df = pd.DataFrame(
        {"person": ["p1", "p2"], "unit": ["K2", "K2"], "date": ["2023-05-01"] * 2, "grade": [5.8, 7]}
    )
    with pytest.warns(civeff.InputWarning) as caught:
        d = civeff.diff(declared, after, df, as_of=AS_OF)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1 and "W010" in messages[0] and "row 0" in messages[0], messages
    assert d.changed_rules == ["attribute:grade"]
    assert records(d.credits[["person", "subject", "before", "after", "change", "cause"]]) == [
        {"person": "p1", "subject": "K2", "before": "achievement", "after": None, "change": "lost",
         "cause": "attribute:grade"},
    ]  # fmt: skip
    assert d.diplomas["person"].astype(str).tolist() == ["p1"]


def test_strict_and_warnings_once(declared) -> None:
    df = pd.DataFrame(
        {"person": ["p"], "unit": ["K2"], "date": ["2023-01-01"], "grade": [8], "colour": ["red"]}
    )
    after = civeff.load(declared.path, overlays=[STRICTER])
    for other in (declared, after):
        with pytest.warns(civeff.InputWarning) as caught:
            civeff.diff(declared, other, df, as_of=AS_OF)
        assert [w.message.diagnostic.code for w in caught] == ["W011"]  # type: ignore[union-attr]
        with pytest.raises(civeff.InputError) as info:
            civeff.diff(declared, other, df, as_of=AS_OF, strict=True)
        assert [x.code for x in info.value.diagnostics] == ["W011"]


DIVIDES = textwrap.dedent(
    """\
    civeff: 1
    ruleset: divides
    version: "1"
    units:
      - {id: A, kind: keuzedeel, hours: 10}
      - {id: B, kind: course}
    diplomas:
      - id: ratio
        requires:
          check: hours_of(kind = "keuzedeel") / count_of(kind = "keuzedeel") >= 5
    """
)


def test_evaluation_errors(tmp_path) -> None:
    (tmp_path / "divides.yaml").write_text(DIVIDES)
    before = civeff.load(tmp_path / "divides.yaml")
    after = civeff.load(
        tmp_path / "divides.yaml",
        overlays=[{"civeff": 1, "overlay": "o", "units": [{"id": "A", "kind": "keuzedeel", "hours": 1}]}],
    )
    df = pd.DataFrame({"person": ["good", "bad"], "unit": ["A", "B"], "date": ["2023-01-01", "2023-01-01"]})
    with pytest.raises(civeff.EvaluationError) as info:
        civeff.diff(before, after, df, as_of=AS_OF)
    assert any("bad" in x.message for x in info.value.diagnostics)
    result = info.value.result
    assert isinstance(result, civeff.Diff)
    assert result.compared == 1
    assert result.diplomas["person"].astype(str).tolist() == ["good"]
    with pytest.warns(civeff.EvaluationWarning, match="could not be evaluated"):
        warned = civeff.diff(before, after, df, as_of=AS_OF, errors="warn")
    assert warned.compared == 1 and len(warned.errors) >= 1
    assert civeff.diff(before, after, df, as_of=AS_OF, errors="ignore").to_csv() == result.to_csv()
    with pytest.raises(ValueError, match="errors"):
        civeff.diff(before, after, df, as_of=AS_OF, errors="explode")  # type: ignore[arg-type]


def test_arguments(rs, rs_scenario, population_df) -> None:
    with pytest.raises(ValueError, match="threads"):
        civeff.diff(rs, rs_scenario, population_df, as_of=AS_OF, threads=0)
    with pytest.raises(TypeError, match="DataFrame"):
        civeff.diff(rs, rs_scenario, [1, 2], as_of=AS_OF)  # type: ignore[arg-type]
    one = civeff.diff(rs, rs_scenario, population_df, as_of=AS_OF, threads=1)
    many = civeff.diff(rs, rs_scenario, population_df, as_of=pd.Timestamp(AS_OF), threads=4)
    assert one.to_csv() == many.to_csv()
    assert one.as_of.isoformat() == AS_OF
    with pytest.raises(ValueError, match="kind"):
        one._impl.columns("unit")
