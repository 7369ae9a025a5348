# SPDX-License-Identifier: Apache-2.0
"""A Ruleset pickles (so it can be shipped to workers) and so do results."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
import textwrap

import civeff
import pytest
from conftest import AS_OF, SPEC_PORTFOLIO, SPEC_RULES


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_ruleset_round_trip(rs_scenario: civeff.Ruleset, protocol: int) -> None:
    back = pickle.loads(pickle.dumps(rs_scenario, protocol=protocol))
    assert isinstance(back, civeff.Ruleset)
    assert back is not rs_scenario
    assert (back.name, back.version, back.overlays) == (
        rs_scenario.name,
        rs_scenario.version,
        rs_scenario.overlays,
    )
    assert back.path == rs_scenario.path and back.overlay_paths == rs_scenario.overlay_paths
    assert back.evaluate(SPEC_PORTFOLIO, as_of=AS_OF) == rs_scenario.evaluate(SPEC_PORTFOLIO, as_of=AS_OF)


def test_pickle_is_small_and_holds_paths_only(rs: civeff.Ruleset) -> None:
    data = pickle.dumps(rs)
    assert len(data) < 500
    assert str(SPEC_RULES).encode() in data


def test_unpickle_from_another_directory(rs_scenario: civeff.Ruleset, tmp_path) -> None:
    """Paths are stored absolute: a fresh interpreter elsewhere reloads the same rules."""
    blob = tmp_path / "rs.pickle"
    blob.write_bytes(pickle.dumps(rs_scenario))
    script = textwrap.dedent(
        f"""
        import pickle
        rs = pickle.loads(open({str(blob)!r}, "rb").read())
        print(rs.name, rs.overlays)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "spec-example ('nrto-national',)"


def test_copy_is_identity(rs: civeff.Ruleset) -> None:
    assert copy.copy(rs) is rs
    assert copy.deepcopy(rs) is rs
    assert copy.deepcopy({"rules": rs})["rules"] is rs


def test_unpickle_reports_rule_errors(tmp_path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text('civeff: 1\nruleset: r\nversion: "1"\n')
    rs = civeff.load(path)
    blob = pickle.dumps(rs)
    path.write_text('civeff: 2\nruleset: r\nversion: "1"\n')  # broken since
    with pytest.raises(civeff.RuleError):
        pickle.loads(blob)


def test_result_round_trip(rs: civeff.Ruleset) -> None:
    r = rs.evaluate(
        {
            "person": "p",
            "achievements": [
                {"unit": "LE-medicatie", "date": "2023-05-01", "marks": ["mbo-certificaat"], "title": "t"},
                {"unit": "B1-K1", "date": "2025-05-01"},
            ],
        },
        as_of=AS_OF,
    )
    back = pickle.loads(pickle.dumps(r))
    assert back == r
    assert back.to_json() == r.to_json()
    assert back.achievements[0].title == "t"
    part = pickle.loads(pickle.dumps(r.diplomas["helpende-zw"]))
    assert (part.status, part.progress, part.missing) == (
        "partial",
        0.3333,
        r.diplomas["helpende-zw"].missing,
    )
    credit = pickle.loads(pickle.dumps(r.credited["KD-medicatie"]))
    assert (credit.date, credit.via) == (r.credited["KD-medicatie"].date, "eq-medicatie")
    a = pickle.loads(pickle.dumps(r.achievements[0]))
    assert (a.unit, a.levels) == ("LE-medicatie", r.achievements[0].levels)
