// SPDX-License-Identifier: Apache-2.0
// The program of both consumers in examples/cmake-subproject: a vendor's tool that
// holds its rules in memory (as it would after reading them from its database),
// compiles them, and evaluates one portfolio. It prints the result as JSON (SPEC §6).
//
// Exit codes as the civeff tool's: 1 for broken rules, 2 for a bad portfolio.
#include <civeff/civeff.hpp>

#include <iostream>
#include <map>
#include <string>

namespace {

// A ruleset of two files: one diploma that asks for 25 hours of courses.
const std::map<std::string, std::string> rules_files = {
    {"ruleset.yaml",
     "civeff: 1\n"
     "ruleset: vendor\n"
     "version: \"1\"\n"
     "include: [units.yaml]\n"
     "scales:\n"
     "  civil_effect: {levels: [none, sector, national]}\n"
     "diplomas:\n"
     "  - id: basis\n"
     "    requires: {hours: {min: 25, of: {kind: course}}}\n"},
    {"units.yaml",
     "units:\n"
     "  - {id: A, kind: course, hours: 10}\n"
     "  - {id: B, kind: course, hours: 20}\n"},
};

const char* const portfolio_json = R"({
  "person": "p-1",
  "achievements": [
    {"unit": "A", "title": "Course A", "date": "2026-01-15"},
    {"unit": "B", "title": "Course B", "date": "2026-03-01"}
  ]
})";

void print(const std::vector<civeff::diagnostic>& diagnostics) {
  for (const civeff::diagnostic& d : diagnostics) std::cerr << d.format() << '\n';
}

}  // namespace

int main() {
  const civeff::compile_result compiled = civeff::compile(rules_files);  // never throws for bad rules
  print(compiled.diagnostics);
  if (!compiled.ok()) return 1;
  try {
    const civeff::portfolio person =
        civeff::parse_portfolio(portfolio_json, "portfolio.json", *compiled.rules);
    std::cout << civeff::to_json(compiled.rules->evaluate(person, civeff::date::from_ymd(2026, 11, 1)));
  } catch (const civeff::error& e) {  // input_error: a bad portfolio; evaluation_error: a rule failed
    print(e.diagnostics());
    return 2;
  }
  return 0;
}
