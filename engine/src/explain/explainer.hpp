// SPDX-License-Identifier: Apache-2.0
#pragma once
// Explanations (SPEC §12) from one evaluation: the workspace after a traced run
// (eval/trace.hpp) is read, not recomputed by another evaluator. Where a reason
// needs a fact the run did not keep (the days an equivalence could apply before
// its `when`), the evaluator's own functions answer it.

#include <civeff/civeff.hpp>

#include "eval/evaluator.hpp"

namespace civeff::detail {

class explainer {
 public:
  // `ws` has been loaded from `p` and run at `ctx` with `t`.
  explainer(const program& prog, const portfolio& p, workspace& ws, const as_of_context& ctx, const trace& t);

  [[nodiscard]] explanation build();

  // The parts, for callers that need one (the diff's causes).
  [[nodiscard]] level_explanation level(std::size_t achievement, std::size_t scale) const;
  [[nodiscard]] derivation derive(std::int32_t unit) const;
  [[nodiscard]] std::vector<not_credited_reason> why_not(std::int32_t unit) const;
  [[nodiscard]] requirement_explanation requirement(std::uint32_t r) const;

  // The marks of an achievement in the order an explanation names them on a tie:
  // as written, then the implied ones in declaration order.
  [[nodiscard]] std::vector<std::int32_t> marks_in_order(std::size_t achievement) const;

 private:
  friend class rule_uses;
  derivation derive_at(std::int32_t unit, std::size_t day_bit,
                       std::vector<std::pair<std::int32_t, std::size_t>>& path) const;
  // The derivation the fixpoint found first (trace::first_of): always reaches
  // achievements, for a credit that derive_at would otherwise trace round a cycle.
  [[nodiscard]] derivation derive_first(std::int32_t unit, std::size_t day_bit) const;
  // Where a credit stands in the order credits were added: 0 for a direct one.
  [[nodiscard]] std::uint32_t order_of(std::int32_t unit, std::size_t day_bit) const;
  // A direct credit or exemption of `unit` on day `day_bit`, naming its achievement.
  [[nodiscard]] derivation direct_derivation(std::int32_t unit, std::size_t day_bit, std::int32_t via) const;
  [[nodiscard]] bool credited_at(std::int32_t unit, std::size_t day_bit) const;
  [[nodiscard]] std::size_t latest_bit_at_most(std::int32_t unit, std::size_t day_bit) const;
  // Days an equivalence could apply from `sources`, into scratch; whether any.
  bool any_candidate(std::size_t e, const std::vector<std::int32_t>& sources, double hours,
                     bool apply_when) const;
  [[nodiscard]] std::vector<std::int32_t> named_units() const;

  const program& prog_;
  const portfolio& portfolio_;
  workspace& ws_;
  const as_of_context& ctx_;
  const trace& trace_;
};

}  // namespace civeff::detail
