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
#include <set>
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
                     const char* as_of = "2024-01-01", unsigned threads = 1) {
  read_options for_before, for_after;
  for_before.compared_with = &after;
  for_after.compared_with = &before;
  const population a = parse_population_csv(csv, "pop.csv", &before, for_before);
  const population b = parse_population_csv(csv, "pop.csv", &after, for_after);
  batch_options options;
  options.as_of = day(as_of);
  options.threads = threads;
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

TEST_CASE("SPEC 12: the diff is the same on any number of threads") {
  const std::string root = header + R"(scales:
  ce: {levels: [none, internal, national]}
marks:
  - {id: nrto, levels: {ce: internal}}
units:
  - {id: A, kind: k, credit_when: attrs.exam == true}
  - {id: B, kind: k}
diplomas:
  - {id: d, requires: {all_of: [{unit: A}, {unit: B}]}}
)";
  const auto before = compiled(root);
  const auto after = compiled(root, {overlay_header + R"(marks:
  - {id: nrto, levels: {ce: national}}
units:
  - {id: A, kind: k}
)"});
  // Persons are compared in chunks of 512: 1500 persons make three.
  std::string csv = "person,unit,date,marks,exam\n";
  for (int p = 1500; p-- > 0;)
    csv += "p" + std::to_string(p) + (p % 3 == 0 ? ",A" : ",B") + ",2023-01-01," +
           (p % 2 == 0 ? "nrto" : "") + "," + (p % 5 == 0 ? "true" : "false") + "\n";
  const diff_result one = diff_csv(*before, *after, csv, "2024-01-01", 1);
  const diff_result three = diff_csv(*before, *after, csv, "2024-01-01", 3);
  CHECK(one.compared == 1500);
  CHECK(one.rows.size() > 1000);
  CHECK(to_json(three) == to_json(one));
  CHECK(to_csv(three) == to_csv(one));
  CHECK(three.persons == one.persons);
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

// docs/language.md §19: more than SPEC 12's "the marks and unit that give the
// decided level": every mark that places the achievement on the scale, as a
// mark that gave less still decided that the level is not higher.
TEST_CASE(
    "SPEC 12: a level uses its scale, every mark placing the achievement on it and the marks implying them, "
    "what their cases read up to the match, and a unit with a level on it") {
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
  // from U: a tie of three. c and low give less, but had they given more the
  // level would be theirs; a's first case (exam) was tried and did not match.
  CHECK(level_uses(*rules, p, 0, "ce") == names{"attribute:exam", "attribute:points", "mark:a", "mark:b",
                                                "mark:c", "mark:low", "mark:top", "scale:ce", "unit:U"});
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
  // E through ae from A; the hours leaf's units of kind k, credited (A, B) or
  // not (D: had it been credited, the hours would differ); the sum's one
  // achievement (C, carrying super and the acc it implies) and its attribute; the
  // check's F (named, not credited) and person attribute. `other` reads only D.
  CHECK(diploma_uses(*rules, p, "d") == names{"attribute:points", "diploma:d", "equivalence:ae", "mark:acc",
                                              "mark:super", "person_attribute:role", "unit:A", "unit:B",
                                              "unit:C", "unit:D", "unit:E", "unit:F"});
  CHECK(diploma_uses(*rules, p, "other") == names{"diploma:other", "unit:D"});
}

// ---------------------------------------------------------------- property: every changed row has a cause

namespace {

// Small random rulesets, their overlays and populations, as YAML and CSV texts.
// Everything is drawn from one std::mt19937 seeded per case, so a seed names a
// case for good.
namespace gen {

using civeff::testing::dice;  // support.hpp

const std::vector<std::string> s1_levels{"l0", "l1", "l2", "l3"};
const std::vector<std::string> s2_levels{"1", "2", "3"};

struct mark_def {
  std::string id;
  // Per scale: its cases (when, level); one case without `when` is written bare.
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> scales;
  std::vector<std::string> implies;
  std::string valid_for;
};

struct unit_def {
  std::string id, kind;
  int hours = -1;  // -1: not written
  std::vector<std::string> tags;
  std::string level;  // on s1, "" none
  std::string from, to, valid_for, credit_when;
};

struct equivalence_def {
  std::string id;
  bool symmetric = false;
  std::vector<std::string> from, to;
  std::string from_day, to_day, when;
};

struct requirement_def {
  std::string form;  // unit, all_of, any_of, n_of, hours, count, sum, avg, check
  std::string id, guard, unit, selector, attr, check;
  int n = 0, min = 0;
  std::vector<requirement_def> children;
};

struct diploma_def {
  std::string id;
  requirement_def root;
};

struct model {
  bool attributes = false, person_attributes = false;
  int points_max = 10;
  std::string s1_default;  // "" not written
  std::vector<mark_def> marks;
  std::vector<unit_def> units;
  std::vector<equivalence_def> equivalences;
  std::vector<diploma_def> diplomas;
  int next_equivalence = 0;
};

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// A condition on an achievement: a mark case's `when` or, with levels and
// marks, a unit's `credit_when`.
std::string condition(dice& r, const model& m, bool credit_when, int depth = 0) {
  if (depth == 0) {
    const int shape = r.between(0, 99);
    if (shape < 20) return condition(r, m, credit_when, 1) + " and " + condition(r, m, credit_when, 1);
    if (shape < 32) return condition(r, m, credit_when, 1) + " or " + condition(r, m, credit_when, 1);
    if (shape < 40) return "not (" + condition(r, m, credit_when, 1) + ")";
  }
  switch (r.between(0, credit_when ? 11 : 7)) {
    case 0: return "attrs.pts >= " + std::to_string(r.between(0, 10));
    case 1: return r.chance(50) ? "attrs.ok == true" : "attrs.ok == false";
    case 2: return "attrs.day >= " + r.day(2021, 2023);
    case 3: return "date >= " + r.day(2020, 2023);
    case 4: return "hours > " + std::to_string(r.between(0, 30));
    case 5: return r.chance(50) ? "kind == \"k0\"" : "kind != \"k1\"";
    case 6: return "person.role == \"" + std::string(r.chance(50) ? "a" : "b") + "\"";
    case 7: return "unit == \"" + r.pick(m.units).id + "\"";
    case 8: return "level(\"s1\") >= \"" + r.pick(s1_levels) + "\"";
    case 9: return "level(\"s2\") == \"" + r.pick(s2_levels) + "\"";
    case 10: return "has_mark(\"" + r.pick(m.marks).id + "\")";
    default: return "\"" + r.pick(m.marks).id + "\" in marks";
  }
}

void new_cases(dice& r, const model& m, mark_def& k) {
  k.scales.clear();
  for (const auto* scale : {"s1", "s2"}) {
    if (!r.chance(scale[1] == '1' ? 80 : 45)) continue;
    const auto& levels = scale[1] == '1' ? s1_levels : s2_levels;
    std::vector<std::pair<std::string, std::string>> cases;
    const int n = r.between(1, 3);
    for (int c = 0; c < n; ++c) {
      const bool last = c + 1 == n;
      cases.emplace_back(!last || r.chance(40) ? condition(r, m, false) : "", r.pick(levels));
    }
    k.scales.emplace_back(scale, std::move(cases));
  }
}

mark_def new_mark(dice& r, const model& m, const std::string& id) {
  mark_def k;
  k.id = id;
  new_cases(r, m, k);
  // Only earlier marks: no cycle.
  for (const auto& other : m.marks)
    if (r.chance(25)) k.implies.push_back(other.id);
  if (r.chance(20)) k.valid_for = r.pick(std::vector<std::string>{"P1Y", "P2Y", "P6M"});
  return k;
}

void new_credit_when(dice& r, const model& m, unit_def& u) {
  u.credit_when = r.chance(45) ? condition(r, m, true) : "";
}

unit_def new_unit(dice& r, const model& m, const std::string& id) {
  unit_def u;
  u.id = id;
  u.kind = r.chance(55) ? "k0" : "k1";
  if (r.chance(85)) u.hours = 5 * r.between(0, 8);
  if (r.chance(30)) u.tags = r.pick(std::vector<std::vector<std::string>>{{"t0"}, {"t1"}, {"t1", "t0"}});
  if (r.chance(25)) u.level = r.pick(s1_levels);
  if (r.chance(10)) u.from = r.day(2020, 2021);
  if (r.chance(10)) u.to = r.day(2022, 2023);
  if (r.chance(15)) u.valid_for = r.pick(std::vector<std::string>{"P3Y", "P1Y"});
  new_credit_when(r, m, u);
  return u;
}

equivalence_def new_equivalence(dice& r, model& m) {
  equivalence_def e;
  e.id = "E" + std::to_string(m.next_equivalence++);
  std::vector<std::string> ids;
  for (const auto& u : m.units) ids.push_back(u.id);
  r.shuffle(ids);
  e.symmetric = r.chance(35);
  if (e.symmetric) {
    e.from.assign(ids.begin(), ids.begin() + r.between(2, 3));
  } else {
    const int sources = r.between(1, 2);  // multi-source sometimes
    e.from.assign(ids.begin(), ids.begin() + sources);
    e.to.assign(ids.begin() + sources, ids.begin() + sources + r.between(1, 2));
  }
  if (r.chance(20)) e.from_day = r.day(2020, 2022);
  if (r.chance(10)) e.to_day = r.day(2023, 2024);
  if (r.chance(25))
    e.when =
        r.chance(50) ? "hours >= " + std::to_string(5 * r.between(0, 6)) : "date >= " + r.day(2020, 2023);
  return e;
}

std::string unit_selector(dice& r, const model& m) {
  switch (r.between(0, 3)) {
    case 0: return "{kind: k0}";
    case 1: return "{kind: k1}";
    case 2: return "{tags: [t0]}";
    default: {
      const std::string first = r.pick(m.units).id, second = r.pick(m.units).id;
      return "{units: [" + first + (second == first ? "" : ", " + second) + "]}";
    }
  }
}

std::string achievement_selector(dice& r, const model& m) {
  switch (r.between(0, 2)) {
    case 0: return "{marks: [" + r.pick(m.marks).id + "]}";
    case 1: return "{kind: k0, where: " + quoted(condition(r, m, false, 1)) + "}";
    default: return unit_selector(r, m);
  }
}

requirement_def new_leaf(dice& r, const model& m) {
  requirement_def q;
  switch (r.between(0, 8)) {
    case 0:
    case 1:
    case 2:
      q.form = "unit";
      q.unit = r.pick(m.units).id;
      break;
    case 3:
      q.form = "hours";
      q.min = 5 * r.between(1, 12);
      q.selector = unit_selector(r, m);
      break;
    case 4:
      q.form = "count";
      q.min = r.between(1, 3);
      q.selector = achievement_selector(r, m);
      break;
    case 5:
      q.form = "sum";
      q.attr = r.chance(60) ? "pts" : "hours";
      q.min = r.between(1, 15);
      q.selector = achievement_selector(r, m);
      break;
    case 6:
      q.form = "avg";
      q.attr = "pts";
      q.min = r.between(1, 9);
      q.selector = achievement_selector(r, m);
      break;
    case 7:
      q.form = "check";
      q.check = r.pick(std::vector<std::string>{
          "credited(\"" + r.pick(m.units).id + "\")",
          "hours_of(kind = \"k0\") >= " + std::to_string(5 * r.between(1, 8)),
          "count_of(kind = \"k1\") >= " + std::to_string(r.between(1, 3)),
          "sum_of(attr = \"pts\", kind = \"k0\") >= " + std::to_string(r.between(1, 12)),
          "person.role == \"b\" or credited(\"" + r.pick(m.units).id + "\")"});
      break;
    default:
      q.form = "count";
      q.min = r.between(1, 3);
      q.selector = unit_selector(r, m);
      break;
  }
  return q;
}

requirement_def new_requirement(dice& r, const model& m, int depth, int& ids) {
  requirement_def q;
  if (depth > 0 && (depth > 1 || r.chance(60))) {
    q = new_leaf(r, m);
  } else {
    q.form = r.pick(std::vector<std::string>{"all_of", "all_of", "any_of", "n_of"});
    const int n = r.between(depth == 0 ? 2 : 1, depth == 0 ? 4 : 3);
    for (int c = 0; c < n; ++c) q.children.push_back(new_requirement(r, m, depth + 1, ids));
    if (q.form == "n_of") q.n = r.between(1, n);
  }
  if (r.chance(20)) q.id = "r" + std::to_string(ids++);
  if (r.chance(depth == 0 ? 5 : 10))
    q.guard = r.pick(std::vector<std::string>{"person.role == \"a\"", "as_of >= 2023-06-01",
                                              "not (person.role == \"b\")"});
  return q;
}

// A new threshold somewhere in the tree: a min, an n or a unit. Whether one was changed.
bool change_threshold(dice& r, const model& m, requirement_def& q) {
  std::vector<requirement_def*> nodes;
  const std::function<void(requirement_def&)> collect = [&](requirement_def& x) {
    if (x.form != "check" && x.form != "all_of" && x.form != "any_of") nodes.push_back(&x);
    for (auto& c : x.children) collect(c);
  };
  collect(q);
  if (nodes.empty()) return false;
  requirement_def& x = *r.pick(nodes);
  if (x.form == "n_of") {
    const int before = x.n;
    x.n = r.between(1, static_cast<int>(x.children.size()));
    return x.n != before;
  }
  if (x.form == "unit") {
    const std::string before = x.unit;
    x.unit = r.pick(m.units).id;
    return x.unit != before;
  }
  x.min += r.chance(50) || x.min <= 1 ? r.between(1, 10) : -1;
  return true;
}

// ---- rendering

std::string render(const mark_def& k) {
  std::string out = "  - id: " + k.id + "\n    levels:";
  if (k.scales.empty()) out += " {}";
  out += "\n";
  for (const auto& [scale, cases] : k.scales) {
    out += "      " + scale + ":";
    if (cases.size() == 1 && cases[0].first.empty()) {
      out += " \"" + cases[0].second + "\"\n";
      continue;
    }
    out += "\n";
    for (const auto& [when, level] : cases) {
      out += "        - {";
      if (!when.empty()) out += "when: " + quoted(when) + ", ";
      out += "level: \"" + level + "\"}\n";
    }
  }
  if (!k.implies.empty()) {
    out += "    implies: [";
    for (std::size_t i = 0; i < k.implies.size(); ++i) out += (i ? ", " : "") + k.implies[i];
    out += "]\n";
  }
  if (!k.valid_for.empty()) out += "    valid_for: " + k.valid_for + "\n";
  return out;
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

std::string render(const unit_def& u) {
  std::string out = "  - {id: " + u.id + ", kind: " + u.kind;
  if (u.hours >= 0) out += ", hours: " + std::to_string(u.hours);
  if (!u.tags.empty()) out += ", tags: " + list(u.tags);
  if (!u.level.empty()) out += ", level: {s1: " + u.level + "}";
  if (!u.from.empty() || !u.to.empty()) {
    out += ", effective: {";
    if (!u.from.empty()) out += "from: " + u.from + (u.to.empty() ? "" : ", ");
    if (!u.to.empty()) out += "to: " + u.to;
    out += "}";
  }
  if (!u.valid_for.empty()) out += ", valid_for: " + u.valid_for;
  if (!u.credit_when.empty()) out += ", credit_when: " + quoted(u.credit_when);
  return out + "}\n";
}

std::string render(const equivalence_def& e) {
  std::string out = "  - {id: " + e.id;
  out += e.symmetric ? ", equivalent: " + list(e.from)
                     : ", from: " + list(e.from) + ", counts_as: " + list(e.to);
  if (!e.from_day.empty() || !e.to_day.empty()) {
    out += ", effective: {";
    if (!e.from_day.empty()) out += "from: " + e.from_day + (e.to_day.empty() ? "" : ", ");
    if (!e.to_day.empty()) out += "to: " + e.to_day;
    out += "}";
  }
  if (!e.when.empty()) out += ", when: " + quoted(e.when);
  return out + "}\n";
}

std::string render(const requirement_def& q) {
  std::string extra;
  if (!q.id.empty()) extra += ", id: " + q.id;
  if (!q.guard.empty()) extra += ", when: " + quoted(q.guard);
  std::string body;
  if (q.form == "unit") {
    body = "unit: " + q.unit;
  } else if (q.form == "check") {
    body = "check: " + quoted(q.check);
  } else if (q.form == "hours" || q.form == "count") {
    body = q.form + ": {min: " + std::to_string(q.min) + ", of: " + q.selector + "}";
  } else if (q.form == "sum" || q.form == "avg") {
    body = q.form + ": {attr: " + q.attr + ", min: " + std::to_string(q.min) + ", of: " + q.selector + "}";
  } else {
    std::string children = "[";
    for (std::size_t i = 0; i < q.children.size(); ++i) children += (i ? ", " : "") + render(q.children[i]);
    children += "]";
    body = q.form == "n_of" ? "n_of: {n: " + std::to_string(q.n) + ", of: " + children + "}"
                            : q.form + ": " + children;
  }
  return "{" + body + extra + "}";
}

std::string render(const diploma_def& d) {
  return "  - {id: " + d.id + ", requires: " + render(d.root) + "}\n";
}

std::string render_attributes(const model& m) {
  if (!m.attributes) return "";
  return "attributes:\n  pts: {type: number, min: 0, max: " + std::to_string(m.points_max) +
         "}\n  ok: {type: bool}\n  day: {type: date}\n";
}
std::string render_person_attributes(const model& m) {
  return m.person_attributes ? "person_attributes:\n  role: {type: text, values: [a, b]}\n" : "";
}
std::string render_scales(const model& m) {
  std::string out = "scales:\n  s1: {levels: [l0, l1, l2, l3]";
  if (!m.s1_default.empty()) out += ", default: " + m.s1_default;
  return out + "}\n  s2: {levels: [\"1\", \"2\", \"3\"], default: null}\n";
}

template <class Def>
std::string section(const char* name, const std::vector<Def>& entries) {
  if (entries.empty()) return "";
  std::string out = std::string(name) + ":\n";
  for (const auto& e : entries) out += render(e);
  return out;
}

// The whole model as a root file; `equivalence_order` permutes its equivalences.
std::string root(const model& m, const std::vector<std::size_t>& equivalence_order = {}) {
  std::vector<equivalence_def> equivalences = m.equivalences;
  if (!equivalence_order.empty()) {
    equivalences.clear();
    for (const std::size_t k : equivalence_order) equivalences.push_back(m.equivalences[k]);
  }
  return header + render_attributes(m) + render_person_attributes(m) + render_scales(m) +
         section("marks", m.marks) + section("units", m.units) + section("equivalences", equivalences) +
         section("diplomas", m.diplomas);
}

// The overlay that turns `a` into `b`: changed and new entries, removed ids.
template <class Def>
void overlay_section(const char* name, const std::vector<Def>& a, const std::vector<Def>& b, std::string& out,
                     std::vector<std::string>& removed) {
  std::string entries;
  for (const auto& e : b) {
    const auto it = std::find_if(a.begin(), a.end(), [&](const Def& x) { return x.id == e.id; });
    if (it == a.end() || render(*it) != render(e)) entries += render(e);
  }
  if (!entries.empty()) out += std::string(name) + ":\n" + entries;
  for (const auto& e : a)
    if (std::none_of(b.begin(), b.end(), [&](const Def& x) { return x.id == e.id; })) removed.push_back(e.id);
}

std::string overlay(const model& a, const model& b) {
  std::string out = overlay_header;
  if (render_attributes(a) != render_attributes(b)) out += render_attributes(b);
  if (render_scales(a) != render_scales(b)) out += render_scales(b);
  std::vector<std::string> removed_marks, removed_units, removed_equivalences, removed_diplomas;
  overlay_section("marks", a.marks, b.marks, out, removed_marks);
  overlay_section("units", a.units, b.units, out, removed_units);
  overlay_section("equivalences", a.equivalences, b.equivalences, out, removed_equivalences);
  overlay_section("diplomas", a.diplomas, b.diplomas, out, removed_diplomas);
  REQUIRE(removed_marks.empty());
  REQUIRE(removed_units.empty());
  REQUIRE(removed_diplomas.empty());
  if (!removed_equivalences.empty()) out += "remove:\n  equivalences: " + list(removed_equivalences) + "\n";
  return out;
}

// ---- a case: rules, a change, a population

model new_model(dice& r) {
  model m;
  m.attributes = r.chance(40);
  m.person_attributes = r.chance(30);
  if (r.chance(20)) m.s1_default = r.pick(s1_levels);
  // Units first (mark cases may name them), then marks, then credit_when (which may name marks).
  const int units = r.between(4, 8);
  m.units.resize(static_cast<std::size_t>(units));
  for (std::size_t u = 0; u < m.units.size(); ++u) m.units[u].id = "U" + std::to_string(u);
  const int marks = r.between(2, 4);
  for (int k = 0; k < marks; ++k) m.marks.push_back(new_mark(r, m, "m" + std::to_string(k)));
  for (auto& u : m.units) u = new_unit(r, m, u.id);
  const int equivalences = r.between(0, 3);
  for (int e = 0; e < equivalences; ++e) m.equivalences.push_back(new_equivalence(r, m));
  const int diplomas = r.between(1, 2);
  for (int d = 0; d < diplomas; ++d) {
    int ids = 0;
    m.diplomas.push_back({"D" + std::to_string(d), new_requirement(r, m, 0, ids)});
  }
  return m;
}

// One change of `b` (whose earlier version is `m`), described in `what`; it may
// turn out to change nothing (a unit's credit_when drawn anew as the same).
void change_one(dice& r, const model& m, model& b, std::string& what) {
  switch (r.between(0, 11)) {
    case 0: {
      auto& k = b.marks[static_cast<std::size_t>(r.between(0, static_cast<int>(b.marks.size()) - 1))];
      new_cases(r, m, k);
      what += "cases of " + k.id + "; ";
      break;
    }
    case 1: {
      auto& u = b.units[static_cast<std::size_t>(r.between(0, static_cast<int>(b.units.size()) - 1))];
      u.hours = u.hours == 10 ? 25 : 10;
      what += "hours of " + u.id + "; ";
      break;
    }
    case 2: {
      auto& u = b.units[static_cast<std::size_t>(r.between(0, static_cast<int>(b.units.size()) - 1))];
      new_credit_when(r, m, u);
      what += "credit_when of " + u.id + "; ";
      break;
    }
    case 3:
      b.equivalences.push_back(new_equivalence(r, b));
      what += "added " + b.equivalences.back().id + "; ";
      break;
    case 4:
      if (!b.equivalences.empty()) {
        const auto k = static_cast<std::size_t>(r.between(0, static_cast<int>(b.equivalences.size()) - 1));
        what += "removed " + b.equivalences[k].id + "; ";
        b.equivalences.erase(b.equivalences.begin() + static_cast<std::ptrdiff_t>(k));
      }
      break;
    case 5: {
      auto& d = b.diplomas[static_cast<std::size_t>(r.between(0, static_cast<int>(b.diplomas.size()) - 1))];
      if (change_threshold(r, m, d.root)) what += "a threshold of " + d.id + "; ";
      break;
    }
    case 6:
      if (std::none_of(b.marks.begin(), b.marks.end(), [](const mark_def& k) { return k.id == "mnew"; })) {
        b.marks.push_back(new_mark(r, m, "mnew"));
        what += "added mnew; ";
      }
      break;
    case 7: {
      auto& u = b.units[static_cast<std::size_t>(r.between(0, static_cast<int>(b.units.size()) - 1))];
      switch (r.between(0, 3)) {
        case 0: u.kind = u.kind == "k0" ? "k1" : "k0"; break;
        case 1: u.level = u.level.empty() ? r.pick(s1_levels) : ""; break;
        case 2: u.valid_for = u.valid_for.empty() ? "P1Y" : ""; break;
        default: u.from = u.from.empty() ? r.day(2020, 2021) : ""; break;
      }
      what += "unit " + u.id + "; ";
      break;
    }
    case 8: {
      auto& k = b.marks[static_cast<std::size_t>(r.between(0, static_cast<int>(b.marks.size()) - 1))];
      k.valid_for = k.valid_for.empty() ? "P1Y" : "";
      what += "valid_for of " + k.id + "; ";
      break;
    }
    case 9:
      if (b.attributes) {
        b.points_max = b.points_max == 10 ? 6 : 10;
        what += "attribute pts; ";
      }
      break;
    case 10:
      b.s1_default = b.s1_default == "l1" ? "" : "l1";
      what += "default of s1; ";
      break;
    default:
      if (!b.equivalences.empty()) {
        auto& e = b.equivalences[static_cast<std::size_t>(
            r.between(0, static_cast<int>(b.equivalences.size()) - 1))];
        e.when = e.when.empty() ? "hours >= 10" : "";
        what += "when of " + e.id + "; ";
      }
      break;
  }
}

// One to three changes that each change the rules; `what` lists them, for the
// failure message.
model changed(dice& r, const model& m, std::string& what) {
  model b = m;
  const int changes = r.between(1, 3);
  for (int done = 0, tries = 0; done < changes && tries < 100; ++tries) {
    const std::string was = root(b);
    std::string change;
    change_one(r, m, b, change);
    if (root(b) == was) continue;
    what += change;
    ++done;
  }
  return b;
}

// About 20 persons with 1 to 5 achievements each; marks of either side.
std::string population_csv(dice& r, const model& a, const model& b) {
  std::vector<std::string> marks;
  for (const auto* m : {&a, &b})
    for (const auto& k : m->marks)
      if (std::find(marks.begin(), marks.end(), k.id) == marks.end()) marks.push_back(k.id);
  std::string csv = "person,unit,title,date,hours,marks,exempt,pts,ok,day,person.role\n";
  const int persons = r.between(18, 22);
  for (int p = 0; p < persons; ++p) {
    const std::string person = "p" + std::to_string(p);
    const std::string role = r.pick(std::vector<std::string>{"", "a", "b", "c"});
    const int n = r.between(1, 5);
    for (int k = 0; k < n; ++k) {
      const bool listed = r.chance(85);
      csv += person + "," + (listed ? r.pick(a.units).id : "") + "," + (listed ? "" : "course") + ",";
      csv += r.day(2019, 2024) + ",";
      csv += (r.chance(10) ? std::to_string(r.between(0, 40)) : "") + ",";
      std::string on;
      for (const auto& id : marks)
        if (r.chance(30)) on += (on.empty() ? "" : ";") + id;
      csv += on + "," + (listed && r.chance(5) ? "true" : "false") + ",";
      csv += (r.chance(80) ? std::to_string(r.between(0, 12)) : "") + ",";
      csv += r.pick(std::vector<std::string>{"", "true", "false"}) + ",";
      csv += (r.chance(70) ? r.day(2020, 2024) : "") + ",";
      csv += role + "\n";
    }
  }
  return csv;
}

}  // namespace gen

// ---- the rows the diff should give, from evaluate() on each side

// The generated CSV's cells by person, in byte order (it quotes nothing).
std::map<std::string, std::vector<std::vector<std::string>>> rows_by_person(const std::string& csv) {
  std::map<std::string, std::vector<std::vector<std::string>>> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::vector<std::string> cells(1);
    for (const char c : line) {
      if (c == ',') cells.emplace_back();
      else cells.back().push_back(c);
    }
    out[cells[0]].push_back(cells);
  }
  return out;
}

// One person's rows as a JSON portfolio that `rules` reads (the marks it knows;
// SPEC 12: a mark of the other side only is absent here). Columns as in
// population_csv: person, unit, title, date, hours, marks, exempt, pts, ok, day, person.role.
portfolio portfolio_of(const std::string& person, const std::vector<std::vector<std::string>>& rows,
                       const ruleset& rules) {
  const auto known = rules.mark_ids();
  const auto text = [](const std::string& s) { return "\"" + s + "\""; };
  std::string json = "{\"person\": " + text(person);
  if (!rows.front()[10].empty()) json += ", \"attrs\": {\"role\": " + text(rows.front()[10]) + "}";
  json += ", \"achievements\": [";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& cells = rows[k];
    json += k == 0 ? "{" : ", {";
    json += cells[1].empty() ? "\"title\": " + text(cells[2]) : "\"unit\": " + text(cells[1]);
    json += ", \"date\": " + text(cells[3]);
    if (!cells[4].empty()) json += ", \"hours\": " + cells[4];
    json += ", \"marks\": [";
    std::string marks = cells[5] + ";";
    bool first = true;
    for (std::size_t from = 0, semi; (semi = marks.find(';', from)) != std::string::npos; from = semi + 1) {
      const std::string id = marks.substr(from, semi - from);
      if (id.empty() || std::find(known.begin(), known.end(), id) == known.end()) continue;
      json += (first ? "" : ", ") + text(id);
      first = false;
    }
    json += "]";
    if (cells[6] == "true") json += ", \"exempt\": true";
    json += ", \"attrs\": {";
    std::string attrs;
    if (!cells[7].empty()) attrs += ", \"pts\": " + cells[7];
    if (!cells[8].empty()) attrs += ", \"ok\": " + cells[8];
    if (!cells[9].empty()) attrs += ", \"day\": " + text(cells[9]);
    json += (attrs.empty() ? "" : attrs.substr(2)) + "}}";
  }
  json += "]}";
  return parse_portfolio(json, person + ".json", rules);
}

// The rows (without their cause) that SPEC 12 asks for, in its order, as to_csv
// writes them: each person evaluated on each side and the results compared.
std::vector<std::string> expected_rows(const ruleset& before, const ruleset& after, const std::string& csv) {
  const csv_format f;
  std::vector<std::string> out;
  for (const auto& [person, rows] : rows_by_person(csv)) {
    const result a = before.evaluate(portfolio_of(person, rows, before), day("2024-01-01"));
    const result b = after.evaluate(portfolio_of(person, rows, after), day("2024-01-01"));
    std::set<std::string> diplomas;
    for (const auto* r : {&a, &b})
      for (const auto& [id, x] : r->diplomas) diplomas.insert(id);
    const auto missing = [](const diploma_result& d) {
      std::string joined;
      for (const auto& leaf : d.missing) joined += (joined.empty() ? "" : ";") + leaf;
      return joined;
    };
    for (const auto& id : diplomas) {
      const auto x = a.diplomas.find(id), y = b.diplomas.find(id);
      const bool in_a = x != a.diplomas.end(), in_b = y != b.diplomas.end();
      if (in_a && in_b && x->second.status == y->second.status && x->second.progress == y->second.progress &&
          x->second.missing == y->second.missing)
        continue;
      out.push_back(
          "diploma," + person + "," + id + ",,,," + (in_a ? std::string(to_string(x->second.status)) : "") +
          "," + (in_b ? std::string(to_string(y->second.status)) : "") + ",,," +
          (in_a ? f.number(x->second.progress) : "") + "," + (in_b ? f.number(y->second.progress) : "") +
          "," + (in_a ? f.field(missing(x->second)) : "") + "," + (in_b ? f.field(missing(y->second)) : ""));
    }
    for (std::size_t i = 0; i < a.achievements.size(); ++i) {
      const achievement_result& x = a.achievements[i];
      const achievement_result& y = b.achievements[i];
      if (!x.counted) continue;
      std::set<std::string> scales;
      for (const auto* r : {&x, &y})
        for (const auto& [scale, level] : r->levels) scales.insert(scale);
      // nullopt: no such scale on that side; a nullopt inside: a null level.
      const auto level_on = [](const achievement_result& r, const std::string& scale) {
        std::optional<std::optional<std::string>> found;
        for (const auto& [name, level] : r.levels)
          if (name == scale) found = level;
        return found;
      };
      for (const auto& scale : scales) {
        const auto la = level_on(x, scale), lb = level_on(y, scale);
        if (la && lb ? *la == *lb : !(la ? *la : *lb)) continue;  // the same, or no level either way
        out.push_back("level," + person + "," + std::to_string(i) + "," + scale + "," +
                      (x.unit ? *x.unit : x.title) + "," + x.when.to_string() + "," +
                      (la && *la ? **la : "") + "," + (lb && *lb ? **lb : "") + ",,,,,,");
      }
    }
    std::set<std::string> units;
    for (const auto* r : {&a, &b})
      for (const auto& [unit, c] : r->credited) units.insert(unit);
    for (const auto& unit : units) {
      const auto x = a.credited.find(unit), y = b.credited.find(unit);
      const bool in_a = x != a.credited.end(), in_b = y != b.credited.end();
      if (in_a && in_b && x->second.when == y->second.when && x->second.via == y->second.via) continue;
      out.push_back("credit," + person + "," + unit + ",,,," + (in_a ? x->second.via : "") + "," +
                    (in_b ? y->second.via : "") + "," + (in_a ? x->second.when.to_string() : "") + "," +
                    (in_b ? y->second.when.to_string() : "") + ",,,,");
    }
  }
  return out;
}

// The diff's rows as to_csv writes them, without their cause.
std::vector<std::string> rows_without_cause(const diff_result& d) {
  std::vector<std::string> out = csv_rows(d);
  for (auto& line : out) line.erase(line.rfind(','));
  return out;
}

// What one case found: "" when every property held, else what failed.
struct property_case {
  std::string rules, overlay, population, changes, failure;
  std::size_t rows = 0;
};

std::shared_ptr<const ruleset> compiled_or_fail(const std::string& root,
                                                const std::vector<std::string>& overlays,
                                                std::string& failure) {
  compile_options options;
  for (const auto& o : overlays) options.overlays.emplace_back(overlay_text{o, "overlay.yaml"});
  const compile_result r = compile(std::map<std::string, std::string>{{"ruleset.yaml", root}}, options);
  if (!r.ok()) {
    failure += "the generated rules do not compile (a generator bug):\n";
    for (const auto& d : r.diagnostics) failure += d.format() + "\n";
  }
  return r.rules;
}

// Every row has a non-empty cause made of changed rules.
void check_causes(const diff_result& d, const std::string& label, std::string& failure) {
  for (const auto& row : d.rows) {
    const std::string_view cause = d.text(row.cause);
    if (cause.empty()) {
      failure += label + ": a row without a cause\n";
      continue;
    }
    std::size_t from = 0;
    while (from <= cause.size()) {
      const std::size_t semi = std::min(cause.find(';', from), cause.size());
      const std::string name(cause.substr(from, semi - from));
      if (!std::binary_search(d.changed_rules.begin(), d.changed_rules.end(), name))
        failure += label + ": cause " + name + " is not a changed rule\n";
      from = semi + 1;
    }
  }
}

// One case: random rules, a change of one to three entries written as an
// overlay, a population. The diff of the rules with the overlay:
// - throws no std::logic_error (SPEC 12's internal error: a changed row
//   without a cause), and every row's cause is made of changed rules;
// - gives exactly the outcomes that evaluate() gives differently on the two
//   sides, in SPEC 12's order;
// - run backwards gives as many rows and the same changed rules;
// - the same changes written as a second ruleset (equivalences reordered) give
//   causes too; the rules with an empty overlay give no rows.
property_case run_property_case(std::uint32_t seed) {
  gen::dice r(seed);
  property_case out;
  const gen::model a = gen::new_model(r);
  const gen::model b = gen::changed(r, a, out.changes);
  out.rules = gen::root(a);
  out.overlay = gen::overlay(a, b);
  out.population = gen::population_csv(r, a, b);
  const auto before = compiled_or_fail(out.rules, {}, out.failure);
  const auto after = compiled_or_fail(out.rules, {out.overlay}, out.failure);
  const auto same = compiled_or_fail(out.rules, {overlay_header}, out.failure);
  // The same changes written as a second ruleset, its equivalences in another order.
  std::vector<std::size_t> order(b.equivalences.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  r.shuffle(order);
  const auto second = compiled_or_fail(gen::root(b, order), {}, out.failure);
  if (!out.failure.empty()) return out;
  // Without the added mark, which neither side of this comparison knows.
  std::string without_new = out.population;
  for (const auto& [from, to] :
       std::vector<std::pair<std::string, std::string>>{{";mnew", ""}, {",mnew,", ",,"}})
    for (std::size_t at; (at = without_new.find(from)) != std::string::npos;)
      without_new.replace(at, from.size(), to);
  const auto run_on = [&](const ruleset& x, const ruleset& y, const std::string& csv,
                          const char* label) -> std::optional<diff_result> {
    try {
      return diff_csv(x, y, csv);
    } catch (const std::logic_error& e) {
      out.failure += std::string(label) + ": std::logic_error: " + e.what() + "\n";
    } catch (const std::exception& e) {
      out.failure += std::string(label) + ": " + e.what() + "\n";
    }
    return std::nullopt;
  };
  const auto run = [&](const ruleset& x, const ruleset& y, const char* label) {
    return run_on(x, y, out.population, label);
  };
  if (const auto d = run_on(*before, *same, without_new, "identical rules")) {
    if (!d->rows.empty() || !d->changed_rules.empty())
      out.failure += "identical rules: rows or changed rules\n";
  }
  const auto forward = run(*before, *after, "overlay");
  if (forward) {
    out.rows = forward->rows.size();
    check_causes(*forward, "overlay", out.failure);
    if (!forward->rows.empty() && forward->changed_rules.empty())
      out.failure += "overlay: rows without changes\n";
    // The rows are the outcomes that evaluate() gives differently on the two sides.
    const std::vector<std::string> want = expected_rows(*before, *after, out.population);
    const std::vector<std::string> got = rows_without_cause(*forward);
    if (got != want) {
      out.failure += "overlay: the rows differ from evaluate()'s outcomes; evaluate() gives\n";
      for (const auto& line : want) out.failure += "  " + line + "\n";
      out.failure += "the diff gives\n";
      for (const auto& line : got) out.failure += "  " + line + "\n";
    }
  }
  // Backwards: what the overlay added is what the other side removes.
  if (const auto backward = run(*after, *before, "overlay, backwards")) {
    check_causes(*backward, "overlay, backwards", out.failure);
    if (forward && backward->rows.size() != forward->rows.size())
      out.failure += "overlay, backwards: another number of rows\n";
    if (forward && backward->changed_rules != forward->changed_rules)
      out.failure += "overlay, backwards: other changed rules\n";
  }
  if (const auto d = run(*before, *second, "second ruleset")) check_causes(*d, "second ruleset", out.failure);
  return out;
}

void report(std::uint32_t seed, const property_case& c) {
  INFO("seed " << seed << ", changes: " << c.changes);
  INFO("rules:\n" << c.rules);
  INFO("overlay:\n" << c.overlay);
  INFO("population:\n" << c.population);
  FAIL_CHECK(c.failure);
}

}  // namespace

namespace {

// The seeds among the first 307 whose cases found the two engine bugs pinned by
// the cases below (both fixed); kept as regression cases of their own.
const std::vector<std::uint32_t> circular_derivation_seeds{112, 118, 154, 156, 194, 300};
const std::vector<std::uint32_t> undecided_level_seeds{75};

}  // namespace

TEST_CASE("SPEC 12 property: every changed row has a cause") {
  // CIVEFF_DIFF_PROPERTY_CASES=N checks N cases instead (a longer search, by hand).
  const char* wanted = std::getenv("CIVEFF_DIFF_PROPERTY_CASES");
  const std::size_t cases = wanted != nullptr ? std::stoul(wanted) : 300;
  std::size_t checked = 0, with_rows = 0, rows = 0, failed = 0;
  for (std::uint32_t seed = 1; checked < cases; ++seed) {
    const property_case c = run_property_case(seed);
    ++checked;
    if (!c.failure.empty()) {
      ++failed;
      report(seed, c);
    }
    with_rows += c.rows > 0 ? 1 : 0;
    rows += c.rows;
  }
  MESSAGE(with_rows << " of " << checked << " cases changed some outcome; " << rows << " rows in all");
  CHECK(failed == 0);
  // The generator is not vacuous: most changes change something.
  CHECK(with_rows * 2 > checked);
}

// ---------------------------------------------------------------- engine bugs the property test found
// (fixed)

// FIXED ENGINE BUG, found by the property test (in 123 of its first 3000 seeds,
// 112, 118, 154, 156, 194 and 300 among the first 307): a credit derived
// through a symmetric group can get a derivation that returns to a unit on its
// own path instead of reaching the credit the group spread from; the derivation
// is cut off there (a node with an equivalence and no sources), so the rules
// that ground the credit are not among the rules it uses. The diff then throws
// its internal error (std::logic_error, CLI exit 3) for a changed row of that
// unit, and `civeff explain` prints the circular derivation. The fix: the
// evaluator's trace records the first derivation of each credit in the
// fixpoint, and the explainer follows it where a chain would come round again.
TEST_CASE("SPEC 12: a credit derived through a symmetric group uses the credit the group spread from") {
  const std::string overlay =
      overlay_header + "units:\n  - {id: A, kind: k, credit_when: attrs.ok == false}\n";
  const std::string csv = "person,unit,date,ok\np,A,2023-01-01,true\n";
  const std::function<bool(const derivation&)> grounded = [&](const derivation& x) {
    if (x.via == "achievement" || x.via == "exemption") return true;
    return !x.sources.empty() && std::all_of(x.sources.begin(), x.sources.end(), grounded);
  };
  SUBCASE("one group of three; the credited member is not the first") {
    // Got: B via e from C, C via e from B (cut off); the diff throws "the changed
    // credit row of person 'p' (B: lost) has no cause".
    const std::string root = header + R"(units:
  - {id: A, kind: k, credit_when: attrs.ok == true}
  - {id: B, kind: k}
  - {id: C, kind: k}
equivalences:
  - {id: e, equivalent: [B, C, A]}
)";
    const auto before = compiled(root);
    const explanation e =
        before->explain(person({took("A", "2023-01-01").attr("ok", true)}), day("2024-01-01"));
    CHECK(grounded(e.credited.at("B")));
    CHECK(grounded(e.credited.at("C")));
    diff_result d;
    CHECK_NOTHROW(d = diff_csv(*before, *compiled(root, {overlay}), csv));
    CHECK(csv_rows(d) == names{"credit,p,A,,,,achievement,,2023-01-01,,,,,,unit:A",
                               "credit,p,B,,,,e,,2023-01-01,,,,,,unit:A",
                               "credit,p,C,,,,e,,2023-01-01,,,,,,unit:A"});
  }
  SUBCASE("two groups; the first declared supports C only through C itself") {
    // Got: `eval` reports C via e0 (from B, which e0 credits from C); explain:
    // C via e0 from B, B via e0 from C (cut off); the diff throws for B.
    const std::string root = header + R"(units:
  - {id: A, kind: k, credit_when: attrs.ok == true}
  - {id: B, kind: k}
  - {id: C, kind: k}
equivalences:
  - {id: e0, equivalent: [B, C]}
  - {id: e1, equivalent: [C, A]}
)";
    const auto before = compiled(root);
    const explanation e =
        before->explain(person({took("A", "2023-01-01").attr("ok", true)}), day("2024-01-01"));
    CHECK(grounded(e.credited.at("B")));
    CHECK(grounded(e.credited.at("C")));
    diff_result d;
    CHECK_NOTHROW(d = diff_csv(*before, *compiled(root, {overlay}), csv));
    CHECK(d.rows.size() == 3);
    for (const auto& row : d.rows) CHECK(d.text(row.cause) == "unit:A");
  }
}

// FIXED ENGINE BUG (and a gap in SPEC 12's wording), found by the property test (in
// 8 of its first 3000 seeds, 75 among the first 307): SPEC 12 and
// explain/rule_uses.cpp (rule_uses::level) let a level use only what decided
// it: the marks and unit that give the decided level and what their matching
// cases read. But the level equally depends on every other mark the achievement
// carries not giving a higher one: on the earlier cases of a mark that did not
// match (first match wins), on a mark's lower level, on a mark that lapsed
// (valid_for). When a change touches only those, and the level is seen on one
// side only (a credit_when reading level() that holds on one side) or decided
// by another mark on the other side, the changed row has no cause and the diff
// throws its internal error (std::logic_error, CLI exit 3), which SPEC 12 says
// never happens. The fix: a level uses every mark placing the achievement on
// its scale and what their cases read up to the match (docs/language.md §19).
TEST_CASE("SPEC 12: a level uses the marks that did not decide it too") {
  const std::string root = header + R"(attributes:
  points: {type: number, max: 10}
scales:
  s: {levels: [low, mid, high]}
marks:
  - id: m1
    levels: {s: [{when: kind == "k" or attrs.points > 5, level: low}, {level: high}]}
  - {id: m2, levels: {s: mid}}
units:
  - {id: U, kind: k}
  - {id: M, kind: j, credit_when: level("s") == "mid"}
)";
  const auto before = compiled(root);
  const auto diff_with = [&](const std::string& overlay, const std::string& csv) {
    diff_result d;
    CHECK_NOTHROW(d = diff_csv(*before, *compiled(root, {overlay_header + overlay}), csv));
    return csv_rows(d);
  };
  SUBCASE("an earlier case read the unit's kind") {
    // Before: m1's first case matches (low) and m2 decides mid. After (U's kind
    // changed) m1's second case gives high. Got: std::logic_error "the changed
    // level row of person 'p' (achievement 0, s: mid->high) has no cause".
    CHECK(diff_with("units:\n  - {id: U, kind: j}\n", "person,unit,date,marks\np,U,2023-01-01,m1;m2\n") ==
          names{"level,p,0,s,U,2023-01-01,mid,high,,,,,,,unit:U"});
  }
  SUBCASE("an earlier case read an attribute whose declaration changed") {
    // points 7 is above the new maximum 5: absent after (W010). Got the same error.
    CHECK(diff_with("attributes:\n  points: {type: number, max: 5}\n",
                    "person,unit,title,date,marks,points\np,,course,2023-01-01,m1;m2,7\n") ==
          names{"level,p,0,s,course,2023-01-01,mid,high,,,,,,,attribute:points"});
  }
  SUBCASE("a mark gives a lower level; the credit_when reading the level holds after only") {
    // Before m1 gives high; after low, and m2 decides mid: M is credited. Got:
    // "the changed credit row of person 'p' (M: gained) has no cause".
    CHECK(diff_with("marks:\n  - {id: m1, levels: {s: low}}\n",
                    "person,unit,date,marks\np,M,2020-01-01,m1;m2\n") ==
          names{"level,p,0,s,M,2020-01-01,high,mid,,,,,,,mark:m1",
                "credit,p,M,,,,,achievement,,2020-01-01,,,,,mark:m1"});
  }
  SUBCASE("a mark lapses; the credit_when reading the level holds after only") {
    CHECK(diff_with("marks:\n  - {id: m1, valid_for: P1Y, levels: {s: high}}\n",
                    "person,unit,date,marks\np,M,2020-01-01,m1;m2\n") ==
          names{"level,p,0,s,M,2020-01-01,high,mid,,,,,,,mark:m1",
                "credit,p,M,,,,,achievement,,2020-01-01,,,,,mark:m1"});
  }
}

// The property test's cases that hit the two bugs above, kept as found.
TEST_CASE("SPEC 12 property: the seeds that found the two bugs, kept as found") {
  std::vector<std::uint32_t> seeds = circular_derivation_seeds;
  seeds.insert(seeds.end(), undecided_level_seeds.begin(), undecided_level_seeds.end());
  for (const std::uint32_t seed : {724U, 1499U, 1540U, 2664U}) seeds.push_back(seed);  // more of the second
  for (const std::uint32_t seed : seeds) {
    const property_case c = run_property_case(seed);
    if (!c.failure.empty()) report(seed, c);
  }
}
