# SPDX-License-Identifier: Apache-2.0
"""Ruleset.what_if and Ruleset.course_options (docs/language.md, "What if"): the
fields, the JSON and text as `civeff whatif` prints them, and the key property:
a what-if is what two `civeff eval`s (and two `civeff advise`s) say of the
portfolio without and with the added achievements."""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import json
import pickle
from pathlib import Path

import civeff
import pytest
from conftest import AS_OF, REPO, SPEC_PORTFOLIO, SPEC_RULES, run_cli

# The last two leereenheden of SPEC §2's stack: together they count as KD-wondzorg.
STACK = [{"unit": "LE-wondzorg-1"}, {"unit": "LE-wondzorg-2"}]
ZIJ_INSTROMER = REPO / "examples" / "portfolios" / "zij-instromer.json"
PERSONA_AS_OF = "2026-11-01"


def with_added(portfolio: dict, add: list[dict], as_of: str) -> dict:
    extra = [{"date": as_of, **a} for a in add]
    return {**portfolio, "achievements": [*portfolio["achievements"], *extra]}


def cli_json(cli: Path, *args: object) -> dict:
    out = run_cli(cli, *map(str, args))
    assert out.returncode == 0, out.stderr
    data: dict = json.loads(out.stdout)
    return data


def test_what_if_fields(rs: civeff.Ruleset) -> None:
    w = rs.what_if(SPEC_PORTFOLIO, add=STACK, as_of=AS_OF)
    assert isinstance(w, civeff.WhatIf)
    assert (w.person, w.as_of, w.proven) == ("p-001", dt.date(2024, 1, 1), True)
    assert [a.unit for a in w.added] == ["LE-wondzorg-1", "LE-wondzorg-2"]
    assert w.added[0] == civeff.AddedAchievement("LE-wondzorg-1", dt.date(2024, 1, 1), (), {}, None, False)
    assert w.credits_gained == ("KD-wondzorg", "LE-wondzorg-1", "LE-wondzorg-2") and w.credits_lost == ()
    assert dict(w.levels["LE-wondzorg-1"]) == {"civil_effect": "none", "nlqf": None}
    d = w.diplomas["helpende-zw"]
    assert isinstance(d, civeff.WhatIfDiploma)
    assert (d.status_before, d.status_after) == ("partial", "partial")
    assert d.hours_to_complete_before is not None and d.hours_to_complete_after is not None
    assert d.hours_to_complete_after < d.hours_to_complete_before and d.changed
    assert tuple(w.diplomas) == tuple(rs.diplomas)
    assert not w.diplomas["bhv-geldig"].changed


def test_what_if_is_two_evaluations_and_two_advices(rs: civeff.Ruleset) -> None:
    w = rs.what_if(SPEC_PORTFOLIO, add=STACK, as_of=AS_OF)
    before = rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF).to_dict()
    after = rs.evaluate(with_added(SPEC_PORTFOLIO, STACK, AS_OF), as_of=AS_OF).to_dict()
    assert list(w.credits_gained) == sorted(set(after["credited"]) - set(before["credited"]))
    assert list(w.credits_lost) == sorted(set(before["credited"]) - set(after["credited"]))
    for k, a in enumerate(w.added):
        assert dict(w.levels[a.unit]) == after["achievements"][len(before["achievements"]) + k]["levels"]
    for diploma, outcome in before["diplomas"].items():
        got = w.diplomas[diploma]
        assert (got.status_before, got.progress_before) == (outcome["status"], outcome["progress"])
        then = after["diplomas"][diploma]
        assert (got.status_after, got.progress_after) == (then["status"], then["progress"])
        for portfolio, hours in (
            (SPEC_PORTFOLIO, got.hours_to_complete_before),
            (with_added(SPEC_PORTFOLIO, STACK, AS_OF), got.hours_to_complete_after),
        ):
            assert rs.advise(portfolio, diploma, as_of=AS_OF, top=1).hours_to_complete == hours


def test_to_dict_and_text_match_the_cli(rs: civeff.Ruleset, cli: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(SPEC_PORTFOLIO))
    w = rs.what_if(path, add=STACK, as_of=AS_OF)
    args = ["whatif", SPEC_RULES, path, "--add", "LE-wondzorg-1", "--add", "LE-wondzorg-2", "--as-of", AS_OF]
    out = run_cli(cli, *args, "--format", "json")
    assert out.returncode == 0, out.stderr
    assert out.stdout == w.to_json()
    assert json.loads(out.stdout) == w.to_dict()
    for lang in ("nl", "en"):
        text = run_cli(cli, *args, "--lang", lang)
        assert text.returncode == 0, text.stderr
        assert text.stdout == w.text(lang)
    assert str(w) == w.text("en")  # the spec ruleset names no language


def test_what_if_equals_two_cli_evals(rs: civeff.Ruleset, cli: Path, tmp_path: Path) -> None:
    before_path, after_path = tmp_path / "before.json", tmp_path / "after.json"
    before_path.write_text(json.dumps(SPEC_PORTFOLIO))
    after_path.write_text(json.dumps(with_added(SPEC_PORTFOLIO, STACK, AS_OF)))
    w = rs.what_if(SPEC_PORTFOLIO, add=STACK, as_of=AS_OF).to_dict()
    before = cli_json(cli, "eval", SPEC_RULES, before_path, "--as-of", AS_OF, "--format", "json")
    after = cli_json(cli, "eval", SPEC_RULES, after_path, "--as-of", AS_OF, "--format", "json")
    assert w["credits"] == {
        "gained": sorted(set(after["credited"]) - set(before["credited"])),
        "lost": sorted(set(before["credited"]) - set(after["credited"])),
    }
    assert w["levels"] == {
        a["unit"]: after["achievements"][len(before["achievements"]) + k]["levels"]
        for k, a in enumerate(w["added"])
    }
    for diploma, outcome in before["diplomas"].items():
        got = w["diplomas"][diploma]
        assert (got["status_before"], got["progress_before"]) == (outcome["status"], outcome["progress"])
        then = after["diplomas"][diploma]
        assert (got["status_after"], got["progress_after"]) == (then["status"], then["progress"])


def test_persona_matches_the_cli(nl_zorg: civeff.Ruleset, cli: Path) -> None:
    add = [{"unit": "C0163", "marks": ["mbo-certificaat"]}]
    w = nl_zorg.what_if(ZIJ_INSTROMER, add=add, as_of=PERSONA_AS_OF)
    args = ["--add", "C0163", "--marks", "mbo-certificaat", "--as-of", PERSONA_AS_OF, "--format", "json"]
    out = run_cli(cli, "whatif", REPO / "rules" / "nl-zorg", ZIJ_INSTROMER, *args)
    assert out.returncode == 0, out.stderr
    assert out.stdout == w.to_json()
    assert "23385-P2-K1" in w.credits_gained
    d = w.diplomas["25960"]
    assert d.hours_to_complete_after is not None and d.hours_to_complete_before is not None
    assert d.hours_to_complete_after < d.hours_to_complete_before


def test_attributes_are_converted_strictly(nl_zorg: civeff.Ruleset) -> None:
    w = nl_zorg.what_if(
        ZIJ_INSTROMER, add=[{"unit": "K0024", "attrs": {"grade": "7,5", "exam": "ja"}}], as_of=PERSONA_AS_OF
    )
    assert dict(w.added[0].attrs) == {"exam": True, "grade": 7.5}
    for attrs, text in (({"grade": 11}, "above the maximum 10"), ({"exma": True}, "did you mean 'exam'")):
        with pytest.raises(civeff.InputError, match=text) as e:
            nl_zorg.what_if(ZIJ_INSTROMER, add=[{"unit": "K0024", "attrs": attrs}], as_of=PERSONA_AS_OF)
        assert [d.code for d in e.value.diagnostics] == ["E082"]
        assert str(e.value.diagnostics[0].message).startswith("add[0].attrs")


@pytest.mark.parametrize(
    ("add", "code", "text"),
    [
        ([{"unit": "LE-wondzorg-3"}], "E080", "did you mean 'LE-wondzorg-1'"),
        ([{"unit": "B1-K1"}, {"unit": "B1-K1"}], "E080", "added twice"),
        ([{"unit": "B1-K1", "date": "2024-01-02"}], "E080", "after as_of"),
        ([{"marks": ["nrto"]}], "E080", "needs `unit`"),
        ([{"unit": "B1-K1", "marks": ["nrt"]}], "E081", "did you mean 'nrto'"),
        ([{"unit": "B1-K1", "hours": -1}], "E082", "a number >= 0"),
        ([{"unit": "B1-K1", "hours": "veel"}], "E082", "a number >= 0"),
        ([{"unit": "B1-K1", "titel": "x"}], "E041", "unknown key 'titel'"),
    ],
)
def test_errors(rs: civeff.Ruleset, add: list[dict], code: str, text: str) -> None:
    with pytest.raises(civeff.InputError, match=text) as e:
        rs.what_if(SPEC_PORTFOLIO, add=add, as_of=AS_OF)
    assert e.value.diagnostics[0].code == code


def test_bad_arguments(rs: civeff.Ruleset) -> None:
    with pytest.raises(TypeError, match="add"):
        rs.what_if(SPEC_PORTFOLIO, add={"unit": "B1-K1"}, as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="add"):
        rs.what_if(SPEC_PORTFOLIO, add=["B1-K1"], as_of=AS_OF)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="max_steps"):
        rs.what_if(SPEC_PORTFOLIO, add=STACK, as_of=AS_OF, max_steps=0)
    with pytest.raises(ValueError, match="lang"):
        rs.what_if(SPEC_PORTFOLIO, add=STACK, as_of=AS_OF).text("de")


def test_what_if_is_immutable_and_pickles(rs: civeff.Ruleset) -> None:
    w = rs.what_if(SPEC_PORTFOLIO, add=STACK, as_of=AS_OF)
    with pytest.raises(AttributeError):
        w.proven = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        w.levels["x"] = {}  # type: ignore[index]
    with pytest.raises(AttributeError):
        w.diplomas["helpende-zw"].status_after = "complete"  # type: ignore[misc]
    with pytest.raises(TypeError):
        civeff.WhatIf()
    b = pickle.loads(pickle.dumps(w))
    assert b == w and hash(b) == hash(w)
    assert b.to_json() == w.to_json() and b.to_dict() == w.to_dict()
    assert b.text("nl") == w.text("nl") and str(b) == str(w) and repr(b) == repr(w)
    assert b.diplomas == w.diplomas and b.added == w.added


def test_threads_at_once(rs: civeff.Ruleset) -> None:
    adds = [[{"unit": u}] for u in ("LE-wondzorg-1", "KD-medicatie", "K1006", "B1-K1")] * 4
    serial = [rs.what_if(SPEC_PORTFOLIO, add=a, as_of=AS_OF).to_json() for a in adds]
    with cf.ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda a: rs.what_if(SPEC_PORTFOLIO, add=a, as_of=AS_OF).to_json(), adds))
    assert threaded == serial


def test_course_options(rs: civeff.Ruleset) -> None:
    options = rs.course_options(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF)
    assert 0 < len(options) <= 5
    ratios = [(-o.saved_per_hour, o.unit) for o in options]
    assert ratios == sorted(ratios)
    for o in options:
        assert isinstance(o, civeff.CourseOption) and isinstance(o.what_if, civeff.WhatIf)
        d = o.what_if.diplomas["helpende-zw"]
        assert d.hours_to_complete_before is not None and d.hours_to_complete_after is not None
        assert o.hours_saved == d.hours_to_complete_before - d.hours_to_complete_after > 0
        assert o.saved_per_hour == o.hours_saved / o.hours
        # The option's what-if is what_if() with the unit taken as advice takes it.
        same = rs.what_if(SPEC_PORTFOLIO, add=[{"unit": o.unit, "exempt": True}], as_of=AS_OF)
        assert same == o.what_if
    assert len(rs.course_options(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF, top=1)) == 1
    assert rs.course_options(SPEC_PORTFOLIO, "helpende-zw", as_of=AS_OF, top=0) == ()
    with pytest.raises(civeff.InputError) as e:
        rs.course_options(SPEC_PORTFOLIO, "helpende", as_of=AS_OF)
    assert e.value.diagnostics[0].code == "E046"
