// SPDX-License-Identifier: Apache-2.0
#pragma once
// A what-if (docs/language.md, "What if"): two sides, the portfolio without
// and with the added achievements, compared.

#include <civeff/civeff.hpp>

#include <vector>

#include "whatif/side.hpp"

namespace civeff::detail {

// `after` is `before`'s portfolio with `added` appended (so the added
// achievements are its last ones), both evaluated at `as_of`.
what_if_result compare(const what_if_side& before, const what_if_side& after,
                       const std::vector<achievement>& added, date as_of);

// ruleset::what_if.
what_if_result what_if(const ruleset& rules, const portfolio& p, const std::vector<achievement>& added,
                       date as_of, const advice_options& options);

}  // namespace civeff::detail
