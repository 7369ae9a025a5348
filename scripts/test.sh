#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every test, as CI runs it (.ci/run calls this script).
#
#   bash scripts/test.sh
#
# On a fresh Debian 12 machine (as root, or with sudo) it first installs the build
# dependencies. Then:
#   2. build/       RelWithDebInfo, warnings are errors; the CTest suite (unit, golden, CLI, bench smoke,
#                   the instruction budget of batch evaluation under callgrind)
#   3. the rulesets' own `tests:` sections: civeff test rules/nl-zorg, and the docs' examples/rulesets/tour
#   4. the catalogue in headless Chromium through Selenium (scripts/check-catalog.sh):
#      Dutch and English pages, no console errors, the search box; screenshots in build/catalog/;
#      then `civeff serve`'s page (tests/serve/page_test.py): each persona submitted, its status seen;
#      then each persona's `civeff report` page (tests/report/report_page_test.py): no console errors, every
#      data- figure equal to the explain/advise JSON, each course's what-if to two evals, the PDF
#   5. build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer at -O1, no benchmarks; CTest again
#   6. cmake --install into build/install, then examples/cpp built against that prefix and run,
#      with CMake (find_package) and with g++ and pkg-config (civeff.pc)
#   7. the Python package as its Linux wheel (scripts/wheel-test.sh): pip wheel + auditwheel
#      repair, auditwheel show, installed into a fresh venv with no compiler on PATH, the pytest
#      suite from outside the tree
#   8. the same wheel installed into build/venv (for step 9)
#   9. the documentation's examples (scripts/doctest.py): README.md, docs/, bindings/python/README.md
#  10. build-fuzz/   clang + libFuzzer: each fuzz target from its committed corpus, -seed=1
# Each step stops the script on the first failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
jobs=$(nproc)
started=$SECONDS
# The sanitizer settings of step 5 (and of the `asan` preset), again in step 10.
asan_options=strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
ubsan_options=print_stacktrace=1:halt_on_error=1

step() {
  printf '\n==> %s   [%dm%02ds]\n' "$*" $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60))
}

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

step "1/10 Build dependencies"
# graphviz: tests/cli/graph_test.py has `dot` read what `civeff graph` prints; valgrind:
# the instruction budget of batch evaluation (bench_instruction_budget, step 2).
ensure_packages "${fuzz_packages[@]}" graphviz valgrind "${browser_packages[@]}"

step "2/10 Build (build/, RelWithDebInfo, -DCIVEFF_WERROR=ON) and run the CTest suite"
configure build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIVEFF_WERROR=ON
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure --no-tests=error -j2

step "3/10 The rulesets' own tests: civeff test rules/nl-zorg and examples/rulesets/tour"
build/bin/civeff test rules/nl-zorg
build/bin/civeff test examples/rulesets/tour

step "4/10 The catalogue, civeff serve's page and the persons' reports in headless Chromium (Selenium); build/catalog/, build/serve-page/, build/report/"
CIVEFF=build/bin/civeff bash scripts/check-catalog.sh rules/nl-zorg
# check-catalog.sh installed chromium, chromium-driver and Selenium (build/catalog-venv).
SE_OFFLINE=true timeout 300 build/catalog-venv/bin/python tests/serve/page_test.py --civeff build/bin/civeff
SE_OFFLINE=true timeout 900 build/catalog-venv/bin/python tests/report/report_page_test.py --civeff build/bin/civeff

step "5/10 Sanitizers (build-asan/, address + undefined, -O1) and the CTest suite again"
# Same settings as the `asan` preset in CMakePresets.json. The sanitizers make
# compiling about twice as slow, so the benchmarks are left out of this tree.
configure build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DCIVEFF_SANITIZE=ON -DCIVEFF_BUILD_BENCHMARKS=OFF -DCIVEFF_INSTALL=OFF
cmake --build build-asan -j "$jobs"
export ASAN_OPTIONS=$asan_options UBSAN_OPTIONS=$ubsan_options
ctest --test-dir build-asan --output-on-failure --no-tests=error -j2
build-asan/bin/civeff test rules/nl-zorg
unset ASAN_OPTIONS UBSAN_OPTIONS

step "6/10 Install into build/install and build examples/cpp against it (CMake, then pkg-config)"
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
# The same program without CMake, through the installed civeff.pc: it must print the same.
pc_flags=$(PKG_CONFIG_PATH="$root/build/install/lib/pkgconfig" pkg-config --cflags --libs civeff)
# shellcheck disable=SC2086 # pc_flags is a list of flags
"${CXX:-g++}" -std=c++20 examples/cpp/main.cpp -o build/example-cpp/civeff_example_pc \
  -DCIVEFF_EXAMPLE_RULES="\"$root/rules/nl-zorg\"" -DCIVEFF_EXAMPLE_PORTFOLIO="\"$root/examples/cpp/portfolio.json\"" \
  $pc_flags
build/example-cpp/civeff_example_pc >build/example-cpp/output-pc.json
cmp build/example-cpp/output.json build/example-cpp/output-pc.json
echo "examples/cpp built with pkg-config ($pc_flags) prints the same"

step "7/10 The Python package as its Linux wheel (scripts/wheel-test.sh): built, repaired, installed where no compiler is, pytest"
# pip wheel (Release, warnings are errors), auditwheel repair and show, the wheel
# installed into a fresh venv with no compiler on PATH, the pytest suite (Dask
# included) from outside the source tree (docs/wheels.md). The comparisons with the
# command line use build/bin/civeff. This is CI's one build of the Python module:
# scripts/python-test.sh (an incremental build into build/venv) is for working on it.
CIVEFF_CLI="$root/build/bin/civeff" bash scripts/wheel-test.sh

step "8/10 build/venv with the same wheel, for the documentation's Python examples"
[[ -x build/venv/bin/python ]] || python3 -m venv build/venv
build/venv/bin/python -m pip install --quiet --upgrade pip
build/venv/bin/python -m pip install --quiet --force-reinstall --no-deps "$(cat build/wheel/tested-wheel)"
build/venv/bin/python -m pip install --quiet "$(cat build/wheel/tested-wheel)[test]"

step "9/10 The documentation's examples run (scripts/doctest.py, with build/bin/civeff and build/venv)"
# After step 8: the Python examples need the package in build/venv.
python3 scripts/doctest.py --civeff build/bin/civeff --python build/venv/bin/python

step "10/10 Fuzzers (build-fuzz/, clang, libFuzzer + address + undefined), each from its corpus with -seed=1"
# Only the engine and the fuzz targets: the engine is instrumented too, so
# libFuzzer steers by its coverage (engine/CMakeLists.txt). Line tables are all
# a stack trace needs, and cost less to compile and link than -g.
configure build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DCIVEFF_BUILD_FUZZERS=ON -DCIVEFF_BUILD_CLI=OFF \
  -DCIVEFF_BUILD_TESTS=OFF -DCIVEFF_BUILD_BENCHMARKS=OFF -DCIVEFF_INSTALL=OFF
cmake --build build-fuzz -j "$jobs" --target civeff_fuzzers
# -runs per target: about 30 s each on the 2-core machine (measured: docs/fuzzing.md).
# -max_total_time is a ceiling only: on a slower or busier machine a target stops
# at one minute rather than stretch CI.
fuzz_runs=(fuzz_expr=140000 fuzz_yaml=18000 fuzz_csv=85000 fuzz_portfolio=100000)
export ASAN_OPTIONS=$asan_options UBSAN_OPTIONS=$ubsan_options
for entry in "${fuzz_runs[@]}"; do
  target=${entry%%=*}
  runs=${entry#*=}
  # libFuzzer adds what it finds to the first directory: a scratch one, so the
  # committed corpus (read only) stays as it is and the checkout stays clean.
  scratch=build-fuzz/corpus-new/$target
  log=build-fuzz/$target.log
  rm -rf "$scratch" && mkdir -p "$scratch" build-fuzz/artifacts
  fuzz_started=$SECONDS
  if ! "build-fuzz/tests/fuzz/$target" -seed=1 -runs="$runs" -max_total_time=60 -timeout=30 \
    -artifact_prefix="build-fuzz/artifacts/$target-" "$scratch" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
    tail -n 80 "$log" >&2
    echo "$target failed: the input is in build-fuzz/artifacts/; reproduce and minimise it as docs/fuzzing.md says" >&2
    exit 1
  fi
  printf '%-15s %s in %ds (%s)\n' "$target" "$(grep -o '^#[0-9]*[[:space:]]*DONE[[:space:]]*cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)" \
    $((SECONDS - fuzz_started)) "$log"
done
unset ASAN_OPTIONS UBSAN_OPTIONS

printf '\nAll tests passed (%dm%02ds).\n' $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60))
