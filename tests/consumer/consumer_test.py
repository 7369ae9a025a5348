# SPDX-License-Identifier: Apache-2.0
"""One consumer of examples/cmake-subproject, built as a vendor would build it.

    consumer_test.py --source ROOT --example add-subdirectory --build DIR
                     [--cxx COMPILER] [--launcher ccache] [--ninja NINJA]

Configures the example with Ninja and no build type and no CIVEFF_* option (the
defaults a subproject gets are what is tested), builds it, and then checks:

- `ninja -t targets all`: the only program linked is the vendor's own, and no
  civeff tool, test, benchmark, fuzzer or Python module target is there, nor any
  `test` or `install` target (civeff adds no tests and no install rules);
- the consumer's CMAKE_BUILD_TYPE is still empty (civeff forces none);
- the vendor's program runs and prints the expected result.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

PROGRAM = "vendor_tool"
# Targets of civeff's own build that a subproject must not get.
FOREIGN = re.compile(
    r"(^|/)(civeff_cli|civeff_unit_tests|[a-z_]+_bench|fuzz_[a-z_]+|civeff_fuzzers|_core)(\W|$)"
)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, text=True, **kwargs)


def targets(ninja: str, build: Path) -> list[tuple[str, str]]:
    """(output, rule) of every target in the build tree."""
    out = run([ninja, "-C", str(build), "-t", "targets", "all"], stdout=subprocess.PIPE).stdout
    rows = []
    for line in out.splitlines():
        output, _, rule = line.rpartition(": ")
        rows.append((output, rule))
    return rows


def problems_in(rows: list[tuple[str, str]]) -> list[str]:
    found = []
    programs = sorted(out for out, rule in rows if rule.startswith("CXX_EXECUTABLE_LINKER"))
    if programs != [PROGRAM]:
        found.append(f"programs linked: {programs}, expected only {PROGRAM}")
    for out, rule in rows:
        if FOREIGN.search(out):
            found.append(f"a target of civeff's own build: {out} ({rule})")
        if re.search(r"(^|/)(test|install|install/local|install/strip)$", out):
            found.append(f"a {out.rsplit('/', 1)[-1]} target: {out}")
    if not any(out.endswith("libciveff.a") for out, _ in rows):
        found.append("no libciveff.a: the library is not built")
    return found


def cached(build: Path, name: str) -> str:
    for line in (build / "CMakeCache.txt").read_text().splitlines():
        if line.startswith(name + ":"):
            return line.split("=", 1)[1]
    return ""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True, type=Path)
    ap.add_argument("--example", required=True)
    ap.add_argument("--build", required=True, type=Path)
    ap.add_argument("--cxx", default="")
    ap.add_argument("--launcher", default="")
    ap.add_argument("--ninja", default="ninja")
    a = ap.parse_args()

    source = a.source.resolve()
    env = dict(os.environ)
    # Paths relative to the checkout in ccache's key: both examples compile civeff with
    # the same relative paths, so the second is served from the first.
    env.setdefault("CCACHE_BASEDIR", str(source))
    # CMake takes a build type from the environment too; the consumer is to have none.
    env.pop("CMAKE_BUILD_TYPE", None)
    configure = ["cmake", "-S", str(source / "examples/cmake-subproject" / a.example), "-B", str(a.build)]
    configure += ["-G", "Ninja", f"-DCMAKE_MAKE_PROGRAM={a.ninja}", f"-DCIVEFF_SOURCE_DIR={source}"]
    if a.cxx:
        configure.append(f"-DCMAKE_CXX_COMPILER={a.cxx}")
    if a.launcher:
        configure.append(f"-DCMAKE_CXX_COMPILER_LAUNCHER={a.launcher}")
    # A vendor's own choice, made here to keep CI short: the engine compiles in
    # batches (docs/cmake.md, "Unity builds"); the targets are the same.
    configure.append("-DCMAKE_UNITY_BUILD=ON")
    run(configure, env=env)
    run(["cmake", "--build", str(a.build)], env=env)

    found = problems_in(targets(a.ninja, a.build))
    if build_type := cached(a.build, "CMAKE_BUILD_TYPE"):
        found.append(f"CMAKE_BUILD_TYPE is '{build_type}': civeff set the consumer's build type")

    printed = run([str(a.build / PROGRAM)], stdout=subprocess.PIPE).stdout
    result = json.loads(printed)
    if result.get("ruleset") != "vendor" or result["diplomas"]["basis"]["status"] != "complete":
        found.append(f"{PROGRAM} printed an unexpected result:\n{printed}")

    for p in found:
        print(f"consumer {a.example}: {p}", file=sys.stderr)
    if not found:
        print(f"consumer {a.example}: only the library and {PROGRAM} were built; it ran")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
