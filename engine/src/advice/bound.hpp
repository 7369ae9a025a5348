// SPDX-License-Identifier: Apache-2.0
#pragma once
// A lower bound on the hours a subset of the candidates still needs to complete
// the diploma (docs/language.md, "Advice"). The search queues subsets by their
// cost plus this bound; because the bound never exceeds the true remainder,
// SPEC §12's order is kept exactly and the first plan stays optimal.
//
// Only sound when taking units can only help (monotone_in_taken_units): a unit
// leaf then costs at least its cheapest derivation from the candidates still
// available, an `hours`/`count` leaf at least a fractional knapsack of what is
// missing, and leaves whose demands can share a candidate are bounded by the
// largest of them rather than their sum.

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "advice/trial.hpp"
#include "eval/evaluator.hpp"

namespace civeff::detail {

class cost_bound {
 public:
  // `candidates`: program unit indices in the search's enumeration order, with
  // their `hours`; `all`: a trial over `eligible` whose last run took every extra
  // (it tells which taken achievement an achievement selector picks).
  cost_bound(const program& prog, std::int32_t root, const std::vector<std::int32_t>& candidates,
             const std::vector<double>& hours, trial& all, const std::vector<std::int32_t>& eligible,
             const as_of_context& ctx);

  static constexpr double none = std::numeric_limits<double>::infinity();

  // What completing still needs at least: hours, and for a plan of exactly
  // those hours, units (the units bound need not hold for dearer plans).
  struct estimate {
    double hours = 0;
    double units = 0;
  };
  // After a run of `ws` with the candidates in `taken` taken: lower bounds on
  // the hours and the number of the candidates j >= `from`, not taken, that
  // completing needs; false when no such set completes it.
  bool operator()(workspace& ws, const std::uint8_t* taken, std::size_t from, estimate& out);

 private:
  using bits = std::vector<std::uint64_t>;  // one bit per candidate

  struct term {
    double bound;
    const std::uint64_t* support;  // the candidates its demand can use
  };

  // A demand of the root: a requirement, or a unit to credit.
  struct part {
    std::int32_t requirement;  // -1: a unit
    std::int32_t unit;
  };

  double requirement(workspace& ws, std::uint32_t r);
  void cover_groups(const workspace& ws);
  [[nodiscard]] std::size_t items() const { return item_first_.size() - 1; }
  [[nodiscard]] const std::uint64_t* item_support(std::size_t i) const {
    return item_support_.data() + i * words_;
  }
  double item_bound(workspace& ws, std::size_t i);
  double cheapest_cover(std::size_t i);
  void unit_parts(const workspace& ws, std::int32_t u, int depth);
  double bound_of(workspace& ws, const part& x);
  [[nodiscard]] const std::uint64_t* support_of(const part& x) const;
  bool lower(workspace& ws, const double* price, double& out);
  bool flatten(workspace& ws, std::uint32_t r);
  bool parts(workspace& ws, std::uint32_t r);
  double knapsack(workspace& ws, std::uint32_t r);
  bool unit_costs(const workspace& ws);
  double grouped_sum(std::size_t start);  // over terms_[start..]
  bool overlaps(const std::uint64_t* a, const std::uint64_t* b) const;

  const program& prog_;
  std::int32_t root_;
  std::vector<double> hours_;
  std::size_t m_, words_;
  const as_of_context& ctx_;
  std::vector<std::int32_t> candidate_of_;  // per unit: its candidate index, or -1
  std::vector<std::int32_t> relevant_;      // units a leaf reads, and their sources, transitively
  std::vector<bits> unit_support_;          // per unit (empty outside relevant_)
  std::vector<std::int32_t> only_rule_;     // per unit: its one equivalence in, if directed; else -1
  // Per requirement under the root: the candidates its demands can use (for an
  // achievement selector's leaf: the candidates whose taken achievement it picks).
  std::vector<bits> requirement_support_;
  std::vector<std::uint8_t> static_guard_;  // per requirement: its `when` reads nothing a plan changes
  // Per evaluation:
  bits available_;
  std::vector<double> cost_;  // per unit: the cheapest derivation from available candidates
  std::vector<double> gain_;
  std::vector<std::uint32_t> order_;
  std::vector<term> terms_;  // a stack: each group's terms above its caller's
  std::vector<std::uint32_t> parent_;
  std::vector<double> group_max_;
  std::vector<part> parts_;          // the root's demands, through nested all_of
  std::vector<std::uint32_t> seen_;  // per unit: the stamp_ of the pass that made it a part
  std::uint32_t stamp_ = 0;
  std::vector<std::uint32_t> users_;  // per candidate: how many of parts_ can use it
  std::vector<double> split_;         // per candidate: its price shared among its users
  std::vector<double> ones_;          // per candidate: 1, the price that counts units
  const double* price_ = nullptr;
  // The items the root's demands are bounded as (cover_groups): a part, or a
  // group of parts bounded by their cheapest cover.
  static constexpr std::uint32_t max_cover = 14;  // parts in a group: 2^14 subsets at most
  std::vector<std::uint64_t> cover_bits_;         // per part: the candidates that credit it alone
  std::vector<std::uint8_t> simple_;              // per part: only such candidates credit it
  std::vector<std::uint32_t> group_size_;
  std::vector<std::uint32_t> item_first_, item_parts_;  // item i: item_parts_[first[i] .. first[i+1])
  std::vector<std::uint64_t> item_support_;             // per item: words_ words
  std::vector<double> best_;                            // cheapest_cover: per subset of a group
  std::vector<std::pair<std::uint32_t, std::uint32_t>> covers_;  // (candidate, the group parts it credits)
  static constexpr double grid = 1024;  // parts of an hour that plan costs are made of, when on_grid_
  bool on_grid_ = false;
  double sliver_ = 0;           // less than 1/grid divided by the number of candidates
  std::vector<double> tilted_;  // per candidate: its hours plus sliver_     // what a candidate costs in this
                                // pass: hours_ or split_
};

}  // namespace civeff::detail
