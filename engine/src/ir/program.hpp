// SPDX-License-Identifier: Apache-2.0
#pragma once
// The compiled ruleset: flat arrays indexed by small integers, immutable after
// compilation and shared between threads. The evaluator reads nothing else.

#include <civeff/civeff.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/expression.hpp"

namespace civeff::detail {

inline constexpr std::int32_t no_index = -1;
inline constexpr std::int32_t min_day = std::numeric_limits<std::int32_t>::min();
inline constexpr std::int32_t max_day = std::numeric_limits<std::int32_t>::max();

struct scale_info {
  std::string id;
  std::vector<std::string> levels;  // low -> high
  std::int32_t default_level = 0;   // no_index: null
};

struct mark_case {
  std::int32_t when = no_index;     // expression index, no_index: always
  std::int32_t level = 0;
};
struct mark_info {
  std::string id;
  bool has_valid_for = false;
  duration valid_for;
  // Per scale (scale index): the cases, first match wins; empty: the mark says nothing.
  std::vector<std::vector<mark_case>> cases;
  std::vector<std::int32_t> implies_closure;  // every mark it implies, transitively, itself excluded
  // Per scale: written as a bare level rather than a list of cases (an explanation
  // then names no case index, SPEC §12).
  std::vector<std::uint8_t> bare;
  // Per scale, parallel to `cases`: where each case is written (coverage names it).
  std::vector<std::vector<source_location>> case_where;
};

struct unit_info {
  std::string id;
  std::string kind;
  std::int32_t kind_id = no_index;  // index into program::kinds
  std::string title;
  double hours = 0;
  bool has_hours = false;           // `hours` written (SPEC §12: only such units are taken in a plan)
  std::vector<std::int32_t> tags;   // indices into program::tags, sorted
  std::vector<std::int32_t> level;  // per scale: intrinsic level or no_index
  std::int32_t effective_from = min_day, effective_to = max_day;  // inclusive
  bool has_valid_for = false;
  duration valid_for;
  std::int32_t credit_when = no_index;
};

struct equivalence_info {
  std::string id;
  bool symmetric = false;
  std::vector<std::int32_t> sources;  // symmetric: the members
  std::vector<std::int32_t> targets;  // directed only
  std::int32_t effective_from = min_day, effective_to = max_day;
  std::int32_t when = no_index;
  bool when_reads_hours = false;
  double source_hours = 0;            // directed: summed declared hours of the sources
};

// Picks units (by id, kind, tags) or achievements (additionally by marks, where).
struct selector_info {
  bool picks_achievements = false;
  bool restricts_units = false;       // any of units/kind/tags given
  std::vector<std::uint64_t> unit_mask;  // bit per unit: matches units/kind/tags
  bool has_marks = false;
  std::vector<std::uint64_t> mark_mask;  // bit per mark
  std::int32_t where = no_index;
  std::vector<std::int32_t> named_units;  // the `units:` listed, for explanations
};

enum class requirement_form : std::uint8_t { unit, all_of, any_of, n_of, hours, count, sum, avg, check };

struct requirement_info {
  requirement_form form = requirement_form::unit;
  std::int32_t guard = no_index;      // `when`, expression index
  std::int32_t unit = no_index;       // form::unit
  std::uint32_t first_child = 0, child_count = 0;  // into program::requirement_children
  std::int32_t n = 0;                 // n_of
  double min = 0;                     // hours, count, sum, avg
  std::int32_t selector = no_index;
  std::int32_t attr_slot = no_index;  // sum/avg: achievement attribute slot; no_index: hours
  bool has_within = false;
  duration within;
  std::int32_t check = no_index;      // form::check
  std::uint32_t leaf_name = 0;        // index into program::leaf_names (leaves only)
  bool is_leaf() const {
    return form != requirement_form::all_of && form != requirement_form::any_of && form != requirement_form::n_of;
  }
};

struct diploma_info {
  std::string id;
  std::string title;
  std::int32_t root = no_index;       // requirement index
};

// What a test expects of one diploma; each part is compared when given.
struct test_diploma {
  std::string id;
  std::optional<diploma_status> status;
  std::optional<double> progress;                   // compared after rounding to 4 decimals
  std::optional<std::vector<std::string>> missing;  // compared exactly, in order
};

// One entry of `badges:` (Open Badges 3.0 input, io/credentials.cpp), resolved:
// which credentials it matches and the achievement it makes of them.
struct badge_rule {
  enum class match_kind : std::uint8_t { achievement_id, education_program_identifier, alignment };
  match_kind kind = match_kind::achievement_id;
  std::string value;                       // the id, the identifier, or the alignment's targetCode
  std::optional<std::string> target_type;  // alignment only; nullopt: any targetType
  std::optional<std::string> unit;         // a unit id of the ruleset; nullopt: an unlisted course
  std::vector<std::string> marks;          // mark ids of the ruleset
  std::vector<std::string> hours_path;     // member names from the credential; empty: no `hours`
  std::string hours_field;                 // the same as written (dots), for messages
  source_location where;                   // the entry, as diagnostics and explanations name it
};

struct program;
struct ruleset_syntax;  // yaml/syntax.hpp

// A `tests:` case, ready to run.
struct test_case {
  std::string name;
  source_location where;
  date as_of;
  portfolio input;
  std::vector<std::string> credited, not_credited;
  std::vector<test_diploma> diplomas;
  std::vector<std::vector<std::pair<std::string, std::optional<std::string>>>> levels;
  // A test with `overlay:` runs in `variant`, the rules plus that overlay
  // (compile.cpp), as its test number `variant_test`; the fields above are then
  // unset here. `overlay` is the file as diagnostics name it.
  std::string overlay;
  std::shared_ptr<const program> variant;
  std::size_t variant_test = 0;
};

struct program {
  std::string name, version;
  std::string language = "en";  // `language:` (SPEC §10): nl or en
  std::vector<std::string> overlays;
  std::vector<std::string> files;

  std::vector<scale_info> scales;
  std::vector<mark_info> marks;
  std::vector<unit_info> units;
  std::vector<equivalence_info> equivalences;
  std::vector<selector_info> selectors;
  std::vector<requirement_info> requirements;
  std::vector<std::uint32_t> requirement_children;
  std::vector<std::string> leaf_names;
  // Per requirement: its `id`, or "" (explanations name a group by it, SPEC §12).
  std::vector<std::string> requirement_ids;
  std::vector<source_location> requirement_where;  // per requirement: where it is written
  std::vector<diploma_info> diplomas;      // sorted by id (output order)
  std::vector<std::string> kinds, tags;
  std::vector<test_case> tests;

  expression_pool expressions;
  std::vector<std::string> attribute_slots;         // attrs.NAME read anywhere
  std::vector<std::string> person_attribute_slots;  // person.NAME read anywhere
  // SPEC §11: declared attributes, in declaration order; a section that is not
  // declared is `false` here, and then any name may be read.
  bool attributes_declared = false, person_attributes_declared = false;
  std::vector<attribute_declaration> attributes, person_attributes;
  // `badges:` in declaration order (an overlay's first): the first that matches wins.
  std::vector<badge_rule> badges;

  // Sorted (id, index) for lookups without allocation.
  std::vector<std::pair<std::string_view, std::int32_t>> unit_lookup, mark_lookup;

  // Equivalence evaluation order: strongly connected groups in topological order
  // (sources before targets); a group with a cycle repeats until nothing changes.
  std::vector<std::vector<std::int32_t>> equivalence_groups;
  std::vector<bool> group_is_cyclic;
  // Per unit: the equivalences that can credit it, in declaration order (for `via`).
  std::vector<std::vector<std::int32_t>> equivalences_into;

  std::string graph_dot;                   // rendered once by the graph pass

  // Rule metadata (civeff.hpp): every entry as written, for reports; built
  // once per compile by sema/metadata.cpp. The evaluator never reads it.
  struct rule_metadata {
    std::vector<scale_entry> scales;
    std::vector<mark_entry> marks;
    std::vector<unit_entry> units;
    std::vector<equivalence_entry> equivalences;
    std::vector<diploma_entry> diplomas;  // sorted by id, as `diplomas` above
  } metadata;

  // SPEC §12 (diff): per rule entry, its name (`scale:ID`, `mark:ID`, `unit:ID`,
  // `equivalence:ID`, `diploma:ID`, `attribute:NAME`, `person_attribute:NAME`)
  // and a canonical text of its parsed value (sema/fingerprint.hpp), sorted by name.
  std::vector<std::pair<std::string, std::string>> fingerprints;

  // The rules as written, overlays applied: what the catalogue is drawn from
  // (render_catalog). Set by compile() on the rulesets it returns; null on the
  // programs of a test's overlay.
  std::shared_ptr<const ruleset_syntax> syntax;

  std::size_t unit_words() const { return (units.size() + 63) / 64; }
  std::size_t mark_words() const { return (marks.size() + 63) / 64; }
  std::int32_t find_unit(std::string_view id) const;
  std::int32_t find_mark(std::string_view id) const;
};

}  // namespace civeff::detail
