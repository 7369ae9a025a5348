// SPDX-License-Identifier: Apache-2.0
#pragma once
// When each unit can be credited at all: the hull of the dates a credit of it can
// carry (SPEC §5: a direct credit, an exemption included, inside its `effective`
// window; a derived one at the latest of its sources' dates, inside the
// equivalence's window), and so the `as_of` dates at which such a credit counts
// (before it lapses). A hull holds every possible date, maybe more.

#include <cstdint>
#include <vector>

#include "analysis/conditions.hpp"
#include "ir/program.hpp"

namespace civeff::detail::analysis {

struct credit_window {
  std::int64_t first = 0, last = 0;  // credit dates, days; inclusive
  std::int64_t counts_until = 0;     // a credit counts while as_of < counts_until
};

// Per unit. Equivalences whose `when` never holds (analysis/conditions.hpp) apply nowhere.
std::vector<credit_window> credit_windows(const program& prog, const condition_prover& prover);

}  // namespace civeff::detail::analysis
