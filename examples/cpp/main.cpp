// SPDX-License-Identifier: Apache-2.0
// Compiles a ruleset, reads one portfolio and prints the result as JSON (SPEC §6).
//
//   civeff_example [RULESET [PORTFOLIO [AS_OF]]]
//
// Defaults: rules/nl-zorg and examples/cpp/portfolio.json of the source tree, as of
// 2026-11-01. Exit codes as the civeff tool's: 1 for broken rules, 2 for bad input; 3 when
// the headers and the library are of different versions.
#include <civeff/civeff.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

int main(int argc, char** argv) {
  // The installed headers (civeff/version.hpp) and library must be of one version.
  if (civeff::version() != CIVEFF_VERSION_STRING) {
    std::cerr << "civeff_example: civeff.hpp is of civeff " << CIVEFF_VERSION_STRING << ", the library of "
              << civeff::version() << '\n';
    return 3;
  }
  const std::filesystem::path rules_path = argc > 1 ? argv[1] : CIVEFF_EXAMPLE_RULES;
  const std::filesystem::path portfolio_path = argc > 2 ? argv[2] : CIVEFF_EXAMPLE_PORTFOLIO;
  const std::string as_of_text = argc > 3 ? argv[3] : "2026-11-01";

  const std::optional<civeff::date> as_of = civeff::date::parse(as_of_text);
  if (!as_of) {
    std::cerr << "civeff_example: '" << as_of_text << "' is not a date (YYYY-MM-DD)\n";
    return 2;
  }

  // compile() never throws for bad rules: every problem found is a diagnostic.
  const civeff::compile_result compiled = civeff::compile(rules_path);
  for (const civeff::diagnostic& d : compiled.diagnostics) std::cerr << d.format() << '\n';
  if (!compiled.ok()) return 1;
  const civeff::ruleset& rules = *compiled.rules;

  try {
    const civeff::portfolio person = civeff::read_portfolio(portfolio_path, rules);
    const civeff::result r = rules.evaluate(person, *as_of);
    std::cout << civeff::to_json(r);
  } catch (const civeff::input_error& e) {  // the portfolio is bad, e.g. an unknown mark
    for (const civeff::diagnostic& d : e.diagnostics()) std::cerr << d.format() << '\n';
    return 2;
  } catch (const civeff::evaluation_error& e) {  // e.g. a division by zero in a `check`
    for (const civeff::diagnostic& d : e.diagnostics()) std::cerr << d.format() << '\n';
    return 1;
  }
  return 0;
}
