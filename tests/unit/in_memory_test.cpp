// SPDX-License-Identifier: Apache-2.0
// Rulesets and overlays held in memory (compile() from a map of files, overlay_text):
// the same loader as files on disk, the same program, the same checks (the
// include fence, UTF-8, the node budget), and diagnostics named by the map's keys.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

namespace fs = std::filesystem;
using civeff::compile;
using civeff::compile_options;
using civeff::compile_result;
using civeff::diagnostic;
using civeff::overlay_text;
using civeff::testing::places;
using civeff::testing::temp_dir;

namespace {

using file_map = std::map<std::string, std::string>;

const std::string header = "civeff: 1\nruleset: test\nversion: \"1\"\n";

std::string text_of(const std::vector<diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += d.format() + "\n";
  return out;
}

// Every file under `dir`, by its path relative to `dir` with `/` separators.
file_map files_under(const fs::path& dir) {
  file_map out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out.emplace(entry.path().lexically_relative(dir).generic_string(), std::move(text).str());
  }
  return out;
}

// Writes `files` under `dir`.
void write_all(const temp_dir& dir, const file_map& files) {
  for (const auto& [name, text] : files) dir.write(name, text);
}

// A small ruleset with a glob include, a plain include and a nested folder.
const file_map small = {
    {"ruleset.yaml", header + "include: [\"units/*.yaml\", diplomas.yaml]\n"
                              "scales:\n  civil_effect: {levels: [none, sector, national]}\n"},
    {"units/a.yaml", "units:\n  - {id: A, kind: course, hours: 10}\n"},
    {"units/b.yaml", "units:\n  - {id: B, kind: course, hours: 20}\n"},
    {"units/notes.txt", "not matched by units/*.yaml\n"},
    {"diplomas.yaml", "diplomas:\n  - id: d\n    requires: {hours: {min: 25, of: {kind: course}}}\n"},
};

civeff::portfolio portfolio_ab() {
  using civeff::testing::took;
  return civeff::testing::person({took("A", "2023-01-01"), took("B", "2023-02-01")});
}

}  // namespace

TEST_CASE("in memory: a map of files compiles to the program the same files on disk give") {
  temp_dir dir;
  write_all(dir, small);
  const compile_result on_disk = compile(dir.path());
  const compile_result in_memory = compile(small);
  INFO(text_of(in_memory.diagnostics));
  REQUIRE(on_disk.ok());
  REQUIRE(in_memory.ok());
  CHECK(in_memory.rules->unit_ids() == std::vector<std::string>{"A", "B"});  // glob matches sorted
  CHECK(in_memory.rules->unit_ids() == on_disk.rules->unit_ids());
  CHECK(in_memory.rules->diploma_ids() == on_disk.rules->diploma_ids());
  CHECK(in_memory.rules->graph_dot() == on_disk.rules->graph_dot());
  const auto as_of = civeff::testing::day("2024-01-01");
  CHECK(civeff::to_json(in_memory.rules->evaluate(portfolio_ab(), as_of)) ==
        civeff::to_json(on_disk.rules->evaluate(portfolio_ab(), as_of)));
  CHECK(in_memory.rules->evaluate(portfolio_ab(), as_of).diplomas.at("d").status ==
        civeff::diploma_status::complete);

  SUBCASE("sources: every text read, in reading order, named as diagnostics name it") {
    std::vector<std::string> names;
    for (const auto& s : in_memory.sources) names.push_back(s.name);
    CHECK(names == std::vector<std::string>{"ruleset.yaml", "units/a.yaml", "units/b.yaml", "diplomas.yaml"});
    CHECK(in_memory.sources[1].text == small.at("units/a.yaml"));
    REQUIRE(on_disk.sources.size() == in_memory.sources.size());
    for (std::size_t i = 0; i < on_disk.sources.size(); ++i)
      CHECK(on_disk.sources[i].text == in_memory.sources[i].text);
  }
}

TEST_CASE("in memory: rules/nl-zorg from a map gives the program and test outcomes of the folder") {
  const fs::path folder = fs::path(CIVEFF_SOURCE_DIR) / "rules" / "nl-zorg";
  const compile_result on_disk = compile(folder);
  const compile_result in_memory = compile(files_under(folder));
  INFO(text_of(in_memory.diagnostics));
  REQUIRE(on_disk.ok());
  REQUIRE(in_memory.ok());
  CHECK(in_memory.rules->name() == on_disk.rules->name());
  CHECK(in_memory.rules->mark_ids() == on_disk.rules->mark_ids());
  CHECK(in_memory.rules->unit_ids() == on_disk.rules->unit_ids());
  CHECK(in_memory.rules->equivalence_ids() == on_disk.rules->equivalence_ids());
  CHECK(in_memory.rules->graph_dot() == on_disk.rules->graph_dot());
  CHECK(in_memory.sources.size() == on_disk.sources.size());
  const auto disk_tests = on_disk.rules->run_tests();
  const auto memory_tests = in_memory.rules->run_tests();
  REQUIRE(memory_tests.size() == disk_tests.size());
  CHECK(memory_tests.size() > 10);
  const std::string prefix = folder.lexically_normal().generic_string() + "/";
  for (std::size_t i = 0; i < disk_tests.size(); ++i) {
    CAPTURE(disk_tests[i].name);
    CHECK(memory_tests[i].passed);
    CHECK(memory_tests[i].name == disk_tests[i].name);
    // The same place, named by the map's key instead of the path on disk.
    CHECK(prefix + memory_tests[i].where.file == disk_tests[i].where.file);
    CHECK(memory_tests[i].where.line == disk_tests[i].where.line);
  }
}

TEST_CASE("in memory: diagnostics name the map's keys, with line and column") {
  file_map files = small;
  files["units/b.yaml"] = "units:\n  - id: B\n    kind: course\n    hours: ten\n    colour: red\n";
  files["diplomas.yaml"] = "diplomas:\n  - id: d\n    requires: {unit: C}\n";
  const compile_result r = compile(files);
  CHECK_FALSE(r.ok());
  CHECK(places(r.diagnostics) == "diplomas.yaml:3:22 E020; units/b.yaml:4:12 E012; units/b.yaml:5:5 E004");
  CHECK(text_of(r.diagnostics).find("units/b.yaml:5:5: error[E004]: unknown key `colour`") !=
        std::string::npos);
  CHECK_THROWS_AS((void)civeff::load(files), civeff::rule_error);
}

TEST_CASE("in memory: includes never leave the map, and never read the file system") {
  file_map files = small;
  SUBCASE("`..` is E008 at the pattern, allowed or not") {
    files["ruleset.yaml"] = header + "include: [\"../outside.yaml\"]\n";
    files["outside.yaml"] = "units: []\n";
    for (const bool allow : {false, true}) {
      const compile_result r = compile(files, {.overlays = {}, .allow_outside_includes = allow});
      CHECK(places(r.diagnostics) == "ruleset.yaml:4:12 E008");
      CHECK(text_of(r.diagnostics)
                .find("leaves the ruleset folder through '..'; in-memory rules include only "
                      "the in-memory files they are given") != std::string::npos);
    }
  }
  SUBCASE("an absolute path is E008, allowed or not") {
    const std::string absolute =
        (fs::path(CIVEFF_SOURCE_DIR) / "rules" / "nl-zorg" / "marks.yaml").generic_string();
    files["ruleset.yaml"] = header + "include: [\"" + absolute + "\"]\n";
    for (const bool allow : {false, true}) {
      const compile_result r = compile(files, {.overlays = {}, .allow_outside_includes = allow});
      CHECK(places(r.diagnostics) == "ruleset.yaml:4:12 E008");
      CHECK(text_of(r.diagnostics).find("is an absolute path") != std::string::npos);
    }
  }
  SUBCASE("a file of the working directory is not there") {
    REQUIRE(fs::exists("CMakeLists.txt"));  // the tests run in the source folder
    files["ruleset.yaml"] = header + "include: [CMakeLists.txt, \"*.txt\"]\n";
    const compile_result r = compile(files);
    CHECK(places(r.diagnostics) == "ruleset.yaml:4:11 E008; ruleset.yaml:4:28 E008");
    CHECK(text_of(r.diagnostics).find("include 'CMakeLists.txt' matches no file") != std::string::npos);
    CHECK(r.sources.size() == 1);
  }
  SUBCASE(
      "`a/../b` stays inside, a folder is not a file, a file included twice is E008, `*` takes any file") {
    files["ruleset.yaml"] =
        header + "include: [\"units/../diplomas.yaml\", units, \"units/a.yaml\", \"units/*\"]\n";
    const compile_result r = compile(files);
    INFO(text_of(r.diagnostics));
    CHECK(places(r.diagnostics) ==
          "ruleset.yaml:4:37 E008; ruleset.yaml:4:61 E008; units/notes.txt:1:1 E007");
    CHECK(text_of(r.diagnostics).find("'units' is a directory") != std::string::npos);
    CHECK(text_of(r.diagnostics).find("'units/a.yaml' is included twice") != std::string::npos);
  }
}

TEST_CASE("in memory: a name that is not a plain relative path is E001, and the root is `ruleset.yaml`") {
  SUBCASE("bad names") {
    file_map files = small;
    files["../x.yaml"] = "units: []\n";
    files["/abs.yaml"] = "units: []\n";
    files["./units/c.yaml"] = "units: []\n";
    files["units"] = "units: []\n";  // also the folder of units/a.yaml
    files[""] = "units: []\n";
    const compile_result r = compile(files);
    CHECK(places(r.diagnostics) ==
          ":0:0 E001; ../x.yaml:0:0 E001; ./units/c.yaml:0:0 E001; /abs.yaml:0:0 E001; "
          "units:0:0 E001");
    CHECK(text_of(r.diagnostics)
              .find("in-memory file 'units' cannot be read: 'units' is also the folder of "
                    "'units/a.yaml'") != std::string::npos);
    // The usable files still compile: only the E001 of the names.
    CHECK(r.rules == nullptr);
    CHECK(r.sources.size() == 4);
  }
  SUBCASE("no ruleset.yaml") {
    const compile_result r = compile(file_map{{"rules.yaml", header}});
    CHECK(text_of(r.diagnostics) ==
          "ruleset.yaml: error[E001]: cannot read 'ruleset.yaml': no such file among the in-memory files\n");
  }
}

TEST_CASE("in memory: UTF-8 and the node budget are checked in texts as in files") {
  SUBCASE("a Latin-1 byte") {
    const compile_result r =
        compile(file_map{{"ruleset.yaml", header + "units:\n  - {id: caf\xE9, kind: k}\n"}});
    CHECK(places(r.diagnostics) == "ruleset.yaml:5:13 E002");
  }
  SUBCASE("UTF-16") {
    const compile_result r = compile(file_map{{"ruleset.yaml", std::string("\xFF\xFE", 2) + "c"}});
    CHECK(places(r.diagnostics) == "ruleset.yaml:1:1 E002");
  }
  SUBCASE("an alias bomb") {
    std::string bomb =
        "units:\n  - {id: U1, kind: course}\ntests:\n  - &t\n    name: t\n    as_of: 2024-01-01\n"
        "    portfolio:\n      - &a {unit: U1, date: 2023-01-01, attrs: {exam: true}}\n";
    for (int i = 1; i < 1000; ++i) bomb += "      - *a\n";
    for (int i = 1; i < 1000; ++i) bomb += "  - *t\n";
    const compile_result r =
        compile(file_map{{"ruleset.yaml", header + "include: [bomb.yaml]\n"}, {"bomb.yaml", bomb}});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].where.file == "bomb.yaml");
    CHECK(r.diagnostics[0].message == "the document expands to more than 1,000,000 nodes (aliases)");
  }
  SUBCASE("in an overlay text") {
    compile_options options;
    options.overlays = {overlay_text{"civeff: 1\noverlay: caf\xE9\n", ""}};
    const compile_result r = compile(small, options);
    CHECK(places(r.diagnostics) == "<overlay 1>:2:13 E002");
  }
}

TEST_CASE("in memory: an overlay text applies as the same overlay file does") {
  const std::string overlay =
      "civeff: 1\noverlay: more-hours\ndiplomas:\n  - id: d\n    requires: {hours: {min: 40, of: {kind: "
      "course}}}\n";
  temp_dir dir;
  const fs::path overlay_file = dir.write("more-hours.yaml", overlay);
  const auto as_of = civeff::testing::day("2024-01-01");
  for (const bool memory_rules : {false, true}) {
    CAPTURE(memory_rules);
    write_all(dir, small);
    const auto compile_with = [&](const compile_options& options) {
      return memory_rules ? compile(small, options) : compile(dir.path(), options);
    };
    const compile_result by_file = compile_with({.overlays = {overlay_file}});
    const compile_result by_text = compile_with({.overlays = {overlay_text{overlay, "more-hours"}}});
    REQUIRE(by_file.ok());
    REQUIRE(by_text.ok());
    CHECK(by_text.rules->overlays() == std::vector<std::string>{"more-hours"});
    const civeff::result r = by_text.rules->evaluate(portfolio_ab(), as_of);
    CHECK(r.diplomas.at("d").status == civeff::diploma_status::none);  // 30 of 40 hours
    CHECK(r.diplomas.at("d").progress == 0.75);
    CHECK(civeff::to_json(r) == civeff::to_json(by_file.rules->evaluate(portfolio_ab(), as_of)));
    CHECK(by_text.sources.back().name == "more-hours");
    CHECK(by_text.sources.back().text == overlay);
  }

  SUBCASE("files and texts apply in the order given") {
    const std::string fewer =
        "civeff: 1\noverlay: fewer-hours\ndiplomas:\n  - id: d\n    requires: {hours: {min: 30, of: {kind: "
        "course}}}\n";
    const auto status = [&](const compile_options& options) {
      return civeff::load(small, options)->evaluate(portfolio_ab(), as_of).diplomas.at("d").status;
    };
    CHECK(status({.overlays = {overlay_file, overlay_text{fewer, ""}}}) == civeff::diploma_status::complete);
    CHECK(status({.overlays = {overlay_text{fewer, ""}, overlay_file}}) == civeff::diploma_status::none);
  }

  SUBCASE("diagnostics name a text by its name, or `<overlay N>` by its place") {
    const std::string bad = "civeff: 1\noverlay: bad\nremove:\n  units: [Z]\n";
    compile_options options;
    options.overlays = {overlay_file, overlay_text{bad, ""}, overlay_text{bad, "scenario.yaml"}};
    const compile_result r = compile(small, options);
    CHECK(places(r.diagnostics) == "<overlay 2>:4:11 E024; scenario.yaml:4:11 E024");
  }
}

TEST_CASE("in memory: before_read sees only the files read from the file system") {
  temp_dir dir;
  const fs::path overlay_file = dir.write("o.yaml", "civeff: 1\noverlay: o\n");
  compile_options options;
  options.overlays = {overlay_file, overlay_text{"civeff: 1\noverlay: p\n", ""}};
  std::vector<std::string> seen;
  options.before_read = [&](const fs::path& p) { seen.push_back(p.filename().string()); };
  const compile_result r = compile(small, options);
  INFO(text_of(r.diagnostics));
  CHECK(r.ok());
  CHECK(seen == std::vector<std::string>{"o.yaml"});
  CHECK(r.rules->overlays() == std::vector<std::string>{"o", "p"});
}
