// SPDX-License-Identifier: Apache-2.0
// Selectors (SPEC §2.5, §9): the unit mask of `units`/`kind`/`tags`, the mark mask, and
// the pairs of equivalent units one mask picks (W001).
//
// Compile time stays linear in the ruleset (issue 15): a ruleset with D diplomas over U
// units has about D selectors, and a mask made by testing every unit costs D x U. Units
// are indexed by kind and by tag once, so a new mask visits only the units of its kind
// (or of its rarest tag) or those it names; and selectors that select the same way share
// the work: a mask made once is copied (U / 64 words), its W001 pairs found once.
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <tuple>

#include "core/diagnostic_codes.hpp"
#include "core/suggest.hpp"
#include "eval/bits.hpp"
#include "sema/compiler_state.hpp"

namespace civeff::detail {
namespace {

// Once per compile: which units have each kind and tag, and so which kinds and tags some
// unit has (W014). Selectors come after all units: a name they intern later is one no
// unit has, past the end of these tables.
void index_unit_names(compiler_state& state) {
  if (state.unit_names_known) return;
  state.units_of_kind.assign(state.prog.kinds.size(), {});
  state.units_of_tag.assign(state.prog.tags.size(), {});
  for (std::size_t i = 0; i < state.prog.units.size(); ++i) {
    const unit_info& u = state.prog.units[i];
    if (u.kind_id != no_index)
      state.units_of_kind[static_cast<std::size_t>(u.kind_id)].push_back(static_cast<std::int32_t>(i));
    for (const auto t : u.tags)
      state.units_of_tag[static_cast<std::size_t>(t)].push_back(static_cast<std::int32_t>(i));
  }
  state.unit_names_known = true;
}

// The units that have name `id` in `table` (units_of_kind or units_of_tag); none past its end.
const std::vector<std::int32_t>& units_named(const std::vector<std::vector<std::int32_t>>& table,
                                             std::int32_t id) {
  static const std::vector<std::int32_t> none;
  return id >= 0 && static_cast<std::size_t>(id) < table.size() ? table[static_cast<std::size_t>(id)] : none;
}

// The names of `names` that some unit declares (a non-empty list in `units`), for suggestions.
std::vector<std::string_view> declared_names(const std::vector<std::string>& names,
                                             const std::vector<std::vector<std::int32_t>>& units) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < names.size() && i < units.size(); ++i)
    if (!units[i].empty()) out.emplace_back(names[i]);
  return out;
}

// F14: a selector kind or tag that no unit declares selects nothing, which is almost
// always a typo; kinds and tags are all known here, so say so (W014) with the closest
// declared name. Not an error: a ruleset may name a kind before any unit has it.
void warn_undeclared_names(compiler_state& state, const selector_parts& parts) {
  const auto check = [&](const located_text& name, const char* what,
                         const std::map<std::string, std::int32_t, std::less<>>& table,
                         const std::vector<std::string>& names,
                         const std::vector<std::vector<std::int32_t>>& units) {
    const auto it = table.find(name.text);
    if (it != table.end() && !units_named(units, it->second).empty()) return;
    diagnostic d{severity::warning,
                 codes::warn_selector,
                 name.where,
                 fmt::format("no unit has {} '{}'{}", what, name.text,
                             did_you_mean(name.text, declared_names(names, units))),
                 {}};
    d.follow_on = state.sink.lost(name.text);  // the units that have it may be the ones that failed
    state.sink.add(std::move(d));
  };
  if (parts.kind) check(*parts.kind, "kind", state.kind_index, state.prog.kinds, state.units_of_kind);
  for (const auto& t : parts.tags) check(t, "tag", state.tag_index, state.prog.tags, state.units_of_tag);
}

bool has_tag(const unit_info& u, std::int32_t tag) {
  return std::binary_search(u.tags.begin(), u.tags.end(), tag);
}

// The unit mask of `key` (units listed, kind, tags), testing only the units that can match.
std::vector<std::uint64_t> make_unit_mask(const compiler_state& state, const selector_key& key) {
  const bool has_units = std::get<0>(key);
  const std::vector<std::int32_t>& listed = std::get<1>(key);
  const std::int32_t kind = std::get<2>(key);
  const std::vector<std::int32_t>& tags = std::get<3>(key);
  std::vector<std::uint64_t> mask(state.prog.unit_words(), 0);
  const auto matches = [&](std::int32_t i) {
    const unit_info& u = state.prog.units[static_cast<std::size_t>(i)];
    return (kind == no_index || u.kind_id == kind) &&
           std::all_of(tags.begin(), tags.end(), [&](std::int32_t t) { return has_tag(u, t); });
  };
  const auto add = [&](const std::vector<std::int32_t>& candidates) {
    for (const std::int32_t i : candidates)
      if (matches(i)) set_bit(mask, static_cast<std::size_t>(i));
  };
  if (has_units) {
    add(listed);
  } else if (kind != no_index || !tags.empty()) {
    // The shortest of the lists every match is on: its kind's, each tag's.
    const std::vector<std::int32_t>* fewest =
        kind != no_index ? &units_named(state.units_of_kind, kind) : nullptr;
    for (const std::int32_t t : tags)
      if (const auto& of_tag = units_named(state.units_of_tag, t); !fewest || of_tag.size() < fewest->size())
        fewest = &of_tag;
    add(*fewest);
  } else {
    for (std::size_t i = 0; i < state.prog.units.size(); ++i) set_bit(mask, i);
  }
  return mask;
}

}  // namespace

// SPEC §2.5, §9: units/kind/tags restrict by unit; marks/where by achievement.
std::int32_t build_selector(compiler_state& state, const selector_parts& parts, bool picks_achievements) {
  selector_info s;
  s.picks_achievements = picks_achievements;
  s.restricts_units = parts.has_units || parts.kind.has_value() || parts.has_tags;
  s.mark_mask.assign(state.prog.mark_words(), 0);
  index_unit_names(state);
  if (parts.kind || !parts.tags.empty()) warn_undeclared_names(state, parts);
  bool ok = true;
  selector_key key;
  auto& [has_units, listed, kind, tags] = key;
  has_units = parts.has_units;
  for (const auto& u : parts.units) {
    auto it = state.unit_index.find(u.text);
    if (it == state.unit_index.end()) {
      state.unknown(codes::unknown_reference, u.where, "unit", u.text, state.unit_index);
      ok = false;
    } else {
      listed.push_back(it->second);
      s.named_units.push_back(it->second);
    }
  }
  for (const auto& t : parts.tags) tags.push_back(state.intern_tag(t.text));
  kind = parts.kind ? state.intern_kind(parts.kind->text) : no_index;
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
  for (auto* list : {&listed, &tags}) {  // the same selection however it is written
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  const auto index = static_cast<std::int32_t>(state.prog.selectors.size());
  const auto [known, added] = state.unit_masks.try_emplace(std::move(key), index);
  if (added) s.unit_mask = make_unit_mask(state, known->first);
  else s.unit_mask = state.prog.selectors[static_cast<std::size_t>(known->second)].unit_mask;
  state.mask_of_selector.push_back(known->second);
  state.prog.selectors.push_back(std::move(s));
  return index;
}

const std::vector<double_count>& double_counts(compiler_state& state, std::int32_t selector) {
  const std::int32_t mask_id = state.mask_of_selector.at(static_cast<std::size_t>(selector));
  const auto [found, added] = state.double_counts_of_mask.try_emplace(mask_id);
  if (!added) return found->second;
  const program& prog = state.prog;
  if (state.equivalences_of_unit.size() != prog.units.size()) {  // once: the equivalences are complete
    state.equivalences_of_unit.assign(prog.units.size(), {});
    for (std::size_t e = 0; e < prog.equivalences.size(); ++e)
      for (const auto* side : {&prog.equivalences[e].sources, &prog.equivalences[e].targets})
        for (const std::int32_t u : *side) {
          auto& of_unit = state.equivalences_of_unit[static_cast<std::size_t>(u)];
          if (of_unit.empty() || of_unit.back() != static_cast<std::int32_t>(e))
            of_unit.push_back(static_cast<std::int32_t>(e));
        }
  }
  // Only an equivalence with a unit in the mask can have two; in declaration order.
  const auto& mask = prog.selectors[static_cast<std::size_t>(mask_id)].unit_mask;
  std::vector<std::int32_t> touched;
  for (std::size_t w = 0; w < mask.size(); ++w)
    for (std::uint64_t bits = mask[w]; bits != 0; bits &= bits - 1) {
      const std::size_t u = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
      const auto& of_unit = state.equivalences_of_unit[u];
      touched.insert(touched.end(), of_unit.begin(), of_unit.end());
    }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  const auto picked = [&](std::int32_t u) { return test_bit(mask, static_cast<std::size_t>(u)); };
  for (const std::int32_t e : touched) {
    const equivalence_info& eq = prog.equivalences[static_cast<std::size_t>(e)];
    std::vector<std::int32_t> sources, targets;
    for (auto u : eq.sources)
      if (picked(u)) sources.push_back(u);
    for (auto u : eq.targets)
      if (picked(u)) targets.push_back(u);
    const bool both = eq.symmetric ? sources.size() >= 2 : !sources.empty() && !targets.empty();
    if (both) found->second.push_back({e, sources[0], eq.symmetric ? sources[1] : targets[0]});
  }
  return found->second;
}

}  // namespace civeff::detail
