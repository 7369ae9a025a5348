#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""civeff against its peers on bench_frame's rules: plain Python, vectorised pandas, zen-engine.

    python benchmarks/python/peers.py                        # 20,000 and 100,000 persons
    python benchmarks/python/peers.py --people 2000 --json peers.json

For each size, bench_frame's population (seed 1: the persons kernel_bench reads
from CSV at its size) is evaluated at bench_frame's AS_OF by

- ``civeff batch``: ``ruleset::evaluate_batch`` on 1 thread over the columns
  evaluate_frame reads (timed in C++, as bench_frame.py does);
- ``civeff evaluate_frame``: DataFrame in, DataFrame out, 1 thread;
- ``plain Python``: bench_frame.py's implementation (dicts and lists, a person at a
  time), from the population already as Python data;
- ``pandas``: peers_pandas.py, DataFrame in, DataFrame out, whole-column operations;
- ``zen-engine``: peers_zen.py, GoRules' engine on benchmarks/limit/bench.jdm.json,
  one ``evaluate`` per person, from the inputs already as dicts (skipped, and said
  so, when zen-engine is not installed: ``pip install 'civeff[bench]'``).

Every peer's rows are checked equal to civeff's (person, diploma, status, progress,
missing) before its time counts; the run exits 1 at the first that differs. Each
time is the best of --repeat runs (at most 2 for plain Python and zen-engine). It
prints microseconds per person and each one's time over civeff's, per person.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bench_frame
import civeff
import numpy as np
import pandas as pd
import peers_pandas
import peers_zen
from civeff import frame


def as_rows(df: pd.DataFrame) -> list[tuple]:
    return list(
        zip(
            df["person"].astype(str),
            df["diploma"].astype(str),
            df["status"].astype(str),
            df["progress"].astype(float),
            df["missing"].astype(str),
            strict=True,
        )
    )


def first_difference(expected: list[tuple], got: list[tuple]) -> str:
    if len(expected) != len(got):
        return f"{len(got):,} rows instead of {len(expected):,}"
    for k, (a, b) in enumerate(zip(expected, got, strict=True)):
        if a != b:
            return f"row {k}: civeff {a}, peer {b}"
    return ""


def measure(rs: Any, people: int, repeat: int, zen_graph: Any) -> dict[str, Any]:
    as_of = dt.date.fromisoformat(bench_frame.AS_OF)
    df = bench_frame.population(people)
    pop = frame.population(df, rs)
    expected = as_rows(rs.evaluate_frame(df, as_of=bench_frame.AS_OF, threads=1))
    times = {"civeff batch": min(rs._impl.time_batch(pop, bench_frame.AS_OF, 1, repeat))}
    times["civeff evaluate_frame"], _ = bench_frame.best_of(
        repeat, lambda: rs.evaluate_frame(df, as_of=bench_frame.AS_OF, threads=1)
    )
    slow = max(1, min(repeat, 2))
    python_people = bench_frame.python_portfolios(df)  # not timed: the data as Python holds it
    peers: list[tuple[str, int, Callable[[], list[tuple]]]] = [
        ("plain Python", slow, lambda: bench_frame.python_evaluate(python_people, as_of)),
        ("pandas", repeat, lambda: as_rows(peers_pandas.evaluate(df, as_of))),
    ]
    if zen_graph is not None:
        inputs = peers_zen.contexts(python_people, as_of)  # not timed either
        peers.append(("zen-engine", slow, lambda: peers_zen.evaluate(zen_graph, inputs)))
    for name, n, run in peers:
        seconds, rows = bench_frame.best_of(n, run)
        difference = first_difference(expected, rows)
        if difference:
            raise SystemExit(f"{name} and civeff disagree on {people:,} persons: {difference}")
        times[name] = seconds
    return {"people": people, "rows": len(df), "seconds": times}


def report(result: dict[str, Any]) -> None:
    people, times = result["people"], result["seconds"]
    batch, whole = times["civeff batch"], times["civeff evaluate_frame"]
    print(f"\n{people:,} persons, {result['rows']:,} rows; every peer's rows equal to civeff's")
    print(f"  {'':24} {'µs/person':>10} {'/ civeff batch':>15} {'/ evaluate_frame':>17}")
    for name, seconds in times.items():
        print(f"  {name:24} {seconds / people * 1e6:10.2f} {seconds / batch:14.1f}x {seconds / whole:16.1f}x")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--people", type=int, nargs="+", default=[20_000, 100_000], help="sizes, default 20000 100000"
    )
    p.add_argument("--repeat", type=int, default=3, help="best of N, default %(default)s")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)
    if min(args.people) < 1 or args.repeat < 1:
        p.error("--people and --repeat must be positive")

    zen_graph = peers_zen.decision() if peers_zen.available() else None
    zen_text = f"zen-engine {peers_zen.version()}" if zen_graph is not None else "zen-engine not installed"
    print(
        f"civeff {civeff.__version__}, Python {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, {zen_text}; 1 thread; as_of {bench_frame.AS_OF}"
    )
    if zen_graph is None:
        print("  (zen-engine skipped: pip install 'civeff[bench]' or zen-engine)")
    figures: dict[str, Any] = {"machine": platform.platform(), "zen_engine": zen_text, "sizes": []}
    with tempfile.TemporaryDirectory() as tmp:
        rs = civeff.load(bench_frame.write_rules(Path(tmp)))
        for people in args.people:
            result = measure(rs, people, args.repeat, zen_graph)
            report(result)
            figures["sizes"].append(result)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
