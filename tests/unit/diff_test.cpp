// SPDX-License-Identifier: Apache-2.0
// The full diff (SPEC §12): which outcomes changed between two versions of the
// rules, and why (the changed rules each outcome uses); and the rules an outcome
// uses, read from one traced evaluation (explain/rule_uses.hpp).

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "eval/evaluator.hpp"
#include "eval/portfolio_input.hpp"
#include "eval/trace.hpp"
#include "explain/explainer.hpp"
#include "explain/rule_uses.hpp"
#include "ir/program.hpp"
#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const std::string header = "civeff: 1\nruleset: t\nversion: \"1\"\n";
const std::string overlay_header = "civeff: 1\noverlay: o\n";

// Compiles a root file held in memory, with overlay texts on top; the
// diagnostics in the exception when it does not compile.
std::shared_ptr<const ruleset> compiled(const std::string& root,
                                        const std::vector<std::string>& overlays = {}) {
  compile_options options;
  for (const auto& o : overlays) options.overlays.emplace_back(overlay_text{o, "overlay.yaml"});
  const compile_result r = compile(std::map<std::string, std::string>{{"ruleset.yaml", root}}, options);
  if (!r.ok()) {
    std::string all;
    for (const auto& d : r.diagnostics) all += d.format() + "\n";
    throw std::runtime_error("ruleset does not compile:\n" + all);
  }
  return r.rules;
}

// The population `csv` as each side reads it (a mark of the other side only is
// no error), diffed at `as_of` on one thread.
diff_result diff_csv(const ruleset& before, const ruleset& after, const std::string& csv,
                     const char* as_of = "2024-01-01") {
  read_options for_before, for_after;
  for_before.compared_with = &after;
  for_after.compared_with = &before;
  const population a = parse_population_csv(csv, "pop.csv", &before, for_before);
  const population b = parse_population_csv(csv, "pop.csv", &after, for_after);
  batch_options options;
  options.as_of = day(as_of);
  options.threads = 1;
  return diff(before, after, a.view(), b.view(), options);
}

// The rows as to_csv writes them, without the header.
std::vector<std::string> csv_rows(const diff_result& d) {
  std::vector<std::string> out;
  std::istringstream in(to_csv(d));
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// The summary's change per row, in row order.
std::vector<std::string> changes(const diff_result& d) {
  std::vector<std::string> out;
  for (const auto& r : d.rows) out.emplace_back(d.text(r.change));
  return out;
}

// ---------------------------------------------------------------- the rules an outcome uses

// What `use` appends for one traced evaluation of `p`, sorted and each once.
std::vector<std::string> uses_of(const ruleset& rules, const portfolio& p, const char* as_of,
                                 const std::function<void(const detail::program&, const detail::rule_uses&,
                                                          std::vector<std::string>&)>& use) {
  const detail::program& prog = rules.program();
  detail::workspace ws;
  detail::as_of_context ctx;
  ctx.prepare(prog, day(as_of).days_since_epoch());
  detail::load_portfolio(prog, p, ws);
  detail::trace t;
  ws.run(prog, ctx, t);
  const detail::explainer why(prog, p, ws, ctx, t);
  const detail::rule_uses uses(prog, ws, why);
  std::vector<std::string> out;
  use(prog, uses, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> level_uses(const ruleset& rules, const portfolio& p, std::size_t achievement,
                                    const std::string& scale, const char* as_of = "2024-01-01") {
  return uses_of(rules, p, as_of, [&](const detail::program& prog, const detail::rule_uses& u, auto& out) {
    for (std::size_t s = 0; s < prog.scales.size(); ++s)
      if (prog.scales[s].id == scale) u.level(achievement, s, out);
  });
}

std::vector<std::string> credit_uses(const ruleset& rules, const portfolio& p, const std::string& unit,
                                     const char* as_of = "2024-01-01") {
  const result r = rules.evaluate(p, day(as_of));
  REQUIRE(r.credited.count(unit) == 1);
  return uses_of(rules, p, as_of, [&](const detail::program& prog, const detail::rule_uses& u, auto& out) {
    u.credit(prog.find_unit(unit), out);
  });
}

std::vector<std::string> diploma_uses(const ruleset& rules, const portfolio& p, const std::string& diploma,
                                      const char* as_of = "2024-01-01") {
  return uses_of(rules, p, as_of, [&](const detail::program& prog, const detail::rule_uses& u, auto& out) {
    for (std::size_t d = 0; d < prog.diplomas.size(); ++d)
      if (prog.diplomas[d].id == diploma) u.diploma(d, out);
  });
}

using names = std::vector<std::string>;

}  // namespace

// ---------------------------------------------------------------- full diff: rows

TEST_CASE("SPEC 12: a diploma row when its status, progress or missing leaves changed") {
  const std::string root = header + R"(units:
  - {id: A, kind: k, hours: 10}
  - {id: B, kind: k, hours: 10}
  - {id: C, kind: k, hours: 5}
  - {id: X, kind: j}
  - {id: Y, kind: j}
diplomas:
  - id: d
    requires:
      all_of:
        - unit: A
        - {id: more, hours: {min: 20, of: {kind: k}}}
  - id: e
    requires: {any_of: [{unit: X}, {unit: Y}]}
)";
  const auto before = compiled(root);
  const auto after = compiled(root, {overlay_header + R"(diplomas:
  - id: d
    requires:
      all_of:
        - unit: A
        - {id: more, hours: {min: 10, of: {kind: k}}}
  - id: e
    requires: {any_of: [{unit: Y}, {unit: X}]}
)"});
  // p1: status; p2: progress only (no leaf holds: none on both sides); p3: the
  // any_of's first child on a tie is now Y (missing only); p4: nothing changes.
  const diff_result d = diff_csv(*before, *after, R"(person,unit,title,date
p1,A,,2023-01-01
p1,X,,2023-01-01
p2,C,,2023-01-01
p2,X,,2023-01-01
p3,,Agressietraining,2023-01-01
p4,A,,2023-01-01
p4,B,,2023-01-01
p4,C,,2023-01-01
p4,X,,2023-01-01
)");
  CHECK(d.compared == 4);
  CHECK(d.changed_rules == names{"diploma:d", "diploma:e"});
  CHECK(csv_rows(d) == names{
                           "diploma,p1,d,,,,partial,complete,,,0.75,1,more,,diploma:d",
                           "diploma,p2,d,,,,none,none,,,0.125,0.25,unit:A;more,unit:A;more,diploma:d",
                           "diploma,p3,e,,,,none,none,,,0,0,unit:X,unit:Y,diploma:e",
                       });
  CHECK(changes(d) == names{"partial->complete", "progress up", "missing changed"});
  CHECK(d.persons == names{"p1", "p2", "p3"});
  // Nothing missing is an empty text, not an absent cell: the diploma exists.
  REQUIRE(d.rows.size() == 3);
  CHECK(d.rows[0].missing_after != change_row::no_text);
  CHECK(d.text(d.rows[0].missing_after).empty());
}

TEST_CASE("SPEC 12: level rows match achievements by their position in the person's input") {
  const std::string root = header + R"(scales:
  ce: {levels: [none, internal, sector, national]}
  nlqf: {levels: ["1", "2", "3", "4"], default: null}
marks:
  - {id: nrto, levels: {ce: internal}}
  - {id: cert, levels: {ce: national, nlqf: "3"}}
units:
  - {id: A, kind: k}
  - {id: B, kind: k}
)";
  const auto before = compiled(root);
  const auto after = compiled(root, {overlay_header + "marks:\n  - {id: nrto, levels: {ce: national}}\n"});
  // q's row sits between p's: positions count the person's own rows. p's fourth
  // achievement is dated after as_of (not counted: no levels on either side); its
  // fifth carries cert too (national on both sides).
  const diff_result d = diff_csv(*before, *after, R"(person,unit,title,date,marks
p,A,,2023-01-01,nrto
q,A,,2023-01-01,nrto
p,B,,2023-02-01,
p,,Agressietraining,2023-03-01,nrto
p,A,,2025-01-01,nrto
p,B,,2023-04-01,nrto;cert
)");
  CHECK(csv_rows(d) == names{
                           "level,p,0,ce,A,2023-01-01,internal,national,,,,,,,mark:nrto",
                           "level,p,2,ce,Agressietraining,2023-03-01,internal,national,,,,,,,mark:nrto",
                           "level,q,0,ce,A,2023-01-01,internal,national,,,,,,,mark:nrto",
                       });
  CHECK(changes(d) == names{"internal->national", "internal->national", "internal->national"});
  REQUIRE(d.rows.size() == 3);
  CHECK(d.rows[1].achievement == 2);
  CHECK(d.rows[1].subject == change_row::no_text);
  CHECK(d.text(d.rows[1].unit) == "Agressietraining");
  CHECK(d.rows[1].when == day("2023-03-01"));
}

TEST_CASE("SPEC 12: credit rows when a unit is gained or lost, or its via or date changed") {
  const std::string root = header + R"(units:
  - {id: A, kind: k}
  - {id: B, kind: k}
  - {id: G, kind: k}
  - {id: L, kind: k, credit_when: attrs.exam == true}
  - {id: V, kind: k}
  - {id: D, kind: k}
equivalences:
  - {id: e1, from: [A], counts_as: [V]}
  - {id: e2, from: [B], counts_as: [V]}
)";
  const auto before = compiled(root);
  const auto after = compiled(root, {overlay_header + R"(units:
  - {id: L, kind: k, credit_when: attrs.exam == false}
  - {id: D, kind: k, effective: {to: 2022-12-31}}
equivalences:
  - {id: eg, from: [A], counts_as: [G]}
remove:
  equivalences: [e1]
)"});
  // V: e1 and e2 apply on the same day, e1 first; without e1, e2 is the via.
  // D: credited at its latest date, 2023-03-01, which falls outside its window after.
  const diff_result d = diff_csv(*before, *after, R"(person,unit,date,exam
p,A,2023-01-01,
p,B,2023-01-01,
p,L,2023-01-01,true
p,D,2022-06-01,
p,D,2023-03-01,
)");
  CHECK(d.changed_rules == names{"equivalence:e1", "equivalence:eg", "unit:D", "unit:L"});
  CHECK(csv_rows(d) == names{
                           "credit,p,D,,,,achievement,achievement,2023-03-01,2022-06-01,,,,,unit:D",
                           "credit,p,G,,,,,eg,,2023-01-01,,,,,equivalence:eg",
                           "credit,p,L,,,,achievement,,2023-01-01,,,,,,unit:L",
                           "credit,p,V,,,,e1,e2,2023-01-01,2023-01-01,,,,,equivalence:e1",
                       });
  CHECK(changes(d) == names{"earlier", "gained", "lost", "via e1->e2"});
}

// ---------------------------------------------------------------- full diff: changed rules

TEST_CASE(
    "SPEC 12: the changed rules are the entries of the seven sections added, removed or defined "
    "differently") {
  const std::string root = header + R"(attributes:
  exam: {type: bool}
  points: {type: number, min: 0}
person_attributes:
  role: {type: text, values: [a, b]}
  cohort: {type: date}
scales:
  ce: {levels: [none, internal, national]}
  old: {levels: [x, y]}
marks:
  - {id: m0, levels: {ce: none}}
  - {id: m1, levels: {ce: internal}}
  - {id: m2, implies: [m0, m1], levels: {ce: [{when: attrs.points >= 4, level: national}]}}
  - {id: m3, levels: {old: y}}
units:
  - {id: A, kind: k, hours: 10, tags: [t1, t2], credit_when: attrs.exam == true}
  - {id: B, kind: k}
  - {id: C, kind: k}
equivalences:
  - {id: ab, equivalent: [A, B]}
  - {id: bc, from: [B], counts_as: [C]}
diplomas:
  - id: d1
    requires: {all_of: [{unit: A}, {hours: {min: 10, of: {kind: k}}}]}
  - id: d2
    requires: {check: person.role == "a"}
)";
  const auto before = compiled(root);
  // Rewritten alike (the same parsed values): scale ce with its default spelled
  // out, m1 as a list of one case, m2 with its implies reordered and its
  // expression spaced otherwise, A with its tags reordered, B with the default
  // hours written, ab with its members reordered, d1 in block style, exam.
  const auto after = compiled(root, {overlay_header + R"(attributes:
  exam: {type: bool}
  points: {type: number, min: 1}
person_attributes:
  team: {type: text}
scales:
  ce: {levels: [none, internal, national], default: none}
  new: {levels: [p, q]}
marks:
  - {id: m1, levels: {ce: [{level: internal}]}}
  - {id: m2, implies: [m1, m0], levels: {ce: [{when: "attrs.points>=4", level: national}]}}
  - {id: m4, levels: {new: q}}
units:
  - {id: A, kind: k, hours: 10.0, tags: [t2, t1], credit_when: (attrs.exam == true)}
  - {id: B, kind: k, hours: 0}
  - {id: C, kind: j}
equivalences:
  - {id: ab, equivalent: [B, A]}
  - {id: bc, from: [B], counts_as: [C], when: hours >= 0}
diplomas:
  - id: d1
    requires:
      all_of:
        - unit: A
        - hours: {min: 10, of: {kind: k}}
  - id: d2
    requires: {check: person.role == "b"}
remove:
  scales: [old]
  marks: [m3]
  person_attributes: [cohort]
)"});
  const diff_result d = diff_csv(*before, *after, "person,unit,date\np,B,2023-01-01\n");
  CHECK(d.changed_rules == names{"attribute:points", "diploma:d2", "equivalence:bc", "mark:m3", "mark:m4",
                                 "person_attribute:cohort", "person_attribute:team", "scale:new", "scale:old",
                                 "unit:C"});
  // Rules compared with themselves: nothing changed, no rows.
  const diff_result same = diff_csv(*before, *compiled(root), "person,unit,date\np,B,2023-01-01\n");
  CHECK(same.changed_rules.empty());
  CHECK(same.rows.empty());
  CHECK(same.compared == 1);
}

TEST_CASE("SPEC 12: title, name, source, notes, issuer and attests are not compared") {
  const std::string root = header + R"(attributes:
  exam: {type: bool, title: Examen}
scales:
  ce: {levels: [none, national], title: Civiel effect, name: ce, source: "https://example.org/ce", notes: n}
marks:
  - {id: m, levels: {ce: national}, title: M, name: Mark M, source: s, notes: n, issuer: I, attests: A}
units:
  - {id: A, kind: k, title: Unit A, name: a, source: s, notes: n, credit_when: attrs.exam == true}
  - {id: B, kind: k}
equivalences:
  - {id: e, equivalent: [A, B], title: E, name: e, source: s, notes: n}
diplomas:
  - id: d
    title: Diploma
    name: d
    source: s
    notes: n
    requires: {all_of: [{unit: A, title: Unit A}], title: All}
)";
  const std::string other = header + R"(attributes:
  exam: {type: bool, title: Exam passed}
scales:
  ce: {levels: [none, national], title: Civil effect, name: CE, source: "https://example.org/other", notes: other}
marks:
  - {id: m, levels: {ce: national}, title: M2, name: Other, source: s2, notes: n2, issuer: J, attests: B}
units:
  - {id: A, kind: k, title: Unit A2, name: b, source: s2, notes: n2, credit_when: attrs.exam == true}
  - {id: B, kind: k, title: B}
equivalences:
  - {id: e, equivalent: [A, B], title: E2, name: f, source: s2, notes: n2}
diplomas:
  - id: d
    title: Diploma 2
    name: e
    source: s2
    notes: n2
    requires: {all_of: [{unit: A, title: Unit A again}], title: Every one}
)";
  const std::string csv = "person,unit,date,marks,exam\np,A,2023-01-01,m,true\n";
  const auto before = compiled(root);
  SUBCASE("a second ruleset") {
    const diff_result d = diff_csv(*before, *compiled(other), csv);
    CHECK(d.changed_rules.empty());
    CHECK(d.rows.empty());
  }
  SUBCASE("an overlay") {
    // The overlay redefines every entry, sections as the second ruleset has them.
    const std::string sections = other.substr(header.size());
    const diff_result d = diff_csv(*before, *compiled(root, {overlay_header + sections}), csv);
    CHECK(d.changed_rules.empty());
    CHECK(d.rows.empty());
  }
}

TEST_CASE("SPEC 12: with a second ruleset, an equivalence moved in declaration order is changed") {
  const auto rules_with = [](const std::string& equivalences) {
    return compiled(header + R"(units:
  - {id: A, kind: k}
  - {id: B, kind: k}
  - {id: C, kind: k}
  - {id: D, kind: k}
  - {id: V, kind: k}
equivalences:
)" + equivalences);
  };
  const std::string e1 = "  - {id: e1, from: [A], counts_as: [V]}\n";
  const std::string e2 = "  - {id: e2, from: [B], counts_as: [V]}\n";
  const std::string e3 = "  - {id: e3, equivalent: [C, D]}\n";
  const auto before = rules_with(e1 + e2 + e3);
  const std::string csv = "person,unit,date\np,A,2023-01-01\np,B,2023-01-01\np,C,2023-01-01\n";
  SUBCASE("two swapped: both moved; the via of a tie follows declaration order (SPEC 5.3)") {
    const diff_result d = diff_csv(*before, *rules_with(e2 + e1 + e3), csv);
    CHECK(d.changed_rules == names{"equivalence:e1", "equivalence:e2"});
    CHECK(csv_rows(d) ==
          names{"credit,p,V,,,,e1,e2,2023-01-01,2023-01-01,,,,,equivalence:e1;equivalence:e2"});
  }
  SUBCASE("one removed: the others keep their order among the equivalences both have") {
    const diff_result d = diff_csv(*before, *rules_with(e1 + e3), csv);
    CHECK(d.changed_rules == names{"equivalence:e2"});
    CHECK(d.rows.empty());  // V stays credited via e1
  }
  SUBCASE("one moved to the front: every position changed") {
    const diff_result d = diff_csv(*before, *rules_with(e3 + e1 + e2), csv);
    CHECK(d.changed_rules == names{"equivalence:e1", "equivalence:e2", "equivalence:e3"});
    CHECK(d.rows.empty());  // e1 still comes before e2
  }
  SUBCASE("the same order: nothing changed") {
    const diff_result d = diff_csv(*before, *rules_with(e1 + e2 + e3), csv);
    CHECK(d.changed_rules.empty());
    CHECK(d.rows.empty());
  }
}

TEST_CASE("SPEC 12: a row's cause is the byte-ordered list of the changed rules it uses before or after") {
  const std::string root = header + R"(scales:
  ce: {levels: [none, internal, national]}
marks:
  - {id: m, levels: {ce: internal}}
units:
  - {id: S, kind: k, hours: 10, credit_when: has_mark("m")}
  - {id: R, kind: k}
  - {id: T, kind: k}
  - {id: Q, kind: k}
equivalences:
  - {id: Z-eq, from: [S], counts_as: [T]}
)";
  const auto before = compiled(root);
  // T's derivation before uses Z-eq and S (whose credit_when reads mark m), after
  // a-eq and R; Q changed too but no outcome of p uses it.
  const auto after = compiled(root, {overlay_header + R"(marks:
  - {id: m, levels: {ce: national}}
units:
  - {id: S, kind: k, hours: 20, credit_when: has_mark("m")}
  - {id: Q, kind: j}
equivalences:
  - {id: a-eq, from: [R], counts_as: [T]}
remove:
  equivalences: [Z-eq]
)"});
  const diff_result d =
      diff_csv(*before, *after, "person,unit,date,marks\np,S,2023-01-01,m\np,R,2023-01-01,\n");
  CHECK(d.changed_rules == names{"equivalence:Z-eq", "equivalence:a-eq", "mark:m", "unit:Q", "unit:S"});
  CHECK(csv_rows(d) ==
        names{
            "level,p,0,ce,S,2023-01-01,internal,national,,,,,,,mark:m",
            "credit,p,T,,,,Z-eq,a-eq,2023-01-01,2023-01-01,,,,,equivalence:Z-eq;equivalence:a-eq;"
            "mark:m;unit:S",
        });
}

TEST_CASE("SPEC 12: a diploma or scale only one side has gives rows whose before or after is empty") {
  const std::string root = header + R"(scales:
  ce: {levels: [none, internal, national]}
  old: {levels: [x, y]}
marks:
  - {id: m, levels: {ce: internal, old: y}}
units:
  - {id: A, kind: k}
diplomas:
  - {id: d1, requires: {unit: A}}
)";
  const auto before = compiled(root);
  const auto after = compiled(root, {overlay_header + R"(scales:
  nlqf: {levels: ["1", "2"], default: null}
  new: {levels: [p, q]}
marks:
  - {id: m, levels: {ce: internal, nlqf: "2"}}
diplomas:
  - {id: d2, requires: {unit: A}}
remove:
  scales: [old]
  diplomas: [d1]
)"});
  // q's achievement has no level on nlqf on either side (null there, no scale
  // here): no row for it.
  const diff_result d =
      diff_csv(*before, *after, "person,unit,title,date,marks\np,A,,2023-01-01,m\nq,,Kursus,2023-01-01,\n");
  CHECK(csv_rows(d) == names{
                           "diploma,p,d1,,,,complete,,,,1,,,,diploma:d1",
                           "diploma,p,d2,,,,,complete,,,,1,,,diploma:d2",
                           "level,p,0,new,A,2023-01-01,,p,,,,,,,scale:new",
                           "level,p,0,nlqf,A,2023-01-01,,2,,,,,,,mark:m;scale:nlqf",
                           "level,p,0,old,A,2023-01-01,y,,,,,,,,mark:m;scale:old",
                           "diploma,q,d1,,,,none,,,,0,,unit:A,,diploma:d1",
                           "diploma,q,d2,,,,,none,,,,0,,unit:A,diploma:d2",
                           "level,q,0,new,Kursus,2023-01-01,,p,,,,,,,scale:new",
                           "level,q,0,old,Kursus,2023-01-01,x,,,,,,,,scale:old",
                       });
  CHECK(changes(d) == names{"complete->absent", "absent->complete", "absent->p", "absent->2", "y->absent",
                            "none->absent", "absent->none", "absent->p", "x->absent"});
  REQUIRE(d.rows.size() == 9);
  const change_row& gone = d.rows[0];
  CHECK(gone.after == change_row::no_text);
  CHECK_FALSE(gone.progress_after.has_value());
  CHECK(gone.missing_after == change_row::no_text);
  const change_row& added = d.rows[1];
  CHECK(added.before == change_row::no_text);
  CHECK_FALSE(added.progress_before.has_value());
  CHECK(added.missing_before == change_row::no_text);
}

TEST_CASE(
    "SPEC 12: a mark only one side has counts as absent on the other, with W012 once, and its rows name it") {
  const std::string root = header + R"(scales:
  ce: {levels: [none, internal, national]}
marks:
  - {id: m, levels: {ce: internal}}
units:
  - {id: A, kind: k}
  - {id: N, kind: k, credit_when: has_mark("m")}
)";
  const auto with_m = compiled(root);
  const auto with_new = compiled(root, {overlay_header + R"(marks:
  - {id: new, levels: {ce: national}}
)"});
  const std::string csv = R"(person,unit,date,marks
p,A,2023-01-01,new
p,A,2023-02-01,new
q,A,2023-01-01,m;new
r,A,2023-01-01,m
)";
  SUBCASE("added by the overlay") {
    const diff_result d = diff_csv(*with_m, *with_new, csv);
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].code == "W012");
    CHECK(d.warnings[0].level == severity::warning);
    CHECK(d.warnings[0].message.find("'new'") != std::string::npos);
    CHECK(d.changed_rules == names{"mark:new"});
    CHECK(csv_rows(d) == names{
                             "level,p,0,ce,A,2023-01-01,none,national,,,,,,,mark:new",
                             "level,p,1,ce,A,2023-02-01,none,national,,,,,,,mark:new",
                             "level,q,0,ce,A,2023-01-01,internal,national,,,,,,,mark:new",
                         });
  }
  SUBCASE("removed by the second ruleset") {
    // `new` only before: absent after; N's credit_when reads m, which both have.
    const auto without = compiled(root);
    const diff_result d = diff_csv(*with_new, *without, csv);
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].code == "W012");
    CHECK(d.changed_rules == names{"mark:new"});
    CHECK(csv_rows(d) == names{
                             "level,p,0,ce,A,2023-01-01,national,none,,,,,,,mark:new",
                             "level,p,1,ce,A,2023-02-01,national,none,,,,,,,mark:new",
                             "level,q,0,ce,A,2023-01-01,national,internal,,,,,,,mark:new",
                         });
  }
  SUBCASE("without the other side, an unknown mark is still an input error") {
    CHECK_THROWS_AS((void)parse_population_csv(csv, "pop.csv", with_m.get()), input_error);
  }
}

// ---------------------------------------------------------------- full diff: summary, order, CSV, JSON

TEST_CASE(
    "SPEC 12: the summary groups rows by kind, change and cause, with rows, people and the first person") {
  const std::string root = header + R"(scales:
  ce: {levels: [none, internal, national]}
marks:
  - {id: nrto, levels: {ce: internal}}
units:
  - {id: A, kind: k}
  - {id: B, kind: k, credit_when: attrs.exam == true}
  - {id: C, kind: k}
diplomas:
  - id: d
    requires: {all_of: [{unit: B}, {unit: C}]}
)";
  const auto before = compiled(root);
  const auto after = compiled(root, {overlay_header + R"(marks:
  - {id: nrto, levels: {ce: national}}
units:
  - {id: A, kind: k, credit_when: attrs.exam == true}
  - {id: B, kind: k}
)"});
  // Persons in byte order: P1 < a < p10 < p9.
  const diff_result d = diff_csv(*before, *after, R"(person,unit,date,marks,exam
p10,B,2023-01-01,,false
p10,A,2023-01-01,nrto,true
p10,A,2023-02-01,nrto,true
p9,B,2023-01-01,,false
p9,A,2023-01-01,,false
a,B,2023-01-01,,false
P1,A,2023-01-01,nrto,true
)");
  CHECK(d.persons == names{"P1", "a", "p10", "p9"});
  REQUIRE(d.summary.size() == 4);
  const auto group = [&](std::size_t k) {
    const change_group& g = d.summary[k];
    return std::string(to_string(g.kind)) + " " + g.change + " " + g.cause + " " + std::to_string(g.rows) +
           " " + std::to_string(g.people) + " " + g.example;
  };
  // By kind, then most rows first.
  CHECK(group(0) == "diploma none->partial unit:B 3 3 a");
  CHECK(group(1) == "level internal->national mark:nrto 3 2 P1");
  CHECK(group(2) == "credit gained unit:B 3 3 a");
  CHECK(group(3) == "credit lost unit:A 1 1 p9");
}

TEST_CASE("SPEC 12: rows are sorted by person, kind, subject (positions as numbers) and scale") {
  const std::string root = header + R"(scales:
  zeta: {levels: [lo, hi]}
  Alpha: {levels: [lo, hi]}
marks:
  - {id: m, levels: {zeta: lo, Alpha: lo}}
units:
  - {id: a, kind: k}
  - {id: B, kind: k}
diplomas:
  - {id: x, requires: {unit: a}}
  - {id: W, requires: {unit: B}}
)";
  const auto before = compiled(root);
  const auto after = compiled(root, {overlay_header + R"(marks:
  - {id: m, levels: {zeta: hi, Alpha: hi}}
units:
  - {id: a, kind: k, credit_when: has_mark("m")}
  - {id: B, kind: k, credit_when: has_mark("m")}
)"});
  // Twelve achievements each: a, B, then ten courses, m on positions 2 and 10;
  // person b's rows come first in the file.
  std::string csv = "person,unit,title,date,marks\n";
  for (const char* person : {"b", "A"}) {
    csv += std::string(person) + ",a,,2023-01-01,\n";
    csv += std::string(person) + ",B,,2023-01-01,\n";
    for (int k = 2; k < 12; ++k)
      csv += std::string(person) + ",,course " + std::to_string(k) + ",2023-01-01," +
             (k == 2 || k == 10 ? "m" : "") + "\n";
  }
  const diff_result d = diff_csv(*before, *after, csv);
  std::vector<std::string> keys;
  for (const auto& r : d.rows)
    keys.push_back(
        d.persons[r.person] + " " + std::string(to_string(r.kind)) + " " +
        (r.kind == change_kind::level ? std::to_string(r.achievement) : std::string(d.text(r.subject))) +
        (r.scale == change_row::no_text ? "" : " " + std::string(d.text(r.scale))));
  CHECK(keys == names{"A diploma W", "A diploma x", "A level 2 Alpha", "A level 2 zeta", "A level 10 Alpha",
                      "A level 10 zeta", "A credit B", "A credit a", "b diploma W", "b diploma x",
                      "b level 2 Alpha", "b level 2 zeta", "b level 10 Alpha", "b level 10 zeta",
                      "b credit B", "b credit a"});
}

namespace {

// One row of each kind: a diploma whose progress has decimals and whose missing
// leaves hold a `;`, a level of an unlisted course whose title holds a comma, a
// credit gained.
diff_result one_of_each() {
  const std::string root = header + R"(scales:
  ce: {levels: [none, internal, national]}
marks:
  - {id: nrto, levels: {ce: internal}}
units:
  - {id: A, kind: k, hours: 10}
  - {id: B, kind: k, hours: 30}
diplomas:
  - id: d
    requires: {all_of: [{unit: A}, {unit: B}, {hours: {min: 40, of: {kind: k}}}]}
)";
  const auto before = compiled(root);
  const auto after = compiled(root, {overlay_header + R"(marks:
  - {id: nrto, levels: {ce: national}}
equivalences:
  - {id: ab, from: [A], counts_as: [B]}
)"});
  return diff_csv(*before, *after,
                  "person,unit,title,date,marks\np,A,,2023-01-01,\np,,\"Agressie, basis\",2023-02-01,nrto\n");
}

}  // namespace

TEST_CASE("SPEC 12: to_csv writes a header and one line per row, in either dialect") {
  const diff_result d = one_of_each();
  CHECK(to_csv(d) ==
        "kind,person,subject,scale,unit,date,before,after,date_before,date_after,progress_before,progress_"
        "after,"
        "missing_before,missing_after,cause\n"
        "diploma,p,d,,,,partial,complete,,,0.4167,1,unit:B;hours:40,,equivalence:ab\n"
        "level,p,1,ce,\"Agressie, basis\",2023-02-01,internal,national,,,,,,,mark:nrto\n"
        "credit,p,B,,,,,ab,,2023-01-01,,,,,equivalence:ab\n");
  CHECK(to_csv(d, csv_dialect::excel_nl) ==
        "\xEF\xBB\xBFkind;person;subject;scale;unit;date;before;after;date_before;date_after;progress_before;"
        "progress_after;missing_before;missing_after;cause\r\n"
        "diploma;p;d;;;;partial;complete;;;0,4167;1;\"unit:B;hours:40\";;equivalence:ab\r\n"
        "level;p;1;ce;Agressie, basis;2023-02-01;internal;national;;;;;;;mark:nrto\r\n"
        "credit;p;B;;;;;ab;;2023-01-01;;;;;equivalence:ab\r\n");
  // No rows: the header alone.
  diff_result empty;
  CHECK(to_csv(empty) ==
        "kind,person,subject,scale,unit,date,before,after,date_before,date_after,progress_before,progress_"
        "after,"
        "missing_before,missing_after,cause\n");
}

TEST_CASE("SPEC 12: to_json writes the summary and the rows, progress a number, an empty cell null") {
  const diff_result d = one_of_each();
  CHECK(to_json(d) == R"({
  "summary": [
    {
      "kind": "diploma",
      "change": "partial->complete",
      "cause": "equivalence:ab",
      "rows": 1,
      "people": 1,
      "example": "p"
    },
    {
      "kind": "level",
      "change": "internal->national",
      "cause": "mark:nrto",
      "rows": 1,
      "people": 1,
      "example": "p"
    },
    {
      "kind": "credit",
      "change": "gained",
      "cause": "equivalence:ab",
      "rows": 1,
      "people": 1,
      "example": "p"
    }
  ],
  "rows": [
    {
      "kind": "diploma",
      "person": "p",
      "subject": "d",
      "scale": null,
      "unit": null,
      "date": null,
      "before": "partial",
      "after": "complete",
      "date_before": null,
      "date_after": null,
      "progress_before": 0.4167,
      "progress_after": 1,
      "missing_before": "unit:B;hours:40",
      "missing_after": "",
      "cause": "equivalence:ab"
    },
    {
      "kind": "level",
      "person": "p",
      "subject": "1",
      "scale": "ce",
      "unit": "Agressie, basis",
      "date": "2023-02-01",
      "before": "internal",
      "after": "national",
      "date_before": null,
      "date_after": null,
      "progress_before": null,
      "progress_after": null,
      "missing_before": null,
      "missing_after": null,
      "cause": "mark:nrto"
    },
    {
      "kind": "credit",
      "person": "p",
      "subject": "B",
      "scale": null,
      "unit": null,
      "date": null,
      "before": null,
      "after": "ab",
      "date_before": null,
      "date_after": "2023-01-01",
      "progress_before": null,
      "progress_after": null,
      "missing_before": null,
      "missing_after": null,
      "cause": "equivalence:ab"
    }
  ]
}
)");
}

// ---------------------------------------------------------------- the rules an outcome uses

TEST_CASE(
    "SPEC 12: a level uses its scale, the marks and unit that decide it (all on a tie), the marks implying "
    "them, and the attributes their matching cases read") {
  const auto rules = testing::rules(header + R"(attributes:
  points: {type: number}
  exam: {type: bool}
scales:
  ce: {levels: [none, internal, sector, national]}
marks:
  - id: a
    levels:
      ce: [{when: attrs.exam == true, level: internal}, {when: attrs.points >= 4, level: sector}, {level: none}]
  - {id: b, levels: {ce: sector}}
  - {id: c, implies: [b], levels: {ce: internal}}
  - {id: top, implies: [c], levels: {}}
  - {id: low, levels: {ce: internal}}
units:
  - {id: U, kind: k, level: {ce: sector}}
  - {id: V, kind: k}
)");
  const portfolio p =
      person({took("U", "2023-01-01").marks({"a", "top", "low"}).attr("points", 5.0).attr("exam", false),
              took("V", "2023-01-01"), took("V", "2023-01-01").marks({"low"})});
  // Sector from a (its second case), from b (implied by c, implied by top) and
  // from U: a tie of three. c and low give less; the first case did not match.
  CHECK(level_uses(*rules, p, 0, "ce") ==
        names{"attribute:points", "mark:a", "mark:b", "mark:c", "mark:top", "scale:ce", "unit:U"});
  // The scale's default: the scale alone.
  CHECK(level_uses(*rules, p, 1, "ce") == names{"scale:ce"});
  CHECK(level_uses(*rules, p, 2, "ce") == names{"mark:low", "scale:ce"});
}

TEST_CASE(
    "SPEC 12: a credit uses its unit, its derivation's equivalences and sources, and what credit_when read") {
  const auto rules = testing::rules(header + R"(attributes:
  exam: {type: bool}
scales:
  ce: {levels: [none, internal, national]}
marks:
  - {id: cert, levels: {ce: national}}
  - {id: nrto, implies: [cert], levels: {}}
  - {id: other, levels: {ce: internal}}
units:
  - {id: L, kind: k, credit_when: level("ce") >= "national"}
  - {id: M, kind: k, credit_when: has_mark("cert")}
  - {id: N, kind: k, credit_when: '"cert" in marks'}
  - {id: X, kind: k, credit_when: attrs.exam == true}
  - {id: Y, kind: k}
  - {id: T, kind: k}
  - {id: E, kind: k, credit_when: attrs.exam == true}
  - {id: O, kind: k, credit_when: not has_mark("cert")}
equivalences:
  - {id: xy, from: [X, Y], counts_as: [T]}
)");
  const portfolio p = person(
      {took("L", "2023-01-01").marks({"nrto"}), took("M", "2023-01-01").marks({"nrto"}),
       took("N", "2023-01-01").marks({"cert", "other"}), took("X", "2023-01-01").attr("exam", true),
       took("Y", "2023-01-01"), took("E", "2023-01-01").exempt(), took("O", "2023-01-01").marks({"other"})});
  // level("ce"): the rules of that level (cert, brought by nrto).
  CHECK(credit_uses(*rules, p, "L") == names{"mark:cert", "mark:nrto", "scale:ce", "unit:L"});
  // has_mark and `in marks`: the marks named and those that brought them.
  CHECK(credit_uses(*rules, p, "M") == names{"mark:cert", "mark:nrto", "unit:M"});
  CHECK(credit_uses(*rules, p, "N") == names{"mark:cert", "unit:N"});
  // attrs.NAME: its declaration.
  CHECK(credit_uses(*rules, p, "X") == names{"attribute:exam", "unit:X"});
  CHECK(credit_uses(*rules, p, "Y") == names{"unit:Y"});
  // A derived credit: the equivalence and every source credit's rules.
  CHECK(credit_uses(*rules, p, "T") ==
        names{"attribute:exam", "equivalence:xy", "unit:T", "unit:X", "unit:Y"});
  // An exemption ignores credit_when.
  CHECK(credit_uses(*rules, p, "E") == names{"unit:E"});
  // A mark read where it is absent: every mark the achievement carries (under
  // other rules one of them might imply it; explain/rule_uses.hpp).
  CHECK(credit_uses(*rules, p, "O") == names{"mark:cert", "mark:other", "unit:O"});
}

TEST_CASE(
    "SPEC 12: a diploma uses diploma:ID, the credits its leaves and checks read, and what its selectors "
    "picked") {
  const auto rules = testing::rules(header + R"(attributes:
  points: {type: number}
person_attributes:
  role: {type: text}
scales:
  ce: {levels: [none, national]}
marks:
  - {id: acc, levels: {ce: national}}
  - {id: super, implies: [acc], levels: {}}
  - {id: other, levels: {ce: national}}
units:
  - {id: A, kind: k, hours: 10}
  - {id: B, kind: k, hours: 10}
  - {id: C, kind: j, hours: 10}
  - {id: D, kind: k, hours: 10}
  - {id: E, kind: j}
  - {id: F, kind: j}
equivalences:
  - {id: ae, from: [A], counts_as: [E]}
diplomas:
  - id: d
    requires:
      all_of:
        - unit: E
        - {hours: {min: 10, of: {kind: k}}}
        - {sum: {attr: points, min: 4, of: {marks: [acc]}}}
        - {check: credited("F") or person.role == "x", when: as_of >= 2020-01-01}
  - id: other
    requires: {unit: D}
)");
  const portfolio p = person({took("A", "2023-01-01"), took("B", "2023-01-01"),
                              took("C", "2023-01-01").marks({"super"}).attr("points", 3.0),
                              took("", "2023-01-01").marks({"other"}).attr("points", 2.0)});
  // E through ae from A; the hours leaf's credited units A and B; the sum's one
  // achievement (C, carrying super and the acc it implies) and its attribute; the
  // check's F (named, not credited) and person attribute. D and `other` are not read.
  CHECK(diploma_uses(*rules, p, "d") == names{"attribute:points", "diploma:d", "equivalence:ae", "mark:acc",
                                              "mark:super", "person_attribute:role", "unit:A", "unit:B",
                                              "unit:C", "unit:E", "unit:F"});
  CHECK(diploma_uses(*rules, p, "other") == names{"diploma:other"});
}
