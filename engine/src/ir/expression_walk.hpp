// SPDX-License-Identifier: Apache-2.0
#pragma once
// Visiting every node of one compiled expression, for analyses that ask what
// an expression reads (advice's candidates and bound).

#include <cstdint>
#include <vector>

#include "ir/program.hpp"

namespace civeff::detail {

// Every node of expression `e` (an index into prog.expressions.expressions),
// pre-order; nothing for e < 0.
template <class Visit>
void each_node(const program& prog, std::int32_t e, Visit&& visit) {
  if (e < 0) return;
  const expression_pool& pool = prog.expressions;
  std::vector<std::uint32_t> todo{pool.expressions[static_cast<std::size_t>(e)].root};
  while (!todo.empty()) {
    const std::uint32_t k = todo.back();
    todo.pop_back();
    const expression_node& n = pool.nodes[k];
    visit(n);
    for (std::uint32_t a = 0; a < n.count; ++a) todo.push_back(pool.args[n.first + a]);
  }
}

}  // namespace civeff::detail
