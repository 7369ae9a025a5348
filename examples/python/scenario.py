#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""What if? Diff a population under the nl-zorg rules and under a scenario overlay
(SPEC §12): who gains or loses which level, credit and diploma, and why; then chart it.

    pip install .                      # the civeff package (matplotlib for the chart)
    python examples/python/scenario.py                   # nrto-national, chart to scenario.png
    python examples/python/scenario.py --out-chart nrto.png
    python examples/python/scenario.py --scenario scenarios/vv-coulance.yaml --as-of 2025-01-01

Every changed row names its cause: the changed rules it uses (``mark:nrto`` when the
scenario makes NRTO courses count nationally). Units are named by their titles from
``Ruleset.units_frame()``. Without matplotlib the chart is skipped, with a note.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

import civeff
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
SHOWN = 10  # rows per table


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rules", default=REPO / "rules" / "nl-zorg", type=Path, help="ruleset directory")
    p.add_argument(
        "--scenario",
        default="scenarios/nrto-national.yaml",
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
        "--out-chart",
        default=Path("scenario.png"),
        type=Path,
        help="the chart to write, a PNG (default: %(default)s in the current directory)",
    )
    return p.parse_args(argv)


def show(title: str, table: pd.DataFrame, empty: str) -> None:
    print(title)
    if table.empty:
        print(f"  {empty}\n")
        return
    text = table.head(SHOWN).to_string(index=False)
    print("\n".join("  " + line for line in text.splitlines()))
    if len(table) > SHOWN:
        print(f"  ... and {len(table) - SHOWN} more")
    print()


def named(ids: pd.Series, titles: pd.Series) -> pd.Series:
    """A unit column as people read it: the title of a known unit id, else the text as it is
    (a level row of an unlisted course carries the achievement's title)."""
    text = ids.astype(str)
    title = text.map(titles)
    return title.where(title.notna(), text)


def level_changes(d: civeff.Diff, titles: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per scale, change and cause: people and achievements; and the courses that move most."""
    levels = d.levels
    per_change = (
        levels.groupby(["scale", "change", "cause"], observed=True)
        .agg(people=("person", "nunique"), achievements=("person", "size"))
        .reset_index()
        .sort_values(["scale", "people"], ascending=[True, False], ignore_index=True)
    )
    levels["course"] = named(levels["unit"], titles)
    per_course = (
        levels.groupby(["course", "change", "cause"], observed=True)
        .agg(people=("person", "nunique"))
        .reset_index()
        .sort_values(["people", "course"], ascending=[False, True], ignore_index=True)
    )
    return per_change, per_course


def credit_changes(d: civeff.Diff, titles: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per unit, change and cause: people; and every changed credit, person by person."""
    credits = d.credits
    credits["title"] = named(credits["subject"], titles)
    per_unit = (
        credits.groupby(["subject", "title", "change", "cause"], observed=True)
        .agg(people=("person", "nunique"))
        .reset_index()
        .rename(columns={"subject": "unit"})
        .sort_values(["people", "unit"], ascending=[False, True], ignore_index=True)
    )
    via = credits["after"].astype(object).where(credits["after"].notna(), credits["before"].astype(object))
    when = credits["date_after"].where(credits["date_after"].notna(), credits["date_before"])
    per_person = pd.DataFrame(
        {
            "person": credits["person"].astype(str),
            "change": credits["change"].astype(str),
            "unit": credits["subject"].astype(str),
            "title": credits["title"],
            "via": via,
            "date": when.dt.strftime("%Y-%m-%d"),
            "because of": credits["cause"].astype(str),
        }
    )
    return per_unit, per_person


def diploma_changes(d: civeff.Diff, titles: pd.Series) -> pd.DataFrame:
    """Per diploma, change and cause: people."""
    table = (
        d.diplomas.groupby(["diploma", "change", "cause"], observed=True)
        .agg(people=("person", "nunique"))
        .reset_index()
        .sort_values(["diploma", "people"], ascending=[True, False], ignore_index=True)
    )
    table.insert(1, "title", named(table["diploma"], titles))
    return table


def load_pyplot() -> Any | None:
    """matplotlib.pyplot drawing to files only, or None when matplotlib is not installed."""
    try:
        matplotlib = importlib.import_module("matplotlib")
    except ImportError:
        return None
    matplotlib.use("Agg")  # no display needed: the chart goes to a file
    return importlib.import_module("matplotlib.pyplot")


def level_rank(scales: pd.DataFrame, scale: str, level: str) -> int:
    """A level's rank on its scale, low to high; `null` (no level) and `absent` lowest."""
    levels = scales.loc[scale, "levels"] if scale in scales.index else []
    return levels.index(level) if level in levels else -1


def colour(up: bool | None) -> str:
    return "#6e7781" if up is None else "#2a9d8f" if up else "#e76f51"


def diploma_up(change: str) -> bool | None:
    """Whether a diploma change is a gain: a higher status or more progress."""
    rank = {status: i for i, status in enumerate(civeff.STATUS_CATEGORIES)}
    before, arrow, after = change.partition("->")
    if arrow:
        return rank.get(after, -1) > rank.get(before, -1)
    return {"progress up": True, "progress down": False}.get(change)


def chart(
    plt: Any,
    scales: pd.DataFrame,
    levels: pd.DataFrame,
    credits: pd.DataFrame,
    diplomas: pd.DataFrame,
    title: str,
    out: Path,
) -> None:
    """People per change, one panel per kind that changes, with the cause of each change:
    green for a gain, red for a loss, grey for another change."""
    level_up = []
    for r in levels.itertuples():
        before, _, after = str(r.change).partition("->")
        level_up.append(level_rank(scales, str(r.scale), after) > level_rank(scales, str(r.scale), before))
    panels = [
        ("levels", [f"{r.scale}: {r.change}" for r in levels.itertuples()], levels, level_up),
        (
            "credits",
            [f"{r.unit}: {r.change}" for r in credits.itertuples()],
            credits,
            [{"gained": True, "lost": False}.get(str(c)) for c in credits["change"]],
        ),
        (
            "diplomas",
            [f"{r.diploma}: {r.change}" for r in diplomas.itertuples()],
            diplomas,
            [diploma_up(str(c)) for c in diplomas["change"]],
        ),
    ]
    panels = [p for p in panels if len(p[2])]
    rows = max([1, *(len(p[2]) for p in panels)])
    fig, axes = plt.subplots(1, max(1, len(panels)), figsize=(6 * max(1, len(panels)), 0.45 * rows + 2.4))
    if not panels:
        axes.text(0.5, 0.5, "no outcome changes", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
    for ax, (kind, labels, table, up) in zip([axes] if len(panels) == 1 else axes, panels, strict=True):
        causes = table["cause"].astype(str)
        one_cause = bool((causes == causes.iloc[0]).all())
        # One cause for the whole panel goes into its title; else each bar names its own.
        because = f"\nbecause of {causes.iloc[0]}" if one_cause else ""
        ax.set_title(f"{kind}: people per change{because}", fontsize="medium")
        ax.set_xlabel("people")
        y = list(range(len(table)))
        bars = ax.barh(y, table["people"], color=[colour(u) for u in up])
        counts = [
            f" {n}" if one_cause else f" {n}: {c}" for n, c in zip(table["people"], causes, strict=True)
        ]
        ax.bar_label(bars, labels=counts, fontsize="small")
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, table["people"].max() * (1.15 if one_cause else 2.2))
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    base = civeff.load(args.rules)
    scenario = civeff.load(args.rules, overlays=[args.scenario])
    # The engine's own CSV reader, with the rules' declared attributes: exactly as `civeff diff` reads.
    df = civeff.read_population(args.population, base)
    d = civeff.diff(base, scenario, df, as_of=args.as_of)
    titles = base.units_frame().set_index("id")["title"].dropna()
    titles = pd.concat([titles, scenario.units_frame().set_index("id")["title"].dropna()])
    titles = titles[~titles.index.duplicated(keep="last")]

    name = " + ".join(scenario.overlays)
    print(f"Scenario {name} on {base.name} {base.version}: {len(df)} achievements, as of {args.as_of}")
    print(d)  # the summary `civeff diff` prints

    levels, courses = level_changes(d, titles)
    show("Who gains which level (per scale and change), and why:", levels, "no level changes")
    show("The courses whose level changes most:", courses, "none")
    credits, per_person = credit_changes(d, titles)
    show("Who gains which credit (per unit), and why:", credits, "no credit changes")
    show("Each changed credit:", per_person, "none")
    diploma_titles = scenario.diplomas_frame().set_index("id")["title"].dropna()
    diplomas = diploma_changes(d, diploma_titles)
    show("Who gains or loses on which diploma (per change), and why:", diplomas, "no diploma changes")

    plt = load_pyplot()
    if plt is None:
        print("matplotlib is not installed: no chart (pip install matplotlib)")
        return 0
    scales = scenario.scales_frame().set_index("id")
    heading = f"Scenario {name}: who gains what, and why ({d.compared} people, as of {args.as_of})"
    chart(plt, scales, levels, credits, diplomas, heading, args.out_chart)
    print(f"Chart written to {args.out_chart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
