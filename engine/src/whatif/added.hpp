// SPDX-License-Identifier: Apache-2.0
#pragma once
// The achievements a what-if adds (docs/language.md, "What if"): what makes
// one acceptable, and the portfolio with them.

#include <civeff/civeff.hpp>

#include <vector>

#include "ir/program.hpp"

namespace civeff::detail {

// Throws input_error naming every problem: an achievement without a unit, with
// a unit the rules lack or one added twice (levels are keyed by unit), or dated
// after `as_of` (it would not count) is E080; an unknown mark E081; `hours`
// that are negative or not finite E082. Each diagnostic is at the achievement's
// `where`.
void check_added(const program& prog, const std::vector<achievement>& added, date as_of);

// `p` with `added` appended, in order.
portfolio with_added(const portfolio& p, const std::vector<achievement>& added);

}  // namespace civeff::detail
