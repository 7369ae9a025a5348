# SPDX-License-Identifier: Apache-2.0
"""bench_frame's rules as a GoRules decision graph (JDM), run by zen-engine from PyPI.

The graph is ``benchmarks/limit/bench.jdm.json``: one person in, that person's
three diploma rows out, through five expression nodes (counted achievements,
direct credits, equivalences, totals, diplomas). Its input is a person's
achievements as ``{"u": unit, "d": day, "m": [marks], "e": exam, "p": points}``
(days since 1970-01-01) and the days that ``as_of`` decides, as civeff computes
them once per run: ``asOf``, ``vvFrom`` (vv is 5 years valid), ``bhvFrom`` (BHV 1
year) and ``eqFrom`` (the equivalences' start). zen-engine is optional
(``pip install 'civeff[bench]'``); ``available()`` says whether it is installed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from peers_pandas import EQ_FROM, alive_from

GRAPH = Path(__file__).resolve().parents[1] / "limit" / "bench.jdm.json"
EPOCH = dt.date(1970, 1, 1)


def available() -> bool:
    try:
        import zen  # noqa: F401
    except ImportError:
        return False
    return True


def version() -> str:
    from importlib.metadata import version as of

    return of("zen-engine")


def days(d: dt.date) -> int:
    return (d - EPOCH).days


def contexts(people: dict[str, list[tuple]], as_of: dt.date) -> list[tuple[str, dict[str, Any]]]:
    """Each person's input to the graph, persons in id order (made before timing starts).

    ``people`` is ``bench_frame.python_portfolios``: (unit or None, date, marks, exam, points).
    """
    fixed = {
        "asOf": days(as_of),
        "vvFrom": days(alive_from(as_of, 5)),
        "bhvFrom": days(alive_from(as_of, 1)),
        "eqFrom": days(EQ_FROM),
    }
    out = []
    for person in sorted(people):
        achievements = [
            {"u": unit, "d": days(day), "m": marks, "e": exam, "p": points}
            for unit, day, marks, exam, points in people[person]
        ]
        out.append((person, {"a": achievements, **fixed}))
    return out


def decision() -> Any:
    import zen

    return zen.ZenEngine().create_decision(GRAPH.read_text())


def evaluate(graph: Any, inputs: Iterable[tuple[str, dict[str, Any]]]) -> list[tuple]:
    """(person, diploma, status, progress, missing) per person and diploma, as civeff's rows."""
    rows = []
    for person, context in inputs:
        result = graph.evaluate(context)["result"]
        for diploma in ("D1", "D2", "D3"):
            r = result[diploma]
            rows.append((person, diploma, r["status"], float(r["progress"]), ";".join(r["missing"])))
    return rows
