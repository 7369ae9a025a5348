#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The instruction budget of batch evaluation (issue 15): instructions per person that
`ruleset::evaluate_batch` executes, counted by callgrind, against a committed budget.

    python3 benchmarks/instruction_budget.py --civeff build/bin/civeff            # the check
    python3 benchmarks/instruction_budget.py --civeff build/bin/civeff --measure  # print only

The workload is committed: rules/nl-zorg over examples/population/sample.csv (2,000
people) written five times with the person ids numbered apart, so 10,000 people and
206,475 rows, evaluated as of 2026-11-01 on one thread. Only the instructions inside
evaluate_batch are counted (`--toggle-collect`), not reading the CSV or writing
results. Instruction counts do not depend on the machine's load, which is why CI can
check them where it cannot check times.

The budget (benchmarks/instruction-budget.json) is the measured value plus 10%, for
the build CI makes: RelWithDebInfo with g++, a unity build (docs/cmake.md). The check
fails above the budget. Lower it when the evaluator gets faster; raise it only in a
commit whose message says why."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = ROOT / "benchmarks" / "instruction-budget.json"
SAMPLE = ROOT / "examples" / "population" / "sample.csv"
COPIES = 5


def write_workload(out: Path) -> int:
    """sample.csv COPIES times, person ids suffixed per copy; returns the number of people."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], [r for r in lines[1:] if r]
    people = {r.split(",", 1)[0] for r in rows}
    with out.open("w", encoding="utf-8", newline="\n") as f:
        f.write(header + "\n")
        for copy in range(COPIES):
            for r in rows:
                person, rest = r.split(",", 1)
                f.write(f"{person}-{copy},{rest}\n")
    return len(people) * COPIES


def count_instructions(civeff: str, population: Path, scratch: Path) -> int:
    out = scratch / "callgrind.out"
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out}",
        "--toggle-collect=civeff::ruleset::evaluate_batch*",
        civeff,
        "batch",
        str(ROOT / "rules" / "nl-zorg"),
        str(population),
        "--as-of",
        "2026-11-01",
        "--threads",
        "1",
        "--out",
        str(scratch / "results.csv"),
    ]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"callgrind run failed ({run.returncode}):\n{run.stderr[-2000:]}")
    totals = re.search(r"^totals:\s*(\d+)", out.read_text(encoding="utf-8"), re.MULTILINE)
    if not totals or int(totals.group(1)) == 0:
        sys.exit(f"{out}: no instructions collected inside evaluate_batch (was the symbol renamed?)")
    return int(totals.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--civeff", required=True, help="the civeff program of the build to check")
    parser.add_argument("--measure", action="store_true", help="print the figure; do not compare")
    a = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not on PATH (Debian package valgrind; scripts/test.sh installs it)")
    with tempfile.TemporaryDirectory(prefix="civeff-budget.") as tmp:
        scratch = Path(tmp)
        population = scratch / "population.csv"
        people = write_workload(population)
        per_person = count_instructions(a.civeff, population, scratch) / people
    print(f"evaluate_batch: {per_person:,.0f} instructions per person ({people:,} people, 1 thread)")
    if a.measure:
        return 0
    budget = json.loads(BUDGET.read_text(encoding="utf-8"))
    limit = float(budget["instructions_per_person"])
    print(
        f"budget: {limit:,.0f} (measured {float(budget['measured']):,.0f} at {budget['commit']}); "
        f"this build uses {per_person / limit:.0%} of it"
    )
    if per_person > limit:
        print(
            "over budget: evaluation got slower. Find why (benchmarks/README.md, "
            "'Instruction budget'); raise the budget only in a commit that says why."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
