# SPDX-License-Identifier: Apache-2.0
"""Whole populations as pandas DataFrames.

Input: a long-form DataFrame, one achievement a row (SPEC §3, §9):

=============  ==========================================================  =====================
column         meaning                                                     recommended dtype
=============  ==========================================================  =====================
``person``     person id (required)                                        ``category`` or ``str``
``date``       achievement date (required)                                 ``datetime64`` or ``str``
``unit``       unit id; missing = an unlisted course                       ``category`` or ``str``
``title``      free text                                                   ``category`` or ``str``
``hours``      hours; missing = the unit's declared hours                  ``float64``
``marks``      ``;``-separated mark ids (``"nrto;vv-accredited"``)         ``category`` or ``str``
``exempt``     exemption flag (SPEC §9)                                    ``bool``
``person.X``   person attribute ``X`` (same on every row of a person)      any of the below
other ``X``    achievement attribute ``attrs.X``                           ``bool``, numeric,
                                                                           ``datetime64``, ``str``
=============  ==========================================================  =====================

Missing cells (NaN, None, NaT, ``pd.NA``) and empty strings are absent, as an
empty CSV cell is. String cells of attribute columns are typed as the CLI types
CSV cells: ``true``/``false`` are booleans, numbers are numbers, ``YYYY-MM-DD``
is a date, anything else is text. Ids written as integers (a ``unit`` column that
pandas read as ``int64``) are used as their digits. So
``civeff.read_population(path)`` (``pd.read_csv`` with every column as text)
evaluates exactly as ``civeff batch`` does on the same file.

Nothing here loops over rows in Python. Columns the engine reads as they are
(a Categorical's codes and Arrow-backed categories, ``float64`` numbers,
``bool`` flags) are lent to C++ without a copy; ``datetime64`` dates, narrower
codes and flags are converted in C++ with the GIL released, a column per thread.
``str``/``object`` columns are first factorized (``pd.factorize``) and only their
distinct values are typed in Python, which is why ``category`` is the fastest
input for text and ``str`` the slowest.
"""

from __future__ import annotations

import importlib
import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from . import _core
from ._ruleset import DateLike, _as_of, _threads
from .errors import Diagnostic, EvaluationError, InputError

if TYPE_CHECKING:
    import os

    from ._ruleset import Ruleset

__all__ = [
    "STATUS_CATEGORIES",
    "EvaluationWarning",
    "credits_frame",
    "diff",
    "evaluate_frame",
    "levels_frame",
    "population",
    "read_population",
]

#: The categories of the ``status`` column, in order (an ordered Categorical).
STATUS_CATEGORIES = ("none", "partial", "complete")
STATUS_DTYPE = pd.CategoricalDtype(list(STATUS_CATEGORIES), ordered=True)

RESULT_COLUMNS = ("person", "diploma", "status", "progress", "missing")
DIFF_COLUMNS = ("person", "diploma", "status_before", "status_after", "progress_before", "progress_after")
CORE_COLUMNS = frozenset({"person", "unit", "title", "date", "hours", "marks", "exempt"})

Errors = Literal["raise", "warn", "ignore"]

# Text output columns: pandas' default string dtype ("str" from pandas 3 on, NaN
# for missing), else object.
_STR: Any = "str" if int(pd.__version__.split(".")[0]) >= 3 else object

# attribute_column::cell in civeff.hpp
_ABSENT, _BOOLEAN, _NUMBER, _TEXT, _DATE = 0, 1, 2, 3, 4
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class EvaluationWarning(UserWarning):
    """Issued by ``errors="warn"`` when some persons could not be evaluated."""


def read_population(path: str | os.PathLike[str], **kwargs: Any) -> pd.DataFrame:
    """Read a population CSV with every cell as text and empty cells as ''.

    Cells are then typed by :func:`evaluate_frame` exactly as ``civeff batch``
    types them. Extra keyword arguments go to :func:`pandas.read_csv`.
    """
    options: dict[str, Any] = {"dtype": str, "keep_default_na": False, "na_filter": False}
    options.update(kwargs)
    df: pd.DataFrame = pd.read_csv(path, **options)
    return df


# ---------------------------------------------------------------- input columns


def _input_error(message: str, code: str = "E044") -> InputError:
    d = Diagnostic("<DataFrame>", 0, 0, code, message)
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
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    except TypeError:
        # Unhashable cells (lists): only the marks column may hold them, as lists of ids.
        if s.name != "marks":
            raise _input_error(f"column {s.name!r}: cells must be scalars") from None
        s = s.map(lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    return np.asarray(codes), uniques


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


def _lend_text(values: Any) -> Any | None:
    """Distinct values that are all text, in a form C++ reads in place (Arrow
    buffers or an object array of str); None when some value is not text."""
    arrow = _arrow_strings(values)
    if arrow is not None:
        return arrow
    objects = (
        values.to_numpy(dtype=object) if isinstance(values, pd.Index) else np.asarray(values, dtype=object)
    )
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


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return isinstance(value, str) and value == ""


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


def _date_column(s: pd.Series, index: pd.Index) -> tuple[np.ndarray, int]:
    """(ticks, ticks per day) for _core; text and date objects are parsed per distinct value."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return _datetime_ticks(s)
    codes, uniques = _factorize(s)
    if (codes < 0).any():
        raise _input_error(f"{_row_label(index, codes, -1)}: the date is missing")
    table = np.empty(len(uniques), dtype=np.int64)
    for i, value in enumerate(list(uniques)):
        if _is_missing(value):
            raise _input_error(f"{_row_label(index, codes, i)}: the date is missing")
        try:
            table[i] = _core.to_day(value)
        except (InputError, TypeError) as e:
            raise _input_error(
                f"{_row_label(index, codes, i)}: bad date {value!r} (expected YYYY-MM-DD)"
            ) from e
    return (table[codes] if len(codes) else np.empty(0, dtype=np.int64)), 1


def _number(value: Any) -> float | None:
    """A distinct value as a number, NaN when missing, None when it is no number."""
    if _is_missing(value):
        return math.nan
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, str) and _NUMBER_RE.fullmatch(value):
        return float(value)
    return None


def _float64(s: pd.Series) -> np.ndarray:
    """A numeric column as float64 with NaN for missing; a float64 column is lent as it is."""
    if s.dtype == np.float64:
        return s.to_numpy()
    return s.to_numpy(dtype=np.float64, na_value=np.nan)


def _hours_column(s: pd.Series, index: pd.Index) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        return _float64(s)
    codes, uniques = _factorize(s)
    table = np.empty(len(uniques), dtype=np.float64)
    for i, value in enumerate(uniques):
        x = _number(value)
        if x is None:
            raise _input_error(f"{_row_label(index, codes, i)}: hours {value!r} is not a number")
        table[i] = x
    out = np.full(len(codes), np.nan)
    present = codes >= 0
    out[present] = table[codes[present]]
    return out


def _exempt_column(s: pd.Series, index: pd.Index) -> np.ndarray:
    if s.dtype == np.bool_:
        return s.to_numpy().view(np.uint8)
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=np.uint8, na_value=0)
    codes, uniques = _factorize(s)
    table = np.empty(len(uniques), dtype=np.uint8)
    for i, value in enumerate(uniques):
        if isinstance(value, (bool, np.bool_)):
            table[i] = 1 if value else 0
        elif _is_missing(value) or (isinstance(value, str) and value == "false"):
            table[i] = 0
        elif isinstance(value, str) and value == "true":
            table[i] = 1
        else:
            raise _input_error(f"{_row_label(index, codes, i)}: exempt is {value!r}, expected true or false")
    out = np.zeros(len(codes), dtype=np.uint8)
    present = codes >= 0
    out[present] = table[codes[present]]
    return out


def _typed(value: Any, column: str) -> tuple[int, float, str | None]:
    """A distinct attribute value as (cell kind, number, text), as the CLI types CSV cells."""
    if _is_missing(value):
        return _ABSENT, 0.0, None
    if isinstance(value, (bool, np.bool_)):
        return _BOOLEAN, 1.0 if value else 0.0, None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _NUMBER, float(value), None
    if isinstance(value, str):
        if value in ("true", "false"):
            return _BOOLEAN, 1.0 if value == "true" else 0.0, None
        day = _core.parse_date(value)
        if day is not None:
            return _DATE, float(day), None
        if _NUMBER_RE.fullmatch(value):
            return _NUMBER, float(value), None
        return _TEXT, 0.0, value
    try:
        return _DATE, float(_core.to_day(value)), None
    except TypeError:
        raise _input_error(
            f"column {column!r}: expected a bool, number, date or text, got {type(value).__name__} {value!r}"
        ) from None


AttributeColumn = tuple[str, bool, str, Any]


def _attribute_column(s: pd.Series, name: str, person_level: bool, column: str) -> AttributeColumn:
    """(name, person_level, kind, values) as _core reads an attribute column:
    ``boolean``, ``number`` and ``date`` columns go to C++ whole; other columns
    are typed per distinct value as the CLI types CSV cells (``cells``)."""
    n = len(s)
    dtype = s.dtype
    if dtype == np.bool_:
        return (name, person_level, "boolean", s.to_numpy().view(np.uint8))
    if pd.api.types.is_bool_dtype(dtype):  # nullable: missing cells are absent
        missing = s.isna().to_numpy()
        kinds = np.where(missing, _ABSENT, _BOOLEAN).astype(np.uint8)
        numbers = s.to_numpy(dtype=np.float64, na_value=0.0)
        return (name, person_level, "cells", (kinds, numbers, np.full(n, -1, dtype=np.int32), []))
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype):
        return (name, person_level, "number", _float64(s))
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return (name, person_level, "date", _datetime_ticks(s))
    codes, uniques = _factorize(s)
    u_kinds = np.zeros(len(uniques), dtype=np.uint8)
    u_numbers = np.zeros(len(uniques), dtype=np.float64)
    u_text = np.full(len(uniques), -1, dtype=np.int32)
    texts: list[str] = []
    text_index: dict[str, int] = {}
    for i, value in enumerate(list(uniques)):
        kind, number, text = _typed(value, column)
        u_kinds[i], u_numbers[i] = kind, number
        if text is not None:
            code = text_index.get(text)
            if code is None:
                code = text_index[text] = len(texts)
                texts.append(text)
            u_text[i] = code
    present = codes >= 0
    kinds = np.zeros(n, dtype=np.uint8)
    numbers = np.zeros(n, dtype=np.float64)
    text_codes = np.full(n, -1, dtype=np.int32)
    kinds[present] = u_kinds[codes[present]]
    numbers[present] = u_numbers[codes[present]]
    text_codes[present] = u_text[codes[present]]
    return (name, person_level, "cells", (kinds, numbers, text_codes, texts))


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


def _build(df: pd.DataFrame, ruleset: Ruleset | None, threads: int = 0) -> _Input:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    for column in df.columns:
        if not isinstance(column, str):
            raise _input_error(f"column names must be strings, got {column!r}", "E041")
    if df.columns.has_duplicates:
        raise _input_error(f"duplicate columns: {sorted(set(df.columns[df.columns.duplicated()]))}", "E041")
    n = len(df)
    for required in ("person", "date"):
        if required not in df.columns and n > 0:
            raise _input_error(f"the population has no {required!r} column", "E041")
    index = df.index

    person_dtype = None
    if "person" in df.columns:
        person, person_values = _text_column(df["person"], "person")
        dtype = df["person"].dtype
        if isinstance(dtype, pd.CategoricalDtype) and person_values is dtype.categories:
            person_dtype = dtype
    else:
        person, person_values = (np.empty(0, dtype=np.int32), []), []
    dates = _date_column(df["date"], index) if "date" in df.columns else (np.empty(0, dtype=np.int64), 1)

    kwargs: dict[str, Any] = {}
    for column in ("unit", "title", "marks"):
        if column in df.columns:
            kwargs[column], values = _text_column(df[column], column)
            if column == "marks" and ruleset is not None:
                _check_marks(kwargs[column][0], values, set(ruleset.marks), index, df["person"])
    if "hours" in df.columns:
        kwargs["hours"] = _hours_column(df["hours"], index)
    if "exempt" in df.columns:
        kwargs["exempt"] = _exempt_column(df["exempt"], index)

    attributes = []
    for column in df.columns:
        if column in CORE_COLUMNS:
            continue
        person_level = column.startswith("person.")
        name = column[len("person.") :] if person_level else column
        if not name:
            raise _input_error(f"column {column!r} names no attribute", "E041")
        attributes.append(_attribute_column(df[column], name, person_level, column))
    pop = _core.Population(n, person, dates, attributes=attributes, threads=threads, **kwargs)
    if pop.problem is not None:
        row, message = pop.problem
        raise _input_error(f"{_label(index, row)}: {message}")
    return _Input(pop, person_dtype, person_values)


def population(df: pd.DataFrame, ruleset: Ruleset | None = None) -> _core.Population:
    """Build the engine's columnar population from a long-form DataFrame (see the module doc).

    With ``ruleset``, mark ids are checked first so an unknown one names its row.
    The population reads ``df``'s arrays in place: do not change them while it is used.
    """
    return _build(df, ruleset).population


# ---------------------------------------------------------------- outputs


def _handle_errors(diagnostics: Sequence[Diagnostic], errors: Errors, result: pd.DataFrame) -> pd.DataFrame:
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
            f"{len(diagnostics)} person(s) could not be evaluated:\n{text}", EvaluationWarning, stacklevel=3
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
    engine_call: Callable[[_core.Ruleset, _core.Population, DateLike, int], dict[str, Any]],
) -> tuple[_Input, dict[str, Any]]:
    """``df`` built into the engine's population and handed to one of ``_core.Ruleset``'s
    population calls, both on ``threads`` threads."""
    n = _threads(threads)
    source = _build(df, ruleset, n)
    return source, engine_call(ruleset._impl, source.population, _as_of(as_of), n)


def evaluate_frame(
    ruleset: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None = None,
    threads: int | None = None,
    errors: Errors = "raise",
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

    Persons whose evaluation fails (division by zero) are left out; ``errors``
    says whether that raises :class:`civeff.EvaluationError` (with the frame of
    everyone else in ``.result``), warns, or is ignored.
    """
    source, out = _run(ruleset, df, as_of, threads, _core.Ruleset.batch)
    return _handle_errors(out["errors"], errors, _result_frame(out, source))


def levels_frame(
    ruleset: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None = None,
    threads: int | None = None,
    errors: Errors = "raise",
) -> pd.DataFrame:
    """Per achievement: ``known``, ``counted`` and the level on each scale (SPEC §5.1).

    The result has ``df``'s index, row for row, so ``df.join(levels)`` works.
    A scale column is missing (None/NaN) for a null level and for an achievement
    that is not counted (dated after ``as_of``).
    """
    _, out = _run(ruleset, df, as_of, threads, _core.Ruleset.levels)
    result = pd.DataFrame(
        {"known": out["known"].astype(bool), "counted": out["counted"].astype(bool)}, index=df.index
    )
    for scale, codes, categories in out["scales"]:
        result[scale] = _strings(categories, codes)
        result[scale] = result[scale].astype(_STR)
    return _handle_errors(out["errors"], errors, result)


def credits_frame(
    ruleset: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None = None,
    threads: int | None = None,
    errors: Errors = "raise",
) -> pd.DataFrame:
    """Per person, each credited unit: ``person, unit, date, via`` (SPEC §5.3), sorted by person then unit.

    ``via`` is ``"achievement"``, ``"exemption"`` or the equivalence id; ``date``
    is datetime64. Only credits that count at ``as_of`` appear (lapsed ones do not).
    """
    _, out = _run(ruleset, df, as_of, threads, _core.Ruleset.credits)
    days = np.asarray(out["days"], dtype=np.int64).astype("datetime64[D]").astype("datetime64[s]")
    result = pd.DataFrame(
        {
            "person": pd.Series(_strings(out["person_categories"], out["person_codes"]), dtype=_STR),
            "unit": pd.Series(_strings(out["unit_categories"], out["unit_codes"]), dtype=_STR),
            "date": pd.Series(days),
            "via": pd.Series(_strings(out["via_categories"], out["via_codes"]), dtype=_STR),
        }
    )
    return _handle_errors(out["errors"], errors, result)


def diff(
    before: Ruleset,
    after: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None = None,
    threads: int | None = None,
    errors: Errors = "raise",
) -> pd.DataFrame:
    """Who changes between two rulesets (typically a base and a scenario), as ``civeff diff --out``.

    Returns a row per person and diploma whose status or progress differs:
    ``person, diploma, status_before, status_after, progress_before, progress_after``,
    sorted by person then diploma. A diploma that only one ruleset has shows a
    missing status and progress on the other side.
    """
    day = _as_of(as_of)
    a = evaluate_frame(before, df, as_of=day, threads=threads, errors=errors)
    b = evaluate_frame(after, df, as_of=day, threads=threads, errors=errors)
    merged = a.merge(b, on=["person", "diploma"], how="outer", suffixes=("_before", "_after"), sort=True)
    status_before = merged["status_before"].astype(STATUS_DTYPE)
    status_after = merged["status_after"].astype(STATUS_DTYPE)
    same_status = (status_before == status_after).to_numpy(dtype=bool, na_value=False)
    same_progress = (merged["progress_before"] == merged["progress_after"]).to_numpy(
        dtype=bool, na_value=False
    )
    changed = ~(same_status & same_progress)
    out = pd.DataFrame(
        {
            "person": merged["person"],
            "diploma": merged["diploma"],
            "status_before": status_before,
            "status_after": status_after,
            "progress_before": merged["progress_before"],
            "progress_after": merged["progress_after"],
        }
    )
    changes: pd.DataFrame = out[changed].reset_index(drop=True)
    return changes
