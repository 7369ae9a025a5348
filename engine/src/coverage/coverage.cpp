// SPDX-License-Identifier: Apache-2.0
// The public face of coverage (docs/language.md, "Coverage"): civeff::coverage
// and the order of its rows.

#include <civeff/civeff.hpp>

#include <algorithm>
#include <tuple>

#include "coverage/population_coverage.hpp"

namespace civeff {

std::string_view to_string(rule_kind k) {
  switch (k) {
    case rule_kind::mark_case: return "mark_case";
    case rule_kind::credit_when: return "credit_when";
    case rule_kind::equivalence: return "equivalence";
    case rule_kind::requirement: return "requirement";
  }
  return "?";
}

std::size_t coverage_result::never_fired() const {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const coverage_row& r) { return r.fired == 0; }));
}

coverage_result coverage(const ruleset& rules, const population_view& pop, const batch_options& options) {
  coverage_result r = detail::population_coverage(rules.program(), pop, options);
  // Never fired first, then where the rule is written; the name settles the rest.
  std::stable_sort(r.rows.begin(), r.rows.end(), [](const coverage_row& x, const coverage_row& y) {
    return std::tuple(x.fired != 0, std::string_view(x.where.file), x.where.line, x.where.column,
                      std::string_view(x.rule)) < std::tuple(y.fired != 0, std::string_view(y.where.file),
                                                             y.where.line, y.where.column,
                                                             std::string_view(y.rule));
  });
  return r;
}

coverage_result coverage(const ruleset& rules, const population& pop, const batch_options& options) {
  return coverage(rules, pop.view(), options);
}

}  // namespace civeff
