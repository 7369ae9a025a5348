// SPDX-License-Identifier: Apache-2.0
// Coverage (docs/language.md, "Coverage"): how often each rule fires over a
// population, counted by hand on a small ruleset.

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const std::string rules_text = R"(civeff: 1
ruleset: t
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
marks:
  - id: m
    levels:
      civil_effect:
        - when: attrs.points >= 4
          level: sector
        - level: internal
  - id: never
    levels: {civil_effect: national}
units:
  - id: A
    kind: course
    credit_when: attrs.points >= 2
  - id: B
    kind: course
    effective: {from: 2020-01-01}
    credit_when: attrs.points >= 3
  - id: C
    kind: course
equivalences:
  - id: a-is-c
    from: [A]
    counts_as: [C]
  - id: b-c
    equivalent: [B, C]
  - id: c-to-a
    from: [C]
    counts_as: [A]
    effective: {from: 2030-01-01}
diplomas:
  - id: d
    requires:
      all_of:
        - unit: A
        - id: two
          count: {min: 2, of: {kind: course}}
        - {unit: B, when: person.role == "x"}
        - check: count_of(kind = "course") >= 1
)";

// p1: A (m, 5 points: case 0, credit_when holds), B before B's `effective` (m, 1
// point: case 1); a-is-c credits C, b-c then B. p2: A (m, no points: case 1,
// credit_when fails), C after as_of (not counted). p3: B (3 points: credit_when
// holds); b-c credits C.
const std::string population_text =
    "person,unit,date,marks,points,person.role\n"
    "p1,A,2023-01-01,m,5,x\n"
    "p1,B,2019-06-01,m,1,x\n"
    "p2,A,2023-02-01,m,,y\n"
    "p2,C,2025-01-01,never,,y\n"
    "p3,B,2021-01-01,,3,x\n";

coverage_result run(unsigned threads = 1) {
  static const auto rs = rules(rules_text);
  const population pop = parse_population_csv(population_text, "pop.csv", rs.get());
  batch_options options;
  options.as_of = day("2024-01-01");
  options.threads = threads;
  return coverage(*rs, pop, options);
}

std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> by_rule(const coverage_result& c) {
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> out;
  for (const auto& r : c.rows) out[r.rule] = {r.fired, r.of};
  return out;
}

}  // namespace

TEST_CASE("coverage: fired and of per rule, counted by hand") {
  const coverage_result c = run();
  CHECK(c.persons == 3);
  CHECK(c.achievements == 5);
  CHECK(c.counted == 4);
  CHECK(c.errors.empty());
  using counts = std::pair<std::uint64_t, std::uint64_t>;
  const auto got = by_rule(c);
  const std::map<std::string, counts> want = {
      {"mark:m/civil_effect/0", {1, 3}},  // of: the counted achievements carrying m
      {"mark:m/civil_effect/1", {2, 3}},
      {"mark:never/civil_effect", {0, 0}},  // a bare level: no case index; carried only after as_of
      {"unit:A/credit_when", {1, 2}},
      {"unit:B/credit_when", {1, 1}},  // p1's B lies before `effective`: not evaluated
      {"equivalence:a-is-c", {1, 1}},  // of: persons with A credited
      {"equivalence:b-c", {2, 2}},     // of: persons with B or C credited
      {"equivalence:c-to-a", {0, 2}},  // effective only from 2030
      {"diploma:d/all_of", {1, 3}},
      {"diploma:d/unit:A", {1, 3}},
      {"diploma:d/two", {2, 3}},
      {"diploma:d/unit:B", {2, 2}},  // p2's guard is false: left out
      {"diploma:d/count_of(kind = \"course\") >= 1", {2, 3}},
  };
  CHECK(got == want);
}

TEST_CASE("coverage: never fired first, then by file and line; kinds and places") {
  const coverage_result c = run();
  REQUIRE(c.rows.size() == 13);
  CHECK(c.never_fired() == 2);
  CHECK(c.rows[0].rule == "mark:never/civil_effect");
  CHECK(c.rows[0].kind == rule_kind::mark_case);
  CHECK(c.rows[0].where.line == 14);
  CHECK(c.rows[1].rule == "equivalence:c-to-a");
  CHECK(c.rows[1].kind == rule_kind::equivalence);
  CHECK(c.rows[1].where.line == 31);
  CHECK(c.rows[2].rule == "mark:m/civil_effect/0");
  CHECK(c.rows[2].where.line == 10);
  CHECK(c.rows[3].where.line == 12);
  for (std::size_t k = 3; k < c.rows.size(); ++k) {
    CHECK(c.rows[k].fired > 0);
    CHECK(c.rows[k - 1].where.line <= c.rows[k].where.line);
  }
  for (const auto& r : c.rows) CHECK(r.where.file.ends_with("ruleset.yaml"));
  const auto kind_of = [&](const std::string& rule) {
    for (const auto& r : c.rows)
      if (r.rule == rule) return r.kind;
    FAIL("no rule " << rule);
    return rule_kind::mark_case;
  };
  CHECK(kind_of("unit:A/credit_when") == rule_kind::credit_when);
  CHECK(kind_of("diploma:d/two") == rule_kind::requirement);
}

TEST_CASE("coverage: the same counts on any number of threads") {
  const coverage_result one = run(1), four = run(4);
  CHECK(by_rule(one) == by_rule(four));
  CHECK(to_json(one) == to_json(four));
}

TEST_CASE("coverage: text, JSON and HTML") {
  const coverage_result c = run();
  const std::string text = to_text(c);
  CHECK(text.starts_with(
      "t 1, as of 2024-01-01: 3 persons, 5 achievements (4 counted)\n13 rules, 2 never fire\n"));
  CHECK(text.find("  rule ") != std::string::npos);
  CHECK(text.find("mark:never/civil_effect") < text.find("mark:m/civil_effect/0"));
  const std::string json = to_json(c);
  CHECK(json.find("\"never_fired\": 2") != std::string::npos);
  CHECK(json.find("\"rule\": \"equivalence:c-to-a\"") != std::string::npos);
  const std::string html = to_html(c);
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.find("count_of(kind = &quot;course&quot;) &gt;= 1") != std::string::npos);
  CHECK(html.find("\"course\"") == std::string::npos);  // every text escaped
  CHECK(html.find("http") == std::string::npos);        // nothing from the network
}

TEST_CASE("coverage: a person whose evaluation fails is reported and not counted") {
  const auto rs = rules(R"(civeff: 1
ruleset: t
version: "1"
scales:
  s: {levels: [a, b]}
units:
  - id: A
    kind: course
diplomas:
  - id: d
    requires:
      check: 10 / count_of(kind = "course") >= 1
)");
  const population pop =
      parse_population_csv("person,unit,date\np1,A,2023-01-01\np2,X,2023-01-01\n", "pop.csv", rs.get());
  batch_options options;
  options.as_of = day("2024-01-01");
  options.threads = 1;
  const coverage_result c = coverage(*rs, pop, options);
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].code == "E050");
  CHECK(c.persons == 1);
  REQUIRE(c.rows.size() == 1);
  CHECK(c.rows[0].fired == 1);
  CHECK(c.rows[0].of == 1);
}
