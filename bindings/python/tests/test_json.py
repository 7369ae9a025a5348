# SPDX-License-Identifier: Apache-2.0
"""Result.to_dict() is the JSON that `civeff eval --format json` prints: checked
against the golden eval cases (tests/golden/eval/<case>/expected.json) and, when a
build of the CLI exists, against its output byte for byte."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import civeff
import pytest
from conftest import AS_OF, NL_ZORG, REPO, SPEC_OVERLAY, SPEC_PORTFOLIO, SPEC_RULES, run_cli

GOLDEN = REPO / "tests" / "golden"
DIAGNOSTIC_LINE = re.compile(r": (error|warning)\[\w+\]: |: note: ")


def golden_cases(kind: str) -> list[Path]:
    """tests/golden/<kind>/<case>/ (layout: tests/cmake/run_golden.py)."""
    directory = GOLDEN / kind
    return sorted(p for p in directory.iterdir() if p.is_dir()) if directory.is_dir() else []


def overlays_of(case: Path) -> list[Path]:
    return sorted(case.glob("overlay*.yaml"))


@pytest.mark.parametrize("case", golden_cases("eval"), ids=lambda p: p.name)
def test_golden_eval_case(case: Path) -> None:
    """to_json() is expected.json byte for byte: ruleset.yaml, portfolio.json|yaml, as_of, overlay*.yaml."""
    if (case / "expected.exit").is_file() and (case / "expected.exit").read_text().strip() != "0":
        pytest.skip(f"{case.name} is a failing evaluation")
    portfolio = next(p for p in (case / "portfolio.json", case / "portfolio.yaml") if p.is_file())
    as_of = (case / "as_of").read_text().strip()
    rules = civeff.load(case / "ruleset.yaml", overlays=overlays_of(case))
    # The input warnings the CLI prints (expected.err) are InputWarnings here, the same lines.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = rules.evaluate(portfolio, as_of=as_of)
    err = case / "expected.err"
    printed = err.read_text().replace("$CASE", str(case)).splitlines() if err.is_file() else []
    assert [str(w.message) for w in caught] == printed
    expected = (case / "expected.json").read_text()
    assert r.to_json() == expected
    assert r.to_dict() == json.loads(expected)
    assert list(r.to_dict()) == list(json.loads(expected))  # key order too


@pytest.mark.parametrize("case", golden_cases("check"), ids=lambda p: p.name)
def test_golden_check_case(case: Path) -> None:
    """civeff.check() finds the diagnostics that `civeff check` prints (expected.err)."""
    diagnostics = civeff.check(case / "ruleset.yaml", overlays=overlays_of(case))
    expected_exit = (
        (case / "expected.exit").read_text().strip() if (case / "expected.exit").is_file() else "0"
    )
    expected = [
        line.replace("$CASE", str(case))
        for line in (
            (case / "expected.err").read_text().splitlines() if (case / "expected.err").is_file() else []
        )
    ]
    errors = [d for d in diagnostics if d.severity == "error"]
    if expected_exit == "0":
        assert errors == []
        civeff.load(case / "ruleset.yaml", overlays=overlays_of(case))
        return
    with pytest.raises(civeff.RuleError) as info:
        civeff.load(case / "ruleset.yaml", overlays=overlays_of(case))
    assert list(info.value.diagnostics) == errors
    # The CLI prints each diagnostic as ours print, first causes only (the rest it
    # counts), then a summary line (and maybe snippets).
    printed = [line for d in diagnostics if not d.follow_on for line in str(d).splitlines()]
    assert [line for line in expected if DIAGNOSTIC_LINE.search(line)] == printed


def spec_json() -> dict:
    """The JSON of SPEC §6, written out, for the SPEC §2 ruleset (which adds two diplomas)."""
    return {
        "person": "p-001",
        "as_of": "2024-01-01",
        "ruleset": "spec-example",
        "version": "2026.1",
        "achievements": [
            {
                "unit": "LE-medicatie",
                "date": "2023-05-01",
                "known": True,
                "counted": True,
                "levels": {"civil_effect": "national", "nlqf": None},
            }
        ],
        "credited": {
            "KD-medicatie": {"date": "2023-05-01", "via": "eq-medicatie"},
            "LE-medicatie": {"date": "2023-05-01", "via": "achievement"},
        },
        "diplomas": {
            "bhv-geldig": {"status": "none", "progress": 0, "missing": ["unit:BHV"]},
            "helpende-zw": {
                "status": "partial",
                "progress": 0.3333,
                "missing": ["unit:B1-K1", "keuzedelen", "unit:K1006"],
            },
            "herregistratie": {"status": "none", "progress": 0, "missing": []},
        },
    }


def test_spec_example_json(rs: civeff.Ruleset) -> None:
    d = rs.evaluate(SPEC_PORTFOLIO, as_of=AS_OF).to_dict()
    assert d == spec_json()
    assert json.dumps(d) == json.dumps(spec_json())  # same key order


def write_portfolio(tmp_path: Path) -> Path:
    path = tmp_path / "portfolio.json"
    path.write_text(json.dumps(SPEC_PORTFOLIO))
    return path


@pytest.mark.parametrize("overlays", [[], [SPEC_OVERLAY]], ids=["base", "overlay"])
def test_to_json_equals_cli_output(cli, tmp_path: Path, overlays: list[Path]) -> None:
    portfolio = write_portfolio(tmp_path)
    args = ["eval", SPEC_RULES, portfolio, "--as-of", AS_OF, "--format", "json"]
    for o in overlays:
        args += ["--overlay", o]
    proc = run_cli(cli, *args)
    assert proc.returncode == 0, proc.stderr
    r = civeff.load(SPEC_RULES, overlays=overlays).evaluate(portfolio, as_of=AS_OF)
    assert r.to_json() == proc.stdout
    assert r.to_dict() == json.loads(proc.stdout)


def test_to_json_equals_cli_output_nl_zorg(cli, nl_zorg: civeff.Ruleset) -> None:
    portfolio = REPO / "examples" / "cpp" / "portfolio.json"
    if not portfolio.is_file():
        pytest.skip("examples/cpp/portfolio.json is not in this checkout")
    proc = run_cli(cli, "eval", NL_ZORG, portfolio, "--as-of", AS_OF, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert nl_zorg.evaluate(portfolio, as_of=AS_OF).to_json() == proc.stdout


def test_rule_errors_match_cli_check(cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text('civeff: 1\nruleset: b\nversion: "1"\nunits:\n  - {id: A, kind: x, titel: y}\n')
    proc = run_cli(cli, "check", broken)
    assert proc.returncode == 1
    with pytest.raises(civeff.RuleError) as info:
        civeff.load(broken)
    printed = [line for line in proc.stderr.splitlines() + proc.stdout.splitlines() if ": error[" in line]
    assert printed == [str(d).splitlines()[0] for d in info.value.diagnostics]
