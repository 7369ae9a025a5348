// SPDX-License-Identifier: Apache-2.0
#pragma once
// Rule fingerprints (SPEC §12): per entry of the sections scales, marks, units,
// equivalences, diplomas, attributes and person_attributes, a canonical text of
// its parsed value. Two programs' entries of one name are "defined differently"
// exactly when their fingerprints differ; `civeff diff` names the changed ones.

#include "ir/program.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail {

// Fills prog.fingerprints from `syntax` (after overlays), sorted by name. The
// text leaves out `title`, `name`, `source`, `notes`, `issuer`, `attests` and
// every source position, and writes what a change of form cannot change in
// one form: expressions as their parsed tree (named arguments sorted), numbers
// by value, sets (tags, implies, members, selector lists, `values`) sorted,
// per-scale maps by scale, an omitted default as the value it stands for
// (`hours` 0, a scale's first level). Order that matters stays: a scale's
// levels, a mark's cases, a requirement's children. An equivalence's place in
// declaration order is not in its text: the diff compares it apart.
void compute_fingerprints(program& prog, const ruleset_syntax& syntax);

}  // namespace civeff::detail
