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

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

step "1/3 Build dependencies"
ensure_packages

step "2/3 Configure and build the civeff tool (build/, RelWithDebInfo)"
configure build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)" --target civeff_cli  # the tests are scripts/test.sh's job

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
