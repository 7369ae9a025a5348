// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rules coverage counts (docs/language.md, "Coverage"), one slot each, built
// once per program: every mark case per scale, every unit's `credit_when`, every
// equivalence and every requirement node, with its name and where it is written.
// The slots of one kind are contiguous, so a tally is two flat counter arrays.

#include <civeff/civeff.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "ir/program.hpp"

namespace civeff::detail {

class rule_table {
 public:
  explicit rule_table(const program& prog);

  struct rule {
    std::string name;
    rule_kind kind = rule_kind::mark_case;
    source_location where;
  };
  [[nodiscard]] const std::vector<rule>& rules() const { return rules_; }
  [[nodiscard]] std::size_t size() const { return rules_.size(); }

  // The slot of case `c` of mark `mark` on scale `scale`.
  [[nodiscard]] std::size_t mark_case(std::size_t mark, std::size_t scale, std::size_t c) const {
    return case_base_[mark * scales_ + scale] + c;
  }
  // The slots of every case of `mark` on every scale: [first, last).
  [[nodiscard]] std::size_t mark_first(std::size_t mark) const { return case_base_[mark * scales_]; }
  [[nodiscard]] std::size_t mark_last(std::size_t mark) const { return case_base_[(mark + 1) * scales_]; }
  // The slot of unit `u`'s credit_when; -1 when it has none.
  [[nodiscard]] std::int32_t credit_when(std::size_t u) const { return credit_when_[u]; }
  [[nodiscard]] std::size_t equivalence(std::size_t e) const { return equivalence_base_ + e; }
  [[nodiscard]] std::size_t requirement(std::size_t r) const { return requirement_base_ + r; }

 private:
  std::size_t scales_ = 0;
  std::vector<std::size_t> case_base_;  // per mark * scale, one past the end: marks * scales + 1
  std::vector<std::int32_t> credit_when_;
  std::size_t equivalence_base_ = 0, requirement_base_ = 0;
  std::vector<rule> rules_;
};

}  // namespace civeff::detail
