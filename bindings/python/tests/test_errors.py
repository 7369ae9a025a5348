# SPDX-License-Identifier: Apache-2.0
"""RuleError / InputError / EvaluationError and their diagnostics."""

from __future__ import annotations

import pickle
import textwrap

import civeff
import pandas as pd
import pytest
from conftest import AS_OF, SPEC_RULES

BROKEN = textwrap.dedent(
    """\
    civeff: 1
    ruleset: broken
    version: "1"
    units:
      - id: A
        kind: course
        titel: typo here
      - id: B
        kind: course
        credit_when: attrs.points >=
    diplomas:
      - id: d
        requires:
          unit: NOPE
    """
)


@pytest.fixture()
def broken(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    return path


def test_rule_error_lists_every_diagnostic_with_its_place(broken) -> None:
    with pytest.raises(civeff.RuleError) as info:
        civeff.load(broken)
    e = info.value
    assert isinstance(e, civeff.CiveffError) and isinstance(e, Exception)
    assert not isinstance(e, ValueError)
    assert len(e.diagnostics) >= 3, e.diagnostics
    for d in e.diagnostics:
        assert d.file.endswith("broken.yaml")
        assert d.line > 0 and d.column > 0
        assert d.code.startswith("E")
        assert d.message
        assert d.severity == "error"
    by_line = {d.line: d for d in e.diagnostics}
    # `titel` (line 7, column 5) is a key the spec does not name.
    assert by_line[7].column == 5
    assert "titel" in by_line[7].message
    # The expression error points into the expression on line 10.
    assert by_line[10].column > len("    credit_when: ")
    # An unknown unit in a requirement, line 14.
    assert "NOPE" in by_line[14].message
    # Sorted by place, as the engine sorts them.
    assert [(d.line, d.column) for d in e.diagnostics] == sorted((d.line, d.column) for d in e.diagnostics)
    # str() of the error is the compiler-style listing.
    first = e.diagnostics[0]
    assert str(first).startswith(f"{first.file}:{first.line}:{first.column}: error[{first.code}]: ")
    assert str(first) in str(e)


def test_check_returns_diagnostics_without_raising(broken) -> None:
    diagnostics = civeff.check(broken)
    assert len(diagnostics) >= 3
    assert all(isinstance(d, civeff.Diagnostic) for d in diagnostics)
    assert civeff.check(SPEC_RULES) == []


def test_missing_ruleset_is_a_rule_error(tmp_path) -> None:
    with pytest.raises(civeff.RuleError) as info:
        civeff.load(tmp_path / "nothing-here")
    assert info.value.diagnostics[0].code == "E001"


def test_missing_overlay_is_reported(tmp_path) -> None:
    with pytest.raises(civeff.CiveffError) as info:
        civeff.load(SPEC_RULES, overlays=[tmp_path / "missing-overlay.yaml"])
    assert "missing-overlay.yaml" in str(info.value)


def test_bad_overlay_remove(tmp_path) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text("civeff: 1\noverlay: bad\nremove:\n  equivalences: [no-such-equivalence]\n")
    with pytest.raises(civeff.RuleError) as info:
        civeff.load(SPEC_RULES, overlays=[overlay])
    assert any(d.file.endswith("o.yaml") and d.line == 4 for d in info.value.diagnostics)


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("rule", civeff.RuleError),
        ("input", civeff.InputError),
        ("evaluation", civeff.EvaluationError),
        ("other", civeff.CiveffError),
    ],
)
def test_each_cxx_exception_maps_to_its_python_class(kind: str, cls: type) -> None:
    with pytest.raises(cls) as info:
        civeff._core._raise_for_test(kind)
    assert type(info.value) is cls
    (d,) = info.value.diagnostics
    assert (d.file, d.line, d.column, d.code, d.message) == ("f.yaml", 3, 7, "E999", f"test {kind}")
    assert d.notes[0].severity == "note"
    assert str(d) == f"f.yaml:3:7: error[E999]: test {kind}\ng.yaml:1:1: note: note here"


@pytest.mark.parametrize("cls", [civeff.RuleError, civeff.InputError, civeff.EvaluationError])
def test_exceptions_pickle(cls: type) -> None:
    d = civeff.Diagnostic("f.yaml", 1, 2, "E001", "boom")
    e = cls("message", [d])
    e.extra = 5
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is cls
    assert str(back) == "message"
    assert back.diagnostics == (d,)
    assert back.extra == 5


DIVIDES = textwrap.dedent(
    """\
    civeff: 1
    ruleset: divides
    version: "1"
    units:
      - {id: A, kind: keuzedeel, hours: 10}
      - {id: B, kind: course}
    diplomas:
      - id: ratio
        requires:
          check: hours_of(kind = "keuzedeel") / count_of(kind = "keuzedeel") >= 5
    """
)


@pytest.fixture()
def divides(tmp_path) -> civeff.Ruleset:
    path = tmp_path / "divides.yaml"
    path.write_text(DIVIDES)
    return civeff.load(path)


def test_division_by_zero_is_an_evaluation_error(divides: civeff.Ruleset) -> None:
    ok = divides.evaluate({"person": "p", "achievements": [{"unit": "A", "date": "2023-01-01"}]}, as_of=AS_OF)
    assert ok.diplomas["ratio"].status == "complete"
    with pytest.raises(civeff.EvaluationError) as info:
        divides.evaluate({"person": "p9", "achievements": [{"unit": "B", "date": "2023-01-01"}]}, as_of=AS_OF)
    (d,) = info.value.diagnostics
    assert d.code == "E050"
    assert d.file.endswith("divides.yaml") and d.line == 10
    assert "p9" in d.message


def test_frame_evaluation_errors(divides: civeff.Ruleset) -> None:
    df = pd.DataFrame({"person": ["good", "bad"], "unit": ["A", "B"], "date": ["2023-01-01", "2023-01-01"]})
    with pytest.raises(civeff.EvaluationError) as info:
        divides.evaluate_frame(df, as_of=AS_OF)
    assert "bad" in info.value.diagnostics[0].message
    # Everyone else is still evaluated and handed back.
    assert info.value.result["person"].tolist() == ["good"]
    with pytest.warns(civeff.EvaluationWarning, match="1 person"):
        out = divides.evaluate_frame(df, as_of=AS_OF, errors="warn")
    assert out["person"].tolist() == ["good"]
    out = divides.evaluate_frame(df, as_of=AS_OF, errors="ignore")
    assert out["person"].tolist() == ["good"]
    with pytest.raises(ValueError, match="errors"):
        divides.evaluate_frame(df, as_of=AS_OF, errors="explode")  # type: ignore[arg-type]
    with pytest.raises(civeff.EvaluationError):
        divides.levels_frame(df, as_of=AS_OF)
    levels = divides.levels_frame(df, as_of=AS_OF, errors="ignore")
    assert levels["counted"].tolist() == [True, False]
    with pytest.raises(civeff.EvaluationError):
        divides.credits_frame(df, as_of=AS_OF)
    credits = divides.credits_frame(df, as_of=AS_OF, errors="ignore")
    assert credits["person"].tolist() == ["good"]
