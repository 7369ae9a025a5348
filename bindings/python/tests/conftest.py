# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures: the small SPEC §2 ruleset in data/spec, the repository's
rules/nl-zorg, and the command-line tool when a build of it exists."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import civeff
import pandas as pd
import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SPEC_RULES = HERE / "data" / "spec"
SPEC_OVERLAY = SPEC_RULES / "scenarios" / "nrto-national.yaml"
NL_ZORG = REPO / "rules" / "nl-zorg"
AS_OF = "2024-01-01"

# scripts/wheel-test.sh runs this suite against an installed wheel and names its
# site-packages here: the package under test must be that one, not the source tree's.
_installed_in = os.environ.get("CIVEFF_EXPECT_INSTALLED_IN")
if _installed_in:
    for _module in (civeff, civeff._core):
        if not Path(_module.__file__).resolve().is_relative_to(Path(_installed_in).resolve()):
            raise RuntimeError(f"{_module.__name__} is {_module.__file__}, not from {_installed_in}")

# The SPEC §3 / §6 portfolio: its result is the JSON printed in SPEC §6.
SPEC_PORTFOLIO = {
    "person": "p-001",
    "achievements": [{"unit": "LE-medicatie", "date": "2023-05-01", "marks": ["mbo-certificaat"]}],
}


def find_cli() -> Path | None:
    """The civeff CLI: $CIVEFF_CLI, else build/bin/civeff of this checkout, else none."""
    candidates = [os.environ.get("CIVEFF_CLI"), REPO / "build" / "bin" / "civeff"]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return Path(c)
    found = shutil.which("civeff")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def cli() -> Path:
    path = find_cli()
    if path is None:
        pytest.skip("no civeff CLI: build it (build/bin/civeff) or set CIVEFF_CLI to compare with it")
    return path


def run_cli(cli: Path, *args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(cli), *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="session")
def rs() -> civeff.Ruleset:
    return civeff.load(SPEC_RULES)


@pytest.fixture(scope="session")
def rs_scenario() -> civeff.Ruleset:
    return civeff.load(SPEC_RULES, overlays=[SPEC_OVERLAY])


@pytest.fixture(scope="session")
def nl_zorg() -> civeff.Ruleset:
    if not (NL_ZORG / "ruleset.yaml").is_file():
        pytest.skip("rules/nl-zorg is not in this checkout")
    return civeff.load(NL_ZORG)


@pytest.fixture()
def population_df() -> pd.DataFrame:
    """A small long-form population exercising every input column (persons not sorted)."""
    return pd.DataFrame(
        {
            "person": ["p2", "p1", "p2", "p1", "p3", "p4", "p4", "p4"],
            "unit": ["K1006", "LE-medicatie", "B1-K1", None, "XYZ", "LE-wondzorg-1", "LE-wondzorg-2", "BHV"],
            "title": [None, None, None, "Agressietraining", "Onbekend", None, None, None],
            "date": [
                "2023-01-01",
                "2023-05-01",
                "2022-01-01",
                "2023-06-01",
                "2020-01-01",
                "2021-02-01",
                "2021-03-01",
                "2023-06-01",
            ],
            "hours": [float("nan"), float("nan"), 10.0, 3.0, float("nan"), float("nan"), 50.0, float("nan")],
            "marks": [None, "mbo-certificaat", None, "nrto; vv-accredited", "", None, None, None],
            "exempt": [False, False, False, False, False, False, False, True],
            "exam": [True, None, None, None, None, None, None, None],
            "points": [None, None, None, 5, None, None, None, None],
            "person.role": ["a", "verpleegkundige", "a", "verpleegkundige", None, "c", "c", "c"],
        }
    )


def portfolios_from_frame(df: pd.DataFrame) -> dict[str, dict]:
    """The same population as one portfolio dict per person (for cross-checks; slow on purpose)."""
    core = {"person", "unit", "title", "date", "hours", "marks", "exempt"}
    out: dict[str, dict] = {}
    for _, row in df.iterrows():
        p = out.setdefault(
            str(row["person"]), {"person": str(row["person"]), "attrs": {}, "achievements": []}
        )
        a: dict = {"date": row["date"]}
        for key in ("unit", "title", "hours", "marks"):
            if key in row and not pd.isna(row[key]) and row[key] != "":
                a[key] = row[key]
        if "exempt" in row and row["exempt"] is True:
            a["exempt"] = True
        attrs = {}
        for column in df.columns:
            if column in core or pd.isna(row[column]):
                continue
            if column.startswith("person."):
                p["attrs"][column[len("person.") :]] = row[column]
            else:
                attrs[column] = row[column]
        if attrs:
            a["attrs"] = attrs
        p["achievements"].append(a)
    return out
