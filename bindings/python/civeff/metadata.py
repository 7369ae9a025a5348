# SPDX-License-Identifier: Apache-2.0
"""Rule metadata as pandas DataFrames: what the ids in a result stand for.

Each frame has one row per entry of the compiled ruleset (overlays applied), in
the ruleset's order (scales, marks, units and equivalences in declaration order;
diplomas sorted by id, as results list them), a fresh RangeIndex, and one column
per key the entry may carry (SPEC §2, §9), named as the YAML key:

- Text (``title``, ``name``, ``source``, ``notes``, ``kind``, expressions such
  as ``credit_when`` and ``when``): pandas' string dtype (``str`` from pandas 3,
  else ``object``); missing (None/NaN) when the key is absent. Expressions are
  as written, trimmed, as ``missing`` names a ``check``.
- List-valued keys (``tags``, ``implies``, ``levels``, ``equivalent``, ``from``,
  ``counts_as``): a Python list per row, an empty list when the key is absent,
  so ``units.explode("tags")`` gives one row per (unit, tag) to filter and group
  on, and ``units[units.tags.map(lambda t: "zorg" in t)]`` selects by tag.
- ``level`` (intrinsic levels of a unit; a diploma's informational level): one
  column ``level.SCALE`` per scale of the ruleset, in scale order, holding the
  level name or missing (``units[units["level.nlqf"] == "3"]``).
- ``effective_from`` / ``effective_to``: ``datetime64[s]``, NaT when that end is
  open. ``valid_for`` and ``within``: ISO 8601 duration text (``P5Y``).
- ``file`` and ``line``: where the entry is defined (the overlay's file for an
  entry an overlay added or replaced), 1-based.

``units_frame().set_index("id")`` gives a lookup table to join on a result's
unit ids (``credits.join(units, on="unit")``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .frame import _STR, _days

if TYPE_CHECKING:
    from ._ruleset import Ruleset

__all__ = [
    "diplomas_frame",
    "equivalences_frame",
    "mark_levels_frame",
    "marks_frame",
    "requirements_frame",
    "scales_frame",
    "units_frame",
]

Values = list[Any]


def _text(values: Values) -> pd.Series:
    out: pd.Series = pd.Series(values, dtype=_STR)
    return out


def _lists(values: Values) -> pd.Series:
    out = np.empty(len(values), dtype=object)
    out[:] = values  # an object array of lists, not a 2-d array
    series: pd.Series = pd.Series(out, dtype=object)
    return series


def _dates(values: Values) -> pd.Series:
    missing = np.array([v is None for v in values], dtype=bool)
    days = np.array([0 if v is None else v for v in values], dtype=np.int64)
    series: pd.Series = pd.Series(_days(days, missing))
    return series


def _floats(values: Values) -> pd.Series:
    series: pd.Series = pd.Series(np.array([np.nan if v is None else v for v in values], dtype=np.float64))
    return series


def _ints(values: Values) -> pd.Series:
    series: pd.Series = pd.Series(np.array(values, dtype=np.int64))
    return series


def _nullable_ints(values: Values) -> pd.Series:
    series: pd.Series = pd.Series(pd.array(values, dtype="Int64"))
    return series


def _bools(values: Values) -> pd.Series:
    series: pd.Series = pd.Series(np.array(values, dtype=bool))
    return series


Column = Callable[[Values], pd.Series]

_PROVENANCE: dict[str, Column] = {"source": _text, "notes": _text, "file": _text, "line": _ints}


def _build(
    table: dict[str, Values], columns: dict[str, Column], level_scales: Sequence[str] | None = None
) -> pd.DataFrame:
    """The frame of a ``_core`` table: each column typed by ``columns`` (in that order).
    With ``level_scales``, the ``level`` column of {scale: level} dicts becomes one
    ``level.SCALE`` column per scale."""
    out: dict[str, pd.Series] = {}
    for name, make in columns.items():
        values = table.get(name, [])
        if name == "level" and level_scales is not None:
            for scale in level_scales:
                out[f"level.{scale}"] = _text([row.get(scale) for row in values])
            continue
        out[name] = make(values)
    frame: pd.DataFrame = pd.DataFrame(out)
    frame.index = pd.RangeIndex(len(frame))
    return frame


def _scales(ruleset: Ruleset) -> list[str]:
    return list(ruleset.scales)


def scales_frame(ruleset: Ruleset) -> pd.DataFrame:
    """One row per scale: ``id, levels`` (low to high, a list), ``default`` (the level of an
    achievement nothing places: as given, else the first level; missing for ``default: null``),
    ``title, name, source, notes, file, line``."""
    columns: dict[str, Column] = {
        "id": _text,
        "levels": _lists,
        "default": _text,
        "title": _text,
        "name": _text,
        **_PROVENANCE,
    }
    return _build(ruleset._impl.scales_table(), columns)


def marks_frame(ruleset: Ruleset) -> pd.DataFrame:
    """One row per mark: ``id, title, name, issuer, attests, valid_for, implies`` (the direct
    implications, a list), ``source, notes, file, line``. The levels a mark gives are in
    :func:`mark_levels_frame`, one row per case."""
    columns: dict[str, Column] = {
        "id": _text,
        "title": _text,
        "name": _text,
        "issuer": _text,
        "attests": _text,
        "valid_for": _text,
        "implies": _lists,
        **_PROVENANCE,
    }
    return _build(ruleset._impl.marks_table(), columns)


def mark_levels_frame(ruleset: Ruleset) -> pd.DataFrame:
    """A mark's ``levels`` in long form: one row per (mark, scale, case), in the order written:
    ``mark, scale, case`` (nullable ``Int64``: the 0-based index in that scale's list of
    cases, as explanations name it; missing for a bare level, a mark written as
    ``scale: level``, which an explanation names without a case, SPEC §12), ``when``
    (missing: always matches) and ``level``. The first case whose ``when`` holds decides
    (SPEC §2.2); a mark without a row for a scale gives nothing there."""
    columns: dict[str, Column] = {
        "mark": _text,
        "scale": _text,
        "case": _nullable_ints,
        "when": _text,
        "level": _text,
    }
    return _build(ruleset._impl.mark_levels_table(), columns)


def units_frame(ruleset: Ruleset) -> pd.DataFrame:
    """One row per unit: ``id, kind, title, name, hours`` (float; 0 when not given),
    ``tags`` (a list), ``level.SCALE`` per scale (the intrinsic level or missing),
    ``effective_from, effective_to`` (datetime64, NaT when open), ``valid_for`` (ISO
    text), ``credit_when``, ``source, notes, file, line``."""
    columns: dict[str, Column] = {
        "id": _text,
        "kind": _text,
        "title": _text,
        "name": _text,
        "hours": _floats,
        "tags": _lists,
        "level": _text,
        "effective_from": _dates,
        "effective_to": _dates,
        "valid_for": _text,
        "credit_when": _text,
        **_PROVENANCE,
    }
    return _build(ruleset._impl.units_table(), columns, _scales(ruleset))


def equivalences_frame(ruleset: Ruleset) -> pd.DataFrame:
    """One row per equivalence: ``id, symmetric`` (bool), ``equivalent`` (the members of a
    symmetric group), ``from`` and ``counts_as`` (a directed one's sources and targets; each
    a list, empty for the other kind), ``effective_from, effective_to`` (datetime64, NaT
    when open), ``when``, ``title, name, source, notes, file, line``."""
    columns: dict[str, Column] = {
        "id": _text,
        "symmetric": _bools,
        "equivalent": _lists,
        "from": _lists,
        "counts_as": _lists,
        "effective_from": _dates,
        "effective_to": _dates,
        "when": _text,
        "title": _text,
        "name": _text,
        **_PROVENANCE,
    }
    return _build(ruleset._impl.equivalences_table(), columns)


def diplomas_frame(ruleset: Ruleset) -> pd.DataFrame:
    """One row per diploma, sorted by id: ``id, title, name``, ``level.SCALE`` per scale
    (informational, SPEC §10), ``source, notes, file, line``. The requirement tree is in
    :func:`requirements_frame`."""
    columns: dict[str, Column] = {"id": _text, "title": _text, "name": _text, "level": _text, **_PROVENANCE}
    return _build(ruleset._impl.diplomas_table(), columns, _scales(ruleset))


def requirements_frame(ruleset: Ruleset, diploma: str | None = None) -> pd.DataFrame:
    """One row per requirement node of ``diploma`` (None: of every diploma, sorted by id),
    in document order.

    Columns: ``diploma``; ``node`` (0-based within its diploma; the root is 0);
    ``parent`` (its parent's ``node``, -1 for the root); ``depth`` (0 for the root);
    ``form`` (``unit``, ``all_of``, ``any_of``, ``n_of``, ``hours``, ``count``, ``sum``,
    ``avg``, ``check``); ``id`` (the node's id, else a leaf's name as ``missing`` gives
    it, ``unit:K1006``, ``hours:480``, ..., else missing); ``title``; ``leaf`` (bool);
    ``when`` (the guard); ``unit``; ``n`` (``Int64``, n_of); ``min`` (float);
    ``attr``; ``within`` (ISO text); the selector ``of``: ``units``, ``tags``,
    ``marks`` (lists, None when the selector does not give that key: ``units: []``
    selects nothing, no ``units`` everything), ``kind``, ``where``; ``check``; ``file``,
    ``line``. Raises ValueError for an unknown diploma.
    """
    if diploma is not None and not isinstance(diploma, str):
        raise TypeError(f"diploma: expected a diploma id (str) or None, got {diploma!r}")
    columns: dict[str, Column] = {
        "diploma": _text,
        "node": _ints,
        "parent": _ints,
        "depth": _ints,
        "form": _text,
        "id": _text,
        "title": _text,
        "leaf": _bools,
        "when": _text,
        "unit": _text,
        "n": _nullable_ints,
        "min": _floats,
        "attr": _text,
        "within": _text,
        "units": _lists,
        "kind": _text,
        "tags": _lists,
        "marks": _lists,
        "where": _text,
        "check": _text,
        "file": _text,
        "line": _ints,
    }
    return _build(ruleset._impl.requirements_table(diploma), columns)
