// SPDX-License-Identifier: Apache-2.0
#include "graph/analysis.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "core/diagnostic_codes.hpp"

namespace civeff::detail {

components strongly_connected(const digraph& g) {
  components c;
  c.of_vertex.assign(boost::num_vertices(g), 0);
  c.count = boost::strong_components(
      g, boost::make_iterator_property_map(c.of_vertex.begin(), boost::get(boost::vertex_index, g)));
  std::vector<int> size(static_cast<std::size_t>(c.count), 0);
  for (int comp : c.of_vertex) ++size[static_cast<std::size_t>(comp)];
  c.cyclic.assign(static_cast<std::size_t>(c.count), false);
  for (std::size_t comp = 0; comp < size.size(); ++comp) c.cyclic[comp] = size[comp] > 1;
  for (auto [e, end] = boost::edges(g); e != end; ++e)
    if (boost::source(*e, g) == boost::target(*e, g))
      c.cyclic[static_cast<std::size_t>(c.of_vertex[boost::source(*e, g)])] = true;
  return c;
}

digraph equivalence_graph(const program& prog) {
  const std::size_t units = prog.units.size();
  digraph g(units + prog.equivalences.size());
  for (std::size_t e = 0; e < prog.equivalences.size(); ++e) {
    const auto& eq = prog.equivalences[e];
    const std::size_t v = units + e;
    for (auto s : eq.sources) {
      boost::add_edge(static_cast<std::size_t>(s), v, g);
      if (eq.symmetric) boost::add_edge(v, static_cast<std::size_t>(s), g);
    }
    for (auto t : eq.targets) boost::add_edge(v, static_cast<std::size_t>(t), g);
  }
  return g;
}

namespace {

// Components in topological order (sources first), from the condensation graph.
std::vector<int> topological_components(const digraph& g, const components& c) {
  digraph condensed(static_cast<std::size_t>(c.count));
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    const int a = c.of_vertex[boost::source(*e, g)], b = c.of_vertex[boost::target(*e, g)];
    if (a != b) boost::add_edge(static_cast<std::size_t>(a), static_cast<std::size_t>(b), condensed);
  }
  std::vector<std::size_t> reversed;
  boost::topological_sort(condensed, std::back_inserter(reversed));
  return {reversed.rbegin(), reversed.rend()};
}

}  // namespace

void close_implications(program& prog, const ruleset_syntax& syntax,
                        const std::vector<std::vector<std::int32_t>>& implies, diagnostic_sink& sink) {
  const std::size_t n = prog.marks.size();
  digraph g(n);
  for (std::size_t m = 0; m < implies.size() && m < n; ++m)
    for (auto target : implies[m]) boost::add_edge(m, static_cast<std::size_t>(target), g);
  const components c = strongly_connected(g);
  std::vector<bool> reported(static_cast<std::size_t>(c.count), false);
  for (std::size_t m = 0; m < n; ++m) {
    const auto comp = static_cast<std::size_t>(c.of_vertex[m]);
    if (!c.cyclic[comp] || reported[comp]) continue;
    reported[comp] = true;
    std::string cycle;
    for (std::size_t k = 0; k < n; ++k)
      if (static_cast<std::size_t>(c.of_vertex[k]) == comp)
        cycle += (cycle.empty() ? "" : ", ") + prog.marks[k].id;
    sink.error(codes::mark_cycle,
               m < syntax.marks.size() ? source_location(syntax.marks[m].id.where) : source_location{},
               fmt::format("marks imply each other in a cycle: {}", cycle));
  }
  // Transitive closure by a walk from each mark (marks are few; this runs once).
  for (std::size_t m = 0; m < n; ++m) {
    std::vector<bool> seen(n, false);
    std::vector<std::size_t> stack{m};
    while (!stack.empty()) {
      const std::size_t v = stack.back();
      stack.pop_back();
      for (auto [a, end] = boost::adjacent_vertices(v, g); a != end; ++a) {
        if (seen[*a]) continue;
        seen[*a] = true;
        stack.push_back(*a);
      }
    }
    for (std::size_t k = 0; k < n; ++k)
      if (seen[k] && k != m) prog.marks[m].implies_closure.push_back(static_cast<std::int32_t>(k));
  }
}

void order_equivalences(program& prog) {
  // Vertices: units 0..U-1, then equivalences U..U+E-1. A derivation flows from
  // source units through the equivalence into its targets; a symmetric group both ways.
  const std::size_t units = prog.units.size();
  const digraph g = equivalence_graph(prog);
  prog.equivalences_into.assign(units, {});
  for (std::size_t e = 0; e < prog.equivalences.size(); ++e) {
    const auto& eq = prog.equivalences[e];
    for (auto u : eq.symmetric ? eq.sources : eq.targets)
      prog.equivalences_into[static_cast<std::size_t>(u)].push_back(static_cast<std::int32_t>(e));
  }
  const components c = strongly_connected(g);
  std::vector<std::vector<std::int32_t>> members(static_cast<std::size_t>(c.count));
  for (std::size_t e = 0; e < prog.equivalences.size(); ++e)
    members[static_cast<std::size_t>(c.of_vertex[units + e])].push_back(static_cast<std::int32_t>(e));
  for (int comp : topological_components(g, c)) {
    auto& group = members[static_cast<std::size_t>(comp)];
    if (group.empty()) continue;
    prog.equivalence_groups.push_back(group);
    prog.group_is_cyclic.push_back(c.cyclic[static_cast<std::size_t>(comp)]);
  }
}

}  // namespace civeff::detail
