// SPDX-License-Identifier: Apache-2.0
// W025: a cycle of derivations through a directed equivalence (strongly connected
// components of the unit/equivalence graph, Boost.Graph). W026: a directed
// equivalence whose target its own sources already credit through other rules.
#include <fmt/format.h>

#include <set>

#include "analysis/checks.hpp"
#include "core/diagnostic_codes.hpp"
#include "graph/analysis.hpp"

namespace civeff::detail::analysis {
namespace {

// Names joined by ", ", the first `limit` of them, then "…" (diagnostics stay one short line).
std::string listed(const std::vector<std::string>& names, std::size_t limit = 6) {
  std::string out;
  for (std::size_t k = 0; k < names.size() && k < limit; ++k) out += (k ? ", " : "") + names[k];
  if (names.size() > limit) out += ", …";
  return out;
}

void check_cycles(const program& prog, const ruleset_syntax& syntax, diagnostic_sink& sink) {
  const std::size_t units = prog.units.size();
  const digraph g = equivalence_graph(prog);
  const components c = strongly_connected(g);
  std::vector<bool> reported(static_cast<std::size_t>(c.count), false);
  for (std::size_t e = 0; e < prog.equivalences.size() && e < syntax.equivalences.size(); ++e) {
    const auto comp = static_cast<std::size_t>(c.of_vertex[units + e]);
    if (prog.equivalences[e].symmetric || !c.cyclic[comp] || reported[comp]) continue;
    reported[comp] = true;
    std::vector<std::string> unit_ids, eq_ids;
    for (std::size_t u = 0; u < units; ++u)
      if (static_cast<std::size_t>(c.of_vertex[u]) == comp) unit_ids.push_back(prog.units[u].id);
    for (std::size_t f = 0; f < prog.equivalences.size(); ++f)
      if (static_cast<std::size_t>(c.of_vertex[units + f]) == comp) eq_ids.push_back(prog.equivalences[f].id);
    warn(sink, codes::warn_equivalence_cycle, syntax.equivalences[e].id.where,
         fmt::format("directed equivalence '{}' is on a cycle: units {} credit each other through {}",
                     prog.equivalences[e].id, listed(unit_ids), listed(eq_ids)));
  }
}

// Whether `other` applies wherever `e` does, as far as windows and `when` tell.
bool covers(const equivalence_info& other, const equivalence_info& e) {
  return other.when == no_index && other.effective_from <= e.effective_from &&
         other.effective_to >= e.effective_to;
}

void check_redundant(const program& prog, const ruleset_syntax& syntax, diagnostic_sink& sink) {
  for (std::size_t e = 0; e < prog.equivalences.size() && e < syntax.equivalences.size(); ++e) {
    const auto& eq = prog.equivalences[e];
    if (eq.symmetric) continue;
    // Units credited from eq's sources without eq; `usable` ones derive further
    // (a unit with `valid_for` may lapse before it would, so it does not).
    std::set<std::int32_t> usable(eq.sources.begin(), eq.sources.end());
    std::map<std::int32_t, std::size_t> reached;  // unit -> the equivalence that credited it
    for (bool grew = true; grew;) {
      grew = false;
      for (std::size_t f = 0; f < prog.equivalences.size(); ++f) {
        const auto& other = prog.equivalences[f];
        if (f == e || !covers(other, eq)) continue;
        std::size_t held = 0;
        for (auto s : other.sources) held += usable.count(s);
        if (other.symmetric ? held == 0 : held < other.sources.size()) continue;
        for (auto t : other.symmetric ? other.sources : other.targets) {
          if (usable.count(t) != 0 || reached.count(t) != 0) continue;
          reached.emplace(t, f);
          if (!prog.units[static_cast<std::size_t>(t)].has_valid_for) usable.insert(t);
          grew = true;
        }
      }
    }
    for (auto t : eq.targets) {
      auto it = reached.find(t);
      if (it == reached.end()) continue;
      warn(sink, codes::warn_redundant_equivalence, syntax.equivalences[e].id.where,
           fmt::format(
               "directed equivalence '{}' adds nothing for '{}': its sources already credit it through "
               "equivalence '{}'",
               eq.id, prog.units[static_cast<std::size_t>(t)].id, prog.equivalences[it->second].id));
    }
  }
}

}  // namespace

void check_equivalence_structure(const program& prog, const ruleset_syntax& syntax, diagnostic_sink& sink) {
  check_cycles(prog, syntax, sink);
  check_redundant(prog, syntax, sink);
}

}  // namespace civeff::detail::analysis
