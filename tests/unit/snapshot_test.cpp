// SPDX-License-Identifier: Apache-2.0
// Snapshots (engine/src/snapshot/): SHA-256, a snapshot's CSV read back as
// written, a moved row's cause, and the test runner's diploma pins on an
// in-memory ruleset with a test overlay.

#include <civeff/civeff.hpp>
#include <doctest/doctest.h>

#include <map>
#include <string>

namespace {

const std::string rules = R"(civeff: 1
ruleset: small
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
marks:
  - id: nrto
    levels: {civil_effect: sector}
units:
  - {id: A, kind: course}
  - {id: B, kind: course}
diplomas:
  - id: d
    requires:
      all_of:
        - unit: A
        - count: {min: 2, of: {kind: course}}
)";

const std::string population = "person,unit,date,marks\np1,A,2023-05-01,nrto\np2,B,2023-06-01,\n";

}  // namespace

TEST_CASE("snapshot: SHA-256 of known texts") {
  CHECK(civeff::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(civeff::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("snapshot: the CSV reads back as written, and a changed mark moves its rows with it as cause") {
  const auto before_rules = civeff::load(std::map<std::string, std::string>{{"ruleset.yaml", rules}});
  const civeff::population pop = civeff::parse_population_csv(population, "pop.csv", before_rules.get());
  const civeff::date as_of = *civeff::date::parse("2024-01-01");
  const civeff::snapshot taken =
      civeff::take_snapshot(*before_rules, pop, as_of, civeff::sha256_hex(population));
  const std::string csv = civeff::to_csv(taken);
  const civeff::snapshot read = civeff::parse_snapshot(csv, "snap.csv");
  CHECK(civeff::to_csv(read) == csv);
  REQUIRE(read.rows.size() == taken.rows.size());
  CHECK(read.rows[0].line == 4);

  std::string changed = rules;
  changed.replace(changed.find("civil_effect: sector}"), 21, "civil_effect: national}");
  const auto after_rules = civeff::load(std::map<std::string, std::string>{{"ruleset.yaml", changed}});
  const civeff::snapshot now = civeff::take_snapshot(*after_rules, pop, as_of, read.population_sha256);
  std::size_t unchanged = 0;
  const auto moved = civeff::compare_snapshots(read, now, unchanged);
  REQUIRE(moved.size() == 1);
  REQUIRE(moved[0].before.has_value());
  CHECK(moved[0].before->value == "sector");
  CHECK(moved[0].after->value == "national");
  CHECK(moved[0].cause == std::vector<std::string>{"mark:nrto"});
  CHECK(unchanged + moved.size() == read.rows.size());
}

TEST_CASE("snapshot: a file that is not a snapshot is E063 at its place") {
  try {
    (void)civeff::parse_snapshot("# civeff snapshot as_of=2024-01-01 population=zz\n", "s.csv");
    FAIL("no error");
  } catch (const civeff::input_error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].code == "E063");
    CHECK(e.diagnostics()[0].where.line == 1);
    CHECK(e.diagnostics()[0].where.column == 36);
  }
}

TEST_CASE("test runner: progress and missing pins, and a test overlay in memory") {
  const std::string tests = R"(tests:
  - name: pinned
    as_of: 2024-01-01
    portfolio: [{unit: A, date: 2023-05-01}]
    expect:
      diplomas: {d: {status: partial, progress: 0.75, missing: ["count:2"]}}
  - name: wrong
    as_of: 2024-01-01
    portfolio: [{unit: A, date: 2023-05-01}]
    expect:
      diplomas: {d: {progress: 0.7500001, missing: []}}
  - name: overlaid
    overlay: one.yaml
    as_of: 2024-01-01
    portfolio: [{unit: A, date: 2023-05-01}]
    expect:
      diplomas: {d: complete}
)";
  const std::string overlay = R"(civeff: 1
overlay: one
diplomas:
  - id: d
    requires: {unit: A}
)";
  const auto rs = civeff::load(
      std::map<std::string, std::string>{{"ruleset.yaml", rules + tests}, {"one.yaml", overlay}});
  const auto outcomes = rs->run_tests();
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0].passed);
  CHECK_FALSE(outcomes[1].passed);
  // 0.7500001 rounds to 0.75: only `missing` fails.
  REQUIRE(outcomes[1].failures.size() == 1);
  CHECK(outcomes[1].failures[0] == "diploma 'd': expected missing [], got [count:2]");
  CHECK(outcomes[2].passed);
  CHECK(rs->run_tests("overlaid").size() == 1);
}
