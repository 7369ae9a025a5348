# SPDX-License-Identifier: Apache-2.0
# civeff as a vcpkg overlay port (docs/cmake.md):
#   vcpkg install civeff --overlay-ports=packaging/vcpkg        # the library
#   vcpkg install "civeff[cli]" --overlay-ports=packaging/vcpkg # and the civeff tool
# It builds the checkout it lies in (two folders up from packaging/vcpkg/civeff). A port
# in a registry would fetch a release instead (vcpkg_from_git with its REF, or
# vcpkg_download_distfile with its SHA512); the rest stays as it is.
get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

# The engine is always a static library (engine/CMakeLists.txt).
vcpkg_check_linkage(ONLY_STATIC_LIBRARY)

vcpkg_check_features(OUT_FEATURE_OPTIONS feature_options
  FEATURES
    cli CIVEFF_BUILD_CLI
)

vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    ${feature_options}
    -DCIVEFF_BUILD_TESTS=OFF
    -DCIVEFF_BUILD_BENCHMARKS=OFF
    -DCIVEFF_BUILD_PYTHON=OFF
    -DCIVEFF_INSTALL=ON
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(CONFIG_PATH lib/cmake/civeff)
vcpkg_fixup_pkgconfig()
if("cli" IN_LIST FEATURES)
  vcpkg_copy_tools(TOOL_NAMES civeff AUTO_CLEAN)
endif()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include" "${CURRENT_PACKAGES_DIR}/debug/share")
# The sources carry an SPDX identifier; the tree has no LICENSE file to install yet.
file(WRITE "${CURRENT_PACKAGES_DIR}/share/${PORT}/copyright"
  "civeff is licensed under the Apache License, Version 2.0 (SPDX-License-Identifier: Apache-2.0).\n"
  "https://www.apache.org/licenses/LICENSE-2.0\n")
