// SPDX-License-Identifier: Apache-2.0
// evaluate_batch over a population_view: columns borrowed from plain arrays (as
// the Python module lends numpy buffers) must give the rows a population gives,
// and a malformed view must be an input error, never a read out of bounds.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const char* const rules_text = R"(civeff: 1
ruleset: t
version: "1"
scales:
  civil_effect: {levels: [none, internal, national]}
marks:
  - {id: cert, levels: {civil_effect: national}}
units:
  - {id: A, kind: keuzedeel, hours: 240, credit_when: attrs.exam == true}
  - {id: B, kind: keuzedeel, hours: 240}
diplomas:
  - id: d
    requires: {all_of: [{unit: A}, {unit: B}, {count: {min: 1, of: {marks: [cert]}}}]}
)";

// Four rows, two persons, persons not adjacent. Row 3's unit and marks are
// empty: -1 in the population, the empty category "" in the view.
struct columns {
  std::vector<std::int32_t> person{1, 0, 1, 0};
  std::vector<std::string> person_ids{"zoe", "adam"};
  std::vector<std::int32_t> unit{0, 0, 1, 2};
  std::vector<std::string> unit_ids{"A", "B", ""};
  std::vector<std::int32_t> marks{0, 1, 0, 1};
  std::vector<std::string> mark_lists{"cert", ""};
  std::vector<date> dates{day("2021-01-01"), day("2021-02-01"), day("2022-01-01"), day("2022-02-01")};
  std::vector<std::uint8_t> exam_kinds{1, 1, 1, 0};  // boolean, ..., absent
  std::vector<double> exam{1, 1, 0, 0};

  [[nodiscard]] population_view view() const {
    population_view v;
    v.rows = person.size();
    v.person = {person, {person_ids.begin(), person_ids.end()}};
    v.unit = {unit, {unit_ids.begin(), unit_ids.end()}};
    v.marks = {marks, {mark_lists.begin(), mark_lists.end()}};
    v.dates = dates;
    v.attributes.push_back({"exam", false, exam_kinds, exam, {}, {}});
    return v;
  }

  [[nodiscard]] population owned() const {
    population p;
    p.person = {person, person_ids};
    p.unit = {{0, 0, 1, -1}, {"A", "B"}};
    p.title = {{-1, -1, -1, -1}, {}};
    p.marks = {{0, -1, 0, -1}, {"cert"}};
    p.dates = dates;
    p.hours.assign(4, NAN);
    p.exempt.assign(4, 0);
    attribute_column a;
    a.name = "exam";
    for (const auto k : exam_kinds) a.kinds.push_back(static_cast<attribute_column::cell>(k));
    a.numbers = exam;
    a.texts.codes.assign(4, -1);
    p.attributes.push_back(a);
    return p;
  }
};

// `rows` rows of one person: unit A with a passed exam, no marks.
columns one_person(std::size_t rows) {
  columns c;
  c.person.assign(rows, 0);
  c.unit.assign(rows, 0);
  c.marks.assign(rows, 1);
  c.dates.assign(rows, day("2021-01-01"));
  c.exam_kinds.assign(rows, 1);
  c.exam.assign(rows, 1);
  return c;
}

void check_rejected(const ruleset& rs, const population_view& v, const char* expected) {
  CAPTURE(expected);
  try {
    (void)rs.evaluate_batch(v, {.as_of = day("2024-01-01")});
    FAIL("expected an input error");
  } catch (const input_error& e) {
    REQUIRE(!e.diagnostics().empty());
    CHECK(e.diagnostics()[0].code == "E041");
    CHECK(e.diagnostics()[0].message.find(expected) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("population view: borrowed columns give the rows the population gives") {
  auto rs = rules(rules_text);
  const columns c;
  const batch_options options{.as_of = day("2024-01-01"), .threads = 1};
  const batch_result from_view = rs->evaluate_batch(c.view(), options);
  const batch_result from_population = rs->evaluate_batch(c.owned(), options);
  CHECK(to_csv(from_view) == to_csv(from_population));
  CHECK(from_view.persons == std::vector<std::string>{"adam", "zoe"});
  // person_codes point back into the input's person column.
  CHECK(from_view.person_codes == std::vector<std::int32_t>{1, 0});
  // adam: A with its exam, B, both marked cert -> complete. zoe: A with its
  // exam, then a row whose unit is "" (no unit) -> B is missing -> partial.
  REQUIRE(from_view.status.size() == 2);
  CHECK(from_view.status[0] == diploma_status::complete);
  CHECK(from_view.status[1] == diploma_status::partial);
  // And population::view() lends the same columns.
  const population owned = c.owned();
  CHECK(to_csv(rs->evaluate_batch(owned.view(), options)) == to_csv(from_population));
}

TEST_CASE("population view: an empty person category is an empty person") {
  auto rs = rules(rules_text);
  columns c;
  c.person_ids[0] = "";
  CHECK_THROWS_WITH_AS((void)rs->evaluate_batch(c.view(), {.as_of = day("2024-01-01")}),
                       doctest::Contains("empty person"), input_error);
}

TEST_CASE("population view: a malformed view is an input error naming the column") {
  auto rs = rules(rules_text);
  const columns c;
  const std::vector<std::int32_t> short_codes{0, 0, 1};
  const std::array<double, 3> three_hours{1, 2, 3};
  const std::vector<std::int32_t> unit_too_far{0, 0, 1, 3};
  const std::vector<std::int32_t> unit_negative{0, -2, 1, 2};
  const std::vector<std::uint8_t> bad_kind{1, 9, 1, 1};
  const std::vector<std::uint8_t> text_without_codes{3, 1, 1, 1};

  auto v = c.view();
  v.person.codes = short_codes;
  check_rejected(*rs, v, "'person' has 3 rows, expected 4");

  v = c.view();
  v.dates = v.dates.first(2);
  check_rejected(*rs, v, "'date' has 2 rows");

  v = c.view();
  v.hours = three_hours;
  check_rejected(*rs, v, "'hours' has 3 rows");

  v = c.view();
  v.unit.codes = unit_too_far;
  check_rejected(*rs, v, "column 'unit': code 3 in row 3 is outside its 3 categories");

  v = c.view();
  v.unit.codes = unit_negative;
  check_rejected(*rs, v, "code -2 in row 1");

  // The ends of int32: the check compares code + 1 in unsigned 32 bits.
  const std::vector<std::int32_t> unit_lowest{0, 0, std::numeric_limits<std::int32_t>::min(), 2};
  const std::vector<std::int32_t> unit_highest{0, std::numeric_limits<std::int32_t>::max(), 1, 2};
  v = c.view();
  v.unit.codes = unit_lowest;
  check_rejected(*rs, v, "code -2147483648 in row 2");
  v = c.view();
  v.unit.codes = unit_highest;
  check_rejected(*rs, v, "code 2147483647 in row 1");

  v = c.view();
  v.attributes[0].kinds = bad_kind;
  check_rejected(*rs, v, "column 'exam': row 1 has cell kind 9");

  v = c.view();
  v.attributes[0].kinds = text_without_codes;
  check_rejected(*rs, v, "row 0 has cell kind 3 without its values");

  v = c.view();
  v.attributes[0].numbers = {};
  check_rejected(*rs, v, "row 0 has cell kind 1 without its values");

  const std::vector<std::uint8_t> date_kinds{4, 4, 4, 4};
  const std::vector<double> far_days{0, 1e12, 0, 0};
  v = c.view();
  v.attributes[0].kinds = date_kinds;
  v.attributes[0].numbers = far_days;
  check_rejected(*rs, v, "row 1 has date 1000000000000 outside the days an int32 counts");
}

TEST_CASE("population view: cells checked on two threads name the first bad row, as one thread does") {
  auto rs = rules(rules_text);
  // 20,000 rows: enough for the check to split them over both threads; bad
  // cells in both halves, the first one in the first half.
  constexpr std::size_t rows = 20000;
  columns c = one_person(rows);
  std::vector<std::int32_t> units = c.unit;
  units[15000] = 7;
  units[4000] = 9;
  std::vector<std::uint8_t> kinds = c.exam_kinds;
  kinds[12000] = 9;
  kinds[3001] = 8;
  for (const unsigned threads : {1U, 2U}) {
    CAPTURE(threads);
    auto v = c.view();
    v.unit.codes = units;
    try {
      (void)rs->evaluate_batch(v, {.as_of = day("2024-01-01"), .threads = threads});
      FAIL("expected an input error");
    } catch (const input_error& e) {
      CHECK(e.diagnostics()[0].message.find("code 9 in row 4000 is outside") != std::string::npos);
    }
    v = c.view();
    v.attributes[0].kinds = kinds;
    try {
      (void)rs->evaluate_batch(v, {.as_of = day("2024-01-01"), .threads = threads});
      FAIL("expected an input error");
    } catch (const input_error& e) {
      CHECK(e.diagnostics()[0].message.find("row 3001 has cell kind 8") != std::string::npos);
    }
  }
}

TEST_CASE("population view: a bad cell kind is found wherever it sits among the rows") {
  // The check reads kinds eight at a time, then the rows past the last eight one
  // by one: bad kinds first, last and in between, one next to a good one, and
  // kinds whose addition would carry into the next byte (0x85, 0xff).
  auto rs = rules(rules_text);
  constexpr std::size_t rows = 27;
  columns c = one_person(rows);
  for (const std::size_t at : {0UL, 7UL, 8UL, 15UL, 23UL, 24UL, 26UL}) {
    for (const std::uint8_t kind : {5, 0x85, 0xff}) {
      CAPTURE(at);
      CAPTURE(static_cast<int>(kind));
      std::vector<std::uint8_t> kinds = c.exam_kinds;
      kinds[at] = kind;
      auto v = c.view();
      v.attributes[0].kinds = kinds;
      check_rejected(*rs, v, fmt::format("row {} has cell kind {} without its values", at, kind).c_str());
    }
    // A text in a column without text codes, a number in one without numbers.
    std::vector<std::uint8_t> kinds = c.exam_kinds;
    kinds[at] = 3;
    auto v = c.view();
    v.attributes[0].kinds = kinds;
    check_rejected(*rs, v, fmt::format("row {} has cell kind 3 without its values", at).c_str());
    std::vector<std::uint8_t> absent(rows, 0);
    absent[at] = 2;
    v = c.view();
    v.attributes[0].kinds = absent;
    v.attributes[0].numbers = {};
    check_rejected(*rs, v, fmt::format("row {} has cell kind 2 without its values", at).c_str());
  }
}

TEST_CASE("population view: 5,000 persons give the same rows on 1 and 2 threads") {
  // Ten chunks of 512 persons: enough for the copies after the evaluation to run
  // on both threads. Missing leaves differ from person to person.
  auto rs = rules(rules_text);
  constexpr std::size_t people = 5000;
  columns c;
  c.person.clear();
  c.person_ids.clear();
  c.unit.clear();
  c.marks.clear();
  c.dates.clear();
  c.exam_kinds.clear();
  c.exam.clear();
  for (std::size_t i = 0; i < people; ++i) {
    c.person_ids.push_back("p" + std::to_string(people - i));  // ids not in code order
    c.person.push_back(static_cast<std::int32_t>(i));
    c.unit.push_back(static_cast<std::int32_t>(i % 3));
    c.marks.push_back(static_cast<std::int32_t>(i % 2));
    c.dates.push_back(day("2021-01-01"));
    c.exam_kinds.push_back(1);
    c.exam.push_back(static_cast<double>(i % 5 == 0));
  }
  const batch_result one = rs->evaluate_batch(c.view(), {.as_of = day("2024-01-01"), .threads = 1});
  const batch_result two = rs->evaluate_batch(c.view(), {.as_of = day("2024-01-01"), .threads = 2});
  REQUIRE(one.persons.size() == people);
  CHECK(to_csv(one) == to_csv(two));
  CHECK(one.missing_offsets == two.missing_offsets);
  CHECK(one.person_codes == two.person_codes);
  CHECK(one.missing.size() > people / 2);
}
