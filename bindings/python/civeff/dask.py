# SPDX-License-Identifier: Apache-2.0
"""Evaluate a population held in a Dask DataFrame, partition by partition.

>>> import dask.dataframe as dd, civeff, civeff.dask  # doctest: +SKIP
>>> ddf = dd.read_csv("people-*.csv", dtype=str, keep_default_na=False)  # doctest: +SKIP
>>> out = civeff.dask.evaluate(rs, ddf, as_of="2024-01-01")  # doctest: +SKIP
>>> out.compute()  # doctest: +SKIP

A person's rows must all be in one partition, so by default the frame is first
shuffled on ``person`` (pass ``shuffle=False`` when it is already partitioned
that way, e.g. after ``set_index("person")`` or a previous shuffle). The
:class:`civeff.Ruleset` travels to the workers by pickling: each worker compiles
the ruleset files again from the same paths, so they must be readable there;
overlays given as texts or dicts, and rulesets from :func:`civeff.load_files`,
travel as their texts. The ruleset's Dask token hashes the texts it was compiled
from (every rules file and overlay), so a changed file or overlay is a new token.

The result has the columns of :meth:`civeff.Ruleset.evaluate_frame`, with ``person``,
``diploma`` and ``missing`` as text rather than categoricals;
each output partition is sorted by person then diploma, but partitions are in
shuffle order: sort after ``compute()`` when the global order matters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._ruleset import DateLike, _as_of
from .frame import Errors, as_text_columns, empty_result, evaluate_frame

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

    from ._ruleset import Ruleset

__all__ = ["evaluate"]


def _evaluate_partition(
    part: pd.DataFrame, ruleset: Ruleset, as_of: Any, threads: int, errors: Errors, strict: bool
) -> pd.DataFrame:
    # Partitions have different persons, so categoricals would not line up: text.
    return as_text_columns(
        evaluate_frame(ruleset, part, as_of=as_of, threads=threads, errors=errors, strict=strict)
    )


def evaluate(
    ruleset: Ruleset,
    ddf: dd.DataFrame,
    as_of: DateLike | None = None,
    *,
    threads: int = 1,
    errors: Errors = "raise",
    shuffle: bool = True,
    strict: bool = False,
) -> dd.DataFrame:
    """:meth:`civeff.Ruleset.evaluate_frame` mapped over the partitions of ``ddf``.

    ``as_of`` is fixed when the graph is built (None: today, UTC), so every
    worker uses the same date. ``threads`` is per partition (default 1: Dask
    already runs partitions in parallel). Cells are read as by
    :meth:`civeff.Ruleset.evaluate_frame`, per partition: W010/W011 are issued as
    :class:`civeff.InputWarning` where a partition is evaluated (a worker logs
    them, once per partition), and ``strict=True`` makes them an
    :class:`civeff.InputError` raised by ``compute()``.
    """
    day = _as_of(as_of)
    if shuffle:
        ddf = ddf.shuffle("person")
    result: dd.DataFrame = ddf.map_partitions(  # type: ignore[no-untyped-call]
        _evaluate_partition,
        ruleset,
        day,
        threads,
        errors,
        strict,
        meta=as_text_columns(empty_result()),
        enforce_metadata=False,
    )
    return result
