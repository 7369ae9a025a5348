// SPDX-License-Identifier: Apache-2.0
#pragma once
// Compile-time graph analyses on Boost.Graph: mark implication closure and cycles,
// the evaluation order of equivalences, and the reference graph in dot.

#include <boost/graph/adjacency_list.hpp>

#include <vector>

#include "core/diagnostic_sink.hpp"
#include "ir/program.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail {

using digraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

// Components of a graph and, per component, whether it holds a cycle (two or
// more vertices, or a vertex with an edge to itself).
struct components {
  std::vector<int> of_vertex;
  int count = 0;
  std::vector<bool> cyclic;
};
components strongly_connected(const digraph& g);

// The graph derivations flow along: vertices are the units 0..U-1, then the
// equivalences U..U+E-1; an edge runs from each source unit into its equivalence
// and from the equivalence into each target; a symmetric group both ways.
digraph equivalence_graph(const program& prog);

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
