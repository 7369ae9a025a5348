// SPDX-License-Identifier: Apache-2.0
#pragma once
// The advice of a whole population for one diploma (issue 12, `civeff advise
// POP.csv --out F`): the cheapest plan of each person, found by the advisor
// of advisor.hpp on the person's rows, persons spread over threads as
// evaluate_batch spreads them (eval/batch.hpp).

#include <civeff/civeff.hpp>

#include "ir/program.hpp"

namespace civeff::detail {

// `diploma`: an index into prog.diplomas. Throws input_error as evaluate_batch does.
advice_batch advise_batch(const program& prog, const population_view& pop, std::size_t diploma,
                          const advice_batch_options& options);

}  // namespace civeff::detail
