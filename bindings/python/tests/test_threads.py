# SPDX-License-Identifier: Apache-2.0
"""One Ruleset shared by many threads: the same answers as one thread (the GIL is
released while the engine works, so this also exercises real concurrency)."""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt

import civeff
import pandas as pd
from conftest import AS_OF


def portfolio(i: int) -> dict:
    units = ["LE-medicatie", "K1006", "B1-K1", "LE-wondzorg-1", "LE-wondzorg-2", "BHV", "NOT-LISTED"]
    achievements = [
        {
            "unit": units[(i + k) % len(units)],
            "date": dt.date(2018 + (i + k) % 7, 1 + (i * k) % 12, 1 + k),
            "marks": ["mbo-certificaat"] if (i + k) % 3 == 0 else [],
            "attrs": {"exam": (i + k) % 2 == 0, "points": (i * 7 + k) % 9},
        }
        for k in range(1 + i % 5)
    ]
    return {
        "person": f"p{i:04d}",
        "attrs": {"role": "verpleegkundige" if i % 2 else "verzorgende"},
        "achievements": achievements,
    }


def test_many_threads_evaluate_one_ruleset(rs: civeff.Ruleset) -> None:
    portfolios = [portfolio(i) for i in range(400)]
    serial = [rs.evaluate(p, as_of=AS_OF).to_json() for p in portfolios]
    with cf.ThreadPoolExecutor(max_workers=16) as pool:
        for _ in range(3):
            threaded = list(pool.map(lambda p: rs.evaluate(p, as_of=AS_OF).to_json(), portfolios))
            assert threaded == serial


def test_many_threads_evaluate_frames(rs: civeff.Ruleset, population_df: pd.DataFrame) -> None:
    frames = [population_df.assign(person=population_df["person"] + f"-{i}") for i in range(24)]
    serial = [rs.evaluate_frame(f, as_of=AS_OF, threads=1) for f in frames]
    with cf.ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda f: rs.evaluate_frame(f, as_of=AS_OF, threads=2), frames))
    for a, b in zip(serial, threaded, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_loading_in_threads(rs: civeff.Ruleset) -> None:
    with cf.ThreadPoolExecutor(max_workers=8) as pool:
        loaded = list(pool.map(lambda _: civeff.load(rs.path), range(16)))
    assert {(r.name, r.version) for r in loaded} == {(rs.name, rs.version)}
