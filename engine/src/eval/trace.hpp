// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the evaluator saw, for explanations (SPEC §12). The evaluator is one
// template over its trace: `no_trace` compiles every hook away (the batch path),
// `trace` records the few facts that the final state of a workspace does not
// keep: which mark case matched, why an achievement did or did not credit its
// unit, and the value each hours/count/sum/avg requirement reached. Everything
// else an explanation needs (levels, credits, outcomes) is the workspace's own
// state, read by the explainer after the run.

#include <cstdint>
#include <optional>
#include <vector>

namespace civeff::detail {

// A mark case that matched for an achievement on a scale.
struct level_match {
  std::uint32_t achievement = 0;
  std::uint32_t scale = 0;
  std::int32_t mark = 0;
  std::int32_t case_index = 0;  // in that mark's list for that scale
  std::int32_t level = 0;
  bool lapsed = false;  // the mark's valid_for has ended at as_of: it gave nothing
};

// What became of an achievement's own unit (SPEC §5.2, §9).
enum class direct_outcome : std::uint8_t {
  not_counted,        // dated after as_of
  no_unit,            // no unit, or one the ruleset does not have
  outside_effective,  // its date lies outside the unit's `effective`
  lapsed,             // the credit would have lapsed by as_of
  credit_when,        // `credit_when` does not hold
  credited,
  exempted,
};

// The hooks, empty: what the batch path is compiled with.
struct no_trace {
  static constexpr bool enabled = false;
  void level(const level_match&) {}
  void direct(std::size_t, direct_outcome) {}
  void aggregate(std::size_t, std::optional<double>) {}
};

struct trace {
  static constexpr bool enabled = true;
  std::vector<level_match> matches;               // every matching case, lapsed ones too
  std::vector<direct_outcome> direct_outcomes;    // per achievement
  std::vector<std::optional<double>> aggregates;  // per requirement: the value reached, if evaluated

  void level(const level_match& m) { matches.push_back(m); }
  void direct(std::size_t achievement, direct_outcome o) {
    if (direct_outcomes.size() <= achievement)
      direct_outcomes.resize(achievement + 1, direct_outcome::no_unit);
    direct_outcomes[achievement] = o;
  }
  void aggregate(std::size_t requirement, std::optional<double> value) {
    if (aggregates.size() <= requirement) aggregates.resize(requirement + 1);
    aggregates[requirement] = value;
  }
  void clear() {
    matches.clear();
    direct_outcomes.clear();
    aggregates.clear();
  }
};

}  // namespace civeff::detail
