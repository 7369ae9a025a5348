# SPDX-License-Identifier: Apache-2.0
"""Includes stay inside the ruleset folder (reliability finding F5) unless
``allow_outside_includes=True``, which a pickled Ruleset keeps."""

from __future__ import annotations

import pickle
from pathlib import Path

import civeff
import pytest

ROOT = """\
civeff: 1
ruleset: fenced
version: "1"
include: [{include}]
"""

UNITS = "units:\n  - id: U1\n    kind: course\n"


def ruleset_including(tmp_path: Path, pattern: str) -> Path:
    """tmp_path/rules/ruleset.yaml including `pattern`, and tmp_path/outside.yaml with unit U1."""
    (tmp_path / "outside.yaml").write_text(UNITS, encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "ruleset.yaml").write_text(ROOT.format(include=pattern), encoding="utf-8")
    return rules


@pytest.fixture(params=["parent", "absolute", "symlink"])
def outside(request, tmp_path: Path) -> Path:
    """A ruleset folder whose one include resolves outside it, in each of the three ways."""
    if request.param == "parent":
        return ruleset_including(tmp_path, '"../outside.yaml"')
    if request.param == "absolute":
        return ruleset_including(tmp_path, f'"{tmp_path / "outside.yaml"}"')
    rules = ruleset_including(tmp_path, '"*.yaml"')
    (rules / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    return rules


def test_F05_load_refuses_an_include_outside_the_folder(outside: Path) -> None:
    with pytest.raises(civeff.RuleError) as e:
        civeff.load(outside)
    assert [d.code for d in e.value.diagnostics] == ["E008"]
    assert "--allow-outside-includes" in e.value.diagnostics[0].message
    assert "allow_outside_includes=True" in e.value.diagnostics[0].message


def test_F05_check_reports_an_include_outside_the_folder(outside: Path) -> None:
    assert [d.code for d in civeff.check(outside)] == ["E008"]
    assert civeff.check(outside, allow_outside_includes=True) == []


def test_F05_allow_outside_includes_loads_it(outside: Path) -> None:
    rs = civeff.load(outside, allow_outside_includes=True)
    assert rs.units == ("U1",)
    assert rs.allow_outside_includes is True


def test_F05_includes_inside_the_folder_need_no_permission(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    (rules / "units").mkdir(parents=True)
    (rules / "units" / "u.yaml").write_text(UNITS, encoding="utf-8")
    (rules / "ruleset.yaml").write_text(ROOT.format(include='"units/*.yaml"'), encoding="utf-8")
    rs = civeff.load(rules)
    assert rs.units == ("U1",)
    assert rs.allow_outside_includes is False


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_F05_the_permission_survives_pickling(outside: Path, protocol: int) -> None:
    rs = civeff.load(outside, allow_outside_includes=True)
    back = pickle.loads(pickle.dumps(rs, protocol=protocol))
    assert back.allow_outside_includes is True
    assert back.units == ("U1",)


def test_F05_the_flag_is_a_bool(outside: Path) -> None:
    with pytest.raises(TypeError, match="allow_outside_includes"):
        civeff.load(outside, allow_outside_includes="yes")  # type: ignore[arg-type]


def test_F11_a_latin1_rule_file_is_a_rule_error_not_a_decode_error(tmp_path: Path) -> None:
    (tmp_path / "ruleset.yaml").write_bytes(
        b'civeff: 1\nruleset: x\nversion: "1"\nunits:\n  - id: U\n    kind: k\n    title: "caf\xe9"\n'
    )
    diagnostics = civeff.check(tmp_path)
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("E002", 7, 16)]
    assert "Windows-1252" in diagnostics[0].message
