# SPDX-License-Identifier: Apache-2.0
# Type stubs of the private C++ module civeff._core (bindings/python/src/).
# The public API is civeff's: these types reach users as civeff.Result and friends.

import datetime
import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import Diagnostic

__version__: str

_DateLike = datetime.date | str | np.datetime64

def to_day(value: _DateLike) -> int:
    """Days since 1970-01-01 of a date, datetime, numpy.datetime64 or 'YYYY-MM-DD' string."""

def parse_date(text: str) -> int | None:
    """Days since 1970-01-01 of exactly 'YYYY-MM-DD' (a real day), else None."""

def from_day(days: int) -> datetime.date:
    """The datetime.date `days` after 1970-01-01."""

def today() -> int:
    """Today's date in UTC, as days since 1970-01-01 (the default `as_of`)."""

def _raise_for_test(kind: str) -> None: ...
def convert_values(
    values: npt.ArrayLike | tuple[npt.ArrayLike, npt.ArrayLike],
    role: str,
    rules: Ruleset | None = None,
    column: str = "",
    name: str = "",
    person_level: bool = False,
) -> tuple[
    npt.NDArray[np.uint8],
    npt.NDArray[np.float64],
    npt.NDArray[np.int32],
    list[str],
    list[tuple[int, str, bool]],
]:
    """The distinct values of a DataFrame column typed as the CSV reader types a cell (SPEC §3,
    §11). role: "attribute", "date", "hours" or "exempt"; `name` a declared attribute (with
    `rules`). (kinds, numbers, text index, texts, problems [(index, message, is_error)])."""

def frame_columns(
    names: Sequence[object], rules: Ruleset | None = None
) -> tuple[list[tuple[str, str, bool, bool]], list[tuple[int, str, str, bool]]]:
    """What each DataFrame column is, by the CSV header's rules: ([(role, name, person_level,
    declared)], [(column, code, message, is_error)])."""

def read_population(
    path: str | os.PathLike[str], rules: Ruleset | None = None, encoding: str = "utf-8", strict: bool = False
) -> dict[str, Any]:
    """A population CSV read by the engine's reader, as columns for pandas: rows, person /
    unit / title / marks (codes, categories), days, hours, exempt (or None), attributes
    [(name, person_level, declared type or None, kinds, numbers, (text codes, texts))],
    warnings (first diagnostics, total)."""

class AchievementResult:
    """One achievement of a result, in input order (SPEC §6)."""

    @property
    def unit(self) -> str | None: ...
    @property
    def title(self) -> str: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def known(self) -> bool: ...
    @property
    def counted(self) -> bool: ...
    @property
    def levels(self) -> dict[str, str | None] | None:
        """Scale -> level (None: a null level), in declaration order; None when not counted."""

class Credit:
    """How and when a unit is credited (SPEC §5.3)."""

    @property
    def date(self) -> datetime.date: ...
    @property
    def via(self) -> str:
        """'achievement', 'exemption' or the equivalence id."""

class DiplomaResult:
    """Where a person stands on one diploma (SPEC §5.5)."""

    @property
    def status(self) -> str:
        """'none', 'partial' or 'complete'."""
    @property
    def progress(self) -> float: ...
    @property
    def missing(self) -> tuple[str, ...]: ...

class Result:
    """The outcome for one person (SPEC §6)."""

    @property
    def person(self) -> str: ...
    @property
    def as_of(self) -> datetime.date: ...
    @property
    def ruleset(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def overlays(self) -> tuple[str, ...]: ...
    @property
    def achievements(self) -> tuple[AchievementResult, ...]: ...
    @property
    def credited(self) -> dict[str, Credit]: ...
    @property
    def diplomas(self) -> dict[str, DiplomaResult]: ...
    def to_json(self) -> str:
        """The JSON text of SPEC §6, exactly as `civeff eval --format json` prints it."""
    def to_dict(self) -> dict[str, Any]:
        """The JSON of SPEC §6 as Python data, keys in the spec's order."""
    def to_text(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    __hash__: None  # type: ignore[assignment]

class Explanation:
    """One evaluation with its reasons (SPEC 12); use civeff.Explanation."""

    @property
    def person(self) -> str: ...
    @property
    def diplomas(self) -> list[str]: ...
    def to_json(self) -> str: ...
    def to_text(self, diploma: str = "") -> str: ...

class Advice:
    """The advice of SPEC 12 for one person; use civeff.Advice."""

    def to_json(self) -> str:
        """The JSON of `civeff advise --format json`."""
    def to_text(self, lang: str) -> str:
        """The text of `civeff advise --lang LANG` ('nl' or 'en')."""

class WhatIf:
    """A what-if for one person; use civeff.WhatIf."""

    def to_json(self) -> str:
        """The JSON of `civeff whatif --format json`."""
    def to_text(self, lang: str) -> str:
        """The text of `civeff whatif --lang LANG` ('nl' or 'en')."""

class Diff:
    """The full diff of a population (SPEC 12); use civeff.Diff."""

    @property
    def compared(self) -> int:
        """Persons evaluated on both sides."""
    @property
    def changed_rules(self) -> list[str]:
        """`section:id`, byte order."""
    @property
    def persons(self) -> list[str]:
        """The persons with a changed row, byte order; rows' `person` codes index it."""
    @property
    def person_codes(self) -> npt.NDArray[np.int32]:
        """Per person of `persons`: its code in the population's person column."""
    @property
    def rows(self) -> int: ...
    @property
    def warnings(self) -> list[Diagnostic]:
        """W012, once per mark of one side only."""
    @property
    def errors(self) -> list[Diagnostic]:
        """Evaluation errors; those persons are not compared."""
    def summary(self) -> list[tuple[str, str, str, int, int, str]]:
        """(kind, change, cause, rows, people, example) per group, in the engine's order."""
    def columns(self, kind: str) -> dict[str, Any]:
        """The rows of one kind ('diploma', 'level', 'credit') as columns: person (int32 codes
        into persons), achievement (int64), text columns subject, scale, unit, before, after,
        missing_before, missing_after, change, cause as (int32 codes, -1 empty; texts in byte
        order), dates date, date_before, date_after as (int64 days, uint8 empty), progress_before
        and progress_after (float64, NaN empty)."""
    def to_csv(self, dialect: str = "rfc4180") -> bytes:
        """The CSV of `civeff diff --out` in that dialect ('rfc4180' or 'excel-nl')."""
    def to_json(self) -> str:
        """The JSON of `civeff diff --format json`."""

def diff(
    before: Ruleset,
    after: Ruleset,
    before_population: Population,
    after_population: Population,
    as_of: _DateLike,
    threads: int = 0,
) -> Diff:
    """civeff::diff with the GIL released: the population as each side's rules read it (the
    same object twice when both declare the same attributes)."""

class Coverage:
    """Coverage over a population; use Ruleset.coverage."""

    @property
    def persons(self) -> int:
        """Persons counted (those whose evaluation failed are not)."""
    @property
    def achievements(self) -> int:
        """Their achievements (rows)."""
    @property
    def counted(self) -> int:
        """Of which dated on or before as_of."""
    @property
    def never_fired(self) -> int: ...
    @property
    def errors(self) -> list[Diagnostic]:
        """Evaluation errors, one per failed person; those persons are not counted."""
    def columns(self) -> dict[str, Any]:
        """The rows, never fired first: rule, kind, file (lists of str), line, fired, of
        (int64 arrays)."""
    def to_text(self) -> str:
        """`civeff coverage` (text)."""
    def to_json(self) -> str:
        """`civeff coverage --format json`."""
    def to_html(self) -> str:
        """`civeff coverage --format html`."""

def coverage(rules: Ruleset, population: Population, as_of: _DateLike, threads: int = 0) -> Coverage:
    """civeff::coverage with the GIL released (Ctrl-C stops it)."""

class TestOutcome:
    """The outcome of one case of a ruleset's `tests:` section."""

    @property
    def name(self) -> str: ...
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def passed(self) -> bool: ...
    @property
    def failures(self) -> tuple[str, ...]: ...

# A text column: (codes of any signed int dtype, -1 for empty; the distinct values
# as a sequence of str or as Arrow (offsets, data) buffers). "" is an empty cell.
_TextColumn = tuple[npt.ArrayLike, Sequence[str] | tuple[npt.ArrayLike, npt.ArrayLike]]
# (values, ticks per day): datetime64 ticks as int64 (NaT missing), or days with 1.
_Dates = tuple[npt.ArrayLike, int]
# (name, person_level, kind, values): kind "boolean" (uint8), "number" (float64,
# NaN absent), "date" (_Dates, NaT absent) or "cells" ((kinds uint8, numbers
# float64, text codes, text categories)).
_Attribute = tuple[str, bool, str, Any]

class Population:
    """A population in long form (SPEC §3) whose columns C++ reads from numpy/Arrow
    buffers. Built by civeff.frame from a DataFrame; the arrays must not change
    while it is used."""

    def __init__(
        self,
        rows: int,
        person: _TextColumn,
        dates: _Dates,
        *,
        unit: _TextColumn | None = None,
        title: _TextColumn | None = None,
        hours: npt.ArrayLike | None = None,
        marks: _TextColumn | None = None,
        exempt: npt.ArrayLike | None = None,
        attributes: Sequence[_Attribute] = ...,
        file: str = "<DataFrame>",
        threads: int = 0,
    ) -> None: ...
    @staticmethod
    def read_csv(path: str | os.PathLike[str]) -> Population:
        """Reads a population CSV with the engine's own reader (as `civeff batch` does)."""
    @property
    def rows(self) -> int: ...
    @property
    def persons(self) -> int: ...
    @property
    def problem(self) -> tuple[int, str] | None:
        """(row position, message) of the first row with no person or no date, else None."""

def compile(
    path: str | os.PathLike[str],
    overlays: Sequence[str | os.PathLike[str] | tuple[str, bytes]] = ...,
    allow_outside_includes: bool = False,
) -> tuple[Ruleset | None, list[Diagnostic], list[tuple[str, bytes]]]:
    """Compiles a ruleset: (Ruleset or None when there are errors, all diagnostics sorted, [(name,
    bytes)] of every rules text read). An overlay is a path, or (name, UTF-8 bytes) for a text.
    Includes that resolve outside the ruleset folder are errors unless allow_outside_includes."""

def compile_files(
    files: Mapping[str, bytes],
    overlays: Sequence[str | os.PathLike[str] | tuple[str, bytes]] = ...,
) -> tuple[Ruleset | None, list[Diagnostic], list[tuple[str, bytes]]]:
    """compile() for a ruleset held in memory: {relative name: UTF-8 bytes}, the root being
    'ruleset.yaml'."""

class Ruleset:
    """A compiled ruleset (immutable; share it between threads)."""

    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def overlays(self) -> list[str]: ...
    @property
    def scales(self) -> list[str]: ...
    @property
    def marks(self) -> list[str]: ...
    @property
    def units(self) -> list[str]: ...
    @property
    def equivalences(self) -> list[str]: ...
    @property
    def diplomas(self) -> list[str]: ...
    def evaluate(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | str | os.PathLike[str],
        as_of: _DateLike,
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> tuple[Result, list[Diagnostic], int]:
        """Evaluates one portfolio (a mapping, a list of achievements, or a YAML/JSON file path):
        (Result, the first warnings W010/W011, how many warnings in all)."""
    def explain(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | str | os.PathLike[str],
        as_of: _DateLike,
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> tuple[Explanation, list[Diagnostic], int]:
        """Explains one portfolio (SPEC 12): (Explanation, the first warnings W010/W011, how many in all)."""
    def advise(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | str | os.PathLike[str],
        diploma: str,
        as_of: _DateLike,
        top: int = 3,
        max_steps: int = 1000000,
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> dict[str, Any]:
        """ruleset::advise with the GIL released: {person, as_of, diploma, status, plans [(hours,
        [(unit, hours, credits)])], blocking, proven, steps, candidates, warnings, warning_count,
        language ('nl' or 'en'), advice (the engine's object)}."""
    def what_if(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | str | os.PathLike[str],
        add: Sequence[Mapping[str, Any]],
        as_of: _DateLike,
        max_steps: int = 1000000,
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> dict[str, Any]:
        """ruleset::what_if with the GIL released: {json, proven, impl (the engine's object), warnings,
        warning_count, language}. `add`: [{unit, marks, attrs, hours, date}], date as_of by default."""
    def course_options(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | str | os.PathLike[str],
        diploma: str,
        as_of: _DateLike,
        top: int = 5,
        max_steps: int = 1000000,
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> dict[str, Any]:
        """ruleset::course_options with the GIL released: {options: [{unit, hours, hours_saved,
        saved_per_hour, what_if: {json, proven, impl}}], warnings, warning_count, language}."""
    def report(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | str | os.PathLike[str],
        as_of: _DateLike,
        lang: str | None = None,
        format: str = "html",
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
        ruleset_path: str = "",
        portfolio_path: str = "",
        overlay_paths: list[str] = ...,
    ) -> tuple[str | bytes, list[Diagnostic], int]:
        """render_report (and print_pdf for format 'pdf') with the GIL released: (the page as str, or
        the PDF as bytes; the first reading warnings; how many in all)."""
    def advise_batch(
        self,
        population: Population,
        diploma: str,
        as_of: _DateLike,
        max_steps: int = 1000000,
        threads: int = 0,
    ) -> dict[str, Any]:
        """advise_batch with the GIL released (Ctrl-C stops it): diploma, persons (sorted), status
        (uint8), hours_to_complete (float64, NaN: no plan), units_codes (int32) into
        units_categories (the cheapest plan's ids `;`-joined), proven (uint8), errors."""
    def declared_attributes(self, person: bool) -> list[tuple[str, str, float | None, float | None]] | None:
        """SPEC §11: [(name, type, min, max)] of `attributes` (or `person_attributes`), None
        when not declared."""
    def run_tests(self) -> list[TestOutcome]: ...
    def graph_dot(self) -> str: ...
    def batch(
        self, population: Population, as_of: _DateLike, threads: int = 0, with_persons: bool = False
    ) -> dict[str, Any]:
        """evaluate_batch: person_codes (int32, into the input's person categories;
        persons as text too with with_persons), diplomas, status (uint8), progress
        (float64), missing_codes (int32), missing_categories, errors."""
    def time_batch(
        self, population: Population, as_of: _DateLike, threads: int = 0, repeat: int = 1
    ) -> list[float]:
        """Seconds per evaluate_batch run on an already-built population (benchmarks)."""
    def levels(self, population: Population, as_of: _DateLike, threads: int = 0) -> dict[str, Any]:
        """known (uint8), counted (uint8), scales [(name, codes int32, categories)], errors."""
    def credits(self, population: Population, as_of: _DateLike, threads: int = 0) -> dict[str, Any]:
        """person_codes, person_categories, unit_codes, unit_categories, days, via_codes,
        via_categories, errors."""

    def same_declarations(self, other: Ruleset) -> bool:
        """SPEC §11: both declare the same attributes, so a population reads the same under either."""

    # Rule metadata (register_metadata.cpp): {column: one value per entry}, plain Python
    # values (str or None, lists, dates as days since 1970-01-01 or None, ISO durations).
    def scales_table(self) -> dict[str, list[Any]]: ...
    def marks_table(self) -> dict[str, list[Any]]: ...
    def mark_levels_table(self) -> dict[str, list[Any]]: ...
    def units_table(self) -> dict[str, list[Any]]: ...
    def equivalences_table(self) -> dict[str, list[Any]]: ...
    def diplomas_table(self) -> dict[str, list[Any]]: ...
    def requirements_table(self, diploma: str | None = None) -> dict[str, list[Any]]:
        """The requirement nodes of one diploma (None: of all), in document order; ValueError
        for an unknown diploma."""
