// SPDX-License-Identifier: Apache-2.0
#include <fmt/format.h>

#include "cli.hpp"
#include "output_file.hpp"
#include "progress_bar.hpp"

namespace civeff::cli {

population_inputs load_population_inputs(const population_command& c, progress_bar& bar) {
  // Nothing is read before it is known not to be the output (E047).
  const out_guard guard(c.out);
  guard.check_rules(c.ruleset);
  for (const auto& f : c.overlays) guard.check(f);
  guard.check(c.population);
  auto rules = load_rules(c.ruleset, c.overlays, {c.allow_outside_includes, guard.before_read()});
  bar.note(fmt::format("reading {}", c.population));
  population pop = read_population_csv(c.population, rules.get(), c.reading);
  bar.finish();
  print_input_warnings(pop.warnings, c.population);
  return {std::move(rules), std::move(pop)};
}

}  // namespace civeff::cli
