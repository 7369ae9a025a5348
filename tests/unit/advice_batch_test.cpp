// SPDX-License-Identifier: Apache-2.0
// Advice for a population (issue 12): advise_batch must give each person the
// first plan of ruleset::advise on that person's portfolio, whatever the thread
// count; and the advice's CSV, JSON and text as documented.

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const char* const rules_text = R"(civeff: 1
ruleset: advice-batch
version: "1"
scales:
  civil_effect: {levels: [none, national]}
marks:
  - {id: cert, levels: {civil_effect: national}}
units:
  - {id: B1-K1, kind: kerntaak, hours: 400}
  - {id: KD-wond, kind: keuzedeel, hours: 240}
  - {id: LE-wond-1, kind: leereenheid, hours: 40}
  - {id: LE-wond-2, kind: leereenheid, hours: 37.5}
  - {id: KD-med, kind: keuzedeel, hours: 240}
  - {id: LE-med, kind: leereenheid, hours: 100, credit_when: 'has_mark("cert")'}
  - {id: R, kind: course, hours: 8, credit_when: attrs.n / attrs.d > 1}
  - {id: KD-old, kind: keuzedeel, hours: 10, effective: {to: 2020-07-31}}
equivalences:
  - {id: wond-stack, from: [LE-wond-1, LE-wond-2], counts_as: [KD-wond]}
  - {id: eq-med, equivalent: [LE-med, KD-med]}
diplomas:
  - id: helpende
    requires:
      all_of:
        - unit: B1-K1
        - n_of: {n: 1, of: [{unit: KD-wond}, {unit: KD-med}]}
        - {unit: R, when: person.role == "course"}
  - id: closed
    requires: {unit: KD-old}
)";

// The same people as a population CSV and as portfolios.
struct people {
  std::string csv = "person,unit,date,marks,n,d,person.role\n";
  std::map<std::string, portfolio> portfolios;  // sorted like the batch

  void row(const std::string& person, const std::string& unit, const std::string& when, bool cert,
           const std::string& role, double d = 1) {
    csv += person + "," + unit + "," + when + "," + (cert ? "cert" : "") + ",2," + std::to_string(int(d)) +
           "," + role + "\n";
    portfolio& p = portfolios[person];
    p.person = person;
    if (!role.empty()) p.attrs["role"] = role;
    achievement a;
    if (!unit.empty()) a.unit = unit;
    a.when = day(when.c_str());
    if (cert) a.marks = {"cert"};
    a.attrs["n"] = 2.0;
    a.attrs["d"] = d;
    p.achievements.push_back(a);
  }
  [[nodiscard]] population read(const ruleset& rules) const {
    return parse_population_csv(csv, "people.csv", &rules);
  }
};

people random_people(std::uint32_t seed, int persons) {
  dice roll(seed);
  const std::vector<std::string> units = {"B1-K1",  "KD-wond", "LE-wond-1", "LE-wond-2", "KD-med",
                                          "LE-med", "R",       "KD-old",    "X",         ""};
  people out;
  for (int i = 0; i < persons; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "p%03d", roll.between(0, 999));
    const std::string person = id;
    if (out.portfolios.count(person) != 0) continue;
    const std::string role = roll.chance(30) ? "course" : "";
    const int rows = roll.between(1, 4);
    for (int r = 0; r < rows; ++r)
      out.row(person, roll.pick(units), roll.day(2018, 2025), roll.chance(40), role);
  }
  return out;
}

}  // namespace

TEST_CASE("advice batch: each row is the first plan of advise() on that person, on 1 and 2 threads") {
  const auto rs = rules(rules_text);
  const people ps = random_people(12, 160);
  const population pop = ps.read(*rs);
  const date as_of = day("2024-01-01");
  for (const char* diploma : {"helpende", "closed"}) {
    CAPTURE(diploma);
    const advice_batch one = rs->advise_batch(pop.view(), diploma, {.as_of = as_of, .threads = 1});
    const advice_batch two = rs->advise_batch(pop.view(), diploma, {.as_of = as_of, .threads = 2});
    CHECK(to_csv(one) == to_csv(two));
    CHECK(one.diploma == diploma);
    CHECK(one.errors.empty());
    REQUIRE(one.rows() == ps.portfolios.size());
    std::size_t row = 0, with_plan = 0, without = 0;
    for (const auto& [id, p] : ps.portfolios) {
      CAPTURE(id);
      const advice a = rs->advise(p, diploma, as_of, {.top = 1});
      CHECK(one.persons[row] == id);
      CHECK(one.status[row] == a.status);
      CHECK((one.proven[row] != 0) == a.proven);
      if (a.plans.empty()) {
        CHECK(std::isnan(one.hours_to_complete[row]));
        CHECK(one.units[row].empty());
        ++without;
      } else {
        CHECK(one.hours_to_complete[row] == a.plans[0].hours);
        std::vector<std::string> ids;
        for (const auto& u : a.plans[0].units) ids.push_back(u.unit);
        CHECK(one.units[row] == ids);
        ++with_plan;
      }
      ++row;
    }
    // The population has both kinds of rows, or the comparison says little.
    if (std::string(diploma) == "helpende") CHECK(with_plan > 0);
    else CHECK(without > 0);
  }
}

TEST_CASE("advice batch: input errors as evaluate_batch, evaluation errors reported and left out") {
  const auto rs = rules(rules_text);
  people ps;
  ps.row("p1", "B1-K1", "2020-01-01", false, "course");
  ps.row("p2", "R", "2020-01-01", false, "", 0);  // R's credit_when divides by zero
  ps.row("p3", "LE-med", "2020-01-01", true, "");
  const population pop = ps.read(*rs);
  const advice_batch r = rs->advise_batch(pop.view(), "helpende", {.as_of = day("2024-01-01")});
  CHECK(r.persons == std::vector<std::string>{"p1", "p3"});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].code == "E050");
  CHECK(r.errors[0].message.find("p2") != std::string::npos);
  CHECK(r.hours_to_complete == std::vector<double>{85.5, 400});
  CHECK(r.units[0] == std::vector<std::string>{"LE-wond-1", "LE-wond-2", "R"});
  CHECK(r.units[1] == std::vector<std::string>{"B1-K1"});

  try {
    (void)rs->advise_batch(pop.view(), "helpend", {.as_of = day("2024-01-01")});
    FAIL("expected E046");
  } catch (const input_error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].code == "E046");
    CHECK(e.diagnostics()[0].message.find("did you mean 'helpende'") != std::string::npos);
  }
  people bad;
  bad.row("p1", "B1-K1", "2020-01-01", false, "");
  bad.csv += "p2,B1-K1,2020-01-01,bogus,2,1,\n";
  const population bad_pop = parse_population_csv(bad.csv, "bad.csv");
  CHECK_THROWS_WITH_AS((void)rs->advise_batch(bad_pop.view(), "helpende", {.as_of = day("2024-01-01")}),
                       doctest::Contains("E042"), input_error);
}

TEST_CASE("advice batch: progress from the calling thread, and a stop flag empties the result") {
  const auto rs = rules(rules_text);
  const people ps = random_people(5, 60);
  const population pop = ps.read(*rs);
  for (unsigned threads : {1U, 2U}) {
    CAPTURE(threads);
    struct watch {
      std::size_t calls = 0, last_done = 0, total = 0;
    } w;
    advice_batch_options options{.as_of = day("2024-01-01"), .threads = threads};
    options.progress_user = &w;
    options.progress = [](std::size_t done, std::size_t total, void* user) {
      auto& me = *static_cast<watch*>(user);
      ++me.calls;
      me.last_done = done;
      me.total = total;
    };
    const advice_batch full = rs->advise_batch(pop.view(), "helpende", options);
    CHECK(full.rows() == ps.portfolios.size());
    CHECK(w.calls >= 1);
    CHECK(w.last_done == ps.portfolios.size());
    CHECK(w.total == ps.portfolios.size());
    const std::atomic<bool> stop{true};
    options.stop = &stop;
    CHECK(rs->advise_batch(pop.view(), "helpende", options).rows() == 0);
    options.progress = nullptr;
    CHECK(rs->advise_batch(pop.view(), "helpende", options).rows() == 0);
  }
}

TEST_CASE("advice batch: the CSV, in both dialects") {
  advice_batch b;
  b.diploma = "VIG";
  b.persons = {"p,1", "p2", "p3"};
  b.status = {diploma_status::partial, diploma_status::complete, diploma_status::none};
  b.hours_to_complete = {77.5, 0, NAN};
  b.units = {{"LE-a", "LE-b"}, {}, {}};
  b.proven = {1, 1, 0};
  CHECK(to_csv(b) ==
        "person,diploma,status,hours_to_complete,units,proven\n"
        "\"p,1\",VIG,partial,77.5,LE-a;LE-b,true\n"
        "p2,VIG,complete,0,,true\n"
        "p3,VIG,none,,,false\n");
  CHECK(to_csv(b, csv_dialect::excel_nl) ==
        "\xEF\xBB\xBFperson;diploma;status;hours_to_complete;units;proven\r\n"
        "p,1;VIG;partial;77,5;\"LE-a;LE-b\";true\r\n"
        "p2;VIG;complete;0;;true\r\n"
        "p3;VIG;none;;;false\r\n");
  CHECK(to_csv(advice_batch{}) == "person,diploma,status,hours_to_complete,units,proven\n");
}

TEST_CASE("advice: JSON and text of one person") {
  const auto rs = rules(rules_text);
  const portfolio p = person({took("B1-K1", "2023-01-01")});
  const advice a = rs->advise(p, "helpende", day("2024-01-01"), {.top = 2});
  CHECK(to_json(a) == R"({
  "person": "p-1",
  "as_of": "2024-01-01",
  "diploma": "helpende",
  "status": "partial",
  "plans": [
    {
      "hours": 77.5,
      "units": [
        {
          "unit": "LE-wond-1",
          "hours": 40,
          "credits": [
            "KD-wond",
            "LE-wond-1"
          ]
        },
        {
          "unit": "LE-wond-2",
          "hours": 37.5,
          "credits": [
            "KD-wond",
            "LE-wond-2"
          ]
        }
      ]
    },
    {
      "hours": 100,
      "units": [
        {
          "unit": "LE-med",
          "hours": 100,
          "credits": [
            "KD-med",
            "LE-med"
          ]
        }
      ]
    }
  ],
  "blocking": [],
  "proven": true
}
)");
  CHECK(to_text(a, "nl") ==
        "Advies voor p-1, diploma helpende, per 2024-01-01 (nu: gedeeltelijk).\n"
        "1. 77.5 u: neem LE-wond-1 (40 u) en LE-wond-2 (37.5 u); samen gelden ze als KD-wond.\n"
        "2. 100 u: neem LE-med (100 u); die geldt ook als KD-med.\n");
  CHECK(to_text(a, "en") ==
        "Advice for p-1, diploma helpende, as of 2024-01-01 (now: partial).\n"
        "1. 77.5 h: take LE-wond-1 (40 h) and LE-wond-2 (37.5 h); together they count as KD-wond.\n"
        "2. 100 h: take LE-med (100 h); it also counts as KD-med.\n");
  CHECK_THROWS_WITH_AS((void)to_text(a, "de"), doctest::Contains("E046"), input_error);

  const advice three =
      rs->advise(person({}, {{"role", std::string("course")}}), "helpende", day("2024-01-01"), {.top = 1});
  CHECK(to_text(three, "en") ==
        "Advice for p-1, diploma helpende, as of 2024-01-01 (now: none).\n"
        "1. 485.5 h: take B1-K1 (400 h), LE-wond-1 (40 h), LE-wond-2 (37.5 h) and R (8 h).\n"
        "   LE-wond-1 and LE-wond-2 together count as KD-wond.\n");

  const advice done = rs->advise(person({took("B1-K1", "2023-01-01"), took("KD-med", "2023-01-01")}),
                                 "helpende", day("2024-01-01"));
  CHECK(to_json(done).find("\"plans\": [\n    {\n      \"hours\": 0,\n      \"units\": []\n    }\n  ]") !=
        std::string::npos);
  CHECK(to_text(done, "nl") ==
        "Advies voor p-1, diploma helpende, per 2024-01-01 (nu: compleet).\n"
        "Het diploma is al compleet: er hoeft niets bij.\n");

  const advice none = rs->advise(person({}), "closed", day("2024-01-01"));
  CHECK(to_json(none).find("\"plans\": [],\n  \"blocking\": [\n    \"unit:KD-old\"\n  ],") !=
        std::string::npos);
  CHECK(to_text(none, "en") ==
        "Advice for p-1, diploma closed, as of 2024-01-01 (now: none).\n"
        "No set of units completes the diploma.\n"
        "In the way: unit:KD-old.\n");

  const advice cut = rs->advise(person({}), "helpende", day("2024-01-01"), {.top = 3, .max_steps = 3});
  CHECK_FALSE(cut.proven);
  CHECK(to_text(cut, "nl").find("zoeken stopte bij zijn grens") != std::string::npos);
  CHECK(to_json(cut).ends_with("\"proven\": false\n}\n"));
}
