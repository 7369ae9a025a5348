#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every test, as CI runs it (.ci/run calls this script).
#
#   bash scripts/test.sh
#
# On a fresh Debian 12 machine (as root, or with sudo) it first installs the build
# dependencies. Then:
#   2. build/       RelWithDebInfo, warnings are errors; the CTest suite (unit, golden, CLI, bench smoke)
#   3. the ruleset's own `tests:` sections: civeff test rules/nl-zorg
#   4. build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer at -O1, no benchmarks; CTest again
#   5. cmake --install into build/install, then examples/cpp built against that prefix and run
# Each step stops the script on the first failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
jobs=$(nproc)
started=$SECONDS

step() {
  printf '\n==> %s   [%dm%02ds]\n' "$*" $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60))
}

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

step "1/6 Build dependencies"
ensure_packages

step "2/6 Build (build/, RelWithDebInfo, -DCIVEFF_WERROR=ON) and run the CTest suite"
configure build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIVEFF_WERROR=ON
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure --no-tests=error -j2

step "3/6 The ruleset's own tests: civeff test rules/nl-zorg"
build/bin/civeff test rules/nl-zorg

step "4/6 Sanitizers (build-asan/, address + undefined, -O1) and the CTest suite again"
# Same settings as the `asan` preset in CMakePresets.json. The sanitizers make
# compiling about twice as slow, so the benchmarks are left out of this tree.
configure build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DCIVEFF_SANITIZE=ON -DCIVEFF_BUILD_BENCHMARKS=OFF -DCIVEFF_INSTALL=OFF
cmake --build build-asan -j "$jobs"
export ASAN_OPTIONS=strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure --no-tests=error -j2
build-asan/bin/civeff test rules/nl-zorg
unset ASAN_OPTIONS UBSAN_OPTIONS

step "5/6 Install into build/install and build examples/cpp against it"
rm -rf build/install build/example-cpp
cmake --install build --prefix build/install
cmake -S examples/cpp -B build/example-cpp -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_PREFIX_PATH="$root/build/install"
cmake --build build/example-cpp -j "$jobs"
build/example-cpp/civeff_example | tee build/example-cpp/output.json
grep -q '"ruleset": "nl-zorg"' build/example-cpp/output.json || {
  echo "examples/cpp did not print an nl-zorg result" >&2
  exit 1
}

step "6/6 Python package: pip install . into build/venv, then the pytest suite (Dask included)"
CIVEFF_CLI="$root/build/bin/civeff" bash scripts/python-test.sh

printf '\nAll tests passed (%dm%02ds).\n' $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60))
