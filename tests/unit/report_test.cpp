// SPDX-License-Identifier: Apache-2.0
// The person's report (docs/report.md): the model's order and hashes, the
// sentences of both writers, escaping, the reproducing command, and print_pdf with
// stand-ins for Chromium (each error code, the timeout, a printed file).

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "person_report/report_model.hpp"
#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const char* const rules_yaml = R"yaml(civeff: 1
ruleset: stapel
version: "3"
language: nl
attributes:
  points: {type: number, title: Accreditatiepunten}
scales:
  civil_effect: {title: Civiel effect, levels: [none, internal, sector, national]}
marks:
  - id: vv
    name: Kwaliteitsregister V&V
    valid_for: P5Y
    levels:
      civil_effect:
        - {when: attrs.points >= 4, level: sector}
        - level: internal
    source: https://example.org/vv
  - id: mbo-certificaat
    levels: {civil_effect: national}
units:
  - {id: LE-a, kind: leereenheid, title: "Wondzorg <deel 1> & meer", hours: 40, source: https://example.org/le}
  - {id: LE-b, kind: leereenheid, title: "Wondzorg | deel 2", hours: 60, source: https://example.org/le}
  - {id: K0618, kind: keuzedeel, title: Wondzorg, hours: 240}
  - {id: B1-K1, kind: kerntaak, title: Zorg bieden, hours: 400}
equivalences:
  - id: eq-wondzorg
    from: [LE-a, LE-b]
    counts_as: [K0618]
diplomas:
  - id: d1
    title: Helpende
    requires:
      all_of:
        - unit: B1-K1
        - {id: keuzedelen, title: Keuzedelen, hours: {min: 240, of: {kind: keuzedeel}}}
  - id: d2
    title: Wondzorger
    requires:
      unit: K0618
  - id: d3
    title: Alleen voor verpleegkundigen
    requires:
      when: person.role == "verpleegkundige"
      unit: B1-K1
person_attributes:
  role: {type: text, title: Functie}
)yaml";

const char* const portfolio_json = R"json({"person": "p-001", "attrs": {"role": "helpende"},
 "achievements": [
  {"unit": "LE-a", "title": "Wondzorg 1", "date": "2024-03-01", "marks": ["mbo-certificaat"]},
  {"unit": "LE-b", "title": "Wondzorg 2", "date": "2024-06-01", "marks": ["mbo-certificaat"]},
  {"title": "Scholing V&V", "date": "2024-09-01", "marks": ["vv"], "attrs": {"points": 5}},
  {"unit": "B1-K1", "date": "2027-01-01"}]})json";

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

struct inputs {
  temp_dir dir;
  std::shared_ptr<const ruleset> rules;
  portfolio p;
  inputs() {
    rules = load(dir.write("ruleset.yaml", rules_yaml));
    p = parse_portfolio(portfolio_json, "p.json", *rules);
  }
};

const date as_of = *date::parse("2026-11-01");

}  // namespace

TEST_CASE("report: the model orders diplomas furthest first, those that do not apply last") {
  inputs in;
  const detail::person_report::model m(*in.rules, in.p, as_of, {});
  REQUIRE(m.diploma_order.size() == 3);
  CHECK(m.diploma_order[0] == "d2");  // complete
  CHECK(m.diploma_order[1] == "d1");  // partial
  CHECK(m.diploma_order[2] == "d3");  // its guard leaves it out
  CHECK(m.left_out("d3"));
  CHECK(m.advice_for.at("d1").plans.at(0).hours == 400);
  // The vv level lapses five years after the training; a level without valid_for does not.
  REQUIRE(m.lapses.size() == 4);
  CHECK(m.lapses[2][0] == date::parse("2029-09-01"));
  CHECK(!m.lapses[0][0]);
  // Sources: one line per source text, every entry citing it.
  REQUIRE(m.sources.size() == 2);
  CHECK(m.sources[0].text == "https://example.org/le");
  CHECK(m.sources[0].cited_by.size() == 2);
  // Credits by kind: keuzedelen before leereenheden.
  REQUIRE(m.credit_groups.size() == 2);
  CHECK(m.credit_groups[0].first == "keuzedeel");
}

TEST_CASE("report: the Dutch page in words, with every figure as a data- attribute") {
  inputs in;
  const std::string html = render_report(*in.rules, in.p, as_of, report_format::html);
  CHECK(contains(html, "<html lang=\"nl\">"));
  CHECK(contains(html, "LE-a en LE-b samen gelden als keuzedeel K0618 (gelijkwaardigheid eq-wondzorg)"));
  CHECK(contains(html, "keurmerk Kwaliteitsregister V&amp;V, bij minstens 4 accreditatiepunten"));
  CHECK(contains(html, "geldig tot 1 september 2029"));
  CHECK(contains(html, "nee: gedateerd na de peildatum"));
  CHECK(contains(html, "Geldt niet voor deze persoon: alleen als functie: verpleegkundige."));
  CHECK(contains(html,
                 "data-diploma=\"d1\" data-status=\"partial\" data-progress=\"0.5\" "
                 "data-hours-to-complete=\"400\" data-proven=\"true\""));
  CHECK(contains(html, "data-scale=\"civil_effect\" data-level=\"sector\""));
  CHECK(contains(html, "data-unit=\"K0618\" data-via=\"eq-wondzorg\" data-date=\"2024-06-01\""));
  CHECK(contains(html, "data-missing=\"unit:B1-K1\""));
  CHECK(contains(html, "data-plan-unit=\"B1-K1\" data-hours=\"400\""));
  // Titles are escaped; only the cited sources are links; no script.
  CHECK(contains(html, "Wondzorg &lt;deel 1&gt; &amp; meer"));
  CHECK(!contains(html, "<deel 1>"));
  CHECK(contains(html, "<a href=\"https://example.org/le\""));
  CHECK(!contains(html, "<script"));
  // The same inputs give the same bytes.
  CHECK(render_report(*in.rules, in.p, as_of, report_format::html) == html);
}

TEST_CASE("report: English on request, and Markdown with its tables kept whole") {
  inputs in;
  report_options english;
  english.language = text_language::en;
  const std::string html = render_report(*in.rules, in.p, as_of, report_format::html, english);
  CHECK(contains(html, "<html lang=\"en\">"));
  CHECK(contains(html, "LE-a and LE-b together count as keuzedeel K0618"));
  const std::string md = render_report(*in.rules, in.p, as_of, report_format::markdown);
  CHECK(md.starts_with("# Verklaring civiel effect: p-001\n"));
  CHECK(contains(md, "Wondzorg \\| deel 2"));  // `|` escaped in a table row
  CHECK(contains(md, "- `LE-b` Wondzorg \\| deel 2"));
  CHECK(contains(md, "<details><summary>De eisen in detail</summary>"));
  CHECK(!contains(md, "<span"));
}

TEST_CASE("report: the eval command names the files given, quoted for a shell") {
  inputs in;
  report_options o;
  o.ruleset_path = "rules/nl zorg";
  o.portfolio_path = "it's.json";
  o.read_arguments = {"--person", "p-001"};
  CHECK(detail::person_report::eval_command(*in.rules, as_of, o) ==
        "civeff eval 'rules/nl zorg' 'it'\\''s.json' --as-of 2026-11-01 --person p-001 --format json");
  CHECK(detail::person_report::eval_command(*in.rules, as_of, {}) ==
        "civeff eval RULESET PORTFOLIO --as-of 2026-11-01 --format json");
}

TEST_CASE("report: the content hashes follow the content, not the files' layout") {
  inputs in;
  temp_dir other;
  const std::string relaid = std::string("# a comment\n") + rules_yaml;
  const auto same_rules = load(other.write("ruleset.yaml", relaid));
  CHECK(detail::person_report::rules_sha256(*same_rules) == detail::person_report::rules_sha256(*in.rules));
  std::string changed = rules_yaml;
  changed.replace(changed.find("min: 240"), 8, "min: 480");
  const auto other_rules = load(other.write("changed/ruleset.yaml", changed));
  CHECK(detail::person_report::rules_sha256(*other_rules) != detail::person_report::rules_sha256(*in.rules));
  const portfolio yaml = parse_portfolio(
      "person: p-001\nattrs: {role: helpende}\nachievements:\n"
      "  - {unit: LE-a, title: Wondzorg 1, date: 2024-03-01, marks: [mbo-certificaat]}\n"
      "  - {unit: LE-b, title: Wondzorg 2, date: 2024-06-01, marks: [mbo-certificaat]}\n"
      "  - {title: Scholing V&V, date: 2024-09-01, marks: [vv], attrs: {points: 5}}\n"
      "  - {unit: B1-K1, date: 2027-01-01}\n",
      "p.yaml", *in.rules);
  CHECK(detail::person_report::portfolio_sha256(yaml) == detail::person_report::portfolio_sha256(in.p));
  portfolio fewer = in.p;
  fewer.achievements.pop_back();
  CHECK(detail::person_report::portfolio_sha256(fewer) != detail::person_report::portfolio_sha256(in.p));
}

namespace {

// A shell script standing in for Chromium.
std::string stand_in(const temp_dir& dir, const std::string& name, const std::string& body) {
  const auto path = dir.write(name, "#!/bin/sh\n" + body);
  std::filesystem::permissions(path, std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);
  return path.string();
}

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const input_error& e) {
    return e.diagnostics().at(0).code;
  }
  return "";
}

}  // namespace

TEST_CASE("print_pdf: a stand-in's PDF, and E084, E085, E086") {
  temp_dir dir;
  const std::string prints = stand_in(dir, "prints",
                                      "for a in \"$@\"; do case \"$a\" in --print-to-pdf=*) "
                                      "printf '%%PDF-1.4 x' > \"${a#--print-to-pdf=}\";; esac; done\n");
  CHECK(print_pdf("<p>hi</p>", {.chromium = prints}).starts_with("%PDF-1.4"));
  CHECK(code_of([&] { (void)print_pdf("x", {.chromium = (dir.path() / "none").string()}); }) == "E084");
  const std::string fails = stand_in(dir, "fails", "echo broken >&2; exit 3\n");
  CHECK(code_of([&] { (void)print_pdf("x", {.chromium = fails}); }) == "E085");
  const std::string silent = stand_in(dir, "silent", "exit 0\n");
  CHECK(code_of([&] { (void)print_pdf("x", {.chromium = silent}); }) == "E085");
  const std::string slow = stand_in(dir, "slow", "exec sleep 30\n");
  const auto started = std::chrono::steady_clock::now();
  CHECK(code_of([&] {
          (void)print_pdf("x", {.timeout = std::chrono::milliseconds(300), .chromium = slow});
        }) == "E086");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}
