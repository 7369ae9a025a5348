// SPDX-License-Identifier: Apache-2.0
// What adding achievements changes, as the difference of two evaluations and
// two advice searches per diploma. Nothing here evaluates: every figure is
// read from evaluate() or advise() (STYLE.md, "Explanations without a second
// evaluator": a what-if owns only its comparison).

#include "whatif/compare.hpp"

#include "whatif/added.hpp"

namespace civeff::detail {

what_if_result compare(const what_if_side& before, const what_if_side& after,
                       const std::vector<achievement>& added, date as_of) {
  what_if_result out;
  out.person = before.evaluation.person;
  out.as_of = as_of;
  out.added = added;
  const std::size_t base = after.evaluation.achievements.size() - added.size();
  for (std::size_t k = 0; k < added.size(); ++k)
    out.levels[*added[k].unit] = after.evaluation.achievements[base + k].levels;
  // Both maps are in byte order, so the lists are too.
  for (const auto& [unit, c] : after.evaluation.credited)
    if (!before.evaluation.credited.contains(unit)) out.credits_gained.push_back(unit);
  for (const auto& [unit, c] : before.evaluation.credited)
    if (!after.evaluation.credited.contains(unit)) out.credits_lost.push_back(unit);
  for (const auto& [id, d] : before.evaluation.diplomas) {
    const diploma_result& then = after.evaluation.diplomas.at(id);
    what_if_diploma& w = out.diplomas[id];
    w.status_before = d.status;
    w.status_after = then.status;
    w.progress_before = d.progress;
    w.progress_after = then.progress;
    w.hours_to_complete_before = before.hours.at(id);
    w.hours_to_complete_after = after.hours.at(id);
  }
  out.proven = before.proven && after.proven;
  out.before = before.evaluation;
  out.after = after.evaluation;
  return out;
}

what_if_result what_if(const ruleset& rules, const portfolio& p, const std::vector<achievement>& added,
                       date as_of, const advice_options& options) {
  check_added(rules.program(), added, as_of);
  const std::vector<what_if_side> sides = evaluate_sides(rules, {p, with_added(p, added)}, as_of, options);
  return compare(sides[0], sides[1], added, as_of);
}

}  // namespace civeff::detail
