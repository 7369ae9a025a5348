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
import math
import platform
import sys
import tempfile
import time
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


def timed(repeat: int, fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """The best wall seconds of `repeat` runs, the process's CPU seconds in that run, its value."""
    best, cpu, value = math.inf, 0.0, None
    for _ in range(repeat):
        cpu_start, start = time.process_time(), time.perf_counter()
        value = fn()
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - cpu_start
    return best, cpu, value


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


def measure(rs: Any, people: int, repeat: int, zen: tuple[Any, Any] | None) -> dict[str, Any]:
    as_of = dt.date.fromisoformat(bench_frame.AS_OF)
    df = bench_frame.population(people)
    pop = frame.population(df, rs)
    expected = as_rows(rs.evaluate_frame(df, as_of=bench_frame.AS_OF, threads=1))
    # The C++ batch is timed in C++ (no Python, no GIL), wall time only: no cpu/wall for it.
    times = {"civeff batch": min(rs._impl.time_batch(pop, bench_frame.AS_OF, 1, repeat))}
    cpu: dict[str, float] = {}
    wall, cpu["civeff evaluate_frame"], _ = timed(
        repeat, lambda: rs.evaluate_frame(df, as_of=bench_frame.AS_OF, threads=1)
    )
    times["civeff evaluate_frame"] = wall
    slow = max(1, min(repeat, 2))
    python_people = bench_frame.python_portfolios(df)  # not timed: the data as Python holds it
    peers: list[tuple[str, int, Callable[[], list[tuple]]]] = [
        ("plain Python", slow, lambda: bench_frame.python_evaluate(python_people, as_of)),
        ("pandas", repeat, lambda: as_rows(peers_pandas.evaluate(df, as_of))),
    ]
    if zen is not None:
        zen_engine, decision = zen
        inputs = peers_zen.contexts(python_people, as_of)  # not timed either
        batch_requests = peers_zen.requests(inputs)
        peers.append(("zen-engine evaluate", slow, lambda: peers_zen.evaluate(decision, inputs)))
        peers.append(
            (
                "zen-engine evaluate_batch",
                slow,
                lambda: peers_zen.evaluate_batch(zen_engine, inputs, batch_requests),
            )
        )
    for name, n, run in peers:
        times[name], cpu[name], rows = timed(n, run)
        difference = first_difference(expected, rows)
        if difference:
            raise SystemExit(f"{name} and civeff disagree on {people:,} persons: {difference}")
    return {"people": people, "rows": len(df), "seconds": times, "cpu_seconds": cpu}


def report(result: dict[str, Any]) -> None:
    people, times, cpu = result["people"], result["seconds"], result["cpu_seconds"]
    batch, whole = times["civeff batch"], times["civeff evaluate_frame"]
    print(f"\n{people:,} persons, {result['rows']:,} rows; every peer's rows equal to civeff's")
    print(f"  {'':26} {'µs/person':>10} {'/ civeff batch':>15} {'/ evaluate_frame':>17} {'cpu/wall':>9}")
    for name, seconds in times.items():
        print(
            f"  {name:26} {seconds / people * 1e6:10.2f} {seconds / batch:14.1f}x {seconds / whole:16.1f}x"
            + (f" {cpu[name] / seconds:9.2f}" if name in cpu else f" {'-':>9}")
        )


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

    zen = peers_zen.engine() if peers_zen.available() else None
    zen_text = f"zen-engine {peers_zen.version()}" if zen is not None else "zen-engine not installed"
    print(
        f"civeff {civeff.__version__}, Python {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, {zen_text}; 1 thread; as_of {bench_frame.AS_OF}"
    )
    if zen is None:
        print("  (zen-engine skipped: pip install 'civeff[bench]' or zen-engine)")
    figures: dict[str, Any] = {"machine": platform.platform(), "zen_engine": zen_text, "sizes": []}
    with tempfile.TemporaryDirectory() as tmp:
        rs = civeff.load(bench_frame.write_rules(Path(tmp)))
        for people in args.people:
            result = measure(rs, people, args.repeat, zen)
            report(result)
            figures["sizes"].append(result)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
