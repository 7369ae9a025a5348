#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The Dutch care ruleset rules/nl-zorg from the command line: it checks clean and
its tests pass, every unit that carries study load has hours, and no file of the
repository still names an id that the fact check of nl-zorg retired.

    nl_zorg_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    nl_zorg_test.py --civeff build/bin/civeff --list   # the test names

The retired ids and their successors are listed in rules/nl-zorg/README.md ("Old
and new ids"); that table is the one place allowed to name them.
"""

import os
import re
import subprocess
from pathlib import Path

from harness import exit_with, expect, expect_exit, run

REPO = Path(__file__).resolve().parents[2]
NL_ZORG = REPO / "rules" / "nl-zorg"

# Ids of rules/nl-zorg before the fact check (rules/nl-zorg/README.md, "Old and new ids").
OLD_IDS = (
    ["x-helpende-zw", "x-mz-3", "x-mbo-vp"]
    + ["x-hzw-B1-K1", "x-hzw-B1-K2", "x-hzw-P1-K1"]
    + ["x-mz-B1-K1", "x-mz-B1-K2", "x-mz-P1-K1", "x-mz-P2-K1"]
    + [f"x-mz-B1-K1-W{i}" for i in range(1, 4)]
    + ["x-vigvp-B1-K1", "x-vigvp-B1-K2", "x-vigvp-B1-K3", "x-vigvp-P2-K1"]
    + [f"x-vigvp-B1-K1-W{i}" for i in range(1, 7)]
    + [f"x-vigvp-B1-K2-W{i}" for i in range(1, 3)]
    + [f"x-vigvp-B1-K3-W{i}" for i in range(1, 4)]
    + [
        "x-kd-instabiele-acute-zorg",
        "x-kd-wijkgericht-werken",
        "x-kd-zorginnovaties-technologie",
        "x-kd-nah",
        "x-kd-diversiteit",
        "x-kd-voorbereiding-hbo",
    ]
    + ["x-le-hzw-1", "x-le-hzw-2", "x-le-hzw-3", "x-le-persoonlijke-verzorging", "x-le-wondzorg"]
    + [f"x-vp-bo-{i}" for i in range(1, 7)]
    + ["BO-regievoering-vakontwikkeling"]
    + ["eq-helpende-plus", "eq-mz-B1-K1-werkprocessen", "eq-stack-hzw", "eq-stack-vig", "eq-stack-vp"]
    + [f"eq-vigvp-B1-K{i}-werkprocessen" for i in range(1, 4)]
)
# LE-medicatie is also the SPEC's own example unit (docs, golden files, bindings tests), so it is
# retired only where it meant the nl-zorg unit.
OLD_IDS_NL_ZORG_ONLY = ["LE-medicatie"]
NL_ZORG_PLACES = ("rules/nl-zorg/", "examples/portfolios/", "examples/population/", "examples/cpp/")

# Files allowed to name an old id, each with its reason.
ALLOWED = {
    "rules/nl-zorg/README.md": "the table of old and new ids",
    "tests/cli/nl_zorg_test.py": "this list",
}

# Kinds whose every unit must declare its study load (`hours`).
KINDS_WITH_HOURS = {"keuzedeel", "leereenheid", "certificaat", "werkproces", "course", "generiek"}


def tracked_files() -> list[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
        ).stdout.decode("utf-8")
        return [f for f in out.split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        found = []
        for root, dirs, files in os.walk(REPO):
            dirs[:] = [d for d in dirs if not d.startswith((".", "build"))]
            found += [str((Path(root) / f).relative_to(REPO)) for f in files]
        return found


def id_pattern(ids) -> re.Pattern:
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in ids) + r")(?![\w-])")


def test_nl_zorg_names_no_retired_id(d):
    everywhere, local = id_pattern(OLD_IDS), id_pattern(OLD_IDS_NL_ZORG_ONLY)
    hits = []
    for name in tracked_files():
        if name in ALLOWED:
            continue
        path = REPO / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for n, line in enumerate(text.splitlines(), 1):
            found = everywhere.findall(line)
            if name.startswith(NL_ZORG_PLACES):
                found += local.findall(line)
            hits += [f"{name}:{n}: {i}" for i in found]
    expect(not hits, "files still name ids that rules/nl-zorg retired:", *hits[:40])


def test_nl_zorg_checks_clean_and_its_tests_pass(d):
    r = run("check", NL_ZORG, cwd=d)
    expect_exit(r, 0)
    # rules/nl-zorg/README.md, "Warnings of civeff check", explains each warning it keeps.
    explained = ["warning[W026]: directed equivalence 'eq-rekenen-4-dekt-2' "]
    warnings = [w for w in (r[1] + r[2]).splitlines() if "warning" in w]
    unexplained = [w for w in warnings if not any(e in w for e in explained)]
    expect(not unexplained, "civeff check rules/nl-zorg warns beyond its README", *unexplained)
    r = run("test", NL_ZORG, cwd=d)
    expect_exit(r, 0)
    expect(re.search(r"\b\d+ passed, 0 failed\b", r[1]), "civeff test rules/nl-zorg", r[1], r[2])


def units_of(path: Path):
    """(id, kind, has hours, notes) of every unit of a rules file: the files of rules/nl-zorg
    write one `- id:` entry per unit at two spaces, keys at four."""
    text = path.read_text(encoding="utf-8")
    if "\nunits:\n" not in "\n" + text:
        return
    body = text.split("units:\n", 1)[1]
    for entry in re.split(r"\n  - (?=id: )", "\n" + body)[1:]:
        uid = re.match(r'id: "?([^"\n]+)"?', entry).group(1)
        kind = re.search(r"^    kind: (\S+)", entry, re.M)
        hours = re.search(r"^    hours: ", entry, re.M)
        notes = re.search(r"^    notes: (?:>-\n)?((?:.*\n?)(?:      .*\n?)*)", entry, re.M)
        text = " ".join(notes.group(1).split()) if notes else ""
        yield uid, kind.group(1) if kind else None, bool(hours), text


def test_nl_zorg_units_declare_their_study_load(d):
    files = [
        p for p in sorted(NL_ZORG.rglob("*.yaml")) if "tests" not in p.parts and "scenarios" not in p.parts
    ]
    seen, missing, unmarked = 0, [], []
    for path in files:
        for uid, kind, has_hours, notes in units_of(path):
            if kind not in KINDS_WITH_HOURS:
                continue
            seen += 1
            if not has_hours:
                missing.append(f"{path.relative_to(REPO)}: {uid} ({kind})")
            # hours from a source: the keuzedelen with a K-code (SBU in the OER lists); every
            # other number is an estimate, and says so first (after `unverified —` for x- ids)
            sourced = kind == "keuzedeel" and re.fullmatch(r"K\d{4}", uid)
            if (
                has_hours
                and not sourced
                and not (notes.startswith("estimate:") or (uid.startswith("x-") and "estimate:" in notes))
            ):
                unmarked.append(f"{path.relative_to(REPO)}: {uid} ({kind}): notes begin {notes[:40]!r}")
    expect(seen > 100, f"only {seen} units of the study-load kinds found: did the file layout change?")
    expect(not missing, "units without hours:", *missing)
    expect(not unmarked, "estimated hours whose notes do not begin 'estimate:':", *unmarked)


exit_with(__doc__, globals())
