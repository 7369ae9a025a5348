// SPDX-License-Identifier: Apache-2.0
#include "core/suggest.hpp"

#include <algorithm>
#include <utility>

namespace civeff::detail {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic programme: two back are needed for transpositions.
  const std::size_t n = b.size();
  std::vector<std::size_t> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[n];
}

std::vector<std::string> suggestions(std::string_view wrong, const std::vector<std::string_view>& known) {
  const std::size_t limit = std::max<std::size_t>(1, wrong.size() / 3);
  std::vector<std::pair<std::size_t, std::string_view>> near;
  for (const std::string_view name : known) {
    // The distance is at least the difference in length: skip the work when that is too far.
    const std::size_t gap =
        name.size() > wrong.size() ? name.size() - wrong.size() : wrong.size() - name.size();
    if (gap > limit || name == wrong) continue;
    const std::size_t d = edit_distance(wrong, name);
    if (d <= limit) near.emplace_back(d, name);
  }
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  std::vector<std::string> out;
  out.reserve(near.size());
  for (const auto& [d, name] : near) out.emplace_back(name);
  return out;
}

std::optional<std::string> closest(std::string_view wrong, const std::vector<std::string_view>& known) {
  std::vector<std::string> all = suggestions(wrong, known);
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

std::string did_you_mean(std::string_view wrong, const std::vector<std::string_view>& known) {
  const std::optional<std::string> best = closest(wrong, known);
  return best ? "; did you mean '" + *best + "'?" : std::string();
}

}  // namespace civeff::detail
