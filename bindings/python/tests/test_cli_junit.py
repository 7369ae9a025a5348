# SPDX-License-Identifier: Apache-2.0
"""`civeff test --junit F` writes JUnit XML that junitparser (a test
dependency, pyproject.toml) reads: one case per test, the file as classname."""

from __future__ import annotations

from pathlib import Path

from conftest import NL_ZORG, run_cli
from junitparser import Failure, JUnitXml


def test_nl_zorg_junit_parses(cli: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xml"
    r = run_cli(cli, "test", NL_ZORG, "--junit", out, "--quiet")
    assert r.returncode == 0, r.stdout + r.stderr
    passed = int(r.stdout.split()[0])
    xml = JUnitXml.fromfile(str(out))
    cases = [case for suite in xml for case in suite]
    assert len(cases) == passed > 0
    assert all(case.classname.startswith(str(NL_ZORG)) and case.name for case in cases)
    assert all(case.is_passed for case in cases)


RULES = """\
civeff: 1
ruleset: small
version: "1"
units:
  - {id: A, kind: course}
  - {id: B, kind: course}
diplomas:
  - id: d
    requires: {count: {min: 2, of: {kind: course}}}
tests:
  - name: half way
    as_of: 2024-01-01
    portfolio:
      - {unit: A, date: 2023-05-01}
    expect:
      diplomas: {d: {status: none, progress: 0.5}}
  - name: a wrong progress pin
    as_of: 2024-01-01
    portfolio:
      - {unit: A, date: 2023-05-01}
    expect:
      diplomas: {d: {progress: 0.6}}
"""


def test_failing_test_is_a_junit_failure(cli: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    out = tmp_path / "r.xml"
    r = run_cli(cli, "test", rules, "--junit", out)
    assert r.returncode == 1, r.stdout + r.stderr
    xml = JUnitXml.fromfile(str(out))
    suites = list(xml)
    assert len(suites) == 1 and suites[0].tests == 2 and suites[0].failures == 1
    cases = list(suites[0])
    assert [c.name for c in cases] == ["half way", "a wrong progress pin"]
    assert cases[0].is_passed
    (failure,) = cases[1].result
    assert isinstance(failure, Failure)
    assert "expected progress 0.6, got 0.5" in failure.message
