# SPDX-License-Identifier: Apache-2.0
"""Rule metadata as DataFrames (units_frame, marks_frame, ..., requirements_frame) and
levels_frame(..., ordered=True)."""

from __future__ import annotations

from pathlib import Path

import civeff
import numpy as np
import pandas as pd
import pytest
from conftest import AS_OF, NL_ZORG, SPEC_RULES

UNIT_COLUMNS = [
    "id", "kind", "title", "name", "hours", "tags", "level.civil_effect", "level.nlqf",
    "effective_from", "effective_to", "valid_for", "credit_when", "source", "notes", "file", "line",
]  # fmt: skip
REQUIREMENT_COLUMNS = [
    "diploma", "node", "parent", "depth", "form", "id", "title", "leaf", "when", "unit", "n",
    "min", "attr", "within", "units", "kind", "tags", "marks", "where", "check", "file", "line",
]  # fmt: skip


def rows(frame: pd.DataFrame) -> list[list[object]]:
    """The frame's rows as lists, missing values as None (pandas 3's str dtype gives NaN)."""
    return [[None if pd.isna(v) else v for v in row] for row in frame.astype(object).to_numpy().tolist()]


def by_id(frame: pd.DataFrame, key: str) -> pd.Series:
    rows = frame[frame["id"] == key]
    assert len(rows) == 1, f"{key}: {len(rows)} rows"
    return rows.iloc[0]


# ---------------------------------------------------------------- rules/nl-zorg


def test_nl_zorg_unit_row_has_title_kind_and_hours(nl_zorg: civeff.Ruleset) -> None:
    units = nl_zorg.units_frame()
    k = by_id(units, "K1006")
    assert k["title"] == "Palliatieve zorg"
    assert k["kind"] == "keuzedeel"
    assert k["hours"] == 240.0
    assert k["tags"] == ["zorg"]
    assert k["credit_when"] == 'attrs.exam == true or attrs.grade >= 1 or has_mark("examen")'
    # the 240 SBU come from an OER keuzedeel list in cedanl/samenwijzer (rules/nl-zorg/README.md)
    assert k["source"].startswith("https://github.com/cedanl/samenwijzer/")
    assert k["notes"].startswith("Keuzedeel K1006, 240 SBU")
    assert pd.isna(k["effective_from"]) and pd.isna(k["effective_to"])
    assert pd.isna(k["valid_for"])
    assert k["file"] == str(NL_ZORG / "keuzedelen.yaml")
    assert k["line"] == 71  # K1006 is the sixth keuzedeel of the list, after K0618 ... K0616


def test_nl_zorg_every_unit_once_in_declaration_order(nl_zorg: civeff.Ruleset) -> None:
    units = nl_zorg.units_frame()
    assert units["id"].is_unique
    assert units["id"].tolist() == list(nl_zorg.units)
    assert list(units.index) == list(range(len(units)))
    assert list(units.columns[:6]) == UNIT_COLUMNS[:6]
    assert [c for c in units.columns if c.startswith("level.")] == [f"level.{s}" for s in nl_zorg.scales]
    assert units["hours"].dtype == np.float64
    assert units["line"].dtype == np.int64
    assert (units["line"] > 0).all()
    assert units["kind"].notna().all()


def test_nl_zorg_frames_cover_every_entry(nl_zorg: civeff.Ruleset) -> None:
    assert nl_zorg.scales_frame()["id"].tolist() == list(nl_zorg.scales)
    assert nl_zorg.marks_frame()["id"].tolist() == list(nl_zorg.marks)
    assert nl_zorg.equivalences_frame()["id"].tolist() == list(nl_zorg.equivalences)
    assert nl_zorg.diplomas_frame()["id"].tolist() == list(nl_zorg.diplomas)  # sorted by id
    assert set(nl_zorg.mark_levels_frame()["mark"]) <= set(nl_zorg.marks)


def test_nl_zorg_diploma_title_by_id(nl_zorg: civeff.Ruleset) -> None:
    # The issue: results show ids such as 25656 with no way to get the title.
    d = nl_zorg.diplomas_frame().set_index("id").loc["25656"]
    assert d["title"] == "Verzorgende-IG"
    assert d["level.nlqf"] == "3"
    assert d["file"] == str(NL_ZORG / "diplomas.yaml")


def test_nl_zorg_requirements_one_root_and_parents_exist(nl_zorg: civeff.Ruleset) -> None:
    for diploma in nl_zorg.diplomas:
        tree = nl_zorg.requirements_frame(diploma)
        assert list(tree.columns) == REQUIREMENT_COLUMNS
        assert (tree["diploma"] == diploma).all()
        assert tree["node"].tolist() == list(range(len(tree)))
        roots = tree[tree["parent"] == -1]
        assert roots["node"].tolist() == [0]
        children = tree[tree["parent"] != -1]
        # Every parent exists, comes first (document order) and is a group.
        assert (children["parent"] < children["node"]).all()
        groups = set(tree.loc[~tree["leaf"], "node"])
        assert set(children["parent"]) <= groups
        assert (tree["depth"] == [0 if p < 0 else tree["depth"][p] + 1 for p in tree["parent"]]).all()
        assert tree.loc[tree["leaf"], "id"].notna().all()


def test_nl_zorg_requirement_leaves_are_named_as_missing(nl_zorg: civeff.Ruleset) -> None:
    # Nobody with nothing: every missing leaf of every diploma is a leaf id of its tree.
    r = nl_zorg.evaluate({"person": "nobody", "achievements": []}, as_of=AS_OF)
    for diploma, outcome in r.diplomas.items():
        leaves = set(nl_zorg.requirements_frame(diploma).query("leaf")["id"])
        assert set(outcome.missing) <= leaves, diploma


def test_nl_zorg_all_requirements(nl_zorg: civeff.Ruleset) -> None:
    every = nl_zorg.requirements_frame()
    assert every["diploma"].drop_duplicates().tolist() == list(nl_zorg.diplomas)
    assert len(every) == sum(len(nl_zorg.requirements_frame(d)) for d in nl_zorg.diplomas)
    uren = every[(every["diploma"] == "25656") & (every["id"] == "kd-uren")].iloc[0]
    assert uren["form"] == "hours"
    assert uren["min"] == 720.0
    assert uren["kind"] == "keuzedeel"
    assert uren["units"] is None  # the selector gives no `units`


# ---------------------------------------------------------------- the SPEC §2 ruleset


def test_scales_frame(rs: civeff.Ruleset) -> None:
    scales = rs.scales_frame()
    assert list(scales.columns) == [
        "id", "levels", "default", "title", "name", "source", "notes", "file", "line",
    ]  # fmt: skip
    assert scales["id"].tolist() == ["civil_effect", "nlqf"]
    assert scales["levels"].tolist() == [
        ["none", "internal", "sector", "national"],
        [str(i) for i in range(1, 9)],
    ]
    assert scales["default"][0] == "none"  # the first level when not given
    assert pd.isna(scales["default"][1])  # default: null
    assert scales["file"].tolist() == [str(SPEC_RULES / "ruleset.yaml")] * 2


def test_marks_frame_and_levels(rs: civeff.Ruleset) -> None:
    marks = rs.marks_frame()
    vv = by_id(marks, "vv-accredited")
    assert vv["name"] == "Kwaliteitsregister V&V, geaccrediteerde scholing"
    assert vv["issuer"] == "V&VN"
    assert vv["valid_for"] == "P5Y"
    assert vv["implies"] == []
    assert pd.isna(vv["attests"]) and pd.isna(vv["title"])
    assert pd.isna(by_id(marks, "nrto")["valid_for"])
    levels = rs.mark_levels_frame()
    assert list(levels.columns) == ["mark", "scale", "case", "when", "level"]
    vv_levels = levels[levels["mark"] == "vv-accredited"]
    # `nlqf: "3"` is a bare level: no case index (SPEC §12), as explanations name it.
    assert rows(vv_levels[["scale", "case", "level"]]) == [
        ["civil_effect", 0, "sector"],
        ["civil_effect", 1, "internal"],
        ["nlqf", None, "3"],
    ]
    assert levels["case"].dtype == "Int64"
    assert vv_levels["when"].iloc[0] == "attrs.points >= 4"
    assert vv_levels["when"].iloc[1:].isna().all()


def test_mark_levels_case_is_missing_for_a_bare_level_only() -> None:
    """A bare level has no case; a list of one plain case is case 0, as explanations say."""
    rules = civeff.load_files(
        {
            "ruleset.yaml": """civeff: 1
ruleset: cases
version: "1"
scales:
  s: {levels: [low, high]}
marks:
  - {id: bare, levels: {s: high}}
  - id: listed
    levels:
      s:
        - level: high
units:
  - {id: u, kind: course}
"""
        }
    )
    levels = rules.mark_levels_frame()
    assert rows(levels[["mark", "case", "level"]]) == [["bare", None, "high"], ["listed", 0, "high"]]
    for mark, case in (("bare", None), ("listed", 0)):
        e = rules.explain([{"unit": "u", "date": "2023-01-01", "marks": [mark]}], as_of=AS_OF)
        decided = e.to_dict()["achievements"][0]["levels"]["s"]["decided_by"]
        assert decided == {"mark": mark, "case": case}


def test_units_frame_types(rs: civeff.Ruleset) -> None:
    units = rs.units_frame()
    assert list(units.columns) == UNIT_COLUMNS
    k = by_id(units, "K1006")
    assert k["level.nlqf"] == "3"
    assert pd.isna(k["level.civil_effect"])
    assert k["effective_from"] == pd.Timestamp("2016-08-01")
    assert k["effective_to"] == pd.Timestamp("2030-07-31")
    assert units["effective_from"].dtype == np.dtype("datetime64[s]")
    assert pd.isna(by_id(units, "B1-K1")["effective_from"])
    assert by_id(units, "BHV")["valid_for"] == "P1Y"
    assert by_id(units, "LE-wondzorg-1")["tags"] == []
    assert pd.isna(by_id(units, "LE-wondzorg-1")["title"])
    # Filtering as an analyst would.
    zorg = units[units["tags"].map(lambda tags: "zorg" in tags)]
    assert zorg["id"].tolist() == ["K1006"]
    assert units.explode("tags").dropna(subset=["tags"])["id"].tolist() == ["K1006"]
    assert units.loc[units["kind"] == "keuzedeel", "hours"].sum() == 720.0


def test_equivalences_frame(rs: civeff.Ruleset) -> None:
    eqs = rs.equivalences_frame()
    med = by_id(eqs, "eq-medicatie")
    assert bool(med["symmetric"]) is True
    assert med["equivalent"] == ["LE-medicatie", "KD-medicatie"]
    assert med["from"] == [] and med["counts_as"] == []
    assert med["effective_from"] == pd.Timestamp("2019-09-01")
    assert pd.isna(med["effective_to"])
    stack = by_id(eqs, "wondzorg-stack")
    assert bool(stack["symmetric"]) is False
    assert stack["from"] == ["LE-wondzorg-1", "LE-wondzorg-2"]
    assert stack["counts_as"] == ["KD-wondzorg"]
    assert stack["equivalent"] == []
    assert pd.isna(stack["when"])


def test_diplomas_frame_sorted_by_id(rs: civeff.Ruleset) -> None:
    diplomas = rs.diplomas_frame()
    assert diplomas["id"].tolist() == ["bhv-geldig", "helpende-zw", "herregistratie"]
    h = by_id(diplomas, "helpende-zw")
    assert h["title"] == "Helpende Zorg en Welzijn"
    assert h["level.nlqf"] == "2"
    assert pd.isna(h["level.civil_effect"])


def test_requirements_frame(rs: civeff.Ruleset) -> None:
    tree = rs.requirements_frame("helpende-zw")
    assert rows(tree[["node", "parent", "depth", "form", "id"]]) == [
        [0, -1, 0, "all_of", None],
        [1, 0, 1, "unit", "unit:B1-K1"],
        [2, 0, 1, "hours", "keuzedelen"],
        [3, 0, 1, "n_of", None],
        [4, 3, 2, "unit", "unit:K1006"],
        [5, 3, 2, "unit", "unit:KD-medicatie"],
        [6, 3, 2, "unit", "unit:KD-wondzorg"],
    ]
    assert tree["leaf"].tolist() == [False, True, True, False, True, True, True]
    assert tree["n"].dtype == "Int64"
    assert tree["n"][3] == 2 and tree["n"].isna().sum() == 6
    assert tree["min"][2] == 480.0 and tree["min"].isna().sum() == 6
    assert tree["title"][2] == "Keuzedelen"
    assert tree["kind"][2] == "keuzedeel"
    assert tree["unit"][4] == "K1006"
    herregistratie = rs.requirements_frame("herregistratie")
    vp = herregistratie[herregistratie["id"] == "punten-vp"].iloc[0]
    assert vp["when"] == 'person.role == "verpleegkundige"'
    assert vp["attr"] == "points"
    assert vp["within"] == "P5Y"
    assert vp["marks"] == ["vv-accredited"]
    assert vp["units"] is None and vp["tags"] is None


def test_requirements_frame_unknown_diploma(rs: civeff.Ruleset) -> None:
    with pytest.raises(ValueError, match=r"unknown diploma 'helpende-zv'; did you mean 'helpende-zw'\?"):
        rs.requirements_frame("helpende-zv")
    with pytest.raises(ValueError, match=r"^unknown diploma 'xyz'$"):
        rs.requirements_frame("xyz")
    with pytest.raises(TypeError):
        rs.requirements_frame(3)  # type: ignore[arg-type]


def test_metadata_reflects_overlays(rs_scenario: civeff.Ruleset) -> None:
    assert "eq-medicatie" not in rs_scenario.equivalences_frame()["id"].tolist()
    nrto = rs_scenario.mark_levels_frame().query("mark == 'nrto'")
    assert rows(nrto[["scale", "level"]]) == [["civil_effect", "national"]]
    assert by_id(rs_scenario.marks_frame(), "nrto")["file"].endswith("nrto-national.yaml")


def test_metadata_of_an_empty_ruleset(tmp_path: Path) -> None:
    path = tmp_path / "ruleset.yaml"
    path.write_text('civeff: 1\nruleset: empty\nversion: "0"\n')
    empty = civeff.load(path)
    units = empty.units_frame()
    assert len(units) == 0
    assert list(units.columns) == [c for c in UNIT_COLUMNS if not c.startswith("level.")]
    assert len(empty.requirements_frame()) == 0
    assert list(empty.requirements_frame().columns) == REQUIREMENT_COLUMNS


# ---------------------------------------------------------------- levels_frame(ordered=True)


def test_levels_frame_ordered(rs: civeff.Ruleset) -> None:
    df = pd.DataFrame(
        {
            "person": ["a", "a", "b", "c"],
            "unit": ["LE-medicatie", "K1006", "BHV", "K1006"],
            "date": ["2023-05-01", "2023-01-01", "2023-01-01", "2030-01-01"],
            "marks": ["mbo-certificaat", "nrto", None, None],
        }
    )
    plain = rs.levels_frame(df, as_of=AS_OF)
    ordered = rs.levels_frame(df, as_of=AS_OF, ordered=True)
    ce = ordered["civil_effect"]
    assert isinstance(ce.dtype, pd.CategoricalDtype) and ce.dtype.ordered
    assert list(ce.cat.categories) == ["none", "internal", "sector", "national"]
    assert list(ordered["nlqf"].cat.categories) == [str(i) for i in range(1, 9)]
    # The same levels as the default text output, missing where it is missing.
    assert rows(ordered[["civil_effect", "nlqf"]]) == rows(plain[["civil_effect", "nlqf"]])
    assert ce.tolist()[:3] == ["national", "internal", "none"]
    assert pd.isna(ce.iloc[3])  # not counted
    # Compared by rank, not by spelling ("none" > "national" as text).
    assert (ce >= "internal").tolist() == [True, True, False, False]
    assert (plain["civil_effect"] >= "internal").tolist()[2] is True  # text order: the trap
    assert ordered.index.equals(df.index)
    assert ordered[["known", "counted"]].equals(plain[["known", "counted"]])


def test_levels_frame_default_unchanged(rs: civeff.Ruleset) -> None:
    df = pd.DataFrame({"person": ["a"], "unit": ["K1006"], "date": ["2023-01-01"]})
    levels = rs.levels_frame(df, as_of=AS_OF)
    assert not isinstance(levels["civil_effect"].dtype, pd.CategoricalDtype)
    assert levels["nlqf"].tolist() == ["3"]
    with pytest.raises(TypeError, match="ordered"):
        rs.levels_frame(df, as_of=AS_OF, ordered="yes")  # type: ignore[arg-type]
