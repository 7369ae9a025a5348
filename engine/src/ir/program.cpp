// SPDX-License-Identifier: Apache-2.0
#include "ir/program.hpp"

#include <algorithm>

namespace civeff::detail {
namespace {

std::int32_t find(const std::vector<std::pair<std::string_view, std::int32_t>>& table, std::string_view id) {
  auto it = std::lower_bound(table.begin(), table.end(), id,
                             [](const auto& entry, std::string_view key) { return entry.first < key; });
  return it != table.end() && it->first == id ? it->second : no_index;
}

}  // namespace

std::int32_t program::find_unit(std::string_view id) const { return find(unit_lookup, id); }
std::int32_t program::find_mark(std::string_view id) const { return find(mark_lookup, id); }

}  // namespace civeff::detail
