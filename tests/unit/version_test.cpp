// SPDX-License-Identifier: Apache-2.0
// civeff/version.hpp: the macros, civeff::version() and the project(civeff VERSION ...)
// line they are written from agree.

#include <civeff/civeff.hpp>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <type_traits>

static_assert(std::is_same_v<decltype(CIVEFF_VERSION_MAJOR), int> && CIVEFF_VERSION_MAJOR >= 0);
static_assert(std::is_same_v<decltype(CIVEFF_VERSION_MINOR), int> && CIVEFF_VERSION_MINOR >= 0);
static_assert(std::is_same_v<decltype(CIVEFF_VERSION_PATCH), int> && CIVEFF_VERSION_PATCH >= 0);

TEST_CASE("version: civeff::version() is CIVEFF_VERSION_STRING, MAJOR.MINOR.PATCH of the macros") {
  CHECK(civeff::version() == CIVEFF_VERSION_STRING);
  CHECK(civeff::version() ==
        fmt::format("{}.{}.{}", CIVEFF_VERSION_MAJOR, CIVEFF_VERSION_MINOR, CIVEFF_VERSION_PATCH));
}

TEST_CASE("version: it is the version of project(civeff VERSION ...) in the top-level CMakeLists.txt") {
  std::ifstream in(std::string(CIVEFF_SOURCE_DIR) + "/CMakeLists.txt");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string cmake = text.str();
  std::smatch m;
  REQUIRE(std::regex_search(cmake, m, std::regex(R"(project\(civeff\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+))")));
  CHECK(m[1].str() == civeff::version());
}
