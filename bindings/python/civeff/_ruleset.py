# SPDX-License-Identifier: Apache-2.0
"""The compiled ruleset: :func:`load`, :func:`load_files`, :func:`check` and :class:`Ruleset`."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import numbers
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from . import _core
from .errors import Diagnostic, RuleError, _issue
from .explain import Explanation

if TYPE_CHECKING:
    import pandas as pd

    from .advice import Advice
    from .whatif import CourseOption, WhatIf

__all__ = ["DateLike", "OverlayLike", "Ruleset", "check", "load", "load_files"]

#: What a date argument accepts: a ``datetime.date`` (a ``datetime.datetime`` or
#: ``pandas.Timestamp`` gives its calendar day), a ``numpy.datetime64``, or an ISO
#: ``"YYYY-MM-DD"`` string.
DateLike = Any

PathLike = str | os.PathLike[str]

#: One overlay (SPEC §2.7): a path (``str`` or ``os.PathLike``), a YAML text (a
#: ``str`` that holds a line break) or a mapping (the overlay's YAML as Python data).
OverlayLike = str | os.PathLike[str] | Mapping[str, Any]

# An overlay as the engine takes it: an absolute path, or (name, UTF-8 text).
_Overlay = str | tuple[str, bytes]


def _resolve(path: PathLike, overlays: Sequence[OverlayLike]) -> tuple[str, tuple[_Overlay, ...]]:
    """The ruleset's absolute path and its overlays as the engine takes them.

    Paths are made absolute, so a pickled Ruleset reloads the same files from any
    directory: an overlay path is taken relative to the current directory; when
    nothing is there and the ruleset is a directory, relative to the ruleset's
    directory (so ``load("rules/nl-zorg", overlays=["scenarios/x.yaml"])`` works as
    in SPEC §8).
    """
    root = os.path.abspath(os.fspath(path))
    return root, _overlays(overlays, root if os.path.isdir(root) else None)


def _overlays(overlays: Sequence[OverlayLike], folder: str | None) -> tuple[_Overlay, ...]:
    """Paths made absolute (tried beside ``folder`` when not found), texts and
    mappings as ``(<overlay N>, UTF-8 text)`` with N the 1-based place."""
    if isinstance(overlays, (str, os.PathLike, Mapping)):
        raise TypeError("overlays: expected a list of paths, texts or dicts, got a single one")
    out: list[_Overlay] = []
    for i, overlay in enumerate(overlays, start=1):
        name = f"<overlay {i}>"
        if isinstance(overlay, Mapping):
            out.append((name, _overlay_json(overlay, i)))
        elif isinstance(overlay, str) and ("\n" in overlay or "\r" in overlay):
            # surrogatepass: text that is not valid Unicode reaches the engine's
            # UTF-8 check (E002 at its place) instead of failing here.
            out.append((name, overlay.encode("utf-8", "surrogatepass")))
        elif isinstance(overlay, (str, os.PathLike)):
            out.append(_overlay_path(os.fspath(overlay), folder, i))
        else:
            raise TypeError(
                f"overlays[{i - 1}]: expected a path, a YAML text or a mapping, got {type(overlay).__name__}"
            )
    return tuple(out)


def _overlay_path(text: str, folder: str | None, place: int) -> str:
    candidate = os.path.abspath(text)
    if not os.path.exists(candidate) and not os.path.isabs(text):
        if folder is not None and os.path.exists(os.path.join(folder, text)):
            return os.path.join(folder, text)
        if text.lstrip().startswith(("{", "civeff:")):
            raise ValueError(
                f"overlays[{place - 1}]: {text[:60]!r} is no file; an overlay text must hold a line "
                "break (or pass the overlay as a dict)"
            )
    return candidate


def _overlay_json(overlay: Mapping[str, Any], place: int) -> bytes:
    """A mapping overlay as JSON text (JSON is YAML), 2-space indented: the lines
    and columns of its diagnostics are those of ``json.dumps(overlay, indent=2)``."""
    try:
        text = json.dumps(overlay, indent=2, ensure_ascii=False, allow_nan=False, default=_json_value)
    except (TypeError, ValueError) as e:
        raise type(e)(f"overlays[{place - 1}]: {e}") from None
    return text.encode("utf-8", "surrogatepass")


def _json_value(value: object) -> object:
    """Dates as ISO text; numpy numbers as numbers."""
    if isinstance(value, _dt.datetime):
        raise TypeError(f"a datetime has no place in rules, got {value!r}; give a date")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not a YAML value")


def _token(sources: Sequence[tuple[str, bytes]]) -> str:
    """SHA-256 over every rules text compiled (name and bytes, length-prefixed)."""
    digest = hashlib.sha256()
    for name, text in sources:
        for part in (name.encode("utf-8", "surrogatepass"), text):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
    return digest.hexdigest()


def _as_of(value: DateLike | None) -> DateLike:
    """None means today in UTC (SPEC §10), resolved now, once."""
    return _today() if value is None else value


def _threads(value: int | None) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"threads: expected a positive int or None (all cores), got {value!r}")
    return value


def check(
    path: PathLike, overlays: Sequence[OverlayLike] = (), allow_outside_includes: bool = False
) -> list[Diagnostic]:
    """Compile a ruleset and return every diagnostic (errors and warnings), sorted.

    Unlike :func:`load` this never raises for bad rules; an empty list means clean.
    ``overlays`` and ``allow_outside_includes`` are as for :func:`load`.
    """
    root, resolved = _resolve(path, overlays)
    _, diagnostics, _ = _core.compile(root, list(resolved), _flag(allow_outside_includes))
    return list(diagnostics)


def load(
    path: PathLike, overlays: Sequence[OverlayLike] = (), allow_outside_includes: bool = False
) -> Ruleset:
    """Load, check and compile a ruleset directory (with ``ruleset.yaml``) or YAML file.

    ``overlays`` (scenarios, SPEC §2.7) apply in the order given. Each is
    - a path (``str`` or ``os.PathLike``) of an overlay file, relative to the
      current directory or, when nothing is there, to the ruleset's directory;
    - a YAML text: a ``str`` that holds a line break (a ``str`` without one is
      always a path);
    - a mapping, the overlay as Python data (``{"civeff": 1, "overlay": "x",
      "diplomas": [...]}``; dates may be ``datetime.date``), written as JSON
      (which is YAML) with ``json.dumps(overlay, indent=2)``.
    Diagnostics name a text or mapping overlay ``<overlay N>``, N its 1-based
    place in ``overlays``, with the line and column in that text (for a mapping,
    in its ``json.dumps(overlay, indent=2)``). So a parameter sweep is a loop::

        for points in (160, 170, 184):
            rs = civeff.load("rules/nl-zorg", overlays=[{..., "min": points, ...}])

    Raises :class:`civeff.RuleError` with ``.diagnostics`` (file, line, column,
    code, message) listing every error found; warnings are kept in
    ``Ruleset.warnings``.

    An include (or glob match) that resolves outside the folder of ``ruleset.yaml``
    (by ``..``, an absolute path or a symlink) is error E008 unless
    ``allow_outside_includes=True``, as ``--allow-outside-includes`` on the command
    line; the rules then come only from files their author put in that folder.
    Overlays are not restricted.

    >>> rs = civeff.load("rules/nl-zorg", overlays=["scenarios/nrto-national.yaml"])  # doctest: +SKIP
    """
    root, resolved = _resolve(path, overlays)
    return _restore(root, resolved, _flag(allow_outside_includes))


def load_files(files: Mapping[str, str], overlays: Sequence[OverlayLike] = ()) -> Ruleset:
    """Load, check and compile a ruleset held in memory, as :func:`load` does a folder.

    ``files`` maps relative names with ``/`` between folders to YAML texts; the
    root is ``"ruleset.yaml"``, and its includes match the other names
    (``"units/*.yaml"`` matches ``"units/a.yaml"``). Diagnostics name the files by
    these names. Includes never leave ``files`` and never read a file on disk.
    ``overlays`` are as for :func:`load` (paths relative to the current directory).
    The Ruleset pickles with its texts, so it needs no files where it is unpickled.

    >>> rs = civeff.load_files({"ruleset.yaml": 'civeff: 1\\nruleset: r\\nversion: "1"\\n'})  # doctest: +SKIP
    """
    if not isinstance(files, Mapping):
        raise TypeError(f"files: expected a mapping of names to YAML texts, got {type(files).__name__}")
    encoded: dict[str, bytes] = {}
    for name, text in files.items():
        if not isinstance(name, str) or not isinstance(text, str):
            raise TypeError(
                f"files: expected str names and str texts, got {type(name).__name__}: {type(text).__name__}"
            )
        encoded[name] = text.encode("utf-8", "surrogatepass")
    return _restore(encoded, _overlays(overlays, None), False)


def _restore(source: str | dict[str, bytes], overlays: tuple[_Overlay, ...], allow: bool) -> Ruleset:
    """Compile a ruleset folder or file (``str``) or in-memory files (``dict``) with
    ``overlays`` as the engine takes them; unpickling calls this too."""
    if isinstance(source, str):
        core, diagnostics, sources = _core.compile(source, list(overlays), allow)
    else:
        core, diagnostics, sources = _core.compile_files(source, list(overlays))
    if core is None:
        errors = [d for d in diagnostics if d.severity == "error"]
        raise RuleError("\n".join(str(d) for d in errors), errors)
    warnings = tuple(d for d in diagnostics if d.severity != "error")
    return Ruleset._create(core, source, overlays, allow, warnings, _token(sources))


def _flag(value: bool) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"allow_outside_includes: expected True or False, got {value!r}")
    return value


class Ruleset:
    """A compiled ruleset: immutable, safe to share between threads, and picklable.

    Create one with :func:`civeff.load` or :func:`civeff.load_files`. Pickling
    stores the (absolute) ruleset and overlay paths, the texts of overlays given
    as texts or mappings (and of in-memory files), and ``allow_outside_includes``;
    unpickling compiles them again, so a worker process sees the files as they are
    when it unpickles.
    """

    __slots__ = ("_allow_outside_includes", "_impl", "_overlays", "_source", "_token", "_warnings")

    _impl: _core.Ruleset
    _source: str | dict[str, bytes]
    _overlays: tuple[_Overlay, ...]
    _allow_outside_includes: bool
    _warnings: tuple[Diagnostic, ...]
    _token: str

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError("use civeff.load(path, overlays=[...]) to create a Ruleset")

    @classmethod
    def _create(
        cls,
        core: _core.Ruleset,
        source: str | dict[str, bytes],
        overlays: tuple[_Overlay, ...],
        allow_outside_includes: bool,
        warnings: tuple[Diagnostic, ...],
        token: str,
    ) -> Ruleset:
        self = object.__new__(cls)
        object.__setattr__(self, "_impl", core)
        object.__setattr__(self, "_source", source)
        object.__setattr__(self, "_overlays", overlays)
        object.__setattr__(self, "_allow_outside_includes", allow_outside_includes)
        object.__setattr__(self, "_warnings", warnings)
        object.__setattr__(self, "_token", token)
        return self

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("a Ruleset is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("a Ruleset is immutable")

    # ------------------------------------------------------------ pickling and copying

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self._source, self._overlays, self._allow_outside_includes))

    def __copy__(self) -> Ruleset:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Ruleset:
        return self

    def __dask_tokenize__(self) -> tuple[str, str, bool]:
        # The texts compiled (ruleset files, includes, every overlay), not their
        # paths: changed rules or another overlay text give another token.
        return ("civeff.Ruleset", self._token, self._allow_outside_includes)

    def __repr__(self) -> str:
        overlays = f", overlays={list(self.overlays)!r}" if self.overlays else ""
        source = self._source
        where = repr(source) if isinstance(source, str) else f"{len(source)} in-memory files"
        return f"<civeff.Ruleset {self.name!r} version {self.version!r}{overlays} from {where}>"

    # ------------------------------------------------------------ what it holds

    @property
    def name(self) -> str:
        """The ruleset's name (``ruleset:`` in ruleset.yaml)."""
        return self._impl.name

    @property
    def version(self) -> str:
        """The ruleset's version string, reported in every result."""
        return self._impl.version

    @property
    def overlays(self) -> tuple[str, ...]:
        """The names of the overlays applied, in order."""
        return tuple(self._impl.overlays)

    @property
    def path(self) -> str | None:
        """The absolute path the ruleset was loaded from; None from :func:`load_files`."""
        return self._source if isinstance(self._source, str) else None

    @property
    def overlay_paths(self) -> tuple[str, ...]:
        """The overlays applied, in order: the absolute path of a file, ``<overlay N>``
        for a text or mapping (as its diagnostics name it)."""
        return tuple(o if isinstance(o, str) else o[0] for o in self._overlays)

    @property
    def allow_outside_includes(self) -> bool:
        """Whether includes outside the ruleset folder were allowed (see :func:`load`)."""
        return self._allow_outside_includes

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """Warnings found while compiling (e.g. W001)."""
        return self._warnings

    @property
    def scales(self) -> tuple[str, ...]:
        """Scale ids in declaration order."""
        return tuple(self._impl.scales)

    @property
    def marks(self) -> tuple[str, ...]:
        """Mark ids in declaration order."""
        return tuple(self._impl.marks)

    @property
    def units(self) -> tuple[str, ...]:
        """Unit ids in declaration order."""
        return tuple(self._impl.units)

    @property
    def equivalences(self) -> tuple[str, ...]:
        """Equivalence ids in declaration order."""
        return tuple(self._impl.equivalences)

    @property
    def diplomas(self) -> tuple[str, ...]:
        """Diploma ids, sorted."""
        return tuple(self._impl.diplomas)

    # ------------------------------------------------------------ one person

    def evaluate(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | PathLike,
        as_of: DateLike | None = None,
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> _core.Result:
        """Evaluate one portfolio at ``as_of`` (default: today, UTC) and return a :class:`Result`.

        ``portfolio`` is a mapping shaped as SPEC §3::

            {"person": "p-001",
             "attrs": {"role": "verzorgende"},          # person attributes (person.NAME)
             "achievements": [
                 {"unit": "LE-medicatie", "date": "2023-05-01",   # or a datetime.date
                  "title": "...", "hours": 80, "marks": ["mbo-certificaat"],
                  "attrs": {"exam": True}, "exempt": False}]}

        or a bare list of achievements (person ``''``), or the path of a YAML/JSON
        portfolio file (read in ``encoding``: ``utf-8``, ``cp1252`` or ``latin-1``).
        A file whose top level is a list is an Open Badges 3.0 portfolio: its
        credentials (objects or JWT-VC strings, never verified) become achievements
        through the ruleset's ``badges:`` (docs/language.md §9); W016 and W017 (a
        credential without a proof) are warnings like W010. ``person`` names the
        person, in place of the portfolio's ``person`` or the credentials' subject.
        Values of the ruleset's declared attributes are converted (SPEC §11); one
        that does not convert is left out with warning W010, an undeclared name is
        W011, each issued as :class:`civeff.InputWarning` (``strict=True``: an
        :class:`civeff.InputError` listing all). Raises :class:`civeff.InputError`
        for bad input (no person, an achievement without a date, an unknown mark,
        an unknown key, a number no float holds, text that is not valid Unicode)
        and :class:`civeff.EvaluationError` for a division by zero. ``None``, NaN
        and NaT values are absent. The GIL is released while the engine works.
        """
        result, shown, total = self._impl.evaluate(
            portfolio, _as_of(as_of), _bool_arg(strict, "strict"), _encoding(encoding), _person(person)
        )
        _issue(
            shown, total, os.fspath(portfolio) if isinstance(portfolio, (str, os.PathLike)) else "<python>"
        )
        return result

    def explain(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | PathLike,
        as_of: DateLike | None = None,
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> Explanation:
        """Evaluate one portfolio as :meth:`evaluate` does and say why (SPEC §12).

        Returns an :class:`civeff.Explanation`: ``to_dict()`` is the JSON of
        ``civeff explain --format json``, ``str()`` its text (a tree per diploma
        with values against thresholds), and in Jupyter it shows as HTML. Its
        statuses, progress and missing leaves are those of :meth:`evaluate`. The
        arguments, warnings and errors are those of :meth:`evaluate`.
        """
        impl, shown, total = self._impl.explain(
            portfolio, _as_of(as_of), _bool_arg(strict, "strict"), _encoding(encoding), _person(person)
        )
        _issue(
            shown, total, os.fspath(portfolio) if isinstance(portfolio, (str, os.PathLike)) else "<python>"
        )
        return Explanation._create(impl, None, {})

    def advise(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | PathLike,
        diploma: str,
        as_of: DateLike | None = None,
        top: int = 3,
        max_steps: int = 1_000_000,
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> Advice:
        """What this person still needs for ``diploma``, and the cheapest ways to it (SPEC §12).

        Returns an :class:`civeff.Advice`: the diploma's ``status`` now and its
        minimal ``plans`` (:class:`civeff.Plan`: ``hours`` and ``units``, each a
        :class:`civeff.PlanUnit` with ``unit``, ``hours`` and the units it newly
        ``credits``), cheapest first, at most ``top``; ``blocking`` when no plan
        completes the diploma; ``proven`` false when the search stopped at
        ``max_steps`` steps (``civeff advise --max-steps``), its plans then the best
        found. ``to_dict()`` is the JSON of ``civeff advise --format json`` and
        ``str()`` its text (docs/language.md, "Advice").

        ``portfolio``, ``as_of``, ``strict``, ``encoding`` and ``person`` are as
        for :meth:`evaluate`, with its warnings and errors; an unknown ``diploma`` is an
        :class:`civeff.InputError` (E046). The GIL is released while the engine
        searches, so threads can advise different persons at once.
        """
        from . import advice

        return advice.advise(self, portfolio, diploma, as_of, top, max_steps, strict, encoding, person)

    def what_if(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | PathLike,
        add: Sequence[Mapping[str, Any]],
        as_of: DateLike | None = None,
        max_steps: int = 1_000_000,
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> WhatIf:
        """What adding achievements would change for this person (docs/language.md, "What if").

        ``add`` is a list of mappings ``{"unit": ..., "marks": [...], "attrs": {...},
        "hours": ..., "date": ..., "exempt": ...}``, only ``unit`` required; ``date``
        defaults to ``as_of``; ``exempt: True`` takes a unit as advice does (its
        ``credit_when`` taken to hold), as :meth:`course_options` does. Attributes are
        converted as a portfolio's (SPEC §11), strictly: a value that does not convert
        or an undeclared attribute is an :class:`civeff.InputError` (E082), as with
        ``civeff whatif --attr``; an unknown or repeated unit, or a date after
        ``as_of``, is E080; an unknown mark E081.

        Returns a :class:`civeff.WhatIf`: the levels of each added unit, the credits
        gained and lost, and per diploma its status, progress and hours to complete
        (the cheapest advice plan's, ``max_steps`` per search) before and after.
        ``to_dict()`` is the JSON of ``civeff whatif --format json`` and ``str()`` its
        text. ``portfolio``, ``as_of``, ``strict``, ``encoding`` and ``person`` are as
        for :meth:`evaluate`. The GIL is released while the engine works.
        """
        from . import whatif

        return whatif.what_if(self, portfolio, add, as_of, max_steps, strict, encoding, person)

    def course_options(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | PathLike,
        diploma: str,
        as_of: DateLike | None = None,
        top: int = 5,
        max_steps: int = 1_000_000,
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> tuple[CourseOption, ...]:
        """The course chooser: the up to ``top`` units that lower ``diploma``'s hours to
        complete most per hour of study (docs/language.md, "What if"), each a
        :class:`civeff.CourseOption` with ``unit``, ``hours``, ``hours_saved``,
        ``saved_per_hour`` and its :class:`civeff.WhatIf` (the unit taken as advice
        takes it: exempt, dated ``as_of``). Highest ``saved_per_hour`` first, then unit
        id; empty when the diploma is complete or no plan completes it. An unknown
        ``diploma`` is an :class:`civeff.InputError` (E046).
        """
        from . import whatif

        return whatif.course_options(
            self, portfolio, diploma, as_of, top, max_steps, strict, encoding, person
        )

    def report(
        self,
        portfolio: Mapping[str, Any] | Sequence[Mapping[str, Any]] | PathLike,
        as_of: DateLike | None = None,
        lang: Literal["nl", "en"] | None = None,
        format: Literal["html", "md", "pdf"] = "html",
        strict: bool = False,
        encoding: str = "utf-8",
        person: str | None = None,
    ) -> str | bytes:
        """One person's civil-effect statement, as ``civeff report`` writes it (docs/report.md).

        The page says, for ``as_of``: every training with its level per scale and
        what decided it, until when it holds and whether it counts; each credited
        unit and its route; each diploma's status, progress, missing parts, hours to
        complete and cheapest plan, with its requirement tree; what a course would
        add; the sources of every rule it names; and the ``civeff eval`` command that
        prints every figure. ``format`` is ``"html"`` (one self-contained page) or
        ``"md"`` (Markdown), both ``str``, or ``"pdf"``: the page printed by Debian's
        headless Chromium, as ``bytes`` (an :class:`civeff.InputError` E084-E087 when
        it cannot). ``lang`` (``"nl"``, ``"en"``) overrides the ruleset's ``language:``.
        ``portfolio``, ``strict``, ``encoding`` and ``person`` are as for
        :meth:`evaluate`, with its warnings and errors. The GIL is released while the
        engine works.
        """
        if lang not in (None, "nl", "en"):
            raise ValueError(f"lang: expected 'nl', 'en' or None, got {lang!r}")
        if format not in ("html", "md", "pdf"):
            raise ValueError(f"format: expected 'html', 'md' or 'pdf', got {format!r}")
        is_path = isinstance(portfolio, (str, os.PathLike))
        # The page's `civeff eval` command names the files, where there are files.
        overlay_files = self.overlay_paths if all(isinstance(o, str) for o in self._overlays) else ()
        text, shown, total = self._impl.report(
            portfolio,
            _as_of(as_of),
            lang,
            format,
            _bool_arg(strict, "strict"),
            _encoding(encoding),
            _person(person),
            self.path or "",
            os.fspath(portfolio) if is_path else "",
            list(overlay_files),
        )
        _issue(shown, total, os.fspath(portfolio) if is_path else "<python>")
        return text

    def run_tests(self) -> list[_core.TestOutcome]:
        """Run the ruleset's own ``tests:`` cases (as ``civeff test`` does)."""
        return list(self._impl.run_tests())

    def graph_dot(self) -> str:
        """The reference graph (units, equivalences, diplomas) in Graphviz dot."""
        return self._impl.graph_dot()

    # ------------------------------------------------------------ populations (pandas)

    def evaluate_frame(
        self,
        df: pd.DataFrame,
        as_of: DateLike | None = None,
        threads: int | None = None,
        errors: Literal["raise", "warn", "ignore"] = "raise",
        strict: bool = False,
    ) -> pd.DataFrame:
        """Evaluate a long-form population; one row per person x diploma.

        See :func:`civeff.frame.evaluate_frame` for the input columns and dtypes.
        Returns columns ``person, diploma, status, progress, missing`` sorted by
        person then diploma, as ``civeff batch`` writes them: ``status`` is an
        ordered Categorical (none < partial < complete), ``missing`` the
        ``;``-joined leaf names ('' when nothing is missing). ``threads=None`` uses
        all cores; the GIL is released meanwhile, and Ctrl-C stops the run. Declared
        attributes are converted (W010/W011 as :class:`civeff.InputWarning`;
        ``strict=True`` raises them as one :class:`civeff.InputError`).
        """
        from . import frame

        return frame.evaluate_frame(self, df, as_of=as_of, threads=threads, errors=errors, strict=strict)

    def levels_frame(
        self,
        df: pd.DataFrame,
        as_of: DateLike | None = None,
        threads: int | None = None,
        errors: Literal["raise", "warn", "ignore"] = "raise",
        strict: bool = False,
        ordered: bool = False,
    ) -> pd.DataFrame:
        """Per achievement (input row, same index as ``df``): ``known``, ``counted`` and one
        column per scale with the level name (missing for a null level or an uncounted row).
        ``ordered=True`` makes each scale column an ordered Categorical of the scale's
        levels, low to high, so ``>=`` compares by rank."""
        from . import frame

        return frame.levels_frame(
            self, df, as_of=as_of, threads=threads, errors=errors, strict=strict, ordered=ordered
        )

    def credits_frame(
        self,
        df: pd.DataFrame,
        as_of: DateLike | None = None,
        threads: int | None = None,
        errors: Literal["raise", "warn", "ignore"] = "raise",
        strict: bool = False,
    ) -> pd.DataFrame:
        """Per person, the credited units: ``person, unit, date, via`` sorted by person then unit."""
        from . import frame

        return frame.credits_frame(self, df, as_of=as_of, threads=threads, errors=errors, strict=strict)

    def coverage(
        self,
        df: pd.DataFrame,
        as_of: DateLike | None = None,
        threads: int | None = None,
        errors: Literal["raise", "warn", "ignore"] = "raise",
        strict: bool = False,
    ) -> pd.DataFrame:
        """How often each rule fires over a population, as ``civeff coverage``: one row per
        rule with ``rule, kind, file, line, fired, of``, the rules that never fire first
        (see :func:`civeff._coverage.coverage` and docs/language.md, "Coverage")."""
        from . import _coverage

        return _coverage.coverage(self, df, as_of=as_of, threads=threads, errors=errors, strict=strict)

    def advise_frame(
        self,
        df: pd.DataFrame,
        diploma: str,
        as_of: DateLike | None = None,
        max_steps: int = 1_000_000,
        threads: int | None = None,
        errors: Literal["raise", "warn", "ignore"] = "raise",
        strict: bool = False,
    ) -> pd.DataFrame:
        """The cheapest plan toward ``diploma`` of every person of a long-form population,
        as ``civeff advise RULES POP.csv --diploma D --out F`` writes it: one row per
        person, sorted by person id, with columns ``person``, ``diploma`` (str),
        ``status`` (the diploma's status now, the ordered Categorical of
        :meth:`evaluate_frame`), ``hours_to_complete`` (float64: the cheapest plan's
        hours, 0 when complete, NaN when no plan completes the diploma), ``units``
        (str: its unit ids in byte order, ``;``-joined; '' for none) and ``proven``
        (bool: false when the person's search stopped at ``max_steps``).

        ``df``, ``threads``, ``errors`` and ``strict`` are as for :meth:`evaluate_frame`;
        the GIL is released meanwhile and Ctrl-C stops the run. An unknown ``diploma``
        is an :class:`civeff.InputError` (E046).
        """
        from . import advice

        return advice.advise_frame(
            self, df, diploma, as_of=as_of, max_steps=max_steps, threads=threads, errors=errors, strict=strict
        )

    # ------------------------------------------------------------ rule metadata (pandas)

    def scales_frame(self) -> pd.DataFrame:
        """One row per scale, in declaration order: ``id, levels, default, title, name,
        source, notes, file, line`` (see :mod:`civeff.metadata`)."""
        from . import metadata

        return metadata.scales_frame(self)

    def marks_frame(self) -> pd.DataFrame:
        """One row per mark, in declaration order: ``id, title, name, issuer, attests,
        valid_for, implies, source, notes, file, line``; the levels are in
        :meth:`mark_levels_frame` (see :mod:`civeff.metadata`)."""
        from . import metadata

        return metadata.marks_frame(self)

    def mark_levels_frame(self) -> pd.DataFrame:
        """One row per case of a mark on a scale: ``mark, scale, case, when, level``
        (see :mod:`civeff.metadata`)."""
        from . import metadata

        return metadata.mark_levels_frame(self)

    def units_frame(self) -> pd.DataFrame:
        """One row per unit, in declaration order: ``id, kind, title, name, hours, tags``,
        ``level.SCALE`` per scale, ``effective_from, effective_to, valid_for, credit_when,
        source, notes, file, line`` (see :mod:`civeff.metadata`)."""
        from . import metadata

        return metadata.units_frame(self)

    def equivalences_frame(self) -> pd.DataFrame:
        """One row per equivalence, in declaration order: ``id, symmetric, equivalent, from,
        counts_as, effective_from, effective_to, when, title, name, source, notes, file,
        line`` (see :mod:`civeff.metadata`)."""
        from . import metadata

        return metadata.equivalences_frame(self)

    def diplomas_frame(self) -> pd.DataFrame:
        """One row per diploma, sorted by id: ``id, title, name``, ``level.SCALE`` per scale,
        ``source, notes, file, line`` (see :mod:`civeff.metadata`)."""
        from . import metadata

        return metadata.diplomas_frame(self)

    def requirements_frame(self, diploma: str | None = None) -> pd.DataFrame:
        """One row per requirement node of ``diploma`` (None: every diploma), in document
        order: ``diploma, node, parent`` (-1 for the root), ``depth, form, id`` (the node's
        id, else its leaf name as in ``missing``), ``title, leaf, when, unit, n, min, attr,
        within, units, kind, tags, marks, where, check, file, line`` (see
        :mod:`civeff.metadata`). Raises ValueError for an unknown diploma."""
        from . import metadata

        return metadata.requirements_frame(self, diploma)


def _bool_arg(value: bool, what: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{what}: expected True or False, got {value!r}")
    return value


def _encoding(value: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"encoding: expected a str such as 'utf-8', 'cp1252' or 'latin-1', got {value!r}")
    return value


def _person(value: str | None) -> str | None:
    if value is not None and (not isinstance(value, str) or not value):
        raise TypeError(f"person: expected a non-empty str or None, got {value!r}")
    return value


def _today() -> _dt.date:
    return _core.from_day(_core.today())
