# SPDX-License-Identifier: Apache-2.0
"""Ruleset.advise and Ruleset.advise_frame (SPEC §12 "Advice"): the plans, their
JSON and text as `civeff advise` prints them, and the population mode's rows as
`civeff advise POP.csv --out F` writes them."""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import json
import math
import pickle
from pathlib import Path

import civeff
import numpy as np
import pandas as pd
import pytest
from conftest import AS_OF, NL_ZORG, REPO, SPEC_PORTFOLIO, SPEC_RULES, run_cli

SAMPLE = REPO / "examples" / "population" / "sample.csv"
PERSONAS = sorted(
    p
    for p in (REPO / "examples" / "portfolios").glob("*.json")
    if not p.name.endswith((".result.json", ".advice.json", ".whatif.json"))
)
PERSONA_AS_OF = "2026-06-01"


def taken(portfolio: dict, plan: civeff.Plan, as_of: str) -> dict:
    """The portfolio with the plan's units taken as SPEC §12 says: an exempt
    achievement dated as_of per unit (docs/language.md, "Advice")."""
    extra = [{"unit": u.unit, "date": as_of, "exempt": True} for u in plan.units]
    return {**portfolio, "achievements": [*portfolio["achievements"], *extra]}


# ---------------------------------------------------------------- one person


def test_advise_lists_the_minimal_plans_cheapest_first(rs: civeff.Ruleset) -> None:
    # helpende-zw needs B1-K1 (400 h), 480 h of keuzedelen and two of K1006,
    # KD-medicatie, KD-wondzorg; LE-medicatie already credits KD-medicatie (240 h).
    a = rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF)
    assert isinstance(a, civeff.Advice)
    assert (a.person, a.as_of, a.diploma, a.status) == (
        "p-001",
        dt.date(2024, 1, 1),
        "helpende-zw",
        "partial",
    )
    assert a.proven and a.blocking == ()
    assert [(p.hours, p.ids) for p in a.plans] == [
        (480.0, ("B1-K1", "LE-wondzorg-1", "LE-wondzorg-2")),  # the stack counts as KD-wondzorg
        (640.0, ("B1-K1", "K1006")),
        (640.0, ("B1-K1", "KD-wondzorg")),  # ties: byte order of the ids ('1' < 'D')
    ]
    first = a.plans[0]
    assert first.units[0] == civeff.PlanUnit("B1-K1", 400.0, ("B1-K1",))
    assert first.units[1] == civeff.PlanUnit("LE-wondzorg-1", 40.0, ("KD-wondzorg", "LE-wondzorg-1"))
    assert first.units[2].credits == ("KD-wondzorg", "LE-wondzorg-2")
    assert a.hours_to_complete == 480.0
    assert a.steps > 0 and a.candidates >= 5
    # Taking each plan completes the diploma, as `eval` sees it; taking less does not.
    for plan in a.plans:
        done = rs.evaluate(taken(SPEC_PORTFOLIO, plan, AS_OF), as_of=AS_OF)
        assert done.diplomas["helpende-zw"].status == "complete"
        for k in range(len(plan.units)):
            fewer = civeff.Plan(plan.hours, plan.units[:k] + plan.units[k + 1 :])
            after = rs.evaluate(taken(SPEC_PORTFOLIO, fewer, AS_OF), as_of=AS_OF)
            assert after.diplomas["helpende-zw"].status != "complete"


def test_top_and_max_steps(rs: civeff.Ruleset) -> None:
    one = rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF, top=1)
    assert [p.ids for p in one.plans] == [("B1-K1", "LE-wondzorg-1", "LE-wondzorg-2")] and one.proven
    five = rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF, top=5)
    assert [p.ids for p in five.plans[:3]] == [
        p.ids for p in rs.advise(SPEC_PORTFOLIO, "helpende-zw", AS_OF).plans
    ]
    cut = rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF, max_steps=1)
    assert not cut.proven
    assert cut.steps < five.steps


def test_complete_and_impossible_diplomas(rs: civeff.Ruleset) -> None:
    done = rs.advise(
        [{"unit": "BHV", "date": "2023-06-01"}], "bhv-geldig", as_of=AS_OF
    )  # a bare list: person ''
    assert done.person == "" and done.status == "complete"
    assert done.plans == (civeff.Plan(0.0, ()),) and done.proven
    assert done.to_dict()["plans"] == [{"hours": 0, "units": []}]
    assert done.hours_to_complete == 0
    # BHV declares no hours, so no plan can take it: nothing completes the diploma.
    never = rs.advise(SPEC_PORTFOLIO, "bhv-geldig", as_of=AS_OF)
    assert never.plans == () and never.hours_to_complete is None
    assert never.blocking == tuple(rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF).diplomas["bhv-geldig"].missing)
    assert never.to_dict()["plans"] == [] and never.to_dict()["blocking"] == list(never.blocking)


def test_to_dict_is_the_json(rs: civeff.Ruleset) -> None:
    a = rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF)
    data = a.to_dict()
    assert list(data) == ["person", "as_of", "diploma", "status", "plans", "blocking", "proven"]
    assert data["as_of"] == AS_OF and data["proven"] is True
    assert data["plans"] == [
        {
            "hours": p.hours,
            "units": [{"unit": u.unit, "hours": u.hours, "credits": list(u.credits)} for u in p.units],
        }
        for p in a.plans
    ]
    assert json.loads(a.to_json()) == data
    assert a.to_dict() is not a.to_dict()


def test_text_in_both_languages(rs: civeff.Ruleset) -> None:
    a = rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF)
    assert str(a) == a.text() == a.text("en")  # the spec ruleset declares no language: English
    assert "LE-wondzorg-1" in a.text("en") and "KD-wondzorg" in a.text("en")
    assert a.text("nl") != a.text("en")
    with pytest.raises(ValueError, match="'nl' or 'en'"):
        a.text("de")


def test_repr(rs: civeff.Ruleset) -> None:
    a = rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF)
    assert repr(a) == (
        "<civeff.Advice person='p-001' diploma='helpende-zw' as_of=2024-01-01 status=partial: "
        "cheapest 480 h: B1-K1, LE-wondzorg-1, LE-wondzorg-2 (+2 more)>"
    )
    never = rs.advise(SPEC_PORTFOLIO, "bhv-geldig", as_of=AS_OF)
    assert repr(never) == (
        "<civeff.Advice person='p-001' diploma='bhv-geldig' as_of=2024-01-01 status=none: no plan>"
    )
    cut = rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF, max_steps=1)
    assert repr(cut).endswith(", not proven>")


def test_arguments_and_errors(rs: civeff.Ruleset, tmp_path: Path) -> None:
    with pytest.raises(civeff.InputError) as e:
        rs.advise(SPEC_PORTFOLIO, "no-such-diploma", as_of=AS_OF)
    assert e.value.diagnostics[0].code == "E046"
    assert "no-such-diploma" in str(e.value)
    with pytest.raises(TypeError, match="diploma"):
        rs.advise(SPEC_PORTFOLIO, 25656, as_of=AS_OF)  # type: ignore[arg-type]
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="top"):
            rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF, top=bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="max_steps"):
            rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF, max_steps=bad)  # type: ignore[arg-type]
    # The portfolio's errors are evaluate's.
    with pytest.raises(civeff.InputError, match="needs `date`"):
        rs.advise({"person": "x", "achievements": [{"unit": "B1-K1"}]}, "helpende-zw", as_of=AS_OF)
    with pytest.raises(civeff.InputError, match="unknown mark"):
        rs.advise(
            {"person": "x", "achievements": [{"unit": "B1-K1", "date": "2020-01-01", "marks": ["nope"]}]},
            "helpende-zw",
            as_of=AS_OF,
        )
    # A path works as for evaluate.
    path = tmp_path / "p.json"
    path.write_text(json.dumps(SPEC_PORTFOLIO))
    assert rs.advise(path, "helpende-zw", as_of=AS_OF) == rs.advise(
        SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF
    )


def test_advice_is_immutable_and_pickles(rs: civeff.Ruleset) -> None:
    a = rs.advise(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF)
    with pytest.raises(AttributeError):
        a.status = "complete"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        a.plans[0].hours = 1  # type: ignore[misc]
    b = pickle.loads(pickle.dumps(a))
    assert b == a and hash(b) == hash(a)
    assert b.to_json() == a.to_json() and b.to_dict() == a.to_dict()
    assert b.text("nl") == a.text("nl") and str(b) == str(a) and repr(b) == repr(a)
    assert (b.steps, b.candidates) == (a.steps, a.candidates)


def test_threads_advise_at_once(rs: civeff.Ruleset) -> None:
    # The GIL is released while the engine searches: threads share the ruleset.
    portfolios = [
        {"person": f"p{i}", "achievements": [{"unit": u, "date": "2023-01-01"} for u in units]}
        for i, units in enumerate([[], ["B1-K1"], ["LE-wondzorg-1"], ["K1006"], ["B1-K1", "K1006"]] * 8)
    ]
    serial = [rs.advise(p, "helpende-zw", as_of=AS_OF).to_json() for p in portfolios]
    with cf.ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda p: rs.advise(p, "helpende-zw", as_of=AS_OF).to_json(), portfolios))
    assert threaded == serial


def test_advise_matches_the_cli(rs: civeff.Ruleset, cli: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(SPEC_PORTFOLIO))
    for diploma in rs.diplomas:
        a = rs.advise(path, diploma, as_of=AS_OF, top=2)
        out = run_cli(
            cli,
            "advise",
            SPEC_RULES,
            path,
            "--diploma",
            diploma,
            "--as-of",
            AS_OF,
            "--top",
            "2",
            "--format",
            "json",
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout == a.to_json()
        assert json.loads(out.stdout) == a.to_dict()
        for lang in ("nl", "en"):
            text = run_cli(
                cli,
                "advise",
                SPEC_RULES,
                path,
                "--diploma",
                diploma,
                "--as-of",
                AS_OF,
                "--top",
                "2",
                "--lang",
                lang,
            )
            assert text.returncode == 0, text.stderr
            assert text.stdout == a.text(lang)


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.stem for p in PERSONAS])
def test_personas_match_the_cli(nl_zorg: civeff.Ruleset, persona: Path, cli: Path) -> None:
    a = nl_zorg.advise(persona, "25656", as_of=PERSONA_AS_OF, max_steps=20_000)
    out = run_cli(
        cli,
        "advise",
        NL_ZORG,
        persona,
        "--diploma",
        "25656",
        "--as-of",
        PERSONA_AS_OF,
        "--max-steps",
        "20000",
        "--format",
        "json",
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == a.to_dict()
    assert (
        str(a)
        == run_cli(
            cli,
            "advise",
            NL_ZORG,
            persona,
            "--diploma",
            "25656",
            "--as-of",
            PERSONA_AS_OF,
            "--max-steps",
            "20000",
        ).stdout
    )


# ---------------------------------------------------------------- a population


def test_advise_frame_columns_and_rows(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    out = rs.advise_frame(population_df, "helpende-zw", as_of=AS_OF)
    assert list(out.columns) == ["person", "diploma", "status", "hours_to_complete", "units", "proven"]
    assert out["hours_to_complete"].dtype == np.float64 and out["proven"].dtype == bool
    assert isinstance(out["status"].dtype, pd.CategoricalDtype) and out["status"].cat.ordered
    assert list(out["person"]) == sorted(set(population_df["person"]))
    assert (out["diploma"] == "helpende-zw").all()
    # Each row is the person's cheapest plan from advise (the frame's portfolios).
    from conftest import portfolios_from_frame

    portfolios = portfolios_from_frame(population_df)
    for row in out.itertuples():
        a = rs.advise(portfolios[row.person], "helpende-zw", as_of=AS_OF, top=1)
        assert row.status == a.status and row.proven == a.proven
        if a.plans:
            assert row.hours_to_complete == a.plans[0].hours
            assert row.units == ";".join(a.plans[0].ids)
        else:
            assert math.isnan(row.hours_to_complete) and row.units == ""


def test_advise_frame_no_plan_is_nan(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    out = rs.advise_frame(population_df, "bhv-geldig", as_of=AS_OF, threads=1)
    by_person = out.set_index("person")
    assert by_person.loc["p4", "status"] == "complete" and by_person.loc["p4", "hours_to_complete"] == 0
    assert by_person.loc["p4", "units"] == ""
    assert by_person.drop(index="p4")["hours_to_complete"].isna().all()


def test_advise_frame_errors(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    with pytest.raises(civeff.InputError) as e:
        rs.advise_frame(population_df, "nope", as_of=AS_OF)
    assert e.value.diagnostics[0].code == "E046"
    with pytest.raises(ValueError, match="max_steps"):
        rs.advise_frame(population_df, "helpende-zw", as_of=AS_OF, max_steps=0)
    with pytest.raises(ValueError, match="threads"):
        rs.advise_frame(population_df, "helpende-zw", as_of=AS_OF, threads=0)
    with pytest.raises(TypeError, match="DataFrame"):
        rs.advise_frame([], "helpende-zw", as_of=AS_OF)  # type: ignore[arg-type]


def read_cli_csv(path: Path) -> pd.DataFrame:
    """`civeff advise --out F` read back with pandas, in advise_frame's dtypes: an empty
    `units` cell is '' (pandas' default reads NaN), `proven` true/false a bool."""
    df = pd.read_csv(
        path,
        dtype={"person": str, "diploma": str, "status": str, "units": str, "proven": str},
        keep_default_na=False,
        na_values={"hours_to_complete": [""]},
    )
    assert set(df["proven"]) <= {"true", "false"}
    df["proven"] = df["proven"] == "true"
    return df


def test_advise_frame_equals_the_cli_on_the_sample(
    nl_zorg: civeff.Ruleset, cli: Path, tmp_path: Path
) -> None:
    if not SAMPLE.is_file():
        pytest.skip("examples/population/sample.csv is not in this checkout")
    df = civeff.read_population(SAMPLE, nl_zorg)
    steps = "500"  # small: the comparison is of the two faces, not of the search
    out = nl_zorg.advise_frame(df, "25656", as_of=PERSONA_AS_OF, max_steps=int(steps))
    csv = tmp_path / "advice.csv"
    proc = run_cli(
        cli,
        "advise",
        NL_ZORG,
        SAMPLE,
        "--diploma",
        "25656",
        "--as-of",
        PERSONA_AS_OF,
        "--max-steps",
        steps,
        "--out",
        csv,
    )
    assert proc.returncode == 0, proc.stderr
    expected = read_cli_csv(csv)
    assert len(out) == len(expected) == df["person"].nunique()
    assert list(expected.columns) == list(out.columns)
    got = out.astype({"person": str, "diploma": str, "status": str, "units": str})
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert got["hours_to_complete"].dtype == expected["hours_to_complete"].dtype == np.float64
    # Every kind of row is there: complete, a plan, no plan; proven and not.
    hours = got["hours_to_complete"]
    assert (hours == 0).any() and (hours > 0).any() and hours.isna().any()
    assert got["proven"].any() and not got["proven"].all()


def test_advise_frame_failed_person_raises_warns_or_is_ignored() -> None:
    # p2 has no achievement with mark m: 10 / 0 when evaluated as is (E050).
    rs = civeff.load_files(
        {
            "ruleset.yaml": (
                'civeff: 1\nruleset: r\nversion: "1"\n'
                "scales:\n  s: {levels: [none, some]}\n"
                "marks:\n  - {id: m, levels: {s: some}}\n"
                "units:\n  - {id: A, kind: course, hours: 10}\n  - {id: B, kind: course, hours: 5}\n"
                "diplomas:\n  - id: d\n    requires:\n      all_of:\n        - unit: A\n        - unit: B\n"
                '        - check: 10 / count_of(marks = ["m"]) >= 1\n'
            )
        }
    )
    df = pd.DataFrame(
        {
            "person": ["p1", "p2"],
            "unit": ["A", "A"],
            "date": ["2023-01-01", "2023-01-01"],
            "marks": ["m", None],
        }
    )
    with pytest.raises(civeff.EvaluationError) as caught:
        rs.advise_frame(df, "d", as_of=AS_OF)
    assert caught.value.diagnostics[0].code == "E050"
    partial = caught.value.result
    assert list(partial["person"]) == ["p1"]
    assert (partial["hours_to_complete"].tolist(), partial["units"].tolist()) == ([5.0], ["B"])
    with pytest.warns(civeff.EvaluationWarning):
        rs.advise_frame(df, "d", as_of=AS_OF, errors="warn")
    pd.testing.assert_frame_equal(rs.advise_frame(df, "d", as_of=AS_OF, errors="ignore"), partial)
