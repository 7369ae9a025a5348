// SPDX-License-Identifier: Apache-2.0
// W024: a unit that equivalences credit from units of less than half its hours.
// The cheapest derivation of each unit is found by relaxing over the
// equivalences until nothing changes (Bellman-Ford on the derivation hypergraph:
// a directed equivalence costs the sum of its sources, a symmetric group its
// cheapest other member). A unit without hours (0) is no source: its study load
// is unknown. A symmetric group whose members all carry `notes` is exempt.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

#include "analysis/checks.hpp"
#include "core/diagnostic_codes.hpp"

namespace civeff::detail::analysis {
namespace {

constexpr double unknown = std::numeric_limits<double>::infinity();

struct derivation {
  double hours = unknown;
  std::int32_t via = no_index;     // the last equivalence
  std::vector<std::int32_t> from;  // the sources it used
};

class chains {
 public:
  chains(const program& prog, const ruleset_syntax& syntax) : prog_(prog), syntax_(syntax) {
    derived_.resize(prog.units.size());
    // Each round that changes something lowers some unit's cost; the cap is a guard only.
    const std::size_t rounds = (prog.units.size() + 1) * (prog.equivalences.size() + 1);
    for (std::size_t round = 0, changed = 1; changed != 0 && round < rounds; ++round) {
      changed = 0;
      for (std::size_t e = 0; e < prog.equivalences.size(); ++e)
        changed |= relax(static_cast<std::int32_t>(e)) ? 1 : 0;
    }
  }

  // The unit's own hours, or unknown when it has none.
  double own(std::int32_t u) const {
    const double h = prog_.units[static_cast<std::size_t>(u)].hours;
    return h > 0 ? h : unknown;
  }
  bool is_derived(std::int32_t u) const { return derived_[static_cast<std::size_t>(u)].hours < own(u); }
  double best(std::int32_t u) const { return std::min(own(u), derived_[static_cast<std::size_t>(u)].hours); }
  bool too_cheap(std::int32_t u) const {
    return own(u) < unknown && derived_[static_cast<std::size_t>(u)].hours * 2 < own(u);
  }
  const derivation& of(std::int32_t u) const { return derived_[static_cast<std::size_t>(u)]; }

  // The sources (leaves) and equivalences (sources first) of u's cheapest derivation;
  // false when an intermediate unit is itself too cheap (reported on its own).
  bool unfold(std::int32_t u, std::vector<std::int32_t>& leaves, std::vector<std::int32_t>& via,
              std::set<std::int32_t>& seen, bool top = true) const {
    if (!seen.insert(u).second) return true;
    if (!top && too_cheap(u)) return false;
    const derivation& d = of(u);
    for (auto s : d.from) {
      if (is_derived(s)) {
        if (!unfold(s, leaves, via, seen, false)) return false;
      } else if (std::find(leaves.begin(), leaves.end(), s) == leaves.end()) {
        leaves.push_back(s);
      }
    }
    if (std::find(via.begin(), via.end(), d.via) == via.end()) via.push_back(d.via);
    return true;
  }

 private:
  const program& prog_;
  const ruleset_syntax& syntax_;
  std::vector<derivation> derived_;

  bool exempt(const equivalence_info& eq) const {
    if (!eq.symmetric) return false;
    for (auto s : eq.sources)
      if (static_cast<std::size_t>(s) >= syntax_.units.size() ||
          !syntax_.units[static_cast<std::size_t>(s)].meta.notes)
        return false;
    return true;
  }

  bool offer(std::int32_t target, double hours, std::int32_t via, std::vector<std::int32_t> from) {
    derivation& d = derived_[static_cast<std::size_t>(target)];
    if (!(hours < d.hours)) return false;
    d = {hours, via, std::move(from)};
    return true;
  }

  bool relax(std::int32_t e) {
    const equivalence_info& eq = prog_.equivalences[static_cast<std::size_t>(e)];
    if (exempt(eq)) return false;
    bool changed = false;
    if (eq.symmetric) {
      for (auto t : eq.sources) {
        std::int32_t cheapest = no_index;
        for (auto s : eq.sources)
          if (s != t && (cheapest == no_index || best(s) < best(cheapest))) cheapest = s;
        if (cheapest != no_index && best(cheapest) < unknown)
          changed |= offer(t, best(cheapest), e, {cheapest});
      }
      return changed;
    }
    double sum = 0;
    for (auto s : eq.sources) sum += best(s);
    if (!(sum < unknown)) return false;
    for (auto t : eq.targets) changed |= offer(t, sum, e, eq.sources);
    return changed;
  }
};

std::string hours_text(double h) { return fmt::format("{} h", h); }

}  // namespace

void check_hours_chains(const program& prog, const ruleset_syntax& syntax, diagnostic_sink& sink) {
  const chains c(prog, syntax);
  for (std::size_t t = 0; t < prog.units.size(); ++t) {
    const auto u = static_cast<std::int32_t>(t);
    if (!c.too_cheap(u)) continue;
    std::vector<std::int32_t> leaves, via;
    std::set<std::int32_t> seen;
    if (!c.unfold(u, leaves, via, seen)) continue;
    std::string from, through;
    for (auto s : leaves)
      from +=
          fmt::format("{}'{}' ({})", from.empty() ? "" : " + ", prog.units[static_cast<std::size_t>(s)].id,
                      hours_text(prog.units[static_cast<std::size_t>(s)].hours));
    for (auto e : via)
      through += (through.empty() ? "" : " -> ") + prog.equivalences[static_cast<std::size_t>(e)].id;
    const std::int32_t last = c.of(u).via;
    if (static_cast<std::size_t>(last) >= syntax.equivalences.size()) continue;
    warn(sink, codes::warn_hours_chain, syntax.equivalences[static_cast<std::size_t>(last)].id.where,
         fmt::format("'{}' ({}) is credited from {} through {}: more than twice its sources' hours",
                     prog.units[t].id, hours_text(prog.units[t].hours), from, through));
  }
}

}  // namespace civeff::detail::analysis
