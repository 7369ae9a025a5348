// SPDX-License-Identifier: Apache-2.0
// `language: nl|en` in a root file (SPEC §10): accepted values and the default, E013
// with "did you mean" for another value, E024 for an overlay that sets it, E004 for an
// included file that does.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "dutch_ruleset.hpp"
#include "support.hpp"

namespace {

using civeff::compile;
using civeff::compile_options;
using civeff::text_language;
using civeff::testing::dutch_yaml;
using civeff::testing::temp_dir;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string all_messages(const civeff::compile_result& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.format() + "\n";
  return out;
}

std::string with_language(std::string_view line) {
  std::string yaml = dutch_yaml;
  const std::string key = "language: nl\n";
  yaml.replace(yaml.find(key), key.size(), std::string(line) + "\n");
  return yaml;
}

}  // namespace

TEST_CASE("language: nl and en are accepted, the default is en") {
  temp_dir dir;
  auto nl = compile(dir.write("nl/ruleset.yaml", dutch_yaml));
  REQUIRE_MESSAGE(nl.ok(), all_messages(nl));
  CHECK(nl.rules->language() == text_language::nl);
  auto en = compile(dir.write("en/ruleset.yaml", with_language("language: en")));
  REQUIRE(en.ok());
  CHECK(en.rules->language() == text_language::en);
  auto none = compile(dir.write("none/ruleset.yaml", with_language("")));
  REQUIRE(none.ok());
  CHECK(none.rules->language() == text_language::en);
}

TEST_CASE("language: another value is E013 at the value, with did you mean where close") {
  struct row {
    std::string line, message;
  };
  const std::vector<row> rows = {
      {"language: fr", "ruleset.yaml:4:11: error[E013]: `language` must be nl or en, not 'fr'"},
      {"language: NL",
       "ruleset.yaml:4:11: error[E013]: `language` must be nl or en, not 'NL'; did you mean 'nl'?"},
      {"language: \"dutch\"",
       "ruleset.yaml:4:12: error[E013]: `language` must be nl or en, not 'dutch'; did you mean 'nl'?"},
      {"language: nederlnds",
       "ruleset.yaml:4:11: error[E013]: `language` must be nl or en, not 'nederlnds'; did you mean 'nl'?"},
      {"language: engels",
       "ruleset.yaml:4:11: error[E013]: `language` must be nl or en, not 'engels'; did you mean 'en'?"},
      {"language: ne",
       "ruleset.yaml:4:11: error[E013]: `language` must be nl or en, not 'ne'; did you mean 'en'?"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.line);
    temp_dir dir;
    auto result = compile(dir.write("ruleset.yaml", with_language(r.line)));
    CHECK_FALSE(result.ok());
    REQUIRE(result.diagnostics.size() == 1);
    std::string shown = result.diagnostics.front().format();
    shown = shown.substr(shown.find("ruleset.yaml:"));
    CHECK(shown.substr(0, shown.find('\n')) == r.message);
  }
}

TEST_CASE("language: an overlay cannot set it (E024), nor an included file (E004)") {
  temp_dir dir;
  const auto root = dir.write("ruleset.yaml", dutch_yaml);
  const auto overlay = dir.write("scenario.yaml", "civeff: 1\noverlay: engels\nlanguage: en\n");
  compile_options options;
  options.overlays.emplace_back(overlay);
  auto r = compile(root, options);
  CHECK_FALSE(r.ok());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics.front().code == "E024");
  CHECK(r.diagnostics.front().where.line == 3);
  CHECK(r.diagnostics.front().where.column == 1);
  CHECK(contains(r.diagnostics.front().message, "an overlay cannot set `language`"));

  temp_dir inc;
  std::string yaml = dutch_yaml;
  yaml.insert(yaml.find("attributes:"), "include: [more.yaml]\n");
  const auto root2 = inc.write("ruleset.yaml", yaml);
  inc.write("more.yaml", "language: en\n");
  auto r2 = compile(root2);
  REQUIRE(r2.diagnostics.size() == 1);
  CHECK(r2.diagnostics.front().code == "E004");
  CHECK(contains(r2.diagnostics.front().message, "only the root file may set `language`"));
}
