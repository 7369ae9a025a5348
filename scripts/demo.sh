#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Evaluates the bundled sample population against rules/nl-zorg and prints a summary.
#
#   bash scripts/demo.sh
#
# On a fresh Debian 12 machine (as root, or with sudo) it first installs the build
# dependencies, then configures and builds into build/ with Ninja, then runs
#   civeff batch rules/nl-zorg examples/population/sample.csv --as-of 2026-11-01 --out build/demo/results.csv
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- packages
packages=(cmake ninja-build g++ libboost-dev libboost-graph-dev libyaml-cpp-dev doctest-dev libfmt-dev
  libcli11-dev python3-venv)

ensure_packages() {
  if ! command -v dpkg >/dev/null 2>&1; then
    echo "No dpkg here: install by hand: ${packages[*]}"
    return 0
  fi
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    echo "All build dependencies are installed."
    return 0
  fi
  local sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  echo "Installing: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# Ninja only: an existing build/ made with another generator cannot be reused.
configure() {
  local dir=$1
  shift
  if [[ -f $dir/CMakeCache.txt ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$dir/CMakeCache.txt"; then
    echo "$dir/ was configured with another generator; remove it (rm -rf $dir) and run again." >&2
    exit 2
  fi
  cmake -S . -B "$dir" -G Ninja "$@"
}

step "1/3 Build dependencies"
ensure_packages

step "2/3 Configure and build (build/, RelWithDebInfo)"
configure build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)"

step "3/3 Evaluate examples/population/sample.csv against rules/nl-zorg"
for needed in rules/nl-zorg examples/population/sample.csv; do
  if [[ ! -e $needed ]]; then
    echo "$needed is missing: this checkout has no bundled sample yet." >&2
    exit 2
  fi
done
mkdir -p build/demo
build/bin/civeff batch rules/nl-zorg examples/population/sample.csv --as-of 2026-11-01 --out build/demo/results.csv

printf '\nDemo finished: one row per person and diploma in build/demo/results.csv\n'
