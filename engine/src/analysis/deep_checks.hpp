// SPDX-License-Identifier: Apache-2.0
#pragma once
// The deep checks of `civeff check` (W020-W027, docs/language.md "Deep checks"):
// questions about a whole compiled ruleset that no single entry answers. They run
// on a program without errors and only report warnings.

#include "core/diagnostic_sink.hpp"
#include "ir/program.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail::analysis {

void run_deep_checks(const program& prog, const ruleset_syntax& syntax, diagnostic_sink& sink);

}  // namespace civeff::detail::analysis
