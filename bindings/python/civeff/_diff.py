# SPDX-License-Identifier: Apache-2.0
"""The full diff of a population under two rulesets (SPEC §12): :func:`diff` and :class:`Diff`.

>>> d = civeff.diff(base, scenario, df, as_of="2026-06-01")   # doctest: +SKIP
>>> print(d)                       # the summary `civeff diff` prints  # doctest: +SKIP
>>> d.levels                       # who gains which level, and why (cause)  # doctest: +SKIP
>>> d.to_csv("changes.csv")        # byte for byte `civeff diff --out changes.csv`  # doctest: +SKIP

The module is private because its public names would clash: ``civeff.diff`` is the
function. Use ``civeff.diff`` and ``civeff.Diff``.
"""

from __future__ import annotations

import datetime as _dt
import html
import io
import os
from typing import IO, TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _core
from ._ruleset import DateLike, _as_of, _threads
from .errors import SHOWN_WARNINGS, Diagnostic, _issue
from .frame import (
    _FRAME,
    _STR,
    STATUS_DTYPE,
    Errors,
    _build,
    _codes,
    _days,
    _handle_errors,
    _Input,
    _text_index,
)

if TYPE_CHECKING:
    from ._ruleset import Ruleset

__all__ = ["Diff", "diff"]

#: The kinds of changed rows, in the order the engine sorts them.
KINDS = ("diploma", "level", "credit")

DIPLOMA_COLUMNS = (
    "person",
    "diploma",
    "status_before",
    "status_after",
    "progress_before",
    "progress_after",
    "missing_before",
    "missing_after",
    "change",
    "cause",
)
LEVEL_COLUMNS = ("person", "subject", "scale", "unit", "date", "before", "after", "change", "cause")
CREDIT_COLUMNS = ("person", "subject", "before", "after", "date_before", "date_after", "change", "cause")
SUMMARY_COLUMNS = ("kind", "change", "cause", "rows", "people", "example")


def _text(column: tuple[np.ndarray, list[str]]) -> pd.Categorical:
    """(codes, the texts they index in byte order) as a Categorical of text, NaN for -1."""
    codes, texts = column
    return pd.Categorical.from_codes(
        _codes(np.asarray(codes), len(texts)), categories=_text_index(texts), validate=False
    )


def _dates(column: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    days, empty = column
    return _days(np.asarray(days, dtype=np.int64), np.asarray(empty).view(bool))


class Diff:
    """Who changes between two rulesets, and why: what :func:`civeff.diff` returns.

    The engine's ``civeff diff`` on a DataFrame (SPEC §12). Each person is
    evaluated under both rulesets; a *changed row* is one outcome that differs,
    and its ``cause`` is the byte-ordered, ``;``-joined list of the changed rules
    (``section:id``, e.g. ``mark:nrto``) that the outcome uses before or after.

    Three DataFrames hold the changed rows, one per kind, each sorted as the
    engine sorts them (by person, then subject), with a fresh RangeIndex. Every
    property call returns a new copy.

    - :attr:`diplomas`: a diploma's status, progress or missing leaves changed.
    - :attr:`levels`: a counted achievement's level on a scale changed.
    - :attr:`credits`: a unit became credited, stopped being credited, or its
      ``via`` or date changed.

    Column types, shared by the three:

    - ``person``: Categorical, as :func:`civeff.evaluate_frame`'s: the input's own
      dtype when ``df["person"]`` is a Categorical of text, else the ids of the
      persons with a changed row, sorted.
    - Text columns (ids, level names, ``via``, ``missing_*``, ``change``,
      ``cause``): Categorical of text, the categories being the texts the column
      holds, sorted. A cell is missing (NaN) where the CSV's is empty: the
      outcome does not exist on that side (no such diploma or scale, a null
      level, a unit not credited).
    - ``change`` is the summary's name for the change (``none->partial``,
      ``progress up``, ``internal->national``, ``gained``, ``lost``,
      ``via a->b``, ``earlier``...); ``cause`` is never empty.
    - Dates: ``datetime64[s]``, NaT for an empty cell. Progress: ``float64``,
      NaN when the diploma does not exist on that side.

    :meth:`to_csv` gives exactly the CSV of ``civeff diff --out`` (all kinds in
    one table), :meth:`to_json` the JSON of ``civeff diff --format json``, both
    written by the engine. ``str()`` is a summary in the shape ``civeff diff`` prints
    (the rulesets by name, version and overlays; its table line for line).
    """

    __slots__ = ("_after", "_as_of", "_before", "_frames", "_impl", "_person_dtype")
    _impl: _core.Diff
    _before: Ruleset
    _after: Ruleset
    _as_of: _dt.date
    _person_dtype: pd.CategoricalDtype | None
    _frames: dict[str, pd.DataFrame]

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError("Diff objects come from civeff.diff(...)")

    @classmethod
    def _create(
        cls,
        impl: _core.Diff,
        before: Ruleset,
        after: Ruleset,
        as_of: _dt.date,
        person_dtype: pd.CategoricalDtype | None,
    ) -> Diff:
        self = object.__new__(cls)
        for name, value in (
            ("_impl", impl),
            ("_before", before),
            ("_after", after),
            ("_as_of", as_of),
            ("_person_dtype", person_dtype),
            ("_frames", {}),
        ):
            object.__setattr__(self, name, value)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Diff is immutable")

    # ------------------------------------------------------------ what was compared

    @property
    def before(self) -> Ruleset:
        """The ruleset before the change."""
        return self._before

    @property
    def after(self) -> Ruleset:
        """The ruleset after the change."""
        return self._after

    @property
    def as_of(self) -> _dt.date:
        """The reference date both sides were evaluated at."""
        return self._as_of

    @property
    def compared(self) -> int:
        """How many persons were evaluated on both sides (those that failed are not)."""
        return self._impl.compared

    @property
    def changed_rules(self) -> list[str]:
        """The entries (``section:id``, byte order) the second ruleset adds, removes or
        defines differently (titles, names, sources and notes aside)."""
        return list(self._impl.changed_rules)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """W012: a mark that only one side has, counted as absent on the other (once per mark)."""
        return tuple(self._impl.warnings)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The persons that could not be evaluated on a side, and so were not compared."""
        return tuple(self._impl.errors)

    def __len__(self) -> int:
        """The number of changed rows, of all kinds."""
        return self._impl.rows

    # ------------------------------------------------------------ the changed rows

    @property
    def diplomas(self) -> pd.DataFrame:
        """Changed diploma outcomes: ``person``, ``diploma``, ``status_before``,
        ``status_after`` (ordered Categorical none < partial < complete, NaN where the
        ruleset has no such diploma), ``progress_before``, ``progress_after``
        (``float64``), ``missing_before``, ``missing_after`` (the missing leaves
        ``;``-joined, ``''`` when none, NaN where there is no such diploma),
        ``change``, ``cause``."""
        return self._frame("diploma")

    @property
    def levels(self) -> pd.DataFrame:
        """Changed levels: ``person``; ``subject`` (``int64``: the achievement's 0-based
        position among the person's rows in the input, so
        ``df.groupby("person").cumcount()`` finds its row); ``scale``; ``unit`` (the
        achievement's unit id, else its title); ``date`` (the achievement's);
        ``before``, ``after`` (level names, NaN for no level or no such scale);
        ``change``; ``cause``."""
        return self._frame("level")

    @property
    def credits(self) -> pd.DataFrame:
        """Changed credits: ``person``; ``subject`` (the unit id); ``before``, ``after``
        (the credit's ``via``: ``achievement``, ``exemption`` or an equivalence id,
        NaN when not credited on that side); ``date_before``, ``date_after`` (the
        credit's date, NaT when not credited); ``change``; ``cause``."""
        return self._frame("credit")

    def summary(self) -> pd.DataFrame:
        """The changed rows grouped by ``kind``, ``change`` and ``cause``, with ``rows``
        and ``people`` (``int64``) and ``example`` (the first of its people in byte
        order): ``civeff diff``'s table, in its order (by kind, most rows first)."""
        groups = self._impl.summary()
        columns = list(zip(*groups, strict=True)) if groups else [()] * len(SUMMARY_COLUMNS)
        data: dict[str, Any] = {}
        for name, values in zip(SUMMARY_COLUMNS, columns, strict=True):
            number = name in ("rows", "people")
            data[name] = pd.Series(list(values), dtype=np.int64 if number else _STR)
        frame: pd.DataFrame = pd.DataFrame(data, index=pd.RangeIndex(len(groups)))
        return frame

    def _frame(self, kind: str) -> pd.DataFrame:
        """A copy of the frame of one kind, built once."""
        frame = self._frames.get(kind)
        if frame is None:
            frame = self._build_frame(kind)
            self._frames[kind] = frame
        copy: pd.DataFrame = frame.copy()
        return copy

    def _person(self, codes: np.ndarray) -> pd.Categorical:
        if self._person_dtype is not None:
            # Codes into the input's own person categories.
            person_codes = np.asarray(self._impl.person_codes)
            return pd.Categorical.from_codes(
                _codes(person_codes[codes], len(self._person_dtype.categories)),
                dtype=self._person_dtype,
                validate=False,
            )
        persons = self._impl.persons
        return pd.Categorical.from_codes(
            _codes(codes, len(persons)), categories=_text_index(persons), validate=False
        )

    def _build_frame(self, kind: str) -> pd.DataFrame:
        c = self._impl.columns(kind)
        person = self._person(np.asarray(c["person"]))
        data: dict[str, Any] = {"person": person}
        if kind == "diploma":
            data["diploma"] = _text(c["subject"])
            data["status_before"] = _text(c["before"]).astype(STATUS_DTYPE)
            data["status_after"] = _text(c["after"]).astype(STATUS_DTYPE)
            data["progress_before"] = np.asarray(c["progress_before"], dtype=np.float64)
            data["progress_after"] = np.asarray(c["progress_after"], dtype=np.float64)
            data["missing_before"] = _text(c["missing_before"])
            data["missing_after"] = _text(c["missing_after"])
        elif kind == "level":
            data["subject"] = np.asarray(c["achievement"], dtype=np.int64)
            data["scale"] = _text(c["scale"])
            data["unit"] = _text(c["unit"])
            data["date"] = _dates(c["date"])
            data["before"] = _text(c["before"])
            data["after"] = _text(c["after"])
        else:
            data["subject"] = _text(c["subject"])
            data["before"] = _text(c["before"])
            data["after"] = _text(c["after"])
            data["date_before"] = _dates(c["date_before"])
            data["date_after"] = _dates(c["date_after"])
        data["change"] = _text(c["change"])
        data["cause"] = _text(c["cause"])
        columns = {"diploma": DIPLOMA_COLUMNS, "level": LEVEL_COLUMNS, "credit": CREDIT_COLUMNS}[kind]
        ordered = {name: data[name] for name in columns}
        frame: pd.DataFrame = pd.DataFrame(ordered, index=pd.RangeIndex(len(person)), copy=False)
        return frame

    # ------------------------------------------------------------ the engine's forms

    def to_csv(
        self, path_or_buf: str | os.PathLike[str] | IO[Any] | None = None, dialect: str = "rfc4180"
    ) -> str | None:
        """The changed rows of every kind as ``civeff diff --out`` writes them, byte for byte:
        ``kind,person,subject,scale,unit,date,before,after,date_before,date_after,
        progress_before,progress_after,missing_before,missing_after,cause``.

        ``dialect`` is ``--csv-dialect``: ``"rfc4180"`` (``,``, LF) or ``"excel-nl"``
        (``;``, decimal comma, CRLF, a byte-order mark). With no ``path_or_buf`` the
        text is returned; a path gets the bytes; a text stream gets the text, a binary
        one the bytes (returning None)."""
        if not isinstance(dialect, str):
            raise TypeError(f"dialect: expected 'rfc4180' or 'excel-nl', got {dialect!r}")
        data = self._impl.to_csv(dialect)
        if path_or_buf is None:
            return data.decode("utf-8")
        if isinstance(path_or_buf, (str, os.PathLike)):
            with open(path_or_buf, "wb") as f:
                f.write(data)
        elif isinstance(path_or_buf, io.TextIOBase):
            path_or_buf.write(data.decode("utf-8"))
        else:
            path_or_buf.write(data)
        return None

    def to_json(self) -> str:
        """``civeff diff --format json``: ``{"summary": [...], "rows": [...]}``, the rows with
        the CSV's keys (progress a number, an empty cell null)."""
        return self._impl.to_json()

    # ------------------------------------------------------------ display

    def _sides(self) -> tuple[str, str]:
        """Each ruleset as ``NAME VERSION + OVERLAY...``."""

        def name(rs: Ruleset) -> str:
            return " + ".join([f"{rs.name} {rs.version}", *rs.overlays])

        return name(self._before), name(self._after)

    def _header(self) -> list[str]:
        before, after = self._sides()
        rules = ", ".join(self._impl.changed_rules) or "none"
        return [
            f"{self.compared} persons compared, as of {self._as_of.isoformat()}",
            f"  before: {before}",
            f"  after:  {after}",
            f"  changed rules: {rules}",
        ]

    def __str__(self) -> str:
        lines = self._header()
        groups = self._impl.summary()
        if not groups:
            lines.append("  no outcome changes")
        else:
            lines.extend(_table(groups))
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        counts = {kind: 0 for kind in KINDS}
        for kind, _change, _cause, rows, _people, _example in self._impl.summary():
            counts[kind] += rows
        by_kind = ", ".join(f"{kind} {counts[kind]}" for kind in KINDS)
        rules = ", ".join(self._impl.changed_rules) or "none"
        return (
            f"<civeff.Diff {self.compared} persons compared as of {self._as_of.isoformat()}; "
            f"changed rules: {rules}; {len(self)} changed rows ({by_kind})>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        before, after = self._sides()
        rules = ", ".join(f"<code>{esc(r)}</code>" for r in self._impl.changed_rules) or "none"
        parts = [
            "<div class='civeff-diff'>",
            f"<p><b>{self.compared}</b> persons compared as of {esc(self._as_of.isoformat())}<br>"
            f"before: {esc(before)}<br>after: {esc(after)}<br>changed rules: {rules}</p>",
        ]
        groups = self._impl.summary()
        if not groups:
            parts.append("<p>No outcome changes.</p>")
        else:
            head = "".join(f"<th>{name}</th>" for name in SUMMARY_COLUMNS)
            rows = []
            for group in groups:
                cells = "".join(
                    f"<td style='text-align:right'>{value}</td>"
                    if isinstance(value, int)
                    else f"<td style='text-align:left'>{esc(str(value))}</td>"
                    for value in group
                )
                rows.append(f"<tr>{cells}</tr>")
            parts.append(f"<table><tr>{head}</tr>{''.join(rows)}</table>")
            parts.append(
                f"<p>{len(self)} changed rows: <code>.diplomas</code>, <code>.levels</code>, "
                "<code>.credits</code></p>"
            )
        parts.append("</div>")
        return "".join(parts)


def _table(groups: list[tuple[str, str, str, int, int, str]]) -> list[str]:
    """The summary as ``civeff diff`` prints it: columns aligned (by characters), counts
    right-aligned, texts left-aligned, no trailing blanks."""
    lines = [list(SUMMARY_COLUMNS)] + [[str(v) for v in group] for group in groups]
    width = [max(len(line[k]) for line in lines) for k in range(len(SUMMARY_COLUMNS))]
    out = []
    for line in lines:
        text = " "
        for k, cell in enumerate(line):
            if k > 0:
                text += " "
            pad = width[k] - len(cell)
            number = k in (3, 4)
            text += " "
            if number:
                text += " " * pad
            text += cell
            if not number and k + 1 < len(line):
                text += " " * pad
        out.append(text)
    return out


def _issue_both(a: _Input, b: _Input) -> None:
    """The warnings of reading one frame under two rulesets, each once."""
    if a is b or (a.warnings, a.warning_count) == (b.warnings, b.warning_count):
        _issue(a.warnings, a.warning_count, _FRAME)
        return
    seen = {str(d) for d in a.warnings}
    extra = [d for d in b.warnings if str(d) not in seen]
    shown = [*a.warnings, *extra][:SHOWN_WARNINGS]
    _issue(shown, a.warning_count + b.warning_count - (len(b.warnings) - len(extra)), _FRAME)


def diff(
    before: Ruleset,
    after: Ruleset,
    df: pd.DataFrame,
    as_of: DateLike | None = None,
    threads: int | None = None,
    errors: Errors = "raise",
    strict: bool = False,
) -> Diff:
    """Who changes between two rulesets (a base and a scenario, say), and why: ``civeff diff``
    on a DataFrame (SPEC §12). Returns a :class:`Diff`: ``.diplomas``, ``.levels`` and
    ``.credits`` hold the changed rows with their ``cause``, ``.summary()`` groups them,
    ``.to_csv()`` is ``civeff diff --out``.

    ``df`` is read as :func:`civeff.evaluate_frame` reads it, under each ruleset's own
    attribute declarations (SPEC §11) when the two differ; a warning both readings give
    is issued once, and ``strict=True`` makes every W010 and W011 an
    :class:`civeff.InputError`. A mark that only one ruleset has is no error: it counts
    as absent on the other side, with warning W012 (an :class:`civeff.InputWarning`)
    once per mark; a mark neither has is E042 naming its row.

    Persons whose evaluation fails on either side are not compared; ``errors`` says
    whether that raises :class:`civeff.EvaluationError` (with the Diff of everyone else
    in ``.result``), warns, or is ignored. The comparison runs on ``threads`` threads
    (None: every core) with the GIL released; Ctrl-C stops it (KeyboardInterrupt).
    """
    if errors not in ("raise", "warn", "ignore"):
        raise ValueError(f"errors: expected 'raise', 'warn' or 'ignore', got {errors!r}")
    day = _core.from_day(_core.to_day(_as_of(as_of)))
    n = _threads(threads)
    known = set(before.marks) | set(after.marks)
    read_a = _build(df, before, n, strict, known)
    same = before is after or before._impl.same_declarations(after._impl)
    read_b = read_a if same else _build(df, after, n, strict, known)
    impl = _core.diff(before._impl, after._impl, read_a.population, read_b.population, day, n)
    _issue_both(read_a, read_b)
    _issue(impl.warnings, len(impl.warnings), _FRAME)
    result = Diff._create(impl, before, after, day, read_a.person_dtype)
    return _handle_errors(impl.errors, errors, result)
