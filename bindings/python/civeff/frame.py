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

Nothing here loops over rows in Python: every column is factorized
(``pd.factorize`` or a Categorical's codes) into int32 codes plus its distinct
values, only the distinct values are converted, and the arrays go to C++ as
numpy buffers. ``category`` columns skip the factorization entirely, which is
why they are the fastest input.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
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


def _row_label(df_index: pd.Index, codes: np.ndarray, code: int) -> str:
    position = int(np.flatnonzero(codes == code)[0])
    return f"row {df_index[position]!r}"


def _factorize(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """int32 codes (-1 for a missing cell) and the distinct values as an object array,
    without a Python loop over rows."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(dtype=np.int32), s.cat.categories.to_numpy(dtype=object)
    try:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    except TypeError:
        # Unhashable cells (lists): only the marks column may hold them, as lists of ids.
        if s.name != "marks":
            raise _input_error(f"column {s.name!r}: cells must be scalars") from None
        s = s.map(lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int32), np.asarray(uniques, dtype=object)


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


def _text_column(s: pd.Series, column: str) -> tuple[np.ndarray, list[str]]:
    """Factorized text: codes into distinct non-empty strings (values that read the same merge)."""
    codes, values = _factorize(s)
    if len(values) and pd.api.types.infer_dtype(values, skipna=False) == "string":
        # The common case, without a Python loop: distinct strings stay distinct; '' is absent.
        empty = values == ""
        if not empty.any():
            return codes, values.tolist()
        remap = (np.cumsum(~empty) - 1).astype(np.int32)
        remap[empty] = -1
        return _remap(codes, remap), values[~empty].tolist()
    index: dict[str, int] = {}
    categories: list[str] = []
    remap = np.empty(len(values), dtype=np.int32)
    for i, value in enumerate(values.tolist()):
        text = _as_text(value, column)
        if text == "":
            remap[i] = -1
            continue
        code = index.get(text)
        if code is None:
            code = index[text] = len(categories)
            categories.append(text)
        remap[i] = code
    return _remap(codes, remap), categories


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return isinstance(value, str) and value == ""


def _datetime_days(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """int32 days since 1970-01-01 and a missing mask, for a datetime64 column."""
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)  # the local calendar day
    values = s.to_numpy(dtype="datetime64[ns]")
    missing = np.isnat(values)
    days = values.astype("datetime64[D]").astype(np.int64)
    days[missing] = 0
    return days.astype(np.int32), missing


def _date_column(s: pd.Series, index: pd.Index) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        days, missing = _datetime_days(s)
        if missing.any():
            position = int(np.flatnonzero(missing)[0])
            raise _input_error(f"row {index[position]!r}: the date is missing")
        return days
    codes, uniques = _factorize(s)
    if (codes < 0).any():
        raise _input_error(f"{_row_label(index, codes, -1)}: the date is missing")
    table = np.empty(len(uniques), dtype=np.int32)
    for i, value in enumerate(uniques):
        if _is_missing(value):
            raise _input_error(f"{_row_label(index, codes, i)}: the date is missing")
        try:
            table[i] = _core.to_day(value)
        except (InputError, TypeError) as e:
            raise _input_error(
                f"{_row_label(index, codes, i)}: bad date {value!r} (expected YYYY-MM-DD)"
            ) from e
    return table[codes] if len(codes) else np.empty(0, dtype=np.int32)


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


def _hours_column(s: pd.Series, index: pd.Index) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=np.float64, na_value=np.nan)
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


AttributeColumn = tuple[str, bool, np.ndarray, np.ndarray, np.ndarray, list[str]]


def _attribute_column(s: pd.Series, name: str, person_level: bool, column: str) -> AttributeColumn:
    n = len(s)
    dtype = s.dtype
    no_text = np.full(n, -1, dtype=np.int32)
    if pd.api.types.is_bool_dtype(dtype):
        missing = s.isna().to_numpy()
        numbers = s.to_numpy(dtype=np.float64, na_value=0.0)
        kinds = np.where(missing, _ABSENT, _BOOLEAN).astype(np.uint8)
        return (name, person_level, kinds, numbers, no_text, [])
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype):
        numbers = s.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
        missing = np.isnan(numbers)
        numbers[missing] = 0.0
        kinds = np.where(missing, _ABSENT, _NUMBER).astype(np.uint8)
        return (name, person_level, kinds, numbers, no_text, [])
    if pd.api.types.is_datetime64_any_dtype(dtype):
        days, missing = _datetime_days(s)
        kinds = np.where(missing, _ABSENT, _DATE).astype(np.uint8)
        return (name, person_level, kinds, days.astype(np.float64), no_text, [])
    codes, uniques = _factorize(s)
    u_kinds = np.zeros(len(uniques), dtype=np.uint8)
    u_numbers = np.zeros(len(uniques), dtype=np.float64)
    u_text = np.full(len(uniques), -1, dtype=np.int32)
    texts: list[str] = []
    text_index: dict[str, int] = {}
    for i, value in enumerate(uniques):
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
    return (name, person_level, kinds, numbers, text_codes, texts)


def _check_marks(
    codes: np.ndarray, categories: Sequence[str], known: set[str], index: pd.Index, persons: pd.Series
) -> None:
    """Name the first row of an unknown mark (the engine only knows the id)."""
    for i, text in enumerate(categories):
        for mark in text.split(";"):
            mark = mark.strip(" \t")
            if mark and mark not in known:
                position = int(np.flatnonzero(codes == i)[0])
                raise _input_error(
                    f"row {index[position]!r} (person {persons.iloc[position]!r}): unknown mark {mark!r}",
                    "E042",
                )


def population(df: pd.DataFrame, ruleset: Ruleset | None = None) -> _core.Population:
    """Build the engine's columnar population from a long-form DataFrame (see the module doc).

    With ``ruleset``, mark ids are checked first so an unknown one names its row.
    """
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

    if "person" in df.columns:
        person_codes, person_categories = _text_column(df["person"], "person")
        if (person_codes < 0).any():
            raise _input_error(f"{_row_label(index, person_codes, -1)}: the person is missing")
    else:
        person_codes, person_categories = np.empty(0, dtype=np.int32), []
    dates = _date_column(df["date"], index) if "date" in df.columns else np.empty(0, dtype=np.int32)

    kwargs: dict[str, Any] = {}
    for column in ("unit", "title", "marks"):
        if column in df.columns:
            codes, categories = _text_column(df[column], column)
            kwargs[f"{column}_codes"] = codes
            kwargs[f"{column}_categories"] = categories
    if ruleset is not None and "marks_codes" in kwargs:
        _check_marks(
            kwargs["marks_codes"], kwargs["marks_categories"], set(ruleset.marks), index, df["person"]
        )
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
    return _core.Population(person_codes, person_categories, dates, attributes=attributes, **kwargs)


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


def _result_frame(out: dict[str, Any]) -> pd.DataFrame:
    persons = np.asarray(out["persons"], dtype=object)
    diplomas = np.asarray(out["diplomas"], dtype=object)
    n_persons, n_diplomas = len(persons), len(diplomas)
    order = np.argsort(diplomas, kind="stable") if n_diplomas else np.empty(0, dtype=np.intp)
    rows = (np.arange(n_persons)[:, None] * n_diplomas + order[None, :]).ravel()
    status = np.asarray(out["status"])[rows].astype(np.int8)
    # Text columns come out as categoricals built from codes: a million people make
    # millions of rows but only a few distinct persons' ids per row block, diplomas
    # and missing-leaf lists, so no Python string is made per row.
    missing_codes = np.asarray(out["missing_codes"])[rows]
    missing_categories = list(out["missing_categories"])
    if (missing_codes < 0).any():  # '' when nothing is missing
        missing_codes = np.where(missing_codes < 0, len(missing_categories), missing_codes)
        missing_categories.append("")
    person_codes = np.repeat(np.arange(n_persons, dtype=np.int64), n_diplomas)
    diploma_codes = np.tile(np.arange(n_diplomas, dtype=np.int64), n_persons)
    result: pd.DataFrame = pd.DataFrame(
        {
            "person": pd.Categorical.from_codes(person_codes, categories=pd.Index(persons, dtype=_STR)),
            "diploma": pd.Categorical.from_codes(diploma_codes, categories=pd.Index(diplomas[order], dtype=_STR)),
            "status": pd.Categorical.from_codes(status, dtype=STATUS_DTYPE),
            "progress": np.asarray(out["progress"], dtype=np.float64)[rows],
            "missing": pd.Categorical.from_codes(missing_codes, categories=pd.Index(missing_categories, dtype=_STR)),
        }
    )
    return result


def as_text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ``person``, ``diploma`` and ``missing`` categoricals as text columns."""
    return frame.astype({"person": _STR, "diploma": _STR, "missing": _STR})


def empty_result() -> pd.DataFrame:
    """An evaluate_frame result with no rows (the columns and dtypes; Dask's ``meta``)."""
    return _result_frame(
        {
            "persons": [],
            "diplomas": [],
            "status": np.empty(0, np.uint8),
            "progress": np.empty(0),
            "missing_codes": np.empty(0, np.int32),
            "missing_categories": [],
        }
    )


def evaluate_frame(
    ruleset: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None = None,
    threads: int | None = None,
    errors: Errors = "raise",
) -> pd.DataFrame:
    """Evaluate every person of a long-form population (``civeff batch`` on a DataFrame).

    Returns one row per person x diploma, sorted by person then diploma, with
    columns ``person`` and ``diploma`` (Categorical of str), ``status`` (ordered
    Categorical none < partial < complete), ``progress`` (float64, 4 decimals)
    and ``missing`` (Categorical: the missing leaves ``;``-joined, '' when none),
    and a fresh RangeIndex. Categoricals keep a million-person result small and
    fast; ``civeff.frame.as_text_columns`` turns them into plain text. Persons whose evaluation fails (division by zero) are left out;
    ``errors`` says whether that raises :class:`civeff.EvaluationError` (with
    the frame of everyone else in ``.result``), warns, or is ignored.
    """
    pop = population(df, ruleset)
    out = ruleset._impl.batch(pop, _as_of(as_of), _threads(threads))
    return _handle_errors(out["errors"], errors, _result_frame(out))


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
    pop = population(df, ruleset)
    out = ruleset._impl.levels(pop, _as_of(as_of), _threads(threads))
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
    pop = population(df, ruleset)
    out = ruleset._impl.credits(pop, _as_of(as_of), _threads(threads))
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
