// SPDX-License-Identifier: Apache-2.0
#pragma once
// The catalogue's neutral model (SPEC §7 `civeff catalog`): what the overview shows,
// built once from the syntax tree and rendered by the HTML and Markdown writers.
// Everything is in declaration order or sorted, so a ruleset gives one model.

#include <civeff/civeff.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/texts.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail::catalog {

// ------------------------------------------------------------------ plain entries

// What the rules say of an entry's own footing (SPEC §10, docs/language.md "The
// catalogue"): unverified when its id starts with `x-` or its notes contain the
// word "unverified"; estimated when its notes begin with "estimate:". Both cases
// are ignored. The catalogue marks every such entry visibly.
struct entry_status {
  bool unverified = false, estimated = false;
};
entry_status status_of(std::string_view id, std::string_view notes);

// A declared attribute (SPEC §11) as the catalogue phrases conditions on it.
struct attribute_view {
  std::string name;
  std::string type;   // bool, number, text, date; empty when not given
  std::string title;  // may be empty
};

struct window {
  std::optional<date> from, to;  // inclusive; absent end: unbounded
};

struct scale_view {
  std::string id;
  std::string title;                // title or name, else the id
  std::vector<std::string> levels;  // low -> high
  bool default_null = false;
  std::string default_level;  // when !default_null
  std::string source, notes;
  entry_status status;
};

struct level_case {
  std::string level;
  std::string when;  // the expression as written, whitespace collapsed; empty: always
};

struct mark_scale_levels {
  std::string scale;
  std::vector<level_case> cases;  // first match wins (SPEC §2.2)
};

struct mark_view {
  std::string id, name, issuer, attests, source, notes;
  std::optional<duration> valid_for;
  std::vector<mark_scale_levels> levels;  // as written
  std::vector<std::string> implies;       // as written
  std::vector<std::string> implied_by;    // marks that imply this one directly, declaration order
  entry_status status;
};

// A mark's place in one scale's ranking: the highest level it can give there,
// by its own cases or through a mark it implies (an achievement carrying it carries those).
struct ranked_mark {
  std::size_t mark = 0;         // index into model::marks
  int rank = -1;                // index of the highest level in the scale
  std::vector<level_case> own;  // its own cases on this scale
  struct via {
    std::string mark;   // an implied mark (transitively)
    std::string level;  // the highest level that mark gives here
  };
  std::vector<via> implied;
};

struct scale_ranking {
  std::size_t scale = 0;             // index into model::scales
  std::vector<ranked_mark> marks;    // highest level first, then declaration order
  std::vector<std::size_t> without;  // marks that give nothing on this scale
};

struct equivalence_view {
  std::string id, title, source, notes;
  bool symmetric = false;
  std::vector<std::string> members;  // symmetric: `equivalent`; directed: `from`
  std::vector<std::string> targets;  // directed: `counts_as`
  std::optional<window> effective;
  std::string when;
  entry_status status;
};

// How one unit stands to another through an equivalence, seen from the unit.
struct unit_link {
  enum class relation { equivalent_to, counts_as, counted_by };
  relation how = relation::equivalent_to;
  std::size_t equivalence = 0;             // index into model::equivalences
  std::vector<std::string> others;         // equivalent_to: the other members; counts_as: the
                                           // targets; counted_by: all the sources
  std::vector<std::string> together_with;  // counts_as: the other sources needed
};

struct unit_view {
  std::string id, kind, title, source, notes;
  std::optional<double> hours;  // as declared
  std::vector<std::string> tags;
  std::vector<std::pair<std::string, std::string>> levels;  // scale -> level
  std::optional<window> effective;
  std::optional<duration> valid_for;
  std::string credit_when;
  std::vector<unit_link> links;
  std::vector<std::size_t> counts_toward;  // diploma indexes whose requirements it can serve
  entry_status status;
};

// A keuzedeel and the units that count toward it: each equivalence whose
// `counts_as` names it (all of `from` needed), or a symmetric one it belongs to
// (any one other member).
struct keuzedeel_view {
  std::size_t unit = 0;  // index into model::units
  struct way {
    std::size_t equivalence = 0;
    bool any_one = false;
    std::vector<std::string> sources;
  };
  std::vector<way> ways;
};

struct kind_group {
  std::string kind;
  std::vector<std::size_t> units;  // indexes into model::units, declaration order
};

// ------------------------------------------------------------------ routes

// The ways a unit can be credited other than by its own achievement: each
// equivalence that derives it, with the units it needs (expanded a few levels).
struct route_tree;
struct route_step {
  std::size_t equivalence = 0;
  bool any_one = false;  // symmetric: any one member; directed: all sources
  std::vector<route_tree> sources;
};
struct route_tree {
  std::string unit;
  std::vector<route_step> ways;
  bool cut = false;  // not expanded further (cycle or depth limit)
};

struct requirement_view {
  requirement_syntax::form kind = requirement_syntax::form::unit;
  std::string id, title, when;
  route_tree unit;  // form::unit
  std::vector<requirement_view> children;
  int n = 0;                       // n_of
  double min = 0;                  // hours, count, sum, avg
  std::string attr;                // sum, avg
  std::optional<duration> within;  // sum
  std::string check;               // form::check
  // Selector (hours, count, sum, avg).
  std::vector<std::string> sel_units, sel_tags, sel_marks;
  std::string sel_kind, sel_where;
  bool static_selector = false;      // has units, kind or tags: matched units are known
  std::vector<route_tree> matching;  // units the selector matches, with their routes
};

// The least study load (sum of unit `hours`) that satisfies a diploma's tree by one
// route: its own units (no equivalence), or with one equivalence's sources taking the
// place of the units it derives. Unknown for a tree that needs a check or a sum/avg
// only (loads then hold nothing).
struct route_load {
  std::optional<std::size_t> equivalence;  // nullopt: its own units
  double hours = 0;
};

struct diploma_view {
  std::string id, title, source, notes;
  entry_status status;
  std::vector<route_load> loads;  // its own units first, then equivalences in declaration order
  std::vector<std::pair<std::string, std::string>> levels;
  std::optional<requirement_view> tree;  // `requires`
  // Every unit that can count toward the diploma, directly or through equivalences,
  // grouped by kind in the catalogue's kind order.
  std::vector<kind_group> reached_by;
};

// An entry that cites a source.
struct citation {
  enum class section { scale, mark, unit, equivalence, diploma };
  section where = section::unit;
  std::string what;  // "scale", "mark", the unit's kind, "equivalence", "diploma"
  std::string id;
  friend bool operator==(const citation&, const citation&) = default;
};

struct source_view {
  std::string text;
  std::vector<citation> cited_by;  // declaration order: scales, marks, units, ...
};

struct model {
  std::string name, version;
  std::vector<std::string> overlays;
  std::vector<scale_view> scales;
  std::vector<mark_view> marks;
  std::vector<scale_ranking> rankings;  // one per scale, scale order
  std::vector<unit_view> units;
  std::vector<kind_group> kinds;  // conventional kinds first, then by first appearance
  std::vector<equivalence_view> equivalences;
  std::vector<diploma_view> diplomas;
  std::vector<source_view> sources;                           // sorted by text
  std::vector<keuzedeel_view> keuzedelen;                     // units of kind keuzedeel, declaration order
  std::vector<attribute_view> attributes, person_attributes;  // SPEC §11, as declared

  [[nodiscard]] const attribute_view* find_attribute(std::string_view name, bool person) const;
  [[nodiscard]] const unit_view* find_unit(std::string_view id) const;
  [[nodiscard]] const mark_view* find_mark(std::string_view id) const;
  [[nodiscard]] const scale_view* find_scale(std::string_view id) const;
};

model build_model(const ruleset_syntax& rules);

// ------------------------------------------------------------------ shared wording

// "5 years", "18 months", "1 year 6 months", "30 days" (nl: "5 jaar", "18 maanden").
std::string duration_words(const duration& d, text_language language = text_language::en);
// Shortest round-trip form: 240, 4.5.
std::string number_text(double value);
// "from 2016-08-01 to 2030-07-31", "from 2019-09-01", "until 2030-07-31", "always".
std::string window_text(const window& w, text_language language = text_language::en);
// A kind's heading ("Keuzedelen") and a one-line explanation (empty for unknown kinds).
std::string kind_heading(std::string_view kind, text_language language = text_language::en);
std::string kind_intro(std::string_view kind, text_language language = text_language::en);
// The scale's title for display, e.g. "NLQF-niveau"; the id when unknown.
std::string scale_title(const model& m, std::string_view scale);

// A source text cut into plain text and http(s) URLs, so writers link the URLs only.
struct text_piece {
  std::string text;
  bool url = false;
};
std::vector<text_piece> split_links(std::string_view text);

// The writers, in `language`.
std::string write_html(const model& m, text_language language = text_language::en);
std::string write_markdown(const model& m, text_language language = text_language::en);

}  // namespace civeff::detail::catalog
