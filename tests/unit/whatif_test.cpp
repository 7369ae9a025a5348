// SPDX-License-Identifier: Apache-2.0
// What if (docs/language.md, "What if"): ruleset::what_if is two evaluations
// and two advice searches per diploma, compared; ruleset::course_options ranks
// advice's candidates by the hours they save per hour of study, each option's
// figures those of its own what-if. The key property is checked on every
// persona of examples/portfolios with several added units, against the public
// evaluate() and advise() run here.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "support.hpp"

using namespace civeff;
using testing::took;

namespace {

const std::filesystem::path repo(CIVEFF_SOURCE_DIR);
const date persona_day = testing::day("2026-11-01");

// The personas of examples/portfolios (not their results, advice or what-ifs), by name.
std::vector<std::filesystem::path> personas() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(repo / "examples/portfolios")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || std::count(name.begin(), name.end(), '.') != 1) continue;
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The first plan's hours of advise(): the figure a what-if reports.
std::optional<double> cheapest(const ruleset& rules, const portfolio& p, const std::string& diploma,
                               date as_of) {
  const advice a = rules.advise(p, diploma, as_of, {.top = 1});
  CHECK(a.proven);
  if (a.plans.empty()) return std::nullopt;
  return a.plans.front().hours;
}

portfolio with(const portfolio& p, const std::vector<achievement>& added) {
  portfolio out = p;
  out.achievements.insert(out.achievements.end(), added.begin(), added.end());
  return out;
}

// `w` is what evaluate() and advise() say of `p` without and with `added`.
// `hours_before` caches advise() on `p` across calls.
void check_two_runs(const ruleset& rules, const portfolio& p, const std::vector<achievement>& added,
                    date as_of, const what_if_result& w,
                    std::map<std::string, std::optional<double>>& hours_before) {
  const result before = rules.evaluate(p, as_of);
  const result after = rules.evaluate(with(p, added), as_of);
  CHECK(to_json(w.before) == to_json(before));
  CHECK(to_json(w.after) == to_json(after));
  CHECK(w.person == p.person);
  CHECK(w.as_of == as_of);
  REQUIRE(w.added.size() == added.size());
  REQUIRE(w.levels.size() == added.size());
  for (std::size_t k = 0; k < added.size(); ++k)
    CHECK(w.levels.at(*added[k].unit) == after.achievements[p.achievements.size() + k].levels);
  std::vector<std::string> gained, lost;
  for (const auto& [unit, c] : after.credited)
    if (before.credited.count(unit) == 0) gained.push_back(unit);
  for (const auto& [unit, c] : before.credited)
    if (after.credited.count(unit) == 0) lost.push_back(unit);
  CHECK(w.credits_gained == gained);
  CHECK(w.credits_lost == lost);
  REQUIRE(w.diplomas.size() == before.diplomas.size());
  for (const auto& [id, d] : before.diplomas) {
    CAPTURE(id);
    const what_if_diploma& x = w.diplomas.at(id);
    const diploma_result& then = after.diplomas.at(id);
    CHECK(x.status_before == d.status);
    CHECK(x.status_after == then.status);
    CHECK(x.progress_before == d.progress);
    CHECK(x.progress_after == then.progress);
    if (!hours_before.contains(id)) hours_before[id] = cheapest(rules, p, id, as_of);
    CHECK(x.hours_to_complete_before == hours_before[id]);
    CHECK(x.hours_to_complete_after == cheapest(rules, with(p, added), id, as_of));
    // A complete diploma's hours are 0, as advise's one plan of 0 hours.
    if (then.status == diploma_status::complete) CHECK(x.hours_to_complete_after == 0.0);
  }
  CHECK(w.proven);
}

// A stack of two leereenheden that counts as a keuzedeel, shared with tests/cli/whatif_test.py.
std::shared_ptr<const ruleset> stack_rules() { return load(repo / "tests/data/whatif"); }

const date stack_day = testing::day("2024-01-01");

portfolio stack_person() {
  const auto rules = stack_rules();
  return read_portfolio(repo / "tests/data/whatif/p.yaml", *rules);
}

achievement added(const char* unit, std::vector<std::string> marks = {}) {
  achievement a = took(unit, "2024-01-01").marks(std::move(marks));
  return a;
}

std::string codes_of(const input_error& e) {
  std::string out;
  for (const auto& d : e.diagnostics()) out += (out.empty() ? "" : " ") + d.code;
  return out;
}

}  // namespace

TEST_CASE("what if: the last leereenheid of a stack gains the keuzedeel and completes the diploma") {
  const auto rules = stack_rules();
  const portfolio p = stack_person();
  const what_if_result w = rules->what_if(p, {added("LE-wond-b", {"cert"})}, stack_day);
  std::map<std::string, std::optional<double>> hours;
  check_two_runs(*rules, p, {added("LE-wond-b", {"cert"})}, stack_day, w, hours);
  CHECK(w.credits_gained == std::vector<std::string>{"KD-wond", "LE-wond-b"});
  CHECK(w.credits_lost.empty());
  const what_if_diploma& d = w.diplomas.at("helpende");
  CHECK(d.status_before == diploma_status::partial);
  CHECK(d.status_after == diploma_status::complete);
  CHECK(d.progress_before == 0.5);
  CHECK(d.progress_after == 1);
  CHECK(d.hours_to_complete_before == 40.0);
  CHECK(d.hours_to_complete_after == 0.0);
  CHECK(w.diplomas.at("other").hours_to_complete_before == 240.0);
  CHECK(w.diplomas.at("other") ==
        what_if_diploma{diploma_status::none, diploma_status::none, 0, 0, 240.0, 240.0});

  CHECK(to_json(w) == R"({
  "person": "p-1",
  "as_of": "2024-01-01",
  "added": [
    {
      "unit": "LE-wond-b",
      "date": "2024-01-01",
      "marks": [
        "cert"
      ],
      "attrs": {},
      "hours": null,
      "exempt": false
    }
  ],
  "levels": {
    "LE-wond-b": {
      "civil_effect": "national"
    }
  },
  "credits": {
    "gained": [
      "KD-wond",
      "LE-wond-b"
    ],
    "lost": []
  },
  "diplomas": {
    "helpende": {
      "status_before": "partial",
      "status_after": "complete",
      "progress_before": 0.5,
      "progress_after": 1,
      "hours_to_complete_before": 40,
      "hours_to_complete_after": 0
    },
    "other": {
      "status_before": "none",
      "status_after": "none",
      "progress_before": 0,
      "progress_after": 0,
      "hours_to_complete_before": 240,
      "hours_to_complete_after": 240
    }
  }
}
)");
  CHECK(to_text(w, "nl") ==
        "Wat als voor p-1, per 2024-01-01: met LE-wond-b erbij.\n"
        "Niveaus van LE-wond-b: civil_effect national.\n"
        "Erbij behaald: KD-wond (via wond-stack) en LE-wond-b (via achievement).\n"
        "Diploma helpende: gedeeltelijk -> compleet, voortgang 50% -> 100%, uren tot compleet 40 -> 0.\n"
        "Ongewijzigd: other.\n");
  CHECK(to_text(w, "en") ==
        "What if for p-1, as of 2024-01-01: with LE-wond-b added.\n"
        "Levels of LE-wond-b: civil_effect national.\n"
        "Credits gained: KD-wond (via wond-stack) and LE-wond-b (via achievement).\n"
        "Diploma helpende: partial -> complete, progress 50% -> 100%, hours to complete 40 -> 0.\n"
        "Unchanged: other.\n");
  CHECK_THROWS_AS((void)to_text(w, "de"), input_error);
}

TEST_CASE("what if: an achievement whose credit_when does not hold changes no credit") {
  const auto rules = stack_rules();
  const portfolio p = stack_person();
  const std::vector<achievement> plain = {added("LE-wond-b")};  // no exam, no mark: not credited
  const what_if_result w = rules->what_if(p, plain, stack_day);
  std::map<std::string, std::optional<double>> hours;
  check_two_runs(*rules, p, plain, stack_day, w, hours);
  CHECK(w.credits_gained.empty());
  CHECK(w.levels.at("LE-wond-b") ==
        std::vector<std::pair<std::string, std::optional<std::string>>>{{"civil_effect", "none"}});
  for (const auto& [id, d] : w.diplomas) {
    CAPTURE(id);
    CHECK(d.status_before == d.status_after);
    CHECK(d.hours_to_complete_before == d.hours_to_complete_after);
  }
  CHECK(to_text(w, "en").find("Credits gained: none.\nUnchanged: helpende and other.\n") !=
        std::string::npos);
  // Two added at once, attributes and own hours kept as given.
  achievement a = took("KD-med", "2023-12-01").hours(200).attr("grade", 7.5);
  const what_if_result two = rules->what_if(p, {a, added("LE-wond-b", {"school"})}, stack_day);
  check_two_runs(*rules, p, {a, added("LE-wond-b", {"school"})}, stack_day, two, hours);
  CHECK(two.credits_gained == std::vector<std::string>{"KD-med"});
  CHECK(to_json(two).find(R"("attrs": {
        "grade": 7.5
      },
      "hours": 200,)") != std::string::npos);
}

TEST_CASE("what if: bad additions are E080, E081 and E082, all of them at once") {
  const auto rules = stack_rules();
  const portfolio p = stack_person();
  const auto error_of = [&](const std::vector<achievement>& a) {
    try {
      (void)rules->what_if(p, a, stack_day);
    } catch (const input_error& e) {
      return e;
    }
    FAIL("no input_error");
    return input_error(std::vector<diagnostic>{});
  };
  const input_error unknown = error_of({added("LE-wond-c")});
  CHECK(codes_of(unknown) == "E080");
  CHECK(unknown.diagnostics()[0].message ==
        "cannot add 'LE-wond-c': the rules have no such unit; did you mean "
        "'LE-wond-a'?");
  CHECK(codes_of(error_of({added("LE-wond-b"), added("LE-wond-b", {"cert"})})) == "E080");
  CHECK(codes_of(error_of({took("LE-wond-b", "2024-01-02")})) == "E080");
  CHECK(codes_of(error_of({took("", "2024-01-01")})) == "E080");
  const input_error mark = error_of({added("LE-wond-b", {"cret"})});
  CHECK(codes_of(mark) == "E081");
  CHECK(mark.diagnostics()[0].message == "LE-wond-b: unknown mark 'cret'; did you mean 'cert'?");
  CHECK(codes_of(error_of({took("LE-wond-b", "2024-01-01").hours(-1)})) == "E082");
  CHECK(codes_of(error_of({added("X"), took("LE-wond-b", "2024-01-01").marks({"nope"}).hours(-2)})) ==
        "E080 E081 E082");
}

TEST_CASE("what if: --attr values convert as a CSV cell of that column") {
  const auto rules = stack_rules();
  CHECK(what_if_attribute(*rules, "exam", "ja") == attribute_value(true));
  CHECK(what_if_attribute(*rules, "grade", "7,5") == attribute_value(7.5));
  const auto code = [&](std::string_view name, std::string_view value) {
    try {
      (void)what_if_attribute(*rules, name, value);
    } catch (const input_error& e) {
      return codes_of(e) + ": " + e.diagnostics()[0].message;
    }
    return std::string("no error");
  };
  CHECK(code("grade", "11") == "E082: --attr grade: 11 is above the maximum 10");
  CHECK(code("grade", "zeven").rfind("E082: --attr grade: 'zeven' is ", 0) == 0);
  CHECK(code("exma", "true") == "E082: --attr: 'exma' is not a declared attribute; did you mean 'exam'?");
  // Rules that declare no attributes type a value on its own (SPEC §3).
  const auto open = testing::rules(R"(civeff: 1
ruleset: open
version: "1"
scales: {s: {levels: [a]}}
units: [{id: U, kind: k}]
)");
  CHECK(what_if_attribute(*open, "exam", "true") == attribute_value(true));
  CHECK(what_if_attribute(*open, "grade", "7.5") == attribute_value(7.5));
  CHECK(what_if_attribute(*open, "when", "2024-02-01") == attribute_value(testing::day("2024-02-01")));
  CHECK(what_if_attribute(*open, "note", "goed") == attribute_value(std::string("goed")));
}

TEST_CASE("course options: advice's candidates by hours saved per hour, each its own what-if") {
  const auto rules = stack_rules();
  const portfolio p = stack_person();
  const std::vector<course_option> found = rules->course_options(p, "helpende", stack_day);
  // LE-wond-b completes the stack (40 h saved by 40 h); KD-med and KD-wond save 40 of their
  // 240, a tie that the ids break.
  REQUIRE(found.size() == 3);
  CHECK(found[0].unit == "LE-wond-b");
  CHECK(found[0].hours == 40);
  CHECK(found[0].hours_saved == 40);
  CHECK(found[0].saved_per_hour == 1);
  CHECK(found[1].unit == "KD-med");
  CHECK(found[1].saved_per_hour == doctest::Approx(40.0 / 240.0));
  CHECK(found[2].unit == "KD-wond");
  CHECK(found[2].saved_per_hour == found[1].saved_per_hour);
  for (const course_option& o : found) {
    achievement a = took(o.unit.c_str(), "2024-01-01").exempt();
    CHECK(to_json(o.what_if) == to_json(rules->what_if(p, {a}, stack_day)));
  }
  CHECK(rules->course_options(p, "helpende", stack_day, 1).size() == 1);
  CHECK(rules->course_options(p, "helpende", stack_day, 0).empty());
  const portfolio done = with(p, {added("KD-med", {"cert"})});
  CHECK(rules->course_options(done, "helpende", stack_day).empty());
  CHECK_THROWS_AS((void)rules->course_options(p, "helpend", stack_day), input_error);
}

TEST_CASE("what if on the personas: two evaluations and two advice searches, compared") {
  const auto rules = load(repo / "rules/nl-zorg");
  const auto exam = [](const char* unit, const char* mark) {
    achievement a = took(unit, "2026-11-01").marks({mark});
    return a;
  };
  // A certificate that completes the zij-instromer's P2-K1; the werkproces it covers; a
  // leereenheid with the werkproces that completes a profile kerntaak of 25780.
  const std::vector<std::vector<achievement>> additions = {
      {exam("C0163", "mbo-certificaat")},
      {exam("23385-P2-K1-W3", "examen")},
      {exam("LE-ondersteunen-begeleiden-mz", "examen"), exam("23312-P1-K1-W4", "examen")},
  };
  const auto files = personas();
  REQUIRE(files.size() == 5);
  for (const auto& file : files) {
    CAPTURE(file.filename().string());
    const portfolio p = read_portfolio(file, *rules);
    std::map<std::string, std::optional<double>> hours;
    for (const auto& add : additions) {
      CAPTURE(*add.front().unit);
      check_two_runs(*rules, p, add, persona_day, rules->what_if(p, add, persona_day), hours);
    }
  }
}

TEST_CASE("course options on the personas: ordered, each option's hours its what-if's") {
  const auto rules = load(repo / "rules/nl-zorg");
  const std::vector<std::pair<std::string, std::string>> cases = {{"zij-instromer.json", "25960"},
                                                                  {"helpende-naar-vig.json", "25656"},
                                                                  {"evc-vrijstelling.json", "25779"}};
  for (const auto& [file, diploma] : cases) {
    CAPTURE(file);
    const portfolio p = read_portfolio(repo / "examples/portfolios" / file, *rules);
    const std::vector<course_option> found = rules->course_options(p, diploma, persona_day);
    REQUIRE(!found.empty());
    CHECK(found.size() <= 5);
    for (std::size_t k = 0; k < found.size(); ++k) {
      const course_option& o = found[k];
      CAPTURE(o.unit);
      const what_if_diploma& d = o.what_if.diplomas.at(diploma);
      REQUIRE(d.hours_to_complete_before);
      REQUIRE(d.hours_to_complete_after);
      CHECK(o.hours_saved == *d.hours_to_complete_before - *d.hours_to_complete_after);
      CHECK(o.hours_saved > 0);
      CHECK(o.saved_per_hour == o.hours_saved / o.hours);
      if (k > 0) {
        const course_option& prev = found[k - 1];
        CHECK((prev.saved_per_hour > o.saved_per_hour ||
               (prev.saved_per_hour == o.saved_per_hour && prev.unit < o.unit)));
      }
      REQUIRE(o.what_if.added.size() == 1);
      CHECK(o.what_if.added[0].exempt);
      if (k == 0) {  // the first option's what-if, in full, as what_if() gives it
        std::map<std::string, std::optional<double>> hours;
        check_two_runs(*rules, p, o.what_if.added, persona_day, o.what_if, hours);
        CHECK(to_json(o.what_if) == to_json(rules->what_if(p, o.what_if.added, persona_day)));
      }
    }
  }
}
