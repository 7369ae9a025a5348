#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Python package's tests: a venv in build/venv, the package built and installed
# from this checkout by pip (scikit-build-core compiles the engine; the CMake tree is
# kept in build/<wheel tag>/ so a second run only rebuilds what changed), then pytest.
#
#   bash scripts/python-test.sh [pytest arguments...]
#
# Needs python3 with venv (Debian: python3-venv), a C++20 compiler, CMake >= 3.21,
# Ninja, and the engine's dependencies (Boost, yaml-cpp, fmt), as scripts/test.sh
# installs them. pip fetches pybind11, scikit-build-core and the test dependencies
# (numpy, pandas, pytest, dask, distributed, matplotlib, junitparser) from PyPI.
# When build/bin/civeff exists (scripts/test.sh builds it first), the suite also
# compares the package's output with the CLI's.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
venv=build/venv

if [[ ! -x $venv/bin/python ]]; then
  echo "==> Creating $venv"
  mkdir -p build
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
# The build requirements of pyproject.toml, installed once into the venv so that
# reinstalls skip pip's isolated build environment (keep the two lists in step).
"$venv/bin/python" -m pip install --quiet "scikit-build-core>=0.10" "pybind11>=2.13"

echo "==> Building and installing civeff with its test dependencies (pip install '.[test]')"
if [[ -z ${CMAKE_CXX_COMPILER_LAUNCHER:-} ]] && command -v ccache >/dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache  # read by CMake when it first configures the tree
fi
# The CMake tree is build/<wheel tag>/ (pyproject.toml), so this is incremental.
# Warnings are errors here as in the C++ build (CIVEFF_WERROR), so the bindings stay
# clean too; with that build's flags (RelWithDebInfo, -O2), as GCC 12 at -O3 gives
# false maybe-uninitialized warnings in std::string moves.
"$venv/bin/python" -m pip install --quiet --no-build-isolation \
  --config-settings=cmake.build-type=RelWithDebInfo \
  --config-settings=cmake.define.CIVEFF_WERROR=ON ".[test]"

echo "==> pytest"
# From the repository root (testpaths in pyproject.toml), against the installed package.
export CIVEFF_CLI=${CIVEFF_CLI:-$PWD/build/bin/civeff}
exec "$venv/bin/python" -m pytest "$@"
