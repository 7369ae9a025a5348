# SPDX-License-Identifier: Apache-2.0
"""bench_frame's rules as vectorised pandas: what an analyst would write instead of civeff.

Whole-column operations only, no Python loop over persons or rows: the counted
rows, a mask of the rows that credit their unit, a persons x units table of
credits (and of credits dated from 2019-09-01, for the equivalences), then each
diploma's status, progress and missing leaves from those columns. The rules are
the ones written in bench_frame.py's RULES; ``evaluate`` gives the rows of
``civeff``'s ``evaluate_frame`` (checked by peers.py).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

KEUZEDELEN = [f"KD{i}" for i in range(1, 9)]
KNOWN = ["K1", "K2", "K3", "K4", *KEUZEDELEN, *(f"LE{i}" for i in range(1, 7)), "BHV", "C1"]
EQ_FROM = dt.date(2019, 9, 1)  # the equivalences eq1..eq4: effective from


def add_years(d: dt.date, years: int) -> dt.date:
    """SPEC §10: 29 February plus a year is 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def alive_from(as_of: dt.date, years: int) -> dt.date:
    """The first day d with as_of < d + years: what is dated from it on has not lapsed."""
    day = add_years(as_of, -years) - dt.timedelta(days=2)
    while not as_of < add_years(day, years):
        day += dt.timedelta(days=1)
    return day


def has_mark(marks: pd.Series, mark: str) -> pd.Series:
    return marks.str.contains(rf"(?:^|;)\s*{mark}\s*(?:;|$)", regex=True).fillna(False).astype(bool)


def round4(x: np.ndarray) -> np.ndarray:
    return np.floor(x * 10000 + 0.5) / 10000


def joined(pieces: list[tuple[np.ndarray, str]], n: int) -> np.ndarray:
    """Per person, the texts whose mask is set, `;`-joined in order."""
    out = np.full(n, "", dtype=object)
    for missing, text in pieces:
        out = np.where(missing, np.where(out == "", text, out + ";" + text), out)
    return out


def credits(df: pd.DataFrame, as_of: dt.date) -> tuple[pd.Index, pd.DataFrame, pd.DataFrame]:
    """The persons in id order, and persons x units: credited at all, credited from EQ_FROM."""
    t = pd.Timestamp
    counted = df[df["date"] <= t(as_of)]
    unit = counted["unit"]
    marks = counted["marks"].astype("category")
    points = counted["points"]
    sector = has_mark(marks, "mbo") | (
        has_mark(marks, "vv") & (counted["date"] >= t(alive_from(as_of, 5))) & (points >= 4)
    )
    credit = (
        unit.isin(KNOWN)
        & (~unit.isin(KEUZEDELEN) | counted["exam"])
        & ((unit != "BHV") | (counted["date"] >= t(alive_from(as_of, 1))))
        & ((unit != "C1") | sector)
    )
    rows = counted.loc[credit, ["person", "unit", "date"]]
    persons = pd.Index(df["person"].astype(str).unique()).sort_values()

    def table(r: pd.DataFrame) -> pd.DataFrame:
        # groupby().size().unstack(): the quick way to a table of counts (pivot_table aggregates slower)
        counts = r.groupby([r["person"].astype(str), r["unit"].astype(str)]).size()
        seen = counts.unstack(fill_value=0) > 0  # noqa: PD010
        return seen.reindex(index=persons, columns=KNOWN, fill_value=False)

    return persons, table(rows), table(rows[rows["date"] >= t(EQ_FROM)])


def evaluate(df: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """person, diploma, status, progress, missing: sorted by person, then diploma."""
    persons, direct, late = credits(df, as_of)
    n = len(persons)

    def has(u: str) -> np.ndarray:
        return direct[u].to_numpy(dtype=bool)

    kd = {u: has(u) for u in KEUZEDELEN}
    for i in range(1, 5):  # eq1..eq4, symmetric: an LEi from EQ_FROM on credits KDi
        kd[f"KD{i}"] = kd[f"KD{i}"] | late[f"LE{i}"].to_numpy(dtype=bool)
    kd["KD5"] = kd["KD5"] | (has("LE5") & has("LE6"))  # stack
    nkd = sum(v.astype(np.int64) for v in kd.values())
    of3 = kd["KD1"].astype(np.int64) + kd["KD2"] + kd["KD3"]
    k1, k2, k3, k4, bhv, c1 = (has(u) for u in ("K1", "K2", "K3", "K4", "BHV", "C1"))

    # D1: K1, K2, 480 hours of keuzedelen (240 each), 2 of KD1..KD3.
    d1 = k1 & k2 & (nkd >= 2) & (of3 >= 2)
    p1 = round4((((k1 * 1.0 + k2) + np.minimum(nkd * 240.0 / 480.0, 1.0)) + np.minimum(of3, 2) / 2.0) / 4)
    any1 = k1 | k2 | (nkd >= 2) | (of3 >= 1)
    need = np.maximum(2 - of3, 0)
    taken = np.zeros(n, dtype=np.int64)
    n_of = []
    for u in ("KD1", "KD2", "KD3"):  # the first `need` unsatisfied: all have progress 0
        pick = ~kd[u] & (taken < need)
        taken += pick
        n_of.append((pick, f"unit:{u}"))
    m1 = joined([(~k1, "unit:K1"), (~k2, "unit:K2"), (nkd < 2, "hours:480"), *n_of], n)

    # D2: K3, K4, 3 keuzedelen, KD4 or KD5.
    either = kd["KD4"] | kd["KD5"]
    d2 = k3 & k4 & (nkd >= 3) & either
    p2 = round4((((k3 * 1.0 + k4) + np.minimum(nkd / 3.0, 1.0)) + either) / 4)
    any2 = k3 | k4 | (nkd >= 3) | either
    m2 = joined([(~k3, "unit:K3"), (~k4, "unit:K4"), (nkd < 3, "count:3"), (~either, "unit:KD4")], n)

    # D3: BHV, C1.
    d3 = bhv & c1
    p3 = round4((bhv * 1.0 + c1) / 2)
    m3 = joined([(~bhv, "unit:BHV"), (~c1, "unit:C1")], n)

    def status(done: np.ndarray, any_leaf: np.ndarray) -> np.ndarray:
        return np.where(done, "complete", np.where(any_leaf, "partial", "none"))

    return pd.DataFrame(
        {
            "person": np.repeat(persons.to_numpy(dtype=object), 3),
            "diploma": np.tile(np.array(["D1", "D2", "D3"], dtype=object), n),
            "status": np.column_stack([status(d1, any1), status(d2, any2), status(d3, bhv | c1)]).ravel(),
            "progress": np.column_stack([p1, p2, p3]).ravel(),
            "missing": np.column_stack([m1, m2, m3]).ravel(),
        }
    )
