#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""How much does pandas cost? civeff's evaluate_frame against the C++ batch alone,
and both against the same rules written in plain Python.

    python benchmarks/python/bench_frame.py                    # 10k, 100k and 1M people
    python benchmarks/python/bench_frame.py --people 20000     # a cap: CI's smoke run
    python benchmarks/python/bench_frame.py --json out.json    # the figures as JSON too

For each population size it builds one long-form DataFrame in memory (about 7.5
achievements a person, persons not adjacent) and measures, best of --repeat:

- ``C++ batch``: ``ruleset::evaluate_batch`` on the already-built population
  (a ``civeff::population_view`` over the DataFrame's buffers, the very columns
  evaluate_frame reads; ``_core.Ruleset.time_batch``: timed in C++, no Python);
- ``evaluate_frame``: DataFrame in, DataFrame out, with the recommended dtypes
  (``category`` for person/unit/marks, ``datetime64`` dates, ``float64`` hours and
  numbers, ``bool`` flags), split into *columns -> population* and the rest;
- ``evaluate_frame (str)``: the same with ``str`` person/unit/marks columns, to
  show what factorizing strings costs (up to --str-people people);
- ``ratio``: evaluate_frame / C++ batch, the price of the pandas layer.

Then, on --python-people people (default 20,000), a plain-Python implementation
of the same rules (dicts and lists, one person at a time), first checked to give
the same status, progress and missing leaves as civeff for every person, and its
time per person against the C++ batch on one thread.

Recommended dtypes, fastest first: ``category`` for every text column (the codes
go to C++ as they are), ``datetime64`` for dates (ISO strings work: only the
distinct dates are parsed), ``float64`` for hours and numeric attributes,
``bool`` for flags. ``str``/``object`` columns are factorized once per call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import civeff
import numpy as np
import pandas as pd
from civeff import frame

AS_OF = "2026-06-01"
SIZES = (10_000, 100_000, 1_000_000)

# ---------------------------------------------------------------- the rules

RULES = """\
civeff: 1
ruleset: bench
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
marks:
  - {id: mbo, levels: {civil_effect: national}}
  - id: vv
    valid_for: P5Y
    levels:
      civil_effect:
        - {when: attrs.points >= 4, level: sector}
        - {level: internal}
  - {id: nrto, levels: {civil_effect: internal}}
units:
  - {id: K1, kind: kerntaak, hours: 400}
  - {id: K2, kind: kerntaak, hours: 400}
  - {id: K3, kind: kerntaak, hours: 400}
  - {id: K4, kind: kerntaak, hours: 400}
%(keuzedelen)s
%(leereenheden)s
  - {id: BHV, kind: course, hours: 16, valid_for: P1Y}
  - {id: C1, kind: course, hours: 24, credit_when: level("civil_effect") >= "sector"}
equivalences:
%(equivalences)s
  - {id: stack, from: [LE5, LE6], counts_as: [KD5]}
diplomas:
  - id: D1
    requires:
      all_of:
        - unit: K1
        - unit: K2
        - hours: {min: 480, of: {kind: keuzedeel}}
        - n_of: {n: 2, of: [{unit: KD1}, {unit: KD2}, {unit: KD3}]}
  - id: D2
    requires:
      all_of:
        - unit: K3
        - unit: K4
        - count: {min: 3, of: {kind: keuzedeel}}
        - any_of: [{unit: KD4}, {unit: KD5}]
  - id: D3
    requires:
      all_of: [{unit: BHV}, {unit: C1}]
"""
KEUZEDELEN = [f"KD{i}" for i in range(1, 9)]
LEEREENHEDEN = [f"LE{i}" for i in range(1, 7)]
UNITS = ["K1", "K2", "K3", "K4", *KEUZEDELEN, *LEEREENHEDEN, "BHV", "C1", "OTHER"]  # OTHER: not in the rules
UNIT_WEIGHTS = np.array([3, 3, 3, 3] + [2] * 8 + [2] * 6 + [3, 3, 4], dtype=float)
MARKS = ["", "mbo", "vv", "nrto", "mbo;vv", "vv;nrto"]
MARK_WEIGHTS = np.array([50, 15, 15, 10, 5, 5], dtype=float)


def write_rules(directory: Path) -> Path:
    text = RULES % {
        "keuzedelen": "\n".join(
            f"  - {{id: {u}, kind: keuzedeel, hours: 240, credit_when: attrs.exam == true}}"
            for u in KEUZEDELEN
        ),
        "leereenheden": "\n".join(f"  - {{id: {u}, kind: leereenheid, hours: 80}}" for u in LEEREENHEDEN),
        "equivalences": "\n".join(
            f"  - {{id: eq{i}, equivalent: [LE{i}, KD{i}], effective: {{from: 2019-09-01}}}}"
            for i in range(1, 5)
        ),
    }
    path = directory / "bench.yaml"
    path.write_text(text)
    return path


# ---------------------------------------------------------------- the population


def population(people: int, seed: int = 1) -> pd.DataFrame:
    """About 7.5 achievements a person, rows shuffled, with the recommended dtypes."""
    rng = np.random.default_rng([seed, people])
    per_person = rng.integers(3, 13, size=people)
    rows = int(per_person.sum())
    person = np.repeat(np.arange(people, dtype=np.int32), per_person)
    order = rng.permutation(rows)
    ids = np.char.add("p", np.char.zfill(np.arange(people).astype(str), 7)).tolist()
    start = np.datetime64("2016-01-01")
    hours = np.where(rng.random(rows) < 0.1, rng.integers(4, 120, rows).astype(float), np.nan)
    points = np.where(rng.random(rows) < 0.5, rng.integers(0, 9, rows).astype(float), np.nan)
    return pd.DataFrame(
        {
            "person": pd.Categorical.from_codes(person[order], categories=ids),
            "unit": pd.Categorical.from_codes(
                rng.choice(len(UNITS), rows, p=UNIT_WEIGHTS / UNIT_WEIGHTS.sum()), categories=UNITS
            ),
            "date": (start + rng.integers(0, 3800, rows).astype("timedelta64[D]")).astype("datetime64[s]"),
            "hours": hours,
            "marks": pd.Categorical.from_codes(
                rng.choice(len(MARKS), rows, p=MARK_WEIGHTS / MARK_WEIGHTS.sum()), categories=MARKS
            ),
            "exam": rng.random(rows) < 0.8,
            "points": points,
        }
    )


def as_strings(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype({"person": str, "unit": str, "marks": str})


# ---------------------------------------------------------------- the rules in plain Python


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February: clamp to the month's last day
        return d.replace(year=d.year + years, day=28)


HOURS = {u: 400.0 for u in ("K1", "K2", "K3", "K4")} | {u: 240.0 for u in KEUZEDELEN}
KIND = {u: "keuzedeel" for u in KEUZEDELEN}
LEVELS = ("none", "internal", "sector", "national")
EQ_FROM = dt.date(2019, 9, 1)


def round4(x: float) -> float:
    return math.floor(x * 10000 + 0.5) / 10000


def credited_units(achievements: list[tuple], as_of: dt.date) -> set[str]:
    """SPEC §5.1-5.4 for the bench rules: direct credit, equivalences, lapse."""
    dates: dict[str, list[dt.date]] = {}
    for unit, day, marks, exam, points in achievements:
        if day > as_of or unit is None:
            continue
        if unit in KIND and not exam:  # keuzedelen: credit_when attrs.exam == true
            continue
        if unit == "C1":  # credit_when level("civil_effect") >= "sector"
            level = 0
            for m in marks:
                if m == "mbo":
                    level = max(level, 3)
                elif m == "vv" and as_of < add_years(day, 5):
                    level = max(level, 2 if points is not None and points >= 4 else 1)
                elif m == "nrto":
                    level = max(level, 1)
            if level < 2:
                continue
        dates.setdefault(unit, []).append(day)
    if "BHV" in dates and not any(as_of < add_years(d, 1) for d in dates["BHV"]):
        del dates["BHV"]  # lapsed (valid_for: P1Y)
    credited = set(dates)
    for i in range(1, 5):  # symmetric, effective from 2019-09-01
        le, kd = f"LE{i}", f"KD{i}"
        if any(d >= EQ_FROM for d in dates.get(le, ())):
            credited.add(kd)
        if any(d >= EQ_FROM for d in dates.get(kd, ())):
            credited.add(le)
    if "LE5" in credited and "LE6" in credited:
        credited.add("KD5")
    return credited


# A requirement: ("unit", id) | ("hours", min) | ("count", min) | ("all_of"|"any_of", [children])
# | ("n_of", n, [children]).
D1 = (
    "all_of",
    [
        ("unit", "K1"),
        ("unit", "K2"),
        ("hours", 480),
        ("n_of", 2, [("unit", "KD1"), ("unit", "KD2"), ("unit", "KD3")]),
    ],
)
D2 = (
    "all_of",
    [("unit", "K3"), ("unit", "K4"), ("count", 3), ("any_of", [("unit", "KD4"), ("unit", "KD5")])],
)
D3 = ("all_of", [("unit", "BHV"), ("unit", "C1")])
DIPLOMAS = {"D1": D1, "D2": D2, "D3": D3}


def judge(req: tuple, credited: set[str]) -> tuple[bool, float, list[str], bool]:
    """(satisfied, progress, missing leaves, some leaf holds) of SPEC §5.5."""
    kind = req[0]
    if kind == "unit":
        ok = req[1] in credited
        return ok, 1.0 if ok else 0.0, [] if ok else [f"unit:{req[1]}"], ok
    if kind == "hours":
        total = sum(HOURS[u] for u in credited if KIND.get(u) == "keuzedeel")
        ok = total >= req[1]
        return ok, min(1.0, total / req[1]), [] if ok else [f"hours:{req[1]}"], ok
    if kind == "count":
        n = sum(1 for u in credited if KIND.get(u) == "keuzedeel")
        ok = n >= req[1]
        return ok, min(1.0, n / req[1]), [] if ok else [f"count:{req[1]}"], ok
    children = [judge(c, credited) for c in req[-1]]
    any_leaf = any(c[3] for c in children)
    if kind == "all_of":
        ok = all(c[0] for c in children)
        missing = [m for c in children if not c[0] for m in c[2]]
        return ok, sum(c[1] for c in children) / len(children), missing, any_leaf
    if kind == "any_of":
        ok = any(c[0] for c in children)
        best = max(range(len(children)), key=lambda i: (children[i][1], -i))
        return ok, max(c[1] for c in children), [] if ok else children[best][2], any_leaf
    n = req[1]  # n_of
    satisfied = sum(1 for c in children if c[0])
    progress = sum(sorted((c[1] for c in children), reverse=True)[:n]) / n
    unsatisfied = sorted((i for i, c in enumerate(children) if not c[0]), key=lambda i: (-children[i][1], i))
    chosen = sorted(unsatisfied[: max(0, n - satisfied)])
    return satisfied >= n, progress, [m for i in chosen for m in children[i][2]], any_leaf


def python_evaluate(people: dict[str, list[tuple]], as_of: dt.date) -> list[tuple]:
    rows = []
    for person in sorted(people):
        credited = credited_units(people[person], as_of)
        for diploma, req in DIPLOMAS.items():
            ok, progress, missing, any_leaf = judge(req, credited)
            status = "complete" if ok else "partial" if any_leaf else "none"
            rows.append((person, diploma, status, round4(progress), ";".join(missing)))
    return rows


def python_portfolios(df: pd.DataFrame) -> dict[str, list[tuple]]:
    """The population as plain Python data (not timed: a Python implementation would load it so)."""
    people: dict[str, list[tuple]] = {}
    known = set(UNITS) - {"OTHER"}
    for person, unit, day, marks, exam, points in zip(
        df["person"].astype(str),
        df["unit"].astype(str),
        df["date"].dt.date,
        df["marks"].astype(str),
        df["exam"],
        df["points"],
        strict=True,
    ):
        people.setdefault(person, []).append(
            (
                unit if unit in known else None,
                day,
                marks.split(";") if marks else [],
                bool(exam),
                None if math.isnan(points) else points,
            )
        )
    return people


# ---------------------------------------------------------------- timing


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, value = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def fmt_seconds(s: float) -> str:
    return f"{s * 1000:9.1f} ms" if s < 10 else f"{s:9.2f} s "


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--people", type=int, default=SIZES[-1], help="largest population (cap), default %(default)s"
    )
    p.add_argument(
        "--python-people", type=int, default=20_000, help="people for plain Python, default %(default)s"
    )
    p.add_argument("--str-people", type=int, default=SIZES[-1], help="largest size for the str-dtype run")
    p.add_argument("--repeat", type=int, default=3, help="best of N, default %(default)s")
    p.add_argument("--threads", type=int, default=None, help="engine threads (default: all cores)")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)
    if args.people < 1 or args.repeat < 1:
        p.error("--people and --repeat must be positive")

    sizes = [n for n in SIZES if n <= args.people] or [args.people]
    if args.people not in sizes and args.people > sizes[-1]:
        sizes.append(args.people)
    threads = args.threads or 0
    cores = os.cpu_count() or 1
    print(
        f"civeff {civeff.__version__}, Python {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, {cores} cores, threads={'all' if not threads else threads}"
    )
    figures: dict[str, Any] = {"machine": platform.platform(), "cores": cores, "sizes": []}

    with tempfile.TemporaryDirectory() as tmp:
        rs = civeff.load(write_rules(Path(tmp)))

        print(
            f"\n{'people':>9} {'rows':>10}  {'C++ batch':>12} {'evaluate_frame':>15} {'ratio':>6}"
            f"  {'cols->pop':>12} {'str dtypes':>12} {'ratio':>6}"
        )
        for n in sizes:
            df = population(n)
            pop = frame.population(df, rs)
            cxx = min(rs._impl.time_batch(pop, AS_OF, threads, args.repeat))
            build, _ = best_of(args.repeat, lambda df=df: frame.population(df, rs))
            whole, out = best_of(
                args.repeat, lambda df=df: rs.evaluate_frame(df, as_of=AS_OF, threads=args.threads)
            )
            row: dict[str, Any] = {
                "people": n,
                "rows": len(df),
                "cxx_batch_s": cxx,
                "evaluate_frame_s": whole,
                "columns_to_population_s": build,
                "ratio": whole / cxx,
            }
            str_text = f"{'-':>12} {'-':>6}"
            if n <= args.str_people:
                text_df = as_strings(df)
                whole_str, out_str = best_of(
                    args.repeat, lambda d=text_df: rs.evaluate_frame(d, as_of=AS_OF, threads=args.threads)
                )
                pd.testing.assert_frame_equal(out, out_str)
                row |= {"evaluate_frame_str_s": whole_str, "ratio_str": whole_str / cxx}
                str_text = f"{fmt_seconds(whole_str)} {whole_str / cxx:6.2f}"
                del text_df, out_str
            figures["sizes"].append(row)
            print(
                f"{n:>9,} {len(df):>10,}  {fmt_seconds(cxx)} {fmt_seconds(whole):>15} {whole / cxx:6.2f}"
                f"  {fmt_seconds(build)} {str_text}"
            )
            del df, pop, out

        m = min(args.python_people, args.people)
        df = population(m, seed=2)
        people = python_portfolios(df)
        as_of = dt.date.fromisoformat(AS_OF)
        py_time, py_rows = best_of(max(1, min(args.repeat, 2)), lambda: python_evaluate(people, as_of))
        ours = rs.evaluate_frame(df, as_of=AS_OF)
        expected = pd.DataFrame(py_rows, columns=["person", "diploma", "status", "progress", "missing"])
        got = ours.astype({"person": object, "diploma": object, "status": object, "missing": object})
        mismatch = (got != expected.astype(object)).any(axis=1)
        if mismatch.any():
            print(
                "\nplain Python and civeff disagree (the benchmark's rules are out of step):", file=sys.stderr
            )
            print(
                pd.concat([got[mismatch].head(), expected[mismatch].head()], axis=1).to_string(),
                file=sys.stderr,
            )
            return 1
        pop = frame.population(df, rs)
        one = min(rs._impl.time_batch(pop, AS_OF, 1, args.repeat))
        allc = min(rs._impl.time_batch(pop, AS_OF, threads, args.repeat))
        print(f"\nPlain Python, the same rules, {m:,} people (results checked equal to civeff's):")
        print(f"  plain Python        {py_time / m * 1e6:9.2f} µs/person")
        for label, seconds in (("C++ batch, 1 thread", one), ("C++ batch, all     ", allc)):
            ratio = py_time / seconds
            print(f"  {label} {seconds / m * 1e6:9.2f} µs/person   plain Python / C++ = {ratio:7.1f}x")
        figures["python"] = {
            "people": m,
            "python_s": py_time,
            "cxx_1_thread_s": one,
            "cxx_all_s": allc,
            "ratio_1_thread": py_time / one,
            "ratio_all": py_time / allc,
        }

    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
