// SPDX-License-Identifier: Apache-2.0
#pragma once
// One thread's counts of coverage (docs/language.md, "Coverage"): after each
// person's traced evaluation, add() reads the workspace's final state and the
// trace (the same facts `explain` reads) and counts, per rule slot, what it
// could fire for (`of`) and what it fired for (`fired`). Its buffers are sized
// once; add() allocates nothing.

#include <cstdint>
#include <vector>

#include "coverage/rule_table.hpp"
#include "eval/evaluator.hpp"
#include "eval/trace.hpp"

namespace civeff::detail {

class coverage_tally {
 public:
  coverage_tally(const program& prog, const rule_table& table);

  // One person, evaluated with `t` into `ws` (not failed).
  void add(const workspace& ws, const trace& t);
  // Adds another thread's counts.
  void merge(const coverage_tally& other);
  // Once all persons are in: a mark case's `of` is the achievements carrying its mark.
  void finish();

  std::vector<std::uint64_t> fired, of;  // per rule slot
  std::uint64_t persons = 0, achievements = 0, counted = 0;

 private:
  const program& prog_;
  const rule_table& table_;
  std::vector<std::uint64_t> carried_;           // per mark: counted achievements carrying it
  std::vector<std::uint8_t> equivalence_fired_;  // per equivalence, this person (scratch)
};

}  // namespace civeff::detail
