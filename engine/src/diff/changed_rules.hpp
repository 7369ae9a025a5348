// SPDX-License-Identifier: Apache-2.0
#pragma once
// The changed rules of a diff (SPEC §12): the entries of scales, marks, units,
// equivalences, diplomas, attributes and person_attributes that one program has
// and the other has not, or has with another fingerprint (sema/fingerprint.hpp),
// and the equivalences whose place in declaration order moved.

#include <string>
#include <vector>

#include "ir/program.hpp"

namespace civeff::detail {

// `section:id` names, byte-ordered. An equivalence both programs have is moved
// when its position among the equivalences both have differs: removing or adding
// another does not move it, swapping two moves both (ties of `via` are decided
// by that order, SPEC §5.3).
std::vector<std::string> changed_rules(const program& before, const program& after);

}  // namespace civeff::detail
