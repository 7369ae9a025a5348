// SPDX-License-Identifier: Apache-2.0
// W021: units and equivalences that nothing reaches. The roots are what diplomas
// and tests name; from a unit the walk goes into every equivalence that can
// credit it, and from an equivalence into its sources (Boost.Graph, breadth first).
#include <boost/graph/breadth_first_search.hpp>
#include <fmt/format.h>

#include "analysis/checks.hpp"
#include "analysis/uses.hpp"
#include "core/diagnostic_codes.hpp"
#include "graph/analysis.hpp"

namespace civeff::detail::analysis {

void check_reach(const program& prog, const ruleset_syntax& syntax, diagnostic_sink& sink) {
  // A ruleset without diplomas places levels only; its units are there for portfolios to name.
  if (prog.diplomas.empty()) return;
  const std::size_t units = prog.units.size(), eqs = prog.equivalences.size(), root = units + eqs;
  digraph g(root + 1);
  std::vector<bool> named = units_named_by_diplomas(prog);
  const auto name = [&](const std::string& id) {
    const std::int32_t u = prog.find_unit(id);
    if (u != no_index) named[static_cast<std::size_t>(u)] = true;
  };
  for (const auto& t : prog.tests) {
    for (const auto& a : t.input.achievements)
      if (a.unit) name(*a.unit);
    for (const auto& id : t.credited) name(id);
    for (const auto& id : t.not_credited) name(id);
  }
  for (std::size_t u = 0; u < units; ++u)
    if (named[u]) boost::add_edge(root, u, g);
  for (std::size_t e = 0; e < eqs; ++e) {
    const auto& eq = prog.equivalences[e];
    for (auto t : eq.symmetric ? eq.sources : eq.targets)
      boost::add_edge(static_cast<std::size_t>(t), units + e, g);
    for (auto s : eq.sources) boost::add_edge(units + e, static_cast<std::size_t>(s), g);
  }
  std::vector<boost::default_color_type> color(boost::num_vertices(g), boost::white_color);
  const auto colors = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g));
  boost::breadth_first_search(g, root, boost::color_map(colors));
  for (std::size_t u = 0; u < units && u < syntax.units.size(); ++u)
    if (color[u] == boost::white_color)
      warn(sink, codes::warn_unused, syntax.units[u].id.where,
           fmt::format("unit '{}' counts toward nothing: no diploma or test names it, directly or through "
                       "equivalences",
                       prog.units[u].id));
  for (std::size_t e = 0; e < eqs && e < syntax.equivalences.size(); ++e)
    if (color[units + e] == boost::white_color)
      warn(sink, codes::warn_unused, syntax.equivalences[e].id.where,
           fmt::format(
               "equivalence '{}' is never needed: no diploma or test names its {}, directly or through "
               "equivalences",
               prog.equivalences[e].id, prog.equivalences[e].symmetric ? "members" : "targets"));
}

}  // namespace civeff::detail::analysis
