# SPDX-License-Identifier: Apache-2.0
"""Whole populations as pandas DataFrames.

Input: a long-form DataFrame, one achievement a row (SPEC §3, §9, §11):

=============  ==========================================================  =====================
column         meaning                                                     recommended dtype
=============  ==========================================================  =====================
``person``     person id (required)                                        ``category`` or ``str``
``date``       achievement date (required)                                 ``datetime64`` or ``str``
``unit``       unit id; missing = an unlisted course                       ``category`` or ``str``
``title``      free text                                                   ``category`` or ``str``
``hours``      hours (>= 0); missing = the unit's declared hours           ``float64``
``marks``      ``;``-separated mark ids (``"nrto;vv-accredited"``)         ``category`` or ``str``
``exempt``     exemption flag (SPEC §9)                                    ``bool``
``person.X``   person attribute ``X`` (same on every row of a person)      any of the below
other ``X``    achievement attribute ``attrs.X``                           ``bool``, numeric,
                                                                           ``datetime64``, ``str``
=============  ==========================================================  =====================

Column names follow the CSV header's rules (SPEC §11): they are trimmed, and
the fixed names, declared attribute names and the ``person.`` prefix match
without regard to case; two names equal but for case are an error. Missing
cells (NaN, None, NaT, ``pd.NA``) and empty strings are absent, as an empty CSV
cell is. Every value is read by the engine's own rules, the command line's:

- a ``str`` date is ``YYYY-MM-DD`` or day-first ``D-M-YYYY``; ``str`` hours take a
  decimal point or comma; ``exempt`` takes ``true``/``false``, ``ja``/``nee``,
  ``waar``/``onwaar``, ``yes``/``no``, ``1``/``0`` (any case). Anything else, or
  negative or infinite hours, is an :class:`civeff.InputError` naming the row.
- A declared attribute's cells are converted to its type (SPEC §11: bool
  spellings, 1/0, decimal comma, day-first dates, ``values``/``min``/``max``);
  one that does not convert is left out with warning W010 naming the row label
  (:class:`civeff.InputWarning`, the first 20, then a count). A column the
  ruleset does not declare, where it declares that section, is W011 and ignored.
  ``strict=True`` makes every W010 and W011 an :class:`civeff.InputError`.
- An undeclared attribute's ``str`` cells are typed as the CLI types CSV cells
  (``true``/``false``, numbers, ``YYYY-MM-DD`` dates, else text; an impossible
  ``YYYY-MM-DD`` day is an error), by the very same C++ function.

Ids (``person``, ``unit``, marks) are used as they are, not trimmed; ids written
as integers (a ``unit`` column that pandas read as ``int64``) are their digits.
:func:`read_population` reads a CSV file with the engine's own reader, so it and
``civeff batch`` give the same rows, results, warnings and errors.

Nothing here loops over rows in Python. Columns the engine reads as they are
(a Categorical's codes and Arrow-backed categories, ``float64`` numbers,
``bool`` flags) are lent to C++ without a copy; ``datetime64`` dates, narrower
codes and flags are converted in C++ with the GIL released, a column per thread.
Other columns are first factorized (``pd.factorize``) and only their distinct
values are typed, in C++, which is why ``category`` is the fastest input for
text and ``str`` the slowest.
"""

from __future__ import annotations

import importlib
import math
import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
import pandas as pd

from . import _core
from ._ruleset import DateLike, _as_of, _bool_arg, _threads
from .errors import SHOWN_WARNINGS, Diagnostic, EvaluationError, InputError, _issue, _stacklevel

if TYPE_CHECKING:
    from ._ruleset import Ruleset

__all__ = [
    "STATUS_CATEGORIES",
    "EvaluationWarning",
    "credits_frame",
    "evaluate_frame",
    "levels_frame",
    "population",
    "read_population",
]

#: The categories of the ``status`` column, in order (an ordered Categorical).
STATUS_CATEGORIES = ("none", "partial", "complete")
STATUS_DTYPE = pd.CategoricalDtype(list(STATUS_CATEGORIES), ordered=True)

RESULT_COLUMNS = ("person", "diploma", "status", "progress", "missing")

Errors = Literal["raise", "warn", "ignore"]
_Result = TypeVar("_Result")

# Text output columns: pandas' default string dtype ("str" from pandas 3 on, NaN
# for missing), else object.
_STR: Any = "str" if int(pd.__version__.split(".")[0]) >= 3 else object

# attribute_column::cell in civeff.hpp
_ABSENT, _BOOLEAN, _NUMBER, _TEXT, _DATE = 0, 1, 2, 3, 4
_FRAME = "<DataFrame>"


class EvaluationWarning(UserWarning):
    """Issued by ``errors="warn"`` when some persons could not be evaluated."""


def read_population(
    path: str | os.PathLike[str],
    ruleset: Ruleset | None = None,
    encoding: str = "utf-8",
    strict: bool = False,
) -> pd.DataFrame:
    """Read a population CSV with the engine's reader, as ``civeff batch`` reads it.

    The dialect (``,``/``;``/TAB, BOM, CRLF), header rules, ``encoding`` (``utf-8``,
    ``cp1252``, ``latin-1``) and, with ``ruleset``, the conversion of its declared
    attributes, W010/W011/W013 and ``strict`` are SPEC §11's. Warnings are issued as
    :class:`civeff.InputWarning` (the CLI's lines: the first 20, then a count);
    errors raise :class:`civeff.InputError` with the CLI's diagnostics. Passed to
    :meth:`Ruleset.evaluate_frame`, the frame gives ``civeff batch``'s result.

    Columns, in this order, with a RangeIndex in file order:

    - ``person``, ``unit``, ``title``, ``marks``: Categorical of text (NaN: empty);
      ``person``'s categories are sorted. ``date``: ``datetime64[s]``.
      ``hours``: ``float64`` (NaN: the unit's hours). ``exempt`` (only when the
      file has it): ``bool``.
    - each attribute column, ``person.NAME`` for a person attribute; an undeclared
      column keeps its name as written, a W011 column is left out. A declared
      attribute has its type's dtype: ``boolean`` (nullable), ``float64`` (NaN
      absent), ``datetime64[s]`` (NaT), or Categorical of text. An undeclared one
      keeps each cell's SPEC §3 type: one of those dtypes when its cells have one
      type, else ``object`` holding ``bool``, ``float``, ``str`` and
      ``pandas.Timestamp`` (None absent).
    """
    rules = None if ruleset is None else ruleset._impl
    out = _core.read_population(path, rules, encoding, _bool_arg(strict, "strict"))
    columns: dict[str, Any] = {
        "person": _categorical(*out["person"]),
        "unit": _categorical(*out["unit"]),
        "title": _categorical(*out["title"]),
        "date": _days(np.asarray(out["days"], dtype=np.int64)),
        "hours": np.asarray(out["hours"], dtype=np.float64),
        "marks": _categorical(*out["marks"]),
    }
    if out["exempt"] is not None:
        columns["exempt"] = np.asarray(out["exempt"]).astype(bool)
    for name, person_level, declared, kinds, numbers, texts in out["attributes"]:
        columns[("person." if person_level else "") + name] = _cells_column(kinds, numbers, texts, declared)
    df: pd.DataFrame = pd.DataFrame(columns, index=pd.RangeIndex(out["rows"]))
    shown, total = out["warnings"]
    _issue(shown, total, os.fspath(path))
    return df


def _categorical(codes: np.ndarray, categories: Sequence[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(
        _codes(np.asarray(codes), len(categories)), categories=_text_index(categories), validate=False
    )


def _days(days: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
    """Day counts as ``datetime64[s]`` (NaT where ``missing``): seconds reach every day the engine has."""
    out = days.astype("datetime64[D]").astype("datetime64[s]")
    if missing is not None:
        out[missing] = np.datetime64("NaT")
    return out


def _cells_column(
    kinds: np.ndarray, numbers: np.ndarray, texts: tuple[np.ndarray, Sequence[str]], declared: str | None
) -> Any:
    """An attribute column of the engine's population as a pandas column (see read_population)."""
    kinds = np.asarray(kinds)
    present = set(np.unique(kinds).tolist()) - {_ABSENT}
    by_type = {"bool": _BOOLEAN, "number": _NUMBER, "date": _DATE, "text": _TEXT}
    kind = by_type[declared] if declared is not None else present.pop() if len(present) == 1 else None
    if kind is None and not present:
        kind = _NUMBER  # no value at all: NaN, as pandas reads an empty column
    if kind == _BOOLEAN:
        return pd.arrays.BooleanArray(np.asarray(numbers) != 0, kinds != _BOOLEAN)
    if kind == _NUMBER:
        return np.where(kinds == _NUMBER, numbers, np.nan)
    if kind == _DATE:
        return _days(np.where(kinds == _DATE, numbers, 0).astype(np.int64), kinds != _DATE)
    codes, categories = texts
    if kind == _TEXT:
        return _categorical(np.where(kinds == _TEXT, codes, -1), categories)
    # Cells of several types: each as the Python value it is.
    out = np.full(len(kinds), None, dtype=object)
    out[kinds == _BOOLEAN] = np.asarray(numbers)[kinds == _BOOLEAN] != 0
    out[kinds == _NUMBER] = np.asarray(numbers, dtype=np.float64)[kinds == _NUMBER]
    dates = kinds == _DATE
    out[dates] = list(pd.DatetimeIndex(_days(np.asarray(numbers)[dates].astype(np.int64))))
    text = kinds == _TEXT
    out[text] = np.asarray(list(categories), dtype=object)[np.asarray(codes)[text]] if text.any() else []
    return out


# ---------------------------------------------------------------- input columns


def _input_error(message: str, code: str = "E044") -> InputError:
    d = Diagnostic(_FRAME, 0, 0, code, message)
    return InputError(str(d), [d])


def _label(df_index: pd.Index, position: int) -> str:
    """``row LABEL`` for the row at ``position``, its index label as Python writes it."""
    label = df_index[position]
    if isinstance(label, np.generic):
        label = label.item()
    return f"row {label!r}"


def _row_label(df_index: pd.Index, codes: np.ndarray, code: int) -> str:
    return _label(df_index, int(np.flatnonzero(codes == code)[0]))


def _factorize(s: pd.Series) -> tuple[np.ndarray, Any]:
    """Codes (any signed int dtype, -1 for a missing cell) and the distinct values
    (a pandas Index or an object array), without a Python loop over rows."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), s.cat.categories
    try:
        if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in ("mixed", "mixed-integer"):
            return _factorize_mixed(s)
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    except TypeError:
        # Unhashable cells (lists): only the marks column may hold them, as lists of ids.
        if s.name != "marks":
            raise _input_error(f"column {s.name!r}: cells must be scalars") from None
        s = s.map(lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    return np.asarray(codes), uniques


def _factorize_mixed(s: pd.Series) -> tuple[np.ndarray, Any]:
    """pd.factorize merges True with 1 and False with 0 (they hash alike); a bool is
    no number here (SPEC §3), so bools are factorized apart."""
    values = s.to_numpy()
    is_bool = np.fromiter((isinstance(v, (bool, np.bool_)) for v in values), dtype=bool, count=len(values))
    if not is_bool.any():
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return np.asarray(codes), uniques
    bool_codes, bools = pd.factorize(values[is_bool], use_na_sentinel=True)
    other_codes, others = pd.factorize(values[~is_bool], use_na_sentinel=True)
    codes = np.empty(len(values), dtype=np.int64)
    codes[is_bool] = bool_codes
    codes[~is_bool] = np.where(other_codes >= 0, other_codes + len(bools), -1)
    return codes, np.concatenate([np.asarray(bools, dtype=object), np.asarray(others, dtype=object)])


def _arrow_strings(values: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """An Arrow-backed text Index as its (offsets, data) buffers, lent without a copy."""
    dtype = getattr(values, "dtype", None)
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return None
    pa: Any = importlib.import_module("pyarrow")  # present: pandas keeps these strings in it

    array = pa.array(values)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.null_count or not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return None
    _, offsets, data = array.buffers()
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    starts = np.frombuffer(offsets, dtype=width)[array.offset : array.offset + len(array) + 1]
    chars = np.frombuffer(data, dtype=np.uint8) if data is not None and data.size else np.zeros(1, np.uint8)
    return starts, chars


def _objects(values: Any) -> np.ndarray:
    """Distinct values as an object array (each a Python or numpy scalar)."""
    if isinstance(values, pd.Index):
        return values.to_numpy(dtype=object)
    return np.asarray(values, dtype=object)


def _lend_text(values: Any) -> Any | None:
    """Distinct values that are all text, in a form C++ reads in place (Arrow
    buffers or an object array of str); None when some value is not text."""
    arrow = _arrow_strings(values)
    if arrow is not None:
        return arrow
    objects = _objects(values)
    if len(objects) == 0 or pd.api.types.infer_dtype(objects, skipna=False) == "string":
        return objects
    return None


def _as_text(value: Any, column: str) -> str:
    """A distinct value of an id or text column as text ('' is absent)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        x = float(value)
        if math.isnan(x):
            return ""
        return str(int(x)) if x.is_integer() else repr(x)
    raise _input_error(f"column {column!r}: expected text, got {type(value).__name__} {value!r}")


def _remap(codes: np.ndarray, remap: np.ndarray) -> np.ndarray:
    if len(remap) == 0:
        return np.full(len(codes), -1, dtype=np.int32)
    return np.where(codes >= 0, remap[np.maximum(codes, 0)], -1).astype(np.int32, copy=False)


TextColumn = tuple[np.ndarray, Any]


def _text_column(s: pd.Series, column: str) -> tuple[TextColumn, Any]:
    """``(codes, categories)`` as _core reads a text column, and the distinct values
    as text (indexable by code). An empty string is an empty cell, in the engine too."""
    codes, values = _factorize(s)
    lent = _lend_text(values)
    if lent is not None:
        return (codes, lent), values
    # Values that are not all text (ids read as numbers, mixed cells): each
    # distinct value as text, merging values that read the same (1 and "1").
    index: dict[str, int] = {}
    categories: list[str] = []
    remap = np.empty(len(values), dtype=np.int32)
    for i, value in enumerate(list(values)):
        text = _as_text(value, column)
        if text == "":
            remap[i] = -1
            continue
        code = index.get(text)
        if code is None:
            code = index[text] = len(categories)
            categories.append(text)
        remap[i] = code
    return (_remap(codes, remap), categories), categories


def _datetime_ticks(s: pd.Series) -> tuple[np.ndarray, int]:
    """A datetime64 column as its int64 ticks (NaT the smallest int64) and ticks per day."""
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)  # the local calendar day
    values = s.to_numpy()
    if values.dtype.kind != "M":
        values = s.to_numpy(dtype="datetime64[ns]")
    # One day after the epoch in the column's own unit: its ticks per day (0 for
    # units coarser than a day, which are converted to days).
    per_day = int(np.datetime64(1, "D").astype(values.dtype).astype(np.int64))
    whole = per_day >= 1 and bool(
        np.array(per_day, dtype=np.int64).view(values.dtype) == np.datetime64(1, "D")
    )
    if not whole:
        values, per_day = values.astype("datetime64[D]"), 1
    return values.view(np.int64), int(per_day)


def _float64(s: pd.Series) -> np.ndarray:
    """A numeric column as float64 with NaN for missing; a float64 column is lent as it is."""
    if s.dtype == np.float64:
        return s.to_numpy()
    return s.to_numpy(dtype=np.float64, na_value=np.nan)


def _is_number_dtype(dtype: Any) -> bool:
    return (
        pd.api.types.is_numeric_dtype(dtype)
        and not pd.api.types.is_bool_dtype(dtype)
        and not pd.api.types.is_complex_dtype(dtype)
    )


@dataclass
class _Findings:
    """What reading one DataFrame found besides its columns: errors (raised once all
    columns are read) and W010/W011 (issued, or under strict raised)."""

    index: pd.Index
    strict: bool
    errors: list[Diagnostic] = field(default_factory=list)
    undeclared: list[Diagnostic] = field(default_factory=list)  # W011, in column order
    # W010 per column: (column position, row positions in order, message per position).
    conversions: list[tuple[int, np.ndarray, np.ndarray]] = field(default_factory=list)

    def error(self, message: str, code: str = "E044") -> None:
        self.errors.append(Diagnostic(_FRAME, 0, 0, code, message))

    def raise_errors(self) -> None:
        if self.errors:
            raise InputError("\n".join(str(d) for d in self.errors), self.errors)

    def warning(self, position: int, message: str) -> Diagnostic:
        return Diagnostic(_FRAME, 0, 0, "W010", f"{_label(self.index, position)}: {message}", "warning")

    def warnings(self, limit: int | None) -> tuple[list[Diagnostic], int]:
        """W011 first (they are about the header), then W010 by row and column; the first `limit`."""
        total = len(self.undeclared) + sum(len(rows) for _, rows, _ in self.conversions)
        cells = [
            (int(row), column, str(message))
            for column, rows, messages in self.conversions
            for row, message in zip(rows[:limit], messages[:limit], strict=True)
        ]
        cells.sort(key=lambda c: (c[0], c[1]))
        shown = [*self.undeclared, *(self.warning(row, message) for row, _, message in cells)]
        return (shown if limit is None else shown[:limit]), total

    def finish(self) -> tuple[list[Diagnostic], int]:
        """The warnings to issue; under strict, an InputError listing every W010 and W011."""
        self.raise_errors()
        if not self.strict:
            return self.warnings(SHOWN_WARNINGS)
        every, total = self.warnings(None)
        if total:
            as_errors = [Diagnostic(d.file, d.line, d.column, d.code, d.message) for d in every]
            raise InputError("\n".join(str(d) for d in as_errors), as_errors)
        return [], 0


Converted = tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]


def _convert(
    s: pd.Series,
    role: str,
    found: _Findings,
    column: str,
    position: int = 0,
    rules: _core.Ruleset | None = None,
    name: str = "",
    person_level: bool = False,
) -> tuple[np.ndarray, Converted]:
    """A column's distinct values typed in C++ (``_core.convert_values``): the row codes
    and, per distinct value, (kinds, numbers, text index, texts). Problems go to `found`:
    errors at the first row with that value, W010 at every row with it."""
    codes, uniques = _factorize(s)
    values = _arrow_strings(uniques)
    kinds, numbers, text_index, texts, problems = _core.convert_values(
        values if values is not None else _objects(uniques), role, rules, column, name, person_level
    )
    if problems:
        warned = np.zeros(len(kinds) + 1, dtype=bool)  # the last: missing cells (code -1)
        messages = np.empty(len(kinds) + 1, dtype=object)
        for index, message, is_error in problems:
            if is_error:
                found.error(f"{_row_label(found.index, codes, index)}: {message}")
            else:
                warned[index], messages[index] = True, message
        rows = np.flatnonzero(warned[codes])
        if len(rows):
            found.conversions.append((position, rows, messages[codes[rows]]))
    return codes, (kinds, numbers, text_index, texts)


def _spread(codes: np.ndarray, table: np.ndarray, missing: Any) -> np.ndarray:
    """table[codes] with `missing` where the code is -1."""
    out = np.full(len(codes), missing, dtype=table.dtype)
    present = codes >= 0
    out[present] = table[codes[present]]
    return out


def _date_column(s: pd.Series, found: _Findings) -> tuple[np.ndarray, int]:
    """(ticks, ticks per day) for _core: datetime64 lent, other dates typed per distinct value."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return _datetime_ticks(s)
    codes, (_, numbers, _, _) = _convert(s, "date", found, "date")
    if (codes < 0).any():
        found.error(f"{_row_label(found.index, codes, -1)}: the date is missing")
    return _spread(codes, numbers, 0).astype(np.int64), 1


def _hours_column(s: pd.Series, found: _Findings) -> np.ndarray:
    """float64 hours, NaN for the unit's; a numeric column is lent (C++ checks it is >= 0)."""
    if _is_number_dtype(s.dtype):
        return _float64(s)
    codes, (kinds, numbers, _, _) = _convert(s, "hours", found, "hours")
    return _spread(codes, np.where(kinds == _NUMBER, numbers, np.nan), np.nan)


def _exempt_column(s: pd.Series, found: _Findings) -> np.ndarray:
    if s.dtype == np.bool_:
        return s.to_numpy().view(np.uint8)
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=np.uint8, na_value=0)
    codes, (kinds, numbers, _, _) = _convert(s, "exempt", found, "exempt")
    return _spread(codes, ((kinds == _BOOLEAN) & (numbers != 0)).astype(np.uint8), 0)


AttributeColumn = tuple[str, bool, str, Any]


@dataclass(frozen=True)
class _Attribute:
    """An attribute column of the DataFrame: where it is and what it is."""

    position: int
    column: str  # as the DataFrame names it
    name: str  # the attribute's name (declared: as declared)
    person_level: bool
    declared: tuple[str, float | None, float | None] | None  # (type, min, max)


def _attribute_column(
    s: pd.Series, a: _Attribute, found: _Findings, rules: _core.Ruleset | None
) -> AttributeColumn:
    """(name, person_level, kind, values) as _core reads an attribute column:
    ``boolean``, ``number`` and ``date`` columns whose dtype is their type go to C++
    whole; other columns are typed per distinct value in C++ (``cells``)."""
    dtype = s.dtype
    declared = a.declared[0] if a.declared is not None else None
    if dtype == np.bool_ and declared in (None, "bool"):
        return (a.name, a.person_level, "boolean", s.to_numpy().view(np.uint8))
    if pd.api.types.is_bool_dtype(dtype) and declared in (None, "bool"):  # nullable: missing cells are absent
        missing = s.isna().to_numpy()
        kinds = np.where(missing, _ABSENT, _BOOLEAN).astype(np.uint8)
        numbers = s.to_numpy(dtype=np.float64, na_value=0.0)
        return (a.name, a.person_level, "cells", (kinds, numbers, np.full(len(s), -1, dtype=np.int32), []))
    if _is_number_dtype(dtype) and declared in (None, "number"):
        numbers = _float64(s)
        if a.declared is not None:
            numbers = _number_bounds(s, numbers, a, found, rules)
        return (a.name, a.person_level, "number", numbers)
    if pd.api.types.is_datetime64_any_dtype(dtype) and declared in (None, "date"):
        return (a.name, a.person_level, "date", _datetime_ticks(s))
    codes, (u_kinds, u_numbers, u_text, texts) = _convert(
        s, "attribute", found, a.column, a.position, rules if a.declared else None, a.name, a.person_level
    )
    return (
        a.name,
        a.person_level,
        "cells",
        (
            _spread(codes, u_kinds, _ABSENT),
            _spread(codes, u_numbers, 0.0),
            _spread(codes, u_text, -1),
            texts,
        ),
    )


def _number_bounds(
    s: pd.Series, numbers: np.ndarray, a: _Attribute, found: _Findings, rules: _core.Ruleset | None
) -> np.ndarray:
    """A declared number attribute's numbers: a value that is not finite or is outside
    ``min``/``max`` is left out with W010 (vectorized; only then is the column copied)."""
    assert a.declared is not None
    _, low, high = a.declared
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(numbers) & ~np.isfinite(numbers)
        if low is not None:
            bad |= numbers < low
        if high is not None:
            bad |= numbers > high
    if not bad.any():
        return numbers
    # The messages are the engine's: its conversion of each distinct bad value.
    _convert(s.where(bad), "attribute", found, a.column, a.position, rules, a.name, a.person_level)
    out: np.ndarray = numbers.copy()
    out[bad] = np.nan
    return out


def _check_marks(
    codes: np.ndarray, categories: Any, known: set[str], index: pd.Index, persons: pd.Series
) -> None:
    """Name the first row of an unknown mark (the engine only knows the id)."""
    for i, text in enumerate(list(categories)):
        for mark in text.split(";"):
            mark = mark.strip(" \t")
            if mark and mark not in known:
                position = int(np.flatnonzero(codes == i)[0])
                raise _input_error(
                    f"{_label(index, position)} (person {persons.iloc[position]!r}): unknown mark {mark!r}",
                    "E042",
                )


@dataclass(frozen=True)
class _Input:
    """A DataFrame as the engine reads it, and how to give its persons back."""

    population: _core.Population
    # The input's person dtype when it is a Categorical of text: the output's
    # person column reuses it (codes into the same categories, nothing rebuilt).
    person_dtype: pd.CategoricalDtype | None
    # Otherwise the distinct persons as text, indexable by the engine's person codes.
    person_values: Any
    # W010/W011 of reading it, not yet issued.
    warnings: list[Diagnostic]
    warning_count: int


def _declarations(ruleset: Ruleset | None) -> dict[tuple[str, bool], tuple[str, float | None, float | None]]:
    if ruleset is None:
        return {}
    out = {}
    for person in (False, True):
        for name, type_, low, high in ruleset._impl.declared_attributes(person) or []:
            out[(name, person)] = (type_, low, high)
    return out


def _build(
    df: pd.DataFrame,
    ruleset: Ruleset | None,
    threads: int = 0,
    strict: bool = False,
    known_marks: set[str] | None = None,
) -> _Input:
    """``df`` as the engine's population under ``ruleset``'s declarations. A mark outside
    ``known_marks`` (default: the ruleset's) is E042 naming its row."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    strict = _bool_arg(strict, "strict")
    rules = None if ruleset is None else ruleset._impl
    n = len(df)
    found = _Findings(df.index, strict)
    roles, findings = _core.frame_columns(list(df.columns), rules)
    for _, code, message, is_error in findings:
        if is_error:
            found.error(message, code)
        else:
            found.undeclared.append(Diagnostic(_FRAME, 0, 0, code, message, "warning"))
    found.raise_errors()
    fixed = {role: i for i, (role, _, _, _) in enumerate(roles) if role not in ("attribute", "ignored")}
    for required in ("person", "date"):
        if required not in fixed and n > 0:
            raise _input_error(f"the population has no {required!r} column", "E041")

    def column(position: int) -> pd.Series:
        s: pd.Series = df.iloc[:, position]
        return s

    person_dtype = None
    if "person" in fixed:
        person_series = column(fixed["person"])
        person, person_values = _text_column(person_series, "person")
        dtype = person_series.dtype
        if isinstance(dtype, pd.CategoricalDtype) and person_values is dtype.categories:
            person_dtype = dtype
    else:
        person, person_values = (np.empty(0, dtype=np.int32), []), []
    dates = (
        _date_column(column(fixed["date"]), found) if "date" in fixed else (np.empty(0, dtype=np.int64), 1)
    )

    kwargs: dict[str, Any] = {}
    for name in ("unit", "title", "marks"):
        if name in fixed:
            kwargs[name], values = _text_column(column(fixed[name]), name)
            if name == "marks" and ruleset is not None and "person" in fixed:
                known = set(ruleset.marks) if known_marks is None else known_marks
                _check_marks(kwargs[name][0], values, known, df.index, column(fixed["person"]))
    if "hours" in fixed:
        kwargs["hours"] = _hours_column(column(fixed["hours"]), found)
    if "exempt" in fixed:
        kwargs["exempt"] = _exempt_column(column(fixed["exempt"]), found)

    declarations = _declarations(ruleset)
    attributes = []
    for position, (role, name, person_level, declared) in enumerate(roles):
        if role != "attribute":
            continue
        a = _Attribute(
            position,
            str(df.columns[position]),
            name,
            person_level,
            declarations.get((name, person_level)) if declared else None,
        )
        attributes.append(_attribute_column(column(position), a, found, rules))
    shown, total = found.finish()
    pop = _core.Population(n, person, dates, attributes=attributes, threads=threads, **kwargs)
    if pop.problem is not None:
        row, message = pop.problem
        raise _input_error(f"{_label(df.index, row)}: {message}")
    return _Input(pop, person_dtype, person_values, shown, total)


def population(df: pd.DataFrame, ruleset: Ruleset | None = None, strict: bool = False) -> _core.Population:
    """Build the engine's columnar population from a long-form DataFrame (see the module doc).

    With ``ruleset``, mark ids are checked first so an unknown one names its row, and
    declared attributes are converted (W010/W011 are issued as :class:`civeff.InputWarning`).
    The population reads ``df``'s arrays in place: do not change them while it is used.
    """
    source = _build(df, ruleset, strict=strict)
    _issue(source.warnings, source.warning_count, _FRAME)
    return source.population


# ---------------------------------------------------------------- outputs


def _handle_errors(diagnostics: Sequence[Diagnostic], errors: Errors, result: _Result) -> _Result:
    if errors not in ("raise", "warn", "ignore"):
        raise ValueError(f"errors: expected 'raise', 'warn' or 'ignore', got {errors!r}")
    if not diagnostics:
        return result
    text = "\n".join(str(d) for d in diagnostics)
    if errors == "raise":
        error = EvaluationError(f"{len(diagnostics)} person(s) could not be evaluated:\n{text}", diagnostics)
        error.result = result
        raise error
    if errors == "warn":
        warnings.warn(
            f"{len(diagnostics)} person(s) could not be evaluated:\n{text}",
            EvaluationWarning,
            stacklevel=_stacklevel(),
        )
    return result


def _strings(categories: Sequence[str], codes: np.ndarray) -> np.ndarray:
    """categories[codes] as an object array (None for -1), without a per-row Python loop."""
    table = np.empty(len(categories) + 1, dtype=object)
    table[: len(categories)] = categories
    table[len(categories)] = None
    return table[codes] if len(codes) else np.empty(0, dtype=object)


def _codes(values: np.ndarray, categories: int) -> np.ndarray:
    """Codes in the width pandas keeps for that many categories, so it need not convert them."""
    width = np.int8 if categories < 127 else np.int16 if categories < 32767 else np.int32
    return values.astype(width, copy=False)


def _text_index(values: Any) -> pd.Index:
    if isinstance(values, pd.Index):
        text: pd.Index = values.astype(_STR, copy=False)
        return text
    index: pd.Index = pd.Index(values, dtype=_STR)
    return index


def _person_column(out: dict[str, Any], source: _Input | None, per_person: int) -> pd.Categorical:
    person_codes = np.asarray(out["person_codes"])
    if source is not None and source.person_dtype is not None:
        # The input's own dtype: a join back to the input needs no conversion.
        codes = np.repeat(_codes(person_codes, len(source.person_dtype.categories)), per_person)
        return pd.Categorical.from_codes(codes, dtype=source.person_dtype, validate=False)
    if source is not None:
        values = source.person_values
        taken = (
            values.take(person_codes)
            if isinstance(values, pd.Index)
            else np.asarray(values, dtype=object)[person_codes]
        )
        categories = _text_index(taken)
    else:
        categories = _text_index(out.get("persons", []))
    codes = np.repeat(_codes(np.arange(len(categories)), len(categories)), per_person)
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)


def _result_frame(out: dict[str, Any], source: _Input | None = None) -> pd.DataFrame:
    """The frame of one batch run. ``source`` gives the persons back as the input
    had them; without it (a population read from CSV) ``out`` must hold ``persons``."""
    diplomas = out["diplomas"]  # sorted by the engine, as its rows are
    n_persons, n_diplomas = len(out["person_codes"]), len(diplomas)
    missing_codes = np.asarray(out["missing_codes"])
    # Text columns are categoricals built from codes: a million people make
    # millions of rows but only a few distinct diplomas and missing-leaf lists,
    # so no Python string is made per row.
    missing_categories = list(out["missing_categories"])
    if (missing_codes < 0).any():  # '' when nothing is missing
        missing_codes = np.where(missing_codes < 0, len(missing_categories), missing_codes)
        missing_categories.append("")
    result: pd.DataFrame = pd.DataFrame(
        {
            "person": _person_column(out, source, n_diplomas),
            "diploma": pd.Categorical.from_codes(
                np.tile(_codes(np.arange(n_diplomas), n_diplomas), n_persons),
                categories=_text_index(diplomas),
                validate=False,
            ),
            "status": pd.Categorical.from_codes(
                np.asarray(out["status"]).view(np.int8), dtype=STATUS_DTYPE, validate=False
            ),
            "progress": np.asarray(out["progress"], dtype=np.float64),
            "missing": pd.Categorical.from_codes(
                _codes(missing_codes, len(missing_categories)),
                categories=_text_index(missing_categories),
                validate=False,
            ),
        },
        copy=False,
    )
    return result


def as_text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ``person``, ``diploma`` and ``missing`` categoricals as text columns."""
    text: pd.DataFrame = frame.astype({"person": _STR, "diploma": _STR, "missing": _STR})
    return text


def empty_result() -> pd.DataFrame:
    """An evaluate_frame result with no rows (the columns and dtypes; Dask's ``meta``)."""
    return _result_frame(
        {
            "persons": [],
            "person_codes": np.empty(0, np.int32),
            "diplomas": [],
            "status": np.empty(0, np.uint8),
            "progress": np.empty(0),
            "missing_codes": np.empty(0, np.int32),
            "missing_categories": [],
        }
    )


def _run(
    ruleset: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None,
    threads: int | None,
    strict: bool,
    engine_call: Callable[[_core.Ruleset, _core.Population, DateLike, int], dict[str, Any]],
) -> tuple[_Input, dict[str, Any]]:
    """``df`` built into the engine's population and handed to one of ``_core.Ruleset``'s
    population calls, both on ``threads`` threads. The warnings of reading ``df`` are
    in the returned input, not yet issued. Ctrl-C stops the call (KeyboardInterrupt)."""
    n = _threads(threads)
    source = _build(df, ruleset, n, strict)
    return source, engine_call(ruleset._impl, source.population, _as_of(as_of), n)


def _evaluate(
    ruleset: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None,
    threads: int | None,
    errors: Errors,
    strict: bool,
) -> tuple[pd.DataFrame, _Input]:
    source, out = _run(ruleset, df, as_of, threads, strict, _core.Ruleset.batch)
    return _handle_errors(out["errors"], errors, _result_frame(out, source)), source


def evaluate_frame(
    ruleset: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None = None,
    threads: int | None = None,
    errors: Errors = "raise",
    strict: bool = False,
) -> pd.DataFrame:
    """Evaluate every person of a long-form population (``civeff batch`` on a DataFrame).

    Returns one row per person x diploma, sorted by person id then diploma,
    with columns ``person`` and ``diploma`` (Categorical of str), ``status``
    (ordered Categorical none < partial < complete), ``progress`` (float64, 4
    decimals) and ``missing`` (Categorical: the missing leaves ``;``-joined, ''
    when none), and a fresh RangeIndex. When ``df["person"]`` is a Categorical
    of text, the output's ``person`` has that very dtype (same categories, in
    your order, so joins back to ``df`` are free; persons without rows stay
    unused categories); otherwise its categories are the persons' ids, sorted.
    Categoricals keep a million-person result small and fast;
    ``civeff.frame.as_text_columns`` turns them into plain text.

    Cells are read as the module doc says: W010/W011 are issued as
    :class:`civeff.InputWarning`, or with ``strict=True`` raised as one
    :class:`civeff.InputError` listing all. Persons whose evaluation fails
    (division by zero) are left out; ``errors`` says whether that raises
    :class:`civeff.EvaluationError` (with the frame of everyone else in
    ``.result``), warns, or is ignored. Ctrl-C stops the run within about a
    tenth of a second (KeyboardInterrupt).
    """
    result, source = _evaluate(ruleset, df, as_of, threads, errors, strict)
    _issue(source.warnings, source.warning_count, _FRAME)
    return result


def levels_frame(
    ruleset: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None = None,
    threads: int | None = None,
    errors: Errors = "raise",
    strict: bool = False,
    ordered: bool = False,
) -> pd.DataFrame:
    """Per achievement: ``known``, ``counted`` and the level on each scale (SPEC §5.1).

    The result has ``df``'s index, row for row, so ``df.join(levels)`` works.
    A scale column is missing (None/NaN) for a null level and for an achievement
    that is not counted (dated after ``as_of``). Cells, warnings and ``strict`` as
    for :func:`evaluate_frame`.

    The scale columns are text; with ``ordered=True`` each is an ordered
    Categorical whose categories are all the scale's levels, low to high, so
    ``levels["civil_effect"] >= "sector"`` compares by rank (missing compares
    false) and ``value_counts()`` lists every level.
    """
    _bool_arg(ordered, "ordered")
    source, out = _run(ruleset, df, as_of, threads, strict, _core.Ruleset.levels)
    result: pd.DataFrame = pd.DataFrame(
        {"known": out["known"].astype(bool), "counted": out["counted"].astype(bool)}, index=df.index
    )
    scale_levels = _scale_levels(ruleset) if ordered else {}
    for scale, codes, categories in out["scales"]:
        if ordered:
            result[scale] = _ordered_levels(np.asarray(codes), categories, scale_levels[scale])
            continue
        result[scale] = _strings(categories, codes)
        result[scale] = result[scale].astype(_STR)
    result = _handle_errors(out["errors"], errors, result)
    _issue(source.warnings, source.warning_count, _FRAME)
    return result


def _scale_levels(ruleset: Ruleset) -> dict[str, list[str]]:
    """Each scale's levels, low to high."""
    scales = ruleset._impl.scales_table()
    return dict(zip(scales.get("id", []), scales.get("levels", []), strict=True))


def _ordered_levels(codes: np.ndarray, categories: Sequence[str], levels: list[str]) -> pd.Categorical:
    """Level names given as codes into ``categories``, as an ordered Categorical of the
    scale's ``levels`` (low to high), without a per-row Python loop."""
    rank = {level: i for i, level in enumerate(levels)}
    remap = np.array([rank[c] for c in categories], dtype=np.int32)
    dtype = pd.CategoricalDtype(_text_index(levels), ordered=True)
    return pd.Categorical.from_codes(_codes(_remap(codes, remap), len(levels)), dtype=dtype, validate=False)


def credits_frame(
    ruleset: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None = None,
    threads: int | None = None,
    errors: Errors = "raise",
    strict: bool = False,
) -> pd.DataFrame:
    """Per person, each credited unit: ``person, unit, date, via`` (SPEC §5.3), sorted by person then unit.

    ``via`` is ``"achievement"``, ``"exemption"`` or the equivalence id; ``date``
    is datetime64. Only credits that count at ``as_of`` appear (lapsed ones do not).
    Cells, warnings and ``strict`` as for :func:`evaluate_frame`.
    """
    source, out = _run(ruleset, df, as_of, threads, strict, _core.Ruleset.credits)
    days = np.asarray(out["days"], dtype=np.int64).astype("datetime64[D]").astype("datetime64[s]")
    result: pd.DataFrame = pd.DataFrame(
        {
            "person": pd.Series(_strings(out["person_categories"], out["person_codes"]), dtype=_STR),
            "unit": pd.Series(_strings(out["unit_categories"], out["unit_codes"]), dtype=_STR),
            "date": pd.Series(days),
            "via": pd.Series(_strings(out["via_categories"], out["via_codes"]), dtype=_STR),
        }
    )
    result = _handle_errors(out["errors"], errors, result)
    _issue(source.warnings, source.warning_count, _FRAME)
    return result
