#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""What if? Evaluate a population under the nl-zorg rules and under a scenario
overlay, print who moves between statuses per diploma, and chart the gains and
losses.

    pip install .                      # the civeff package (and matplotlib)
    python examples/python/scenario.py --out scenario.png
    python examples/python/scenario.py --scenario scenarios/nrto-national.yaml --as-of 2025-01-01

The population is read with pandas; its `person.role` and `person.cohort` columns
are person attributes (SPEC §9), every other extra column (exam, points, grade...)
an achievement attribute.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed: the chart goes to a file
import civeff
import matplotlib.pyplot as plt
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
STATUS_RANK = {status: rank for rank, status in enumerate(civeff.STATUS_CATEGORIES)}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rules", default=REPO / "rules" / "nl-zorg", type=Path, help="ruleset directory")
    p.add_argument(
        "--scenario",
        default="scenarios/vv-coulance.yaml",
        help="overlay file, relative to the current directory or to the ruleset (default: %(default)s)",
    )
    p.add_argument(
        "--population",
        default=REPO / "examples" / "population" / "sample.csv",
        type=Path,
        help="population CSV",
    )
    p.add_argument("--as-of", default="2026-06-01", help="reference date YYYY-MM-DD (default: %(default)s)")
    p.add_argument(
        "--out", default="scenario.png", type=Path, help="the chart to write (default: %(default)s)"
    )
    return p.parse_args(argv)


def transitions(changes: pd.DataFrame) -> pd.DataFrame:
    """Per diploma and status change: how many people."""
    moved = changes[changes["status_before"] != changes["status_after"]]
    table = (
        moved.groupby(["diploma", "status_before", "status_after"], observed=True)
        .size()
        .rename("people")
        .reset_index()
    )
    return table.sort_values(["diploma", "people"], ascending=[True, False], ignore_index=True)


GROUPS = ["status up", "progress up", "status down", "progress down"]


def gains_and_losses(changes: pd.DataFrame, diplomas: list[str]) -> pd.DataFrame:
    """Per diploma: people whose status goes up or down, and those who only move in progress."""
    before = changes["status_before"].map(STATUS_RANK).astype(float)
    after = changes["status_after"].map(STATUS_RANK).astype(float)
    progress_up = changes["progress_after"].fillna(0) > changes["progress_before"].fillna(0)
    group = pd.Series("progress down", index=changes.index)
    group[progress_up] = "progress up"
    group[after > before] = "status up"
    group[after < before] = "status down"
    counts = pd.crosstab(changes["diploma"], group.rename("change"))
    counts = counts.reindex(index=diplomas, columns=GROUPS, fill_value=0)
    counts.columns.name = None
    return counts


def chart(counts: pd.DataFrame, title: str, out: Path) -> None:
    """A diverging bar per diploma: gains to the right, losses to the left."""
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(counts) + 2.2))
    y = list(range(len(counts)))
    ax.barh(y, counts["status up"], color="#2a9d8f", label="status goes up")
    ax.barh(y, counts["progress up"], left=counts["status up"], color="#a8dadc", label="progress goes up")
    ax.barh(y, -counts["status down"], color="#e76f51", label="status goes down")
    ax.barh(
        y, -counts["progress down"], left=-counts["status down"], color="#f4c2b0", label="progress goes down"
    )
    ax.set_yticks(y, counts.index)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    limit = max(
        1,
        int(counts[["status up", "progress up"]].sum(axis=1).max()),
        int(counts[["status down", "progress down"]].sum(axis=1).max()),
    )
    ax.set_xlim(-limit * 1.05, limit * 1.05)
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{abs(int(x))}")
    ax.set_xlabel("people: losses to the left, gains to the right")
    ax.set_title(title, fontsize="medium")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=4, fontsize="small", frameon=False)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    base = civeff.load(args.rules)
    scenario = civeff.load(args.rules, overlays=[args.scenario])
    # The engine's own CSV reader, with the rules' declared attributes: exactly as `civeff batch` reads.
    df = civeff.read_population(args.population, base)
    people = df["person"].nunique()

    before = base.evaluate_frame(df, as_of=args.as_of)
    changes = civeff.diff(base, scenario, df, as_of=args.as_of)
    name = ", ".join(scenario.overlays)
    print(
        f"Scenario {name} on {base.name} {base.version}: {people} people, {len(df)} achievements, "
        f"as of {args.as_of}"
    )
    print(f"{changes['person'].nunique()} people change on at least one diploma ({len(changes)} rows).\n")

    print("Status before the scenario:")
    print(pd.crosstab(before["diploma"], before["status"]).to_string(), end="\n\n")

    table = transitions(changes)
    print("Status transitions (people per diploma):")
    print(table.to_string(index=False) if len(table) else "  none: the scenario moves no status", end="\n\n")

    counts = gains_and_losses(changes, list(base.diplomas))
    print("Gains and losses per diploma:")
    print(counts.to_string())

    chart(counts, f"Scenario {name}: who gains and who loses ({people} people, as of {args.as_of})", args.out)
    print(f"\nChart written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
