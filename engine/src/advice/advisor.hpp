// SPDX-License-Identifier: Apache-2.0
#pragma once
// Advice (SPEC §12): the minimal plans of units that complete a diploma, in
// order, by an exact best-first search over subsets of the candidate units
// whose every test is a run of the one evaluator (advice/trial.hpp). The
// method and why it is not an integer program: docs/language.md, "Advice".

#include <civeff/civeff.hpp>

#include "ir/program.hpp"

namespace civeff::detail {

// `diploma`: an index into prog.diplomas. Throws as ruleset::evaluate does.
advice advise(const program& prog, const portfolio& p, std::size_t diploma, date as_of,
              const advice_options& options);

}  // namespace civeff::detail
