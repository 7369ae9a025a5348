// SPDX-License-Identifier: Apache-2.0
// Reliability findings on expressions and selectors: F14 (a selector kind or tag that no
// unit declares is W014; a division by a literal zero is E034 at the `/`) and F16 (a flat
// chain of 999 `+` is accepted; `1e3` says what to write). F7 is timed: tests/cli.

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "expr/exponent.hpp"
#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

std::string all_of(const std::vector<diagnostic>& diags) {
  std::string all;
  for (const auto& d : diags) all += d.format() + "\n";
  return all;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// 1 + 1 + ... + 1: `terms` ones, terms - 1 operators.
std::string chain_of_ones(int terms) { return "1" + repeat(" + 1", terms - 1); }

// Units on lines 5-6; requirement rows start on line 11, indented 8 spaces.
const char* const selector_header = R"(civeff: 1
ruleset: t
version: "1"
units:
  - {id: K1, kind: keuzedeel, hours: 240, tags: [zorg, welzijn]}
  - {id: C1, kind: course, hours: 10, tags: [zorg]}
diplomas:
  - id: d
    requires:
      all_of:
)";

// The one W014 that `row` (line 11) gives, or a failed check.
void check_one_w014(const std::string& row, int column, const std::string& message) {
  const auto diags = diagnostics_of(selector_header + row + "\n");
  CAPTURE(row);
  CAPTURE(all_of(diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].level == severity::warning);
  CHECK(diags[0].code == "W014");
  CHECK(diags[0].where.line == 11);
  CHECK(diags[0].where.column == column);
  CHECK(diags[0].message == message);
}

// Line 7 holds the expression, which starts at column 18.
const char* const credit_when_header = R"(civeff: 1
ruleset: t
version: "1"
units:
  - id: A
    kind: course
    credit_when: )";

void check_one_e034(const std::string& expression, int line, int column, const std::string& literal) {
  const auto diags = diagnostics_of(credit_when_header + expression + "\n");
  CAPTURE(expression);
  CAPTURE(all_of(diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "E034");
  CHECK(diags[0].where.line == line);
  CHECK(diags[0].where.column == column);
  CHECK(diags[0].message == "division by zero (the divisor is the literal " + literal + ")");
}

}  // namespace

TEST_CASE("F14: a requirement selector kind or tag that no unit declares is W014 at that word") {
  check_one_w014("        - hours: {min: 5, of: {kind: keuzedel}}", 38,
                 "no unit has kind 'keuzedel'; did you mean 'keuzedeel'?");
  check_one_w014("        - count: {min: 1, of: {tags: [zrog]}}", 39,
                 "no unit has tag 'zrog'; did you mean 'zorg'?");
  check_one_w014("        - sum: {attr: points, min: 1, of: {kind: cursus}}", 50,
                 "no unit has kind 'cursus'");
  check_one_w014("        - avg: {attr: grade, min: 6, of: {tags: [zorg, welzjin]}}", 56,
                 "no unit has tag 'welzjin'; did you mean 'welzijn'?");
  check_one_w014("        - count: {min: 1, of: {units: [K1], kind: Keuzedeel}}", 51,
                 "no unit has kind 'Keuzedeel'; did you mean 'keuzedeel'?");
}

TEST_CASE("F14: an expression selector kind or tag that no unit declares is W014 inside its quotes") {
  check_one_w014(R"(        - check: hours_of(kind = "keuzedeeel") >= 1)", 35,
                 "no unit has kind 'keuzedeeel'; did you mean 'keuzedeel'?");
  check_one_w014(R"(        - check: 'count_of(tags = ["zorg", "zorgg"]) >= 1')", 45,
                 "no unit has tag 'zorgg'; did you mean 'zorg'?");
  check_one_w014(R"(        - check: 'sum_of(attr = "points", kind = "keuzdeel") > 1')", 51,
                 "no unit has kind 'keuzdeel'; did you mean 'keuzedeel'?");
  check_one_w014(R"(        - check: 'avg_of(attr = "grade", tags = ["welzijn", "zorgen"]) > 1')", 62,
                 "no unit has tag 'zorgen'; did you mean 'zorg'?");
}

TEST_CASE("F14: W014 is a warning: the ruleset compiles, and each mention is reported") {
  temp_dir dir;
  const compile_result r = compile(dir.write(
      "ruleset.yaml", std::string(selector_header) + "        - hours: {min: 5, of: {kind: keuzedel}}\n"
                                                     "        - count: {min: 1, of: {kind: keuzedel}}\n"));
  CAPTURE(all_of(r.diagnostics));
  CHECK(r.ok());
  REQUIRE(r.diagnostics.size() == 2);
  CHECK(r.diagnostics[0].where.line == 11);
  CHECK(r.diagnostics[1].where.line == 12);
}

TEST_CASE("F14: no W014 for kinds and tags that some unit declares") {
  // `keuzedel` is interned by the first selector; later selectors of declared names stay quiet.
  const auto diags =
      diagnostics_of(std::string(selector_header) +
                     "        - hours: {min: 5, of: {kind: keuzedel}}\n"
                     "        - hours: {min: 5, of: {kind: keuzedeel}}\n"
                     "        - count: {min: 1, of: {kind: course, tags: [zorg]}}\n"
                     "        - count: {min: 1, of: {tags: [welzijn, zorg]}}\n"
                     "        - sum: {attr: points, min: 1, of: {kind: course}}\n"
                     "        - avg: {attr: grade, min: 6, of: {tags: [welzijn]}}\n"
                     "        - check: 'hours_of(kind = \"keuzedeel\", tags = [\"zorg\"]) >= 1'\n"
                     "        - check: 'count_of(tags = [\"welzijn\"]) >= 1'\n"
                     "        - check: 'sum_of(attr = \"points\", kind = \"course\") >= 1'\n"
                     "        - check: 'avg_of(attr = \"grade\", tags = [\"zorg\"]) >= 1'\n");
  CAPTURE(all_of(diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].where.line == 11);
}

TEST_CASE("F14: a division by a literal zero is E034 at the `/`") {
  check_one_e034("attrs.n / 0 > 1 or true", 7, 26, "0");
  check_one_e034("attrs.n / 0.0 > 1", 7, 26, "0.0");
  check_one_e034("attrs.n / -0 > 1", 7, 26, "0");
  check_one_e034("attrs.n / (0) > 1", 7, 26, "0");
  check_one_e034("attrs.n / ( - (00.000) ) > 1", 7, 26, "00.000");
  check_one_e034("(attrs.n + 1)/ 0 > 1", 7, 31, "0");
  check_one_e034("attrs.n / attrs.m / 0 > 1", 7, 36, "0");
  check_one_e034("not (hours * 2 / 0 == 1)", 7, 33, "0");
  // A folded scalar: the `/` is on the next line of the file.
  check_one_e034(">-\n      attrs.n\n      / 0 > 1", 9, 7, "0");
}

TEST_CASE("F14: E034 in a selector's `where`, at its `/`") {
  const auto diags = diagnostics_of(std::string(selector_header) +
                                    "        - check: 'count_of(where = attrs.n / 0 > 1) >= 1'\n");
  CAPTURE(all_of(diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "E034");
  CHECK(diags[0].where.line == 11);
  CHECK(diags[0].where.column == 44);
}

TEST_CASE("E034: a divisor that is not a literal zero is accepted") {
  for (const char* expression :
       {"attrs.n / 2 > 1", "attrs.n / 0.5 > 1", "0 / attrs.n > 1", "attrs.n / (1 - 1) > 1", "attrs.n * 0 > 1",
        "attrs.n / attrs.zero > 1", "attrs.n - 0 > 1"}) {
    CAPTURE(expression);
    const auto diags = diagnostics_of(credit_when_header + std::string(expression) + "\n");
    CHECK(all_of(diags).empty());
  }
}

TEST_CASE("F16: a flat chain of 999 `+` is accepted and evaluates") {
  const std::string chain = chain_of_ones(1000);
  const auto rs = rules(std::string(credit_when_header) + chain + " == 1000\n" +
                        "diplomas: [{id: d, requires: {check: " + chain + " >= 1000}}]\n");
  const result r = rs->evaluate(person({took("A", "2023-05-01")}), day("2024-01-01"));
  CHECK(r.credited.count("A") == 1);
  CHECK(r.diplomas.at("d").status == diploma_status::complete);
}

TEST_CASE("F16: the deepest expression the parser allows is checked and evaluated") {
  // 199 unary minus and a group: 200 nesting levels; 999 `+` and a `<=`: 1000 operators.
  // Its tree is 1201 nodes deep (expr::max_depth): every pass that recurses over it must
  // hold that on its stack (verified under ASan too, whose frames are larger).
  const std::string deepest = repeat("-", 199) + "(" + chain_of_ones(1000) + ") <= -1000";
  const auto rs = rules(std::string(credit_when_header) + deepest + "\n");
  const result r = rs->evaluate(person({took("A", "2023-05-01")}), day("2024-01-01"));
  CHECK(r.credited.count("A") == 1);
}

TEST_CASE("F16: a number with an exponent is E030 and says what to write") {
  const auto diags = diagnostics_of(credit_when_header + std::string("attrs.n > 1e3\n"));
  CAPTURE(all_of(diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "E030");
  CHECK(diags[0].where.line == 7);
  CHECK(diags[0].where.column == 28);
  CHECK(diags[0].message == "'1e3': numbers in expressions have no exponent; write 1000");

  const auto far = diagnostics_of(credit_when_header + std::string("attrs.n > 2E300\n"));
  REQUIRE(far.size() == 1);
  CHECK(far[0].message ==
        "'2E300': numbers in expressions have no exponent; write the number in plain digits");
}

TEST_CASE("expr: plain_digits writes an exponent form out in plain digits") {
  using civeff::detail::expr::plain_digits;
  struct row {
    const char* written;
    std::optional<std::string> plain;
  };
  const row rows[] = {
      {"1e3", "1000"},
      {"1E3", "1000"},
      {"1e+3", "1000"},
      {"1e0", "1"},
      {"1e-1", "0.1"},
      {"2.5e-3", "0.0025"},
      {"1.1e1", "11"},
      {"12.50e1", "125"},
      {"12.345e1", "123.45"},
      {"0e5", "0"},
      {"007e1", "70"},
      {"0.0e-2", "0"},
      {"1e19", "10000000000000000000"},   // 20 characters: still written out
      {"1e-18", "0.000000000000000001"},  // 20 characters
      {"1e20", std::nullopt},
      {"1e-19", std::nullopt},
      {"1e400", std::nullopt},
      {"1e99999999999999999999", std::nullopt},
      {"1000", std::nullopt},  // no exponent: nothing to write out
  };
  for (const auto& r : rows) {
    CAPTURE(r.written);
    CHECK(plain_digits(r.written) == r.plain);
  }
}
