#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Docs that run: every example of the documentation that can run, run.

    python3 scripts/doctest.py --civeff build/bin/civeff --python build/venv/bin/python [FILE...]

Reads README.md, docs/*.md and bindings/python/README.md (or the FILEs given) and
decides for each fenced block:

- a `sh`, `bash`, `shell` or `console` block with a line that starts (after an
  optional `$ `) with `civeff`, `python`, `build/venv/bin/python` or
  `bash scripts/`, and an untagged block with a `$ ` line, is run;
- a `yaml` or `python` block is run only when the nearest line above it is a
  marker `<!-- doctest: NAME (HOW) -->`;
- `<!-- doctest: skip (reason) -->` above any block skips it, with the reason.

Commands run with bash in a scratch copy of the repository root (a temporary
folder of symlinks to its entries, `build/` a real folder), so a command's
outputs land in the scratch folder and never in the checkout. `civeff` is the
binary --civeff names, `python` and `python3` the interpreter --python names.
In a block with `$ ` lines, the lines after a command up to the next `$ ` line
are its expected output (stdout and stderr together); `...` alone on a line
matches any number of lines, and a trailing `...` on a line any rest of it.
Without expected output a command must exit 0.

A yaml block's marker says how it is checked (NAME is free, for the report):

  <!-- doctest: NAME (complete ruleset) -->         the block is a ruleset.yaml: civeff check
  <!-- doctest: NAME (sections) -->                 the block's sections alone, as the one
                                                     included file of a ruleset: civeff check
  <!-- doctest: NAME (overlay on DIR) -->           civeff check DIR --overlay BLOCK
  <!-- doctest: NAME (fragment of DIR) -->          a copy of DIR with the block as one more
                                                     included file: civeff check
  <!-- doctest: NAME (excerpt of PATH) -->          the block's lines, comments and blank lines
                                                     aside, appear in PATH in the same order
                                                     (PATH may hold more lines between them)

A python block's marker is `<!-- doctest: NAME -->`, or `<!-- doctest: NAME (setup:
CODE) -->` with one line of Python that runs first (to define what the block takes
from the text around it); blocks with the same NAME in one file run together, in
order, as one script. Warnings are not errors there.

Each block is reported as FILE:LINE: ok, FAILED (with a diff) or skipped (reason);
the exit status is 1 when any block failed, or when the checkout's `git status`
changed during the run (a block wrote into the repository).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = ["README.md", "docs", "bindings/python/README.md"]
TIMEOUT = 120  # seconds per block

FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)\s*$")
MARKER = re.compile(r"^\s*<!--\s*doctest:\s*(?P<body>.*?)\s*-->\s*$")
MARKER_BODY = re.compile(r"^(?P<name>[\w.-]+)(?:\s*\((?P<how>.*)\))?$")
# `bash scripts/` is a prefix of the script's path; the others are whole words.
COMMAND = re.compile(r"^((civeff|python3?|build/venv/bin/python3?)(\s|$)|bash scripts/)")
SHELL_LANGS = {"sh", "bash", "shell", "console"}
# Commands that run a whole suite or take minutes: they need a skip marker.
LONG = re.compile(r"bash scripts/(test|demo|python-test|wheel-test)\.sh|\.ci/run|benchmarks/")


@dataclass
class Block:
    file: Path
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    marker: str | None  # the marker's body, or None
    result: str = ""
    detail: str = ""
    extra: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        shown = self.file.relative_to(ROOT) if self.file.is_relative_to(ROOT) else self.file
        return f"{shown}:{self.line}"


def parse_blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = len(m["indent"]), m["fence"], m["lang"].lower()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and not (
            lines[i].strip().startswith(fence[:3]) and lines[i].strip().strip(fence[0]) == ""
        ):
            line = lines[i]
            body.append(line[indent:] if line[:indent].strip() == "" else line.lstrip())
            i += 1
        i += 1  # the closing fence
        marker = None
        j = start - 1
        while j >= 0 and lines[j].strip() == "":
            j -= 1
        if j >= 0 and (mm := MARKER.match(lines[j])):
            marker = mm["body"]
        blocks.append(Block(path, start + 1, lang, "\n".join(body) + "\n", marker))
    return blocks


def is_shell_candidate(block: Block) -> bool:
    lines = [ln.strip() for ln in block.text.splitlines()]
    if block.lang in SHELL_LANGS:
        return any(COMMAND.match(ln.removeprefix("$ ")) for ln in lines)
    if block.lang == "":
        return any(ln.startswith("$ ") for ln in lines)
    return False


class Sandbox:
    """A scratch folder that looks like the repository root: symlinks to its
    entries, `build/` a real folder of symlinks, and a bin folder with
    `civeff` and `python` wrappers first on PATH."""

    def __init__(self, civeff: Path, python: Path):
        self.tmp = Path(tempfile.mkdtemp(prefix="civeff-doctest-"))
        self.civeff, self.python = civeff, python
        self.bin = self.tmp / ".bin"
        self.bin.mkdir()
        for name, target in (("civeff", civeff), ("python", python), ("python3", python)):
            wrapper = self.bin / name
            wrapper.write_text(f'#!/bin/sh\nexec "{target}" "$@"\n')
            wrapper.chmod(0o755)

    def fresh(self) -> Path:
        work = Path(tempfile.mkdtemp(prefix="run-", dir=self.tmp))
        for entry in ROOT.iterdir():
            if entry.name in (".git", "build"):
                continue
            (work / entry.name).symlink_to(entry)
        (work / "build").mkdir()
        if (ROOT / "build").is_dir():
            for entry in (ROOT / "build").iterdir():
                (work / "build" / entry.name).symlink_to(entry)
        return work

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env["CIVEFF_CLI"] = str(self.civeff)
        env.pop("PYTHONPATH", None)
        return env

    def run(self, script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-c", script],
            cwd=cwd,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=TIMEOUT,
        )

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def normalise_command(line: str) -> str:
    return re.sub(r"^build/venv/bin/python3?(?=\s)", "python", line)


def match_output(expected: list[str], actual: list[str]) -> bool:
    """Expected lines against actual ones: `...` alone matches any number of
    lines, a trailing `...` any rest of a line."""

    def line_ok(e: str, a: str) -> bool:
        if e.endswith("...") and e.strip() != "...":
            return a.rstrip().startswith(e[:-3].rstrip())
        return e.rstrip() == a.rstrip()

    def go(i: int, j: int) -> bool:
        if i == len(expected):
            return j == len(actual)
        if expected[i].strip() == "...":
            return any(go(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and line_ok(expected[i], actual[j]) and go(i + 1, j + 1)

    return go(0, 0)


def run_shell(block: Block, box: Sandbox) -> None:
    if m := LONG.search(block.text):
        block.result, block.detail = "FAILED", f"runs `{m[0]}`: mark it <!-- doctest: skip (reason) -->"
        return
    work = box.fresh()
    lines = block.text.splitlines()
    if any(ln.startswith("$ ") for ln in lines):
        # Commands with their expected output.
        steps: list[tuple[str, list[str]]] = []
        for ln in lines:
            if ln.startswith("$ "):
                steps.append((normalise_command(ln[2:]), []))
            elif steps:
                steps[-1][1].append(ln)
        for command, expected in steps:
            while expected and expected[-1].strip() == "":
                expected.pop()
            proc = box.run(command, work)
            actual = proc.stdout.splitlines()
            if expected:
                if not match_output(expected, actual):
                    diff = difflib.unified_diff(expected, actual, "documented", "actual", lineterm="")
                    block.result = "FAILED"
                    block.detail = f"$ {command}\n" + "\n".join(diff)
                    return
            elif proc.returncode != 0:
                block.result = "FAILED"
                block.detail = f"$ {command}\nexit {proc.returncode}\n{proc.stdout}"
                return
    else:
        script = "set -eo pipefail\n" + "\n".join(normalise_command(ln) for ln in lines)
        proc = box.run(script, work)
        if proc.returncode != 0:
            block.result, block.detail = "FAILED", f"exit {proc.returncode}\n{proc.stdout}"
            return
    block.result = "ok"


def add_include(root_text: str, name: str) -> str:
    """ruleset.yaml with one more include, in either list style."""
    flow = re.search(r"^include:\s*\[(.*)\]\s*$", root_text, re.M)
    if flow:
        return root_text[: flow.end(1)] + f", {name}" + root_text[flow.end(1) :]
    lines = root_text.splitlines()
    k = next(i for i, ln in enumerate(lines) if ln.startswith("include:"))
    k += 1
    while k < len(lines) and re.match(r"^\s+-\s", lines[k]):
        k += 1
    lines.insert(k, f"  - {name}")
    return "\n".join(lines) + "\n"


def yaml_content_lines(text: str) -> list[str]:
    out = []
    for ln in text.splitlines():
        ln = re.sub(r"(^|\s+)#.*$", "", ln).rstrip()
        if ln:
            out.append(ln)
    return out


def check_yaml(block: Block, name: str, how: str, box: Sandbox) -> None:
    civeff = str(box.civeff)
    work = box.fresh()
    if how == "complete ruleset":
        (work / "doctest-ruleset").mkdir()
        target = work / "doctest-ruleset" / "ruleset.yaml"
        target.write_text(block.text)
        cmd = [civeff, "check", str(target)]
    elif how == "sections":
        (work / "doctest-ruleset").mkdir()
        (work / "doctest-ruleset" / "ruleset.yaml").write_text(
            f'civeff: 1\nruleset: doctest-{name}\nversion: "0"\ninclude: [sections.yaml]\n'
        )
        (work / "doctest-ruleset" / "sections.yaml").write_text(block.text)
        cmd = [civeff, "check", str(work / "doctest-ruleset")]
    elif how.startswith("overlay on "):
        overlay = work / f"{name}.yaml"
        overlay.write_text(block.text)
        cmd = [civeff, "check", how.removeprefix("overlay on ").strip(), "--overlay", str(overlay)]
    elif how.startswith("fragment of "):
        src = ROOT / how.removeprefix("fragment of ").strip()
        copy = work / "doctest-ruleset"
        shutil.copytree(src, copy)
        (copy / f"doctest-{name}.yaml").write_text(block.text)
        root = copy / "ruleset.yaml"
        root.write_text(add_include(root.read_text(), f"doctest-{name}.yaml"))
        cmd = [civeff, "check", str(copy)]
    elif how.startswith("excerpt of "):
        path = ROOT / how.removeprefix("excerpt of ").strip()
        want = yaml_content_lines(block.text)
        have = yaml_content_lines(path.read_text(encoding="utf-8")) if path.is_file() else []
        rest = iter(have)
        if want and all(w in rest for w in want):  # a subsequence, in order
            block.result = "ok"
        else:
            block.result = "FAILED"
            block.detail = f"not found in {path.relative_to(ROOT)} as written" + (
                "" if path.is_file() else " (no such file)"
            )
        return
    else:
        block.result, block.detail = "FAILED", f"unknown way to check a yaml block: ({how})"
        return
    proc = subprocess.run(
        cmd, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT
    )
    if proc.returncode == 0:
        block.result = "ok"
    else:
        block.result, block.detail = "FAILED", f"civeff check ({how}): exit {proc.returncode}\n{proc.stdout}"


def run_python(blocks: list[Block], box: Sandbox) -> None:
    work = box.fresh()
    script = work / "doctest_block.py"
    parts = []
    for b in blocks:
        how = MARKER_BODY.match(b.marker or "")["how"] or ""
        if how.startswith("setup:"):
            parts.append(how.removeprefix("setup:").strip() + "\n")
        parts.append(b.text)
    script.write_text("\n".join(parts))
    proc = subprocess.run(
        [str(box.python), "-W", "ignore::UserWarning", str(script)],
        cwd=work,
        env=box.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TIMEOUT,
    )
    for b in blocks:
        if proc.returncode == 0:
            b.result = "ok"
        else:
            b.result, b.detail = "FAILED", f"exit {proc.returncode}\n{proc.stdout[-3000:]}"


def git_status() -> str:
    """The checkout's `git status`, to show that no block wrote into it ('' without git)."""
    try:
        return subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        ).stdout
    except OSError:
        return ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--civeff", default="build/bin/civeff", help="the civeff binary (default: %(default)s)")
    ap.add_argument("--python", default="build/venv/bin/python", help="a Python with civeff installed")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list the blocks that are no doctest")
    ap.add_argument(
        "files",
        nargs="*",
        help="Markdown files or folders (default: README.md docs/ bindings/python/README.md)",
    )
    args = ap.parse_args()

    civeff = Path(args.civeff).resolve()
    python = Path(args.python).absolute()  # not resolved: a venv's python is a symlink
    for what, path in (("--civeff", civeff), ("--python", python)):
        if not os.access(path, os.X_OK):
            print(f"doctest: {what} {path} is not an executable", file=sys.stderr)
            return 2

    files: list[Path] = []
    for f in args.files or DEFAULT_FILES:
        p = (Path.cwd() / f).resolve()
        files += sorted(p.rglob("*.md")) if p.is_dir() else [p]

    started = time.monotonic()
    checkout_before = git_status()
    box = Sandbox(civeff, python)
    reported: list[Block] = []
    try:
        for f in files:
            python_groups: dict[str, list[Block]] = {}
            for b in parse_blocks(f):
                name, how = None, None
                if b.marker is not None:
                    mb = MARKER_BODY.match(b.marker)
                    if not mb:
                        b.result, b.detail = "FAILED", f"malformed marker <!-- doctest: {b.marker} -->"
                        reported.append(b)
                        continue
                    name, how = mb["name"], mb["how"]
                    if name == "skip":
                        b.result, b.detail = "skipped", how or "no reason given"
                        reported.append(b)
                        continue
                if is_shell_candidate(b):
                    run_shell(b, box)
                elif b.lang == "yaml" and name:
                    if not how:
                        b.result, b.detail = (
                            "FAILED",
                            "a yaml marker needs (complete ruleset), (overlay on DIR), ...",
                        )
                    else:
                        check_yaml(b, name, how, box)
                elif b.lang == "python" and name:
                    python_groups.setdefault(name, []).append(b)
                elif name:
                    b.result, b.detail = (
                        "FAILED",
                        f"a marker on a block of language '{b.lang}' that cannot run",
                    )
                else:
                    if args.verbose:
                        b.result, b.detail = "not a doctest", ""
                        reported.append(b)
                    continue
                reported.append(b)
            for group in python_groups.values():
                run_python(group, box)
    finally:
        box.cleanup()

    reported.sort(key=lambda b: (str(b.file), b.line))
    counts: dict[str, int] = {}
    for b in reported:
        counts[b.result] = counts.get(b.result, 0) + 1
        line = f"{b.where}: {b.result}"
        if b.result in ("skipped", "not a doctest") and b.detail:
            line += f" ({b.detail})"
        print(line)
        if b.result == "FAILED":
            print("    " + b.detail.rstrip().replace("\n", "\n    "))
    if (checkout_after := git_status()) != checkout_before:
        counts["FAILED"] = counts.get("FAILED", 0) + 1
        print("doctest: FAILED: a block wrote into the checkout (git status before and after differ):")
        print("    " + checkout_after.rstrip().replace("\n", "\n    "))
    summary = ", ".join(f"{n} {r}" for r, n in sorted(counts.items()))
    print(f"doctest: {summary or 'no blocks'} in {time.monotonic() - started:.0f}s")
    return 1 if counts.get("FAILED") else 0


if __name__ == "__main__":
    sys.exit(main())
