// SPDX-License-Identifier: Apache-2.0
// compile() through a caller's rule_loader (rules kept in a database): the program
// of the same files on disk, diagnostics named by the paths the loader was given,
// named includes only (E066 for a wildcard), the include fence, the loader asked
// once per path; and that no ruleset is made but by compile().

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "support.hpp"

using civeff::compile;
using civeff::compile_result;
using civeff::rule_loader;
using civeff::testing::places;

namespace {

using file_map = std::map<std::string, std::string>;

const std::string header = "civeff: 1\nruleset: db\nversion: \"1\"\n";

// A database of rules: the loader of `files`, counting each path it is asked for.
struct database {
  file_map files;
  std::map<std::string, int> asked;
  [[nodiscard]] rule_loader loader() {
    return [this](std::string_view path) -> std::optional<std::string> {
      ++asked[std::string(path)];
      const auto it = files.find(std::string(path));
      if (it == files.end()) return std::nullopt;
      return it->second;
    };
  }
};

// Two files in the folder `nl/` of the database.
database two_files() {
  return {{{"nl/ruleset.yaml", header + "include: [units.yaml, diplomas/d.yaml]\n"},
           {"nl/units.yaml",
            "units:\n  - {id: A, kind: course, hours: 10}\n  - {id: B, kind: course, hours: 20}\n"},
           {"nl/diplomas/d.yaml",
            "diplomas:\n  - id: d\n    requires: {hours: {min: 25, of: {kind: course}}}\n"}},
          {}};
}

}  // namespace

TEST_CASE("rule loader: the rules compile as the same files in memory, each path asked once") {
  database db = two_files();
  const compile_result loaded = compile(db.loader(), "nl/ruleset.yaml");
  REQUIRE_MESSAGE(loaded.ok(), places(loaded.diagnostics));
  file_map in_memory;
  for (const auto& [name, text] : db.files) in_memory.emplace(name.substr(3), text);  // without "nl/"
  const compile_result from_map = compile(in_memory);
  REQUIRE(from_map.ok());
  CHECK(loaded.rules->unit_ids() == from_map.rules->unit_ids());
  CHECK(loaded.rules->graph_dot() == from_map.rules->graph_dot());
  using civeff::testing::took;
  const civeff::portfolio p = civeff::testing::person({took("A", "2023-01-01"), took("B", "2023-02-01")});
  const auto as_of = civeff::testing::day("2024-01-01");
  CHECK(loaded.rules->evaluate(p, as_of).diplomas.at("d").status == civeff::diploma_status::complete);
  std::vector<std::string> names;
  for (const auto& s : loaded.sources) names.push_back(s.name);
  CHECK(names == std::vector<std::string>{"nl/ruleset.yaml", "nl/units.yaml", "nl/diplomas/d.yaml"});
  for (const auto& [path, times] : db.asked) {
    CAPTURE(path);
    CHECK(times == 1);
  }
  CHECK(db.asked.size() == 3);
}

TEST_CASE("rule loader: diagnostics name the paths the loader was given") {
  database db = two_files();
  db.files["nl/units.yaml"] = "units:\n  - {id: A, kind: course, hours: -1}\n";
  const compile_result r = compile(db.loader(), "nl/ruleset.yaml");
  CHECK_FALSE(r.ok());
  CHECK(places(r.diagnostics) == "nl/units.yaml:2:34 E012");
}

TEST_CASE("rule loader: a missing root is E001, a missing include E008") {
  database db = two_files();
  const compile_result no_root = compile(db.loader(), "other/ruleset.yaml");
  CHECK(places(no_root.diagnostics) == "other/ruleset.yaml:0:0 E001");
  CHECK(no_root.diagnostics.at(0).message == "cannot read 'other/ruleset.yaml': the loader has no such file");

  db.files.erase("nl/units.yaml");
  const compile_result no_include = compile(db.loader(), "nl/ruleset.yaml");
  CHECK_FALSE(no_include.ok());
  CHECK(places(no_include.diagnostics).find("nl/ruleset.yaml:4:11 E008") != std::string::npos);
}

TEST_CASE("rule loader: an include with a wildcard is E066, and the loader is not asked for it") {
  database db;
  db.files = {{"ruleset.yaml", header + "include: [\"units/*.yaml\"]\n"}, {"units/a.yaml", "units: []\n"}};
  const compile_result r = compile(db.loader());
  CHECK(places(r.diagnostics) == "ruleset.yaml:4:12 E066");
  CHECK(
      r.diagnostics.at(0).message ==
      "include 'units/*.yaml' has a wildcard, but these rules are read through a loader, which cannot list a "
      "folder; name each file");
  CHECK(db.asked.size() == 1);
}

TEST_CASE("rule loader: includes stay in the root's folder, and a root that is no relative path is E001") {
  database db = two_files();
  db.files["nl/ruleset.yaml"] = header + "include: [../secret.yaml]\n";
  db.files["secret.yaml"] = "units: []\n";
  const compile_result up = compile(db.loader(), "nl/ruleset.yaml");
  CHECK(places(up.diagnostics) == "nl/ruleset.yaml:4:11 E008");
  CHECK(db.asked.count("secret.yaml") == 0);

  for (const char* root : {"/etc/ruleset.yaml", "", "a/../ruleset.yaml", "a//ruleset.yaml"}) {
    CAPTURE(root);
    const compile_result bad = compile(db.loader(), root);
    REQUIRE(bad.diagnostics.size() == 1);
    CHECK(bad.diagnostics[0].code == "E001");
    CHECK(bad.diagnostics[0].message.find("cannot be read through a loader") != std::string::npos);
  }
}

TEST_CASE(
    "rule loader: what the loader throws leaves compile(); load() throws rule_error; an empty loader is "
    "refused") {
  const rule_loader failing = [](std::string_view) -> std::optional<std::string> {
    throw std::runtime_error("the database is down");
  };
  CHECK_THROWS_WITH_AS(compile(failing), "the database is down", std::runtime_error);
  database db = two_files();
  CHECK(civeff::load(db.loader(), "nl/ruleset.yaml")->name() == "db");
  CHECK_THROWS_AS(civeff::load(db.loader(), "missing.yaml"), civeff::rule_error);
  CHECK_THROWS_AS(compile(rule_loader{}), std::invalid_argument);
}

TEST_CASE("rule loader: a test's overlay is read through the loader") {
  database db = two_files();
  db.files["nl/ruleset.yaml"] = header +
                                "include: [units.yaml, diplomas/d.yaml]\n"
                                "tests:\n"
                                "  - name: with the overlay\n"
                                "    overlay: scenario.yaml\n"
                                "    as_of: 2024-01-01\n"
                                "    portfolio:\n"
                                "      person: p\n"
                                "      achievements: [{unit: A, date: 2023-01-01}]\n"
                                "    expect:\n"
                                "      diplomas: {d: complete}\n";
  db.files["nl/scenario.yaml"] =
      "civeff: 1\noverlay: scenario\ndiplomas:\n  - id: d\n    requires: {hours: {min: 5, of: {kind: "
      "course}}}\n";
  const compile_result r = compile(db.loader(), "nl/ruleset.yaml");
  REQUIRE_MESSAGE(r.ok(), places(r.diagnostics));
  const auto outcomes = r.rules->run_tests();
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].passed);
  CHECK(db.asked.count("nl/scenario.yaml") == 1);
}

// Only compile() and load() make a ruleset: its constructor from a program is private.
static_assert(!std::is_constructible_v<civeff::ruleset, std::shared_ptr<const civeff::detail::program>>);
static_assert(!std::is_convertible_v<std::shared_ptr<const civeff::detail::program>, civeff::ruleset>);
