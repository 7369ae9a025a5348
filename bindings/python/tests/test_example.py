# SPDX-License-Identifier: Apache-2.0
"""examples/python/scenario.py runs end to end on the bundled population."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import NL_ZORG, REPO

SCRIPT = REPO / "examples" / "python" / "scenario.py"
SAMPLE = REPO / "examples" / "population" / "sample.csv"


def test_scenario_example(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    for needed in (SCRIPT, SAMPLE, NL_ZORG / "ruleset.yaml", NL_ZORG / "scenarios" / "vv-coulance.yaml"):
        if not needed.is_file():
            pytest.skip(f"{needed.relative_to(REPO)} is not in this checkout")
    out = tmp_path / "chart.png"
    proc = subprocess.run(
        [sys.executable, "-W", "error", str(SCRIPT), "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Status transitions" in proc.stdout
    assert "herregistratie-vv" in proc.stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
