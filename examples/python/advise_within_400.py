#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""How many helpenden are within 400 hours of Verzorgende-IG? Advice (SPEC §12) over the
sample population under rules/nl-zorg, with a histogram of the hours still to take.

    pip install .                      # the civeff package
    python examples/python/advise_within_400.py
    python examples/python/advise_within_400.py --within 240 --max-steps 20000 --limit 100
    python examples/python/advise_within_400.py --out-chart hours.png   # with matplotlib

Who is a helpende: a person who holds a Helpende Zorg en Welzijn diploma at ``--as-of``,
that is whose diploma 25498 (cohorts before 2024-08-01) or 25960 (from then on) is
``complete``, or who is credited with 92640, the old Helpende diploma held as a whole.
The data's ``person.role`` is not used: it says what programme a person followed, and
many role-helpenden dropped out or are still studying, while some zij-instromers earned
the diploma through its certificates. Holding the diploma is what makes Verzorgende-IG
(crebo 25656, niveau 3) the next step.

``hours_to_complete`` is the cheapest plan's hours from ``Ruleset.advise_frame`` (the
declared study load of the units still to take; 0 when already complete, NaN when no
set of units completes the diploma). With ``--max-steps`` a person's search may stop at
its budget; the plan found is then the best found, not proven the cheapest, and the
script counts such persons as undecided unless that plan is within the hours already.
The default budget is that of ``civeff advise`` (1,000,000 steps a person); a smaller one
runs faster and leaves more persons undecided.
"""

from __future__ import annotations

import argparse
import importlib
import math
import sys
import time
from pathlib import Path
from typing import Any

import civeff
import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
HELPENDE = ("25498", "25960")  # Helpende Zorg en Welzijn, per cohort
OLD_HELPENDE = "92640"  # the old Helpende diploma, held as a whole
BUCKET = 100  # hours per histogram bar
BAR = 50  # the longest bar, in '#'


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rules", default=REPO / "rules" / "nl-zorg", type=Path, help="ruleset directory")
    p.add_argument(
        "--population",
        default=REPO / "examples" / "population" / "sample.csv",
        type=Path,
        help="population CSV (default: the bundled sample)",
    )
    p.add_argument("--as-of", default="2026-06-01", help="reference date YYYY-MM-DD (default: %(default)s)")
    p.add_argument("--diploma", default="25656", help="the diploma to advise on (default: %(default)s)")
    p.add_argument("--within", default=400.0, type=float, help="hours (default: %(default)s)")
    p.add_argument(
        "--max-steps",
        default=1_000_000,
        type=int,
        help="the search's budget of steps per person (default: %(default)s, as civeff advise)",
    )
    p.add_argument("--limit", type=int, help="advise only the first N helpenden (by person id)")
    p.add_argument("--threads", type=int, help="threads (default: all cores)")
    p.add_argument("--out-chart", type=Path, help="also draw the histogram to this PNG (needs matplotlib)")
    return p.parse_args(argv)


def helpenden(rs: civeff.Ruleset, df: pd.DataFrame, as_of: str, threads: int | None) -> list[str]:
    """The persons holding a Helpende Zorg en Welzijn diploma at as_of, sorted."""
    status = rs.evaluate_frame(df, as_of=as_of, threads=threads)
    complete = status[status["diploma"].isin(HELPENDE) & (status["status"] == "complete")]
    credits = rs.credits_frame(df, as_of=as_of, threads=threads)
    old = credits[credits["unit"] == OLD_HELPENDE]
    return sorted(set(complete["person"].astype(str)) | set(old["person"].astype(str)))


def histogram(hours: pd.Series) -> list[str]:
    """A text histogram of the hours, buckets of BUCKET hours: ``FROM-TO  ####  N``."""
    if hours.empty:
        return ["  (nobody has a plan)"]
    top = max(BUCKET, math.ceil((float(hours.max()) + 1) / BUCKET) * BUCKET)
    counts, edges = np.histogram(hours.to_numpy(), bins=np.arange(0, top + BUCKET, BUCKET))
    while len(counts) > 1 and counts[-1] == 0:  # no empty bars at the end
        counts, edges = counts[:-1], edges[:-1]
    widest = max(int(counts.max()), 1)
    width = len(str(int(edges[-1])))
    lines = []
    for count, low, high in zip(counts, edges[:-1], edges[1:], strict=True):
        bar = "#" * math.ceil(BAR * int(count) / widest) if count else ""
        lines.append(f"  {int(low):>{width}}-{int(high) - 1:<{width}} h  {bar:<{BAR}}  {int(count)}")
    return lines


def chart(hours: pd.Series, title: str, out: Path) -> str:
    """The histogram as a PNG; a note instead when matplotlib is not installed."""
    try:
        matplotlib: Any = importlib.import_module("matplotlib")
    except ImportError:
        return "matplotlib is not installed: no chart"
    matplotlib.use("Agg")  # no display needed: the chart goes to a file
    plt: Any = importlib.import_module("matplotlib.pyplot")
    top = max(BUCKET, math.ceil((float(hours.max() if len(hours) else 0) + 1) / BUCKET) * BUCKET)
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.hist(hours.to_numpy(), bins=np.arange(0, top + BUCKET, BUCKET), color="#2a9d8f", edgecolor="white")
    ax.set_xlabel("hours to complete")
    ax.set_ylabel("helpenden")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return f"chart written to {out}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rs = civeff.load(args.rules)
    df = civeff.read_population(args.population, rs)
    everyone = helpenden(rs, df, args.as_of, args.threads)
    people = everyone if args.limit is None else everyone[: args.limit]
    start = time.perf_counter()
    advice = rs.advise_frame(
        df[df["person"].isin(people)],
        args.diploma,
        as_of=args.as_of,
        max_steps=args.max_steps,
        threads=args.threads,
    )
    seconds = time.perf_counter() - start
    title = rs.diplomas_frame().set_index("id").loc[args.diploma, "title"]

    hours = advice["hours_to_complete"]
    planned = hours.dropna()
    proven = advice["proven"]
    within = hours <= args.within  # NaN (no plan) compares false
    print(f"as of {args.as_of}, rules {rs.name} {rs.version}")
    print(f"helpenden: {len(everyone)} (complete for Helpende Z&W 25498 or 25960, or holding 92640)")
    limit = "" if args.limit is None else f" (--limit {args.limit})"
    print(f"advised for {title} ({args.diploma}): {len(advice)}{limit}")
    print(f"  already complete: {int((hours == 0).sum())}")
    print(f"  within {args.within:g} hours: {int(within.sum())}")
    print(f"  more than {args.within:g} hours: {int((proven & hours.gt(args.within)).sum())}")
    print(f"  no plan completes it: {int((proven & hours.isna()).sum())}")
    # A search stopped at its budget may have missed a cheaper plan: these persons
    # are not within by the plan found, and not proven beyond.
    print(f"  undecided (search stopped at --max-steps {args.max_steps}): {int((~proven & ~within).sum())}")
    if len(planned):
        print(f"hours to complete: median {planned.median():g}, min {planned.min():g}, max {planned.max():g}")
    print(f"\nhours to complete {args.diploma}, the cheapest plan found ({len(planned)} persons):")
    print("\n".join(histogram(planned)))
    common = advice.loc[advice["units"] != "", "units"].value_counts().head(3)
    if len(common):
        print("\nmost common cheapest plans:")
        for units, n in common.items():
            print(f"  {n:>4}  {units.replace(';', ', ')}")
    if args.out_chart is not None:
        print("\n" + chart(planned, f"Helpenden: hours to {title} ({args.diploma})", args.out_chart))
    print(f"\n{len(advice)} persons advised in {seconds:.1f} s (--max-steps {args.max_steps})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
