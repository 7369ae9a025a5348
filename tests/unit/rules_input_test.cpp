// SPDX-License-Identifier: Apache-2.0
// Rule files that cannot hurt (reliability findings F5, F6, F11, F16, F19): includes
// stay inside the ruleset folder, one node budget and one nesting limit per file,
// aliases named where they matter, UTF-8 only, and diagnostics that quote no more
// than one line of a file. The cases that need a FIFO, another user or a time
// limit are in tests/cli/rules_input_test.py.

#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/excerpt.hpp"
#include "core/utf8.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using civeff::compile;
using civeff::compile_options;
using civeff::diagnostic;
using civeff::testing::temp_dir;

namespace {

const std::string header = "civeff: 1\nruleset: test\nversion: \"1\"\n";
const std::string units = "units:\n  - id: U1\n    kind: course\n";

// "CODE LINE:COLUMN" per diagnostic, with " note LINE:COLUMN" per note, joined by "; ".
std::string places(const std::vector<diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += "; ";
    out += d.code + " " + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
    for (const auto& n : d.notes)
      out += " note " + std::to_string(n.where.line) + ":" + std::to_string(n.where.column);
  }
  return out;
}

std::string text_of(const std::vector<diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += d.format() + "\n";
  return out;
}

std::vector<diagnostic> diagnostics_of(const fs::path& path, bool allow_outside = false) {
  compile_options options;
  options.allow_outside_includes = allow_outside;
  return compile(path, options).diagnostics;
}

// A ruleset folder `rules` inside `dir` including `pattern`, next to dir/outside.yaml with unit U1.
fs::path including(const temp_dir& dir, const std::string& pattern) {
  dir.write("outside.yaml", units);
  dir.write("rules/ruleset.yaml", header + "include: [\"" + pattern + "\"]\n");
  return dir.path() / "rules";
}

}  // namespace

TEST_CASE("F05: an include outside the ruleset folder is E008 at its pattern, unless allowed") {
  temp_dir dir;
  SUBCASE("by `..`") {
    const fs::path rules = including(dir, "../outside.yaml");
    const auto found = diagnostics_of(rules);
    CHECK(places(found) == "E008 4:12");
    CHECK(text_of(found).find("leaves the ruleset folder through '..'") != std::string::npos);
    CHECK(text_of(found).find("--allow-outside-includes") != std::string::npos);
    CHECK(diagnostics_of(rules, true).empty());
  }
  SUBCASE("by an absolute path") {
    const fs::path rules = including(dir, (dir.path() / "outside.yaml").generic_string());
    const auto found = diagnostics_of(rules);
    CHECK(places(found) == "E008 4:12");
    CHECK(text_of(found).find("is an absolute path") != std::string::npos);
    CHECK(diagnostics_of(rules, true).empty());
  }
  SUBCASE("by a symlink inside the folder, matched by a glob") {
    const fs::path rules = including(dir, "*.yaml");
    fs::create_symlink(dir.path() / "outside.yaml", rules / "link.yaml");
    const auto found = diagnostics_of(rules);
    CHECK(places(found) == "E008 4:12");
    CHECK(text_of(found).find("link.yaml' resolves to '") != std::string::npos);
    CHECK(diagnostics_of(rules, true).empty());
  }
  SUBCASE("by a symlinked folder") {
    dir.write("elsewhere/u.yaml", units);
    dir.write("rules/ruleset.yaml", header + "include: [\"units/*.yaml\"]\n");
    fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "rules" / "units");
    CHECK(places(diagnostics_of(dir.path() / "rules")) == "E008 4:12");
    CHECK(diagnostics_of(dir.path() / "rules", true).empty());
  }
}

TEST_CASE("rules input: includes that stay inside the folder are accepted, `..` and symlinks included") {
  temp_dir dir;
  dir.write("rules/units/a.yaml", units);
  dir.write("rules/more/b.yaml", "units:\n  - id: U2\n    kind: course\n");
  fs::create_symlink(dir.path() / "rules" / "units" / "a.yaml", dir.path() / "rules" / "also-a.yaml");
  dir.write("rules/ruleset.yaml", header + "include: [\"units/../more/b.yaml\", also-a.yaml]\n");
  const auto found = diagnostics_of(dir.path() / "rules");
  INFO(text_of(found));
  CHECK(found.empty());
}

TEST_CASE("F05: a file that is no rules file is not printed key by key") {
  temp_dir dir;
  std::string shadow;
  for (int i = 0; i < 50; ++i) shadow += "user" + std::to_string(i) + ":*:20228:0:99999:7:::\n";
  dir.write("shadow.yaml", shadow);
  std::string passwd;
  for (int i = 0; i < 50; ++i) passwd += "user" + std::to_string(i) + ":x:1000:1000::/home/u:/bin/sh\n";
  dir.write("passwd.yaml", passwd);
  const auto root = dir.write("ruleset.yaml", header + "include: [shadow.yaml, passwd.yaml]\n");
  const auto found = diagnostics_of(root);
  CHECK(places(found) == "E007 1:1; E004 1:1");
  const std::string all = text_of(found);
  INFO(all);
  CHECK(all.find("user0:x:1000:1000::/home/u:/bin/sh...'") != std::string::npos);  // its first line only
  CHECK(all.find("user1") == std::string::npos);
  CHECK(all.find("unknown key `user0:*:20228:0:99999:7::` in an included file and 49 more not listed") !=
        std::string::npos);
}

TEST_CASE("F05: a diagnostic quotes at most one line of a rules file, cut at 200 characters") {
  const std::string long_word(300, 'x');
  SUBCASE("excerpt()") {
    CHECK(civeff::detail::excerpt("short") == "short");
    CHECK(civeff::detail::excerpt("one\ntwo") == "one...");
    CHECK(civeff::detail::excerpt("one\r\ntwo") == "one...");
    CHECK(civeff::detail::excerpt(long_word) == std::string(200, 'x') + "...");
    CHECK(civeff::detail::excerpt(std::string(200, 'x')) == std::string(200, 'x'));
    // 200 characters, not bytes: a cut never splits a character.
    std::string e_acute;
    for (int i = 0; i < 250; ++i) e_acute += "\xC3\xA9";
    CHECK(civeff::detail::excerpt(e_acute) == e_acute.substr(0, 400) + "...");
    CHECK(civeff::detail::excerpt("caf\xE9") == "caf\xEF\xBF\xBD");
  }
  SUBCASE("in every message of the loader") {
    temp_dir dir;
    const std::string block = "|\n      " + long_word + "\n      second line\n";
    const auto root =
        dir.write("ruleset.yaml", header + "include: [\"" + long_word + "\"]\n" +     // no such file
                                      long_word + ": 1\n" +                           // unknown key
                                      "scales: first line\n  second line\n" +         // folded
                                      "units:\n  - id: " + block +                    // an id of 2 lines
                                      "    kind: k\n    valid_for: " + block +        // not a duration
                                      "  - id: " + block + "    kind: k\n" +          // the id again
                                      "    effective: {from: " + long_word + "}\n");  // not a date
    const auto found = diagnostics_of(root);
    INFO(text_of(found));
    CHECK(places(found) == "E008 4:12; E004 5:1; E007 6:9; E011 14:7; E009 17:7 note 10:7; E010 20:23");
    CHECK(text_of(found).find("second line") == std::string::npos);
    CHECK(text_of(found).find("'first line...'") != std::string::npos);
    CHECK(text_of(found).find(std::string(201, 'x')) == std::string::npos);
  }
}

TEST_CASE("F06: one budget of 1,000,000 nodes per file, aliases expanded, in every section") {
  temp_dir dir;
  // 1000 aliases of a test that holds 1000 aliased achievements: 10^7 nodes from 20 KB.
  std::string bomb = header + units + "tests:\n  - &t\n    name: t\n    as_of: 2024-01-01\n    portfolio:\n";
  bomb += "      - &a {unit: U1, date: 2023-01-01, attrs: {exam: true}}\n";
  for (int i = 1; i < 1000; ++i) bomb += "      - *a\n";
  for (int i = 1; i < 1000; ++i) bomb += "  - *t\n";
  const auto found = diagnostics_of(dir.write("ruleset.yaml", bomb));
  CHECK(places(found) == "E002 1122:5");  // the alias that passes the budget, in the 111th test
  REQUIRE(found.size() == 1);
  CHECK(found[0].message == "the document expands to more than 1,000,000 nodes (aliases)");

  SUBCASE("a file within the budget loads as before") {
    std::string fine =
        header + units + "tests:\n  - &t\n    name: t\n    as_of: 2024-01-01\n    portfolio:\n";
    fine += "      - &a {unit: U1, date: 2023-01-01}\n";
    for (int i = 1; i < 100; ++i) fine += "      - *a\n";
    for (int i = 1; i < 100; ++i) fine += "  - *t\n";
    const auto ok = compile(dir.write("fine.yaml", fine));
    INFO(text_of(ok.diagnostics));
    CHECK(ok.ok());
  }
}

TEST_CASE("F16: YAML nested more than 200 levels is E002 at the level past the limit") {
  temp_dir dir;
  std::string deep = header + units + "diplomas:\n  - id: d\n    requires:\n";
  std::string indent = "      ";
  for (int i = 0; i < 600; ++i) {
    deep += indent + "all_of:\n";
    indent += "  ";
    deep += indent + "- ";
    indent += "  ";
    if (i + 1 < 600) deep += "\n";
  }
  deep += "unit: U1\n";
  const auto found = diagnostics_of(dir.write("ruleset.yaml", deep));
  REQUIRE(found.size() == 1);
  CHECK(found[0].code == "E002");
  CHECK(found[0].message == "the document is nested more than 200 levels (lists and mappings)");
  CHECK(found[0].where.line == 207);  // the list of the 99th all_of, the 201st level

  SUBCASE("through aliases too") {
    std::string chain = header + units + "tests:\n  - name: t\n    as_of: 2024-01-01\n    portfolio:\n";
    chain += "      - &a0 {unit: U1, date: 2023-01-01, attrs: {x: 1}}\n";
    for (int i = 1; i <= 250; ++i)
      chain += "      - &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + "]\n";
    const auto through = diagnostics_of(dir.write("chain.yaml", chain));
    REQUIRE(through.size() == 1);
    CHECK(through[0].code == "E002");
    CHECK(through[0].message.find("nested more than 200 levels (lists and mappings) through the alias `*a") !=
          std::string::npos);
  }
  SUBCASE("an alias inside the node it names is E002, not a crash") {
    const auto cycle = diagnostics_of(
        dir.write("cycle.yaml",
                  header + units + "diplomas:\n  - id: d\n    requires: &r {all_of: [*r, {unit: U1}]}\n"));
    CHECK(places(cycle) == "E002 9:28");
    CHECK(text_of(cycle).find("the alias `*r` is inside the node it names (a cycle)") != std::string::npos);
  }
}

TEST_CASE("F19: a node read again through an alias is reported once, with a note at the alias") {
  temp_dir dir;
  const auto found = diagnostics_of(dir.write("ruleset.yaml", header + R"(units:
  - &kd {id: U1, kind: k,
         hours: -1}
  - {id: U2, kind: k}
  - *kd
)"));
  INFO(text_of(found));
  CHECK(places(found) == "E009 5:14 note 5:14 note 8:5; E012 6:17 note 8:5");
  REQUIRE(found.size() == 2);
  CHECK(found[1].notes[0].message == "read again through the alias `*kd`");

  SUBCASE("three aliases are named, the others counted") {
    std::string many = header + "units:\n  - &u {id: U1, kind: k}\n";
    for (int i = 0; i < 1000; ++i) many += "  - *u\n";
    const auto repeated = diagnostics_of(dir.write("many.yaml", many));
    CHECK(places(repeated) == "E009 5:13 note 5:13 note 6:5 note 7:5 note 8:5");
    REQUIRE(repeated.size() == 1);
    CHECK(repeated[0].notes[3].message == "read again through the alias `*u` and 997 more");
  }
  SUBCASE("a requirement tree too large for the budget is E002 alone, with no E022") {
    std::string reqbomb = header + units + "diplomas:\n  - id: d\n    requires:\n      all_of:\n";
    reqbomb += "        - &u {unit: U1}\n";
    for (int i = 0; i < 99997; ++i) reqbomb += "        - *u\n";
    reqbomb += "        - all_of: [{unit: U1}]\n";
    for (int i = 0; i < 300000; ++i) reqbomb += "        - *u\n";
    const auto big = diagnostics_of(dir.write("reqbomb.yaml", reqbomb));
    CHECK(places(big) == "E002 333335:11");
  }
}

TEST_CASE("F11: a rule file that is not UTF-8 is E002 at the byte, and no diagnostic carries the byte") {
  temp_dir dir;
  const auto root =
      dir.write("ruleset.yaml", header + "units:\n  - id: U\xE9\n    kind: k\n    title: \"caf\xE9\"\n" +
                                    "    hours: many\n");
  const auto found = diagnostics_of(root);
  INFO(text_of(found));
  // The first invalid byte, then the rest of the file is still read.
  CHECK(places(found) == "E002 5:10; E012 8:12");
  CHECK(found[0].message ==
        "the file is not UTF-8 (byte 0xE9 here): it looks like Windows-1252 or Latin-1; save it as UTF-8");
  for (const auto& d : found) CHECK(civeff::detail::first_invalid_utf8(d.format()) == std::string::npos);

  SUBCASE("after a byte-order mark the column is still the character's") {
    const auto bom = dir.write("bom.yaml", "\xEF\xBB\xBF" + header + "units:\n  - {id: U\xE9, kind: k}\n");
    CHECK(places(diagnostics_of(bom)) == "E002 5:11");
  }
  SUBCASE("a UTF-16 file is named as such") {
    const auto utf16 = dir.write("utf16.yaml", std::string("\xFF\xFE"
                                                           "c\0i\0",
                                                           6));
    const auto d = diagnostics_of(utf16);
    CHECK(places(d) == "E002 1:1");
    CHECK(text_of(d).find("the file is UTF-16; save it as UTF-8") != std::string::npos);
  }
  SUBCASE("escapes that yaml-cpp writes as single bytes become their characters") {
    const auto escaped =
        compile(dir.write("escaped.yaml", header + "units:\n  - {id: \"U\\N\\_\", kind: k}\n"));
    REQUIRE(escaped.ok());
    CHECK(escaped.rules->unit_ids() == std::vector<std::string>{"U\xC2\x85\xC2\xA0"});
  }
}

TEST_CASE("rules input: UTF-8 validation follows RFC 3629") {
  using civeff::detail::first_invalid_utf8;
  CHECK(first_invalid_utf8("plain ascii") == std::string::npos);
  CHECK(first_invalid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") == std::string::npos);  // é € 😀
  CHECK(first_invalid_utf8("ab\xE9") == 2);                                                // Latin-1 é
  CHECK(first_invalid_utf8("\xC0\xAF") == 0);                                              // overlong '/'
  CHECK(first_invalid_utf8("\xE0\x80\xAF") == 0);                                          // overlong
  CHECK(first_invalid_utf8("\xED\xA0\x80") == 0);                                          // a surrogate
  CHECK(first_invalid_utf8("\xF4\x90\x80\x80") == 0);                                      // above U+10FFFF
  CHECK(first_invalid_utf8("x\xE2\x82") == 1);                                             // cut short
  CHECK(civeff::detail::repair_utf8("a\xE9z") == "a\xEF\xBF\xBDz");
}

TEST_CASE("rules input: before_read sees every rule file before it is read, and may stop the compile") {
  temp_dir dir;
  dir.write("rules/units.yaml", units);
  dir.write("rules/ruleset.yaml", header + "include: [units.yaml]\n");
  const auto overlay = dir.write("overlay.yaml", "civeff: 1\noverlay: o\n");
  compile_options options;
  options.overlays = {overlay};
  std::vector<std::string> seen;
  options.before_read = [&](const fs::path& p) { seen.push_back(p.filename().string()); };
  CHECK(compile(dir.path() / "rules", options).ok());
  CHECK(seen == std::vector<std::string>{"ruleset.yaml", "units.yaml", "overlay.yaml"});

  options.before_read = [](const fs::path& p) {
    if (p.filename() == "units.yaml") throw std::invalid_argument("refused");
  };
  CHECK_THROWS_WITH_AS(compile(dir.path() / "rules", options), "refused", std::invalid_argument);
}

TEST_CASE("F05: sema diagnostics (E020, E050) quote at most one line, cut at 200 characters") {
  const std::string long_id(1000, 'x');
  std::string yaml = "civeff: 1\nruleset: t\nversion: \"1\"\nunits:\n  - {id: U, kind: k}\ndiplomas:\n"
                     "  - {id: d, requires: {unit: " +
                     long_id + "}}\n";
  const auto found = civeff::testing::diagnostics_of(yaml);
  REQUIRE(found.size() == 1);
  CHECK(found[0].code == "E020");
  CHECK(found[0].message == "unknown unit '" + std::string(200, 'x') + "...'");
  // An expression over several lines is quoted by its first line only.
  const auto rs = civeff::testing::rules(
      "civeff: 1\nruleset: t\nversion: \"1\"\nunits:\n  - id: U\n    kind: k\n    credit_when: |\n"
      "      attrs.n / attrs.d\n        > 1\n");
  civeff::portfolio p = civeff::testing::person({civeff::testing::took("U", "2023-01-01").attr("n", 1.0).attr("d", 0.0)});
  try {
    (void)rs->evaluate(p, civeff::testing::day("2024-01-01"));
    FAIL("expected an evaluation error");
  } catch (const civeff::evaluation_error& e) {
    CHECK(e.diagnostics().at(0).message == "division by zero in `attrs.n / attrs.d...` while evaluating person 'p-1'");
  }
}
