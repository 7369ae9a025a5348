# SPDX-License-Identifier: Apache-2.0
"""Scenarios in code: overlays given as dicts or YAML texts, rulesets held in memory
(civeff.load_files), and what travels with them (pickles, Dask tokens)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import civeff
import pandas as pd
import pytest
from conftest import AS_OF, NL_ZORG, SPEC_OVERLAY, SPEC_PORTFOLIO, SPEC_RULES

RE_REGISTRATION = "2026-06-01"  # the re-registration date (as_of) of the V&V sweep
POINTS = (147, 160, 170, 184, 200)


def total_points(points: int) -> dict[str, Any]:
    """herregistratie-vv of rules/nl-zorg/registers.yaml with `points` in 5 years
    instead of 184 (the accredited minimums as they are), replaced whole as
    scenarios/vv-coulance.yaml does."""
    within_5_years = {"attr": "points", "within": "P5Y"}
    return {
        "civeff": 1,
        "overlay": f"points-{points}",
        "diplomas": [
            {
                "id": "herregistratie-vv",
                "title": f"Herregistratie Kwaliteitsregister V&V ({points} punten)",
                "requires": {
                    "id": "vv-herregistratie",
                    "when": 'person.role in ["verpleegkundige", "verzorgende"]',
                    "all_of": [
                        {
                            "id": "vv-punten-totaal",
                            "sum": {**within_5_years, "min": points, "of": {"where": "attrs.points > 0"}},
                        },
                        {
                            "id": "vv-geaccrediteerd-verpleegkundige",
                            "when": 'person.role == "verpleegkundige"',
                            "sum": {**within_5_years, "min": 80, "of": {"marks": ["vv-accredited"]}},
                        },
                        {
                            "id": "vv-geaccrediteerd-verzorgende",
                            "when": 'person.role == "verzorgende"',
                            "sum": {**within_5_years, "min": 60, "of": {"marks": ["vv-accredited"]}},
                        },
                    ],
                },
            }
        ],
    }


def nurses() -> pd.DataFrame:
    """Verpleegkundigen with 85 accredited points each and 150 to 195 points in all;
    n-old has points older than 5 years that must not count."""

    def row(person: str, date: str, marks: str | None, points: float) -> dict[str, object]:
        role = "verpleegkundige"
        return {"person": person, "date": date, "marks": marks, "points": points, "person.role": role}

    rows = [row("n-old", "2019-01-15", "vv-accredited", 300)]
    for total in (150, 165, 175, 190, 195):
        person = f"n-{total}"
        rows += [
            row(person, "2022-03-10", "vv-accredited", 40),
            row(person, "2024-05-20", "vv-accredited", 45),
            row(person, "2023-01-15", None, total - 85),  # not accredited (ODA)
        ]
    frame: pd.DataFrame = pd.DataFrame(rows)
    return frame


def re_registration(rs: civeff.Ruleset) -> pd.DataFrame:
    out = rs.evaluate_frame(nurses(), as_of=RE_REGISTRATION)
    selected: pd.DataFrame = out[out["diploma"] == "herregistratie-vv"].set_index("person")
    return selected


# ---------------------------------------------------------------- the sweep


def test_a_points_sweep_with_dict_overlays_changes_results_monotonically() -> None:
    results = {p: re_registration(civeff.load(NL_ZORG, overlays=[total_points(p)])) for p in POINTS}
    complete = {p: sorted(r.index[r["status"] == "complete"]) for p, r in results.items()}
    assert complete == {
        147: ["n-150", "n-165", "n-175", "n-190", "n-195"],
        160: ["n-165", "n-175", "n-190", "n-195"],
        170: ["n-175", "n-190", "n-195"],
        184: ["n-190", "n-195"],
        200: [],
    }
    # A higher threshold never helps anyone: status and progress never rise.
    for low, high in itertools.pairwise(POINTS):
        assert (results[high]["status"].cat.codes <= results[low]["status"].cat.codes).all()
        assert (results[high]["progress"] <= results[low]["progress"]).all()
    assert (results[200]["status"] == "partial").sum() == 5  # the accredited part still holds
    assert results[200].loc["n-old", "status"] == "none"  # points older than 5 years lapse

    # 184 is the rule as published: the dict reproduces rules/nl-zorg as shipped.
    shipped = re_registration(civeff.load(NL_ZORG))
    pd.testing.assert_frame_equal(results[184], shipped)


def test_the_overlay_is_named_and_reported() -> None:
    rs = civeff.load(NL_ZORG, overlays=[total_points(170)])
    assert rs.overlays == ("points-170",)
    assert rs.overlay_paths == ("<overlay 1>",)
    accredited = {"title": "t", "date": "2024-01-01", "marks": ["vv-accredited"], "attrs": {"points": 170}}
    r = rs.evaluate(
        {"person": "p", "attrs": {"role": "verzorgende"}, "achievements": [accredited]}, as_of=RE_REGISTRATION
    )
    assert tuple(r.overlays) == ("points-170",)
    assert r.diplomas["herregistratie-vv"].status == "complete"


def test_dict_text_and_file_overlays_give_the_same_ruleset_in_the_order_given(tmp_path: Path) -> None:
    as_dict = total_points(170)
    as_text = json.dumps(as_dict, indent=2)
    as_file = tmp_path / "points-170.yaml"
    as_file.write_text(as_text, encoding="utf-8")
    expected = re_registration(civeff.load(NL_ZORG, overlays=[as_file]))
    for overlay in (as_dict, as_text, str(as_file)):
        pd.testing.assert_frame_equal(re_registration(civeff.load(NL_ZORG, overlays=[overlay])), expected)
    # Later overlays win: the last threshold is the one that counts, whatever the kinds.
    mixed = civeff.load(NL_ZORG, overlays=[as_file, total_points(200), as_text])
    assert mixed.overlays == ("points-170", "points-200", "points-170")
    pd.testing.assert_frame_equal(re_registration(mixed), expected)
    last = re_registration(civeff.load(NL_ZORG, overlays=[as_text, as_file, total_points(200)]))
    assert (last["status"] != "complete").all()


def test_a_dict_overlay_may_hold_dates_and_a_yaml_text_is_any_yaml() -> None:
    units = civeff.load(SPEC_RULES).units
    marks_overlay = {
        "civeff": 1,
        "overlay": "dated",
        "units": [{"id": "X-new", "kind": "course", "effective": {"from": dt.date(2024, 1, 1)}}],
    }
    assert civeff.load(SPEC_RULES, overlays=[marks_overlay]).units == (*units, "X-new")
    text = "civeff: 1\noverlay: removed\nremove:\n  units: [X-new]\n"
    assert civeff.load(SPEC_RULES, overlays=[marks_overlay, text]).units == units


# ---------------------------------------------------------------- errors


def test_a_bad_second_dict_overlay_is_a_rule_error_naming_overlay_2() -> None:
    bad = {"civeff": 1, "overlay": "bad", "remove": {"units": ["no-such-unit"]}}
    with pytest.raises(civeff.RuleError) as info:
        civeff.load(NL_ZORG, overlays=[total_points(170), bad])
    (d,) = info.value.diagnostics
    assert (d.file, d.code) == ("<overlay 2>", "E024")
    # The line and column are those of json.dumps(overlay, indent=2).
    lines = json.dumps(bad, indent=2).splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "no-such-unit" in text)
    assert (d.line, d.column) == (line, lines[line - 1].index('"no-such-unit"') + 2)
    assert str(d).startswith(f"<overlay 2>:{line}:{d.column}: error[E024]: cannot remove unit 'no-such-unit'")
    assert "<overlay 2>" in str(info.value)


def test_a_text_overlay_is_named_by_its_place_too_and_check_reports_it() -> None:
    text = "civeff: 1\noverlay: typo\nmarks:\n  - id: nrto\n    levls: {civil_effect: national}\n"
    found = civeff.check(SPEC_RULES, overlays=[SPEC_OVERLAY, text])
    assert [(d.file, d.line, d.column, d.code) for d in found] == [
        ("<overlay 2>", 4, 5, "E006"),  # no `levels`
        ("<overlay 2>", 5, 5, "E004"),  # `levls`
    ]


def test_what_is_not_an_overlay() -> None:
    with pytest.raises(TypeError, match=r"overlays\[1\]: expected a path, a YAML text or a mapping, got int"):
        civeff.load(SPEC_RULES, overlays=[SPEC_OVERLAY, 3])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="got a single one"):
        civeff.load(SPEC_RULES, overlays=total_points(170))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"overlays\[0\]: Out of range float values"):
        civeff.load(SPEC_RULES, overlays=[{"civeff": 1, "overlay": "x", "weight": float("nan")}])
    with pytest.raises(TypeError, match=r"overlays\[0\]: .*give a date"):
        civeff.load(SPEC_RULES, overlays=[{"civeff": 1, "overlay": "x", "at": dt.datetime(2024, 1, 1)}])
    # A one-line str is a path; one that looks like YAML says how to pass a text.
    with pytest.raises(ValueError, match="must hold a line break"):
        civeff.load(SPEC_RULES, overlays=["{civeff: 1, overlay: x}"])
    with pytest.raises(civeff.RuleError, match="cannot read"):
        civeff.load(SPEC_RULES, overlays=["no-such-scenario.yaml"])


def test_an_overlay_text_that_is_not_unicode_is_e002_at_its_place() -> None:
    text = "civeff: 1\noverlay: caf\udce9\n"  # as errors="surrogateescape" leaves a Latin-1 byte
    (d,) = civeff.check(SPEC_RULES, overlays=[text])
    assert (d.file, d.line, d.code) == ("<overlay 1>", 2, "E002")


# ---------------------------------------------------------------- rulesets in memory


def spec_files() -> dict[str, str]:
    return {"ruleset.yaml": (SPEC_RULES / "ruleset.yaml").read_text(encoding="utf-8")}


def test_load_files_compiles_a_ruleset_held_in_memory() -> None:
    rs = civeff.load_files(spec_files(), overlays=[SPEC_OVERLAY])
    on_disk = civeff.load(SPEC_RULES, overlays=[SPEC_OVERLAY])
    assert rs.path is None
    assert (rs.name, rs.units, rs.overlays) == (on_disk.name, on_disk.units, on_disk.overlays)
    assert rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF) == on_disk.evaluate(SPEC_PORTFOLIO, as_of=AS_OF)
    assert "in-memory files" in repr(rs)


def test_load_files_names_its_files_and_keeps_includes_inside() -> None:
    files = {
        "ruleset.yaml": 'civeff: 1\nruleset: r\nversion: "1"\ninclude: ["units/*.yaml", "../x.yaml"]\n',
        "units/a.yaml": "units:\n  - {id: A, kind: course, colour: red}\n",
    }
    with pytest.raises(civeff.RuleError) as info:
        civeff.load_files(files)
    assert [(d.file, d.line, d.column, d.code) for d in info.value.diagnostics] == [
        ("ruleset.yaml", 4, 28, "E008"),
        ("units/a.yaml", 2, 27, "E004"),
    ]
    with pytest.raises(TypeError, match="str names and str texts"):
        civeff.load_files({"ruleset.yaml": b"civeff: 1"})  # type: ignore[dict-item]


# ---------------------------------------------------------------- pickles and tokens

UNPICKLE = textwrap.dedent(
    """
    import pickle, sys
    rs = pickle.loads(sys.stdin.buffer.read())
    r = rs.evaluate({spec!r}, as_of={as_of!r})
    print(rs.overlays, r.diplomas["helpende-zw"].status, sorted(r.credited))
    """
)


def unpickled_elsewhere(blob: bytes, cwd: Path) -> str:
    script = UNPICKLE.format(spec=SPEC_PORTFOLIO, as_of=AS_OF)
    proc = subprocess.run(
        [sys.executable, "-c", script], input=blob, cwd=cwd, capture_output=True, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode().strip()


def nrto_national() -> dict[str, Any]:
    """scenarios/nrto-national.yaml of the SPEC ruleset, as a dict."""
    nrto = {"id": "nrto", "levels": {"civil_effect": "national"}}
    return {"civeff": 1, "overlay": "nrto-dict", "marks": [nrto]}


def test_a_ruleset_with_dict_overlays_pickles_their_texts(tmp_path: Path) -> None:
    rs = civeff.load(SPEC_RULES, overlays=[nrto_national()])
    blob = pickle.dumps(rs)
    assert b"nrto-dict" in blob  # the text, not a path
    back = pickle.loads(blob)
    assert back.overlays == rs.overlays and back.overlay_paths == ("<overlay 1>",)
    assert back.evaluate(SPEC_PORTFOLIO, as_of=AS_OF) == rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF)
    expected = rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF)
    shown = unpickled_elsewhere(blob, tmp_path)
    assert shown == f"('nrto-dict',) {expected.diplomas['helpende-zw'].status} {sorted(expected.credited)}"


def test_an_in_memory_ruleset_unpickles_in_a_fresh_process_without_any_file(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    shutil.copytree(SPEC_RULES, folder)
    rs = civeff.load_files(
        {"ruleset.yaml": (folder / "ruleset.yaml").read_text(encoding="utf-8")}, overlays=[nrto_national()]
    )
    shutil.rmtree(folder)  # nothing on disk is needed any more
    blob = pickle.dumps(rs)
    expected = rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF)
    shown = unpickled_elsewhere(blob, tmp_path)
    assert shown == f"('nrto-dict',) {expected.diplomas['helpende-zw'].status} {sorted(expected.credited)}"


def test_the_dask_token_hashes_the_texts_not_the_paths(tmp_path: Path) -> None:
    tokenize = pytest.importorskip("dask.base").tokenize
    assert tokenize(civeff.load(NL_ZORG, overlays=[total_points(170)])) == tokenize(
        civeff.load(NL_ZORG, overlays=[json.dumps(total_points(170), indent=2)])
    )  # the same text, given as a dict or as text
    assert tokenize(civeff.load(NL_ZORG, overlays=[total_points(170)])) != tokenize(
        civeff.load(NL_ZORG, overlays=[total_points(184)])
    )
    # A rules file that changed is another token, from the same path.
    folder = tmp_path / "spec"
    shutil.copytree(SPEC_RULES, folder)
    before = civeff.load(folder, overlays=[nrto_national()])
    root = folder / "ruleset.yaml"
    changed = root.read_text(encoding="utf-8").replace("version:", "# changed\nversion:")
    root.write_text(changed, encoding="utf-8")
    after = civeff.load(folder, overlays=[nrto_national()])
    assert (before.path, before.overlay_paths) == (after.path, after.overlay_paths)
    assert tokenize(before) != tokenize(after)
    assert tokenize(after) == tokenize(civeff.load(folder, overlays=[nrto_national()]))
    # A pickled ruleset keeps its token when the files are the same.
    assert tokenize(pickle.loads(pickle.dumps(after))) == tokenize(after)
