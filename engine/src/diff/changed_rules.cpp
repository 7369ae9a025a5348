// SPDX-License-Identifier: Apache-2.0
#include "diff/changed_rules.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_set>

namespace civeff::detail {
namespace {

// The ids of `mine` that `theirs` has too, in `mine`'s declaration order.
std::vector<std::string_view> shared_order(const program& mine, const program& theirs) {
  std::unordered_set<std::string_view> other;
  for (const auto& e : theirs.equivalences) other.insert(e.id);
  std::vector<std::string_view> out;
  for (const auto& e : mine.equivalences)
    if (other.count(e.id) != 0) out.push_back(e.id);
  return out;
}

}  // namespace

std::vector<std::string> changed_rules(const program& before, const program& after) {
  std::vector<std::string> out;
  const auto& a = before.fingerprints;
  const auto& b = after.fingerprints;
  // Both are sorted by name: one merge finds the added, removed and redefined.
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++].first);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.push_back(b[j++].first);
    } else {
      if (a[i].second != b[j].second) out.push_back(a[i].first);
      ++i;
      ++j;
    }
  }
  const auto order_before = shared_order(before, after), order_after = shared_order(after, before);
  for (std::size_t k = 0; k < order_before.size() && k < order_after.size(); ++k)
    if (order_before[k] != order_after[k]) out.push_back("equivalence:" + std::string(order_before[k]));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace civeff::detail
