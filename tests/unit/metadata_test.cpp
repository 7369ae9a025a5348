// SPDX-License-Identifier: Apache-2.0
// Rule metadata (civeff.hpp "rule metadata"): every SPEC §2 key of every entry
// as written, where each entry is defined, the order of the lists, overlays,
// and requirement trees flattened with parents and leaf names as in `missing`.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using civeff::compile_options;
using civeff::duration;
using civeff::testing::day;
using civeff::testing::temp_dir;

// Every key of every section, over a root file and one include.
const char* const root_yaml = R"yaml(civeff: 1
ruleset: meta
version: "1"
include: [more.yaml]
attributes:
  exam: {type: bool}
  points: {type: number}
person_attributes:
  role: {type: text}
scales:
  civil_effect:
    levels: [none, internal, sector, national]
    title: Civiel effect
    name: civil effect
    source: https://example.org/scales
    notes: low to high
  nlqf: {levels: ["1", "2", "3"], default: null}
  stars: {levels: [one, two], default: two}
marks:
  - id: vv
    title: V&V title
    name: Kwaliteitsregister V&V
    issuer: V&VN
    attests: accredited training
    source: https://example.org/vv
    notes: a note
    valid_for: P5Y
    implies: [exam-mark]
    levels:
      civil_effect:
        - when: "  attrs.points >= 4 "
          level: sector
        - level: internal
      nlqf: "3"
  - id: exam-mark
    levels: {stars: one}
units:
  - id: K1006
    kind: keuzedeel
    title: Palliatieve zorg
    name: palliatief
    source: https://example.org/K1006
    notes: unit note
    hours: 240
    tags: [zorg, palliatief]
    level: {nlqf: "3", stars: two}
    effective: {from: 2016-08-01, to: 2030-07-31}
    valid_for: P18M
    credit_when: attrs.exam == true
  - id: LE-1
    kind: leereenheid
    effective: {from: 2019-09-01}
)yaml";

const char* const more_yaml = R"yaml(units:
  - {id: LE-2, kind: leereenheid, hours: 80}
  - {id: KD-2, kind: keuzedeel, hours: 120, effective: {to: 2029-12-31}}
equivalences:
  - id: eq-sym
    title: Symmetric
    name: sym
    source: https://example.org/eq
    notes: eq note
    equivalent: [LE-1, K1006]
    effective: {from: 2019-09-01, to: 2031-01-01}
  - id: eq-dir
    from: [LE-1, LE-2]
    counts_as: [KD-2]
    when: hours >= 80 and date >= 2020-01-01
diplomas:
  - id: z-diploma
    title: Last by id
    requires: {unit: K1006}
  - id: a-diploma
    title: Diploma A
    name: A
    source: https://example.org/a
    notes: diploma note
    level: {nlqf: "2"}
    requires:
      all_of:
        - unit: K1006
        - id: keuzedelen
          title: Keuzedelen
          hours: {min: 360, of: {kind: keuzedeel, tags: [zorg]}}
        - n_of:
            n: 1
            of:
              - {unit: LE-1, when: person.role == "x"}
              - {count: {min: 2, of: {units: [LE-1, LE-2], marks: [vv], where: attrs.points > 1}}}
        - {sum: {attr: points, min: 4.5, of: {marks: [vv]}, within: P5Y}}
        - {avg: {attr: points, min: 2, of: {units: []}}}
        - {check: "  hours_of(kind = \"keuzedeel\") >= 1 "}
)yaml";

struct fixture {
  temp_dir dir;
  std::shared_ptr<const civeff::ruleset> rules;
  fixture() {
    dir.write("more.yaml", more_yaml);
    const auto root = dir.write("ruleset.yaml", root_yaml);
    civeff::compile_result r = civeff::compile(root);
    std::string all;
    for (const auto& d : r.diagnostics) all += d.format() + "\n";
    INFO(all);
    REQUIRE(r.ok());
    rules = r.rules;
  }
  [[nodiscard]] std::string file(const char* name) const { return (dir.path() / name).string(); }
};

}  // namespace

TEST_CASE("metadata: scales, every key, in declaration order") {
  const fixture f;
  const auto& scales = f.rules->scales();
  REQUIRE(scales.size() == 3);
  const auto& ce = scales[0];
  CHECK(ce.id == "civil_effect");
  CHECK(ce.levels == std::vector<std::string>{"none", "internal", "sector", "national"});
  CHECK(ce.title == "Civiel effect");
  CHECK(ce.name == "civil effect");
  CHECK(ce.source == "https://example.org/scales");
  CHECK(ce.notes == "low to high");
  CHECK_FALSE(ce.has_default);
  CHECK(ce.default_level == "none");  // the first level when not given
  CHECK(ce.where.file == f.file("ruleset.yaml"));
  CHECK(ce.where.line == 11);
  CHECK(scales[1].id == "nlqf");
  CHECK(scales[1].has_default);
  CHECK_FALSE(scales[1].default_level.has_value());  // default: null
  CHECK_FALSE(scales[1].title.has_value());
  CHECK(scales[2].default_level == "two");
}

TEST_CASE("metadata: marks with cases per scale, implies and validity") {
  const fixture f;
  const auto& marks = f.rules->marks();
  REQUIRE(marks.size() == 2);
  const auto& vv = marks[0];
  CHECK(vv.id == "vv");
  CHECK(vv.title == "V&V title");
  CHECK(vv.name == "Kwaliteitsregister V&V");
  CHECK(vv.issuer == "V&VN");
  CHECK(vv.attests == "accredited training");
  CHECK(vv.source == "https://example.org/vv");
  CHECK(vv.notes == "a note");
  CHECK(vv.valid_for == duration{5, 0, 0});
  CHECK(vv.implies == std::vector<std::string>{"exam-mark"});
  CHECK(vv.where.file == f.file("ruleset.yaml"));
  CHECK(vv.where.line == 20);
  REQUIRE(vv.levels.size() == 2);
  CHECK(vv.levels[0].scale == "civil_effect");
  REQUIRE(vv.levels[0].cases.size() == 2);
  CHECK(vv.levels[0].cases[0].when == "attrs.points >= 4");  // trimmed, as written
  CHECK(vv.levels[0].cases[0].level == "sector");
  CHECK_FALSE(vv.levels[0].cases[1].when.has_value());
  CHECK(vv.levels[0].cases[1].level == "internal");
  CHECK(vv.levels[1].scale == "nlqf");  // a bare level is one unconditional case
  REQUIRE(vv.levels[1].cases.size() == 1);
  CHECK_FALSE(vv.levels[1].cases[0].when.has_value());
  CHECK(vv.levels[1].cases[0].level == "3");
  const auto& exam = marks[1];
  CHECK(exam.id == "exam-mark");
  CHECK_FALSE(exam.issuer.has_value());
  CHECK_FALSE(exam.valid_for.has_value());
  CHECK(exam.implies.empty());
}

TEST_CASE("metadata: units with every key, across files, in declaration order") {
  const fixture f;
  const auto& units = f.rules->units();
  REQUIRE(units.size() == 4);
  CHECK(units[0].id == "K1006");
  CHECK(units[1].id == "LE-1");
  CHECK(units[2].id == "LE-2");
  CHECK(units[3].id == "KD-2");
  const auto& k = units[0];
  CHECK(k.kind == "keuzedeel");
  CHECK(k.title == "Palliatieve zorg");
  CHECK(k.name == "palliatief");
  CHECK(k.source == "https://example.org/K1006");
  CHECK(k.notes == "unit note");
  CHECK(k.hours == 240);
  CHECK(k.tags == std::vector<std::string>{"zorg", "palliatief"});
  REQUIRE(k.level.size() == 2);
  CHECK(k.level[0].scale == "nlqf");
  CHECK(k.level[0].level == "3");
  CHECK(k.level[1].scale == "stars");
  CHECK(k.level[1].level == "two");
  CHECK(k.effective_from == day("2016-08-01"));
  CHECK(k.effective_to == day("2030-07-31"));
  CHECK(k.valid_for == duration{0, 18, 0});
  CHECK(k.credit_when == "attrs.exam == true");
  CHECK(k.where.file == f.file("ruleset.yaml"));
  CHECK(k.where.line == 38);
  const auto& le1 = units[1];
  CHECK(le1.hours == 0);  // not given
  CHECK_FALSE(le1.title.has_value());
  CHECK(le1.tags.empty());
  CHECK(le1.level.empty());
  CHECK(le1.effective_from == day("2019-09-01"));
  CHECK_FALSE(le1.effective_to.has_value());
  CHECK_FALSE(le1.valid_for.has_value());
  CHECK_FALSE(le1.credit_when.has_value());
  CHECK(units[2].where.file == f.file("more.yaml"));
  CHECK(units[2].where.line == 2);
  CHECK(units[2].hours == 80);
  CHECK_FALSE(units[3].effective_from.has_value());
  CHECK(units[3].effective_to == day("2029-12-31"));
}

TEST_CASE("metadata: equivalences, symmetric and directed") {
  const fixture f;
  const auto& eqs = f.rules->equivalences();
  REQUIRE(eqs.size() == 2);
  const auto& sym = eqs[0];
  CHECK(sym.id == "eq-sym");
  CHECK(sym.title == "Symmetric");
  CHECK(sym.name == "sym");
  CHECK(sym.source == "https://example.org/eq");
  CHECK(sym.notes == "eq note");
  CHECK(sym.symmetric);
  CHECK(sym.equivalent == std::vector<std::string>{"LE-1", "K1006"});
  CHECK(sym.from.empty());
  CHECK(sym.counts_as.empty());
  CHECK(sym.effective_from == day("2019-09-01"));
  CHECK(sym.effective_to == day("2031-01-01"));
  CHECK_FALSE(sym.when.has_value());
  CHECK(sym.where.file == f.file("more.yaml"));
  CHECK(sym.where.line == 5);
  const auto& dir = eqs[1];
  CHECK_FALSE(dir.symmetric);
  CHECK(dir.equivalent.empty());
  CHECK(dir.from == std::vector<std::string>{"LE-1", "LE-2"});
  CHECK(dir.counts_as == std::vector<std::string>{"KD-2"});
  CHECK_FALSE(dir.effective_from.has_value());
  CHECK_FALSE(dir.effective_to.has_value());
  CHECK(dir.when == "hours >= 80 and date >= 2020-01-01");
}

TEST_CASE("metadata: diplomas sorted by id, with their requirement trees") {
  const fixture f;
  const auto& diplomas = f.rules->diplomas();
  REQUIRE(diplomas.size() == 2);
  CHECK(diplomas[0].id == "a-diploma");  // sorted by id, as diploma_ids()
  CHECK(diplomas[1].id == "z-diploma");
  CHECK(f.rules->diploma_ids() == std::vector<std::string>{"a-diploma", "z-diploma"});
  const auto& a = diplomas[0];
  CHECK(a.title == "Diploma A");
  CHECK(a.name == "A");
  CHECK(a.source == "https://example.org/a");
  CHECK(a.notes == "diploma note");
  REQUIRE(a.level.size() == 1);
  CHECK(a.level[0].scale == "nlqf");
  CHECK(a.level[0].level == "2");
  CHECK(a.where.file == f.file("more.yaml"));
  CHECK(a.where.line == 20);

  const auto& r = a.requirements;
  REQUIRE(r.size() == 9);
  std::vector<std::string> forms;
  std::vector<std::int32_t> parents;
  for (const auto& n : r) {
    forms.push_back(n.form);
    parents.push_back(n.parent);
  }
  CHECK(forms ==
        std::vector<std::string>{"all_of", "unit", "hours", "n_of", "unit", "count", "sum", "avg", "check"});
  CHECK(parents == std::vector<std::int32_t>{-1, 0, 0, 0, 3, 3, 0, 0, 0});

  CHECK(r[0].leaf_name.empty());  // a group has no leaf name
  CHECK_FALSE(r[0].id.has_value());
  CHECK_FALSE(r[0].of.has_value());

  CHECK(r[1].unit == "K1006");
  CHECK(r[1].leaf_name == "unit:K1006");

  CHECK(r[2].id == "keuzedelen");
  CHECK(r[2].title == "Keuzedelen");
  CHECK(r[2].leaf_name == "keuzedelen");
  CHECK(r[2].min == 360);
  REQUIRE(r[2].of.has_value());
  CHECK(r[2].of->kind == "keuzedeel");
  CHECK(r[2].of->tags == std::vector<std::string>{"zorg"});
  CHECK_FALSE(r[2].of->units.has_value());
  CHECK_FALSE(r[2].of->marks.has_value());
  CHECK_FALSE(r[2].of->where.has_value());

  CHECK(r[3].n == 1);
  CHECK_FALSE(r[3].min.has_value());

  CHECK(r[4].when == "person.role == \"x\"");
  CHECK(r[4].leaf_name == "unit:LE-1");

  CHECK(r[5].leaf_name == "count:2");
  CHECK(r[5].min == 2);
  REQUIRE(r[5].of.has_value());
  CHECK(r[5].of->units == std::vector<std::string>{"LE-1", "LE-2"});
  CHECK(r[5].of->marks == std::vector<std::string>{"vv"});
  CHECK(r[5].of->where == "attrs.points > 1");
  CHECK_FALSE(r[5].of->kind.has_value());

  CHECK(r[6].attr == "points");
  CHECK(r[6].min == 4.5);
  CHECK(r[6].within == duration{5, 0, 0});
  CHECK(r[6].leaf_name == "sum:points:4.5");

  CHECK(r[7].leaf_name == "avg:points:2");
  REQUIRE(r[7].of.has_value());
  CHECK(r[7].of->units == std::vector<std::string>{});  // `units: []` is given, and empty
  CHECK_FALSE(r[7].within.has_value());

  CHECK(r[8].check == "hours_of(kind = \"keuzedeel\") >= 1");
  CHECK(r[8].leaf_name == "hours_of(kind = \"keuzedeel\") >= 1");
  CHECK(r[8].where.file == f.file("more.yaml"));
  CHECK(r[8].where.line == 39);

  const auto& z = diplomas[1].requirements;
  REQUIRE(z.size() == 1);
  CHECK(z[0].parent == -1);
  CHECK(z[0].form == "unit");
}

TEST_CASE("metadata: leaf names are those `missing` reports") {
  const fixture f;
  civeff::portfolio nobody;
  nobody.person = "p";
  const civeff::result res = f.rules->evaluate(nobody, day("2024-01-01"));
  std::vector<std::string> leaves;
  for (const auto& n : f.rules->diplomas()[0].requirements)
    if (!n.leaf_name.empty()) leaves.push_back(n.leaf_name);
  // No one has anything: every leaf of the all_of is missing, and the n_of's best child.
  const auto& missing = res.diplomas.at("a-diploma").missing;
  for (const auto& m : missing) CHECK(std::find(leaves.begin(), leaves.end(), m) != leaves.end());
  CHECK(missing.front() == leaves.front());
}

TEST_CASE("metadata: overlays apply before compile, so metadata reflects them") {
  const fixture f;
  const auto overlay = f.dir.write("overlay.yaml", R"yaml(civeff: 1
overlay: retitle
units:
  - {id: K1006, kind: keuzedeel, title: Palliatieve zorg (nieuw), hours: 200}
  - {id: NEW-1, kind: course}
remove:
  equivalences: [eq-sym]
)yaml");
  compile_options options;
  options.overlays.push_back(overlay);
  const civeff::compile_result r = civeff::compile(f.dir.path() / "ruleset.yaml", options);
  REQUIRE(r.ok());
  const auto& units = r.rules->units();
  REQUIRE(units.size() == 5);
  CHECK(units[0].id == "K1006");  // the replacing entry takes the replaced one's place
  CHECK(units[0].title == "Palliatieve zorg (nieuw)");
  CHECK(units[0].hours == 200);
  CHECK(units[0].tags.empty());  // replaced whole
  CHECK_FALSE(units[0].credit_when.has_value());
  CHECK(units[0].where.file == overlay.string());
  CHECK(units[4].id == "NEW-1");
  REQUIRE(r.rules->equivalences().size() == 1);
  CHECK(r.rules->equivalences()[0].id == "eq-dir");
}

TEST_CASE("metadata: a ruleset without entries has empty lists") {
  const auto rules = civeff::testing::rules("civeff: 1\nruleset: empty\nversion: \"0\"\n");
  CHECK(rules->scales().empty());
  CHECK(rules->marks().empty());
  CHECK(rules->units().empty());
  CHECK(rules->equivalences().empty());
  CHECK(rules->diplomas().empty());
}
