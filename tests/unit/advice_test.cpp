// SPDX-License-Identifier: Apache-2.0
// Advice (SPEC §12): minimal plans in order, checked by hand and against brute
// force over every subset of the eligible units of small random rulesets.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const char* const stack_rules = R"(civeff: 1
ruleset: advice
version: "1"
units:
  - {id: B1-K1, kind: kerntaak, hours: 400}
  - {id: KD-wond, kind: keuzedeel, hours: 240}
  - {id: LE-wond-1, kind: leereenheid, hours: 40}
  - {id: LE-wond-2, kind: leereenheid, hours: 40}
  - {id: KD-med, kind: keuzedeel, hours: 240}
  - {id: LE-med, kind: leereenheid, hours: 100}
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
  - id: closed
    requires: {unit: KD-old}
  - id: guarded
    requires: {unit: KD-med, when: 'person.role == "a"'}
)";

std::vector<std::string> ids_of(const advice_plan& plan) {
  std::vector<std::string> out;
  for (const auto& u : plan.units) out.push_back(u.unit);
  return out;
}

}  // namespace

TEST_CASE("SPEC 12 advice: a stack of two leereenheden is cheaper than the keuzedeel") {
  const auto rules = civeff::testing::rules(stack_rules);
  const advice a = rules->advise(person({took("B1-K1", "2023-01-01")}), "helpende", day("2024-01-01"));
  CHECK(a.status == diploma_status::partial);
  CHECK(a.proven);
  REQUIRE(a.plans.size() == 3);
  CHECK(a.plans[0].hours == 80);
  CHECK(ids_of(a.plans[0]) == std::vector<std::string>{"LE-wond-1", "LE-wond-2"});
  CHECK(a.plans[0].units[0].hours == 40);
  CHECK(a.plans[0].units[0].credits == std::vector<std::string>{"KD-wond", "LE-wond-1"});
  CHECK(a.plans[0].units[1].credits == std::vector<std::string>{"KD-wond", "LE-wond-2"});
  CHECK(a.plans[1].hours == 100);
  CHECK(ids_of(a.plans[1]) == std::vector<std::string>{"LE-med"});
  CHECK(a.plans[1].units[0].credits == std::vector<std::string>{"KD-med", "LE-med"});
  // KD-med and KD-wond cost the same; one unit each, so their ids decide.
  CHECK(ids_of(a.plans[2]) == std::vector<std::string>{"KD-med"});
  CHECK(a.blocking.empty());
}

TEST_CASE("SPEC 12 advice: complete, no plan, a guard, an unknown diploma, top") {
  const auto rules = civeff::testing::rules(stack_rules);
  const portfolio done = person({took("B1-K1", "2023-01-01"), took("KD-med", "2023-02-01")});
  const advice complete = rules->advise(done, "helpende", day("2024-01-01"));
  CHECK(complete.status == diploma_status::complete);
  REQUIRE(complete.plans.size() == 1);
  CHECK(complete.plans[0].hours == 0);
  CHECK(complete.plans[0].units.empty());
  CHECK(complete.proven);

  // KD-old's window has closed: nothing completes `closed`.
  const advice closed = rules->advise(person({}), "closed", day("2024-01-01"));
  CHECK(closed.plans.empty());
  CHECK(closed.proven);
  CHECK(closed.blocking == std::vector<std::string>{"unit:KD-old"});

  const advice guarded =
      rules->advise(person({}, {{"role", std::string("b")}}), "guarded", day("2024-01-01"));
  CHECK(guarded.plans.empty());
  CHECK(guarded.blocking == std::vector<std::string>{"guard: person.role == \"a\""});

  CHECK_THROWS_AS((void)rules->advise(person({}), "helpend", day("2024-01-01")), input_error);

  const advice one = rules->advise(person({}), "helpende", day("2024-01-01"), {.top = 1});
  REQUIRE(one.plans.size() == 1);
  CHECK(one.plans[0].hours == 480);  // B1-K1 with the stack
}

TEST_CASE("SPEC 12 advice: a unit without declared hours is never taken, though a plan may credit it") {
  const auto rules = civeff::testing::rules(R"(civeff: 1
ruleset: hours
version: "1"
units:
  - {id: B1-K1, kind: kerntaak}
  - {id: LE-1, kind: leereenheid, hours: 300}
  - {id: LE-2, kind: leereenheid, hours: 0}
  - {id: KD-big, kind: keuzedeel, hours: 900}
equivalences:
  - {id: stack, from: [LE-1, LE-2], counts_as: [B1-K1]}
diplomas:
  - id: D
    requires: {any_of: [{unit: B1-K1}, {unit: KD-big}]}
)");
  const advice a = rules->advise(person({}), "D", day("2024-01-01"));
  REQUIRE(a.plans.size() == 2);
  CHECK(ids_of(a.plans[0]) == std::vector<std::string>{"LE-1", "LE-2"});
  CHECK(a.plans[0].hours == 300);
  CHECK(a.plans[0].units[1].credits == std::vector<std::string>{"B1-K1", "LE-2"});
  CHECK(ids_of(a.plans[1]) == std::vector<std::string>{"KD-big"});
  CHECK(a.candidates == 3);
}

TEST_CASE("SPEC 12 advice: the budget of steps stops the search, proven false") {
  const auto rules = civeff::testing::rules(stack_rules);
  const advice a = rules->advise(person({}), "helpende", day("2024-01-01"), {.top = 3, .max_steps = 5});
  CHECK_FALSE(a.proven);
  CHECK(a.steps >= 5);
}

// ---------------------------------------------------------------- against brute force

namespace {

struct random_case {
  std::string yaml;
  portfolio person;
  int units = 0;
};

std::string unit_name(int k) { return "U" + std::to_string(k); }

std::string leaf(dice& r, int units, bool& non_monotone) {
  const std::string u = unit_name(r.between(0, units - 1));
  switch (r.between(0, 11)) {
    case 0: return "{hours: {min: " + std::to_string(10 * r.between(1, 6)) + ", of: {kind: k0}}}";
    case 1: return "{count: {min: " + std::to_string(r.between(1, 3)) + ", of: {tags: [t0]}}}";
    case 2: return "{count: {min: 1, of: {kind: k1, where: 'hours >= 20'}}}";
    case 3: return "{sum: {attr: hours, min: " + std::to_string(10 * r.between(1, 5)) + ", of: {kind: k1}}}";
    case 4:
      return "{check: 'credited(\"" + u +
             "\") or hours_of(kind = \"k1\") >= " + std::to_string(10 * r.between(1, 4)) + "'}";
    case 5:
      if (r.chance(50)) {
        non_monotone = true;
        return "{check: 'not credited(\"" + u + "\")'}";
      }
      non_monotone = true;
      return "{avg: {attr: hours, min: 20, of: {kind: k0}}}";
    default: return "{unit: " + u + "}";
  }
}

std::string requirement(dice& r, int units, int depth, bool& non_monotone) {
  std::string node;
  if (depth >= 2 || r.chance(30)) {
    node = leaf(r, units, non_monotone);
  } else {
    const int n = r.between(1, 3);
    std::vector<std::string> children;
    for (int k = 0; k < n; ++k) children.push_back(requirement(r, units, depth + 1, non_monotone));
    std::string list = "[";
    for (std::size_t k = 0; k < children.size(); ++k) list += (k ? ", " : "") + children[k];
    list += "]";
    switch (r.between(0, 2)) {
      case 0: node = "{all_of: " + list + "}"; break;
      case 1: node = "{any_of: " + list + "}"; break;
      default: node = "{n_of: {n: " + std::to_string(r.between(1, n)) + ", of: " + list + "}}";
    }
  }
  if (depth > 0 && r.chance(10)) node.insert(node.size() - 1, ", when: 'person.role == \"a\"'");
  return node;
}

random_case make_case(std::uint32_t seed, bool& non_monotone) {
  dice r(seed);
  random_case c;
  c.units = r.between(3, 12);
  std::ostringstream y;
  y << "civeff: 1\nruleset: random\nversion: \"" << seed << "\"\nunits:\n";
  for (int k = 0; k < c.units; ++k) {
    y << "  - {id: " << unit_name(k) << ", kind: " << (r.chance(50) ? "k0" : "k1")
      << ", hours: " << 10 * r.between(0, 6);
    if (r.chance(30)) y << ", tags: [t0]";
    if (r.chance(10)) y << ", effective: {to: 2023-12-31}";
    if (r.chance(10)) y << ", valid_for: P1Y";
    if (r.chance(20)) y << ", credit_when: 'attrs.ok == true'";
    y << "}\n";
  }
  const int equivalences = r.between(0, 4);
  if (equivalences > 0) y << "equivalences:\n";
  for (int e = 0; e < equivalences; ++e) {
    const int a = r.between(0, c.units - 1), b = r.between(0, c.units - 1), t = r.between(0, c.units - 1);
    if (a == b || a == t || b == t) continue;
    y << "  - {id: E" << e << ", ";
    if (r.chance(35)) y << "equivalent: [" << unit_name(a) << ", " << unit_name(b) << "]";
    else if (r.chance(50))
      y << "from: [" << unit_name(a) << ", " << unit_name(b) << "], counts_as: [" << unit_name(t) << "]";
    else y << "from: [" << unit_name(a) << "], counts_as: [" << unit_name(t) << "]";
    if (r.chance(20)) y << ", when: 'hours >= 30'";
    if (r.chance(10)) y << ", effective: {from: 2025-01-01}";
    y << "}\n";
  }
  y << "diplomas:\n  - id: D\n    requires: " << requirement(r, c.units, 0, non_monotone) << "\n";
  c.yaml = y.str();
  c.person.person = "p-" + std::to_string(seed);
  if (r.chance(30)) c.person.attrs["role"] = std::string(r.chance(50) ? "a" : "b");
  const int taken = r.between(0, 3);
  for (int k = 0; k < taken; ++k) {
    achievement a;
    a.unit = unit_name(r.between(0, c.units - 1));
    a.when = date::from_ymd(r.between(2021, 2024), r.between(1, 5), r.between(1, 28));
    if (r.chance(50)) a.attrs["ok"] = r.chance(60);
    c.person.achievements.push_back(std::move(a));
  }
  return c;
}

struct brute_plan {
  double hours = 0;
  std::vector<std::string> ids;  // byte order
};

// Every subset of the eligible units, evaluated with the public evaluate(): the
// minimal plans in SPEC §12's order. (Every random unit declares `hours`.)
std::vector<brute_plan> brute_force(const ruleset& rules, const portfolio& p, date as_of) {
  const result now = rules.evaluate(p, as_of);
  std::vector<const unit_entry*> eligible;
  for (const unit_entry& u : rules.units()) {
    if (now.credited.count(u.id)) continue;
    if ((u.effective_from && as_of < *u.effective_from) || (u.effective_to && as_of > *u.effective_to))
      continue;
    eligible.push_back(&u);
  }
  const std::size_t n = eligible.size();
  std::vector<std::uint8_t> complete(std::size_t{1} << n, 0);
  for (std::size_t mask = 0; mask < complete.size(); ++mask) {
    portfolio q = p;
    for (std::size_t k = 0; k < n; ++k) {
      if (!((mask >> k) & 1U)) continue;
      achievement a;
      a.unit = eligible[k]->id;
      a.when = as_of;
      a.exempt = true;
      q.achievements.push_back(std::move(a));
    }
    complete[mask] = rules.evaluate(q, as_of).diplomas.at("D").status == diploma_status::complete ? 1 : 0;
  }
  std::vector<brute_plan> plans;
  for (std::size_t mask = 0; mask < complete.size(); ++mask) {
    if (!complete[mask]) continue;
    bool minimal = true;
    for (std::size_t k = 0; k < n && minimal; ++k)
      if (((mask >> k) & 1U) && complete[mask & ~(std::size_t{1} << k)]) minimal = false;
    if (!minimal) continue;
    brute_plan plan;
    for (std::size_t k = 0; k < n; ++k) {
      if (!((mask >> k) & 1U)) continue;
      plan.hours += eligible[k]->hours;
      plan.ids.push_back(eligible[k]->id);
    }
    std::sort(plan.ids.begin(), plan.ids.end());
    plans.push_back(std::move(plan));
  }
  std::sort(plans.begin(), plans.end(), [](const brute_plan& a, const brute_plan& b) {
    if (a.hours != b.hours) return a.hours < b.hours;
    if (a.ids.size() != b.ids.size()) return a.ids.size() < b.ids.size();
    return a.ids < b.ids;
  });
  return plans;
}

}  // namespace

namespace {

struct tally {
  std::size_t with_plans = 0, without = 0, complete = 0, non_monotone = 0;
};

// One random case: advise's first three plans equal brute force's, in order.
void check_against_brute_force(std::uint32_t seed, tally& seen) {
  const date as_of = day("2024-06-01");
  bool non_monotone = false;
  const random_case c = make_case(seed, non_monotone);
  seen.non_monotone += non_monotone ? 1 : 0;
  CAPTURE(seed);
  CAPTURE(c.yaml);
  const auto rules = civeff::testing::rules(c.yaml);
  const std::vector<brute_plan> expected = brute_force(*rules, c.person, as_of);
  const advice got = rules->advise(c.person, "D", as_of);
  CHECK(got.proven);
  if (got.status == diploma_status::complete) {
    ++seen.complete;
    REQUIRE(got.plans.size() == 1);
    CHECK(got.plans[0].units.empty());
    return;
  }
  const std::size_t k = std::min<std::size_t>(3, expected.size());
  std::string both = "expected:";
  for (std::size_t i = 0; i < k; ++i) {
    both += " [" + std::to_string(expected[i].hours);
    for (const auto& id : expected[i].ids) both += " " + id;
    both += "]";
  }
  both += "; got:";
  for (const auto& plan : got.plans) {
    both += " [" + std::to_string(plan.hours);
    for (const auto& id : ids_of(plan)) both += " " + id;
    both += "]";
  }
  CAPTURE(both);
  CAPTURE(got.candidates);
  REQUIRE(got.plans.size() == k);
  for (std::size_t i = 0; i < k; ++i) {
    CAPTURE(i);
    CHECK(got.plans[i].hours == expected[i].hours);
    CHECK(ids_of(got.plans[i]) == expected[i].ids);
  }
  if (k == 0) {
    ++seen.without;
    CHECK_FALSE(got.blocking.empty());
  } else {
    ++seen.with_plans;
    CHECK(got.blocking.empty());
  }
}

}  // namespace

TEST_CASE("SPEC 12 advice: the first three plans equal brute force over all subsets") {
  std::size_t cases = 300;  // the issue asks for at least 300; CIVEFF_ADVICE_CASES changes it
  if (const char* wanted = std::getenv("CIVEFF_ADVICE_CASES")) cases = std::strtoul(wanted, nullptr, 10);
  tally seen;
  for (std::uint32_t seed = 1; seed <= cases; ++seed) check_against_brute_force(seed, seen);
  MESSAGE(cases << " cases: " << seen.with_plans << " with plans, " << seen.without << " without, "
                << seen.complete << " complete already, " << seen.non_monotone
                << " with a non-monotone leaf");
}

// FIXED, found by the brute-force comparison: 465, a trial's workspace whose
// text values (person.role) viewed a portfolio destroyed after loading;
// 1674, an equivalence closure that stopped at a unit credited now although
// a fresh credit of it credits a target whose valid_for lapsed the old one.
TEST_CASE("SPEC 12 advice: the seeds that found bugs") {
  tally seen;
  for (const std::uint32_t seed : {465U, 1674U}) check_against_brute_force(seed, seen);
}
