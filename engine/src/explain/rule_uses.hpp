// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rules an outcome uses (SPEC §12), as `section:id` names: what a diff's
// cause is made of. Read from one traced evaluation, as explanations are.
//
// - A level on scale S: `scale:S`, every mark and the unit that gave the
//   achievement its level (all of them on a tie), every mark on it whose
//   `implies` brought such a mark, and the attributes their matching cases read.
// - A credit: its unit and, through its derivation, every equivalence and every
//   source credit's rules; a direct credit also what its unit's `credit_when`
//   reads (`level("S")`: that level's rules; marks: those marks and the marks that
//   imply them, or every mark the achievement carries where the mark is absent;
//   `unit`, `kind`, `hours`: the achievement's unit; attributes: their declarations).
// - Besides its derivation, a unit (credited or not, on this side of a diff)
//   uses what could credit it: what its `credit_when` read for each counted
//   achievement of it, and each equivalence into it with its `when` and its
//   sources' rules, again. Where a requirement, `credited()` or a unit selector
//   reads a unit, it uses these rules whether or not the unit is credited, as a
//   change that keeps a unit from being credited has to show as a cause.
// - A diploma: `diploma:ID`, the rules of every credit its leaves and checks
//   read, and for every leaf or function that selects achievements, the unit,
//   the marks and the attributes of every achievement it selected; and the
//   person attributes its guards and checks read.
// What an expression reads is what it names (static), a superset of what one
// run reads when `and`/`or` skip a side.

#include <cstdint>
#include <string>
#include <vector>

#include "explain/explainer.hpp"

namespace civeff::detail {

class rule_uses {
 public:
  rule_uses(const program& prog, const workspace& ws, const explainer& why);

  // Each appends names, possibly repeated; sort and deduplicate the result.
  void level(std::size_t achievement, std::size_t scale, std::vector<std::string>& out) const;
  // A unit's credit or its absence: everything that could credit it (below).
  void credit(std::int32_t unit, std::vector<std::string>& out) const;
  void unit_read(std::int32_t unit, std::vector<std::string>& out) const;
  void diploma(std::size_t d, std::vector<std::string>& out) const;

 private:
  void credit_of(const derivation& d, std::vector<std::string>& out) const;
  void support(std::int32_t unit, std::vector<std::string>& out) const;
  void reads(std::int32_t expression, std::size_t achievement, bool on_achievement,
             std::vector<std::string>& out) const;
  void marks_implying(std::size_t achievement, std::int32_t mark, std::vector<std::string>& out) const;
  void carried_marks(std::size_t achievement, std::vector<std::string>& out) const;
  void mark_read(std::size_t achievement, std::int32_t mark, std::vector<std::string>& out) const;
  void requirement(std::uint32_t r, std::vector<std::string>& out) const;
  void selected(std::int32_t selector, std::int32_t within_from, std::int32_t attr_slot,
                std::vector<std::string>& out) const;

  const program& prog_;
  const workspace& ws_;
  const explainer& why_;
  // Units already walked by the outermost unit_read (empty between calls); a
  // rule_uses is used by one thread at a time.
  mutable std::vector<std::uint8_t> seen_;
};

}  // namespace civeff::detail
