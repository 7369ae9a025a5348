# SPDX-License-Identifier: Apache-2.0
# Shared by scripts/demo.sh and scripts/test.sh (sourced, not run): the build
# dependencies from Debian's packages and a Ninja-only configure step.
# (python3-yaml and python3-jsonschema: the schema tests, tests/schema/; pkgconf (it
# provides pkg-config): the civeff.pc check of scripts/test.sh and finding libcpp-httplib-dev,
# the compiled library behind `civeff serve`; ccache: every build of scripts/test.sh
# compiles through it, see configure below.)

packages=(cmake ninja-build g++ libboost-dev libboost-graph-dev libyaml-cpp-dev doctest-dev libfmt-dev
  libcli11-dev libssl-dev libcpp-httplib-dev python3-venv python3-yaml python3-jsonschema pkgconf ccache)
# The fuzzers (scripts/test.sh, docs/fuzzing.md): clang, and libFuzzer with the
# sanitizer runtimes, which clang only recommends and apt-get here skips. llvm
# brings llvm-symbolizer, so that a crash in CI prints a stack with file:line.
fuzz_packages=(clang libclang-rt-14-dev llvm)
# Debian's Chromium (never a browser download): `civeff report --format pdf` prints with it,
# and the Selenium checks of scripts/test.sh step 4 drive it through chromium-driver.
browser_packages=(chromium chromium-driver)

# ensure_packages [EXTRA...]: the packages above and any extra ones named.
ensure_packages() {
  local wanted=("${packages[@]}" "$@")
  if ! command -v dpkg >/dev/null 2>&1; then
    echo "No dpkg here: install by hand: ${wanted[*]}"
    return 0
  fi
  local missing=() p
  for p in "${wanted[@]}"; do
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

# Ninja only: an existing build tree made with another generator cannot be reused.
# With ccache on PATH every compile goes through it (a launcher given in the
# arguments wins): a second run of scripts/test.sh recompiles nothing, and the
# consumers of examples/cmake-subproject (tests/consumer) share one compile of the engine.
configure() {
  local dir=$1
  shift
  if [[ -f $dir/CMakeCache.txt ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$dir/CMakeCache.txt"; then
    echo "$dir/ was configured with another generator; remove it (rm -rf $dir) and run again." >&2
    exit 2
  fi
  local launcher=()
  if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  # Unity build: these trees are built once, from scratch, and batches of engine and CLI
  # files compile in about half the time of one file each (docs/cmake.md). The `dev`
  # preset, for rebuilding after an edit, keeps one file per object.
  cmake -S . -B "$dir" -G Ninja "${launcher[@]}" -DCMAKE_UNITY_BUILD=ON "$@"
}

