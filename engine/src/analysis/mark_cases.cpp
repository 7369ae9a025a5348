// SPDX-License-Identifier: Apache-2.0
// W022, W023 and W027 over each mark's cases on each scale (SPEC §2.2: the first
// case that matches wins).
#include <fmt/format.h>

#include "analysis/checks.hpp"
#include "core/diagnostic_codes.hpp"

namespace civeff::detail::analysis {
namespace {

std::int32_t scale_of(const program& prog, const std::string& id) {
  for (std::size_t s = 0; s < prog.scales.size(); ++s)
    if (prog.scales[s].id == id) return static_cast<std::int32_t>(s);
  return no_index;
}

const source_location& expression_where(const program& prog, std::int32_t expr) {
  return prog.expressions.expressions[static_cast<std::size_t>(expr)].where;
}

}  // namespace

void check_mark_cases(const program& prog, const ruleset_syntax& syntax, const condition_prover& prover,
                      diagnostic_sink& sink) {
  for (std::size_t m = 0; m < prog.marks.size() && m < syntax.marks.size(); ++m) {
    const std::string& mark = prog.marks[m].id;
    for (const auto& per_scale : syntax.marks[m].levels) {
      const std::int32_t s = scale_of(prog, per_scale.scale.text);
      if (s == no_index) continue;
      const auto& cases = prog.marks[m].cases[static_cast<std::size_t>(s)];
      const auto& written = per_scale.cases;
      if (cases.size() != written.size()) continue;
      const auto& levels = prog.scales[static_cast<std::size_t>(s)].levels;
      std::vector<bool> dead(cases.size(), false);
      for (std::size_t j = 0; j < cases.size(); ++j) {
        if (prover.never_holds(cases[j].when)) {
          dead[j] = true;
          warn(sink, codes::warn_never_holds, expression_where(prog, cases[j].when),
               fmt::format("this case of mark '{}' on scale '{}' never holds: its condition is always false",
                           mark, per_scale.scale.text));
          continue;
        }
        for (std::size_t i = 0; i < j && !dead[j]; ++i) {
          if (dead[i] || !prover.implies(cases[j].when, cases[i].when)) continue;
          dead[j] = true;
          warn(sink, codes::warn_shadowed_case, written[j].where,
               fmt::format("this case of mark '{}' on scale '{}' is never chosen: the case at line {} holds "
                           "whenever it does, and the first case that holds wins",
                           mark, per_scale.scale.text, written[i].where.line),
               written[i].where, "the earlier case");
        }
      }
      for (std::size_t j = 0; j < cases.size(); ++j) {
        if (dead[j]) continue;
        for (std::size_t i = 0; i < j; ++i) {
          if (dead[i] || cases[j].level <= cases[i].level || prover.exclusive(cases[i].when, cases[j].when))
            continue;
          warn(sink, codes::warn_case_order, written[j].where,
               fmt::format(
                   "this case of mark '{}' gives '{}', higher than '{}' of the case at line {} before it; "
                   "where both hold the earlier, lower case wins",
                   mark, levels[static_cast<std::size_t>(cases[j].level)],
                   levels[static_cast<std::size_t>(cases[i].level)], written[i].where.line),
               written[i].where, "the earlier case");
          break;
        }
      }
    }
  }
}

}  // namespace civeff::detail::analysis
