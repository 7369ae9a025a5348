// SPDX-License-Identifier: Apache-2.0
#include "advice/candidates.hpp"

#include <algorithm>

#include "eval/bits.hpp"
#include "ir/expression_walk.hpp"

namespace civeff::detail {
namespace {

bool credited_in(const workspace& ws, std::int32_t u) {
  return test_bit(ws.credited_units.data(), static_cast<std::size_t>(u));
}

// What taking the extras of `all` can change, compared with `now`.
class change_view {
 public:
  change_view(const program& prog, const workspace& now, trial& all, const as_of_context& ctx)
      : prog_(prog), now_(now), all_(all) {
    env_.as_of = ctx.as_of;
    env_.person = all.ws().person.data();
  }
  // A unit that is credited with every extra taken and not now.
  [[nodiscard]] bool gains(std::int32_t u) const {
    return credited_in(all_.ws(), u) && !credited_in(now_, u);
  }
  // Whether the extra j is picked by achievement selector `s` (SPEC §9).
  [[nodiscard]] bool picks(std::int32_t s, std::size_t j, std::int32_t within_from) {
    return all_.ws().selects(prog_, prog_.selectors[static_cast<std::size_t>(s)], all_.position(j),
                             within_from, env_);
  }
  // Whether an aggregate over selector `s` (attribute slot `slot`, -1 hours) can change.
  bool aggregate_varies(std::int32_t s, std::int32_t slot, std::int32_t within_from) {
    const selector_info& sel = prog_.selectors[static_cast<std::size_t>(s)];
    if (!sel.picks_achievements) {
      for (std::size_t u = 0; u < prog_.units.size(); ++u)
        if (test_bit(sel.unit_mask.data(), u) && gains(static_cast<std::int32_t>(u))) return true;
      return false;
    }
    if (slot >= 0) return false;  // an extra carries no attributes: sum and avg of one never change
    for (std::size_t j = 0; j < all_.extras(); ++j)
      if (picks(s, j, within_from)) return true;
    return false;
  }
  [[nodiscard]] const program& prog() const { return prog_; }
  [[nodiscard]] trial& all() { return all_; }

 private:
  const program& prog_;
  const workspace& now_;
  trial& all_;
  environment env_;
};

std::int32_t within_from(const expression_node& n, std::int32_t as_of) {
  return n.has_within ? first_alive_day(as_of, n.within) : min_day;
}

// Walks the applicable requirements under `r`, calling `leaf(r)` on each leaf.
template <class Leaf>
void each_applicable_leaf(const program& prog, const workspace& now, std::uint32_t r, Leaf&& leaf) {
  if (!now.outcomes[r].applicable) return;
  const requirement_info& req = prog.requirements[r];
  if (req.is_leaf()) {
    leaf(r);
    return;
  }
  for (std::uint32_t k = 0; k < req.child_count; ++k)
    each_applicable_leaf(prog, now, prog.requirement_children[req.first_child + k], leaf);
}

bool is_aggregate(opcode op) {
  return op == opcode::hours_of || op == opcode::count_of || op == opcode::sum_of || op == opcode::avg_of;
}

// The monotonicity of a check (docs/language.md, "Advice").
class polarity {
 public:
  polarity(change_view& view, std::int32_t as_of) : view_(view), as_of_(as_of) {}

  bool varies(std::uint32_t k) {
    const expression_pool& pool = view_.prog().expressions;
    const expression_node& n = pool.nodes[k];
    if (n.op == opcode::credited) return view_.gains(n.index);
    if (is_aggregate(n.op)) return view_.aggregate_varies(n.index, n.slot, within_from(n, as_of_));
    for (std::uint32_t a = 0; a < n.count; ++a)
      if (varies(pool.args[n.first + a])) return true;
    return false;
  }
  // Whether node k's number never decreases as units are taken.
  bool increasing(std::uint32_t k) {
    if (!varies(k)) return true;
    const expression_pool& pool = view_.prog().expressions;
    const expression_node& n = pool.nodes[k];
    switch (n.op) {
      case opcode::hours_of:
      case opcode::count_of:
      case opcode::sum_of: return true;  // hours, counts and an extra's hours are never negative
      case opcode::add:
        for (std::uint32_t a = 0; a < n.count; ++a)
          if (!increasing(pool.args[n.first + a])) return false;
        return true;
      default: return false;
    }
  }
  // Whether bool node k, read with `positive` polarity, only goes from false to true.
  bool monotone(std::uint32_t k, bool positive) {
    if (!varies(k)) return true;
    const expression_pool& pool = view_.prog().expressions;
    const expression_node& n = pool.nodes[k];
    const auto arg = [&](std::uint32_t a) { return pool.args[n.first + a]; };
    switch (n.op) {
      case opcode::credited: return positive;
      case opcode::logical_and:
      case opcode::logical_or:
        for (std::uint32_t a = 0; a < n.count; ++a)
          if (!monotone(arg(a), positive)) return false;
        return true;
      case opcode::logical_not: return monotone(arg(0), !positive);
      case opcode::ge:
      case opcode::gt:
        if (increasing(arg(0)) && !varies(arg(1))) return positive;
        if (increasing(arg(1)) && !varies(arg(0))) return !positive;
        return false;
      case opcode::le:
      case opcode::lt:
        if (increasing(arg(1)) && !varies(arg(0))) return positive;
        if (increasing(arg(0)) && !varies(arg(1))) return !positive;
        return false;
      default: return false;
    }
  }

 private:
  change_view& view_;
  std::int32_t as_of_;
};

}  // namespace

std::vector<std::int32_t> eligible_units(const program& prog, const workspace& now, std::int32_t as_of) {
  std::vector<std::int32_t> out;
  for (std::size_t u = 0; u < prog.units.size(); ++u) {
    const unit_info& info = prog.units[u];
    if (credited_in(now, static_cast<std::int32_t>(u))) continue;
    if (!info.has_hours) continue;  // SPEC §12: a plan's units have declared `hours`
    if (as_of < info.effective_from || as_of > info.effective_to) continue;
    out.push_back(static_cast<std::int32_t>(u));
  }
  return out;
}

std::vector<std::int32_t> relevant_units(const program& prog, std::int32_t root, const workspace& now,
                                         trial& all, const std::vector<std::int32_t>& eligible,
                                         const as_of_context& ctx) {
  std::vector<std::uint8_t> read_as_credit(prog.units.size(), 0), picked(prog.units.size(), 0);
  change_view view(prog, now, all, ctx);
  const auto credit_selector = [&](std::int32_t s) {
    const selector_info& sel = prog.selectors[static_cast<std::size_t>(s)];
    for (std::size_t u = 0; u < prog.units.size(); ++u)
      if (test_bit(sel.unit_mask.data(), u)) read_as_credit[u] = 1;
  };
  const auto selector = [&](std::int32_t s, std::int32_t from) {
    if (!prog.selectors[static_cast<std::size_t>(s)].picks_achievements) return credit_selector(s);
    for (std::size_t j = 0; j < eligible.size(); ++j)
      if (view.picks(s, j, from)) picked[static_cast<std::size_t>(eligible[j])] = 1;
  };
  if (root >= 0)
    each_applicable_leaf(prog, now, static_cast<std::uint32_t>(root), [&](std::uint32_t r) {
      const requirement_info& req = prog.requirements[r];
      switch (req.form) {
        case requirement_form::unit:
          if (req.unit >= 0) read_as_credit[static_cast<std::size_t>(req.unit)] = 1;
          return;
        case requirement_form::check:
          each_node(prog, req.check, [&](const expression_node& n) {
            if (n.op == opcode::credited) read_as_credit[static_cast<std::size_t>(n.index)] = 1;
            else if (is_aggregate(n.op)) selector(n.index, within_from(n, ctx.as_of));
          });
          return;
        default: selector(req.selector, ctx.requirement_within_from[r]); return;
      }
    });
  // Transitively, the sources of equivalences toward a unit read as a credit,
  // through units credited now too: a fresher credit of one can still credit
  // its targets where the old one does not (a target's `valid_for`, a rule's
  // window or `when` on the date).
  std::vector<std::int32_t> todo;
  for (std::size_t u = 0; u < prog.units.size(); ++u)
    if (read_as_credit[u]) todo.push_back(static_cast<std::int32_t>(u));
  while (!todo.empty()) {
    const std::int32_t u = todo.back();
    todo.pop_back();
    for (const std::int32_t e : prog.equivalences_into[static_cast<std::size_t>(u)]) {
      for (const std::int32_t s : prog.equivalences[static_cast<std::size_t>(e)].sources) {
        if (read_as_credit[static_cast<std::size_t>(s)]) continue;
        read_as_credit[static_cast<std::size_t>(s)] = 1;
        todo.push_back(s);
      }
    }
  }
  std::vector<std::int32_t> out;
  for (const std::int32_t u : eligible)
    if (read_as_credit[static_cast<std::size_t>(u)] || picked[static_cast<std::size_t>(u)]) out.push_back(u);
  return out;
}

bool monotone_in_taken_units(const program& prog, std::int32_t root, const workspace& now, trial& all,
                             const as_of_context& ctx) {
  if (root < 0) return true;
  change_view view(prog, now, all, ctx);
  polarity checks(view, ctx.as_of);
  bool monotone = true;
  each_applicable_leaf(prog, now, static_cast<std::uint32_t>(root), [&](std::uint32_t r) {
    const requirement_info& req = prog.requirements[r];
    if (req.form == requirement_form::avg)
      monotone =
          monotone && !view.aggregate_varies(req.selector, req.attr_slot, ctx.requirement_within_from[r]);
    else if (req.form == requirement_form::check && req.check >= 0)
      monotone =
          monotone &&
          checks.monotone(prog.expressions.expressions[static_cast<std::size_t>(req.check)].root, true);
  });
  return monotone;
}

}  // namespace civeff::detail
