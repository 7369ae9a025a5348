# SPDX-License-Identifier: Apache-2.0
"""civeff: the civil effect of Dutch care trainings, decided by a YAML rule language.

>>> import civeff
>>> rs = civeff.load("rules/nl-zorg", overlays=["scenarios/nrto-national.yaml"])  # doctest: +SKIP
>>> r = rs.evaluate({"person": "p-001", "achievements": [
...     {"unit": "LE-medicatie", "date": "2023-05-01", "marks": ["mbo-certificaat"]}]},
...     as_of="2024-01-01")  # doctest: +SKIP
>>> r.diplomas["helpende-zw"].status  # doctest: +SKIP
'partial'
>>> r.to_dict()        # the JSON of `civeff eval --format json`, as Python data  # doctest: +SKIP
>>> out = rs.evaluate_frame(df, as_of="2024-01-01")   # one row per person x diploma  # doctest: +SKIP
>>> d = civeff.diff(rs, rs2, df, as_of="2024-01-01")   # as `civeff diff`  # doctest: +SKIP
>>> d.levels, d.credits, d.diplomas, d.summary()   # changed rows with their cause  # doctest: +SKIP

- :func:`load` / :func:`check`: compile a ruleset (with overlays: files, YAML
  texts or dicts); :func:`load_files`: a ruleset held in memory; :class:`Ruleset`
  is immutable, thread-safe and picklable.
- :meth:`Ruleset.evaluate`: one portfolio -> :class:`Result`;
  :meth:`Ruleset.explain`: the same with its reasons -> :class:`Explanation`.
- :meth:`Ruleset.advise`: what one person still needs for a diploma and the
  cheapest ways to it -> :class:`Advice` (SPEC §12); :meth:`Ruleset.advise_frame`:
  the cheapest plan's hours and units for a whole population (a DataFrame).
- :meth:`Ruleset.what_if`: what adding achievements (courses) would change for one
  person -> :class:`WhatIf`; :meth:`Ruleset.course_options`: the units that lower a
  diploma's hours to complete most per hour of study, each with its what-if.
- :meth:`Ruleset.evaluate_frame`, :meth:`Ruleset.levels_frame`,
  :meth:`Ruleset.credits_frame`: whole populations as pandas DataFrames (see
  :mod:`civeff.frame` for the columns and recommended dtypes).
- :func:`diff`: who changes between two rulesets and why (SPEC §12), a :class:`Diff`
  with the changed diplomas, levels and credits as DataFrames, each row naming its
  cause, and ``civeff diff``'s summary and CSV.
- :meth:`Ruleset.coverage`: how often each mark case, ``credit_when``, equivalence and
  requirement fires over a population, the rules that never fire first (a DataFrame).
- :mod:`civeff.dask`: the same over a Dask DataFrame.
- :meth:`Ruleset.units_frame`, ``marks_frame``, ``mark_levels_frame``, ``scales_frame``,
  ``equivalences_frame``, ``diplomas_frame``, ``requirements_frame``: the rules
  themselves as DataFrames, so ids in results get titles (see :mod:`civeff.metadata`).
- :func:`read_population`: a population CSV read by the engine's own reader
  (SPEC §11 dialects and encodings), as ``civeff batch`` reads it.
- Errors: :class:`RuleError`, :class:`InputError`, :class:`EvaluationError`, each
  with ``.diagnostics`` (:class:`Diagnostic`: file, line, column, code, message).
  Input findings that do not stop the reading (W010, W011, W013) are issued as
  :class:`InputWarning` through :func:`warnings.warn`.
"""

from __future__ import annotations

from . import _core
from ._core import AchievementResult, Credit, DiplomaResult, Result, TestOutcome
from ._diff import Diff, diff
from ._ruleset import Ruleset, check, load, load_files
from .advice import Advice, Plan, PlanUnit
from .errors import CiveffError, Diagnostic, EvaluationError, InputError, InputWarning, RuleError
from .explain import Explanation
from .frame import STATUS_CATEGORIES, EvaluationWarning, read_population
from .whatif import AddedAchievement, CourseOption, WhatIf, WhatIfDiploma

__version__: str = _core.__version__

__all__ = [
    "STATUS_CATEGORIES",
    "AchievementResult",
    "AddedAchievement",
    "Advice",
    "CiveffError",
    "CourseOption",
    "Credit",
    "Diagnostic",
    "Diff",
    "DiplomaResult",
    "EvaluationError",
    "EvaluationWarning",
    "Explanation",
    "InputError",
    "InputWarning",
    "Plan",
    "PlanUnit",
    "Result",
    "RuleError",
    "Ruleset",
    "TestOutcome",
    "WhatIf",
    "WhatIfDiploma",
    "__version__",
    "check",
    "diff",
    "load",
    "load_files",
    "read_population",
]
