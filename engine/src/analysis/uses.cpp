// SPDX-License-Identifier: Apache-2.0
#include "analysis/uses.hpp"

namespace civeff::detail::analysis {
namespace {

void mark_selected(const program& prog, std::int32_t sel, std::vector<bool>& named) {
  if (sel == no_index) return;
  const selector_info& s = prog.selectors[static_cast<std::size_t>(sel)];
  if (!s.restricts_units && s.picks_achievements) return;
  for (std::size_t u = 0; u < prog.units.size(); ++u)
    if (selects(prog, sel, static_cast<std::int32_t>(u))) named[u] = true;
}

void mark_expression(const program& prog, std::int32_t expr, std::vector<bool>& named) {
  if (expr == no_index) return;
  const expression_pool& pool = prog.expressions;
  std::vector<std::uint32_t> stack{pool.expressions[static_cast<std::size_t>(expr)].root};
  while (!stack.empty()) {
    const expression_node& e = pool.nodes[stack.back()];
    stack.pop_back();
    if (e.op == opcode::credited && e.index >= 0) named[static_cast<std::size_t>(e.index)] = true;
    if (e.op == opcode::hours_of || e.op == opcode::count_of || e.op == opcode::sum_of ||
        e.op == opcode::avg_of)
      mark_selected(prog, e.index, named);
    for (std::uint32_t k = 0; k < e.count; ++k) stack.push_back(pool.args[e.first + k]);
  }
}

}  // namespace

bool selects(const program& prog, std::int32_t sel, std::int32_t u) {
  const selector_info& s = prog.selectors[static_cast<std::size_t>(sel)];
  if (!s.restricts_units) return true;
  const auto word = static_cast<std::size_t>(u) / 64;
  return word < s.unit_mask.size() && ((s.unit_mask[word] >> (static_cast<std::size_t>(u) % 64)) & 1U) != 0;
}

std::vector<bool> units_named_by_diplomas(const program& prog) {
  std::vector<bool> named(prog.units.size(), false);
  for (const auto& r : prog.requirements) {
    if (r.form == requirement_form::unit && r.unit != no_index)
      named[static_cast<std::size_t>(r.unit)] = true;
    mark_selected(prog, r.selector, named);
    mark_expression(prog, r.check, named);
    mark_expression(prog, r.guard, named);
  }
  return named;
}

}  // namespace civeff::detail::analysis
