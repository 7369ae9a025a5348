// SPDX-License-Identifier: Apache-2.0
#pragma once
// Rule metadata: the entries as written (civeff.hpp "rule metadata"), copied
// from the syntax tree into program::metadata once per compile.

#include "ir/program.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail {

// Fills prog.metadata from `syntax` (overlays applied). Call it once resolve has
// filled the program without errors: expression texts and leaf names are taken
// from the program, so they are exactly the engine's.
void build_metadata(const ruleset_syntax& syntax, program& prog);

}  // namespace civeff::detail
