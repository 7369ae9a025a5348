// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the semantic passes share while they build the program: the program under
// construction, the diagnostic sink, and name tables for resolving references.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/diagnostic_sink.hpp"
#include "ir/program.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail {

// Where an expression appears decides what it may read (SPEC §4).
enum class expression_context { mark_case, credit_when, equivalence_when, diploma_check, guard, selector_where };

// What a selector selects by unit: `units` given, the units listed (sorted, unique), the
// kind (no_index: any), the tags (sorted, unique).
using selector_key = std::tuple<bool, std::vector<std::int32_t>, std::int32_t, std::vector<std::int32_t>>;

// Two units of `equivalence` that one selector both picks (W001): a and b, as reported.
struct double_count {
  std::int32_t equivalence, a, b;
};

struct compiler_state {
  program& prog;
  diagnostic_sink& sink;
  std::map<std::string, std::int32_t, std::less<>> scale_index, mark_index, unit_index, equivalence_index;
  std::map<std::string, std::int32_t, std::less<>> kind_index, tag_index;
  std::map<std::string, std::int32_t, std::less<>> attribute_slot, person_attribute_slot;
  // Views into prog.expressions.strings (a deque: growing it moves no element), so a
  // ruleset with N distinct string literals interns them in O(N), not O(N^2) (F7).
  std::unordered_set<std::string_view> interned_strings = {};
  // Per scale, level name -> index, built on first use (the scales are complete by then):
  // views into prog.scales[i].levels, which never change after resolve_scales.
  std::vector<std::unordered_map<std::string_view, std::int32_t>> level_tables = {};
  // The units of each kind and of each tag (by index, ascending), filled once, at the first
  // selector: a selector visits those, not every unit; an empty list is a name no unit has (W014).
  bool unit_names_known = false;
  std::vector<std::vector<std::int32_t>> units_of_kind = {}, units_of_tag = {};
  // Selectors that select units alike share a unit mask: per selection made so far, the
  // first selector with it; mask_of_selector gives that selector for every selector.
  std::map<selector_key, std::int32_t> unit_masks = {};
  std::vector<std::int32_t> mask_of_selector = {};
  // W001 per mask (by its first selector), and the equivalences each unit is in, by index.
  std::map<std::int32_t, std::vector<double_count>> double_counts_of_mask = {};
  std::vector<std::vector<std::int32_t>> equivalences_of_unit = {};

  std::int32_t level_index(std::int32_t scale, std::string_view name);
  std::int32_t intern_kind(std::string_view name);
  std::int32_t intern_tag(std::string_view name);
  std::int32_t intern_attribute(std::string_view name);
  std::int32_t intern_person_attribute(std::string_view name);
  std::string_view intern_string(std::string_view text);

  // An unknown name (E020 and the like): "unknown WHAT 'NAME'" and SPEC §11's
  // "; did you mean 'X'?" from `known`; follow_on when the name's definition failed.
  void unknown(const char* code, const source_location& where, std::string_view what, std::string_view name,
               const std::map<std::string, std::int32_t, std::less<>>& known);
  // "; did you mean 'X'?" for a name that is not a level of `scale`, or "".
  [[nodiscard]] std::string level_hint(std::int32_t scale, std::string_view name) const;
  // "; did you mean 'X'?" for a name not among the keys of `known`, or "".
  [[nodiscard]] static std::string hint(const std::map<std::string, std::int32_t, std::less<>>& known,
                                        std::string_view name);
};

// Parses, type-checks and lowers one expression into prog.expressions.
// Returns its index, or no_index after reporting to the sink.
std::int32_t compile_expression(compiler_state& state, const expression_text& text, expression_context context);

// Builds a selector from its parts (SPEC §2.5, §9); reports unknown units and marks.
struct selector_parts {
  std::vector<located_text> units;
  std::optional<located_text> kind;
  std::vector<located_text> tags;
  std::vector<located_text> marks;
  std::int32_t where = no_index;   // compiled achievement expression
  bool has_units = false, has_tags = false, has_marks = false;
};
std::int32_t build_selector(compiler_state& state, const selector_parts& parts, bool picks_achievements);

// SPEC §10: the pairs of equivalent units that `selector` (an index of prog.selectors) both
// picks, in declaration order of the equivalences; once per distinct unit mask.
const std::vector<double_count>& double_counts(compiler_state& state, std::int32_t selector);

}  // namespace civeff::detail
