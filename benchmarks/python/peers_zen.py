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
It is run two ways: ``ZenDecision.evaluate`` once per person, and one
``ZenEngine.evaluate_batch`` over all persons' requests (the graph given to the
engine by a static loader).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from peers_pandas import EQ_FROM, alive_from

GRAPH = Path(__file__).resolve().parents[1] / "limit" / "bench.jdm.json"
EPOCH = dt.date(1970, 1, 1)
KEY = "bench"  # the graph's name for ZenEngine.evaluate_batch
Inputs = list[tuple[str, dict[str, Any]]]  # (person, the graph's input), persons in id order


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


def contexts(people: dict[str, list[tuple]], as_of: dt.date) -> Inputs:
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


def engine() -> Any:
    """A ZenEngine that knows the graph as KEY, and the graph as a decision."""
    import zen

    graph = GRAPH.read_text()
    zen_engine = zen.ZenEngine({"loader": {"type": "static", "content": {KEY: json.loads(graph)}}})
    return zen_engine, zen_engine.create_decision(graph)


def requests(inputs: Inputs) -> list[dict[str, Any]]:
    """What ZenEngine.evaluate_batch takes: one request per person (made before timing)."""
    return [{"key": KEY, "context": context} for _, context in inputs]


def rows_of(person: str, result: dict[str, Any], rows: list[tuple]) -> None:
    for diploma in ("D1", "D2", "D3"):
        r = result[diploma]
        rows.append((person, diploma, r["status"], float(r["progress"]), ";".join(r["missing"])))


def evaluate(decision: Any, inputs: Inputs) -> list[tuple]:
    """(person, diploma, status, progress, missing) per person and diploma: one evaluate a person."""
    rows: list[tuple] = []
    for person, context in inputs:
        rows_of(person, decision.evaluate(context)["result"], rows)
    return rows


def evaluate_batch(zen_engine: Any, inputs: Inputs, batch: list[dict[str, Any]]) -> list[tuple]:
    """The same rows from one ZenEngine.evaluate_batch over every person's request."""
    rows: list[tuple] = []
    for (person, _), answer in zip(inputs, zen_engine.evaluate_batch(batch), strict=True):
        if not answer.get("success"):
            raise RuntimeError(f"zen-engine failed on {person}: {answer.get('error')}")
        rows_of(person, answer["data"]["result"], rows)
    return rows
