# SPDX-License-Identifier: Apache-2.0
"""What a course would add: :class:`WhatIf` and the course chooser (docs/language.md, "What if").

>>> w = rs.what_if(portfolio, add=[{"unit": "23385-P2-K1-W3", "marks": ["examen"]}],
...                as_of="2026-11-01")                      # doctest: +SKIP
>>> w.credits_gained, w.diplomas["25960"].hours_to_complete_after   # doctest: +SKIP
>>> w.to_dict()          # the JSON of `civeff whatif --format json`  # doctest: +SKIP
>>> print(w)             # its text, in the ruleset's language  # doctest: +SKIP
>>> for o in rs.course_options(portfolio, "25960", as_of="2026-11-01"):   # doctest: +SKIP
...     print(o.unit, o.hours, o.hours_saved)
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import _core
from ._frozen import LANGUAGES, _Rendered
from ._ruleset import DateLike, _as_of, _bool_arg, _encoding, _person
from .errors import _issue

if TYPE_CHECKING:
    from ._ruleset import Ruleset

__all__ = ["AddedAchievement", "CourseOption", "WhatIf", "WhatIfDiploma", "course_options", "what_if"]

#: The languages of :meth:`WhatIf.text` (``civeff whatif --lang``).

PortfolioLike = Mapping[str, Any] | Sequence[Mapping[str, Any]] | str | os.PathLike[str]


@dataclass(frozen=True)
class AddedAchievement:
    """An achievement the what-if adds, as the engine took it: ``hours`` None means
    the unit's declared hours; ``exempt`` is true for a unit taken as advice takes it
    (:meth:`civeff.Ruleset.course_options`). ``attrs`` is a read-only mapping."""

    unit: str
    date: _dt.date
    marks: tuple[str, ...]
    attrs: Mapping[str, Any]
    hours: float | None
    exempt: bool


@dataclass(frozen=True)
class WhatIfDiploma:
    """One diploma before and after: status, progress and hours to complete (the
    cheapest advice plan's hours; 0 when complete, None when no plan completes it)."""

    status_before: str
    status_after: str
    progress_before: float
    progress_after: float
    hours_to_complete_before: float | None
    hours_to_complete_after: float | None

    @property
    def changed(self) -> bool:
        """Whether anything differs between before and after."""
        return (
            self.status_before != self.status_after
            or self.progress_before != self.progress_after
            or self.hours_to_complete_before != self.hours_to_complete_after
        )


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


class WhatIf(_Rendered):
    """What adding achievements changes for one person at ``as_of``
    (:meth:`civeff.Ruleset.what_if`): two evaluations and two advice searches per
    diploma, compared.

    - ``added``: the achievements added (:class:`AddedAchievement`);
    - ``levels``: per added unit, its level on each scale (``None``: no level);
    - ``credits_gained`` / ``credits_lost``: units credited only with / only
      without them, byte order;
    - ``diplomas``: every diploma, by id (:class:`WhatIfDiploma`);
    - ``proven``: every advice search behind the hours ended by itself (the JSON
      does not hold it; the text says so when false).

    ``to_dict()`` is the JSON of ``civeff whatif --format json`` and ``str()`` its
    text, both written by the engine. Immutable and picklable.
    """

    __slots__ = (
        "_impl",
        "_json",
        "_language",
        "_texts",
        "added",
        "as_of",
        "credits_gained",
        "credits_lost",
        "diplomas",
        "levels",
        "person",
        "proven",
    )

    person: str
    as_of: _dt.date
    added: tuple[AddedAchievement, ...]
    levels: Mapping[str, Mapping[str, str | None]]
    credits_gained: tuple[str, ...]
    credits_lost: tuple[str, ...]
    diplomas: Mapping[str, WhatIfDiploma]
    proven: bool
    _impl: _core.WhatIf | None  # None once unpickled: the JSON and both texts are kept instead
    _json: str
    _language: str
    _texts: dict[str, str]

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError("WhatIf objects come from Ruleset.what_if(...) or Ruleset.course_options(...)")

    @classmethod
    def _create(
        cls,
        impl: _core.WhatIf | None,
        json_text: str,
        proven: bool,
        language: str,
        texts: Mapping[str, str] | None = None,
    ) -> WhatIf:
        self = object.__new__(cls)
        data = json.loads(json_text)
        added = tuple(
            AddedAchievement(
                a["unit"],
                _dt.date.fromisoformat(a["date"]),
                tuple(a["marks"]),
                types.MappingProxyType(dict(a["attrs"])),
                _number(a["hours"]),
                bool(a["exempt"]),
            )
            for a in data["added"]
        )
        diplomas = {
            d: WhatIfDiploma(
                v["status_before"],
                v["status_after"],
                float(v["progress_before"]),
                float(v["progress_after"]),
                _number(v["hours_to_complete_before"]),
                _number(v["hours_to_complete_after"]),
            )
            for d, v in data["diplomas"].items()
        }
        values = {
            "person": str(data["person"]),
            "as_of": _dt.date.fromisoformat(data["as_of"]),
            "added": added,
            "levels": types.MappingProxyType(
                {u: types.MappingProxyType(dict(levels)) for u, levels in data["levels"].items()}
            ),
            "credits_gained": tuple(data["credits"]["gained"]),
            "credits_lost": tuple(data["credits"]["lost"]),
            "diplomas": types.MappingProxyType(diplomas),
            "proven": bool(proven),
            "_impl": impl,
            "_json": json_text,
            "_language": language,
            "_texts": dict(texts or {}),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # The engine's object stays in C++; a pickle carries the JSON, `proven` and both texts.
        texts = {lang: self.text(lang) for lang in LANGUAGES}
        return (_restore, (self._json, self.proven, self._language, texts))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WhatIf):
            return NotImplemented
        return (self._json, self.proven) == (other._json, other.proven)

    def __hash__(self) -> int:
        return hash((self._json, self.proven))

    # ------------------------------------------------------------ the engine's forms

    def to_json(self) -> str:
        """The JSON text, exactly as ``civeff whatif --format json`` prints it."""
        return self._json

    def to_dict(self) -> dict[str, Any]:
        """The JSON as Python data (a new copy each call): ``person``, ``as_of``,
        ``added``, ``levels``, ``credits`` (``gained``, ``lost``), ``diplomas``."""
        data: dict[str, Any] = json.loads(self._json)
        return data

    def __repr__(self) -> str:
        units = ", ".join(a.unit for a in self.added) or "nothing"
        changed = [d for d, v in self.diplomas.items() if v.changed]
        gained = ", ".join(self.credits_gained) or "none"
        return (
            f"<civeff.WhatIf person={self.person!r} as_of={self.as_of} add {units}: credits gained {gained}; "
            f"diplomas changed {', '.join(changed) or 'none'}>"
        )


def _restore(json_text: str, proven: bool, language: str, texts: dict[str, str]) -> WhatIf:
    return WhatIf._create(None, json_text, proven, language, texts)


@dataclass(frozen=True, eq=False)
class CourseOption:
    """A unit to take for a diploma (:meth:`civeff.Ruleset.course_options`): its
    declared ``hours``, the diploma's hours to complete it saves (``hours_saved``,
    before minus after) and ``saved_per_hour``, with its :class:`WhatIf`."""

    unit: str
    hours: float
    hours_saved: float
    saved_per_hour: float
    what_if: WhatIf


def _what_if_of(out: Mapping[str, Any], language: str) -> WhatIf:
    return WhatIf._create(out["impl"], out["json"], out["proven"], language)


def _max_steps(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"max_steps: expected a positive int, got {value!r}")
    return value


def _where(portfolio: PortfolioLike) -> str:
    return os.fspath(portfolio) if isinstance(portfolio, (str, os.PathLike)) else "<python>"


def what_if(
    ruleset: Ruleset,
    portfolio: PortfolioLike,
    add: Sequence[Mapping[str, Any]],
    as_of: DateLike | None = None,
    max_steps: int = 1_000_000,
    strict: bool = False,
    encoding: str = "utf-8",
    person: str | None = None,
) -> WhatIf:
    """:meth:`civeff.Ruleset.what_if`."""
    if isinstance(add, Mapping):
        raise TypeError("add: expected a list of mappings {unit, marks, attrs, hours, date}, got one mapping")
    out = ruleset._impl.what_if(
        portfolio,
        add,
        _as_of(as_of),
        _max_steps(max_steps),
        _bool_arg(strict, "strict"),
        _encoding(encoding),
        _person(person),
    )
    _issue(out["warnings"], out["warning_count"], _where(portfolio))
    return _what_if_of(out, out["language"])


def course_options(
    ruleset: Ruleset,
    portfolio: PortfolioLike,
    diploma: str,
    as_of: DateLike | None = None,
    top: int = 5,
    max_steps: int = 1_000_000,
    strict: bool = False,
    encoding: str = "utf-8",
    person: str | None = None,
) -> tuple[CourseOption, ...]:
    """:meth:`civeff.Ruleset.course_options`."""
    if not isinstance(diploma, str):
        raise TypeError(f"diploma: expected a diploma id (str), got {type(diploma).__name__}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 0:
        raise ValueError(f"top: expected an int >= 0, got {top!r}")
    out = ruleset._impl.course_options(
        portfolio,
        diploma,
        _as_of(as_of),
        top,
        _max_steps(max_steps),
        _bool_arg(strict, "strict"),
        _encoding(encoding),
        _person(person),
    )
    _issue(out["warnings"], out["warning_count"], _where(portfolio))
    return tuple(
        CourseOption(
            o["unit"],
            float(o["hours"]),
            float(o["hours_saved"]),
            float(o["saved_per_hour"]),
            _what_if_of(o["what_if"], out["language"]),
        )
        for o in out["options"]
    )
