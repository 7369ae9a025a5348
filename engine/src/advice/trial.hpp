// SPDX-License-Identifier: Apache-2.0
#pragma once
// A person's portfolio with one extra achievement per unit that advice may take
// (SPEC §12): `{unit, date: as_of}` with `exempt: true`, so it credits its unit
// directly whatever `credit_when` says but only inside `effective`, exactly as
// an exemption does (SPEC §9). It is loaded into one workspace once; a trial
// takes a subset by dating each extra at `as_of` (taken) or the day after (not
// counted, SPEC §5), and runs the one evaluator. No trial allocates once the
// workspace has seen its first run.

#include <civeff/civeff.hpp>

#include <cstdint>
#include <vector>

#include "eval/evaluator.hpp"

namespace civeff::detail {

class trial {
 public:
  // `units`: program unit indices, one extra achievement each, in this order.
  trial(const program& prog, const portfolio& p, const as_of_context& ctx,
        const std::vector<std::int32_t>& units);

  // Evaluates with extra j counted when taken[j] != 0.
  void run(const std::uint8_t* taken);
  // From now on, runs evaluate only the requirement tree under `root` (a
  // diploma's), the one complete() asks about.
  void focus(std::int32_t root) { ws_.only_root = root; }
  // Whether the last run completed the diploma with requirement root `root`
  // (a run that divided by zero completes nothing).
  [[nodiscard]] bool complete(std::int32_t root) const;

  [[nodiscard]] workspace& ws() { return ws_; }
  [[nodiscard]] const workspace& ws() const { return ws_; }
  // The position of extra j among the workspace's achievements.
  [[nodiscard]] std::size_t position(std::size_t j) const { return base_ + j; }
  [[nodiscard]] std::size_t extras() const { return extras_; }

 private:
  const program& prog_;
  const as_of_context& ctx_;
  std::size_t base_ = 0, extras_ = 0;
  std::int32_t later_ = 0;  // a day after as_of: an extra not taken is not counted
  portfolio extended_;      // the workspace's text values view its strings: kept while it lives
  workspace ws_;
};

// `p` with the extras for `units` appended (the same achievements a trial adds).
portfolio with_extras(const program& prog, const portfolio& p, date as_of,
                      const std::vector<std::int32_t>& units);

}  // namespace civeff::detail
