// SPDX-License-Identifier: Apache-2.0
// The YAML front end: syntax trees, exact diagnostics (code, line, column) and
// positions inside expressions, overlays and portfolios.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support.hpp"
#include "yaml/include_glob.hpp"
#include "yaml/syntax.hpp"

namespace fs = std::filesystem;
using namespace civeff::detail;

namespace {

using civeff::testing::temp_dir;

// "CODE FILE:LINE:COLUMN" per diagnostic, sorted, with FILE relative to `base`, joined by "; ".
std::string found(const diagnostic_sink& sink, const fs::path& base) {
  const std::string prefix = base.lexically_normal().generic_string() + "/";
  const auto place = [&](const civeff::source_location& l) {
    std::string file = l.file;
    if (file.starts_with(prefix)) file = file.substr(prefix.size());
    return file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
  };
  std::string out;
  for (const auto& d : sink.sorted()) {
    if (!out.empty()) out += "; ";
    out += d.code + " " + place(d.where);
    for (const auto& n : d.notes) out += " note " + place(n.where);
  }
  return out;
}

// The expected diagnostics, in found()'s form.
template <class... Items>
std::string diags(const Items&... items) {
  std::string out;
  ((out += (out.empty() ? "" : "; ") + std::string(items)), ...);
  return out;
}

std::string messages(const diagnostic_sink& sink) {
  std::string out;
  for (const auto& d : sink.sorted()) out += d.format() + "\n";
  return out;
}

const std::string header = "civeff: 1\nruleset: test\nversion: \"1\"\n";

ruleset_syntax load(const temp_dir& dir, const std::string& root_text, diagnostic_sink& sink) {
  dir.write("ruleset.yaml", root_text);
  return load_ruleset_syntax(dir.path(), sink);
}

std::string pos(const civeff::source_location& l) {
  return std::to_string(l.line) + ":" + std::to_string(l.column);
}

// The line:column of each byte of an expression.
std::vector<std::string> positions(const expression_text& e) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i <= e.text.size(); ++i) out.push_back(pos(e.at(i)));
  return out;
}

}  // namespace

TEST_CASE("loader: the example ruleset of SPEC §2 reads into its syntax tree") {
  temp_dir dir;
  dir.write("marks.yaml", R"(marks:
  - id: vv-accredited
    name: Kwaliteitsregister V&V, geaccrediteerde scholing
    issuer: V&VN
    valid_for: P5Y
    implies: [nrto]
    levels:
      civil_effect:
        - when: attrs.points >= 4
          level: sector
        - level: internal
      nlqf: "3"
  - {id: nrto, levels: {civil_effect: internal}}
)");
  dir.write("units/b.yaml", "units:\n  - {id: KD-medicatie, kind: keuzedeel, hours: 240}\n");
  dir.write("units/a.yaml", R"(units:
  - id: K1006
    kind: keuzedeel
    title: Palliatieve zorg
    hours: 240
    tags: [zorg]
    level: {nlqf: "3"}
    effective: {from: 2016-08-01, to: 2030-07-31}
    valid_for: P2Y
    credit_when: attrs.exam == true
equivalences:
  - id: eq-medicatie
    equivalent: [LE-medicatie, KD-medicatie]
    effective: {from: 2019-09-01}
  - id: wondzorg-stack
    from: [LE-wondzorg-1, LE-wondzorg-2]
    counts_as: [KD-wondzorg]
    when: hours >= 80
)");
  diagnostic_sink sink;
  const auto rs = load(dir, R"(civeff: 1
ruleset: nl-zorg
version: "2026.1"
include: [marks.yaml, "units/*.yaml"]
scales:
  civil_effect: {levels: [none, internal, sector, national]}
  nlqf: {levels: ["1", "2", "3"], default: null}
  eqf: {levels: ["1", "2"], default: "2"}
diplomas:
  - id: helpende-zw
    title: Helpende Zorg en Welzijn
    level: {nlqf: "2"}
    requires:
      all_of:
        - unit: B1-K1
        - {id: keuzedelen, title: Keuzedelen, hours: {min: 480, of: {kind: keuzedeel}}}
        - n_of: {n: 2, of: [{unit: K1006}, {unit: KD-medicatie}]}
        - sum: {attr: points, min: 184, of: {marks: [vv-accredited], where: attrs.points > 0}, within: P5Y}
        - avg: {attr: grade, min: 5.5, of: {kind: keuzedeel, tags: [zorg]}}
        - count: {min: 2, of: {units: [K1006]}}
        - {check: 'person.role == "verzorgende"', when: as_of >= 2020-08-01}
tests:
  - name: medicatie
    as_of: 2024-01-01
    portfolio:
      - {unit: LE-medicatie, date: 2023-05-01, marks: [nrto]}
    expect:
      credited: [KD-medicatie]
      not_credited: [K1006]
      diplomas: {helpende-zw: partial}
      levels: [{civil_effect: national, nlqf: null}, {}]
  - name: with person attributes
    as_of: 2024-01-01
    portfolio:
      attrs: {role: verzorgende, cohort: 2021-08-01}
      achievements: [{unit: K1006, date: 2023-05-01, exempt: true, attrs: {exam: true, points: 4}}]
)",
                       sink);
  INFO(messages(sink));
  REQUIRE_FALSE(sink.has_errors());
  CHECK(rs.name.text == "nl-zorg");
  CHECK(rs.version.text == "2026.1");
  REQUIRE(rs.files.size() == 4);  // root first, then includes in list order, each glob sorted
  CHECK(fs::path(rs.files[1]).filename() == "marks.yaml");
  CHECK(fs::path(rs.files[2]).filename() == "a.yaml");
  CHECK(fs::path(rs.files[3]).filename() == "b.yaml");

  REQUIRE(rs.scales.size() == 3);
  CHECK(rs.scales[0].id.text == "civil_effect");
  CHECK(pos(rs.scales[0].id.where) == "6:3");
  CHECK(rs.scales[0].levels.size() == 4);
  CHECK_FALSE(rs.scales[0].has_default);
  CHECK(rs.scales[1].has_default);
  CHECK_FALSE(rs.scales[1].default_level.has_value());
  CHECK(pos(rs.scales[1].levels[0].where) == "7:20");  // after the quote
  REQUIRE(rs.scales[2].default_level.has_value());
  CHECK(rs.scales[2].default_level->text == "2");

  REQUIRE(rs.marks.size() == 2);
  const auto& m = rs.marks[0];
  CHECK(m.id.text == "vv-accredited");
  CHECK(m.meta.issuer == "V&VN");
  CHECK(m.valid_for->value == civeff::duration{5, 0, 0});
  REQUIRE(m.implies.size() == 1);
  REQUIRE(m.levels.size() == 2);
  REQUIRE(m.levels[0].cases.size() == 2);
  CHECK(m.levels[0].cases[0].when->text == "attrs.points >= 4");
  CHECK(pos(m.levels[0].cases[0].when->at(0)) == "9:17");
  CHECK(m.levels[0].cases[0].level.text == "sector");
  CHECK_FALSE(m.levels[0].cases[1].when.has_value());
  REQUIRE(m.levels[1].cases.size() == 1);
  CHECK(m.levels[1].cases[0].level.text == "3");
  CHECK(m.levels[1].cases[0].level.where.file == rs.files[1]);

  REQUIRE(rs.units.size() == 2);
  const auto& u = rs.units[0];
  CHECK(u.id.text == "K1006");
  CHECK(u.kind.text == "keuzedeel");
  CHECK(u.hours->value == 240);
  CHECK(u.tags.size() == 1);
  REQUIRE(u.level.size() == 1);
  CHECK(u.level[0].scale.text == "nlqf");
  CHECK(u.effective->from->value.to_string() == "2016-08-01");
  CHECK(u.effective->to->value.to_string() == "2030-07-31");
  CHECK(u.valid_for->value == civeff::duration{2, 0, 0});
  CHECK(u.credit_when->text == "attrs.exam == true");
  CHECK(u.meta.title == "Palliatieve zorg");
  CHECK(rs.units[1].id.text == "KD-medicatie");

  REQUIRE(rs.equivalences.size() == 2);
  CHECK(rs.equivalences[0].symmetric);
  CHECK(rs.equivalences[0].members.size() == 2);
  CHECK(rs.equivalences[0].effective->from.has_value());
  CHECK_FALSE(rs.equivalences[0].effective->to.has_value());
  CHECK_FALSE(rs.equivalences[1].symmetric);
  CHECK(rs.equivalences[1].members.size() == 2);
  CHECK(rs.equivalences[1].targets.size() == 1);
  CHECK(rs.equivalences[1].when->text == "hours >= 80");

  REQUIRE(rs.diplomas.size() == 1);
  const auto& req = rs.diplomas[0].requires_.value();
  using form = requirement_syntax::form;
  CHECK(req.kind == form::all_of);
  REQUIRE(req.children.size() == 7);
  CHECK(req.children[0].kind == form::unit);
  CHECK(req.children[0].unit.text == "B1-K1");
  CHECK(req.children[1].kind == form::hours);
  CHECK(req.children[1].id->text == "keuzedelen");
  CHECK(req.children[1].title == "Keuzedelen");
  CHECK(req.children[1].min->value == 480);
  CHECK(req.children[1].of.kind->text == "keuzedeel");
  CHECK(req.children[2].kind == form::n_of);
  CHECK(req.children[2].n->value == 2);
  CHECK(req.children[2].children.size() == 2);
  CHECK(req.children[3].kind == form::sum);
  CHECK(req.children[3].attr->text == "points");
  CHECK(req.children[3].within->value == civeff::duration{5, 0, 0});
  CHECK(req.children[3].of.has_marks);
  CHECK(req.children[3].of.where_expr->text == "attrs.points > 0");
  CHECK(req.children[4].kind == form::avg);
  CHECK(req.children[4].min->value == 5.5);
  CHECK(req.children[4].of.has_tags);
  CHECK(req.children[5].kind == form::count);
  CHECK(req.children[5].of.has_units);
  CHECK(req.children[6].kind == form::check);
  CHECK(req.children[6].check->text == "person.role == \"verzorgende\"");
  CHECK(req.children[6].when->text == "as_of >= 2020-08-01");
  CHECK(rs.diplomas[0].level.size() == 1);

  REQUIRE(rs.tests.size() == 2);
  const auto& t = rs.tests[0];
  CHECK(t.name.text == "medicatie");
  CHECK(t.as_of->value.to_string() == "2024-01-01");
  REQUIRE(t.portfolio.achievements.size() == 1);
  CHECK(t.portfolio.achievements[0].unit->text == "LE-medicatie");
  CHECK(t.portfolio.achievements[0].when->value.to_string() == "2023-05-01");
  CHECK(t.credited.size() == 1);
  CHECK(t.not_credited.size() == 1);
  REQUIRE(t.diplomas.size() == 1);
  REQUIRE(t.diplomas[0].status.has_value());
  CHECK(t.diplomas[0].status->text == "partial");
  CHECK_FALSE(t.diplomas[0].progress.has_value());
  CHECK_FALSE(t.overlay.has_value());
  REQUIRE(t.levels.size() == 2);
  REQUIRE(t.levels[0].size() == 2);
  CHECK(t.levels[0][0].second->text == "national");
  CHECK_FALSE(t.levels[0][1].second.has_value());
  CHECK(t.levels[1].empty());
  const auto& t2 = rs.tests[1];
  CHECK(std::get<std::string>(t2.portfolio.attrs.at("role")) == "verzorgende");
  CHECK(std::get<civeff::date>(t2.portfolio.attrs.at("cohort")).to_string() == "2021-08-01");
  REQUIRE(t2.portfolio.achievements.size() == 1);
  CHECK(t2.portfolio.achievements[0].exempt);
  CHECK(std::get<bool>(t2.portfolio.achievements[0].attrs.at("exam")));
  CHECK(std::get<double>(t2.portfolio.achievements[0].attrs.at("points")) == 4);
}

TEST_CASE("loader: a key repeated in one mapping is E005 naming both places") {
  temp_dir dir;
  diagnostic_sink sink;
  const auto rs =
      load(dir, header + "units:\n  - id: A\n    kind: course\n    hours: 4\n    kind: keuzedeel\n", sink);
  CHECK(found(sink, dir.path()) == diags("E005 ruleset.yaml:8:5 note ruleset.yaml:6:5"));
  REQUIRE(rs.units.size() == 1);
  CHECK(rs.units[0].kind.text == "course");  // the first is kept
  CHECK(messages(sink).find("key `kind` is repeated") != std::string::npos);

  diagnostic_sink flow;
  load(dir, header + "scales:\n  s: {levels: [a], levels: [b]}\n  s: {levels: [c]}\n", flow);
  CHECK(found(flow, dir.path()) ==
        diags("E005 ruleset.yaml:5:20 note ruleset.yaml:5:7", "E005 ruleset.yaml:6:3 note ruleset.yaml:5:3"));
}

TEST_CASE("loader: an unknown key is E004 naming the key and the allowed ones") {
  temp_dir dir;
  diagnostic_sink sink;
  const auto rs = load(dir, header + "units:\n  - id: A\n    kind: course\n    titel: Typo\n", sink);
  CHECK(found(sink, dir.path()) == diags("E004 ruleset.yaml:7:5"));
  const std::string text = messages(sink);
  CHECK(text.find("unknown key `titel` in a unit; did you mean `title`? (allowed: id, kind, hours, tags") !=
        std::string::npos);
  CHECK(rs.units.size() == 1);

  // No known key near enough: the allowed keys alone.
  diagnostic_sink far;
  load(dir, header + "units:\n  - id: A\n    kind: course\n    colour: red\n", far);
  CHECK(messages(far).find("unknown key `colour` in a unit; allowed: id, kind") != std::string::npos);

  diagnostic_sink top;
  load(dir, header + "unit:\n  - id: A\n", top);
  CHECK(found(top, dir.path()) == diags("E004 ruleset.yaml:4:1"));
}

TEST_CASE("loader: required keys are E006 at the entry") {
  temp_dir dir;
  diagnostic_sink sink;
  const auto rs = load(dir, header + R"(scales:
  s: {default: a}
marks:
  - id: m
units:
  - id: u
  - kind: course
equivalences:
  - id: e1
    from: [u]
  - id: e2
diplomas:
  - id: d
tests:
  - name: t
)",
                       sink);
  CHECK(found(sink, dir.path()) == diags("E006 ruleset.yaml:5:6",   // scale without levels
                                         "E006 ruleset.yaml:7:5",   // mark without levels
                                         "E006 ruleset.yaml:9:5",   // unit without kind
                                         "E006 ruleset.yaml:10:5",  // unit without id
                                         "E006 ruleset.yaml:12:5",  // from without counts_as
                                         "E006 ruleset.yaml:14:5",  // equivalence with neither form
                                         "E006 ruleset.yaml:16:5",  // diploma without requires
                                         "E006 ruleset.yaml:18:5"   // test without as_of
                                         ));
  CHECK(rs.units.size() == 1);  // the entry without an id is left out
}

TEST_CASE("loader: a duplicate id across two files is E009 naming both places") {
  temp_dir dir;
  dir.write("more.yaml", "# more units\nunits:\n  - {id: K1006, kind: course}\n");
  diagnostic_sink sink;
  const auto rs =
      load(dir, header + "include: [more.yaml]\nunits:\n  - id: K1006\n    kind: keuzedeel\n", sink);
  CHECK(found(sink, dir.path()) == diags("E009 more.yaml:3:10 note ruleset.yaml:6:9"));
  CHECK(messages(sink).find("unit 'K1006' is defined twice") != std::string::npos);
  CHECK(rs.units.size() == 2);  // both kept; the compiler resolves to the first
}

TEST_CASE("loader: dates, durations and numbers are checked at their scalar") {
  temp_dir dir;
  diagnostic_sink sink;
  load(dir, header + R"(marks:
  - {id: m, valid_for: P5, levels: {}}
units:
  - id: u
    kind: course
    effective: {from: 2023-02-29, to: "2024-01-01"}
    hours: "240"
  - {id: v, kind: course, hours: 1_000, valid_for: 5Y}
diplomas:
  - {id: d, requires: {n_of: {n: two, of: [{unit: u}]}}}
tests:
  - {name: t, as_of: 2024-13-01}
)",
       sink);
  CHECK(found(sink, dir.path()) == diags("E011 ruleset.yaml:5:24", "E010 ruleset.yaml:9:23",
                                         "E012 ruleset.yaml:10:13",  // quoted: a string, not a number
                                         "E012 ruleset.yaml:11:34", "E011 ruleset.yaml:11:52",
                                         "E012 ruleset.yaml:13:34", "E010 ruleset.yaml:15:22"));
}

TEST_CASE("loader: `civeff: 1` and nothing else") {
  temp_dir dir;
  const auto check = [&](const std::string& text) -> std::string {
    diagnostic_sink sink;
    load(dir, text, sink);
    return found(sink, dir.path());
  };
  CHECK(check("civeff: 2\nruleset: r\nversion: v\n") == diags("E003 ruleset.yaml:1:9"));
  CHECK(check("civeff: \"1\"\nruleset: r\nversion: v\n") == diags("E003 ruleset.yaml:1:10"));
  CHECK(check("civeff: 1.0\nruleset: r\nversion: v\n") == diags("E003 ruleset.yaml:1:9"));
  CHECK(check("ruleset: r\nversion: v\n") == diags("E003 ruleset.yaml:1:1"));
  CHECK(check("civeff: 1\n") == diags("E006 ruleset.yaml:1:1", "E006 ruleset.yaml:1:1"));
  CHECK(check("civeff: 1\nruleset: r\nversion: v\n").empty());
}

TEST_CASE("loader: include globs") {
  temp_dir dir;
  dir.write("units/b.yaml", "units: [{id: B, kind: k}]\n");
  dir.write("units/a.yaml", "units: [{id: A, kind: k}]\n");
  dir.write("units/.hidden.yaml", "units: [{id: H, kind: k}]\n");
  dir.write("units/notes.txt", "not yaml: [\n");
  dir.write("c.yaml", "units: [{id: C, kind: k}]\n");

  SUBCASE("matches are sorted per glob, globs in list order, the root never matched") {
    diagnostic_sink sink;
    const auto rs =
        load(dir, header + "include: [\"*.yaml\", units/*.yaml]\nunits: [{id: R, kind: k}]\n", sink);
    INFO(messages(sink));
    CHECK_FALSE(sink.has_errors());
    std::vector<std::string> ids;
    for (const auto& u : rs.units) ids.push_back(u.id.text);
    CHECK(ids == std::vector<std::string>{"R", "C", "A", "B"});
  }
  SUBCASE("a glob that matches nothing is E008") {
    diagnostic_sink sink;
    load(dir, header + "include: [units/*.yml, missing.yaml]\n", sink);
    CHECK(found(sink, dir.path()) == diags("E008 ruleset.yaml:4:11", "E008 ruleset.yaml:4:24"));
    CHECK(messages(sink).find("include 'units/*.yml' matches no file") != std::string::npos);
  }
  SUBCASE("a glob matching only the root matches nothing") {
    diagnostic_sink sink;
    load(dir, header + "include: [ruleset.yaml]\n", sink);
    CHECK(found(sink, dir.path()) == diags("E008 ruleset.yaml:4:11"));
  }
  SUBCASE("a file included twice is E008 naming the first include") {
    diagnostic_sink sink;
    const auto rs = load(dir, header + "include:\n  - units/a.yaml\n  - units/*.yaml\n", sink);
    CHECK(found(sink, dir.path()) == diags("E008 ruleset.yaml:6:5 note ruleset.yaml:5:5"));
    CHECK(rs.units.size() == 2);
  }
  SUBCASE("includes do not nest") {
    dir.write("nested.yaml", "include: [c.yaml]\nunits: [{id: N, kind: k}]\n");
    diagnostic_sink sink;
    const auto rs = load(dir, header + "include: [nested.yaml]\n", sink);
    CHECK(found(sink, dir.path()) == diags("E004 nested.yaml:1:1"));
    CHECK(rs.units.size() == 1);
  }
  SUBCASE("an included file holds sections only") {
    dir.write("bad.yaml", "civeff: 1\nmarks: []\n");
    diagnostic_sink sink;
    load(dir, header + "include: bad.yaml\n", sink);
    CHECK(found(sink, dir.path()) == diags("E004 bad.yaml:1:1"));
  }
  SUBCASE("`**` is refused") {
    diagnostic_sink sink;
    load(dir, header + "include: [\"**/*.yaml\"]\n", sink);
    CHECK(found(sink, dir.path()) == diags("E008 ruleset.yaml:4:12"));
  }
}

TEST_CASE("loader: glob segments") {
  CHECK(glob_segment_matches("*.yaml", "units.yaml"));
  CHECK_FALSE(glob_segment_matches("*.yaml", "units.yml"));
  CHECK_FALSE(glob_segment_matches("*.yaml", ".hidden.yaml"));
  CHECK(glob_segment_matches(".*.yaml", ".hidden.yaml"));
  CHECK(glob_segment_matches("u?it*.y*l", "units-2.yaml"));
  CHECK(glob_segment_matches("*", "x"));
  CHECK(glob_segment_matches("a*b*c", "aXbYbZc"));
  CHECK_FALSE(glob_segment_matches("a*b*c", "aXbYbZ"));
}

TEST_CASE("loader: YAML errors and missing files") {
  temp_dir dir;
  diagnostic_sink syntax;
  load(dir, header + "units:\n  - id: [A\n", syntax);
  CHECK(found(syntax, dir.path()).starts_with("E002 ruleset.yaml:"));
  CHECK(found(syntax, dir.path()).find(';') == std::string::npos);

  diagnostic_sink missing;
  const auto rs = load_ruleset_syntax(dir.path() / "nope", missing);
  CHECK(found(missing, dir.path()) == diags("E001 nope:0:0"));
  CHECK(rs.files.empty());

  diagnostic_sink two;
  load(dir, header + "---\nunits: []\n", two);
  CHECK(found(two, dir.path()) == diags("E002 ruleset.yaml:4:1"));

  diagnostic_sink empty;
  load(dir, "", empty);
  CHECK(found(empty, dir.path()) == diags("E007 ruleset.yaml:0:0"));

  diagnostic_sink file_path;  // a file path works as well as its directory
  dir.write("single.yaml", header);
  const auto single = load_ruleset_syntax(dir.path() / "single.yaml", file_path);
  CHECK_FALSE(file_path.has_errors());
  CHECK(single.name.text == "test");
}

TEST_CASE("loader: ids and levels are text as written (SPEC §10)") {
  temp_dir dir;
  diagnostic_sink sink;
  const auto rs = load(dir, header + R"(scales:
  yes: {levels: [no, on, off, "true", 1.0]}
units:
  - {id: 25498, kind: no}
  - {id: "007", kind: on, tags: [true, null_tag]}
  - {id: no, kind: 'off'}
)",
                       sink);
  INFO(messages(sink));
  REQUIRE_FALSE(sink.has_errors());
  REQUIRE(rs.scales.size() == 1);
  CHECK(rs.scales[0].id.text == "yes");
  std::vector<std::string> levels;
  for (const auto& l : rs.scales[0].levels) levels.push_back(l.text);
  CHECK(levels == std::vector<std::string>{"no", "on", "off", "true", "1.0"});
  REQUIRE(rs.units.size() == 3);
  CHECK(rs.units[0].id.text == "25498");
  CHECK(rs.units[0].kind.text == "no");
  CHECK(rs.units[1].id.text == "007");
  CHECK(pos(rs.units[1].id.where) == "8:11");
  CHECK(rs.units[1].tags[0].text == "true");
  CHECK(rs.units[2].id.text == "no");
  CHECK(rs.units[2].kind.text == "off");
  CHECK(pos(rs.units[2].kind.where) == "9:21");
}

TEST_CASE("loader: requirements take exactly one form") {
  temp_dir dir;
  diagnostic_sink sink;
  const auto rs = load(dir, header + R"(diplomas:
  - id: d
    requires:
      all_of:
        - {unit: A, any_of: [{unit: B}]}
        - {id: x, title: nothing}
        - {hours: {min: 4, of: {kinds: k}}}
        - {count: {min: 1}}
        - {avg: {attr: g, min: 1, of: {}, within: P1Y}}
        - K1006
)",
                       sink);
  CHECK(found(sink, dir.path()) == diags("E007 ruleset.yaml:8:21 note ruleset.yaml:8:12",
                                         "E007 ruleset.yaml:9:11", "E004 ruleset.yaml:10:33",
                                         "E006 ruleset.yaml:11:19", "E004 ruleset.yaml:12:43",
                                         "E007 ruleset.yaml:13:11"));
  REQUIRE(rs.diplomas.size() == 1);
  CHECK(rs.diplomas[0].requires_->children.size() == 4);
}

TEST_CASE("loader: expression positions map every byte back to the file") {
  temp_dir dir;
  // Line 5 onwards; `é` is two bytes but one column.
  diagnostic_sink sink;
  const auto rs = load(dir, header + R"(units:
  - {id: plain, kind: k, credit_when: attrs.x > 1}
  - {id: double, kind: k, credit_when: "kind == \"é\" and x"}
  - {id: single, kind: k, credit_when: 'kind == ''a'' or y'}
  - id: literal
    kind: k
    credit_when: |
      a and
        b
  - id: folded
    kind: k
    credit_when: >-
      a
      or b
  - id: multiline
    kind: k
    credit_when: attrs.a
      and
      attrs.b
  - {id: unicode, kind: é, title: "ü", credit_when: x}
  - id: escaped
    kind: k
    credit_when: "a \u00e9\tb \
      c"
  - id: anchored
    kind: k
    credit_when: &w x
  - id: tagged
    kind: k
    credit_when: !!str y
)",
                       sink);
  INFO(messages(sink));
  REQUIRE_FALSE(sink.has_errors());
  REQUIRE(rs.units.size() == 10);
  const auto& plain = *rs.units[0].credit_when;
  CHECK(plain.text == "attrs.x > 1");
  CHECK(positions(plain).front() == "5:39");
  CHECK(pos(plain.at(8)) == "5:47");         // `>`
  CHECK(positions(plain).back() == "5:50");  // one past the end
  CHECK(plain.at(1000).line == 5);           // clamped

  const auto& dq = *rs.units[1].credit_when;
  CHECK(dq.text == "kind == \"é\" and x");
  CHECK(positions(dq) == std::vector<std::string>{"6:41", "6:42", "6:43", "6:44", "6:45", "6:46", "6:47",
                                                  "6:48", "6:49", "6:51", "6:51", "6:52", "6:54", "6:55",
                                                  "6:56", "6:57", "6:58", "6:59", "6:60"});

  const auto& sq = *rs.units[2].credit_when;
  CHECK(sq.text == "kind == 'a' or y");
  CHECK(pos(sq.at(8)) == "7:49");   // the first quote of ''
  CHECK(pos(sq.at(9)) == "7:51");   // a
  CHECK(pos(sq.at(10)) == "7:52");  // the closing ''
  CHECK(pos(sq.at(15)) == "7:58");  // y
  CHECK(pos(sq.at(16)) == "7:59");  // the closing quote

  const auto& lit = *rs.units[3].credit_when;
  CHECK(lit.text == "a and\n  b\n");
  CHECK(pos(lit.at(0)) == "11:7");
  CHECK(pos(lit.at(5)) == "11:12");  // the line break
  CHECK(pos(lit.at(6)) == "12:7");   // more-indented spaces are content
  CHECK(pos(lit.at(8)) == "12:9");   // b

  const auto& folded = *rs.units[4].credit_when;
  CHECK(folded.text == "a or b");
  CHECK(pos(folded.at(0)) == "16:7");
  CHECK(pos(folded.at(1)) == "16:8");  // the folded line break
  CHECK(pos(folded.at(2)) == "17:7");
  CHECK(pos(folded.at(5)) == "17:10");

  const auto& multi = *rs.units[5].credit_when;
  CHECK(multi.text == "attrs.a and attrs.b");
  CHECK(pos(multi.at(0)) == "20:18");
  CHECK(pos(multi.at(8)) == "21:7");   // and
  CHECK(pos(multi.at(12)) == "22:7");  // attrs.b
  CHECK(positions(multi).back() == "22:14");

  CHECK(pos(rs.units[6].kind.where) == "23:25");
  CHECK(pos(rs.units[6].credit_when->at(0)) == "23:53");

  const auto& esc = *rs.units[7].credit_when;
  CHECK(esc.text == "a \xC3\xA9\tb c");
  CHECK(pos(esc.at(2)) == "26:21");  // \u00e9: both bytes at the backslash
  CHECK(pos(esc.at(3)) == "26:21");
  CHECK(pos(esc.at(4)) == "26:27");  // \t
  CHECK(pos(esc.at(6)) == "26:30");  // the space kept before an escaped line break
  CHECK(pos(esc.at(7)) == "27:7");   // c, after the escaped line break

  CHECK(pos(rs.units[8].credit_when->at(0)) == "30:21");  // after the anchor
  CHECK(pos(rs.units[9].credit_when->at(0)) == "33:24");  // after the tag
}

TEST_CASE("loader: expression text can never be empty") {
  temp_dir dir;
  diagnostic_sink sink;
  load(dir,
       header + "units:\n  - {id: a, kind: k, credit_when: \"  \"}\n  - {id: b, kind: k, credit_when: }\n",
       sink);
  CHECK(found(sink, dir.path()) == diags("E007 ruleset.yaml:5:36", "E007 ruleset.yaml:6:22"));
}

TEST_CASE("loader: overlays replace in place, append, and remove") {
  temp_dir dir;
  diagnostic_sink sink;
  auto rs = load(dir, header + R"(marks:
  - {id: a, levels: {s: x}}
  - {id: nrto, levels: {s: x}}
  - {id: c, levels: {s: x}}
equivalences:
  - {id: eq-medicatie, equivalent: [u, v]}
)",
                 sink);
  REQUIRE_FALSE(sink.has_errors());
  const auto path = dir.write("scenario.yaml", R"(civeff: 1
overlay: nrto-national
marks:
  - id: nrto
    levels: {s: national}
  - {id: new, levels: {s: x}}
remove:
  equivalences: [eq-medicatie]
  marks: [c, missing]
)");
  const auto overlay = load_overlay_syntax(path, sink);
  CHECK(found(sink, dir.path()).empty());
  CHECK(overlay.name.text == "nrto-national");
  apply_overlay(rs, overlay, sink);
  CHECK(found(sink, dir.path()) == diags("E024 scenario.yaml:9:14"));
  std::vector<std::string> ids;
  for (const auto& m : rs.marks) ids.push_back(m.id.text);
  CHECK(ids == std::vector<std::string>{"a", "nrto", "new"});
  CHECK(rs.marks[1].levels[0].cases[0].level.text == "national");
  CHECK(rs.equivalences.empty());
  CHECK(rs.overlays == std::vector<std::string>{"nrto-national"});
  CHECK(fs::path(rs.files.back()).filename() == "scenario.yaml");
}

TEST_CASE("loader: an overlay cannot change the ruleset's name or version") {
  temp_dir dir;
  const auto path =
      dir.write("o.yaml", "civeff: 1\noverlay: o\nversion: \"2\"\ninclude: [x.yaml]\nremove: {tests: [t]}\n");
  diagnostic_sink sink;
  const auto overlay = load_overlay_syntax(path, sink);
  CHECK(found(sink, dir.path()) == diags("E024 o.yaml:3:1", "E004 o.yaml:4:1", "E004 o.yaml:5:10"));
  diagnostic_sink no_name;
  load_overlay_syntax(dir.write("p.yaml", "civeff: 1\nmarks: []\n"), no_name);
  CHECK(found(no_name, dir.path()) == diags("E006 p.yaml:1:1"));
}

TEST_CASE("portfolio: JSON is read as YAML, with line and column") {
  diagnostic_sink sink;
  const auto p = parse_portfolio_syntax(R"({
  "person": "p-001",
  "attrs": {"role": "verzorgende", "cohort": "2021-08-01", "fte": 0.8, "nurse": false},
  "achievements": [
    {"unit": "LE-medicatie", "date": "2023-05-01", "marks": ["mbo-certificaat"], "hours": 80},
    {"title": "Agressietraining", "date": "2023-06-01", "attrs": {"exam": true, "points": 4, "on": "2024-01-01"}},
    {"unit": 25498, "date": "2023-02-30", "exempt": "nope", "grade": 7},
    {"unit": "X", "hours": -1}
  ]
})",
                                        "p.json", sink);
  CHECK(found(sink, "") == diags("E010 p.json:7:30", "E041 p.json:7:54", "E041 p.json:7:62",
                                 "E041 p.json:8:5", "E041 p.json:8:28"));
  CHECK(p.person->text == "p-001");
  CHECK(std::get<std::string>(p.attrs.at("cohort")) == "2021-08-01");  // quoted: a string
  CHECK(std::get<double>(p.attrs.at("fte")) == 0.8);
  CHECK_FALSE(std::get<bool>(p.attrs.at("nurse")));
  REQUIRE(p.achievements.size() == 4);
  const auto& a = p.achievements[0];
  CHECK(a.unit->text == "LE-medicatie");
  CHECK(pos(a.unit->where) == "5:15");
  CHECK(pos(a.where) == "5:5");
  CHECK(a.when->value.to_string() == "2023-05-01");
  CHECK(a.hours->value == 80);
  CHECK(a.marks.size() == 1);
  CHECK_FALSE(p.achievements[1].unit.has_value());
  CHECK(p.achievements[1].title == "Agressietraining");
  CHECK(std::get<bool>(p.achievements[1].attrs.at("exam")));
  CHECK(std::get<std::string>(p.achievements[1].attrs.at("on")) == "2024-01-01");
  CHECK(p.achievements[2].unit->text == "25498");
  CHECK_FALSE(p.achievements[2].when.has_value());
  CHECK_FALSE(p.achievements[3].hours.has_value());
}

TEST_CASE("portfolio: YAML attributes are typed, errors are input errors") {
  diagnostic_sink sink;
  const auto p = parse_portfolio_syntax(R"(person: p-2
attrs: {cohort: 2021-08-01, quoted: "2021-08-01", word: on, n: 12, bad: 2021-02-30, empty: ~}
achievements:
  - {unit: A, date: 2024-01-01, exempt: true}
  - {unit: B, date: 2024-01-01, exempt: Maybe}
  - {unit: C}
extra: 1
)",
                                        "p.yaml", sink);
  CHECK(found(sink, "") ==
        diags("E010 p.yaml:2:73", "E041 p.yaml:5:41", "E041 p.yaml:6:5", "E041 p.yaml:7:1"));
  CHECK(std::get<civeff::date>(p.attrs.at("cohort")).to_string() == "2021-08-01");
  CHECK(std::get<std::string>(p.attrs.at("quoted")) == "2021-08-01");
  CHECK(std::get<std::string>(p.attrs.at("word")) == "on");
  CHECK(std::get<double>(p.attrs.at("n")) == 12);
  CHECK(p.attrs.count("empty") == 0);
  REQUIRE(p.achievements.size() == 3);
  CHECK(p.achievements[0].exempt);
  CHECK_FALSE(p.achievements[1].exempt);

  diagnostic_sink not_map;
  parse_portfolio_syntax("[1, 2]", "q.json", not_map);
  CHECK(found(not_map, "") == diags("E041 q.json:1:1"));
  diagnostic_sink broken;
  parse_portfolio_syntax("{\"person\": \"p\",\n \"achievements\": [}", "r.json", broken);
  CHECK(found(broken, "").starts_with("E002 r.json:2:"));
  CHECK(found(broken, "").find(';') == std::string::npos);
}

TEST_CASE("loader: survives hostile shapes") {
  temp_dir dir;
  const char* inputs[] = {
      "[]",
      "!a ,\n",  // yaml-cpp 0.7's LoadAll loops forever on this one
      "&x\n,",
      "civeff: 1\nruleset: [a]\nversion: {}\nscales: [a]\nmarks: {a: 1}\nunits: 5\n",
      "civeff: 1\nruleset: r\nversion: v\nmarks:\n  - {id: m, levels: {s: [{level: [x]}, 5, {when: [a]}]}}\n",
      "civeff: 1\nruleset: r\nversion: v\ntests:\n  - {name: t, as_of: 2024-01-01, portfolio: 5, expect: "
      "{levels: 5}}\n",
      "civeff: 1\nruleset: r\nversion: v\ntests:\n  - {name: [t], as_of: x, expect: {levels: [5, {a: [b]}], "
      "diplomas: []}}\n",
      "civeff: 1\nruleset: r\nversion: v\n? [a]\n: b\ndiplomas:\n  - {id: d, requires: {all_of: 5}}\n",
      "civeff: 1\nruleset: r\nversion: v\ndiplomas:\n  - {id: d, requires: &r {all_of: [{unit: a}]}}\n  - "
      "{id: e, requires: *r}\n",
  };
  for (const char* input : inputs) {
    CAPTURE(input);
    diagnostic_sink sink;
    load(dir, input, sink);
    CHECK(sink.has_errors() == (std::string(input).find("&r") == std::string::npos));
  }
}
