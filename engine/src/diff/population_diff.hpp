// SPDX-License-Identifier: Apache-2.0
#pragma once
// The full diff of a population (SPEC §12). Each person is loaded into a
// workspace of each program and evaluated with a trace (a traced run costs
// about what a plain one does); levels, credits and diplomas are compared in the
// workspaces, and for a person with a changed row rule_uses reads from the
// traces what each changed outcome used; its cause is what of that changed
// (diff/changed_rules.hpp).

#include "ir/program.hpp"

namespace civeff::detail {

// See civeff::diff (civeff.hpp).
diff_result diff_population(const program& before, const program& after, const population_view& before_pop,
                            const population_view& after_pop, const batch_options& options);

}  // namespace civeff::detail
