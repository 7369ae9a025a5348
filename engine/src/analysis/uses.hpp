// SPDX-License-Identifier: Apache-2.0
#pragma once
// Which units the rules name: what a selector can pick and what a diploma's
// requirements and expressions read.

#include <cstdint>
#include <vector>

#include "ir/program.hpp"

namespace civeff::detail::analysis {

// Whether selector `sel` picks unit `u` by its units/kind/tags.
bool selects(const program& prog, std::int32_t sel, std::int32_t u);

// Every unit a diploma's requirements name (unit leaves, `credited()`) or whose
// definition a selector reads (`units`, `kind`, `tags`); a unit selector without
// them reads every unit, an achievement selector without them none.
std::vector<bool> units_named_by_diplomas(const program& prog);

}  // namespace civeff::detail::analysis
