// SPDX-License-Identifier: Apache-2.0
#pragma once
// The resolving pass: syntax tree -> program tables, every reference checked.

#include "sema/compiler_state.hpp"

namespace civeff::detail {

// Fills state.prog from `syntax`, reporting unknown references, unknown levels,
// bad windows, malformed requirements and expression errors to state.sink.
void resolve(compiler_state& state, const ruleset_syntax& syntax);

// The direct `implies` edges per mark (by mark index), unknown ids reported.
void resolve_implications(compiler_state& state, const ruleset_syntax& syntax,
                          std::vector<std::vector<std::int32_t>>& implies);

}  // namespace civeff::detail
