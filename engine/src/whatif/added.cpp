// SPDX-License-Identifier: Apache-2.0
#include "whatif/added.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "core/diagnostic_codes.hpp"
#include "core/suggest.hpp"

namespace civeff::detail {

void check_added(const program& prog, const std::vector<achievement>& added, date as_of) {
  std::vector<diagnostic> errors;
  const auto fail = [&](const achievement& a, const char* code, std::string message) {
    errors.push_back({severity::error, code, a.where, std::move(message), {}});
  };
  std::set<std::string, std::less<>> seen;
  for (const achievement& a : added) {
    if (!a.unit) {
      fail(a, codes::what_if_unit, "an added achievement needs a unit (its levels are keyed by it)");
    } else if (prog.find_unit(*a.unit) < 0) {
      fail(a, codes::what_if_unit,
           fmt::format("cannot add '{}': the rules have no such unit{}", *a.unit,
                       did_you_mean_id(*a.unit, prog.units)));
    } else if (!seen.insert(*a.unit).second) {
      fail(a, codes::what_if_unit,
           fmt::format("unit '{}' is added twice; add each unit once (its levels are keyed by it)", *a.unit));
    }
    if (a.when > as_of)
      fail(a, codes::what_if_unit,
           fmt::format("{} is dated {}, after as_of {}: it would not count",
                       a.unit.value_or("an achievement"), a.when.to_string(), as_of.to_string()));
    for (const std::string& m : a.marks)
      if (prog.find_mark(m) < 0)
        fail(a, codes::what_if_mark,
             fmt::format("{}: unknown mark '{}'{}", a.unit.value_or("an added achievement"), m,
                         did_you_mean_id(m, prog.marks)));
    if (a.hours && (!std::isfinite(*a.hours) || *a.hours < 0))
      fail(a, codes::what_if_value, fmt::format("hours must be a number >= 0, not {}", *a.hours));
  }
  if (!errors.empty()) throw input_error(std::move(errors));
}

portfolio with_added(const portfolio& p, const std::vector<achievement>& added) {
  portfolio out = p;
  out.achievements.insert(out.achievements.end(), added.begin(), added.end());
  return out;
}

}  // namespace civeff::detail
