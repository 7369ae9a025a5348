// SPDX-License-Identifier: Apache-2.0
#include "analysis/credit_windows.hpp"

#include <algorithm>
#include <limits>

namespace civeff::detail::analysis {
namespace {

constexpr std::int64_t after_all = std::int64_t{max_day} + 1;

bool applies_somewhere(const equivalence_info& e, const program& prog, const condition_prover& prover) {
  return e.when == no_index || !prover.never_holds(e.when, equivalence_facts(prog, e));
}

bool widen(credit_window& w, std::int64_t first, std::int64_t last) {
  if (first > last || (first >= w.first && last <= w.last)) return false;
  w.first = std::min(w.first, first);
  w.last = std::max(w.last, last);
  return true;
}

}  // namespace

std::vector<credit_window> credit_windows(const program& prog, const condition_prover& prover) {
  std::vector<credit_window> w;
  for (const auto& u : prog.units) w.push_back({u.effective_from, u.effective_to, 0});
  std::vector<bool> usable;
  for (const auto& e : prog.equivalences) usable.push_back(applies_somewhere(e, prog, prover));
  // Hulls only grow, within [min_day, max_day]: this ends.
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t k = 0; k < prog.equivalences.size(); ++k) {
      if (!usable[k]) continue;
      const auto& e = prog.equivalences[k];
      if (e.symmetric) {
        for (auto t : e.sources)
          for (auto s : e.sources)
            if (s != t) {
              const auto& from = w[static_cast<std::size_t>(s)];
              grew |=
                  widen(w[static_cast<std::size_t>(t)], std::max<std::int64_t>(e.effective_from, from.first),
                        std::min<std::int64_t>(e.effective_to, from.last));
            }
        continue;
      }
      std::int64_t first = e.effective_from, last = std::numeric_limits<std::int64_t>::min();
      for (auto s : e.sources) {
        first = std::max(first, w[static_cast<std::size_t>(s)].first);
        last = std::max(last, w[static_cast<std::size_t>(s)].last);
      }
      last = std::min<std::int64_t>(last, e.effective_to);
      for (auto t : e.targets) grew |= widen(w[static_cast<std::size_t>(t)], first, last);
    }
  }
  for (std::size_t u = 0; u < prog.units.size(); ++u) {
    const unit_info& info = prog.units[u];
    credit_window& x = w[u];
    if (!info.has_valid_for || x.last >= max_day) {
      x.counts_until = after_all;
    } else {
      x.counts_until = add(date(static_cast<std::int32_t>(x.last)), info.valid_for).days_since_epoch();
      if (x.counts_until >= max_day) x.counts_until = after_all;
    }
  }
  return w;
}

}  // namespace civeff::detail::analysis
