# SPDX-License-Identifier: Apache-2.0
"""SPEC §11 for portfolios in Python (dicts and files): declared attributes,
InputWarning, strict=True, encodings, and the findings about Python input (F11:
text that is not UTF-8; F20: NaN dates and numbers no float holds)."""

from __future__ import annotations

import civeff
import numpy as np
import pandas as pd
import pytest
from conftest import AS_OF
from test_inputs import RULES, frame


@pytest.fixture(scope="module")
def declared(tmp_path_factory) -> civeff.Ruleset:
    path = tmp_path_factory.mktemp("portfolios") / "rules.yaml"
    path.write_text(RULES)
    return civeff.load(path)


def test_declared_attributes_convert_in_portfolios(declared: civeff.Ruleset) -> None:
    portfolio = {
        "person": "p",
        "attrs": {"role": "nurse"},
        "achievements": [
            {"unit": "K1", "date": "2023-01-01", "attrs": {"exam": "WAAR"}},
            {"unit": "K2", "date": "2023-01-01", "attrs": {"grade": "7,5"}},
            {"unit": "K3", "date": "2023-01-01", "attrs": {"since": "1-5-2021"}},
        ],
    }
    r = declared.evaluate(portfolio, as_of=AS_OF)
    assert set(r.credited) == {"K1", "K2", "K3"}
    assert r.diplomas["nurse"].status == "complete"
    bad = {
        "person": "p",
        "attrs": {"role": "dokter"},
        "achievements": [{"unit": "K2", "date": "2023-01-01", "attrs": {"grade": 11, "exma": True}}],
    }
    with pytest.warns(civeff.InputWarning) as caught:
        r = declared.evaluate(bad, as_of=AS_OF)
    assert [str(w.message) for w in caught] == [
        "<python>: warning[W011]: achievements[0].attrs: attribute 'exma' is not declared (did you mean "
        "'exam'?); it is ignored",
        "<python>: warning[W010]: attrs.role: 'dokter' is not one of nurse, carer; the value is left out",
        "<python>: warning[W010]: achievements[0].attrs.grade: 11 is above the maximum 10; "
        "the value is left out",
    ]
    assert "K2" not in r.credited
    with pytest.raises(civeff.InputError) as info:
        declared.evaluate(bad, as_of=AS_OF, strict=True)
    assert [d.code for d in info.value.diagnostics] == ["W011", "W010", "W010"]


def test_portfolio_files_take_an_encoding_and_warn(declared: civeff.Ruleset, tmp_path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(
        "person: pé\nachievements:\n  - {unit: K2, date: 2023-01-01, attrs: {grade: '7,5x'}}\n".encode(
            "latin-1"
        )
    )
    with pytest.raises(civeff.InputError) as info:
        declared.evaluate(path, as_of=AS_OF)
    assert (info.value.diagnostics[0].line, info.value.diagnostics[0].column) == (1, 10)
    with pytest.warns(civeff.InputWarning, match=rf"{path}:3:.*warning\[W010\]: grade: '7,5x'"):
        r = declared.evaluate(path, as_of=AS_OF, encoding="latin-1")
    assert r.person == "pé"
    assert r.to_dict()["person"] == "pé"


def test_F20_a_nan_date_is_an_achievement_without_a_date(rs: civeff.Ruleset) -> None:
    for missing in (float("nan"), None, pd.NaT, np.datetime64("NaT")):
        portfolio = {"person": "p", "achievements": [{"unit": "K1006", "date": missing}]}
        with pytest.raises(civeff.InputError, match=r"achievements\[0\]: an achievement needs `date`"):
            rs.evaluate(portfolio, as_of=AS_OF)


def test_F20_a_number_no_float_holds_is_an_input_error(rs: civeff.Ruleset, declared: civeff.Ruleset) -> None:
    huge = 10**400
    cases = [
        (
            rs,
            {"person": "p", "achievements": [{"date": "2023-01-01", "attrs": {"points": huge}}]},
            "attrs.points",
        ),
        (rs, {"person": "p", "achievements": [{"date": "2023-01-01", "hours": huge}]}, "hours"),
        (rs, {"person": "p", "attrs": {"age": huge}, "achievements": []}, "attrs.age"),
        (
            declared,
            {"person": "p", "achievements": [{"date": "2023-01-01", "attrs": {"grade": huge}}]},
            "grade",
        ),
    ]
    for ruleset, portfolio, where in cases:
        with pytest.raises(civeff.InputError, match=rf"{where}: 1000.* is too large for a number"):
            ruleset.evaluate(portfolio, as_of=AS_OF)
    with pytest.raises(civeff.InputError, match=r"row 0: .*too large for a number"):
        rs.evaluate_frame(frame(points=pd.Series([huge], dtype=object)), as_of=AS_OF)


def test_F11_text_without_utf8_in_a_portfolio_names_its_field(rs: civeff.Ruleset) -> None:
    bad = b"p\xe91".decode("utf-8", errors="surrogateescape")
    cases = [
        ({"person": bad, "achievements": []}, "person"),
        ({"person": "p", "achievements": [{"date": "2023-01-01", "title": bad}]}, r"achievements\[0\].title"),
        ({"person": "p", "achievements": [{"date": "2023-01-01", "attrs": {"x": bad}}]}, r"attrs.x"),
        ({"person": "p", "achievements": [{"date": "2023-01-01", "marks": bad}]}, "marks"),
    ]
    for portfolio, where in cases:
        with pytest.raises(civeff.InputError, match=rf"{where}: text that is not valid Unicode"):
            rs.evaluate(portfolio, as_of=AS_OF)


def test_exempt_takes_the_bool_spellings(rs: civeff.Ruleset) -> None:
    for flag in ("ja", "WAAR", "1", 1, True):
        portfolio = {"person": "p", "achievements": [{"unit": "BHV", "date": "2023-06-01", "exempt": flag}]}
        r = rs.evaluate(portfolio, as_of=AS_OF)
        assert r.credited["BHV"].via == "exemption", flag
    df = frame(unit=["BHV"] * 3, exempt=["ja", "nee", "Waar"])
    assert rs.credits_frame(df, as_of=AS_OF)["via"].tolist() == ["exemption", "achievement", "exemption"]
