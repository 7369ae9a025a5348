// SPDX-License-Identifier: Apache-2.0
#include "sema/compiler_state.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/diagnostic_codes.hpp"
#include "core/suggest.hpp"

namespace civeff::detail {
namespace {

std::int32_t intern(std::map<std::string, std::int32_t, std::less<>>& table, std::vector<std::string>* names,
                    std::string_view name) {
  auto it = table.find(name);
  if (it != table.end()) return it->second;
  const auto index = static_cast<std::int32_t>(table.size());
  table.emplace(std::string(name), index);
  if (names) names->emplace_back(name);
  return index;
}

}  // namespace

// A hash lookup: a long `in [...]` of level names, or many units placed on a long scale,
// would otherwise scan the scale once per name (F7's quadratic shape).
std::int32_t compiler_state::level_index(std::int32_t scale, std::string_view name) {
  if (level_tables.size() < prog.scales.size()) level_tables.resize(prog.scales.size());
  auto& table = level_tables[static_cast<std::size_t>(scale)];
  const auto& levels = prog.scales[static_cast<std::size_t>(scale)].levels;
  if (table.empty())  // emplace keeps the first of two equal names, as a scan would
    for (std::size_t i = 0; i < levels.size(); ++i) table.emplace(levels[i], static_cast<std::int32_t>(i));
  const auto it = table.find(name);
  return it == table.end() ? no_index : it->second;
}

std::int32_t compiler_state::intern_kind(std::string_view name) { return intern(kind_index, &prog.kinds, name); }
std::int32_t compiler_state::intern_tag(std::string_view name) { return intern(tag_index, &prog.tags, name); }
std::int32_t compiler_state::intern_attribute(std::string_view name) {
  return intern(attribute_slot, &prog.attribute_slots, name);
}
std::int32_t compiler_state::intern_person_attribute(std::string_view name) {
  return intern(person_attribute_slot, &prog.person_attribute_slots, name);
}
std::string_view compiler_state::intern_string(std::string_view text) {
  if (auto it = interned_strings.find(text); it != interned_strings.end()) return *it;
  return *interned_strings.insert(prog.expressions.strings.emplace_back(text)).first;
}

void compiler_state::unknown(const char* code, const source_location& where, std::string_view what,
                             std::string_view name,
                             const std::map<std::string, std::int32_t, std::less<>>& known) {
  sink.unknown_name(code, where, fmt::format("unknown {} '{}'{}", what, name, hint(known, name)), name);
}

std::string compiler_state::hint(const std::map<std::string, std::int32_t, std::less<>>& known,
                                 std::string_view name) {
  std::vector<std::string_view> names;
  names.reserve(known.size());
  for (const auto& [key, index] : known) names.emplace_back(key);
  return did_you_mean(name, names);
}

std::string compiler_state::level_hint(std::int32_t scale, std::string_view name) const {
  if (scale < 0 || static_cast<std::size_t>(scale) >= prog.scales.size()) return {};
  const auto& levels = prog.scales[static_cast<std::size_t>(scale)].levels;
  return did_you_mean(name, std::vector<std::string_view>(levels.begin(), levels.end()));
}

}  // namespace civeff::detail
