# SPDX-License-Identifier: Apache-2.0
# Shared by the benchmark scripts (sourced, not run): the Release build, the generated
# populations and a note on the machine. The caller has `cd`ed to the repository root
# and set -euo pipefail.

step() { printf '\n==> %s\n' "$*"; }

# The tools every benchmark script needs; exits 2 naming the first one missing.
require_tools() {
  local tool
  for tool in cmake ninja g++ python3 "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$tool is missing: run 'bash scripts/demo.sh' once to install the build dependencies." >&2
      exit 2
    fi
  done
}

# cmake -D options for a benchmark build: Release and the benchmarks, plus ccache as the
# compiler launcher when it is installed (a later build of the same sources is then quick).
release_options() {
  local options=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DCIVEFF_BUILD_BENCHMARKS=ON)
  if command -v ccache >/dev/null 2>&1; then options+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  printf '%s\n' "${options[@]}"
}

# build_release TARGET...: configures build-release/ (the `release` preset's folder) and builds the targets.
build_release() {
  if [[ -f build-release/CMakeCache.txt ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' build-release/CMakeCache.txt; then
    echo "build-release/ was configured with another generator; remove it and run again." >&2
    exit 2
  fi
  local options
  mapfile -t options < <(release_options)
  cmake -S . -B build-release "${options[@]}"
  local targets=() target
  for target in "$@"; do targets+=(--target "$target"); done
  cmake --build build-release -j "$(nproc)" "${targets[@]}"
}

# population PEOPLE: makes benchmarks/data/pop-PEOPLE.csv with examples/population/generate.py
# (seed 1, so every run of a size measures the same people) unless it is there already.
population() {
  local people=$1
  local data=benchmarks/data/pop-$people.csv
  if [[ -f $data ]]; then
    echo "Reusing $data (delete it to generate it again)."
    return
  fi
  local python=python3
  if ! python3 -c 'import numpy' >/dev/null 2>&1; then
    # The generator needs numpy; keep it in a venv of its own rather than the system Python.
    if [[ ! -x benchmarks/.venv/bin/python ]]; then
      echo "numpy is missing: creating benchmarks/.venv with numpy"
      python3 -m venv benchmarks/.venv
      benchmarks/.venv/bin/python -m pip install --quiet --upgrade pip
    fi
    benchmarks/.venv/bin/python -c 'import numpy' >/dev/null 2>&1 ||
      benchmarks/.venv/bin/python -m pip install --quiet numpy
    python=benchmarks/.venv/bin/python
  fi
  # Generated in a side folder under its final name, then moved: an interrupted run
  # leaves no half-written population to be reused next time.
  local partial=benchmarks/data/.partial
  rm -rf "$partial"
  mkdir -p "$partial"
  "$python" examples/population/generate.py --people "$people" --seed 1 --out "$partial/pop-$people.csv"
  mv "$partial/pop-$people.csv" "$data"
  rm -rf "$partial"
}

# What a report of figures should name: the machine, the compiler, the commit and the load.
machine_note() {
  local cpu
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
  echo "machine   ${cpu:-unknown CPU}, $(nproc) hardware threads, $(free -g 2>/dev/null | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "compiler  $(g++ --version | head -n 1)"
  echo "commit    $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "load      $(uptime)"
}
