// SPDX-License-Identifier: Apache-2.0
#include "eval/bits.hpp"
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


// The names of `table` that some unit declares (`used` by index), for suggestions.
std::vector<std::string_view> declared_names(const std::vector<std::string>& names,
                                             const std::vector<bool>& used) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < names.size() && i < used.size(); ++i)
    if (used[i]) out.emplace_back(names[i]);
  return out;
}

// F14: a selector kind or tag that no unit declares selects nothing, which is almost
// always a typo; kinds and tags are all known here, so say so (W014) with the closest
// declared name. Not an error: a ruleset may name a kind before any unit has it.
void warn_undeclared_names(compiler_state& state, const selector_parts& parts) {
  // Once per compile: which kinds and tags units have (selectors come after all
  // units, and a name they intern later is one no unit has).
  if (!state.unit_names_known) {
    state.kind_used.assign(state.prog.kinds.size(), false);
    state.tag_used.assign(state.prog.tags.size(), false);
    for (const unit_info& u : state.prog.units) {
      if (u.kind_id != no_index) state.kind_used[static_cast<std::size_t>(u.kind_id)] = true;
      for (const auto t : u.tags) state.tag_used[static_cast<std::size_t>(t)] = true;
    }
    state.unit_names_known = true;
  }
  const std::vector<bool>& kind_used = state.kind_used;
  const std::vector<bool>& tag_used = state.tag_used;
  const auto check = [&](const located_text& name, const char* what,
                         const std::map<std::string, std::int32_t, std::less<>>& table,
                         const std::vector<std::string>& names, const std::vector<bool>& used) {
    const auto it = table.find(name.text);
    if (it != table.end() && static_cast<std::size_t>(it->second) < used.size() &&
        used[static_cast<std::size_t>(it->second)])
      return;
    diagnostic d{severity::warning,
                 codes::warn_selector,
                 name.where,
                 fmt::format("no unit has {} '{}'{}", what, name.text,
                             did_you_mean(name.text, declared_names(names, used))),
                 {}};
    d.follow_on = state.sink.lost(name.text);  // the units that have it may be the ones that failed
    state.sink.add(std::move(d));
  };
  if (parts.kind) check(*parts.kind, "kind", state.kind_index, state.prog.kinds, kind_used);
  for (const auto& t : parts.tags) check(t, "tag", state.tag_index, state.prog.tags, tag_used);
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

// SPEC §2.5, §9: units/kind/tags restrict by unit; marks/where by achievement.
std::int32_t build_selector(compiler_state& state, const selector_parts& parts, bool picks_achievements) {
  selector_info s;
  s.picks_achievements = picks_achievements;
  s.restricts_units = parts.has_units || parts.kind.has_value() || parts.has_tags;
  s.unit_mask.assign(state.prog.unit_words(), 0);
  s.mark_mask.assign(state.prog.mark_words(), 0);
  if (parts.kind || !parts.tags.empty()) warn_undeclared_names(state, parts);
  bool ok = true;
  std::vector<bool> listed(state.prog.units.size(), !parts.has_units);
  for (const auto& u : parts.units) {
    auto it = state.unit_index.find(u.text);
    if (it == state.unit_index.end()) {
      state.unknown(codes::unknown_reference, u.where, "unit", u.text, state.unit_index);
      ok = false;
    } else {
      listed[static_cast<std::size_t>(it->second)] = true;
      s.named_units.push_back(it->second);
    }
  }
  std::vector<std::int32_t> wanted_tags;
  for (const auto& t : parts.tags) wanted_tags.push_back(state.intern_tag(t.text));
  const std::int32_t kind = parts.kind ? state.intern_kind(parts.kind->text) : no_index;
  for (std::size_t i = 0; i < state.prog.units.size(); ++i) {
    const unit_info& u = state.prog.units[i];
    if (!listed[i]) continue;
    if (parts.kind && u.kind_id != kind) continue;
    bool all_tags = true;
    for (auto t : wanted_tags)
      if (std::find(u.tags.begin(), u.tags.end(), t) == u.tags.end()) all_tags = false;
    if (!all_tags) continue;
    set_bit(s.unit_mask, i);
  }
  s.has_marks = parts.has_marks;
  for (const auto& m : parts.marks) {
    auto it = state.mark_index.find(m.text);
    if (it == state.mark_index.end()) {
      state.unknown(codes::unknown_reference, m.where, "mark", m.text, state.mark_index);
      ok = false;
    } else {
      set_bit(s.mark_mask, static_cast<std::size_t>(it->second));
    }
  }
  s.where = parts.where;
  if (!ok) return no_index;
  state.prog.selectors.push_back(std::move(s));
  return static_cast<std::int32_t>(state.prog.selectors.size() - 1);
}

}  // namespace civeff::detail
