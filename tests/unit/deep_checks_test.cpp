// SPDX-License-Identifier: Apache-2.0
// The deep checks of `civeff check` (W020-W027): each finds its case at its line,
// and the condition prover never calls possible what can hold, SPEC §10's
// missing attributes included.

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

// "CODE:LINE" of every deep-check warning (W02x) of `yaml`, in output order.
std::vector<std::string> deep_findings(const std::string& yaml) {
  temp_dir dir;
  compile_options options;
  options.deep_checks = true;
  const compile_result r = compile(dir.write("ruleset.yaml", yaml), options);
  std::vector<std::string> out;
  std::string all;
  for (const auto& d : r.diagnostics) {
    all += d.format() + "\n";
    if (d.code.rfind("W02", 0) == 0) out.push_back(d.code + ":" + std::to_string(d.where.line));
  }
  INFO(all);
  REQUIRE(r.ok());
  return out;
}

const char* const header = R"(civeff: 1
ruleset: t
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
)";  // 5 lines

// A unit whose credit_when is `condition` (line 8), in a diploma that needs it.
std::string with_credit_when(const std::string& condition, const std::string& effective = "") {
  return std::string(header) + "marks: [{id: m, levels: {civil_effect: sector}}]\n" +
         "units:\n  - {id: A, kind: course, hours: 10" + effective + ", credit_when: '" + condition + "'}\n" +
         "diplomas: [{id: d, requires: {unit: A}}]\n";
}

// Mark m with two cases on civil_effect: `first` (line 10) giving `first_level`,
// `second` (line 12) giving `second_level`.
std::string with_cases(const std::string& first, const std::string& second,
                       const char* first_level = "sector", const char* second_level = "internal") {
  return std::string(header) + "marks:\n  - id: m\n    levels:\n      civil_effect:\n        - when: '" +
         first + "'\n          level: " + first_level + "\n        - when: '" + second +
         "'\n          level: " + second_level + "\n        - level: none\n";
}

bool has(const std::vector<std::string>& findings, const std::string& f) {
  return std::find(findings.begin(), findings.end(), f) != findings.end();
}

}  // namespace

TEST_CASE("W023: a credit_when that can never hold, and none that can") {
  struct row {
    const char* condition;
    bool never;
  };
  const row rows[] = {
      {"attrs.p > 5 and attrs.p < 3", true},
      {"1 > 2", true},
      {"false", true},
      {"attrs.p > 5 and not (attrs.p > 4)", true},
      {"attrs.r in [\"a\", \"b\"] and attrs.r == \"c\"", true},
      {"attrs.e and not attrs.e", true},
      {"attrs.e and not (attrs.e == true)", true},
      {"has_mark(\"m\") and not (\"m\" in marks)", true},
      {"(attrs.p > 5 or attrs.p < 1) and attrs.p == 3", true},
      {"attrs.p != 3 and attrs.p == 3", true},
      {"date > 2020-01-01 and date < 2020-01-02", true},
      {"level(\"civil_effect\") >= \"sector\" and level(\"civil_effect\") < \"internal\"", true},
      // A missing attribute makes both comparisons false, so both `not`s true.
      {"not (attrs.p > 5) and not (attrs.p <= 5)", false},
      // A text attribute shaped like a date compares as a date too (SPEC §10).
      {"attrs.x == \"2025-01-01\" and not (attrs.x < 2024-01-01)", false},
      {"attrs.p > 5 or attrs.p < 3", false},
      {"attrs.p > 5 and attrs.q < 3", false},
      {"attrs.p >= 5 and attrs.p <= 5", false},
      {"true", false},
      {"attrs.a + 1 > 3 and attrs.a + 1 < 2", true},
      {"attrs.a + 1 > 3 and attrs.a < 2", false},
  };
  for (const auto& r : rows) {
    const std::string condition = r.condition;
    CAPTURE(condition);
    const auto findings = deep_findings(with_credit_when(r.condition));
    CHECK(has(findings, "W023:8") == r.never);
  }
}

TEST_CASE("W023: a credit_when against its unit's effective window") {
  const std::string window = ", effective: {from: 2016-08-01}";
  CHECK(has(deep_findings(with_credit_when("date < 2016-01-01", window)), "W023:8"));
  CHECK_FALSE(has(deep_findings(with_credit_when("date < 2016-01-01")), "W023:8"));
  CHECK_FALSE(has(deep_findings(with_credit_when("date < 2016-08-02", window)), "W023:8"));
}

TEST_CASE("W022: a case shadowed by an earlier one; W027: a later, higher case") {
  struct row {
    const char* first;
    const char* second;
    bool shadowed;
  };
  const row rows[] = {
      {"attrs.p >= 4", "attrs.p >= 6", true},
      {"attrs.p >= 6", "attrs.p >= 4", false},
      {"attrs.e", "attrs.e and attrs.p > 1", true},
      {"attrs.e or has_mark(\"m\")", "has_mark(\"m\")", true},
      {"not (attrs.p < 4)", "attrs.p >= 4", true},
      // With p missing `not (p < 4)` holds and `p >= 4` does not.
      {"attrs.p >= 4", "not (attrs.p < 4)", false},
      {"true", "attrs.p > 1", true},
      {"attrs.r == \"a\"", "attrs.r in [\"a\"]", true},
      {"attrs.r in [\"a\", \"b\"]", "attrs.r == \"c\"", false},
  };
  for (const auto& r : rows) {
    const std::string cases = std::string(r.first) + " / " + r.second;
    CAPTURE(cases);
    const auto findings = deep_findings(with_cases(r.first, r.second));
    const std::string found = fmt::format("{}", fmt::join(findings, " "));
    CAPTURE(found);
    CHECK(has(findings, "W022:12") == r.shadowed);
    CHECK_FALSE(has(findings, "W027:12"));
  }
  CHECK(has(deep_findings(with_cases("attrs.p >= 4", "attrs.e", "internal", "sector")), "W027:12"));
  // Cases that never hold together may come in any order.
  CHECK(deep_findings(with_cases("attrs.p < 4", "attrs.p >= 4", "internal", "sector")).empty());
}

TEST_CASE("W020: diplomas that no set of units completes") {
  const std::string units = std::string(header) +
                            "attributes: {grade: {type: number, min: 1, max: 10}}\n"  // line 6
                            "units:\n"
                            "  - {id: A, kind: kd, hours: 240, effective: {to: 2010-12-31}, valid_for: P1Y}\n"
                            "  - {id: B, kind: kd, hours: 240, effective: {from: 2020-01-01}}\n"
                            "  - {id: C, kind: kd, hours: 240}\n"
                            "diplomas:\n"
                            "  - id: d\n";  // line 12
  struct row {
    const char* requires_;
    bool never;
  };
  const row rows[] = {
      // A's credits stop counting (2011-12-31) before B's can start (2020-01-01).
      {"{hours: {min: 480, of: {kind: kd}}}", false},
      {"{hours: {min: 481, of: {kind: kd}}}", true},
      {"{all_of: [{unit: A}, {unit: B}]}", true},
      {"{all_of: [{unit: A}, {unit: C}]}", false},
      {"{count: {min: 3, of: {kind: kd}}}", true},
      {"{count: {min: 2, of: {kind: kd}}}", false},
      {"{n_of: {n: 2, of: [{unit: C}, {check: '1 > 2'}, {check: 'false'}]}}", true},
      {"{avg: {attr: grade, min: 11, of: {kind: kd}}}", true},
      {"{avg: {attr: grade, min: 10, of: {kind: kd}}}", false},
      // A guard that can leave the impossible part out.
      {"{all_of: [{unit: C}, {when: 'person.r == \"x\"', hours: {min: 5000, of: {kind: kd}}}]}", false},
  };
  for (const auto& r : rows) {
    const std::string requires_ = r.requires_;
    CAPTURE(requires_);
    const auto findings = deep_findings(units + "    requires: " + r.requires_ + "\n");
    const std::string found = fmt::format("{}", fmt::join(findings, " "));
    CAPTURE(found);
    CHECK(has(findings, "W020:12") == r.never);
  }
}

TEST_CASE("W021, W024, W025, W026 on the equivalence graph") {
  const std::string rules = std::string(header) +
                            "units:\n"                                        // 6
                            "  - {id: A, kind: k, hours: 40}\n"               // 7
                            "  - {id: B, kind: k, hours: 100}\n"              // 8
                            "  - {id: C, kind: k, hours: 100}\n"              // 9
                            "  - {id: D, kind: k, hours: 10}\n"               // 10
                            "  - {id: E, kind: k, hours: 10}\n"               // 11
                            "equivalences:\n"                                 // 12
                            "  - {id: a-b, from: [A], counts_as: [B]}\n"      // 13
                            "  - {id: b-c, equivalent: [B, C]}\n"             // 14
                            "  - {id: c-a, from: [C], counts_as: [A]}\n"      // 15
                            "  - {id: ab-c, from: [A, B], counts_as: [C]}\n"  // 16
                            "  - {id: d-e, from: [D], counts_as: [E]}\n"      // 17
                            "diplomas: [{id: d, requires: {unit: C}}]\n";
  const auto findings = deep_findings(rules);
  CHECK(has(findings, "W025:13"));        // a-b -> b-c -> c-a -> a-b
  CHECK(has(findings, "W026:16"));        // A alone gives C through a-b and b-c
  CHECK(has(findings, "W024:13"));        // B (100 h) from A (40 h)
  CHECK_FALSE(has(findings, "W024:14"));  // C's cheapest chain passes B, reported itself
  CHECK(has(findings, "W021:10"));        // D
  CHECK(has(findings, "W021:11"));        // E
  CHECK(has(findings, "W021:17"));        // d-e
  CHECK_FALSE(has(findings, "W021:7"));
}
