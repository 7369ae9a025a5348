#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""bench_frame's population as a CSV for kernel_bench, and a check of the committed rules.

    python benchmarks/python/limit_population.py --people 1000000 --out benchmarks/data/limit-1000000.csv
    python benchmarks/python/limit_population.py --check-rules benchmarks/limit/bench.yaml

The rows are ``bench_frame.population(PEOPLE, seed)`` (seed 1 unless --seed says
otherwise), in its order (shuffled), with the columns ``person,unit,date,hours,
marks,exam,points``; an empty cell is an absent value, as in the DataFrame.
``benchmarks/limit/sample.csv`` is ``--people 3000`` (what CTest's
bench_kernel_smoke reads, as CI has no numpy to make it). The file is written
beside its name and renamed, so an interrupted run leaves none half-written.

``--check-rules FILE`` exits 1 unless FILE holds exactly the rules bench_frame.py
writes (``benchmarks/limit/bench.yaml`` is a copy for kernel_bench and CTest).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import bench_frame  # beside this file: the script's folder is on sys.path
import numpy as np
import pandas as pd


def as_text(values: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Whole numbers as text, '' where absent."""
    out = np.full(len(values), "", dtype=object)
    out[present] = values[present].astype(np.int64).astype(str)
    return out


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The DataFrame's cells as the text civeff reads back to the same values."""
    hours, points = df["hours"].to_numpy(), df["points"].to_numpy()
    return pd.DataFrame(
        {
            "person": df["person"].astype(str),
            "unit": df["unit"].astype(str),
            "date": np.datetime_as_string(df["date"].to_numpy().astype("datetime64[D]")),
            "hours": as_text(hours, ~np.isnan(hours)),
            "marks": df["marks"].astype(str),
            "exam": np.where(df["exam"].to_numpy(), "true", "false"),
            "points": as_text(points, ~np.isnan(points)),
        }
    )


def write_population(people: int, seed: int, out: Path) -> int:
    frame = csv_frame(bench_frame.population(people, seed=seed))
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(fd)
    try:
        frame.to_csv(partial, index=False, lineterminator="\n")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(partial, 0o666 & ~umask)  # mkstemp made it private; the CSV is not
        os.replace(partial, out)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return len(frame)


def rules_text() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        return bench_frame.write_rules(Path(tmp)).read_text()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--people", type=int, help="persons to generate")
    p.add_argument("--seed", type=int, default=1, help="default %(default)s")
    p.add_argument("--out", type=Path, help="the CSV to write")
    p.add_argument("--check-rules", type=Path, help="exit 1 unless this file holds bench_frame's rules")
    args = p.parse_args(argv)
    if args.check_rules:
        if args.check_rules.read_text() != rules_text():
            print(
                f"{args.check_rules}: not the rules bench_frame.py writes; write them again", file=sys.stderr
            )
            return 1
        print(f"{args.check_rules}: the rules bench_frame.py writes")
    if args.people is not None:
        if args.people < 1 or args.out is None:
            p.error("--people takes a positive number and needs --out")
        rows = write_population(args.people, args.seed, args.out)
        print(f"{args.people:,} persons, {rows:,} rows, seed {args.seed} -> {args.out}")
    elif not args.check_rules:
        p.error("give --people N --out FILE, or --check-rules FILE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
