# SPDX-License-Identifier: Apache-2.0
"""civeff.load / Ruleset.evaluate / Result: the API of SPEC §8 on one portfolio."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import pydoc
import re
from pathlib import Path

import civeff
import numpy as np
import pandas as pd
import pytest
from conftest import AS_OF, REPO, SPEC_OVERLAY, SPEC_PORTFOLIO, SPEC_RULES, run_cli


def cmake_project_version() -> str:
    """X.Y.Z of `project(civeff VERSION X.Y.Z ...)` in the top-level CMakeLists.txt."""
    cmake = (REPO / "CMakeLists.txt").read_text()
    found = re.search(r"project\(civeff\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)", cmake)
    assert found, "CMakeLists.txt has no project(civeff VERSION X.Y.Z)"
    return found.group(1)


def test_version_is_the_cmake_project_version() -> None:
    # One source: the module's __version__ is civeff::version() of the C++ library,
    # the installed distribution's version is read from CMakeLists.txt by
    # scikit-build-core's regex provider (pyproject.toml).
    version = cmake_project_version()
    assert civeff.__version__ == version
    assert civeff._core.__version__ == version
    assert importlib.metadata.version("civeff") == version


def test_cli_version_is_the_same(cli: Path) -> None:
    r = run_cli(cli, "--version")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"civeff {civeff.__version__}\n"


def test_load_reports_what_it_holds(rs: civeff.Ruleset) -> None:
    assert rs.name == "spec-example"
    assert rs.version == "2026.1"
    assert rs.overlays == ()
    assert rs.scales == ("civil_effect", "nlqf")
    assert "mbo-certificaat" in rs.marks
    assert "KD-medicatie" in rs.units
    assert rs.equivalences == ("eq-medicatie", "wondzorg-stack")
    assert rs.diplomas == ("bhv-geldig", "helpende-zw", "herregistratie")
    assert rs.path == str(SPEC_RULES)
    assert rs.warnings == ()
    assert "spec-example" in repr(rs)


def test_load_with_overlay(rs_scenario: civeff.Ruleset) -> None:
    assert rs_scenario.overlays == ("nrto-national",)
    assert rs_scenario.overlay_paths == (str(SPEC_OVERLAY),)


def test_overlay_path_relative_to_the_ruleset_directory(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    # SPEC §8 writes load("rules/nl-zorg", overlays=["scenarios/..."]): found beside the ruleset.
    monkeypatch.chdir(tmp_path)
    rs = civeff.load(SPEC_RULES, overlays=["scenarios/nrto-national.yaml"])
    assert rs.overlays == ("nrto-national",)


def test_overlays_must_be_a_list() -> None:
    with pytest.raises(TypeError, match="list of paths"):
        civeff.load(SPEC_RULES, overlays=str(SPEC_OVERLAY))  # type: ignore[arg-type]


def test_evaluate_gives_the_spec_result(rs: civeff.Ruleset) -> None:
    r = rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF)
    assert r.person == "p-001"
    assert r.as_of == dt.date(2024, 1, 1)
    assert r.ruleset == "spec-example"
    assert r.version == "2026.1"
    assert r.overlays == ()
    d = r.diplomas["helpende-zw"]
    assert d.status == "partial"
    assert d.progress == 0.3333
    assert d.missing == ("unit:B1-K1", "keuzedelen", "unit:K1006")
    assert r.credited["KD-medicatie"].via == "eq-medicatie"
    assert r.credited["KD-medicatie"].date == dt.date(2023, 5, 1)
    assert r.credited["LE-medicatie"].via == "achievement"
    a = r.achievements[0]
    assert a.unit == "LE-medicatie"
    assert a.date == dt.date(2023, 5, 1)
    assert a.known and a.counted
    assert a.levels == {"civil_effect": "national", "nlqf": None}
    assert list(a.levels) == list(rs.scales)  # declaration order


def test_to_dict_is_the_spec_json(rs: civeff.Ruleset) -> None:
    r = rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF)
    d = r.to_dict()
    assert list(d) == ["person", "as_of", "ruleset", "version", "achievements", "credited", "diplomas"]
    assert d["achievements"] == [
        {
            "unit": "LE-medicatie",
            "date": "2023-05-01",
            "known": True,
            "counted": True,
            "levels": {"civil_effect": "national", "nlqf": None},
        }
    ]
    assert d["credited"] == {
        "KD-medicatie": {"date": "2023-05-01", "via": "eq-medicatie"},
        "LE-medicatie": {"date": "2023-05-01", "via": "achievement"},
    }
    assert d["diplomas"]["helpende-zw"] == {
        "status": "partial",
        "progress": 0.3333,
        "missing": ["unit:B1-K1", "keuzedelen", "unit:K1006"],
    }
    assert list(d["credited"]) == sorted(d["credited"])
    assert json.loads(r.to_json()) == d
    assert r.to_json().startswith('{\n  "person": "p-001",')


def test_overlays_are_reported_after_version(rs_scenario: civeff.Ruleset) -> None:
    d = rs_scenario.evaluate(SPEC_PORTFOLIO, as_of=AS_OF).to_dict()
    assert list(d)[:5] == ["person", "as_of", "ruleset", "version", "overlays"]
    assert d["overlays"] == ["nrto-national"]
    # The overlay removed eq-medicatie: no derived credit any more.
    assert "KD-medicatie" not in d["credited"]


@pytest.mark.parametrize(
    "as_of",
    [
        "2024-01-01",
        dt.date(2024, 1, 1),
        dt.datetime(2024, 1, 1, 15, 30),
        pd.Timestamp("2024-01-01"),
        np.datetime64("2024-01-01"),
    ],
)
def test_dates_accept_date_objects_and_iso_strings(rs: civeff.Ruleset, as_of: object) -> None:
    portfolio = {
        "person": "p",
        "achievements": [{"unit": "LE-medicatie", "date": dt.date(2023, 5, 1), "marks": ["mbo-certificaat"]}],
    }
    r = rs.evaluate(portfolio, as_of=as_of)
    assert r.as_of == dt.date(2024, 1, 1)
    assert r.to_dict() == rs.evaluate(SPEC_PORTFOLIO | {"person": "p"}, as_of=AS_OF).to_dict()


def test_as_of_defaults_to_today_utc(rs: civeff.Ruleset) -> None:
    r = rs.evaluate(SPEC_PORTFOLIO)
    today = dt.datetime.now(dt.timezone.utc).date()
    assert r.as_of in (today, today - dt.timedelta(days=1), today + dt.timedelta(days=1))


def test_achievements_after_as_of_are_not_counted(rs: civeff.Ruleset) -> None:
    r = rs.evaluate({"person": "p", "achievements": [{"unit": "B1-K1", "date": "2025-01-01"}]}, as_of=AS_OF)
    assert r.achievements[0].counted is False
    assert r.achievements[0].levels is None
    assert "levels" not in r.to_dict()["achievements"][0]
    assert r.credited == {}


def test_portfolio_forms(rs: civeff.Ruleset, tmp_path) -> None:
    as_list = rs.evaluate(SPEC_PORTFOLIO["achievements"], as_of=AS_OF)
    assert as_list.person == ""
    assert as_list.diplomas["helpende-zw"].progress == 0.3333
    path = tmp_path / "p.json"
    path.write_text(json.dumps(SPEC_PORTFOLIO))
    from_file = rs.evaluate(path, as_of=AS_OF)
    assert from_file.to_dict() == rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF).to_dict()
    assert rs.evaluate(str(path), as_of=AS_OF) == from_file


def test_portfolio_fields(rs: civeff.Ruleset) -> None:
    r = rs.evaluate(
        {
            "person": 17,  # ids are text
            "attrs": {"role": "verzorgende", "cohort": dt.date(2021, 8, 1), "skip": None},
            "achievements": [
                {"unit": "K1006", "date": "2023-01-01", "attrs": {"exam": True}, "hours": None},
                {
                    "title": "Agressietraining",
                    "date": "2023-02-01",
                    "hours": 8,
                    "marks": "nrto; vv-accredited",
                    "attrs": {"points": np.int64(5)},
                },
                {"unit": "B1-K1", "date": "2023-03-01", "exempt": True},
            ],
        },
        as_of=AS_OF,
    )
    assert r.person == "17"
    assert r.credited["K1006"].via == "achievement"
    assert r.credited["B1-K1"].via == "exemption"
    unlisted = r.achievements[1]
    assert unlisted.unit is None and unlisted.known is False
    assert unlisted.title == "Agressietraining"
    assert unlisted.levels == {"civil_effect": "sector", "nlqf": "3"}
    assert "unit" not in r.to_dict()["achievements"][1]


def test_credit_when_blocks_credit_without_exam(rs: civeff.Ruleset) -> None:
    r = rs.evaluate({"person": "p", "achievements": [{"unit": "K1006", "date": "2023-01-01"}]}, as_of=AS_OF)
    assert "K1006" not in r.credited
    assert r.achievements[0].levels == {"civil_effect": "none", "nlqf": "3"}


@pytest.mark.parametrize(
    ("portfolio", "match"),
    [
        (
            {"person": "p", "achievements": [{"unit": "B1-K1"}]},
            r"achievements\[0\]: an achievement needs `date`",
        ),
        ({"person": "p", "achievements": [{"unit": "B1-K1", "date": "2023-02-30"}]}, "not a date"),
        (
            {"person": "p", "achievements": [{"unit": "B1-K1", "date": "2023-01-01", "colour": "red"}]},
            "unknown key 'colour'",
        ),
        ({"persoon": "x"}, "unknown key 'persoon'"),
        ({"achievements": []}, "a portfolio needs `person`"),
        ({"person": None, "achievements": []}, "a portfolio needs `person`"),
        (
            {
                "person": "p",
                "achievements": [{"unit": "B1-K1", "date": "2023-01-01", "marks": ["no-such-mark"]}],
            },
            "no-such-mark",
        ),
        (
            {"person": "p", "achievements": [{"unit": "B1-K1", "date": "2023-01-01", "exempt": "maybe"}]},
            "true or false",
        ),
        (
            {"person": "p", "achievements": [{"unit": "B1-K1", "date": "2023-01-01", "hours": "8"}]},
            "expected a number",
        ),
        (
            {"person": "p", "achievements": [{"unit": "B1-K1", "date": "2023-01-01", "hours": -1}]},
            "must be a number >= 0",
        ),
        (
            {"person": "p", "achievements": [{"unit": "B1-K1", "date": "2023-01-01", "attrs": {"x": [1]}}]},
            "attrs.x",
        ),
        ({"person": "p", "achievements": "B1-K1"}, "list of achievements"),
    ],
)
def test_bad_portfolios_raise_input_error(rs: civeff.Ruleset, portfolio: dict, match: str) -> None:
    with pytest.raises(civeff.InputError, match=match) as info:
        rs.evaluate(portfolio, as_of=AS_OF)
    assert isinstance(info.value, ValueError)
    assert info.value.diagnostics
    assert info.value.diagnostics[0].code.startswith("E04")


def test_bad_as_of(rs: civeff.Ruleset) -> None:
    with pytest.raises(civeff.InputError, match="as_of"):
        rs.evaluate(SPEC_PORTFOLIO, as_of="2024-1-1")
    with pytest.raises(TypeError, match="as_of"):
        rs.evaluate(SPEC_PORTFOLIO, as_of=20240101)
    with pytest.raises(TypeError, match="portfolio"):
        rs.evaluate(42, as_of=AS_OF)  # type: ignore[arg-type]


def test_missing_portfolio_file_is_an_input_error(rs: civeff.Ruleset, tmp_path) -> None:
    with pytest.raises(civeff.InputError):
        rs.evaluate(tmp_path / "nope.json", as_of=AS_OF)


def test_result_equality_and_repr(rs: civeff.Ruleset) -> None:
    a = rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF)
    b = rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF)
    c = rs.evaluate(SPEC_PORTFOLIO, as_of="2024-01-02")
    assert a == b and a != c
    assert a != "not a result"
    with pytest.raises(TypeError):
        hash(a)
    assert "helpende-zw" in repr(a)
    assert "partial" in repr(a.diplomas["helpende-zw"])
    assert "eq-medicatie" in repr(a.credited["KD-medicatie"])
    assert "LE-medicatie" in repr(a.achievements[0])
    assert "p-001" in a.to_text()


def test_ruleset_is_immutable(rs: civeff.Ruleset) -> None:
    with pytest.raises(AttributeError):
        rs.name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        rs._path = "/elsewhere"  # type: ignore[misc]
    with pytest.raises(TypeError, match=r"civeff\.load"):
        civeff.Ruleset()


def test_run_tests_and_graph(rs: civeff.Ruleset) -> None:
    outcomes = rs.run_tests()
    assert [(t.name, t.passed) for t in outcomes] == [("medicatie leereenheid counts as keuzedeel", True)]
    assert "digraph" in rs.graph_dot()


def test_help_shows_the_api() -> None:
    text = pydoc.render_doc(civeff, renderer=pydoc.plaintext)
    for name in ("load", "Ruleset", "diff", "RuleError", "InputError", "EvaluationError"):
        assert name in text
    ruleset_doc = pydoc.render_doc(civeff.Ruleset, renderer=pydoc.plaintext)
    for name in ("evaluate", "evaluate_frame", "levels_frame", "credits_frame", "immutable"):
        assert name in ruleset_doc
    assert "SPEC" in (civeff.Result.__doc__ or "")
    assert civeff.Result.to_dict.__doc__


def test_nl_zorg_loads_and_evaluates(nl_zorg: civeff.Ruleset) -> None:
    from conftest import REPO

    portfolio = REPO / "examples" / "cpp" / "portfolio.json"
    if not portfolio.is_file():
        pytest.skip("examples/cpp/portfolio.json is not in this checkout")
    r = nl_zorg.evaluate(portfolio, as_of=AS_OF)
    assert r.ruleset == "nl-zorg"
    assert set(r.diplomas) == set(nl_zorg.diplomas)
