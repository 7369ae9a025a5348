#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Expressions and selectors from the command line: reliability findings F7, F14, F16.

    expressions_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    expressions_test.py --civeff build/bin/civeff --list   # the test names

Each test writes its inputs into a fresh temporary directory.
"""

from harness import exit_with, expect, expect_exit, run, write

HEADER = """\
civeff: 1
ruleset: t
version: "1"
"""


def unit_with(credit_when):
    """A ruleset of one unit A whose `credit_when` (line 7, column 18) is the given text."""
    return HEADER + f"units:\n  - id: A\n    kind: keuzedeel\n    credit_when: {credit_when}\n"


def expect_check_error(d, credit_when, diagnostic):
    """`civeff check` of unit_with(credit_when) exits 1 and prints ruleset.yaml:DIAGNOSTIC."""
    write(d, "ruleset.yaml", unit_with(credit_when))
    r = run("check", "ruleset.yaml", cwd=d)
    expect_exit(r, 1)
    expect(f"ruleset.yaml:{diagnostic}\n" in r[2], "the diagnostic", r[2])


def test_F07_many_string_literals(d):  # ctest-timeout: 30
    # 300 000 distinct string literals took 60 s to intern (a scan per literal); now a hash set.
    items = ", ".join(f'"x{i}"' for i in range(300_000))
    write(d, "ruleset.yaml", unit_with(f"attrs.code in [{items}]"))
    r = run("check", "ruleset.yaml", cwd=d)
    expect_exit(r, 0)
    expect(r[1].startswith("ruleset.yaml: ok "), "summary line", r[1])


def test_F07_many_named_arguments(d):  # ctest-timeout: 30
    # The parser looked for a repeated argument name by scanning the earlier ones (over 100 s).
    args = ", ".join(f"a{i} = 1" for i in range(300_000))
    write(
        d,
        "ruleset.yaml",
        HEADER + f"diplomas:\n  - id: d\n    requires:\n      check: count_of({args}) > 1\n",
    )
    r = run("check", "ruleset.yaml", cwd=d)
    expect_exit(r, 1)
    expect(
        r[2] == "ruleset.yaml:7:23: error[E031]: count_of() has no argument `a0`\nruleset.yaml: 1 error\n",
        "one error, at the first name",
        r[2][:1000],
    )


SELECTOR_TYPOS = (
    HEADER
    + """\
units:
  - {id: K1, kind: keuzedeel, hours: 240, tags: [zorg]}
diplomas:
  - id: d
    requires:
      all_of:
        - hours: {min: 5, of: {kind: keuzedel}}
        - count: {min: 1, of: {tags: [zrog]}}
        - check: hours_of(kind = "keuzedeeel") >= 1
"""
)


def test_F14_selector_typos_warn(d):
    write(d, "diplomas.yaml", SELECTOR_TYPOS)
    r = run("check", "diplomas.yaml", cwd=d)
    expect_exit(r, 0)
    selector_warnings = "".join(line for line in r[2].splitlines(keepends=True) if "[W014]" in line)
    expect(
        selector_warnings
        == "diplomas.yaml:10:38: warning[W014]: no unit has kind 'keuzedel'; did you mean 'keuzedeel'?\n"
        "diplomas.yaml:11:39: warning[W014]: no unit has tag 'zrog'; did you mean 'zorg'?\n"
        "diplomas.yaml:12:35: warning[W014]: no unit has kind 'keuzedeeel'; did you mean 'keuzedeel'?\n",
        "three W014 warnings on stderr",
        r[2],
    )


def test_F14_literal_division_by_zero(d):
    # Before: check said ok and every person failed at evaluation (E050).
    expect_check_error(
        d, "attrs.n / 0 > 1 or true", "7:26: error[E034]: division by zero (the divisor is the literal 0)"
    )


def test_F16_flat_chain_of_999_plus(d):
    chain = " + ".join(["1"] * 1000)
    write(
        d,
        "ruleset.yaml",
        unit_with(f"{chain} >= 1000")
        + f"diplomas:\n  - id: d\n    requires: {{check: {chain} >= 0}}\n"
        + "tests:\n  - name: the chain holds\n    as_of: 2024-01-01\n"
        + "    portfolio: [{unit: A, date: 2023-05-01}]\n"
        + "    expect: {credited: [A], diplomas: {d: complete}}\n",
    )
    expect_exit(run("check", "ruleset.yaml", cwd=d), 0)
    expect_exit(run("test", "ruleset.yaml", cwd=d), 0)


def test_F16_exponent_says_what_to_write(d):
    expect_check_error(
        d, "attrs.n > 1e3", "7:28: error[E030]: '1e3': numbers in expressions have no exponent; write 1000"
    )


if __name__ == "__main__":
    exit_with(__doc__, globals())
