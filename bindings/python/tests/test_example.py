# SPDX-License-Identifier: Apache-2.0
"""examples/python/scenario.py runs end to end on the bundled population."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NL_ZORG, REPO

SCRIPT = REPO / "examples" / "python" / "scenario.py"
SAMPLE = REPO / "examples" / "population" / "sample.csv"


def run_example(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    for needed in (SCRIPT, SAMPLE, NL_ZORG / "ruleset.yaml", NL_ZORG / "scenarios" / "nrto-national.yaml"):
        if not needed.is_file():
            pytest.skip(f"{needed.relative_to(REPO)} is not in this checkout")
    proc = subprocess.run(
        [sys.executable, "-W", "error", str(SCRIPT), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def test_scenario_example(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "chart.png"
    proc = run_example(tmp_path, "--out-chart", str(out))
    # nrto-national: levels and course credits gained, because of mark:nrto, with titles.
    assert "changed rules: mark:nrto" in proc.stdout
    assert "Who gains which level" in proc.stdout
    assert "internal->national" in proc.stdout
    assert "course-evv" in proc.stdout and "Eerstverantwoordelijk verzorgende" in proc.stdout
    assert "mark:nrto" in proc.stdout.split("Who gains which credit")[1]
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_scenario_example_default_chart_in_the_current_directory(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    proc = run_example(tmp_path, "--scenario", "scenarios/vv-coulance.yaml")
    assert "herregistratie-vv" in proc.stdout
    assert (tmp_path / "scenario.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_scenario_example_without_matplotlib(tmp_path) -> None:
    # A matplotlib that cannot be imported, first on the path.
    fake = tmp_path / "no-matplotlib" / "matplotlib"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('matplotlib is hidden by the test')\n")
    paths = [str(fake.parent), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    proc = run_example(tmp_path, env=env)
    assert "matplotlib is not installed: no chart" in proc.stdout
    assert "mark:nrto" in proc.stdout
    assert not (tmp_path / "scenario.png").exists()
