# SPDX-License-Identifier: Apache-2.0
"""The packaging files agree with the CMake project (docs/cmake.md).

    packaging_test.py --source ROOT NAME     # runs test_NAME; CTest registers each as packaging.NAME

vcpkg itself cannot run here (it needs its registry), so what it would read is
checked instead: vcpkg.json at the root and the overlay port in packaging/vcpkg/civeff
carry the name and version of `project(civeff VERSION ...)`, and their dependencies
are the vcpkg ports of the packages CMakeLists.txt finds; the port's options are
options of the project; civeff.pc requires the pkg-config modules of the same
packages.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path()

# The vcpkg port of each package the CMake files find; None: nothing to install
# (Threads is the C library's; Python and pybind11 come from pip, pyproject.toml;
# PkgConfig is the tool that finds Debian's cpp-httplib where no httplib package is).
# Boost is one port per Boost library: those are read from the engine's includes.
PORTS: dict[str, str | None] = {
    "Boost": None,
    "yaml-cpp": "yaml-cpp",
    "fmt": "fmt",
    "OpenSSL": "openssl",
    "Threads": None,
    "CLI11": "cli11",
    "httplib": "cpp-httplib",
    "PkgConfig": None,
    "doctest": "doctest",
    "Python": None,
    "Python3": None,
    "pybind11": None,
}
# The pkg-config module of each package the engine links; None: nothing to require.
PC_MODULES = {"Boost": None, "yaml-cpp": "yaml-cpp", "fmt": "fmt", "OpenSSL": "libcrypto", "Threads": None}
# Which manifest feature builds which folder: its packages are that feature's dependencies.
FEATURE_DIRS = {"cli": "bindings/cli", "tests": "tests"}


class Failure(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


def project_version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text()
    m = re.search(r"project\(civeff\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)", text)
    expect(m is not None, "no `project(civeff VERSION x.y.z)` in CMakeLists.txt")
    return m.group(1)


def found_packages(cmake_file: Path) -> set[str]:
    """The packages a CMakeLists.txt finds: find_package(NAME ...)."""
    text = re.sub(r"#[^\n]*", "", cmake_file.read_text())
    return set(re.findall(r"\bfind_package\(\s*([A-Za-z0-9_+-]+)", text))


def ports_of(packages: set[str]) -> set[str]:
    unknown = packages - PORTS.keys()
    expect(not unknown, f"no vcpkg port known for {sorted(unknown)}: add it to PORTS in packaging_test.py")
    return {p for name in packages if (p := PORTS[name])}


def boost_ports() -> set[str]:
    """boost-LIB for each Boost library the engine includes (<boost/LIB/...>)."""
    libs = set()
    for f in (ROOT / "engine").rglob("*.[ch]pp"):
        libs |= set(re.findall(r"#include\s*<boost/([a-z0-9_]+)/", f.read_text()))
    expect(bool(libs), "the engine includes no Boost library; is Boost still needed?")
    return {f"boost-{lib}" for lib in libs}


def library_ports() -> set[str]:
    """What the library needs: the ports of the top-level find_package calls, Boost's per library."""
    return ports_of(found_packages(ROOT / "CMakeLists.txt")) | boost_ports()


def dependency_names(entries: list) -> set[str]:
    return {e if isinstance(e, str) else e["name"] for e in entries}


def feature_ports(feature: str) -> set[str]:
    packages: set[str] = set()
    for f in (ROOT / FEATURE_DIRS[feature]).rglob("CMakeLists.txt"):
        packages |= found_packages(f)
    return ports_of(packages)


def manifest(path: str) -> dict:
    return json.loads((ROOT / path).read_text())


def check_manifest(path: str, extra: set[str]) -> dict:
    m = manifest(path)
    expect(m.get("name") == "civeff", f"{path}: name is {m.get('name')!r}, not 'civeff'")
    version = project_version()
    expect(m.get("version") == version, f"{path}: version {m.get('version')!r}, CMakeLists.txt has {version}")
    expect(
        m.get("license") == "Apache-2.0",
        f"{path}: license {m.get('license')!r}, the sources' SPDX identifier is Apache-2.0",
    )
    deps = dependency_names(m.get("dependencies", []))
    want = library_ports() | extra
    expect(deps == want, f"{path}: dependencies {sorted(deps)}, CMakeLists.txt needs {sorted(want)}")
    for feature, body in m.get("features", {}).items():
        expect(feature in FEATURE_DIRS, f"{path}: feature {feature!r} builds nothing known")
        got = dependency_names(body.get("dependencies", []))
        want = feature_ports(feature)
        expect(got == want, f"{path}: feature {feature} has {sorted(got)}, needs {sorted(want)}")
    return m


def test_root_manifest() -> None:
    m = check_manifest("vcpkg.json", set())
    expect(set(m.get("features", {})) == set(FEATURE_DIRS), "vcpkg.json: features cli and tests")


def test_overlay_port_manifest() -> None:
    m = check_manifest("packaging/vcpkg/civeff/vcpkg.json", {"vcpkg-cmake", "vcpkg-cmake-config"})
    expect(set(m.get("features", {})) == {"cli"}, "the port has one feature, cli (no tests are built)")
    host = {d["name"] for d in m["dependencies"] if isinstance(d, dict) and d.get("host")}
    expect(host == {"vcpkg-cmake", "vcpkg-cmake-config"}, "vcpkg-cmake and vcpkg-cmake-config are host tools")


def test_portfile() -> None:
    portfile = (ROOT / "packaging/vcpkg/civeff/portfile.cmake").read_text()
    options = set(re.findall(r"\boption\((CIVEFF_[A-Z_]+)", (ROOT / "CMakeLists.txt").read_text()))
    used = set(re.findall(r"-D(CIVEFF_[A-Z_]+)=", portfile))
    used |= set(re.findall(r"\b[a-z]+ (CIVEFF_[A-Z_]+)", portfile))  # vcpkg_check_features' FEATURES
    expect(bool(used), "the portfile sets no CIVEFF_ option")
    unknown = sorted(used - options)
    expect(not unknown, f"the portfile sets {unknown}, which CMakeLists.txt does not define")
    port_features = set(manifest("packaging/vcpkg/civeff/vcpkg.json").get("features", {}))
    checked = set(re.findall(r"^\s+([a-z][a-z0-9-]*) CIVEFF_[A-Z_]+$", portfile, re.M))
    expect(
        checked == port_features,
        f"vcpkg_check_features names {sorted(checked)}, the port has {sorted(port_features)}",
    )
    m = re.search(r"vcpkg_cmake_config_fixup\(CONFIG_PATH ([^)\s]+)\)", portfile)
    expect(m is not None, "the portfile does not fix up the CMake package")
    engine = (ROOT / "engine/CMakeLists.txt").read_text()
    expect(
        "DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/civeff" in engine and m.group(1) == "lib/cmake/civeff",
        f"the portfile fixes up {m.group(1)}, the package is installed in lib/cmake/civeff",
    )


def test_pkg_config_requires() -> None:
    text = (ROOT / "engine/CMakeLists.txt").read_text()
    m = re.search(r'set\(civeff_pc_modules "([^"]*)"\)', text)
    expect(m is not None, "engine/CMakeLists.txt sets no civeff_pc_modules")
    modules = {s.strip() for s in m.group(1).split(",")}
    packages = found_packages(ROOT / "CMakeLists.txt")
    unknown = packages - PC_MODULES.keys()
    expect(not unknown, f"no pkg-config module known for {sorted(unknown)}: add it to PC_MODULES")
    want = {p for name in packages if (p := PC_MODULES[name])}
    expect(modules == want, f"civeff.pc requires {sorted(modules)}, the engine links {sorted(want)}")


def main() -> int:
    global ROOT
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True, type=Path)
    ap.add_argument("name")
    a = ap.parse_args()
    ROOT = a.source
    test: Callable[[], None] | None = globals().get(f"test_{a.name}")
    if test is None:
        print(f"no test named {a.name}", file=sys.stderr)
        return 2
    try:
        test()
    except Failure as e:
        print(f"packaging.{a.name}: {e}", file=sys.stderr)
        return 1
    print(f"packaging.{a.name}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
