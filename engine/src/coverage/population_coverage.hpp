// SPDX-License-Identifier: Apache-2.0
#pragma once
// Coverage over a population (docs/language.md, "Coverage"): every person is
// loaded as evaluate_batch loads it and evaluated once with a trace, as `explain`
// and `diff` evaluate; a coverage_tally per thread counts what each rule fired
// for. No second evaluator: the counts are what the evaluator saw.

#include "ir/program.hpp"

namespace civeff::detail {

// See civeff::coverage (civeff.hpp). Rows in rule-table order, unsorted.
coverage_result population_coverage(const program& prog, const population_view& pop,
                                    const batch_options& options);

}  // namespace civeff::detail
