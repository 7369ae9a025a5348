// SPDX-License-Identifier: Apache-2.0
#pragma once
// The resolving pass: syntax tree -> program tables, every reference checked.

#include "sema/compiler_state.hpp"

namespace civeff::detail {

// Fills state.prog from `syntax`, reporting unknown references, unknown levels,
// bad windows, malformed requirements and expression errors to state.sink.
void resolve(compiler_state& state, const ruleset_syntax& syntax);

// SPEC §11: the declared attributes into state.prog, each declaration checked.
// resolve() calls it first, so expressions can be checked against them.
void resolve_declarations(compiler_state& state, const ruleset_syntax& syntax);

// SPEC §11: where `attributes` (or with `person`, `person_attributes`) is
// declared, `name` must be declared in it: E026 at `where`, suggesting the
// closest declared name, and false. `out` is the declaration, or nullptr when
// the section is not declared.
bool check_declared(compiler_state& state, std::string_view name, bool person, const source_location& where,
                    const attribute_declaration*& out);

// E031 unless `declared` (when not null) is a number: `what` (sum, avg,
// sum_of, avg_of) adds numbers. False after reporting.
bool check_adds_numbers(compiler_state& state, const attribute_declaration* declared, const source_location& where,
                        std::string_view what);

// `badges:` into state.prog.badges (sema/badges.cpp): unknown units and marks are
// E020, an entry an earlier one always matches first W015. Needs the id tables.
void resolve_badges(compiler_state& state, const ruleset_syntax& syntax);

// The direct `implies` edges per mark (by mark index), unknown ids reported.
void resolve_implications(compiler_state& state, const ruleset_syntax& syntax,
                          std::vector<std::vector<std::int32_t>>& implies);

}  // namespace civeff::detail
