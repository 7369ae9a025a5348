# SPDX-License-Identifier: Apache-2.0
"""Ruleset.coverage: how often each rule fires over a population, against `civeff coverage`."""

from __future__ import annotations

import json
import textwrap

import civeff
import pandas as pd
import pytest
from conftest import NL_ZORG, REPO, run_cli

SAMPLE = REPO / "examples" / "population" / "sample.csv"
COLUMNS = ["rule", "kind", "file", "line", "fired", "of"]

RULES = textwrap.dedent(
    """\
    civeff: 1
    ruleset: cov
    version: "1"
    scales:
      civil_effect: {levels: [none, internal, sector, national]}
    marks:
      - id: nrto
        levels:
          civil_effect:
            - when: attrs.points >= 4
              level: sector
            - level: internal
    units:
      - id: A
        kind: course
        credit_when: attrs.points >= 2
      - id: B
        kind: course
    equivalences:
      - id: never-applies
        from: [B]
        counts_as: [A]
    diplomas:
      - id: d
        requires:
          all_of:
            - unit: A
            - check: 10 / count_of(marks = ["nrto"]) >= 1
    """
)


@pytest.fixture(scope="module")
def small() -> civeff.Ruleset:
    return civeff.load_files({"ruleset.yaml": RULES})


def frame(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["person", "unit", "date", "points"]).assign(marks="nrto")


def test_columns_counts_and_order(small) -> None:
    df = frame([("p1", "A", "2023-01-01", 5), ("p2", "A", "2023-02-01", 1)])
    cov = small.coverage(df, as_of="2024-01-01")
    assert list(cov.columns) == COLUMNS
    assert list(cov.kind.cat.categories) == ["mark_case", "credit_when", "equivalence", "requirement"]
    assert str(cov.line.dtype) == str(cov.fired.dtype) == str(cov.of.dtype) == "int64"
    assert cov.index.equals(pd.RangeIndex(len(cov)))
    got = {r.rule: (r.fired, r.of) for r in cov.itertuples()}
    assert got == {
        "equivalence:never-applies": (0, 0),
        "mark:nrto/civil_effect/0": (1, 2),
        "mark:nrto/civil_effect/1": (1, 2),
        "unit:A/credit_when": (1, 2),
        "diploma:d/all_of": (1, 2),
        "diploma:d/unit:A": (1, 2),
        'diploma:d/10 / count_of(marks = ["nrto"]) >= 1': (2, 2),
    }
    assert cov.rule.iloc[0] == "equivalence:never-applies"  # never fired first
    fired = cov[cov.fired > 0]
    assert list(fired.line) == sorted(fired.line)
    assert (cov.file == "ruleset.yaml").all()
    assert cov.attrs["persons"] == 2
    assert cov.attrs["counted"] == 2


def test_failed_person_raises_warns_or_is_ignored(small) -> None:
    # p2's achievement carries no mark: 10 / 0.
    df = frame([("p1", "A", "2023-01-01", 5), ("p2", "A", "2023-02-01", 1)])
    df.loc[1, "marks"] = None
    with pytest.raises(civeff.EvaluationError) as caught:
        small.coverage(df, as_of="2024-01-01")
    assert caught.value.diagnostics[0].code == "E050"
    partial = caught.value.result
    assert partial.attrs["persons"] == 1
    with pytest.warns(civeff.EvaluationWarning):
        small.coverage(df, as_of="2024-01-01", errors="warn")
    cov = small.coverage(df, as_of="2024-01-01", errors="ignore")
    assert cov.equals(partial)


def test_not_a_dataframe(small) -> None:
    with pytest.raises(TypeError):
        small.coverage("pop.csv", as_of="2024-01-01")  # type: ignore[arg-type]


def test_sample_is_the_cli_json(cli, tmp_path) -> None:
    rs = civeff.load(NL_ZORG)
    cov = rs.coverage(civeff.read_population(SAMPLE, rs), as_of="2026-11-01")
    proc = run_cli(cli, "coverage", NL_ZORG, SAMPLE, "--as-of", "2026-11-01", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    rows = [
        {"rule": r.rule, "kind": r.kind, "file": r.file, "line": r.line, "fired": r.fired, "of": r.of}
        for r in cov.itertuples()
    ]
    # The CLI names files as given on its command line; compare the names below the ruleset.
    for row in (*rows, *doc["rules"]):
        row["file"] = row["file"].split("nl-zorg/")[-1]
    assert rows == doc["rules"]
    assert cov.attrs["persons"] == doc["persons"]
    assert (cov.fired <= cov.of).all()
