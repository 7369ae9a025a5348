// SPDX-License-Identifier: Apache-2.0
// Explanations (SPEC §12): the same evaluation as evaluate(), with its reasons.

#include <doctest/doctest.h>

#include <filesystem>
#include <functional>

#include "ir/program.hpp"
#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

// Every node of a requirement tree, depth first.
void each_node(const requirement_explanation& r,
               const std::function<void(const requirement_explanation&)>& f) {
  f(r);
  for (const auto& c : r.children) each_node(c, f);
}

// The explanation agrees with evaluate() on everything they share, and its
// reasons are consistent with the rules.
void check_agrees(const ruleset& rules, const portfolio& p, date as_of) {
  const result r = rules.evaluate(p, as_of);
  const explanation e = rules.explain(p, as_of);
  CAPTURE(p.person);
  REQUIRE(e.achievements.size() == r.achievements.size());
  for (std::size_t i = 0; i < r.achievements.size(); ++i) {
    const auto& a = r.achievements[i];
    const auto& x = e.achievements[i];
    CHECK(x.counted == a.counted);
    CHECK(x.known == a.known);
    REQUIRE(x.levels.size() == a.levels.size());
    for (std::size_t s = 0; s < a.levels.size(); ++s) {
      CHECK(x.levels[s].scale == a.levels[s].first);
      CHECK(x.levels[s].level == a.levels[s].second);
      if (x.levels[s].decided_by == level_explanation::source::mark) {
        // The deciding mark is on the achievement, written or implied.
        const auto& written = p.achievements[i].marks;
        const bool on = std::find(written.begin(), written.end(), x.levels[s].mark) != written.end();
        const auto all = rules.mark_ids();
        CHECK((on || std::find(all.begin(), all.end(), x.levels[s].mark) != all.end()));
      }
    }
  }
  REQUIRE(e.credited.size() == r.credited.size());
  for (const auto& [unit, c] : r.credited) {
    REQUIRE(e.credited.count(unit) == 1);
    const derivation& d = e.credited.at(unit);
    CHECK(d.when == c.when);
    CHECK(d.via == c.via);
    CHECK(e.not_credited.count(unit) == 0);
    if (d.via == "achievement" || d.via == "exemption") CHECK(d.achievement.has_value());
    else CHECK_FALSE(d.sources.empty());
  }
  for (const auto& [unit, reasons] : e.not_credited) {
    CHECK(r.credited.count(unit) == 0);
    CHECK_FALSE(reasons.empty());
  }
  REQUIRE(e.diplomas.size() == r.diplomas.size());
  for (const auto& [id, d] : r.diplomas) {
    const diploma_explanation& x = e.diplomas.at(id);
    CAPTURE(id);
    CHECK(x.status == d.status);
    CHECK(x.progress == d.progress);
    CHECK(x.missing == d.missing);
    if (!x.requires_) continue;
    CHECK(x.requires_->progress == d.progress);
    each_node(*x.requires_, [](const requirement_explanation& n) {
      if (n.left_out) return;
      if (n.form == "hours" || n.form == "count" || n.form == "sum" || n.form == "avg") {
        CHECK(n.min.has_value());
        if (n.value) CHECK(n.holds == (*n.value >= *n.min));
      }
      if (n.form == "n_of") {
        REQUIRE(n.n.has_value());
        CHECK(n.holds == (*n.n_holding >= *n.n));
      }
      if (n.form == "all_of") {
        bool all = true;
        for (const auto& c : n.children) all = all && (c.left_out || c.holds);
        CHECK(n.holds == all);
      }
    });
  }
}

}  // namespace

TEST_CASE("SPEC 12: explain agrees with evaluate on every test of rules/nl-zorg and on the personas") {
  const auto rules = load(std::filesystem::path(CIVEFF_SOURCE_DIR) / "rules" / "nl-zorg");
  std::size_t checked = 0;
  for (const auto& t : rules->program().tests) {
    check_agrees(*rules, t.input, t.as_of);
    ++checked;
  }
  CHECK(checked == rules->test_count());
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(CIVEFF_SOURCE_DIR) /
                                                               "examples" / "portfolios")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || name.find(".result.") != std::string::npos ||
        name.find(".advice.") != std::string::npos || name.find(".whatif.") != std::string::npos)
      continue;
    const portfolio p = read_portfolio(entry.path(), *rules);
    check_agrees(*rules, p, day("2026-11-01"));
    check_agrees(*rules, p, day("2024-01-01"));
    ++checked;
  }
  CHECK(checked > rules->test_count());
}

TEST_CASE("SPEC 12: a level names its deciding mark and case, the first on a tie, and lapsed marks") {
  const auto rules = testing::rules(R"(civeff: 1
ruleset: t
version: "1"
scales:
  s: {levels: [low, mid, high]}
  n: {levels: ["1", "2"], default: null}
marks:
  - {id: a, levels: {s: [{when: attrs.x > 10, level: high}, {level: mid}]}}
  - {id: b, levels: {s: mid}}
  - {id: c, implies: [b], valid_for: P1Y, levels: {s: high}}
units:
  - {id: U, kind: k, level: {s: mid, n: "2"}}
)");
  // b written before a: both give mid (a through its second case); b is named.
  const explanation e = rules->explain(person({took("U", "2023-01-01").marks({"b", "a"}),
                                               took("", "2023-01-01").marks({"c"}), took("U", "2025-06-01")}),
                                       day("2024-06-01"));
  const level_explanation& first = e.achievements[0].levels[0];
  CHECK(first.level == "mid");
  CHECK(first.decided_by == level_explanation::source::mark);
  CHECK(first.mark == "b");
  CHECK_FALSE(first.case_index.has_value());  // a bare level
  const level_explanation& own = e.achievements[0].levels[1];
  CHECK(own.level == "2");
  CHECK(own.decided_by == level_explanation::source::unit);
  // c has lapsed (P1Y from 2023-01-01): its implied b decides; c is listed as lapsed.
  const level_explanation& lapsed = e.achievements[1].levels[0];
  CHECK(lapsed.level == "mid");
  CHECK(lapsed.mark == "b");
  REQUIRE(lapsed.lapsed.size() == 1);
  CHECK(lapsed.lapsed[0].mark == "c");
  CHECK(lapsed.lapsed[0].on == day("2024-01-01"));
  CHECK(lapsed.lapsed[0].level == "high");
  CHECK(e.achievements[1].levels[1].decided_by == level_explanation::source::scale_default);
  CHECK_FALSE(e.achievements[1].levels[1].level.has_value());
  CHECK_FALSE(e.achievements[2].counted);
  CHECK(e.achievements[2].not_counted == "dated after as_of");
  const explanation high =
      rules->explain(person({took("U", "2023-01-01").marks({"a"}).attr("x", 11.0)}), day("2024-01-01"));
  CHECK(high.achievements[0].levels[0].mark == "a");
  CHECK(high.achievements[0].levels[0].case_index == std::size_t{0});
}

TEST_CASE("SPEC 12: a credit's derivation tree, and why units are not credited") {
  const auto rules = testing::rules(R"(civeff: 1
ruleset: t
version: "1"
units:
  - {id: A, kind: k, hours: 10, credit_when: attrs.exam == true}
  - {id: B, kind: k, hours: 10}
  - {id: C, kind: k}
  - {id: D, kind: k, effective: {to: 2020-12-31}}
  - {id: E, kind: k, valid_for: P1Y}
  - {id: F, kind: k}
  - {id: G, kind: k}
  - {id: H, kind: k}
  - {id: X, kind: k}
equivalences:
  - {id: ab, equivalent: [A, B]}
  - {id: to-c, from: [A, B], counts_as: [C]}
  - {id: late, from: [B], counts_as: [F], effective: {from: 2030-01-01}}
  - {id: picky, from: [B], counts_as: [G], when: hours > 100}
  - {id: needs-x, from: [B, X], counts_as: [H]}
diplomas:
  - id: d
    requires:
      all_of: [{unit: C}, {unit: D}, {unit: E}, {unit: F}, {unit: G}, {unit: H}, {unit: X}, {unit: A}]
)");
  const explanation e =
      rules->explain(person({took("B", "2023-01-01"), took("D", "2023-01-01"), took("E", "2021-01-01"),
                             took("A", "2023-02-01").attr("exam", false)}),
                     day("2024-01-01"));
  // C from A and B; A itself through the symmetric ab from B's achievement.
  const derivation& c = e.credited.at("C");
  CHECK(c.via == "to-c");
  REQUIRE(c.sources.size() == 2);
  CHECK(c.sources[0].unit == "A");
  CHECK(c.sources[0].via == "ab");
  REQUIRE(c.sources[0].sources.size() == 1);
  CHECK(c.sources[0].sources[0].unit == "B");
  CHECK(c.sources[0].sources[0].via == "achievement");
  CHECK(c.sources[0].sources[0].achievement == std::size_t{0});
  CHECK(c.sources[1].unit == "B");
  const auto reason = [&](const std::string& unit, std::size_t k) { return e.not_credited.at(unit).at(k); };
  CHECK(reason("D", 0).reason == "effective");
  CHECK(reason("D", 0).achievement == std::size_t{1});
  CHECK(reason("E", 0).reason == "lapsed");
  CHECK(reason("E", 0).on == day("2022-01-01"));
  CHECK(reason("F", 0).reason == "no_achievement");
  CHECK(reason("F", 1).reason == "equivalence_window");
  CHECK(reason("F", 1).equivalence == "late");
  CHECK(reason("G", 1).reason == "equivalence_when");
  CHECK(reason("H", 1).reason == "equivalence_sources");
  CHECK(reason("H", 1).missing_sources == std::vector<std::string>{"X"});
  CHECK(reason("X", 0).reason == "no_achievement");
  CHECK(e.credited.count("A") == 1);  // through ab, although its own achievement's credit_when is false
}

TEST_CASE("SPEC 12: requirement nodes carry values against thresholds, n of n_of and guards") {
  const auto rules = testing::rules(R"(civeff: 1
ruleset: t
version: "1"
units:
  - {id: A, kind: kd, hours: 240}
  - {id: B, kind: kd, hours: 240}
  - {id: C, kind: kd, hours: 240}
diplomas:
  - id: d
    requires:
      all_of:
        - {id: uren, hours: {min: 720, of: {kind: kd}}}
        - n_of: {n: 2, of: [{unit: A}, {unit: B}, {unit: C}]}
        - {id: nurses, when: person.role == "nurse", unit: C}
        - {sum: {attr: points, min: 10, of: {kind: kd}}}
)");
  const explanation e =
      rules->explain(person({took("A", "2023-01-01").attr("points", 4.0), took("B", "2023-01-01")},
                            {{"role", std::string("carer")}}),
                     day("2024-01-01"));
  const requirement_explanation& root = *e.diplomas.at("d").requires_;
  CHECK(root.form == "all_of");
  CHECK_FALSE(root.id.has_value());
  REQUIRE(root.children.size() == 4);
  const auto& hours = root.children[0];
  CHECK(hours.id == "uren");
  CHECK(hours.value == 480.0);
  CHECK(hours.min == 720.0);
  CHECK_FALSE(hours.holds);
  CHECK(hours.progress == 0.6667);
  const auto& n_of = root.children[1];
  CHECK(n_of.n == std::size_t{2});
  CHECK(n_of.n_holding == std::size_t{2});
  CHECK(n_of.holds);
  CHECK(n_of.children[2].id == "unit:C");
  CHECK(n_of.children[2].unit == "C");
  const auto& guarded = root.children[2];
  CHECK(guarded.left_out);
  CHECK(guarded.guard == "person.role == \"nurse\"");
  CHECK(root.children[3].id == "sum:points:10");
  CHECK(root.children[3].value == 4.0);
  const std::string json = to_json(e);
  CHECK(json.find("\"value\": 480") != std::string::npos);
  CHECK(json.find("\"left_out\": true") != std::string::npos);
  const std::string text = to_text(e);
  CHECK(text.find("✗ uren (hours)  480 of 720") != std::string::npos);
  CHECK(text.find("✓ n_of  2 of 3 hold, 2 needed") != std::string::npos);
  CHECK(text.find("– nurses  left out: `person.role == \"nurse\"` is false") != std::string::npos);
}
