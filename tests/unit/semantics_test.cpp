// SPDX-License-Identifier: Apache-2.0
// One test case per rule of SPEC §5 (and the §9/§10 details that refine it),
// each with expectations computed by hand from the spec's text.

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const char* const header = R"(civeff: 1
ruleset: t
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
  nlqf: {levels: ["1", "2", "3", "4"], default: null}
)";

std::optional<std::string> level_of(const result& r, std::size_t i, const std::string& scale) {
  for (const auto& [s, l] : r.achievements.at(i).levels)
    if (s == scale) return l;
  FAIL("no scale " << scale);
  return std::nullopt;
}

bool credited(const result& r, const std::string& unit) { return r.credited.count(unit) > 0; }

}  // namespace

TEST_CASE("SPEC 5: achievements after as_of are not counted and keep their place") {
  auto rs = rules(std::string(header) + R"(
marks: [{id: m, levels: {civil_effect: sector}}]
units: [{id: A, kind: course}]
)");
  auto r = rs->evaluate(person({took("A", "2024-02-01").marks({"m"}), took("A", "2023-01-01")}), day("2024-01-01"));
  REQUIRE(r.achievements.size() == 2);
  CHECK_FALSE(r.achievements[0].counted);
  CHECK(r.achievements[0].levels.empty());
  CHECK(r.achievements[1].counted);
  CHECK(r.credited.at("A").when == day("2023-01-01"));  // the later one credits nothing
  auto only_future = rs->evaluate(person({took("A", "2024-02-01")}), day("2024-01-01"));
  CHECK_FALSE(credited(only_future, "A"));
}

TEST_CASE("SPEC 5.1: the first matching case of a mark wins") {
  auto rs = rules(std::string(header) + R"(
marks:
  - id: vv
    levels:
      civil_effect:
        - {when: attrs.points >= 4, level: internal}
        - {when: attrs.points >= 2, level: national}
        - level: none
)");
  const date as_of = day("2024-01-01");
  CHECK(level_of(rs->evaluate(person({took("", "2023-01-01").marks({"vv"}).attr("points", 5.0)}), as_of), 0,
                 "civil_effect") == "internal");
  CHECK(level_of(rs->evaluate(person({took("", "2023-01-01").marks({"vv"}).attr("points", 3.0)}), as_of), 0,
                 "civil_effect") == "national");
  CHECK(level_of(rs->evaluate(person({took("", "2023-01-01").marks({"vv"})}), as_of), 0, "civil_effect") == "none");
}

TEST_CASE("SPEC 5.1: a mark with no matching case gives nothing on that scale") {
  auto rs = rules(std::string(header) + R"(
marks:
  - id: exam
    levels: {nlqf: [{when: attrs.exam == true, level: "3"}]}
)");
  auto r = rs->evaluate(person({took("", "2023-01-01").marks({"exam"})}), day("2024-01-01"));
  CHECK(level_of(r, 0, "nlqf") == std::nullopt);           // default null
  CHECK(level_of(r, 0, "civil_effect") == "none");         // default: first level
}

TEST_CASE("SPEC 5.1: the highest level over all marks and the unit's intrinsic level") {
  auto rs = rules(std::string(header) + R"(
marks:
  - {id: low, levels: {civil_effect: internal, nlqf: "4"}}
  - {id: high, levels: {civil_effect: sector}}
units:
  - {id: A, kind: course, level: {nlqf: "2", civil_effect: national}}
  - {id: B, kind: course, level: {nlqf: "2"}}
)");
  const date as_of = day("2024-01-01");
  auto r = rs->evaluate(person({took("B", "2023-01-01").marks({"low", "high"}), took("A", "2023-01-01").marks({"low"})}),
                        as_of);
  CHECK(level_of(r, 0, "civil_effect") == "sector");
  CHECK(level_of(r, 0, "nlqf") == "4");
  CHECK(level_of(r, 1, "civil_effect") == "national");  // the unit's own level beats the mark's
}

TEST_CASE("SPEC 5.1 + 10: a mark gives its level only while as_of < date + valid_for") {
  auto rs = rules(std::string(header) + R"(
marks: [{id: nlqf6, valid_for: P6Y, levels: {nlqf: "4"}}]
)");
  auto p = person({took("", "2018-03-01").marks({"nlqf6"})});
  CHECK(level_of(rs->evaluate(p, day("2024-02-29")), 0, "nlqf") == "4");
  CHECK(level_of(rs->evaluate(p, day("2024-03-01")), 0, "nlqf") == std::nullopt);  // lapsed exactly at date + P6Y
}

TEST_CASE("SPEC 10: a unit's intrinsic level applies whether or not the achievement credits it") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: course, level: {nlqf: "3"}, credit_when: attrs.exam == true}]
)");
  auto r = rs->evaluate(person({took("A", "2023-01-01")}), day("2024-01-01"));
  CHECK_FALSE(credited(r, "A"));
  CHECK(level_of(r, 0, "nlqf") == "3");
}

TEST_CASE("SPEC 3: an unknown unit is kept, known false, levels from marks only, credits nothing") {
  auto rs = rules(std::string(header) + R"(
marks: [{id: m, levels: {civil_effect: sector}}]
units: [{id: A, kind: course}]
)");
  auto r = rs->evaluate(person({took("NOPE", "2023-01-01").marks({"m"})}), day("2024-01-01"));
  CHECK_FALSE(r.achievements[0].known);
  CHECK(r.achievements[0].unit == "NOPE");
  CHECK(level_of(r, 0, "civil_effect") == "sector");
  CHECK(r.credited.empty());
}

TEST_CASE("SPEC 3: a mark id that is not in the ruleset is an input error") {
  auto rs = rules(std::string(header) + "marks: [{id: m, levels: {civil_effect: sector}}]\n");
  CHECK_THROWS_AS((void)rs->evaluate(person({took("", "2023-01-01").marks({"zzz"})}), day("2024-01-01")), input_error);
}

TEST_CASE("SPEC 5.2 + 10: direct credit needs the date inside effective, both ends inclusive") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: course, effective: {from: 2020-01-01, to: 2020-12-31}}]
)");
  const date as_of = day("2024-01-01");
  CHECK(credited(rs->evaluate(person({took("A", "2020-01-01")}), as_of), "A"));
  CHECK(credited(rs->evaluate(person({took("A", "2020-12-31")}), as_of), "A"));
  CHECK_FALSE(credited(rs->evaluate(person({took("A", "2019-12-31")}), as_of), "A"));
  CHECK_FALSE(credited(rs->evaluate(person({took("A", "2021-01-01")}), as_of), "A"));
}

TEST_CASE("SPEC 5.2: credit_when must hold for a direct credit") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: course, credit_when: attrs.exam == true and hours >= 10}]
)");
  const date as_of = day("2024-01-01");
  CHECK(credited(rs->evaluate(person({took("A", "2023-01-01").attr("exam", true).hours(12)}), as_of), "A"));
  CHECK_FALSE(credited(rs->evaluate(person({took("A", "2023-01-01").attr("exam", true).hours(8)}), as_of), "A"));
  CHECK_FALSE(credited(rs->evaluate(person({took("A", "2023-01-01").hours(12)}), as_of), "A"));
}

TEST_CASE("SPEC 10: level() in credit_when reads the achievement's levels, a null level compares false") {
  auto rs = rules(std::string(header) + R"(
marks: [{id: m, levels: {civil_effect: sector}}, {id: n, levels: {nlqf: "2"}}]
units:
  - {id: A, kind: course, credit_when: 'level("civil_effect") >= "sector"'}
  - {id: B, kind: course, credit_when: 'level("nlqf") < "4" or level("nlqf") >= "4"'}
)");
  const date as_of = day("2024-01-01");
  CHECK(credited(rs->evaluate(person({took("A", "2023-01-01").marks({"m"})}), as_of), "A"));
  CHECK_FALSE(credited(rs->evaluate(person({took("A", "2023-01-01")}), as_of), "A"));
  CHECK(credited(rs->evaluate(person({took("B", "2023-01-01").marks({"n"})}), as_of), "B"));
  CHECK_FALSE(credited(rs->evaluate(person({took("B", "2023-01-01")}), as_of), "B"));  // null: both false
}

TEST_CASE("SPEC 5.3: a symmetric group credits every member from any member") {
  auto rs = rules(std::string(header) + R"(
units: [{id: LE, kind: leereenheid}, {id: KD, kind: keuzedeel}, {id: X, kind: course}]
equivalences: [{id: eq, equivalent: [LE, KD, X]}]
)");
  auto r = rs->evaluate(person({took("KD", "2022-05-01")}), day("2024-01-01"));
  CHECK(r.credited.at("LE").via == "eq");
  CHECK(r.credited.at("X").via == "eq");
  CHECK(r.credited.at("KD").via == "achievement");
  CHECK(r.credited.at("LE").when == day("2022-05-01"));
}

TEST_CASE("SPEC 5.3: a directed stack needs all sources and applies at the latest of their dates") {
  auto rs = rules(std::string(header) + R"(
units: [{id: W1, kind: leereenheid}, {id: W2, kind: leereenheid}, {id: KD, kind: keuzedeel}]
equivalences: [{id: stack, from: [W1, W2], counts_as: [KD]}]
)");
  const date as_of = day("2024-01-01");
  CHECK_FALSE(credited(rs->evaluate(person({took("W1", "2022-01-01")}), as_of), "KD"));
  auto r = rs->evaluate(person({took("W2", "2023-03-01"), took("W1", "2022-01-01")}), as_of);
  CHECK(r.credited.at("KD").when == day("2023-03-01"));
  CHECK(r.credited.at("KD").via == "stack");
  // Directed: the target does not credit its sources.
  CHECK_FALSE(credited(rs->evaluate(person({took("KD", "2022-01-01")}), as_of), "W1"));
}

TEST_CASE("SPEC 5.3: an equivalence applies only when the date it applies at lies in its window") {
  auto rs = rules(std::string(header) + R"(
units: [{id: W1, kind: leereenheid}, {id: W2, kind: leereenheid}, {id: KD, kind: keuzedeel}]
equivalences: [{id: stack, from: [W1, W2], counts_as: [KD], effective: {from: 2023-01-01}}]
)");
  const date as_of = day("2024-01-01");
  // W1 before the window is fine: the rule applies at the latest date, 2023-02-01.
  CHECK(credited(rs->evaluate(person({took("W1", "2021-01-01"), took("W2", "2023-02-01")}), as_of), "KD"));
  CHECK_FALSE(credited(rs->evaluate(person({took("W1", "2021-01-01"), took("W2", "2022-12-31")}), as_of), "KD"));
}

TEST_CASE("SPEC 5.3: a later repeat inside the window counts even when an earlier one falls outside") {
  auto rs = rules(std::string(header) + R"(
units: [{id: LE, kind: leereenheid}, {id: KD, kind: keuzedeel}]
equivalences: [{id: eq, equivalent: [LE, KD], effective: {from: 2020-01-01, to: 2021-12-31}}]
)");
  auto r = rs->evaluate(person({took("LE", "2019-06-01"), took("LE", "2021-06-01"), took("LE", "2023-06-01")}),
                        day("2024-01-01"));
  REQUIRE(credited(r, "KD"));
  CHECK(r.credited.at("KD").when == day("2021-06-01"));  // the latest date some derivation gives
  CHECK(r.credited.at("LE").when == day("2023-06-01"));
}

TEST_CASE("SPEC 5.3 + 4: an equivalence's when reads date, hours and as_of") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: course, hours: 100}, {id: B, kind: course, hours: 40}, {id: C, kind: keuzedeel}]
equivalences:
  - {id: big, from: [A, B], counts_as: [C], when: hours >= 140 and date >= 2022-01-01}
)");
  const date as_of = day("2024-01-01");
  CHECK(credited(rs->evaluate(person({took("A", "2021-01-01"), took("B", "2022-01-01")}), as_of), "C"));
  CHECK_FALSE(credited(rs->evaluate(person({took("A", "2021-01-01"), took("B", "2021-12-31")}), as_of), "C"));
}

TEST_CASE("SPEC 10: in a symmetric group `hours` is the hours of the one member used") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: course, hours: 240}, {id: B, kind: course, hours: 80}]
equivalences: [{id: eq, equivalent: [A, B], when: hours >= 200}]
)");
  const date as_of = day("2024-01-01");
  CHECK(credited(rs->evaluate(person({took("A", "2023-01-01")}), as_of), "B"));
  CHECK_FALSE(credited(rs->evaluate(person({took("B", "2023-01-01")}), as_of), "A"));
}

TEST_CASE("SPEC 5.3: derivations chain and cycles terminate") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c}, {id: B, kind: c}, {id: C, kind: c}, {id: D, kind: c}]
equivalences:
  - {id: ab, from: [A], counts_as: [B]}
  - {id: bc, from: [B], counts_as: [C]}
  - {id: ca, from: [C], counts_as: [A]}
  - {id: cd, from: [C], counts_as: [D]}
)");
  auto r = rs->evaluate(person({took("B", "2023-01-01")}), day("2024-01-01"));
  CHECK(r.credited.at("C").via == "bc");
  CHECK(r.credited.at("A").via == "ca");
  CHECK(r.credited.at("D").via == "cd");
}

TEST_CASE("SPEC 5.3: on equal dates via is the achievement, then equivalences in declaration order") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c}, {id: B, kind: c}, {id: T, kind: c}]
equivalences:
  - {id: second-by-name-first-declared, from: [B], counts_as: [T]}
  - {id: a-first-by-name, from: [A], counts_as: [T]}
)");
  const date as_of = day("2024-01-01");
  auto r = rs->evaluate(person({took("A", "2023-01-01"), took("B", "2023-01-01")}), as_of);
  CHECK(r.credited.at("T").via == "second-by-name-first-declared");
  auto direct = rs->evaluate(person({took("A", "2023-01-01"), took("T", "2023-01-01")}), as_of);
  CHECK(direct.credited.at("T").via == "achievement");
  auto later = rs->evaluate(person({took("T", "2022-01-01"), took("A", "2023-01-01")}), as_of);
  CHECK(later.credited.at("T").via == "a-first-by-name");  // the latest date decides
  CHECK(later.credited.at("T").when == day("2023-01-01"));
}

TEST_CASE("SPEC 5.4: a credit counts only while as_of < date + valid_for") {
  auto rs = rules(std::string(header) + R"(
units: [{id: BLS, kind: course, valid_for: P2Y}]
)");
  auto p = person({took("BLS", "2022-03-15")});
  CHECK(credited(rs->evaluate(p, day("2024-03-14")), "BLS"));
  CHECK_FALSE(credited(rs->evaluate(p, day("2024-03-15")), "BLS"));
}

TEST_CASE("SPEC 5.4: a lapsed credit derives nothing, but a live repeat does") {
  auto rs = rules(std::string(header) + R"(
units: [{id: BLS, kind: course, valid_for: P1Y}, {id: KD, kind: keuzedeel}]
equivalences: [{id: eq, from: [BLS], counts_as: [KD]}]
)");
  const date as_of = day("2024-01-01");
  CHECK_FALSE(credited(rs->evaluate(person({took("BLS", "2022-06-01")}), as_of), "KD"));
  auto r = rs->evaluate(person({took("BLS", "2022-06-01"), took("BLS", "2023-06-01")}), as_of);
  CHECK(r.credited.at("KD").when == day("2023-06-01"));
}

TEST_CASE("SPEC 10: a unit's valid_for lapses derived credits of it too") {
  auto rs = rules(std::string(header) + R"(
units: [{id: LE, kind: leereenheid}, {id: KD, kind: keuzedeel, valid_for: P1Y}]
equivalences: [{id: eq, equivalent: [LE, KD]}]
)");
  auto r = rs->evaluate(person({took("LE", "2022-06-01")}), day("2024-01-01"));
  CHECK(credited(r, "LE"));
  CHECK_FALSE(credited(r, "KD"));
}

TEST_CASE("SPEC 10: a unit's effective and credit_when govern direct credit only") {
  auto rs = rules(std::string(header) + R"(
units:
  - {id: LE, kind: leereenheid}
  - {id: KD, kind: keuzedeel, effective: {to: 2010-01-01}, credit_when: attrs.exam == true}
equivalences: [{id: eq, equivalent: [LE, KD]}]
)");
  auto r = rs->evaluate(person({took("LE", "2022-06-01")}), day("2024-01-01"));
  CHECK(r.credited.at("KD").via == "eq");
}

const char* const diploma_rules = R"(
units:
  - {id: B1-K1, kind: kerntaak}
  - {id: K1006, kind: keuzedeel, hours: 240}
  - {id: KD-medicatie, kind: keuzedeel, hours: 240}
  - {id: KD-wondzorg, kind: keuzedeel, hours: 240}
diplomas:
  - id: helpende-zw
    requires:
      all_of:
        - unit: B1-K1
        - {id: keuzedelen, hours: {min: 480, of: {kind: keuzedeel}}}
        - n_of: {n: 2, of: [{unit: K1006}, {unit: KD-medicatie}, {unit: KD-wondzorg}]}
)";

TEST_CASE("SPEC 5.5: status complete, partial, none") {
  auto rs = rules(std::string(header) + diploma_rules);
  const date as_of = day("2024-01-01");
  auto none = rs->evaluate(person({}), as_of).diplomas.at("helpende-zw");
  CHECK(none.status == diploma_status::none);
  CHECK(none.progress == 0);
  auto partial = rs->evaluate(person({took("B1-K1", "2023-01-01")}), as_of).diplomas.at("helpende-zw");
  CHECK(partial.status == diploma_status::partial);
  auto complete = rs->evaluate(person({took("B1-K1", "2023-01-01"), took("K1006", "2023-01-01"),
                                       took("KD-wondzorg", "2023-01-01")}),
                               as_of)
                      .diplomas.at("helpende-zw");
  CHECK(complete.status == diploma_status::complete);
  CHECK(complete.progress == 1);
  CHECK(complete.missing.empty());
}

TEST_CASE("SPEC 5.5: progress of all_of, hours and n_of, rounded to 4 decimals") {
  auto rs = rules(std::string(header) + diploma_rules);
  // KD-medicatie alone: B1-K1 0; hours 240/480 = 0.5; n_of best 2 of (0,1,0) = 1/2 -> mean 1/3.
  auto d = rs->evaluate(person({took("KD-medicatie", "2023-01-01")}), day("2024-01-01")).diplomas.at("helpende-zw");
  CHECK(d.status == diploma_status::partial);
  CHECK(d.progress == 0.3333);
  // missing: all unsatisfied children of the all_of; the n_of gives n-k = 1 child, first on ties.
  CHECK(d.missing == std::vector<std::string>{"unit:B1-K1", "keuzedelen", "unit:K1006"});
}

TEST_CASE("SPEC 5.5: any_of progress is the max, missing names the best child, first on ties") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c, hours: 10}, {id: B, kind: c, hours: 30}, {id: C, kind: c}]
diplomas:
  - id: d
    requires:
      any_of:
        - {hours: {min: 40, of: {units: [A]}}}
        - {id: second, hours: {min: 40, of: {units: [B]}}}
        - unit: C
  - id: ties
    requires: {any_of: [{unit: C}, {count: {min: 2, of: {units: [A, B, C]}}}]}
)");
  auto r = rs->evaluate(person({took("A", "2023-01-01"), took("B", "2023-01-01")}), day("2024-01-01"));
  CHECK(r.diplomas.at("d").progress == 0.75);
  CHECK(r.diplomas.at("d").missing == std::vector<std::string>{"second"});
  CHECK(r.diplomas.at("ties").status == diploma_status::complete);
  auto none = rs->evaluate(person({}), day("2024-01-01"));
  CHECK(none.diplomas.at("ties").missing == std::vector<std::string>{"unit:C"});  // 0 = 0: first wins
}

TEST_CASE("SPEC 5.5: n_of progress is its n best children over n, missing the n-k best unsatisfied") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c, hours: 10}, {id: B, kind: c, hours: 10}, {id: C, kind: c}, {id: D, kind: c}]
diplomas:
  - id: d
    requires:
      n_of:
        n: 3
        of:
          - unit: C
          - {id: a-half, hours: {min: 20, of: {units: [A]}}}
          - unit: D
          - {id: b-half, hours: {min: 20, of: {units: [B]}}}
)");
  auto r = rs->evaluate(person({took("A", "2023-01-01"), took("B", "2023-01-01"), took("D", "2023-01-01")}),
                        day("2024-01-01"));
  // children progress: C 0, a-half 0.5, D 1, b-half 0.5 -> best 3 = 2.0 / 3
  CHECK(r.diplomas.at("d").progress == 0.6667);
  // k = 1 satisfied (D); n-k = 2 with the highest progress: a-half, b-half, in document order
  CHECK(r.diplomas.at("d").missing == std::vector<std::string>{"a-half", "b-half"});
}

TEST_CASE("SPEC 6: unnamed leaves are named unit:ID, hours:MIN, count:MIN and a check's text") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c}]
diplomas:
  - id: d
    requires:
      all_of:
        - unit: A
        - hours: {min: 480, of: {kind: keuzedeel}}
        - count: {min: 2.5, of: {kind: c}}
        - check: '  credited("A")  or as_of < 2000-01-01 '
)");
  auto r = rs->evaluate(person({}), day("2024-01-01"));
  CHECK(r.diplomas.at("d").missing ==
        std::vector<std::string>{"unit:A", "hours:480", "count:2.5", "credited(\"A\")  or as_of < 2000-01-01"});
}

TEST_CASE("SPEC 5.6: an achievement's hours default to its unit's, a diploma's hours add the unit's hours once") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: keuzedeel, hours: 240}, {id: B, kind: keuzedeel, hours: 240}]
equivalences: [{id: eq, equivalent: [A, B]}]
diplomas:
  - {id: d, requires: {hours: {min: 720, of: {kind: keuzedeel}}}}
  - {id: s, requires: {sum: {attr: hours, min: 300, of: {kind: keuzedeel}}}}
)");
  auto r = rs->evaluate(person({took("A", "2023-01-01").hours(1000), took("A", "2023-02-01")}), day("2024-01-01"));
  // A once (240) + B derived (240): 480 of 720; two equivalent units both count (SPEC §10).
  CHECK(r.diplomas.at("d").progress == 0.6667);
  // sum over achievements: 1000 (own) + 240 (the unit's) = 1240 >= 300
  CHECK(r.diplomas.at("s").status == diploma_status::complete);
}

TEST_CASE("SPEC 10: progress rounds half up to 4 decimals") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c, hours: 1}]
diplomas: [{id: d, requires: {hours: {min: 16, of: {units: [A]}}}}]
)");
  // 1/16 = 0.0625 -> 0.0625; check a value with a 5 in the fifth decimal: 1/32 = 0.03125 -> 0.0313
  CHECK(rs->evaluate(person({took("A", "2023-01-01")}), day("2024-01-01")).diplomas.at("d").progress == 0.0625);
  auto rs2 = rules(std::string(header) + R"(
units: [{id: A, kind: c, hours: 1}]
diplomas: [{id: d, requires: {hours: {min: 32, of: {units: [A]}}}}]
)");
  CHECK(rs2->evaluate(person({took("A", "2023-01-01")}), day("2024-01-01")).diplomas.at("d").progress == 0.0313);
}

TEST_CASE("SPEC 9: person attributes are read as person.NAME, missing ones compare false") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c, credit_when: person.role == "verpleegkundige"}, {id: B, kind: c, credit_when: person.role != "x"}]
)");
  const date as_of = day("2024-01-01");
  CHECK(credited(rs->evaluate(person({took("A", "2023-01-01")}, {{"role", std::string("verpleegkundige")}}), as_of), "A"));
  CHECK_FALSE(credited(rs->evaluate(person({took("A", "2023-01-01")}), as_of), "A"));
  CHECK_FALSE(credited(rs->evaluate(person({took("B", "2023-01-01")}), as_of), "B"));  // != with missing: false
}

TEST_CASE("SPEC 10: a missing or wrongly typed attribute is false alone, and `not` then applies") {
  auto rs = rules(std::string(header) + R"(
units:
  - {id: A, kind: c, credit_when: attrs.exam}
  - {id: B, kind: c, credit_when: not attrs.exam}
  - {id: C, kind: c, credit_when: attrs.points > 3}
  - {id: D, kind: c, credit_when: 'attrs.points + 1 > 3 or attrs.points in [1, 2]'}
)");
  const date as_of = day("2024-01-01");
  auto r = rs->evaluate(person({took("A", "2023-01-01"), took("B", "2023-01-01"),
                                took("C", "2023-01-01").attr("points", std::string("7")), took("D", "2023-01-01")}),
                        as_of);
  CHECK_FALSE(credited(r, "A"));
  CHECK(credited(r, "B"));
  CHECK_FALSE(credited(r, "C"));  // a string is not a number
  CHECK_FALSE(credited(r, "D"));
}

TEST_CASE("SPEC 10: a text attribute shaped YYYY-MM-DD is a date where a date is expected") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c, credit_when: person.cohort >= 2020-08-01 and attrs.exam_date + P1Y > date}]
)");
  const date as_of = day("2024-01-01");
  attribute_map attrs{{"cohort", std::string("2021-08-01")}};
  CHECK(credited(rs->evaluate(person({took("A", "2023-01-01").attr("exam_date", std::string("2022-06-01"))}, attrs), as_of), "A"));
  CHECK_FALSE(credited(rs->evaluate(person({took("A", "2023-01-01").attr("exam_date", std::string("2021-06-01"))}, attrs), as_of), "A"));
  CHECK_FALSE(credited(rs->evaluate(person({took("A", "2023-01-01").attr("exam_date", day("2022-06-01"))},
                                           {{"cohort", day("2019-08-01")}}), as_of), "A"));
}

TEST_CASE("SPEC 10: division by zero is an evaluation error for that person, never a crash") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c, credit_when: attrs.points / attrs.hours > 1}]
)");
  CHECK_THROWS_AS((void)rs->evaluate(person({took("A", "2023-01-01").attr("points", 4.0).attr("hours", 0.0)}), day("2024-01-01")),
                  evaluation_error);
  CHECK(credited(rs->evaluate(person({took("A", "2023-01-01").attr("points", 4.0).attr("hours", 2.0)}), day("2024-01-01")), "A"));
}

TEST_CASE("SPEC 10: and/or evaluate their right side only when needed") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c, credit_when: attrs.d != 0 and attrs.n / attrs.d > 1}]
)");
  CHECK_NOTHROW((void)rs->evaluate(person({took("A", "2023-01-01").attr("n", 1.0).attr("d", 0.0)}), day("2024-01-01")));
}

TEST_CASE("SPEC 9: mark implication is transitive, an achievement carries all implied marks") {
  auto rs = rules(std::string(header) + R"(
marks:
  - {id: a, implies: [b], levels: {civil_effect: internal}}
  - {id: b, implies: [c], levels: {}}
  - {id: c, valid_for: P1Y, levels: {civil_effect: national}}
units: [{id: U, kind: c, credit_when: has_mark("c")}]
)");
  auto r = rs->evaluate(person({took("U", "2020-01-01").marks({"a"})}), day("2024-01-01"));
  CHECK(credited(r, "U"));                                   // carries c whatever its validity
  CHECK(level_of(r, 0, "civil_effect") == "internal");       // c's level lapsed
  auto fresh = rs->evaluate(person({took("U", "2023-06-01").marks({"a"})}), day("2024-01-01"));
  CHECK(level_of(fresh, 0, "civil_effect") == "national");
}

TEST_CASE("SPEC 9: an implies cycle is a compile error") {
  auto diags = diagnostics_of(std::string(header) + R"(
marks:
  - {id: a, implies: [b], levels: {}}
  - {id: b, implies: [a], levels: {}}
)");
  REQUIRE_FALSE(diags.empty());
  CHECK(diags[0].code == "E023");
}

TEST_CASE("SPEC 9: an exemption credits like a passed exam, ignoring credit_when but not effective") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c, credit_when: attrs.exam == true, effective: {from: 2020-01-01}}]
)");
  const date as_of = day("2024-01-01");
  auto r = rs->evaluate(person({took("A", "2023-01-01").exempt()}), as_of);
  CHECK(r.credited.at("A").via == "exemption");
  CHECK_FALSE(credited(rs->evaluate(person({took("A", "2019-01-01").exempt()}), as_of), "A"));
  // On equal dates: achievement, then exemption.
  auto both = rs->evaluate(person({took("A", "2023-01-01").exempt(), took("A", "2023-01-01").attr("exam", true)}), as_of);
  CHECK(both.credited.at("A").via == "achievement");
}

TEST_CASE("SPEC 9: on equal dates an exemption comes before an equivalence") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c}, {id: B, kind: c}]
equivalences: [{id: eq, equivalent: [A, B]}]
)");
  auto r = rs->evaluate(person({took("A", "2023-01-01"), took("B", "2023-01-01").exempt()}), day("2024-01-01"));
  CHECK(r.credited.at("B").via == "exemption");
}

TEST_CASE("SPEC 9: sum adds an attribute over achievements, each once, within a window") {
  auto rs = rules(std::string(header) + R"(
marks: [{id: vv, levels: {}}, {id: other, levels: {}}]
diplomas:
  - id: herregistratie
    requires:
      all_of:
        - {id: total, sum: {attr: points, min: 184, of: {}, within: P5Y}}
        - sum: {attr: points, min: 80, of: {marks: [vv]}, within: P5Y}
)");
  const date as_of = day("2024-06-01");
  auto r = rs->evaluate(person({took("", "2019-06-01").attr("points", 100.0).marks({"vv"}),   // lapsed: 2024-06-01 !< 2024-06-01
                                took("", "2019-06-02").attr("points", 60.0).marks({"vv"}),
                                took("", "2022-01-01").attr("points", 100.0).marks({"other"}),
                                took("", "2023-01-01").attr("points", std::string("50"))}),   // not a number
                        as_of);
  auto d = r.diplomas.at("herregistratie");
  CHECK(d.status == diploma_status::none);  // no leaf holds, however close
  // total 160/184 = 0.8696; accredited 60/80 = 0.75; mean 0.8098
  CHECK(d.progress == 0.8098);
  CHECK(d.missing == std::vector<std::string>{"total", "sum:points:80"});
}

TEST_CASE("SPEC 9: avg is the mean over selected achievements that have the attribute") {
  auto rs = rules(std::string(header) + R"(
units: [{id: K1, kind: keuzedeel}, {id: K2, kind: keuzedeel}, {id: X, kind: c}]
diplomas:
  - {id: d, requires: {avg: {attr: grade, min: 6, of: {kind: keuzedeel}}}}
)");
  const date as_of = day("2024-01-01");
  auto r = rs->evaluate(person({took("K1", "2023-01-01").attr("grade", 5.0), took("K2", "2023-01-01").attr("grade", 8.0),
                                took("X", "2023-01-01").attr("grade", 1.0), took("K2", "2023-02-01")}),
                        as_of);
  CHECK(r.diplomas.at("d").status == diploma_status::complete);  // (5 + 8) / 2 = 6.5
  auto none = rs->evaluate(person({took("K1", "2023-01-01")}), as_of).diplomas.at("d");
  CHECK(none.status == diploma_status::none);  // nobody has a grade: unsatisfied
  CHECK(none.missing == std::vector<std::string>{"avg:grade:6"});
}

TEST_CASE("SPEC 9: count counts achievements when it has marks or where, else units") {
  auto rs = rules(std::string(header) + R"(
marks: [{id: m, levels: {}}]
units: [{id: K1, kind: keuzedeel}, {id: K2, kind: keuzedeel}]
diplomas:
  - {id: units, requires: {count: {min: 2, of: {kind: keuzedeel}}}}
  - {id: passed, requires: {count: {min: 2, of: {kind: keuzedeel, where: attrs.grade >= 6}}}}
  - {id: marked, requires: {count: {min: 2, of: {marks: [m]}}}}
)");
  auto r = rs->evaluate(person({took("K1", "2023-01-01").attr("grade", 7.0).marks({"m"}),
                                took("K1", "2023-02-01").attr("grade", 6.0).marks({"m"})}),
                        day("2024-01-01"));
  CHECK(r.diplomas.at("units").status == diploma_status::none);  // one distinct unit of two: no leaf holds
  CHECK(r.diplomas.at("units").progress == 0.5);
  CHECK(r.diplomas.at("passed").status == diploma_status::complete);
  CHECK(r.diplomas.at("marked").status == diploma_status::complete);
}

TEST_CASE("SPEC 9: an achievement selector need not credit its unit") {
  auto rs = rules(std::string(header) + R"(
units: [{id: K1, kind: keuzedeel, credit_when: attrs.exam == true}]
diplomas: [{id: d, requires: {count: {min: 1, of: {units: [K1], where: attrs.grade >= 1}}}}]
)");
  auto r = rs->evaluate(person({took("K1", "2023-01-01").attr("grade", 4.0)}), day("2024-01-01"));
  CHECK_FALSE(credited(r, "K1"));
  CHECK(r.diplomas.at("d").status == diploma_status::complete);
}

TEST_CASE("SPEC 9: a guard leaves a requirement out of its parent") {
  auto rs = rules(std::string(header) + R"(
units: [{id: A, kind: c}, {id: B, kind: c}, {id: C, kind: c}]
diplomas:
  - id: all
    requires:
      all_of:
        - unit: A
        - {unit: B, when: person.role == "verpleegkundige"}
  - id: nof
    requires:
      n_of:
        n: 2
        of: [{unit: A}, {unit: B, when: person.role == "verpleegkundige"}, {unit: C, when: as_of < 2000-01-01}]
  - id: gone
    requires: {all_of: [{unit: A, when: person.cohort >= 2020-08-01}]}
)");
  const date as_of = day("2024-01-01");
  auto carer = rs->evaluate(person({took("A", "2023-01-01")}, {{"role", std::string("verzorgende")}}), as_of);
  CHECK(carer.diplomas.at("all").status == diploma_status::complete);
  CHECK(carer.diplomas.at("nof").status == diploma_status::partial);  // only A applies: 1 < 2
  CHECK(carer.diplomas.at("nof").progress == 0.5);
  CHECK(carer.diplomas.at("gone").status == diploma_status::none);
  CHECK(carer.diplomas.at("gone").progress == 0);
  CHECK(carer.diplomas.at("gone").missing.empty());
  auto nurse = rs->evaluate(person({took("A", "2023-01-01")}, {{"role", std::string("verpleegkundige")}}), as_of);
  CHECK(nurse.diplomas.at("all").status == diploma_status::partial);
  CHECK(nurse.diplomas.at("all").missing == std::vector<std::string>{"unit:B"});
}

TEST_CASE("SPEC 4: check expressions use credited() and the aggregate functions") {
  auto rs = rules(std::string(header) + R"(
units: [{id: K1, kind: keuzedeel, hours: 240}, {id: K2, kind: keuzedeel, hours: 240}]
diplomas:
  - id: d
    requires:
      all_of:
        - check: credited("K1") and hours_of(kind = "keuzedeel") >= 480
        - check: count_of(kind = "keuzedeel", where = attrs.grade >= 6) >= 1
        - check: avg_of(attr = "grade", kind = "keuzedeel") >= 6 and sum_of(attr = "grade", within = P1Y) > 10
)");
  auto r = rs->evaluate(person({took("K1", "2023-06-01").attr("grade", 7.0), took("K2", "2023-06-01").attr("grade", 5.0)}),
                        day("2024-01-01"));
  CHECK(r.diplomas.at("d").status == diploma_status::complete);
}

// Property: SPEC §5.3 "credits only grow" — adding an achievement never removes a credit.
TEST_CASE("SPEC 5.3 property: adding an achievement never removes a credit") {
  auto rs = rules(std::string(header) + R"(
units:
  - {id: A, kind: c, valid_for: P3Y}
  - {id: B, kind: c, effective: {from: 2018-01-01}}
  - {id: C, kind: c, credit_when: attrs.exam == true}
  - {id: D, kind: c}
  - {id: E, kind: c, valid_for: P2Y}
equivalences:
  - {id: ab, equivalent: [A, B], effective: {from: 2019-01-01, to: 2022-12-31}}
  - {id: bc-d, from: [B, C], counts_as: [D]}
  - {id: d-e, from: [D], counts_as: [E], when: date >= 2020-01-01}
  - {id: e-a, from: [E], counts_as: [A]}
)");
  std::mt19937 rng(20261123);
  const char* units[] = {"A", "B", "C", "D", "E", "X"};
  const date as_of = day("2024-01-01");
  for (int round = 0; round < 400; ++round) {
    std::vector<achievement> list;
    const int n = static_cast<int>(rng() % 6);
    const auto random_achievement = [&] {
      auto b = took(units[rng() % 6], "2016-01-01");
      b.a.when = date(day("2016-01-01").days_since_epoch() + static_cast<std::int32_t>(rng() % 3200));
      if (rng() % 2) b.attr("exam", true);
      if (rng() % 7 == 0) b.exempt();
      return achievement(b);
    };
    for (int i = 0; i < n; ++i) list.push_back(random_achievement());
    auto before = rs->evaluate(person(list), as_of);
    list.push_back(random_achievement());
    auto after = rs->evaluate(person(list), as_of);
    for (const auto& [unit, c] : before.credited) {
      CAPTURE(round);
      CAPTURE(unit);
      REQUIRE(after.credited.count(unit) == 1);
      CHECK(after.credited.at(unit).when >= c.when);
    }
  }
}
