// SPDX-License-Identifier: Apache-2.0
// W023 for the conditions outside marks: a unit's `credit_when` (its achievements
// are dated inside its `effective` window), an equivalence's `when` (its `date`
// lies in its window, its `hours` are its sources' declared hours), a
// requirement's guard `when` and a diploma `check`.
#include <fmt/format.h>

#include "analysis/checks.hpp"
#include "core/diagnostic_codes.hpp"

namespace civeff::detail::analysis {
namespace {

const source_location& expression_where(const program& prog, std::int32_t expr) {
  return prog.expressions.expressions[static_cast<std::size_t>(expr)].where;
}

}  // namespace

void check_conditions(const program& prog, const ruleset_syntax& /*syntax*/, const condition_prover& prover,
                      diagnostic_sink& sink) {
  for (const auto& u : prog.units) {
    if (u.credit_when == no_index) continue;
    const facts in_window{
        {condition_prover::achievement_date, days_between(u.effective_from, u.effective_to)}};
    if (!prover.never_holds(u.credit_when, in_window)) continue;
    const bool windowed = u.effective_from != min_day || u.effective_to != max_day;
    warn(sink, codes::warn_never_holds, expression_where(prog, u.credit_when),
         fmt::format(
             "`credit_when` of unit '{}' never holds{}: no achievement credits it directly (an exemption "
             "still does)",
             u.id, windowed && !prover.never_holds(u.credit_when) ? " inside its `effective` window" : ""));
  }
  for (const auto& e : prog.equivalences) {
    if (e.when == no_index) continue;
    if (!prover.never_holds(e.when, equivalence_facts(prog, e))) continue;
    warn(sink, codes::warn_never_holds, expression_where(prog, e.when),
         fmt::format("the `when` of equivalence '{}' never holds{}: the equivalence never applies", e.id,
                     prover.never_holds(e.when) ? "" : " for its window and its sources' hours"));
  }
  for (const auto& r : prog.requirements) {
    if (r.guard != no_index && prover.never_holds(r.guard))
      warn(sink, codes::warn_never_holds, expression_where(prog, r.guard),
           "this requirement's `when` never holds: the requirement is always left out");
    if (r.check != no_index && prover.never_holds(r.check))
      warn(sink, codes::warn_never_holds, expression_where(prog, r.check),
           "this `check` never holds: its requirement is never satisfied");
  }
}

}  // namespace civeff::detail::analysis
