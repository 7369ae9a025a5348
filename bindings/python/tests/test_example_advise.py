# SPDX-License-Identifier: Apache-2.0
"""examples/python/advise_within_400.py runs on the bundled population, and its
report adds up: every helpende advised falls in one group, the histogram counts the
persons with a plan, and it agrees with advise_frame."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import civeff
import pytest
from conftest import NL_ZORG, REPO

SCRIPT = REPO / "examples" / "python" / "advise_within_400.py"
SAMPLE = REPO / "examples" / "population" / "sample.csv"
# Small, so the test stays quick while the search on nl-zorg is slow.
LIMIT, STEPS = 24, 3000


def run_example(*args: str, env: dict[str, str] | None = None) -> str:
    for needed in (SCRIPT, SAMPLE, NL_ZORG / "ruleset.yaml"):
        if not needed.is_file():
            pytest.skip(f"{needed.relative_to(REPO)} is not in this checkout")
    proc = subprocess.run(
        [sys.executable, "-W", "error", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def number(pattern: str, text: str) -> int:
    found = re.search(pattern, text, re.MULTILINE)
    assert found is not None, f"no line {pattern!r} in:\n{text}"
    return int(found.group(1))


def report(text: str) -> dict[str, int]:
    """The counts of the report, each found by its line."""
    out = {
        "helpenden": number(r"^helpenden: (\d+) \(", text),
        "advised": number(r"^advised for .* \((?:\w+)\): (\d+)", text),
        "complete": number(r"^  already complete: (\d+)$", text),
        "within": number(r"^  within \d+ hours: (\d+)$", text),
        "beyond": number(r"^  more than \d+ hours: (\d+)$", text),
        "no plan": number(r"^  no plan completes it: (\d+)$", text),
        "undecided": number(r"^  undecided \(search stopped at --max-steps \d+\): (\d+)$", text),
        "planned": number(r"^hours to complete \w+, the cheapest plan found \((\d+) persons\):$", text),
    }
    bars = re.findall(r"^  +(\d+)-(\d+) +h  (#*) +(\d+)$", text, re.MULTILINE)
    out["bars"] = len(bars)
    out["in bars"] = sum(int(n) for *_, n in bars)
    for low, high, bar, n in bars:
        assert int(high) - int(low) == 99  # buckets of 100 hours
        assert (bar == "") == (n == "0")
    return out


def test_advise_within_400_example() -> None:
    text = run_example("--limit", str(LIMIT), "--max-steps", str(STEPS))
    r = report(text)
    assert r["helpenden"] > LIMIT and r["advised"] == LIMIT
    assert r["within"] + r["beyond"] + r["no plan"] + r["undecided"] == r["advised"]
    assert r["complete"] <= r["within"]
    assert r["in bars"] == r["planned"] <= r["advised"]
    assert "Verzorgende-IG (25656)" in text
    assert f"{LIMIT} persons advised in " in text


def test_example_agrees_with_advise_frame() -> None:
    # On Helpende Z&W itself most helpenden are complete: the 0-99 bar is theirs.
    text = run_example("--limit", str(LIMIT), "--max-steps", str(STEPS), "--diploma", "25498")
    r = report(text)
    rs = civeff.load(NL_ZORG)
    df = civeff.read_population(SAMPLE, rs)
    status = rs.evaluate_frame(df, as_of="2026-06-01")
    complete = status[status["diploma"].isin(["25498", "25960"]) & (status["status"] == "complete")]
    credits = rs.credits_frame(df, as_of="2026-06-01")
    people = sorted(
        set(complete["person"].astype(str)) | set(credits.loc[credits["unit"] == "92640", "person"])
    )
    assert r["helpenden"] == len(people)
    advice = rs.advise_frame(
        df[df["person"].isin(people[:LIMIT])], "25498", as_of="2026-06-01", max_steps=STEPS
    )
    assert r["complete"] == (advice["hours_to_complete"] == 0).sum() > 0
    assert r["planned"] == advice["hours_to_complete"].notna().sum() == r["in bars"]
    assert r["no plan"] == (advice["proven"] & advice["hours_to_complete"].isna()).sum()
    assert re.search(r"^ +0-99 +h  #+ +\d+$", text, re.MULTILINE)


def test_chart_only_with_matplotlib(tmp_path: Path) -> None:
    args = (
        "--limit",
        "4",
        "--max-steps",
        "200",
        "--diploma",
        "25498",
        "--out-chart",
        str(tmp_path / "h.png"),
    )
    fake = tmp_path / "no-matplotlib" / "matplotlib"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('matplotlib is hidden by the test')\n")
    paths = [str(fake.parent), *filter(None, [os.environ.get("PYTHONPATH")])]
    text = run_example(*args, env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)})
    assert "matplotlib is not installed: no chart" in text
    assert not (tmp_path / "h.png").exists()
    pytest.importorskip("matplotlib")
    text = run_example(*args)
    assert f"chart written to {tmp_path / 'h.png'}" in text
    assert (tmp_path / "h.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
