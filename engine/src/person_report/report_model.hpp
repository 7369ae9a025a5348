// SPDX-License-Identifier: Apache-2.0
#pragma once
// The person's report (`civeff report`, docs/report.md): what the page shows, built
// once from the engine's own results and rendered by the HTML and Markdown writers.
// Every figure comes from ruleset::explain (levels, credits, statuses, progress,
// missing parts, the requirement trees) and ruleset::advise (hours to complete, the
// cheapest plan); the model only orders them and looks up the rules' titles,
// conditions and sources. Nothing here evaluates a rule.

#include <civeff/civeff.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_model.hpp"

namespace civeff::detail::person_report {

// A person attribute as the header shows it: its declared title, else its name.
struct attribute_line {
  std::string name, title, value;
};

// An entry of the rules the page relies on.
struct citation {
  enum class section { scale, mark, unit, equivalence, diploma };
  section where = section::unit;
  std::string id;
  friend auto operator<=>(const citation&, const citation&) = default;
};

// A source text and the entries citing it.
struct source_line {
  std::string text;
  std::vector<citation> cited_by;  // by section, then id
};

struct model {
  model(const ruleset& r, const portfolio& p, date as_of, const report_options& options);

  const ruleset& rules;
  const portfolio& input;
  text_language language = text_language::en;
  catalog::model catalog;  // the rules as the catalogue reads them: conditions in words, badges

  // The engine's results.
  explanation why;
  std::map<std::string, advice, std::less<>> advice_for;  // per diploma: ruleset::advise, top 1
  // Per diploma in progress (partial, not left out by its guard): ruleset::course_options, top 5.
  std::map<std::string, std::vector<course_option>, std::less<>> courses;

  // The header.
  std::vector<attribute_line> person_attributes;
  std::string rules_sha256, portfolio_sha256;
  std::string command;  // the `civeff eval` that prints every figure

  // Per achievement and scale (as why.achievements[i].levels): the first day the
  // level no longer counts, date + valid_for of the mark that gave it, as an
  // explanation names a lapse; nullopt when that mark has no valid_for or no
  // mark decided the level.
  std::vector<std::vector<std::optional<date>>> lapses;

  // Diplomas furthest first: complete, then partial, by progress (highest first),
  // then none; those whose requirement its guard leaves out last; then by id.
  std::vector<std::string> diploma_order;

  // The credited units by kind, in the catalogue's order of kinds (keuzedelen,
  // leereenheden, ...; others by name), each kind's units by id.
  std::vector<std::pair<std::string, std::vector<std::string>>> credit_groups;

  std::vector<source_line> sources;  // by text

  [[nodiscard]] const unit_entry* unit(std::string_view id) const;
  [[nodiscard]] const mark_entry* mark(std::string_view id) const;
  [[nodiscard]] const equivalence_entry* equivalence(std::string_view id) const;
  [[nodiscard]] const diploma_entry* diploma(std::string_view id) const;
  [[nodiscard]] const scale_entry* scale(std::string_view id) const;
  // The requirement of `diploma` written at `where` (its explanation's node), or nullptr.
  [[nodiscard]] const requirement_entry* requirement(std::string_view diploma,
                                                     const source_location& where) const;
  // Whether the diploma's whole requirement is left out by its guard: it does not apply.
  [[nodiscard]] bool left_out(std::string_view diploma) const;

 private:
  std::map<std::string, const unit_entry*, std::less<>> units_;
  std::map<std::string, const mark_entry*, std::less<>> marks_;
  std::map<std::string, const equivalence_entry*, std::less<>> equivalences_;
  std::map<std::string, const diploma_entry*, std::less<>> diplomas_;
  std::map<std::string, const scale_entry*, std::less<>> scales_;
};

// SHA-256 of a canonical text of the rules as compiled (name, version, every rule's
// fingerprint as `civeff diff` compares them, the equivalences' order, and every
// entry's title, name and source) and of the portfolio as read (person, attributes,
// achievements). The files' layout, comments and format do not change them.
std::string rules_sha256(const ruleset& rules);
std::string portfolio_sha256(const portfolio& p);

// `civeff eval RULESET PORTFOLIO --as-of D [--overlay F]... [ARGS...] --format json`,
// each argument quoted for a POSIX shell where it needs it.
std::string eval_command(const ruleset& rules, date as_of, const report_options& options);

// The sources of every rule the page names: the scales, the marks the trainings
// carry or that decided or lapsed, the units of the trainings, of the credits, of
// the requirement trees, of the plans and of the courses, the equivalences of the routes and of the
// reasons, and the diplomas.
std::vector<source_line> sources_of(const model& m);

// The writers, in the model's language.
std::string write_html(const model& m);
std::string write_markdown(const model& m);

}  // namespace civeff::detail::person_report
