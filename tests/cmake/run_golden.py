#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs one golden case of the civeff CLI and compares its output with the expected files.

    run_golden.py --civeff build/bin/civeff --kind check|eval --case tests/golden/check/bad-yaml

check/<case>/: ruleset.yaml [overlay*.yaml]; expected.err (stderr), expected.exit,
               optionally expected.out (stdout).
eval/<case>/:  ruleset.yaml, portfolio.json or portfolio.yaml, as_of (one line,
               YYYY-MM-DD), [overlay*.yaml]; expected.json (stdout), optionally
               expected.err and expected.exit (default: empty stderr, exit 0).

Paths in the output are made location independent: the case directory becomes
`$CASE`. With UPDATE_GOLDEN=1 in the environment the expected files are rewritten
from the actual output (and the test passes); otherwise a mismatch prints a
unified diff and fails.
"""

import argparse
import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

PLACEHOLDER = "$CASE"


def location_independent(text: str, case: Path) -> str:
    for form in {str(case.resolve()), str(case.absolute()), str(case)}:
        text = text.replace(form, PLACEHOLDER)
    return text


def compare(name: str, expected_file: Path, actual: str, update: bool) -> bool:
    if update:
        if actual or expected_file.exists() or name in ("expected.exit", "expected.json"):
            expected_file.write_text(actual, encoding="utf-8", newline="")
        return True
    expected = expected_file.read_text(encoding="utf-8") if expected_file.exists() else ""
    if expected == actual:
        return True
    print(f"--- {expected_file} differs from the actual output:")
    sys.stdout.writelines(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{name} (expected)",
            tofile=f"{name} (actual)",
        )
    )
    if not actual.endswith("\n") or not expected.endswith("\n"):
        print("\n(one of them does not end in a newline)")
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--civeff", required=True, type=Path)
    parser.add_argument("--kind", required=True, choices=["check", "eval"])
    parser.add_argument("--case", required=True, type=Path)
    args = parser.parse_args()
    case: Path = args.case.absolute()
    update = os.environ.get("UPDATE_GOLDEN") == "1"

    command = [str(args.civeff), args.kind, str(case / "ruleset.yaml")]
    if args.kind == "eval":
        portfolios = sorted(case.glob("portfolio.*"))
        if len(portfolios) != 1:
            print(f"{case}: expected exactly one portfolio.json or portfolio.yaml")
            return 1
        command.append(str(portfolios[0]))
        command += ["--as-of", (case / "as_of").read_text(encoding="utf-8").strip()]
    for overlay in sorted(case.glob("overlay*.yaml")):
        command += ["--overlay", str(overlay)]

    run = subprocess.run(command, capture_output=True, cwd=case, check=False)
    stdout = location_independent(run.stdout.decode("utf-8"), case)
    stderr = location_independent(run.stderr.decode("utf-8"), case)
    exit_text = f"{run.returncode}\n"

    ok = True
    if args.kind == "check":
        ok &= compare("expected.err", case / "expected.err", stderr, update)
        ok &= compare("expected.exit", case / "expected.exit", exit_text, update)
        if (case / "expected.out").exists() or (update and stdout):
            ok &= compare("expected.out", case / "expected.out", stdout, update)
    else:
        ok &= compare("expected.json", case / "expected.json", stdout, update)
        # The layout is Python's own (engine/src/io/result_json.cpp): re-printing changes nothing.
        if run.returncode == 0:
            try:
                canonical = json.dumps(json.loads(stdout), indent=2, ensure_ascii=False) + "\n"
            except ValueError:
                canonical = None
            if canonical != stdout:
                print("the output is not what json.dumps(json.loads(out), indent=2, ensure_ascii=False) prints")
                ok = False
        ok &= compare("expected.err", case / "expected.err", stderr, update)
        if (case / "expected.exit").exists() or run.returncode != 0:
            ok &= compare("expected.exit", case / "expected.exit", exit_text, update)
    if not ok:
        print("command:", " ".join(command))
        print("To accept the actual output: UPDATE_GOLDEN=1 ctest -R", f"golden.{args.kind}.{case.name}")
    elif update:
        print(f"updated {case}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
