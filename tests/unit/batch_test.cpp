// SPDX-License-Identifier: Apache-2.0
// The batch path (columnar population) must agree with evaluating each portfolio
// on its own, whatever the row order and thread count.

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const char* const rules_text = R"(civeff: 1
ruleset: t
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
marks:
  - {id: cert, levels: {civil_effect: national}}
  - {id: nrto, implies: [cert], levels: {civil_effect: internal}}
units:
  - {id: A, kind: keuzedeel, hours: 240, credit_when: attrs.exam == true}
  - {id: B, kind: keuzedeel, hours: 240, valid_for: P3Y}
  - {id: C, kind: kerntaak}
  - {id: R, kind: course, credit_when: attrs.n / attrs.d > 1}
equivalences:
  - {id: ab, equivalent: [A, B], effective: {from: 2019-01-01}}
  - {id: to-c, from: [A, B], counts_as: [C]}
diplomas:
  - id: d1
    requires:
      all_of:
        - unit: C
        - {hours: {min: 480, of: {kind: keuzedeel}}}
        - {unit: B, when: person.role == "nurse"}
  - id: d0
    requires: {any_of: [{unit: A}, {count: {min: 2, of: {marks: [cert]}}}]}
)";

// A population in columns, built row by row.
struct population_builder {
  population pop;
  std::map<std::string, std::int32_t> codes_person, codes_unit, codes_marks, codes_role;
  attribute_column* exam = nullptr;
  attribute_column* role = nullptr;

  population_builder() {
    pop.attributes.resize(2);
    exam = &pop.attributes[0];
    exam->name = "exam";
    role = &pop.attributes[1];
    role->name = "role";
    role->person_level = true;
  }
  static std::int32_t code(string_column& col, std::map<std::string, std::int32_t>& codes, const std::string& s) {
    if (s.empty()) return -1;
    auto [it, inserted] = codes.emplace(s, static_cast<std::int32_t>(col.categories.size()));
    if (inserted) col.categories.push_back(s);
    return it->second;
  }
  void row(const std::string& person, const std::string& unit, const char* when, const std::string& marks, bool exam_passed,
           const std::string& role_name) {
    pop.person.codes.push_back(code(pop.person, codes_person, person));
    pop.unit.codes.push_back(code(pop.unit, codes_unit, unit));
    pop.title.codes.push_back(-1);
    pop.dates.push_back(day(when));
    pop.hours.push_back(NAN);
    pop.marks.codes.push_back(code(pop.marks, codes_marks, marks));
    pop.exempt.push_back(0);
    exam->kinds.push_back(attribute_column::cell::boolean);
    exam->numbers.push_back(exam_passed ? 1 : 0);
    exam->texts.codes.push_back(-1);
    role->kinds.push_back(role_name.empty() ? attribute_column::cell::absent : attribute_column::cell::text);
    role->numbers.push_back(0);
    role->texts.codes.push_back(code(role->texts, codes_role, role_name));
  }
};

}  // namespace

TEST_CASE("batch: a population gives the same rows as evaluating each portfolio, on 1 and 2 threads") {
  auto rs = rules(rules_text);
  std::mt19937 rng(7);
  const char* units[] = {"A", "B", "C", "X", ""};
  const char* marks[] = {"", "cert", "nrto", "cert;nrto"};
  const char* roles[] = {"nurse", "carer", ""};
  population_builder b;
  std::map<std::string, portfolio> people;
  // Rows of one person are spread over the file on purpose.
  for (int i = 0; i < 3000; ++i) {
    const std::string person = "p" + std::to_string(rng() % 700);
    auto& p = people[person];
    p.person = person;
    if (!p.attrs.count("role") && p.achievements.empty()) {
      const std::string r = roles[std::hash<std::string>{}(person) % 3];
      if (!r.empty()) p.attrs["role"] = r;
    }
    const std::string role = p.attrs.count("role") ? std::get<std::string>(p.attrs["role"]) : "";
    const std::string unit = units[rng() % 5];
    const std::string mark = marks[rng() % 4];
    const bool exam = rng() % 2 == 0;
    const date when(day("2016-01-01").days_since_epoch() + static_cast<std::int32_t>(rng() % 3600));
    b.row(person, unit, when.to_string().c_str(), mark, exam, role);
    achievement a;
    if (!unit.empty()) a.unit = unit;
    a.when = when;
    if (mark == "cert;nrto") a.marks = {"cert", "nrto"};
    else if (!mark.empty()) a.marks = {mark};
    a.attrs["exam"] = exam;
    p.achievements.push_back(a);
  }
  const date as_of = day("2024-01-01");
  auto one = rs->evaluate_batch(b.pop, {.as_of = as_of, .threads = 1});
  auto two = rs->evaluate_batch(b.pop, {.as_of = as_of, .threads = 2});
  CHECK(to_csv(one) == to_csv(two));
  REQUIRE(one.persons.size() == people.size());
  REQUIRE(one.diplomas == std::vector<std::string>{"d0", "d1"});
  std::size_t row = 0;
  std::uint64_t counted = 0;
  for (const auto& [id, p] : people) {  // std::map: sorted like the batch
    CHECK(one.persons[row / 2] == id);
    const result r = rs->evaluate(p, as_of);
    for (const auto& a : r.achievements) counted += a.counted ? 1 : 0;
    for (const auto& d : one.diplomas) {
      const auto& expected = r.diplomas.at(d);
      CAPTURE(id);
      CAPTURE(d);
      CHECK(one.status[row] == expected.status);
      CHECK(one.progress[row] == expected.progress);
      std::vector<std::string> missing;
      for (auto k = one.missing_offsets[row]; k < one.missing_offsets[row + 1]; ++k)
        missing.push_back(one.leaf_names[one.missing[k]]);
      CHECK(missing == expected.missing);
      ++row;
    }
  }
  REQUIRE(one.level_counts.size() == 1);
  std::uint64_t total = 0;
  for (auto c : one.level_counts[0]) total += c;
  CHECK(total == counted);
}

TEST_CASE("batch: an unknown mark is an input error naming the row") {
  auto rs = rules(rules_text);
  population_builder b;
  b.row("p1", "A", "2020-01-01", "cert", true, "");
  b.row("p2", "A", "2020-01-01", "cert;bogus", true, "");
  b.pop.file = "people.csv";
  try {
    (void)rs->evaluate_batch(b.pop, {.as_of = day("2024-01-01")});
    FAIL("expected an input error");
  } catch (const input_error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].code == "E042");
    CHECK(e.diagnostics()[0].message.find("bogus") != std::string::npos);
  }
}

TEST_CASE("batch: a person attribute that differs between rows of one person is E045") {
  auto rs = rules(rules_text);
  population_builder b;
  b.row("p1", "A", "2020-01-01", "", true, "nurse");
  b.row("p2", "A", "2020-01-01", "", true, "carer");
  b.row("p1", "B", "2020-01-01", "", true, "carer");
  CHECK_THROWS_WITH_AS((void)rs->evaluate_batch(b.pop, {.as_of = day("2024-01-01")}),
                       doctest::Contains("E045"), input_error);
}

TEST_CASE("batch: a division by zero is reported for that person, the others are finished") {
  auto rs = rules(rules_text);
  population_builder b;
  b.row("p1", "A", "2020-01-01", "", true, "");
  b.row("p2", "R", "2020-01-01", "", true, "");
  b.pop.attributes.push_back({});
  auto& n = b.pop.attributes.back();
  n.name = "n";
  n.kinds = {attribute_column::cell::absent, attribute_column::cell::number};
  n.numbers = {0, 1};
  n.texts.codes = {-1, -1};
  b.pop.attributes.push_back(n);
  b.pop.attributes.back().name = "d";
  b.pop.attributes.back().numbers = {0, 0};
  auto r = rs->evaluate_batch(b.pop, {.as_of = day("2024-01-01")});
  CHECK(r.persons == std::vector<std::string>{"p1"});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].code == "E050");
  CHECK(r.errors[0].message.find("p2") != std::string::npos);
}

TEST_CASE("batch: a progress callback is called from the calling thread and may stop the run") {
  auto rs = rules(rules_text);
  population_builder b;
  for (int i = 0; i < 3000; ++i) b.row("p" + std::to_string(i), "A", "2020-01-01", "cert", true, "");
  for (unsigned threads : {1U, 2U}) {
    CAPTURE(threads);
    struct watch {
      std::thread::id caller = std::this_thread::get_id();
      bool on_caller = true;
      std::size_t calls = 0, last_done = 0, total = 0;
    } w;
    batch_options options{.as_of = day("2024-01-01"), .threads = threads};
    options.progress_user = &w;
    options.progress = [](std::size_t done, std::size_t total, void* user) {
      auto& me = *static_cast<watch*>(user);
      me.on_caller = me.on_caller && std::this_thread::get_id() == me.caller;
      ++me.calls;
      me.last_done = done;
      me.total = total;
    };
    const auto full = rs->evaluate_batch(b.pop, options);
    CHECK(full.persons.size() == 3000);
    CHECK(w.on_caller);
    CHECK(w.calls >= 1);
    CHECK(w.last_done == 3000);
    CHECK(w.total == 3000);

    // A flag already set: nothing is evaluated and the result is empty.
    const std::atomic<bool> stop{true};
    options.stop = &stop;
    const auto stopped = rs->evaluate_batch(b.pop, options);
    CHECK(stopped.rows() == 0);
    CHECK(stopped.persons.empty());
    options.progress = nullptr;
    CHECK(rs->evaluate_batch(b.pop, options).rows() == 0);
  }
}
