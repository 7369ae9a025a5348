// SPDX-License-Identifier: Apache-2.0
// SPEC §12 "Advice": the search. docs/language.md, "Advice", gives the method;
// in short:
// - Candidates are sorted by hours, highest first (ids in byte order on ties),
//   and every subset is reached from one parent, itself without its last
//   candidate: a tree whose subtrees add candidates from a suffix.
// - A best-first queue holds subtrees and found plans. A plan's key is SPEC
//   §12's order (cost, number of units, byte-ordered ids); a subtree's key is a
//   lower bound on the keys of every plan in it (its cost plus bound.hpp's
//   bound on what it still needs, the fewest units at that cost, the smallest
//   ids such a plan can have), and on a tie a subtree comes first. So a plan
//   is popped only when no queued subtree can hold one before it: the popped
//   plans are the minimal plans in exactly SPEC §12's order (an A* search with
//   an admissible bound is exact).
// - When taking units can only help (candidates.hpp, monotone_in_taken_units),
//   the bound applies and two cuts lose no plan: a complete subset has no
//   minimal superset, and a subset whose subtree, taken whole, does not
//   complete has no complete descendant (the last child whose subtree can
//   complete is found by bisection). Otherwise the keys are the subsets' own
//   and nothing is cut: every subset is tried in order.
// - Every test is a run of the one evaluator on the portfolio with the plan's
//   units added (trial.hpp). A step is one such run or one queued subset;
//   the search stops at the budget, `proven` false.

#include "advice/advisor.hpp"

#include <algorithm>
#include <optional>
#include <queue>

#include "advice/bound.hpp"
#include "advice/candidates.hpp"
#include "advice/trial.hpp"
#include "eval/bits.hpp"
#include "eval/expression_eval.hpp"
#include "eval/portfolio_input.hpp"
#include "explain/explainer.hpp"

namespace civeff::detail {
namespace {

// A subset of the candidates, queued.
struct node {
  double cost = 0;
  double bound = 0;   // a plan: its cost; a subtree: at most the cost of any plan in it
  bool plan = false;  // a minimal plan waiting for its turn, not a subtree to explore
  std::uint32_t size = 0;
  std::uint32_t fewest = 0;  // a plan: its size; a subtree: at most the size of any plan in it
  std::size_t end = 0;       // one past its highest candidate (enumeration order): children add from here
  // When monotone: a k known to complete it with every candidate from k on (at
  // least `end`). A parent's holds for its children, which hold more: their
  // bisection starts there.
  std::size_t tail = 0;
  std::size_t mask = 0;  // offset of its members in the mask pool, one bit per id rank
  // Offset of the ids its key compares: a plan's own; for a subtree, the
  // smallest ids a plan of `fewest` units in it can have (its members and the
  // lowest-ranked candidates it may still add). -1: the root, before all.
  std::size_t ids = 0;
};

class plan_search {
 public:
  plan_search(trial& t, std::int32_t root, const std::vector<double>& hours,
              const std::vector<std::size_t>& rank_of, cost_bound* lower, const advice_options& options,
              std::uint64_t& steps)
      : t_(t),
        root_(root),
        hours_(hours),
        rank_of_(rank_of),
        monotone_(lower != nullptr),
        lower_(lower),
        top_(std::max<std::size_t>(1, options.top)),
        max_steps_(options.max_steps),
        steps_(steps),
        m_(hours.size()),
        words_(std::max<std::size_t>(1, (hours.size() + 63) / 64)),
        taken_(hours.size(), 0),
        at_rank_(hours.size()) {
    for (std::size_t j = 0; j < m_; ++j) at_rank_[rank_of_[j]] = j;
  }

  // The minimal plans, as candidate indices, in order; whether the search ended before the budget.
  bool run(std::vector<std::vector<std::size_t>>& plans, std::vector<double>& costs) {
    if (monotone_) {
      std::fill(taken_.begin(), taken_.end(), 1);
      if (!complete()) return true;  // nothing completes it: no plan, and that is proven
    }
    const auto later = [this](std::uint32_t a, std::uint32_t b) { return before(b, a); };
    std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, decltype(later)> queue(later);
    nodes_.push_back(node{});
    pool_.assign(2 * words_, 0);
    nodes_.back().ids = words_;
    queue.push(0);
    while (!queue.empty()) {
      if (steps_ >= max_steps_) return false;
      const std::uint32_t top = queue.top();
      const node n = nodes_[top];
      queue.pop();
      load(n);
      if (n.plan) {  // a minimal plan no queued subtree can precede: the next in order
        std::vector<std::size_t> members;
        for (std::size_t j = 0; j < m_; ++j)
          if (taken_[j]) members.push_back(j);
        plans.push_back(std::move(members));
        costs.push_back(n.cost);
        if (plans.size() == top_) return true;
        continue;
      }
      double bound = n.bound;
      std::uint32_t fewest = n.fewest;
      if (n.size > 0 && complete()) {
        if (minimal()) {
          node p = n;
          p.plan = true;
          p.bound = n.cost;
          p.fewest = n.size;
          p.ids = n.mask;
          nodes_.push_back(p);
          queue.push(static_cast<std::uint32_t>(nodes_.size() - 1));
        }
        if (monotone_) continue;  // every superset keeps this complete subset: none is minimal
      } else if (lower_ != nullptr) {
        if (n.size == 0) complete();  // the root's run, for the bound
        cost_bound::estimate rest;
        if (!(*lower_)(t_.ws(), taken_.data(), n.end, rest)) continue;
        // Both keys bound every plan below lexicographically: (hours, units).
        const double b = n.cost + rest.hours;
        const auto f = n.size + static_cast<std::uint32_t>(rest.units);
        if (b > bound) {
          bound = b;
          fewest = f;
        } else if (b == bound) {
          fewest = std::max(fewest, f);
        }
      }
      std::size_t end = m_;  // children add a candidate from [n.end, end)
      std::size_t tail = 0;
      if (n.end >= m_) continue;
      if (monotone_) {
        // Child j's subtree at most takes n + {j..m-1}; that completes for j up to some
        // last index and for none after (fewer units, monotone), found by bisection.
        // with_tail(n.end) holds: for the root the check before the loop found it,
        // for a child its parent's bisection; with_tail(m_) is n itself, not complete.
        std::size_t good = std::max(n.end, n.tail), bad = m_;
        while (bad - good > 1) {
          const std::size_t mid = good + (bad - good) / 2;
          (with_tail(mid) ? good : bad) = mid;
        }
        end = good + 1;
        tail = good;
      }
      for (std::size_t j = n.end; j < end; ++j) {
        ++steps_;
        node c;
        c.cost = n.cost + hours_[j];
        c.bound = std::max(bound, c.cost);
        c.size = n.size + 1;
        c.fewest = c.cost > bound ? c.size : std::max(fewest, c.size);
        c.end = j + 1;
        c.tail = tail;
        c.mask = pool_.size();
        pool_.resize(c.mask + 2 * words_);
        std::copy_n(pool_.begin() + static_cast<std::ptrdiff_t>(n.mask), words_,
                    pool_.begin() + static_cast<std::ptrdiff_t>(c.mask));
        pool_[c.mask + rank_of_[j] / 64] |= std::uint64_t{1} << (rank_of_[j] % 64);
        c.ids = c.mask + words_;
        smallest_ids(c);
        nodes_.push_back(c);
        queue.push(static_cast<std::uint32_t>(nodes_.size() - 1));
      }
    }
    return true;
  }

 private:
  // The queue's order. A plan's key is SPEC §12's: cost, then number of units,
  // then the byte-ordered list of ids. A subtree's key is a lower bound on the
  // cost and size of every plan in it, and on a tie it comes first: a plan is
  // popped only when no queued subtree can hold one that precedes it. Of two
  // sets of equal size, the one holding the lowest id rank they differ on comes
  // first (its sorted list is smaller at that place).
  [[nodiscard]] bool before(std::uint32_t a, std::uint32_t b) const {
    const node& x = nodes_[a];
    const node& y = nodes_[b];
    if (x.bound != y.bound) return x.bound < y.bound;
    if (x.fewest != y.fewest) return x.fewest < y.fewest;
    for (std::size_t w = 0; w < words_; ++w) {
      const std::uint64_t mx = pool_[x.ids + w], diff = mx ^ pool_[y.ids + w];
      if (diff) return (mx & (diff & (~diff + 1))) != 0;
    }
    if (x.plan != y.plan) return y.plan;
    return x.size < y.size;
  }
  // Fills c's ids: its members and the fewest - size lowest-ranked candidates
  // from c.end on. Of the sorted id lists of sets of one size holding c's
  // members, that is the first. (With fewer candidates left, no plan in the
  // subtree costs exactly c.bound, and the ids never decide its turn.)
  void smallest_ids(const node& c) {
    std::uint64_t* ids = pool_.data() + c.ids;
    std::copy_n(pool_.data() + c.mask, words_, ids);
    std::size_t want = c.fewest - c.size;
    for (std::size_t r = 0; r < m_ && want > 0; ++r)
      if (at_rank_[r] >= c.end) {
        ids[r / 64] |= std::uint64_t{1} << (r % 64);
        --want;
      }
  }
  void load(const node& n) {
    std::fill(taken_.begin(), taken_.end(), 0);
    for (std::size_t r = 0; r < m_; ++r)
      if (test_bit(pool_.data() + n.mask, r)) taken_[at_rank_[r]] = 1;
  }
  bool complete() {
    ++steps_;
    t_.run(taken_.data());
    return t_.complete(root_);
  }
  // SPEC §12: no unit can be left out with the diploma still complete.
  bool minimal() {
    for (std::size_t j = 0; j < m_; ++j) {
      if (!taken_[j]) continue;
      taken_[j] = 0;
      const bool still = complete();
      taken_[j] = 1;
      if (still) return false;
    }
    return true;
  }
  // The loaded subset (highest member below `from`) with every candidate from `from` on.
  bool with_tail(std::size_t from) {
    std::fill(taken_.begin() + static_cast<std::ptrdiff_t>(from), taken_.end(), 1);
    const bool ok = complete();
    std::fill(taken_.begin() + static_cast<std::ptrdiff_t>(from), taken_.end(), 0);
    return ok;
  }

  trial& t_;
  std::int32_t root_;
  const std::vector<double>& hours_;
  const std::vector<std::size_t>& rank_of_;
  bool monotone_;
  cost_bound* lower_;  // only when monotone: the bound assumes taking units can only help
  std::size_t top_;
  std::uint64_t max_steps_;
  std::uint64_t& steps_;
  std::size_t m_, words_;
  std::vector<std::uint8_t> taken_;
  std::vector<std::size_t> at_rank_;
  std::vector<node> nodes_;
  std::vector<std::uint64_t> pool_;
};

// For a diploma left out by guards: `guard: TEXT` of each guard that leaves out
// a requirement on the way down from the root (SPEC §12).
void left_out_guards(const program& prog, const workspace& ws, std::uint32_t r, const environment& env,
                     std::vector<std::string>& out) {
  const requirement_info& req = prog.requirements[r];
  if (ws.outcomes[r].applicable) return;
  if (req.guard >= 0 && !holds(prog, req.guard, env)) {
    out.push_back("guard: " + prog.expressions.expressions[static_cast<std::size_t>(req.guard)].text);
    return;
  }
  for (std::uint32_t k = 0; k < req.child_count; ++k)
    left_out_guards(prog, ws, prog.requirement_children[req.first_child + k], env, out);
}

// The guards that leave out a child of an unsatisfied group under `r`: an
// n_of that guards leave with fewer than n children misses no leaf.
void guards_in_the_way(const program& prog, const workspace& ws, std::uint32_t r, const environment& env,
                       std::vector<std::string>& out) {
  const requirement_outcome& o = ws.outcomes[r];
  if (!o.applicable) return left_out_guards(prog, ws, r, env, out);
  const requirement_info& req = prog.requirements[r];
  if (o.satisfied || req.is_leaf()) return;
  for (std::uint32_t k = 0; k < req.child_count; ++k)
    guards_in_the_way(prog, ws, prog.requirement_children[req.first_child + k], env, out);
}

void blocking_of(const program& prog, std::size_t d, const as_of_context& ctx, trial& all,
                 std::vector<std::string>& out) {
  const std::int32_t root = prog.diplomas[d].root;
  workspace& ws = all.ws();
  double progress = 0;
  ws.diploma(prog, d, progress);
  for (const auto leaf : ws.missing) out.push_back(prog.leaf_names[leaf]);
  if (!out.empty() || root < 0) return;
  // Nothing is missing, yet the diploma is not complete: guards left out its
  // `requires`, or so many children of an n_of that fewer than n remain.
  environment env;
  env.as_of = ctx.as_of;
  env.person = ws.person.data();
  guards_in_the_way(prog, ws, static_cast<std::uint32_t>(root), env, out);
}

// SPEC §12: each unit of a plan credits itself and every unit whose derivation
// in the plan uses it; the derivations are the explanation's (one evaluator, traced).
advice_plan describe(const program& prog, const portfolio& p, const workspace& now, const as_of_context& ctx,
                     const std::vector<std::int32_t>& units, double cost) {
  const portfolio taken = with_extras(prog, p, date(ctx.as_of), units);
  workspace ws;
  load_portfolio(prog, taken, ws);
  trace t;
  ws.run(prog, ctx, t);
  const explainer why(prog, taken, ws, ctx, t);
  std::vector<std::vector<std::string>> credits(units.size());
  const std::size_t base = p.achievements.size();
  const auto uses = [&](const auto& self, const derivation& dv, const std::string& unit) -> void {
    if (dv.achievement && *dv.achievement >= base) {
      auto& list = credits[*dv.achievement - base];
      if (std::find(list.begin(), list.end(), unit) == list.end()) list.push_back(unit);
    }
    for (const derivation& s : dv.sources) self(self, s, unit);
  };
  for (std::size_t u = 0; u < prog.units.size(); ++u) {
    if (!test_bit(ws.credited_units.data(), u) || test_bit(now.credited_units.data(), u)) continue;
    uses(uses, why.derive(static_cast<std::int32_t>(u)), prog.units[u].id);
  }
  advice_plan plan;
  plan.hours = cost;
  for (std::size_t k = 0; k < units.size(); ++k) {
    const unit_info& info = prog.units[static_cast<std::size_t>(units[k])];
    std::sort(credits[k].begin(), credits[k].end());
    plan.units.push_back(advised_unit{info.id, info.hours, std::move(credits[k])});
  }
  std::sort(plan.units.begin(), plan.units.end(),
            [](const advised_unit& a, const advised_unit& b) { return a.unit < b.unit; });
  return plan;
}

}  // namespace

advice advise(const program& prog, const portfolio& p, std::size_t d, date as_of,
              const advice_options& options) {
  advice out;
  out.person = p.person;
  out.as_of = as_of;
  out.diploma = prog.diplomas[d].id;
  as_of_context ctx;
  ctx.prepare(prog, as_of.days_since_epoch());
  workspace now;
  load_portfolio(prog, p, now);
  now.run(prog, ctx);
  throw_if_failed(prog, now, p.person);
  out.steps = 1;
  double progress = 0;
  out.status = now.diploma(prog, d, progress);
  if (out.status == diploma_status::complete) {  // SPEC §12: one plan of 0 hours and no units
    out.plans.emplace_back();
    out.proven = true;
    return out;
  }
  const std::int32_t root = prog.diplomas[d].root;
  const std::vector<std::int32_t> eligible = eligible_units(prog, now, ctx.as_of);
  trial all(prog, p, ctx, eligible);
  {
    const std::vector<std::uint8_t> every(eligible.size(), 1);
    all.run(every.data());
    ++out.steps;
  }
  std::vector<std::int32_t> candidates = relevant_units(prog, root, now, all, eligible, ctx);
  const bool monotone = monotone_in_taken_units(prog, root, now, all, ctx);
  const auto& units = prog.units;
  std::sort(candidates.begin(), candidates.end(), [&](std::int32_t a, std::int32_t b) {
    const unit_info& x = units[static_cast<std::size_t>(a)];
    const unit_info& y = units[static_cast<std::size_t>(b)];
    return x.hours != y.hours ? x.hours > y.hours : x.id < y.id;
  });
  out.candidates = candidates.size();
  std::vector<double> hours;
  for (const std::int32_t u : candidates) hours.push_back(units[static_cast<std::size_t>(u)].hours);
  std::vector<std::size_t> by_id(candidates.size()), rank_of(candidates.size());
  for (std::size_t j = 0; j < by_id.size(); ++j) by_id[j] = j;
  std::sort(by_id.begin(), by_id.end(), [&](std::size_t a, std::size_t b) {
    return units[static_cast<std::size_t>(candidates[a])].id <
           units[static_cast<std::size_t>(candidates[b])].id;
  });
  for (std::size_t r = 0; r < by_id.size(); ++r) rank_of[by_id[r]] = r;

  trial t(prog, p, ctx, candidates);
  t.focus(root);
  std::vector<std::vector<std::size_t>> found;
  std::vector<double> costs;
  std::optional<cost_bound> lower;
  if (monotone) lower.emplace(prog, root, candidates, hours, all, eligible, ctx);
  plan_search search(t, root, hours, rank_of, lower ? &*lower : nullptr, options, out.steps);
  out.proven = search.run(found, costs);
  for (std::size_t k = 0; k < found.size(); ++k) {
    std::vector<std::int32_t> plan_units;
    for (const std::size_t j : found[k]) plan_units.push_back(candidates[j]);
    out.plans.push_back(describe(prog, p, now, ctx, plan_units, costs[k]));
  }
  if (out.plans.empty()) blocking_of(prog, d, ctx, all, out.blocking);
  return out;
}

}  // namespace civeff::detail
