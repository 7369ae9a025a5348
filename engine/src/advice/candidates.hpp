// SPDX-License-Identifier: Apache-2.0
#pragma once
// What advice chooses among (SPEC §12, docs/language.md "Advice"), and whether
// the diploma's outcome can only improve as units are taken.

#include <cstdint>
#include <vector>

#include "advice/trial.hpp"

namespace civeff::detail {

// Units a plan may hold: not credited in `now`, with declared `hours` and an
// `effective` window containing as_of (SPEC §12), in declaration order.
std::vector<std::int32_t> eligible_units(const program& prog, const workspace& now, std::int32_t as_of);

// Of `all.extras()` eligible units (`eligible`, as `all` was built with, every
// extra taken in its last run), those that can change the outcome of the
// diploma with root `root` for this person: the units its applicable
// requirements (`now`'s outcomes) read as credits (`unit:` leaves, unit
// selectors of hours/count, `credited`, `hours_of` and `count_of` over units)
// and, transitively, the sources of equivalences toward them; and the units
// whose taken achievement an achievement selector (count, sum, avg and their
// functions) picks. Any other unit leaves every outcome of the diploma as it
// is, so no minimal plan holds it. Declaration order.
std::vector<std::int32_t> relevant_units(const program& prog, std::int32_t root, const workspace& now,
                                         trial& all, const std::vector<std::int32_t>& eligible,
                                         const as_of_context& ctx);

// Whether taking more units can never turn the diploma from complete to not
// complete (`all` as above): every applicable leaf is `unit`, `hours`, `count`
// or `sum`; an `avg` whose selector picks no taken achievement; or a `check`
// in which everything taking units can change (a credit, an aggregate) is read
// only upward (`credited(X)`, `hours_of(...) >= N`, under and/or, or an even
// number of `not`). Conservative: false when unsure.
bool monotone_in_taken_units(const program& prog, std::int32_t root, const workspace& now, trial& all,
                             const as_of_context& ctx);

}  // namespace civeff::detail
