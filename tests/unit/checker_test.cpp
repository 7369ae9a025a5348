// SPDX-License-Identifier: Apache-2.0
// The compiler's diagnostics: each broken rule gives its code at the exact line
// and column (1-based, characters), and `check` reports all of them.

#include <doctest/doctest.h>

#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const char* const header = R"(civeff: 1
ruleset: t
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
marks: [{id: m, levels: {civil_effect: sector}}]
)";  // 6 lines
const char* const units_line = "units: [{id: A, kind: course, hours: 10}, {id: A2, kind: c}]\n";  // line 7

struct expected_diagnostic {
  const char* code;
  int line;
  int column;
};

// `tail` starts on line 8, after the standard units on line 7; with `own_units`
// it replaces them and starts on line 7.
void check_single(const std::string& tail, expected_diagnostic want, const char* message_part = "",
                  bool own_units = false) {
  auto diags = diagnostics_of(std::string(header) + (own_units ? "" : units_line) + tail);
  std::string all;
  for (const auto& d : diags) all += d.format() + "\n";
  CAPTURE(all);
  REQUIRE(diags.size() >= 1);
  CHECK(diags[0].code == want.code);
  CHECK(diags[0].where.line == want.line);
  CHECK(diags[0].where.column == want.column);
  CHECK(diags[0].message.find(message_part) != std::string::npos);
}

}  // namespace

TEST_CASE("expression type errors point into the expression") {
  struct row {
    const char* tail;
    expected_diagnostic want;
    const char* message;
  };
  const row rows[] = {
      // line 8 is the first line after the header
      {"diplomas: [{id: d, requires: {check: as_of + 1 > 2}}]\n", {"E031", 8, 38}, "does not apply"},
      {"diplomas: [{id: d, requires: {check: '\"x\" < \"y\"'}}]\n", {"E031", 8, 39}, "no order"},
      {"diplomas: [{id: d, requires: {check: P1Y < P2Y}}]\n", {"E031", 8, 38}, "== and !="},
      {"diplomas: [{id: d, requires: {check: as_of}}]\n", {"E031", 8, 38}, "must be a condition"},
      {"diplomas: [{id: d, requires: {check: 'credited(\"A\") and 1'}}]\n", {"E031", 8, 57}, "needs conditions"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.tail);
    check_single(r.tail, r.want, r.message);
  }
}

TEST_CASE("expression context errors: variables and functions not allowed where they appear") {
  struct row {
    const char* tail;
    expected_diagnostic want;
  };
  const row rows[] = {
      {"diplomas: [{id: d, requires: {check: hours > 1}}]\n", {"E032", 8, 38}},
      {"diplomas: [{id: d, requires: {check: attrs.x == 1}}]\n", {"E032", 8, 38}},
      {"diplomas: [{id: d, requires: {unit: A, when: credited(\"A\")}}]\n", {"E032", 8, 46}},
      {"equivalences: [{id: e, equivalent: [A, A2], when: unit == \"A\"}]\n", {"E032", 8, 51}},
      {"diplomas: [{id: d, requires: {check: 'level(\"civil_effect\") == \"sector\"'}}]\n", {"E032", 8, 39}},
      {"diplomas: [{id: d, requires: {check: frobnicate(1)}}]\n", {"E032", 8, 38}},
  };
  for (const auto& r : rows) {
    CAPTURE(r.tail);
    auto diags = diagnostics_of(std::string(header) + units_line + r.tail);
    REQUIRE_FALSE(diags.empty());
    std::string all;
    for (const auto& d : diags) all += d.format() + "\n";
    CAPTURE(all);
    bool found = false;
    for (const auto& d : diags)
      found = found || (d.code == r.want.code && d.where.line == r.want.line && d.where.column == r.want.column);
    CHECK(found);
  }
}

TEST_CASE("SPEC 10: a < b < c is an error of its own, not a chain") {
  check_single("diplomas: [{id: d, requires: {check: 1 < 2 < 3}}]\n", {"E033", 8, 44}, "do not chain");
}

TEST_CASE("a level compared with a name that is not on its scale is an unknown level") {
  check_single("units: [{id: B, kind: c, credit_when: 'level(\"civil_effect\") >= \"national-ish\"'}]\n",
               {"E021", 7, 65}, "not a level", true);
}

TEST_CASE("unknown references: units, marks, scales, levels") {
  check_single("diplomas: [{id: d, requires: {unit: NOPE}}]\n", {"E020", 8, 37}, "unknown unit 'NOPE'");
  check_single("equivalences: [{id: e, from: [A], counts_as: [ZZ]}]\n", {"E020", 8, 47}, "unknown unit 'ZZ'");
  check_single("units: [{id: B, kind: c, credit_when: 'has_mark(\"nope\")'}]\n", {"E020", 7, 49}, "unknown mark", true);
  check_single("units: [{id: B, kind: c, level: {nlqf: \"3\"}}]\n", {"E020", 7, 34}, "unknown scale", true);
  check_single("units: [{id: B, kind: c, level: {civil_effect: wow}}]\n", {"E021", 7, 48}, "not a level", true);
}

TEST_CASE("malformed requirements: empty groups, n out of range, min <= 0") {
  check_single("diplomas: [{id: d, requires: {all_of: []}}]\n", {"E022", 8, 30});  // the requirement's mapping
  check_single("diplomas: [{id: d, requires: {n_of: {n: 3, of: [{unit: A}, {unit: A}]}}}]\n", {"E022", 8, 41});
  check_single("diplomas: [{id: d, requires: {hours: {min: 0, of: {kind: c}}}}]\n", {"E022", 8, 44});
  check_single("diplomas: [{id: d, requires: {hours: {min: 5, of: {marks: [m]}}}}]\n", {"E022", 8, 51});
}

TEST_CASE("an effective window that ends before it starts is an error") {
  check_single("units: [{id: B, kind: c, effective: {from: 2020-01-01, to: 2019-01-01}}]\n", {"E025", 7, 44}, "", true);
}

TEST_CASE("SPEC 10: equivalent units that one hours requirement counts twice give warning W001") {
  auto diags = diagnostics_of(std::string(header) + R"(units:
  - {id: LE, kind: keuzedeel, hours: 240}
  - {id: KD, kind: keuzedeel, hours: 240}
equivalences: [{id: eq, equivalent: [LE, KD]}]
diplomas: [{id: d, requires: {id: keuzedelen, hours: {min: 480, of: {kind: keuzedeel}}}}]
)");
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].level == severity::warning);
  CHECK(diags[0].code == "W001");
  CHECK(diags[0].where.line == 11);
  CHECK(diags[0].message == "'LE' and 'KD' are linked by equivalence 'eq' and both count toward `keuzedelen`");
  // A warning does not stop compilation.
  temp_dir dir;
  CHECK(compile(dir.write("ruleset.yaml", std::string(header) + R"(units:
  - {id: LE, kind: keuzedeel, hours: 240}
  - {id: KD, kind: keuzedeel, hours: 240}
equivalences: [{id: eq, equivalent: [LE, KD]}]
diplomas: [{id: d, requires: {hours: {min: 480, of: {kind: keuzedeel}}}}]
)")).ok());
}

TEST_CASE("check reports every error, sorted by position") {
  auto diags = diagnostics_of(std::string(header) + units_line + R"(diplomas:
  - {id: d, requires: {unit: NOPE}}
  - {id: e, requires: {check: hours > 1}}
  - {id: f, requires: {unit: ALSO-NOPE}}
)");
  REQUIRE(diags.size() == 3);
  CHECK(diags[0].where.line == 9);
  CHECK(diags[1].where.line == 10);
  CHECK(diags[2].where.line == 11);
}

TEST_CASE("a valid ruleset compiles with no diagnostics") {
  auto diags = diagnostics_of(std::string(header) + units_line + R"(diplomas:
  - id: d
    requires:
      all_of:
        - unit: A
        - check: hours_of(units = ["A"]) >= 10 and count_of(marks = ["m"], where = attrs.x > 1) >= 0
)");
  std::string all;
  for (const auto& d : diags) all += d.format() + "\n";
  CAPTURE(all);
  CHECK(diags.empty());
}
