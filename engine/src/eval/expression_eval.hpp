// SPDX-License-Identifier: Apache-2.0
#pragma once
// Runs checked expressions over an environment. Allocation-free.

#include "ir/program.hpp"

namespace civeff::detail {

value evaluate_node(const program& prog, std::uint32_t node, const environment& env);

// True when expression `index` evaluates to true; a missing attribute or a
// non-boolean result counts as false (SPEC §10). Division by zero sets
// env.division_by_zero and env.failed_expression.
bool holds(const program& prog, std::int32_t index, const environment& env);

}  // namespace civeff::detail
