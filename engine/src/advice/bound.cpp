// SPDX-License-Identifier: Apache-2.0
#include "advice/bound.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include "eval/bits.hpp"
#include "eval/expression_eval.hpp"
#include "ir/expression_walk.hpp"

namespace civeff::detail {
namespace {

// Whether expression `e` reads anything a plan can change (a credit, an aggregate).
bool reads_plan(const program& prog, std::int32_t e) {
  bool reads = false;
  each_node(prog, e, [&](const expression_node& n) {
    reads = reads || n.op == opcode::credited || n.op == opcode::hours_of || n.op == opcode::count_of ||
            n.op == opcode::sum_of || n.op == opcode::avg_of;
  });
  return reads;
}

bool or_into(std::vector<std::uint64_t>& into, const std::vector<std::uint64_t>& from) {
  bool changed = false;
  for (std::size_t w = 0; w < into.size(); ++w) {
    const std::uint64_t next = into[w] | from[w];
    changed = changed || next != into[w];
    into[w] = next;
  }
  return changed;
}

}  // namespace

cost_bound::cost_bound(const program& prog, std::int32_t root, const std::vector<std::int32_t>& candidates,
                       const std::vector<double>& hours, trial& all,
                       const std::vector<std::int32_t>& eligible, const as_of_context& ctx)
    : prog_(prog),
      root_(root),
      hours_(hours),
      m_(candidates.size()),
      words_(std::max<std::size_t>(1, (candidates.size() + 63) / 64)),
      ctx_(ctx) {
  const std::size_t units = prog.units.size();
  candidate_of_.assign(units, -1);
  for (std::size_t j = 0; j < m_; ++j)
    candidate_of_[static_cast<std::size_t>(candidates[j])] = static_cast<std::int32_t>(j);
  std::vector<std::int32_t> eligible_of(units, -1);
  for (std::size_t k = 0; k < eligible.size(); ++k)
    eligible_of[static_cast<std::size_t>(eligible[k])] = static_cast<std::int32_t>(k);

  // The units the tree reads, and which candidate's taken achievement each
  // achievement selector picks (from `all`, where every extra is counted).
  std::vector<std::uint8_t> read(units, 0);
  requirement_support_.assign(prog.requirements.size(), bits(words_, 0));
  static_guard_.assign(prog.requirements.size(), 1);
  environment env;
  env.as_of = ctx.as_of;
  env.person = all.ws().person.data();
  const auto visit = [&](const auto& self, std::uint32_t r) -> void {
    const requirement_info& req = prog.requirements[r];
    static_guard_[r] = req.guard < 0 || !reads_plan(prog, req.guard) ? 1 : 0;
    if (req.form == requirement_form::unit && req.unit >= 0) read[static_cast<std::size_t>(req.unit)] = 1;
    if ((req.form == requirement_form::hours || req.form == requirement_form::count) && req.selector >= 0) {
      const selector_info& sel = prog.selectors[static_cast<std::size_t>(req.selector)];
      if (!sel.picks_achievements) {
        for (std::size_t u = 0; u < units; ++u)
          if (test_bit(sel.unit_mask.data(), u)) read[u] = 1;
      } else {
        for (std::size_t j = 0; j < m_; ++j) {
          const std::int32_t k = eligible_of[static_cast<std::size_t>(candidates[j])];
          if (k >= 0 && all.ws().selects(prog, sel, all.position(static_cast<std::size_t>(k)),
                                         ctx.requirement_within_from[r], env))
            set_bit(requirement_support_[r], j);
        }
      }
    }
    for (std::uint32_t c = 0; c < req.child_count; ++c)
      self(self, prog.requirement_children[req.first_child + c]);
  };
  if (root >= 0) visit(visit, static_cast<std::uint32_t>(root));

  // Transitively the sources of equivalences toward them; each one's support:
  // the candidates whose taking can take part in crediting it.
  std::vector<std::int32_t> todo;
  for (std::size_t u = 0; u < units; ++u)
    if (read[u]) todo.push_back(static_cast<std::int32_t>(u));
  while (!todo.empty()) {
    const auto u = static_cast<std::size_t>(todo.back());
    todo.pop_back();
    for (const std::int32_t e : prog.equivalences_into[u])
      for (const std::int32_t s : prog.equivalences[static_cast<std::size_t>(e)].sources)
        if (!read[static_cast<std::size_t>(s)]) {
          read[static_cast<std::size_t>(s)] = 1;
          todo.push_back(s);
        }
  }
  unit_support_.assign(units, {});
  for (std::size_t u = 0; u < units; ++u) {
    if (!read[u]) continue;
    relevant_.push_back(static_cast<std::int32_t>(u));
    unit_support_[u].assign(words_, 0);
    if (candidate_of_[u] >= 0) set_bit(unit_support_[u], static_cast<std::size_t>(candidate_of_[u]));
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (const std::int32_t u : relevant_)
      for (const std::int32_t e : prog.equivalences_into[static_cast<std::size_t>(u)])
        for (const std::int32_t s : prog.equivalences[static_cast<std::size_t>(e)].sources)
          if (s != u)
            changed = or_into(unit_support_[static_cast<std::size_t>(u)],
                              unit_support_[static_cast<std::size_t>(s)]) ||
                      changed;
  }

  // A requirement's support: what its leaves' demands can use.
  const auto support = [&](const auto& self, std::uint32_t r) -> void {
    const requirement_info& req = prog.requirements[r];
    bits& out = requirement_support_[r];
    switch (req.form) {
      case requirement_form::unit:
        if (req.unit >= 0) out = unit_support_[static_cast<std::size_t>(req.unit)];
        return;
      case requirement_form::hours:
      case requirement_form::count: {
        const selector_info& sel = prog.selectors[static_cast<std::size_t>(req.selector)];
        if (sel.picks_achievements) return;  // picked above
        for (const std::int32_t u : relevant_)
          if (test_bit(sel.unit_mask.data(), static_cast<std::size_t>(u)))
            or_into(out, unit_support_[static_cast<std::size_t>(u)]);
        return;
      }
      case requirement_form::all_of:
      case requirement_form::any_of:
      case requirement_form::n_of:
        for (std::uint32_t c = 0; c < req.child_count; ++c) {
          const std::uint32_t child = prog.requirement_children[req.first_child + c];
          self(self, child);
          or_into(out, requirement_support_[child]);
        }
        return;
      default: return;  // sum, avg and check are bounded by 0: they need no support
    }
  };
  if (root >= 0) support(support, static_cast<std::uint32_t>(root));

  // The units whose one way to a credit is one directed rule.
  only_rule_.assign(units, -1);
  for (const std::int32_t u : relevant_) {
    const auto& into = prog.equivalences_into[static_cast<std::size_t>(u)];
    if (into.size() == 1 && !prog.equivalences[static_cast<std::size_t>(into[0])].symmetric)
      only_rule_[static_cast<std::size_t>(u)] = into[0];
  }
  seen_.assign(units, 0);
  available_.assign(words_, 0);
  cost_.assign(units, 0);
  gain_.assign(m_, 0);
  users_.assign(m_, 0);
  split_.assign(m_, 0);
  ones_.assign(m_, 1);
  on_grid_ = std::all_of(hours_.begin(), hours_.end(), [](double h) {
    return std::abs(h * grid - std::round(h * grid)) < 1e-9 && h * grid < 1e12;
  });
  sliver_ = 1 / (grid * static_cast<double>(m_ + 2));
  tilted_.resize(m_);
  for (std::size_t j = 0; j < m_; ++j) tilted_[j] = hours_[j] + sliver_;
  order_.reserve(m_);
}

bool cost_bound::operator()(workspace& ws, const std::uint8_t* taken, std::size_t from, estimate& out) {
  out = estimate{};
  if (root_ < 0) return true;
  std::fill(available_.begin(), available_.end(), 0);
  for (std::size_t j = from; j < m_; ++j)
    if (!taken[j]) set_bit(available_, j);
  // The demands of the root's all_of groups, each met separately.
  parts_.clear();
  terms_.clear();
  ++stamp_;
  if (!parts(ws, static_cast<std::uint32_t>(root_))) return false;
  cover_groups(ws);
  std::fill(users_.begin(), users_.end(), 0);
  for (std::size_t i = 0; i < items(); ++i) {
    const std::uint64_t* support = item_support(i);
    for (std::size_t w = 0; w < words_; ++w)
      for (std::uint64_t b = support[w] & available_[w]; b; b &= b - 1)
        ++users_[w * 64 + static_cast<std::size_t>(std::countr_zero(b))];
  }
  // Over units, each costing 1: the fewest units a plan in this subtree can add.
  if (!lower(ws, ones_.data(), out.units)) return false;
  out.units = std::max(0.0, std::ceil(out.units - 1e-6));
  if (!on_grid_) {
    if (!lower(ws, hours_.data(), out.hours)) return false;
    // Divisions may round up: keep the bound below every true cost.
    out.hours = std::max(0.0, out.hours - 1e-9 * std::max(1.0, out.hours));
    return true;
  }
  // Every candidate's hours are a multiple of 1/grid, so is every plan's cost.
  // One pass prices each candidate at its hours plus a sliver, so small that
  // all candidates' slivers add up to less than 1/grid: the bound then tells
  // the cost (rounded up to the grid, exact for ties with a plan's cost) and,
  // for a plan of exactly that cost, how many units it adds at least (SPEC
  // §12's second key: among the cheapest plans, the fewest units).
  double both = 0;
  if (!lower(ws, tilted_.data(), both)) return false;
  out.hours = std::max(0.0, std::ceil((both - sliver_ * static_cast<double>(m_)) * grid - 1e-6) / grid);
  out.units = std::max(out.units, std::ceil((both - out.hours) / sliver_ - 1e-6));
  return true;
}

// The larger of two bounds on the price of completing parts_, each candidate
// costing `price[j]`; false when no set of available candidates completes.
bool cost_bound::lower(workspace& ws, const double* price, double& out) {
  out = 0;
  // Bound 1: demands that can share a candidate count as their largest.
  price_ = price;
  if (!unit_costs(ws)) return true;
  for (std::size_t i = 0; i < items(); ++i) {
    const double v = item_bound(ws, i);
    if (v == none) return false;
    if (v > 0) terms_.push_back(term{v, item_support(i)});
  }
  const double grouped = grouped_sum(0);
  terms_.clear();

  // Bound 2: each candidate's price split evenly among the demands that can use
  // it (a uniform cost partitioning); the demands' bounds then add up.
  for (std::size_t j = 0; j < m_; ++j) split_[j] = users_[j] > 1 ? price[j] / users_[j] : price[j];
  price_ = split_.data();
  double shared = 0;
  if (unit_costs(ws)) {
    for (std::size_t i = 0; i < items(); ++i) {
      const double v = item_bound(ws, i);
      if (v == none) return false;
      shared += v;
    }
  }
  out = std::max(grouped, shared);
  return true;
}

// The unsatisfied parts of requirement `r` through nested all_of groups, as
// `parts_`; false when one of them can never be met.
bool cost_bound::parts(workspace& ws, std::uint32_t r) {
  if (!static_guard_[r]) return true;
  const requirement_outcome& o = ws.outcomes[r];
  if (!o.applicable || o.satisfied) return true;
  const requirement_info& req = prog_.requirements[r];
  if (req.form == requirement_form::unit && req.unit >= 0) {
    unit_parts(ws, req.unit, 0);
    return true;
  }
  if (req.form != requirement_form::all_of) {
    parts_.push_back(part{static_cast<std::int32_t>(r), -1});
    return true;
  }
  for (std::uint32_t k = 0; k < req.child_count; ++k)
    if (!parts(ws, prog_.requirement_children[req.first_child + k])) return false;
  return true;
}

// A unit still to credit is a part of its own, unless one directed rule is the
// only way to credit it here (no candidate of its own left): then each of that
// rule's sources is needed instead. Each unit is a part at most once.
void cost_bound::unit_parts(const workspace& ws, std::int32_t u, int depth) {
  const auto uu = static_cast<std::size_t>(u);
  if (test_bit(ws.credited_units.data(), uu) || seen_[uu] == stamp_) return;
  seen_[uu] = stamp_;
  const std::int32_t j = candidate_of_[uu];
  const bool own = j >= 0 && test_bit(available_.data(), static_cast<std::size_t>(j));
  const std::int32_t rule = only_rule_[uu];
  if (own || rule < 0 || depth > 8) {
    parts_.push_back(part{-1, u});
    return;
  }
  for (const std::int32_t s : prog_.equivalences[static_cast<std::size_t>(rule)].sources)
    unit_parts(ws, s, depth + 1);
}

double cost_bound::bound_of(workspace& ws, const part& x) {
  return x.unit >= 0 ? cost_[static_cast<std::size_t>(x.unit)]
                     : requirement(ws, static_cast<std::uint32_t>(x.requirement));
}

const std::uint64_t* cost_bound::support_of(const part& x) const {
  return x.unit >= 0 ? unit_support_[static_cast<std::size_t>(x.unit)].data()
                     : requirement_support_[static_cast<std::size_t>(x.requirement)].data();
}

// Unit parts that only single candidates credit, each alone (its own, or the
// one source of a rule, a source nothing else credits), form a set-cover
// problem where they share candidates: the LP-like bounds above let two
// overlapping certificates each pay half for a werkproces, where a real plan
// takes both. Such a group, when small, is one item bounded by its exact
// cheapest cover (covers()); every other part is an item of its own.
void cost_bound::cover_groups(const workspace& ws) {
  const std::size_t n = parts_.size();
  cover_bits_.assign(n * words_, 0);
  simple_.assign(n, 0);
  for (std::size_t p = 0; p < n; ++p) {
    if (parts_[p].unit < 0) continue;
    const auto u = static_cast<std::size_t>(parts_[p].unit);
    std::uint64_t* cover = cover_bits_.data() + p * words_;
    bool simple = true;
    const auto source = [&](std::int32_t s) {
      const auto ss = static_cast<std::size_t>(s);
      if (test_bit(ws.credited_units.data(), ss) || !prog_.equivalences_into[ss].empty()) {
        simple = false;
        return;
      }
      const std::int32_t j = candidate_of_[ss];
      if (j >= 0 && test_bit(available_.data(), static_cast<std::size_t>(j)))
        cover[static_cast<std::size_t>(j) / 64] |= std::uint64_t{1} << (static_cast<std::size_t>(j) % 64);
    };
    const std::int32_t own = candidate_of_[u];
    if (own >= 0 && test_bit(available_.data(), static_cast<std::size_t>(own)))
      cover[static_cast<std::size_t>(own) / 64] |= std::uint64_t{1} << (static_cast<std::size_t>(own) % 64);
    for (const std::int32_t e : prog_.equivalences_into[u]) {
      const equivalence_info& eq = prog_.equivalences[static_cast<std::size_t>(e)];
      if (eq.symmetric) {
        for (const std::int32_t s : eq.sources)
          if (s != parts_[p].unit) source(s);
      } else if (eq.sources.size() == 1) {
        source(eq.sources[0]);
      } else {
        simple = false;
      }
    }
    simple_[p] = simple ? 1 : 0;
  }
  // Simple parts sharing a candidate, transitively.
  parent_.resize(n);
  std::iota(parent_.begin(), parent_.end(), 0U);
  const auto find = [&](std::uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  };
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n && simple_[a]; ++b)
      if (simple_[b] && overlaps(cover_bits_.data() + a * words_, cover_bits_.data() + b * words_))
        parent_[find(static_cast<std::uint32_t>(a))] = find(static_cast<std::uint32_t>(b));
  group_size_.assign(n, 0);
  for (std::size_t p = 0; p < n; ++p)
    if (simple_[p]) ++group_size_[find(static_cast<std::uint32_t>(p))];
  // Items: one per group of 2..max_cover parts, one per other part.
  item_first_.clear();
  item_parts_.clear();
  item_support_.clear();
  for (std::size_t root = 0; root < n; ++root) {
    const bool grouped = simple_[root] && find(static_cast<std::uint32_t>(root)) == root &&
                         group_size_[root] >= 2 && group_size_[root] <= max_cover;
    if (grouped) {
      item_first_.push_back(static_cast<std::uint32_t>(item_parts_.size()));
      const std::size_t at = item_support_.size();
      item_support_.resize(at + words_, 0);
      for (std::size_t p = 0; p < n; ++p)
        if (simple_[p] && find(static_cast<std::uint32_t>(p)) == root) {
          item_parts_.push_back(static_cast<std::uint32_t>(p));
          for (std::size_t w = 0; w < words_; ++w) item_support_[at + w] |= cover_bits_[p * words_ + w];
        }
      continue;
    }
    const bool in_group = simple_[root] && group_size_[find(static_cast<std::uint32_t>(root))] >= 2 &&
                          group_size_[find(static_cast<std::uint32_t>(root))] <= max_cover;
    if (in_group) continue;
    item_first_.push_back(static_cast<std::uint32_t>(item_parts_.size()));
    item_parts_.push_back(static_cast<std::uint32_t>(root));
    const std::size_t at = item_support_.size();
    item_support_.resize(at + words_, 0);
    std::copy_n(support_of(parts_[root]), words_, item_support_.begin() + static_cast<std::ptrdiff_t>(at));
  }
  item_first_.push_back(static_cast<std::uint32_t>(item_parts_.size()));
}

double cost_bound::item_bound(workspace& ws, std::size_t i) {
  const std::uint32_t first = item_first_[i], count = item_first_[i + 1] - first;
  if (count == 1) return bound_of(ws, parts_[item_parts_[first]]);
  return cheapest_cover(i);
}

// The cheapest set of candidates (at price_) that credits every part of a
// group: over the subsets of the group, each extended by a candidate that
// credits its first part not yet credited (every cover holds one).
double cost_bound::cheapest_cover(std::size_t i) {
  const std::uint32_t first = item_first_[i], count = item_first_[i + 1] - first;
  const std::size_t full = (std::size_t{1} << count) - 1;
  best_.assign(full + 1, none);
  best_[0] = 0;
  covers_.clear();
  for (std::size_t w = 0; w < words_; ++w)
    for (std::uint64_t b = item_support_[i * words_ + w]; b; b &= b - 1) {
      const std::size_t j = w * 64 + static_cast<std::size_t>(std::countr_zero(b));
      std::uint32_t mask = 0;
      for (std::uint32_t k = 0; k < count; ++k)
        if (test_bit(cover_bits_.data() + item_parts_[first + k] * words_, j)) mask |= 1U << k;
      covers_.emplace_back(static_cast<std::uint32_t>(j), mask);
    }
  for (std::size_t mask = 0; mask < full; ++mask) {
    if (best_[mask] == none) continue;
    const auto missing = static_cast<std::uint32_t>(std::countr_one(mask));
    for (const auto& [j, covered] : covers_) {
      if (((covered >> missing) & 1U) == 0) continue;
      const std::size_t next = mask | covered;
      best_[next] = std::min(best_[next], best_[mask] + price_[j]);
    }
  }
  return best_[full];
}

// The cheapest derivation of each relevant unit from the available candidates,
// as an AND-OR shortest path (Knuth's generalisation of Dijkstra, here as
// rounds until nothing changes): a credited unit costs 0, a candidate its hours,
// a symmetric group its cheapest other member, a directed rule its sources.
bool cost_bound::unit_costs(const workspace& ws) {
  for (const std::int32_t u : relevant_) {
    const auto uu = static_cast<std::size_t>(u);
    const std::int32_t j = candidate_of_[uu];
    cost_[uu] = test_bit(ws.credited_units.data(), uu) ? 0
                : j >= 0 && test_bit(available_.data(), static_cast<std::size_t>(j))
                    ? price_[static_cast<std::size_t>(j)]
                    : none;
  }
  for (std::size_t round = 0; round <= relevant_.size() + 1; ++round) {
    bool changed = false;
    for (const std::int32_t u : relevant_) {
      const auto uu = static_cast<std::size_t>(u);
      if (cost_[uu] == 0) continue;
      for (const std::int32_t e : prog_.equivalences_into[uu]) {
        const equivalence_info& eq = prog_.equivalences[static_cast<std::size_t>(e)];
        double v = none;
        if (eq.symmetric) {
          for (const std::int32_t s : eq.sources)
            if (s != u) v = std::min(v, cost_[static_cast<std::size_t>(s)]);
        } else {
          const std::size_t start = terms_.size();
          v = 0;
          for (const std::int32_t s : eq.sources) {
            const double c = cost_[static_cast<std::size_t>(s)];
            if (c == none) v = none;
            if (c == 0 || c == none) continue;
            terms_.push_back(term{c, unit_support_[static_cast<std::size_t>(s)].data()});
          }
          if (v != none) v = grouped_sum(start);
          terms_.resize(start);
        }
        if (v < cost_[uu]) {
          cost_[uu] = v;
          changed = true;
        }
      }
    }
    if (!changed) return true;
  }
  return false;  // not settled (it always settles): no bound rather than a wrong one
}

double cost_bound::requirement(workspace& ws, std::uint32_t r) {
  if (!static_guard_[r]) return 0;  // a plan may leave it out
  const requirement_outcome& o = ws.outcomes[r];
  if (!o.applicable || o.satisfied) return 0;
  const requirement_info& req = prog_.requirements[r];
  switch (req.form) {
    case requirement_form::unit: return req.unit >= 0 ? cost_[static_cast<std::size_t>(req.unit)] : 0;
    case requirement_form::hours:
    case requirement_form::count: return knapsack(ws, r);
    case requirement_form::all_of: {
      const std::size_t start = terms_.size();
      const bool feasible = flatten(ws, r);
      const double v = feasible ? grouped_sum(start) : none;
      terms_.resize(start);
      return v;
    }
    case requirement_form::any_of: {
      double v = none;
      bool any = false;
      for (std::uint32_t k = 0; k < req.child_count; ++k) {
        const std::uint32_t c = prog_.requirement_children[req.first_child + k];
        if (static_guard_[c] && !ws.outcomes[c].applicable) continue;
        any = true;
        v = std::min(v, requirement(ws, c));
      }
      return any ? v : 0;
    }
    case requirement_form::n_of: {
      // The children still to satisfy cost at least the need-th cheapest of them.
      const std::size_t start = terms_.size();
      std::int64_t need = req.n;
      for (std::uint32_t k = 0; k < req.child_count; ++k) {
        const std::uint32_t c = prog_.requirement_children[req.first_child + k];
        const requirement_outcome& co = ws.outcomes[c];
        if (static_guard_[c] && !co.applicable) continue;
        if (static_guard_[c] && co.satisfied) {
          --need;
          continue;
        }
        terms_.push_back(term{requirement(ws, c), nullptr});
      }
      double v = 0;
      const auto have = static_cast<std::int64_t>(terms_.size() - start);
      if (need > 0 && need <= have) {
        const auto nth = terms_.begin() + static_cast<std::ptrdiff_t>(start) + (need - 1);
        std::nth_element(terms_.begin() + static_cast<std::ptrdiff_t>(start), nth, terms_.end(),
                         [](const term& a, const term& b) { return a.bound < b.bound; });
        v = nth->bound;
      }
      terms_.resize(start);
      return v;
    }
    default: return 0;  // sum, avg, check: a plan may satisfy them in ways not bounded here
  }
}

// The unsatisfied parts of all_of `r`, through nested all_of groups; false when one can never be met.
bool cost_bound::flatten(workspace& ws, std::uint32_t r) {
  const requirement_info& req = prog_.requirements[r];
  for (std::uint32_t k = 0; k < req.child_count; ++k) {
    const std::uint32_t c = prog_.requirement_children[req.first_child + k];
    if (!static_guard_[c]) continue;
    const requirement_outcome& co = ws.outcomes[c];
    if (!co.applicable || co.satisfied) continue;
    if (prog_.requirements[c].form == requirement_form::all_of) {
      if (!flatten(ws, c)) return false;
      continue;
    }
    const double v = requirement(ws, c);
    if (v == none) return false;
    if (v > 0) terms_.push_back(term{v, requirement_support_[c].data()});
  }
  return true;
}

// An hours or count leaf: what is missing, bought at the best rate of gain per
// hour that each available candidate could at most bring (a fractional knapsack).
double cost_bound::knapsack(workspace& ws, std::uint32_t r) {
  const requirement_info& req = prog_.requirements[r];
  const selector_info& sel = prog_.selectors[static_cast<std::size_t>(req.selector)];
  const bool by_hours = req.form == requirement_form::hours;
  environment env;
  env.as_of = ctx_.as_of;
  env.person = ws.person.data();
  const auto reached =
      ws.aggregate(prog_, req.form, req.selector, req.attr_slot, ctx_.requirement_within_from[r], env);
  const double missing = req.min - reached.value_or(0);
  if (missing <= 0) return 0;
  std::fill(gain_.begin(), gain_.end(), 0);
  const auto each_available = [&](const std::uint64_t* support, double g) {
    for (std::size_t w = 0; w < words_; ++w)
      for (std::uint64_t b = support[w] & available_[w]; b; b &= b - 1)
        gain_[w * 64 + static_cast<std::size_t>(std::countr_zero(b))] += g;
  };
  if (sel.picks_achievements) {
    const std::uint64_t* picked = requirement_support_[r].data();
    for (std::size_t j = 0; j < m_; ++j)
      if (test_bit(picked, j) && test_bit(available_.data(), j)) gain_[j] += by_hours ? hours_[j] : 1;
  } else {
    for (const std::int32_t u : relevant_) {
      const auto uu = static_cast<std::size_t>(u);
      if (!test_bit(sel.unit_mask.data(), uu) || test_bit(ws.credited_units.data(), uu)) continue;
      const double g = by_hours ? prog_.units[uu].hours : 1;
      if (g > 0) each_available(unit_support_[uu].data(), g);
    }
  }
  order_.clear();
  for (std::size_t j = 0; j < m_; ++j) {
    if (gain_[j] <= 0) continue;
    if (price_[j] <= 0) return 0;  // a free candidate might bring it all
    order_.push_back(static_cast<std::uint32_t>(j));
  }
  std::sort(order_.begin(), order_.end(),
            [&](std::uint32_t a, std::uint32_t b) { return gain_[a] * price_[b] > gain_[b] * price_[a]; });
  double rest = missing, cost = 0;
  for (const std::uint32_t j : order_) {
    if (gain_[j] >= rest) return cost + rest * price_[j] / gain_[j];
    cost += price_[j];
    rest -= gain_[j];
  }
  return none;  // everything available brings less than is missing
}

// Terms whose supports share an available candidate may be met by the same
// hours: each group of such terms costs at least its largest, groups add up.
double cost_bound::grouped_sum(std::size_t start) {
  const std::size_t k = terms_.size() - start;

  parent_.resize(k);
  std::iota(parent_.begin(), parent_.end(), 0U);
  const auto find = [&](std::uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  };
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = a + 1; b < k; ++b)
      if (overlaps(terms_[start + a].support, terms_[start + b].support))
        parent_[find(static_cast<std::uint32_t>(a))] = find(static_cast<std::uint32_t>(b));
  group_max_.assign(k, 0);
  for (std::size_t a = 0; a < k; ++a) {
    double& g = group_max_[find(static_cast<std::uint32_t>(a))];
    g = std::max(g, terms_[start + a].bound);
  }
  double sum = 0;
  for (const double g : group_max_) sum += g;
  return sum;
}

bool cost_bound::overlaps(const std::uint64_t* a, const std::uint64_t* b) const {
  for (std::size_t w = 0; w < words_; ++w)
    if (a[w] & b[w] & available_[w]) return true;
  return false;
}

}  // namespace civeff::detail
