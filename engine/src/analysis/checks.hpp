// SPDX-License-Identifier: Apache-2.0
#pragma once
// One function per deep check (analysis/deep_checks.hpp runs them in this order).

#include "analysis/conditions.hpp"
#include "core/diagnostic_sink.hpp"
#include "ir/program.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail::analysis {

// W022 shadowed mark cases, W023 cases that never hold, W027 a later case with a higher level.
void check_mark_cases(const program& prog, const ruleset_syntax& syntax, const condition_prover& prover,
                      diagnostic_sink& sink);
// W023 for every other condition: credit_when, equivalence `when`, requirement `when` and `check`.
void check_conditions(const program& prog, const ruleset_syntax& syntax, const condition_prover& prover,
                      diagnostic_sink& sink);
// W021 units and equivalences that no diploma or test reaches.
void check_reach(const program& prog, const ruleset_syntax& syntax, diagnostic_sink& sink);
// W025 cycles through a directed equivalence, W026 directed targets their own sources credit.
void check_equivalence_structure(const program& prog, const ruleset_syntax& syntax, diagnostic_sink& sink);
// W024 equivalence chains whose target has more than twice its sources' hours.
void check_hours_chains(const program& prog, const ruleset_syntax& syntax, diagnostic_sink& sink);
// W020 diplomas that no set of units completes.
void check_diplomas(const program& prog, const ruleset_syntax& syntax, const condition_prover& prover,
                    diagnostic_sink& sink);

// A warning with one note.
void warn(diagnostic_sink& sink, const char* code, const source_location& where, std::string message,
          const source_location& note_where = {}, std::string note = {});

}  // namespace civeff::detail::analysis
