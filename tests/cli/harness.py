# SPDX-License-Identifier: Apache-2.0
"""What the command-line test files share: running civeff, expectations, and the
main() that CTest calls (``FILE --civeff build/bin/civeff NAME``).

A test is a function ``test_NAME(d)`` taking a fresh temporary directory. CTest
registers each as ``cli.NAME`` (tests/cli/CMakeLists.txt); a definition line
ending in ``# ctest-timeout: N`` gets a CTest TIMEOUT of N seconds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

CIVEFF = ""

# A small ruleset several test files start from: one scale, one mark, two units, one diploma.
SMALL_RULES = """\
civeff: 1
ruleset: small
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
marks:
  - id: nrto
    levels: {civil_effect: sector}
units:
  - id: A
    kind: course
    hours: 10
  - id: B
    kind: course
diplomas:
  - id: d
    requires:
      all_of:
        - unit: A
        - count: {min: 2, of: {kind: course}}
"""

# An overlay of SMALL_RULES: one course is enough.
SMALL_OVERLAY = """\
civeff: 1
overlay: one-course-enough
diplomas:
  - id: d
    requires:
      all_of:
        - unit: A
        - count: {min: 1, of: {kind: course}}
"""


class Failure(Exception):
    pass


# The OASIS SARIF 2.1.0 schema (draft-04), vendored with its notice.
SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


def sarif_validator():
    """A jsonschema Draft4Validator of SARIF 2.1.0; the tests need jsonschema and say so."""
    try:
        from jsonschema import Draft4Validator
    except ImportError as e:
        raise AssertionError("this test needs the Python package jsonschema (pip install jsonschema)") from e
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def run(*args, cwd, stdin=None, timeout=None):
    """(exit code, stdout, stderr) of one civeff run, decoded as UTF-8."""
    r = subprocess.run(
        [CIVEFF, *map(str, args)], capture_output=True, cwd=cwd, check=False, input=stdin, timeout=timeout
    )
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def expect(condition, message, *context):
    if not condition:
        raise Failure("\n".join([message, *[str(c) for c in context]]))


def expect_exit(result, code):
    got, out, err = result
    expect(got == code, f"exit code {got}, expected {code}", "stdout:", out, "stderr:", err)


def write(d: Path, name: str, text: str) -> Path:
    p = d / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def main(doc: str, tests: dict[str, Callable[[Path], None]]) -> int:
    global CIVEFF
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--civeff", required=True)
    parser.add_argument("name", nargs="?")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        print("\n".join(tests))
        return 0
    CIVEFF = str(Path(args.civeff).absolute())
    names = [args.name] if args.name else list(tests)
    failed = 0
    for name in names:
        with tempfile.TemporaryDirectory(prefix="civeff-cli-") as tmp:
            try:
                tests[name](Path(tmp))
                print(f"ok   {name}")
            except Failure as e:
                failed += 1
                print(f"FAIL {name}: {e}")
    return 1 if failed else 0


def tests_of(namespace: dict) -> dict[str, Callable[[Path], None]]:
    """The ``test_NAME`` functions of a module, by NAME."""
    return {name[len("test_") :]: f for name, f in namespace.items() if name.startswith("test_")}


def exit_with(doc: str, namespace: dict) -> None:
    sys.exit(main(doc, tests_of(namespace)))
