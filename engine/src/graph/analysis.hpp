// SPDX-License-Identifier: Apache-2.0
#pragma once
// Compile-time graph analyses on Boost.Graph: mark implication closure and cycles,
// the evaluation order of equivalences, and the reference graph in dot.

#include <vector>

#include "core/diagnostic_sink.hpp"
#include "ir/program.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail {

// Closes `implies` transitively into prog.marks[*].implies_closure; a cycle is E023
// at the declaration of a mark on it.
void close_implications(program& prog, const ruleset_syntax& syntax,
                        const std::vector<std::vector<std::int32_t>>& implies, diagnostic_sink& sink);

// Orders equivalences: strongly connected groups of the unit/equivalence graph in
// topological order (prog.equivalence_groups), and per unit the equivalences into it.
void order_equivalences(program& prog);

// Renders the reference graph in dot into prog.graph_dot (graph/dot.cpp): diplomas,
// units and requirement leaves, labelled with ids and titles; edges labelled with the
// requirement or equivalence that makes them. Reads prog.metadata (built by resolve).
void render_graph(program& prog);

}  // namespace civeff::detail
