#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The three inputs of the reliability findings that used to take minutes, timed
on two civeff binaries side by side (an older build and this one):

    python3 benchmarks/reliability_timings.py NEW_CIVEFF [OLD_CIVEFF] [--only F03,F07,F17]

- F03: 60,000 persons whose `person.role` differs between their two rows
  (`civeff batch`, expected to end in E045, exit 2);
- F07: a `credit_when` with 300,000 string literals (`civeff check`);
- F17: a population header of 400,000 columns (`civeff batch`).

Each command runs once per binary (the old ones take minutes), with a time
limit (--limit, default 600 s); the table gives wall seconds and the exit code.
The inputs are written to a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

RULES = """civeff: 1
ruleset: timing
version: "1"
scales:
  civil_effect: {levels: [none, national]}
units:
  - {id: K1006, kind: keuzedeel, hours: 240, credit_when: attrs.exam == true}
  - {id: B1-K1, kind: kerntaak, credit_when: attrs.exam == true}
diplomas:
  - {id: d, requires: {all_of: [{unit: K1006}, {unit: B1-K1}]}}
"""


def write_inputs(d: Path) -> dict[str, list[str]]:
    (d / "rules").mkdir()
    (d / "rules" / "ruleset.yaml").write_text(RULES)
    with (d / "conflict.csv").open("w") as f:  # the generator of finding F3
        f.write("person,unit,title,date,hours,marks,exam,points,person.role\n")
        for i in range(60000):
            f.write(
                f"p{i:07d},K1006,,2023-05-01,,,true,,verzorgende\np{i:07d},B1-K1,,2023-05-01,,,true,,helpende\n"
            )
    literals = ", ".join(f'"x{i}"' for i in range(300000))  # the generator of finding F7
    (d / "literals").mkdir()
    (d / "literals" / "ruleset.yaml").write_text(
        RULES.replace("credit_when: attrs.exam == true}", f"credit_when: 'attrs.code in [{literals}]'}}", 1)
    )
    names = ["person", "date"] + [f"c{i}" for i in range(399998)]  # finding F17: a header-only file
    (d / "wide.csv").write_text(",".join(names) + "\n")
    rules = str(d / "rules")
    return {
        "F03": ["batch", rules, str(d / "conflict.csv"), "--as-of", "2024-01-01", "--out", str(d / "o1.csv")],
        "F07": ["check", str(d / "literals")],
        "F17": ["batch", rules, str(d / "wide.csv"), "--as-of", "2024-01-01", "--out", str(d / "o2.csv")],
    }


def timed(binary: str, args: list[str], limit: float) -> str:
    started = time.perf_counter()
    try:
        r = subprocess.run([binary, *args], capture_output=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return f">{limit:.0f} s (stopped)"
    return f"{time.perf_counter() - started:8.2f} s (exit {r.returncode})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("new")
    parser.add_argument("old", nargs="?")
    parser.add_argument("--only", default="F03,F07,F17")
    parser.add_argument("--limit", type=float, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="civeff-timing-") as tmp:
        commands = write_inputs(Path(tmp))
        print(f"{'finding':8} {'this build':>22} {'older build':>22}")
        for name in args.only.split(","):
            new = timed(args.new, commands[name], args.limit)
            old = timed(args.old, commands[name], args.limit) if args.old else "-"
            print(f"{name:8} {new:>22} {old:>22}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
