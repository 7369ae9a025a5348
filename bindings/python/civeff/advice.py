# SPDX-License-Identifier: Apache-2.0
"""What a person still needs for a diploma, and the cheapest ways to it (SPEC §12).

>>> a = rs.advise(portfolio, "25656", as_of="2026-06-01")   # doctest: +SKIP
>>> a.plans[0].hours, [u.unit for u in a.plans[0].units]     # the cheapest plan  # doctest: +SKIP
>>> a.to_dict()          # the JSON of `civeff advise --format json`  # doctest: +SKIP
>>> print(a)             # its text, in the ruleset's language  # doctest: +SKIP
>>> rs.advise_frame(df, "25656", as_of="2026-06-01")   # a population, one row per person  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _core, frame
from ._frozen import LANGUAGES, _Rendered
from ._ruleset import DateLike, _as_of, _bool_arg, _encoding, _person, _threads
from .errors import _issue

if TYPE_CHECKING:
    from ._ruleset import Ruleset

__all__ = ["ADVICE_COLUMNS", "Advice", "Plan", "PlanUnit", "advise", "advise_frame"]

#: The columns of :func:`advise_frame`, in order (those of ``civeff advise POP.csv --out F``).
ADVICE_COLUMNS = ("person", "diploma", "status", "hours_to_complete", "units", "proven")

#: The languages of :meth:`Advice.text` (``civeff advise --lang``).


@dataclass(frozen=True)
class PlanUnit:
    """One unit of a plan: its declared ``hours`` and the units taking it newly
    ``credits`` (itself and every unit whose derivation in the plan uses it), byte order."""

    unit: str
    hours: float
    credits: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A minimal plan: units, none credited now, whose taking completes the diploma.
    ``hours`` is its cost, the sum of its units' hours; ``units`` are in byte order."""

    hours: float
    units: tuple[PlanUnit, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """The plan's unit ids, byte order."""
        return tuple(u.unit for u in self.units)


class Advice(_Rendered):
    """The advice of :meth:`civeff.Ruleset.advise` for one person, ``as_of`` and diploma.

    - ``status``: the diploma's status now (``none``, ``partial``, ``complete``);
    - ``plans``: the minimal plans (:class:`Plan`) cheapest first, in SPEC §12's
      order (hours, then number of units, then the byte-ordered ids), at most
      ``top``; one plan of 0 hours and no units for a complete diploma, none
      when no plan completes it;
    - ``blocking``: when no plan completes the diploma, the missing leaves of the
      evaluation with every candidate unit taken (``guard: TEXT`` for a
      requirement its guard leaves out); otherwise empty;
    - ``proven``: the search ended by itself, so the plans are exactly the first
      minimal ones; false when it stopped at ``max_steps`` (the best found);
    - ``steps`` (evaluations and search nodes used) and ``candidates`` (units the
      search chose among), which the JSON does not hold.

    ``to_dict()`` is the JSON of ``civeff advise --format json`` and ``str()`` its
    text, both written by the engine. Immutable and picklable.
    """

    __slots__ = (
        "_impl",
        "_json",
        "_language",
        "_texts",
        "as_of",
        "blocking",
        "candidates",
        "diploma",
        "person",
        "plans",
        "proven",
        "status",
        "steps",
    )

    person: str
    as_of: _dt.date
    diploma: str
    status: str
    plans: tuple[Plan, ...]
    blocking: tuple[str, ...]
    proven: bool
    steps: int
    candidates: int
    _impl: _core.Advice | None  # None once unpickled: the JSON and both texts are kept instead
    _json: str | None
    _language: str
    _texts: dict[str, str]

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError("Advice objects come from Ruleset.advise(...)")

    @classmethod
    def _create(
        cls,
        impl: _core.Advice | None,
        fields: Mapping[str, Any],
        language: str,
        json_text: str | None = None,
        texts: Mapping[str, str] | None = None,
    ) -> Advice:
        self = object.__new__(cls)
        plans = tuple(
            Plan(float(hours), tuple(PlanUnit(unit, float(h), tuple(credits)) for unit, h, credits in units))
            for hours, units in fields["plans"]
        )
        values = {
            "person": str(fields["person"]),
            "as_of": fields["as_of"],
            "diploma": str(fields["diploma"]),
            "status": str(fields["status"]),
            "plans": plans,
            "blocking": tuple(fields["blocking"]),
            "proven": bool(fields["proven"]),
            "steps": int(fields["steps"]),
            "candidates": int(fields["candidates"]),
            "_impl": impl,
            "_json": json_text,
            "_language": language,
            "_texts": dict(texts or {}),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # The engine's object stays in C++; a pickle carries the fields, the JSON and both texts.
        fields = {
            "person": self.person,
            "as_of": self.as_of,
            "diploma": self.diploma,
            "status": self.status,
            "plans": [(p.hours, [(u.unit, u.hours, list(u.credits)) for u in p.units]) for p in self.plans],
            "blocking": list(self.blocking),
            "proven": self.proven,
            "steps": self.steps,
            "candidates": self.candidates,
        }
        texts = {lang: self.text(lang) for lang in LANGUAGES}
        return (_restore, (fields, self._language, self.to_json(), texts))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Advice):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[Any, ...]:
        return (
            self.person,
            self.as_of,
            self.diploma,
            self.status,
            self.plans,
            self.blocking,
            self.proven,
            self.steps,
            self.candidates,
        )

    # ------------------------------------------------------------ the engine's forms

    def to_json(self) -> str:
        """The JSON text, exactly as ``civeff advise --format json`` prints it."""
        if self._json is None:
            assert self._impl is not None, "an unpickled Advice keeps its JSON"
            object.__setattr__(self, "_json", self._impl.to_json())
        assert self._json is not None
        return self._json

    def to_dict(self) -> dict[str, Any]:
        """The JSON as Python data (a new copy each call): ``person``, ``as_of``
        (``YYYY-MM-DD``), ``diploma``, ``status``, ``plans`` (``[{hours, units:
        [{unit, hours, credits}]}]``), ``blocking``, ``proven``."""
        data: dict[str, Any] = json.loads(self.to_json())
        return data

    # ------------------------------------------------------------ conveniences

    @property
    def hours_to_complete(self) -> float | None:
        """The cheapest plan's hours (0 when complete); None when no plan completes the diploma."""
        return self.plans[0].hours if self.plans else None

    def __repr__(self) -> str:
        if not self.plans:
            found = "no plan"
        else:
            cheapest = self.plans[0]
            ids = ", ".join(cheapest.ids) if cheapest.units else "nothing to take"
            more = "" if len(self.plans) == 1 else f" (+{len(self.plans) - 1} more)"
            found = f"cheapest {_hours(cheapest.hours)} h: {ids}{more}"
        proven = "" if self.proven else ", not proven"
        return (
            f"<civeff.Advice person={self.person!r} diploma={self.diploma!r} as_of={self.as_of} "
            f"status={self.status}: {found}{proven}>"
        )


def _hours(value: float) -> str:
    # As the engine prints numbers: integers without a fraction.
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _restore(fields: dict[str, Any], language: str, json_text: str, texts: dict[str, str]) -> Advice:
    return Advice._create(None, fields, language, json_text, texts)


# ---------------------------------------------------------------- one person


def _positive(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{what}: expected a positive int, got {value!r}")
    return value


def _diploma(value: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"diploma: expected a diploma id (str), got {type(value).__name__}")
    return value


def advise(
    ruleset: Ruleset,
    portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | str | os.PathLike[str],
    diploma: str,
    as_of: DateLike | None = None,
    top: int = 3,
    max_steps: int = 1_000_000,
    strict: bool = False,
    encoding: str = "utf-8",
    person: str | None = None,
) -> Advice:
    """:meth:`civeff.Ruleset.advise`."""
    out = ruleset._impl.advise(
        portfolio,
        _diploma(diploma),
        _as_of(as_of),
        _positive(top, "top"),
        _positive(max_steps, "max_steps"),
        _bool_arg(strict, "strict"),
        _encoding(encoding),
        _person(person),
    )
    where = os.fspath(portfolio) if isinstance(portfolio, (str, os.PathLike)) else "<python>"
    _issue(out["warnings"], out["warning_count"], where)
    return Advice._create(out["advice"], out, out["language"])


# ---------------------------------------------------------------- a population


def advise_frame(
    ruleset: Ruleset,
    df: pd.DataFrame,
    diploma: str,
    as_of: DateLike | None = None,
    max_steps: int = 1_000_000,
    threads: int | None = None,
    errors: frame.Errors = "raise",
    strict: bool = False,
) -> pd.DataFrame:
    """:meth:`civeff.Ruleset.advise_frame`."""
    n = _threads(threads)
    source = frame._build(df, ruleset, n, strict)
    out = ruleset._impl.advise_batch(
        source.population, _diploma(diploma), _as_of(as_of), _positive(max_steps, "max_steps"), n
    )
    persons = out["persons"]
    units = frame._strings(list(out["units_categories"]), np.asarray(out["units_codes"]))
    result: pd.DataFrame = pd.DataFrame(
        {
            "person": pd.Series(np.asarray(persons, dtype=object), dtype=frame._STR),
            "diploma": pd.Series(np.full(len(persons), out["diploma"], dtype=object), dtype=frame._STR),
            "status": pd.Categorical.from_codes(
                np.asarray(out["status"]).view(np.int8), dtype=frame.STATUS_DTYPE, validate=False
            ),
            "hours_to_complete": np.asarray(out["hours_to_complete"], dtype=np.float64),
            "units": pd.Series(units, dtype=frame._STR),
            "proven": np.asarray(out["proven"]).astype(bool),
        },
        columns=list(ADVICE_COLUMNS),
    )
    result = frame._handle_errors(out["errors"], errors, result)
    _issue(source.warnings, source.warning_count, frame._FRAME)
    return result
