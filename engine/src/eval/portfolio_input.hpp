// SPDX-License-Identifier: Apache-2.0
#pragma once
// Puts a portfolio into a workspace, and reads the evaluated workspace back out
// as the result of SPEC §6.

#include "eval/evaluator.hpp"

namespace civeff::detail {

value to_value(const attribute_value& v);

// Fills `ws` from `p`. Throws input_error (E042) for a mark id the ruleset lacks.
void load_portfolio(const program& prog, const portfolio& p, workspace& ws);

// The SPEC §6 result of an evaluated workspace loaded from `p`.
result build_result(const program& prog, const portfolio& p, workspace& ws, date as_of);

// Throws evaluation_error when the last run divided by zero.
void throw_if_failed(const program& prog, const workspace& ws, std::string_view person);
diagnostic evaluation_failure(const program& prog, const workspace& ws, std::string_view person);

}  // namespace civeff::detail
