// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the evaluator saw, for explanations (SPEC §12). The evaluator is one
// template over its trace: `no_trace` compiles every hook away (the batch path),
// `trace` records the few facts that the final state of a workspace does not
// keep: which mark case matched, why an achievement did or did not credit its
// unit, and the value each hours/count/sum/avg requirement reached. Everything
// else an explanation needs (levels, credits, outcomes) is the workspace's own
// state, read by the explainer after the run.

#include <cstddef>
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
  void derived(std::size_t, std::size_t, std::size_t, std::int32_t, std::int32_t) {}
};

// How a derived credit first came about in the fixpoint (SPEC §5.3): the
// equivalence that added it and, for a symmetric group, the member it spread
// from (-1 for a directed equivalence). Its sources were credited before it
// was, so following first derivations always reaches achievements: the proof
// of least height that Soufflé's provenance records, here for the credits an
// explanation would otherwise trace round a cycle.
struct first_derivation {
  std::int32_t equivalence = -1;  // -1: none recorded (a direct credit, or not credited)
  std::int32_t member = -1;
  std::uint32_t order = 0;  // 1, 2, ... in the order credits were added; direct credits come first (0)
};

struct trace {
  static constexpr bool enabled = true;
  std::vector<level_match> matches;               // every matching case, lapsed ones too
  std::vector<direct_outcome> direct_outcomes;    // per achievement
  std::vector<std::optional<double>> aggregates;  // per requirement: the value reached, if evaluated
  std::vector<first_derivation> first;            // per unit * day (units x days of the run)
  std::size_t day_count = 0;
  std::uint32_t added = 0;  // derived credits recorded so far

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
  void derived(std::size_t unit, std::size_t day, std::size_t days, std::int32_t equivalence,
               std::int32_t member) {
    day_count = days;
    if (first.size() < (unit + 1) * days) first.resize((unit + 1) * days);
    first_derivation& f = first[unit * days + day];
    if (f.equivalence < 0) f = {equivalence, member, ++added};
  }
  // The first derivation of `unit` at day index `day`, or none.
  [[nodiscard]] first_derivation first_of(std::size_t unit, std::size_t day) const {
    const std::size_t k = unit * day_count + day;
    return day < day_count && k < first.size() ? first[k] : first_derivation{};
  }
  void clear() {
    matches.clear();
    direct_outcomes.clear();
    aggregates.clear();
    first.clear();
    day_count = 0;
    added = 0;
  }
};

}  // namespace civeff::detail
