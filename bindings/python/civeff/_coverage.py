# SPDX-License-Identifier: Apache-2.0
"""Coverage over a population (docs/language.md, "Coverage"): :meth:`civeff.Ruleset.coverage`.

>>> cov = rs.coverage(df, as_of="2026-11-01")   # doctest: +SKIP
>>> cov[cov.fired == 0]                         # the rules that never fire  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import _core
from ._ruleset import DateLike, _as_of, _threads
from .errors import _issue
from .frame import _FRAME, Errors, _build, _handle_errors

if TYPE_CHECKING:
    from ._ruleset import Ruleset

__all__ = ["COLUMNS", "KINDS", "coverage"]

#: The columns of the coverage frame, in order.
COLUMNS = ("rule", "kind", "file", "line", "fired", "of")
#: The kinds of rule, as the ``kind`` column's categories.
KINDS = ("mark_case", "credit_when", "equivalence", "requirement")


def coverage(
    ruleset: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None = None,
    threads: int | None = None,
    errors: Errors = "raise",
    strict: bool = False,
) -> pd.DataFrame:
    """How often each rule fires over a population: ``civeff coverage`` on a DataFrame.

    One row per rule (every mark case per scale, ``credit_when``, equivalence and
    requirement node), the rules that never fire first, then by file and line:
    ``rule`` (str: ``mark:ID/SCALE/CASE``, ``unit:ID/credit_when``,
    ``equivalence:ID``, ``diploma:ID/NODE``), ``kind`` (Categorical of
    :data:`KINDS`), ``file`` (str), ``line``, ``fired`` and ``of`` (int64), and a
    fresh RangeIndex. ``fired`` counts what the rule fired for and ``of`` what it
    could fire for: achievements for mark cases and ``credit_when``, persons for
    equivalences and requirements (docs/language.md, "Coverage"). ``attrs`` holds
    ``persons``, ``achievements``, ``counted`` and ``as_of``.

    ``df`` is read as :func:`civeff.evaluate_frame` reads it; ``errors`` says what a
    person whose evaluation fails does (it is not counted), as there.
    """
    day = _core.from_day(_core.to_day(_as_of(as_of)))
    n = _threads(threads)
    source = _build(df, ruleset, n, strict)
    impl = _core.coverage(ruleset._impl, source.population, day, n)
    _issue(source.warnings, source.warning_count, _FRAME)
    c = impl.columns()
    data = {
        "rule": np.array(c["rule"], dtype=object),
        "kind": pd.Categorical(c["kind"], categories=list(KINDS)),
        "file": np.array(c["file"], dtype=object),
        "line": np.asarray(c["line"], dtype=np.int64),
        "fired": np.asarray(c["fired"], dtype=np.int64),
        "of": np.asarray(c["of"], dtype=np.int64),
    }
    frame: pd.DataFrame = pd.DataFrame(data, index=pd.RangeIndex(len(c["line"])), columns=list(COLUMNS))
    frame.attrs.update(persons=impl.persons, achievements=impl.achievements, counted=impl.counted, as_of=day)
    return _handle_errors(impl.errors, errors, frame)
