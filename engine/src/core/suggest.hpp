// SPDX-License-Identifier: Apache-2.0
#pragma once
// "Did you mean ...?" (SPEC §11): the closest known names to a misspelt one.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civeff::detail {

// The restricted Damerau-Levenshtein distance (optimal string alignment):
// insertions, deletions, substitutions and transpositions of two adjacent
// bytes, each 1; no substring is edited twice.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The known names within max(1, length of `wrong` / 3) edits of `wrong`,
// closest first, ties in byte order.
std::vector<std::string> suggestions(std::string_view wrong, const std::vector<std::string_view>& known);

// The first of suggestions(), if any.
std::optional<std::string> closest(std::string_view wrong, const std::vector<std::string_view>& known);

// "; did you mean 'X'?" for the closest name, or "".
std::string did_you_mean(std::string_view wrong, const std::vector<std::string_view>& known);

// did_you_mean() among the `id` of each item, e.g. a program's marks.
template <class Items>
std::string did_you_mean_id(std::string_view wrong, const Items& items) {
  std::vector<std::string_view> known;
  known.reserve(items.size());
  for (const auto& item : items) known.emplace_back(item.id);
  return did_you_mean(wrong, known);
}

}  // namespace civeff::detail
