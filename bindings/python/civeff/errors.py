# SPDX-License-Identifier: Apache-2.0
"""civeff's exceptions and the diagnostics they carry.

Every exception the engine raises is a :class:`CiveffError` with a tuple of
:class:`Diagnostic` in ``.diagnostics``:

- :class:`RuleError`: the rules are broken (``civeff check`` / exit code 1);
- :class:`InputError`: a portfolio, population, path or argument is bad (exit code 2);
  it is also a :class:`ValueError`;
- :class:`EvaluationError`: an expression failed while evaluating a person
  (division by zero).

Findings that do not stop the input from being read (a value of a declared
attribute that does not convert, W010; an unknown column or attribute, W011; a
unit id that differs from a known one only in case, W013; in a diff, a mark
that only one side has, W012) are issued through :func:`warnings.warn` as
:class:`InputWarning`.

All of them pickle, so they travel back from Dask or multiprocessing workers.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["CiveffError", "Diagnostic", "EvaluationError", "InputError", "InputWarning", "RuleError"]


@dataclass(frozen=True)
class Diagnostic:
    """One finding, as the compilers print it: ``FILE:LINE:COLUMN: error[CODE]: MESSAGE``.

    ``line`` and ``column`` are 1-based (columns count characters); 0 means unknown.
    ``code`` is stable (``E001`` ...; the language reference lists them all).
    ``severity`` is ``"error"``, ``"warning"`` or ``"note"``; ``notes`` hold the
    secondary places ("first defined here"). ``follow_on`` is true for an error
    that follows from an earlier one (a name whose definition failed to load):
    ``civeff check`` prints it only with ``--all``.
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: str = "error"
    notes: tuple[Diagnostic, ...] = ()
    follow_on: bool = False

    def _one_line(self, severity: str) -> str:
        place = self.file
        if self.line > 0:
            place += f":{self.line}"
            if self.column > 0:
                place += f":{self.column}"
        prefix = f"{place}: " if place else ""
        if severity == "note":
            return f"{prefix}note: {self.message}"
        code = f"[{self.code}]" if self.code else ""
        return f"{prefix}{severity}{code}: {self.message}"

    def __str__(self) -> str:
        lines = [self._one_line(self.severity)]
        lines.extend(note._one_line("note") for note in self.notes)
        return "\n".join(lines)


class CiveffError(Exception):
    """Base of civeff's exceptions: a message plus the diagnostics behind it."""

    diagnostics: tuple[Diagnostic, ...]

    def __init__(self, message: str = "", diagnostics: Any = ()) -> None:
        self.diagnostics = tuple(diagnostics)
        if not message:
            message = "\n".join(str(d) for d in self.diagnostics)
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.diagnostics), self.__dict__.copy())


class RuleError(CiveffError):
    """The ruleset (or an overlay) has errors; ``.diagnostics`` lists every one found."""


class InputError(CiveffError, ValueError):
    """A portfolio, population, path or argument is bad."""


class EvaluationError(CiveffError):
    """Evaluating one or more persons failed (e.g. a division by zero in a rule).

    From the frame functions, ``.result`` holds the output for everyone else
    (the persons that failed are left out), so a long run is not lost.
    """

    result: Any = None


class InputWarning(UserWarning):
    """A finding about an input that is read all the same (SPEC §11): W010, W011, W013;
    from :func:`civeff.diff` also W012, a mark that only one of the two rulesets has (SPEC §12).

    ``str()`` is the command line's line (``FILE:LINE:COL: warning[W010]: ...``,
    ``row LABEL`` for a DataFrame cell). At most 20 are issued per input, then
    one more with the count of the rest (``FILE: note: N more warnings not
    shown``). ``diagnostic`` holds the :class:`Diagnostic`; it is None for the
    count. Under ``strict=True`` every W010 and W011 is an :class:`InputError` instead.
    """

    diagnostic: Diagnostic | None

    def __init__(self, message: str, diagnostic: Diagnostic | None = None) -> None:
        super().__init__(message)
        self.diagnostic = diagnostic

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.diagnostic))


#: How many warnings of one input are issued before one with the count of the
#: rest (the command line's limit, ``input_warnings::shown_limit``).
SHOWN_WARNINGS = 20


def _stacklevel() -> int:
    """The stacklevel, for warnings.warn called by our caller, of the first frame outside civeff."""
    level, frame = 2, sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == "civeff":
        level += 1
        frame = frame.f_back  # type: ignore[assignment]
    return level


def _issue(shown: Sequence[Diagnostic], total: int, file: str) -> None:
    """SPEC §11: the first warnings of one input as InputWarning, then one with the
    count of the rest, worded as the command line prints them."""
    level = _stacklevel()
    for d in shown:
        warnings.warn(InputWarning(str(d), d), stacklevel=level)
    more = total - len(shown)
    if more > 0:
        text = f"{file}: note: {more} more warning{'' if more == 1 else 's'} not shown"
        warnings.warn(InputWarning(text), stacklevel=level)
