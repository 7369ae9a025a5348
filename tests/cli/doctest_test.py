#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""scripts/doctest.py itself: a block that runs is ok, and each kind of broken
block fails the run (exit 1, FILE:LINE: FAILED), so "the docs run" can be false.

    doctest_test.py --civeff build/bin/civeff NAME

Each test writes a small Markdown file (and a ruleset it names by absolute path)
into a fresh temporary directory and runs the script on that file alone, with
this interpreter as --python: the Python blocks here need no civeff package.
"""

import subprocess
import sys
from pathlib import Path

import harness
from harness import SMALL_RULES, exit_with, expect, write

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "doctest.py"

# A Markdown page whose every kind of block runs and passes; {d} is the test's folder.
GOOD = """\
# Examples that run

```sh
civeff check {d}/ruleset.yaml
```

```
$ civeff eval {d}/ruleset.yaml {d}/p.yaml --as-of 2024-01-01 --format json
{{
  "person": "p",
...
}}
```

<!-- doctest: scales (sections) -->
```yaml
scales:
  civil_effect: {{levels: [none, national]}}
```

<!-- doctest: tour-scales (excerpt of examples/rulesets/tour/scales.yaml) -->
```yaml
scales:
  civil_effect: {{levels: [none, internal, sector, national]}}
```

<!-- doctest: sum -->
```python
total = 1 + 1
```

<!-- doctest: sum -->
```python
assert total == 2  # the second block of a name runs after the first
```

<!-- doctest: skip (a sketch) -->
```sh
civeff check no-such-ruleset
```

```yaml
not: [a doctest, no marker]
```
"""

# Broken blocks, each alone on a page: the text, and the line its fence is on.
BROKEN = {
    "a command that fails": "```sh\nciveff check {d}/no-such-ruleset\n```\n",
    "output other than shown": "```\n$ civeff check {d}/ruleset.yaml\nall is well, says nobody\n```\n",
    "a ruleset with a mistake": (
        "<!-- doctest: bad (complete ruleset) -->\n"
        '```yaml\nciveff: 1\nruleset: bad\nversion: "1"\nunits:\n  - {{id: A, titel: typo}}\n```\n'
    ),
    "an overlay that does not apply": (
        "<!-- doctest: bad (overlay on {d}) -->\n"
        "```yaml\nciveff: 1\noverlay: bad\nremove:\n  equivalences: [no-such-equivalence]\n```\n"
    ),
    "an excerpt the file does not hold": (
        "<!-- doctest: bad (excerpt of examples/rulesets/tour/scales.yaml) -->\n"
        "```yaml\nscales:\n  civil_effect: {{levels: [none, national]}}\n```\n"
    ),
    "a Python block that raises": "<!-- doctest: bad -->\n```python\nassert 1 + 1 == 3\n```\n",
    "a marker without a way to check a yaml block": "<!-- doctest: bad -->\n```yaml\nscales: {{}}\n```\n",
    "a marker on a block that cannot run": "<!-- doctest: bad -->\n```json\n{{}}\n```\n",
    "a whole suite without a skip marker": "```sh\nbash scripts/test.sh\n```\n",
}


def setup(d: Path) -> None:
    write(d, "ruleset.yaml", SMALL_RULES)
    write(d, "p.yaml", "person: p\nachievements:\n  - {unit: A, date: 2023-05-01}\n")


def doctest(d: Path, page: str):
    """(exit code, output) of scripts/doctest.py on `page`, written as d/page.md."""
    md = write(d, "page.md", page.format(d=d))
    r = subprocess.run(
        [sys.executable, str(SCRIPT), "--civeff", harness.CIVEFF, "--python", sys.executable, str(md)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return r.returncode, r.stdout + r.stderr, md


def test_doctest_good_blocks_pass(d):
    setup(d)
    code, out, md = doctest(d, GOOD)
    expect(code == 0, f"exit {code}, expected 0", out)
    expected = {3: "ok", 7: "ok", 16: "ok", 22: "ok", 28: "ok", 33: "ok", 38: "skipped"}
    for line, result in expected.items():
        expect(f"{md}:{line}: {result}" in out, f"line {line}: {result}", out)
    expect(f"{md}:43:" not in out, "a yaml block without a marker is no doctest", out)
    expect("7 ok" not in out and "6 ok, 1 skipped" in out, "the summary counts", out)


def test_doctest_broken_blocks_fail(d):
    setup(d)
    for what, page in BROKEN.items():
        code, out, md = doctest(d, page)
        fence = next(i for i, ln in enumerate(page.splitlines(), 1) if ln.startswith("```"))
        expect(code == 1, f"{what}: exit {code}, expected 1", out)
        expect(f"{md}:{fence}: FAILED" in out, f"{what}: FAILED at line {fence}", out)


if __name__ == "__main__":
    exit_with(__doc__, globals())
