# SPDX-License-Identifier: Apache-2.0
"""Ruleset.explain (SPEC §12): the JSON and text of `civeff explain`, agreement
with evaluate, pickling and the Jupyter HTML."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import civeff
import pytest
from conftest import AS_OF, NL_ZORG, REPO, SPEC_PORTFOLIO, SPEC_RULES, run_cli

PERSONAS = sorted((REPO / "examples" / "portfolios").glob("*.json"))
PERSONAS = [p for p in PERSONAS if not p.name.endswith((".result.json", ".advice.json", ".whatif.json"))]
PERSONA_AS_OF = "2026-06-01"


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = [node]
    for child in node.get("children", []):
        out.extend(_nodes(child))
    return out


def test_explain_returns_an_explanation(rs: civeff.Ruleset) -> None:
    e = rs.explain(SPEC_PORTFOLIO, as_of=AS_OF)
    assert isinstance(e, civeff.Explanation)
    assert e.person == "p-001"
    assert str(e.as_of) == AS_OF
    assert e.diplomas == tuple(rs.diplomas)
    data = e.to_dict()
    assert list(data) == [
        "person",
        "as_of",
        "ruleset",
        "version",
        "achievements",
        "credited",
        "not_credited",
        "diplomas",
    ]
    assert data["achievements"][0]["index"] == 0
    assert data["achievements"][0]["counted"] is True
    assert "LE-medicatie" in data["credited"]
    assert data["credited"]["LE-medicatie"]["derivation"]["via"] == "achievement"


def test_explain_agrees_with_evaluate(rs: civeff.Ruleset, rs_scenario: civeff.Ruleset) -> None:
    for rules in (rs, rs_scenario):
        result = rules.evaluate(SPEC_PORTFOLIO, as_of=AS_OF).to_dict()
        data = rules.explain(SPEC_PORTFOLIO, as_of=AS_OF).to_dict()
        for diploma, d in result["diplomas"].items():
            assert data["diplomas"][diploma]["status"] == d["status"]
            assert data["diplomas"][diploma]["progress"] == d["progress"]
            assert data["diplomas"][diploma]["missing"] == d["missing"]
        assert sorted(data["credited"]) == sorted(result["credited"])


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.stem for p in PERSONAS])
def test_personas_agree_with_evaluate_and_the_cli(nl_zorg: civeff.Ruleset, persona: Path, cli: Path) -> None:
    result = nl_zorg.evaluate(persona, as_of=PERSONA_AS_OF).to_dict()
    e = nl_zorg.explain(persona, as_of=PERSONA_AS_OF)
    data = e.to_dict()
    for diploma, d in result["diplomas"].items():
        x = data["diplomas"][diploma]
        assert (x["status"], x["progress"], x["missing"]) == (d["status"], d["progress"], d["missing"])
    for a, levels in zip(data["achievements"], result["achievements"], strict=True):
        if a["counted"]:
            assert {s: v["level"] for s, v in a["levels"].items()} == levels["levels"]
    # The faces print the same bytes.
    out = run_cli(cli, "explain", NL_ZORG, persona, "--as-of", PERSONA_AS_OF, "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == json.loads(e.to_json())
    text = run_cli(cli, "explain", NL_ZORG, persona, "--as-of", PERSONA_AS_OF)
    assert text.stdout == str(e)


def test_threshold_nodes_carry_value_and_min(nl_zorg: civeff.Ruleset) -> None:
    persona = REPO / "examples" / "portfolios" / "helpende-naar-vig.json"
    data = nl_zorg.explain(persona, as_of=PERSONA_AS_OF).to_dict()
    seen = 0
    for d in data["diplomas"].values():
        for node in _nodes(d["requires"]) if d.get("requires") else []:
            assert node["form"] in {
                "unit",
                "all_of",
                "any_of",
                "n_of",
                "hours",
                "count",
                "sum",
                "avg",
                "check",
            }
            if node["form"] in {"hours", "count", "sum", "avg"} and not node.get("left_out"):
                assert "value" in node and "min" in node
                assert node["holds"] == (node["value"] >= node["min"])
                seen += 1
            if node["form"] == "n_of":
                assert node["n_holding"] <= len(node.get("children", []))
            assert ":" in node["where"]
    assert seen > 0
    # The text shows a value against its threshold: her keuzedelen, Helpende Plus (240 h) and
    # K0024 Diversiteit (480 h), reach the 720 h of niveau 3 and the 480 h of 25960.
    text = str(nl_zorg.explain(persona, as_of=PERSONA_AS_OF))
    assert "720 of 720" in text and "720 of 480" in text


def test_text_for_one_diploma(nl_zorg: civeff.Ruleset) -> None:
    persona = REPO / "examples" / "portfolios" / "helpende-naar-vig.json"
    e = nl_zorg.explain(persona, as_of=PERSONA_AS_OF)
    one = e.text("25656")
    assert "Diploma 25656" in one
    assert one.count("Diploma ") == 1
    assert e.text().count("Diploma ") == len(e.diplomas)
    with pytest.raises(KeyError, match="no diploma 'nope'"):
        e.text("nope")
    with pytest.raises(TypeError):
        e.text(25656)  # type: ignore[arg-type]


def test_levels_say_what_decided_them(rs: civeff.Ruleset) -> None:
    data = rs.explain(SPEC_PORTFOLIO, as_of=AS_OF).to_dict()
    level = data["achievements"][0]["levels"]
    assert level, "a counted achievement has a level per scale"
    for scale in level.values():
        decided = scale["decided_by"]
        assert len(decided) == 1 or set(decided) == {"mark", "case"}
        assert isinstance(scale["lapsed"], list)
    assert any("mark" in s["decided_by"] for s in level.values())


def test_uncounted_achievements_say_why(rs: civeff.Ruleset) -> None:
    portfolio = {
        "person": "p",
        "achievements": [{"unit": "LE-medicatie", "date": "2030-01-01", "marks": ["mbo-certificaat"]}],
    }
    a = rs.explain(portfolio, as_of=AS_OF).to_dict()["achievements"][0]
    assert a["counted"] is False
    assert "after as_of" in a["not_counted"]
    assert "levels" not in a or not a["levels"]


def test_not_credited_reasons(rs: civeff.Ruleset) -> None:
    data = rs.explain({"person": "p", "achievements": []}, as_of=AS_OF).to_dict()
    reasons = {r["reason"] for rs_ in data["not_credited"].values() for r in rs_}
    assert "no_achievement" in reasons
    allowed = {
        "no_achievement",
        "credit_when",
        "effective",
        "lapsed",
        "equivalence_window",
        "equivalence_when",
        "equivalence_sources",
    }
    assert reasons <= allowed


def test_explain_warnings_and_errors_as_evaluate(rs: civeff.Ruleset) -> None:
    with pytest.raises(civeff.InputError):
        rs.explain({"person": "p", "achievements": [{"unit": "x"}]}, as_of=AS_OF)
    with pytest.raises(civeff.InputError):
        rs.explain(SPEC_PORTFOLIO, as_of="not a date")
    with pytest.raises(TypeError):
        rs.explain(42, as_of=AS_OF)  # type: ignore[arg-type]


def test_explanation_is_immutable_and_pickles(nl_zorg: civeff.Ruleset) -> None:
    persona = REPO / "examples" / "portfolios" / "helpende-naar-vig.json"
    e = nl_zorg.explain(persona, as_of=PERSONA_AS_OF)
    with pytest.raises(AttributeError):
        e.person = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        civeff.Explanation()
    back = pickle.loads(pickle.dumps(e))
    assert back.to_dict() == e.to_dict()
    assert str(back) == str(e)
    assert back.text("25656") == e.text("25656")
    assert back.person == e.person
    assert back.diplomas == e.diplomas
    assert repr(back) == repr(e)


def test_html_for_jupyter(nl_zorg: civeff.Ruleset) -> None:
    persona = REPO / "examples" / "portfolios" / "helpende-naar-vig.json"
    e = nl_zorg.explain(persona, as_of=PERSONA_AS_OF)
    page = e._repr_html_()
    assert page.count("<details>") == len(e.diplomas) + 1
    assert "720 of 720" in page  # her keuzedelen: Helpende Plus 240 h and K0024 Diversiteit 480 h
    assert "&#10003;" in page and "&#10007;" in page
    # Text from the rules and the portfolio is escaped.
    tricky = {
        "person": "<script>alert(1)</script>",
        "achievements": [{"title": "<b>x</b>", "date": "2023-01-01"}],
    }
    page = nl_zorg.explain(tricky, as_of=PERSONA_AS_OF)._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>x</b>" not in page


def test_explain_spec_rules_directory_path() -> None:
    # A ruleset loaded from a path and its portfolio file: the diagnostics' files are absolute.
    rules = civeff.load(SPEC_RULES)
    e = rules.explain(SPEC_PORTFOLIO, as_of=AS_OF)
    for d in e.to_dict()["diplomas"].values():
        if d.get("requires"):
            assert d["requires"]["where"].startswith(str(SPEC_RULES))
