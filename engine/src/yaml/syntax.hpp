// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rule language as written: what the YAML loader produces and the compiler reads.
// Nothing here is resolved or checked beyond shape (keys known, scalars well-formed);
// every node keeps where it was written so later passes can point at it.

#include <civeff/civeff.hpp>

#include "core/diagnostic_sink.hpp"
#include "yaml/syntax_location.hpp"

#include <optional>
#include <string>
#include <vector>

namespace civeff::detail {

// A scalar as written, with where it starts (the first character of its value,
// after any quote or block indicator).
struct located_text {
  std::string text;
  syntax_location where;
};

// An expression's source text plus, for each byte offset of `text` (and one past
// the end), the file line and column it came from. Quoted and block scalars are
// re-scanned by the loader, so an offset inside the expression maps back exactly.
struct expression_text {
  std::string text;
  shared_name file;
  std::vector<std::pair<int, int>> positions;  // size text.size() + 1, 1-based (line, column)
  [[nodiscard]] source_location at(std::size_t offset) const;
};

struct located_date {
  date value;
  syntax_location where;
};
struct located_duration {
  duration value;
  syntax_location where;
};
struct located_number {
  double value = 0;
  syntax_location where;
};

// Fields any entry may carry (SPEC §2).
struct entry_meta {
  std::optional<std::string> title, name, source, notes, issuer, attests;
};

struct effective_window {
  std::optional<located_date> from, to;
  syntax_location where;
};

struct scale_syntax {
  located_text id;                     // the map key
  std::vector<located_text> levels;    // low -> high
  bool has_default = false;            // `default:` present
  std::optional<located_text> default_level;  // has_default && !default_level: `null`
  entry_meta meta;
};

struct mark_case_syntax {
  std::optional<expression_text> when;
  located_text level;
  syntax_location where;
};
struct mark_scale_syntax {
  located_text scale;                  // the key under `levels`
  std::vector<mark_case_syntax> cases; // a bare level becomes one case without `when`
  bool bare = false;                   // written as a bare level, not a list of cases
};
struct mark_syntax {
  located_text id;
  std::optional<located_duration> valid_for;
  std::vector<mark_scale_syntax> levels;
  std::vector<located_text> implies;   // SPEC §9
  entry_meta meta;
  syntax_location where;
};

struct level_assignment {
  located_text scale, level;
};

struct unit_syntax {
  located_text id;
  located_text kind;
  std::optional<located_number> hours;
  std::vector<located_text> tags;
  std::vector<level_assignment> level;
  std::optional<effective_window> effective;
  std::optional<located_duration> valid_for;
  std::optional<expression_text> credit_when;
  entry_meta meta;
  syntax_location where;
};

struct equivalence_syntax {
  located_text id;
  bool symmetric = false;              // `equivalent:` (true) or `from` + `counts_as`
  std::vector<located_text> members;   // symmetric: `equivalent`; directed: `from`
  std::vector<located_text> targets;   // directed: `counts_as`
  std::optional<effective_window> effective;
  std::optional<expression_text> when;
  entry_meta meta;
  syntax_location where;
};

// A selector (SPEC §2.5, §9).
struct selector_syntax {
  std::vector<located_text> units;
  std::optional<located_text> kind;
  std::vector<located_text> tags;
  std::vector<located_text> marks;     // achievement selector
  std::optional<expression_text> where_expr;  // achievement selector
  bool has_units = false, has_tags = false, has_marks = false;
  syntax_location where;
};

struct requirement_syntax {
  enum class form { unit, all_of, any_of, n_of, hours, count, sum, avg, check };
  form kind = form::unit;
  std::optional<located_text> id;
  std::optional<std::string> title;
  std::optional<expression_text> when; // guard, SPEC §9
  located_text unit;                   // form::unit
  std::vector<requirement_syntax> children;  // all_of, any_of, n_of
  std::optional<located_number> n;     // n_of
  std::optional<located_number> min;   // hours, count, sum, avg
  selector_syntax of;                  // hours, count, sum, avg
  std::optional<located_text> attr;    // sum, avg
  std::optional<located_duration> within;  // sum
  std::optional<expression_text> check;    // form::check
  syntax_location where;               // the requirement's mapping (or the form key)
};

struct diploma_syntax {
  located_text id;
  std::vector<level_assignment> level;
  std::optional<requirement_syntax> requires_;
  entry_meta meta;
  syntax_location where;
};

// A declared attribute (SPEC §11), under `attributes:` or `person_attributes:`.
struct attribute_syntax {
  located_text id;                    // the attribute's name (the map key)
  std::optional<located_text> type;   // bool, number, text, date
  std::vector<located_text> values;   // text only
  bool has_values = false;
  std::optional<located_number> min, max;  // number only
  entry_meta meta;
  syntax_location where;
};

// An attribute value as written in a portfolio, before any declaration is
// applied: its scalar text, whether it was a plain scalar (so `1`, `true` and
// `2023-05-01` are typed by YAML) and where it is.
struct raw_attribute {
  std::string name;
  std::string text;
  bool plain = true;
  syntax_location where;
};

// A portfolio as written in a test or a file: values keep their locations for errors.
struct achievement_syntax {
  std::optional<located_text> unit;
  std::optional<std::string> title;
  std::optional<located_date> when;
  std::optional<located_number> hours;
  std::vector<located_text> marks;
  attribute_map attrs;                 // typed as SPEC §3 says (no declarations)
  std::vector<raw_attribute> raw_attrs;  // the same as written, for declared attributes (SPEC §11)
  std::optional<located_text> exempt_text;  // `exempt` as written: the bool spellings of SPEC §11
  bool exempt = false;
  syntax_location where;
};
struct portfolio_syntax {
  std::optional<located_text> person;
  attribute_map attrs;
  std::vector<raw_attribute> raw_attrs;
  std::vector<achievement_syntax> achievements;
  syntax_location where;
};

// One entry of `badges:` (docs/language.md, "Open Badges 3.0 portfolios"): how a
// credential of an Open Badges 3.0 portfolio becomes an achievement. `match`
// names exactly one of the three ways; the first entry that matches wins.
struct badge_syntax {
  enum class match_kind { achievement_id, education_program_identifier, alignment };
  match_kind kind = match_kind::achievement_id;
  located_text value;                      // the id, the identifier, or alignment's `targetCode`
  std::optional<located_text> target_type; // alignment's `targetType`; absent: any type
  std::optional<located_text> unit;
  std::vector<located_text> marks;
  std::optional<located_text> hours;       // a dotted path into the credential
  entry_meta meta;
  syntax_location where;                   // the entry's mapping
  syntax_location match_where;             // its `match` mapping
};

// One diploma of a test's `expect: diplomas:`: a status word, or a mapping of
// `status`, `progress` and `missing`, each optional.
struct test_diploma_syntax {
  located_text id;
  std::optional<located_text> status;
  std::optional<located_number> progress;
  std::optional<std::vector<located_text>> missing;
};

struct test_syntax {
  located_text name;
  std::optional<located_date> as_of;
  portfolio_syntax portfolio;
  std::vector<located_text> credited, not_credited;
  std::vector<test_diploma_syntax> diplomas;
  // `overlay: PATH`, relative to the test's file: the test runs against the
  // rules plus that overlay (compile.cpp builds that program).
  std::optional<located_text> overlay;
  // Per achievement position: scale -> level (null level written as `null`).
  std::vector<std::vector<std::pair<located_text, std::optional<located_text>>>> levels;
  syntax_location where;
};

// All sections, merged across the root and its includes in declaration order
// (SPEC §10: root first, then includes in list order, each glob's matches sorted).
struct ruleset_syntax {
  located_text name;
  located_text version;
  // `language: nl|en` (SPEC §10): the language of texts for people; absent: en.
  // Only the root file sets it; the loader accepts nothing but `nl` and `en` (E013).
  std::optional<located_text> language;
  std::vector<std::string> files;      // every file read, root first
  std::vector<scale_syntax> scales;
  std::vector<mark_syntax> marks;
  std::vector<unit_syntax> units;
  std::vector<equivalence_syntax> equivalences;
  std::vector<diploma_syntax> diplomas;
  std::vector<test_syntax> tests;
  // SPEC §11; `*_declared` is true when any file has the section (even empty).
  std::vector<attribute_syntax> attributes, person_attributes;
  bool attributes_declared = false, person_attributes_declared = false;
  std::vector<badge_syntax> badges;    // in declaration order: the first match wins
  std::vector<std::string> overlays;   // names of overlays applied, in order
};

// An overlay file (SPEC §2.7).
struct overlay_syntax {
  located_text name;
  std::vector<scale_syntax> scales;
  std::vector<mark_syntax> marks;
  std::vector<unit_syntax> units;
  std::vector<equivalence_syntax> equivalences;
  std::vector<diploma_syntax> diplomas;
  std::vector<test_syntax> tests;
  std::vector<attribute_syntax> attributes, person_attributes;
  bool attributes_declared = false, person_attributes_declared = false;
  std::vector<badge_syntax> badges;  // tried before the ruleset's (apply_overlay)
  // section name ("scales", "marks", ...) -> ids to remove
  std::vector<std::pair<std::string, std::vector<located_text>>> remove;
  std::string file;
};

// Loads a ruleset directory (ruleset.yaml) or file with its includes. Reports every
// problem to `sink` and carries on where it can; the result is complete only when
// the sink has no errors. Checks: YAML syntax, `civeff: 1`, unknown and repeated
// keys, required keys, scalar shapes, dates and durations, include globs, and
// duplicate ids within a section across files (naming both places).
ruleset_syntax load_ruleset_syntax(const std::filesystem::path& path, diagnostic_sink& sink);

// Loads an overlay file.
overlay_syntax load_overlay_syntax(const std::filesystem::path& path, diagnostic_sink& sink);

// Applies an overlay in place (SPEC §2.7, §10): removals first (a missing id is an
// error), then a replacing entry takes the replaced one's place, new ids append.
void apply_overlay(ruleset_syntax& rules, const overlay_syntax& overlay, diagnostic_sink& sink);

// Reads a portfolio (YAML or JSON text) into its syntax; shape errors go to `sink`.
portfolio_syntax parse_portfolio_syntax(std::string_view text, std::string_view file_name, diagnostic_sink& sink);
// The same for a document parse_yaml() read (yaml/document.hpp).
struct yaml_document;
portfolio_syntax read_portfolio_document(const yaml_document& doc, diagnostic_sink& sink);

}  // namespace civeff::detail
