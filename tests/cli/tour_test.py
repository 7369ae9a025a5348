#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""examples/rulesets/tour, the ruleset README.md's tour and docs/language.md §1-§8
build: it compiles, its own tests pass, the overlay applies, and its portfolio and
population evaluate as the docs say (scripts/doctest.py checks the docs' text
against these files; this checks the files without the docs).

    tour_test.py --civeff build/bin/civeff NAME
"""

import json
from pathlib import Path

from harness import exit_with, expect, expect_exit, run

TOUR = Path(__file__).resolve().parents[2] / "examples" / "rulesets" / "tour"


def test_tour_checks_and_its_tests_pass(d):
    expect_exit(run("check", TOUR, cwd=d), 0)
    r = run("test", TOUR, cwd=d)
    expect_exit(r, 0)
    expect(r[1].endswith("3 passed, 0 failed\n"), "the tour's three tests", r[1])
    expect_exit(run("check", TOUR, "--overlay", TOUR / "nrto-national.yaml", cwd=d), 0)


def test_tour_portfolio_and_population(d):
    r = run("eval", TOUR, TOUR / "p-001.yaml", "--as-of", "2024-01-01", "--format", "json", cwd=d)
    expect_exit(r, 0)
    result = json.loads(r[1])
    expect(result["person"] == "p-001", "the person", r[1])
    expect(result["diplomas"]["helpende-zw"]["status"] == "partial", "helpende-zw partial", r[1])
    via = result["credited"].get("KD-medicatie", {}).get("via")
    expect(via == "eq-medicatie", "KD-medicatie credited through eq-medicatie", r[1])
    r = run("batch", TOUR, TOUR / "people.csv", "--as-of", "2024-01-01", "--out", d / "out.csv", cwd=d)
    expect_exit(r, 0)
    rows = (d / "out.csv").read_text().splitlines()
    expect(rows[0].startswith("person,diploma,status") and len(rows) == 3, "two people, one diploma", rows)


if __name__ == "__main__":
    exit_with(__doc__, globals())
