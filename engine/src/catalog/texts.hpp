// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every text the catalogue writes for people, in English and Dutch side by side
// (texts.cpp): headings, explanations, table headers, statuses and the words that
// phrase conditions. Titles, notes and sources are the rules' own and never pass
// through here. A phrase with `{}` takes arguments in order (fmt syntax).

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>

namespace civeff::detail::catalog {

struct phrase {
  std::string_view en, nl;
};

// The phrases of one language.
class words {
 public:
  explicit words(text_language language) : language_(language) {}
  [[nodiscard]] text_language language() const { return language_; }
  [[nodiscard]] std::string_view code() const { return language_ == text_language::nl ? "nl" : "en"; }
  [[nodiscard]] std::string_view operator()(const phrase& p) const {
    return language_ == text_language::nl ? p.nl : p.en;
  }
  template <class... Args>
  [[nodiscard]] std::string operator()(const phrase& p, Args&&... args) const {
    return fmt::format(fmt::runtime((*this)(p)), std::forward<Args>(args)...);
  }

 private:
  text_language language_;
};

namespace text {
// Page
extern const phrase page_title, ruleset, version, overlays, none, intro, search, search_placeholder,
    entries_all, entries_match, nothing_found, footer_html, footer_md, contents, source, notes;
// Entry statuses (SPEC §10: `x-` ids, notes saying unverified or beginning `estimate:`)
extern const phrase unverified, unverified_hint, estimated, estimated_hint, status_legend;
// Quality marks
extern const phrase marks, marks_intro, levels_low_to_high, no_mark_places, no_level, th_highest_level,
    th_mark, th_issuer, th_attests, th_level_gives, th_valid_for, th_implies, otherwise, otherwise_no_level,
    when, through_implied_mark, implied_by, no_level_on_scale, no_level_on_any_scale, valid_for, valid_always,
    marks_sources_notes, th_source, th_notes;
// Units
extern const phrase units, units_intro, th_unit, th_title, th_hours, th_level, th_credited, th_equivalences,
    th_counts_toward, any_date, equivalent_to, counts_as, together_with, counted_by, counted_by_all, via,
    kind_other;
// Keuzedelen
extern const phrase keuzedelen, keuzedelen_intro, th_keuzedeel, th_counted_by, nothing_counts_toward,
    no_keuzedelen, any_one_member;
// Equivalences
extern const phrase equivalences, equivalences_intro, no_equivalences, th_equivalence, th_units, th_applies;
// Routes
extern const phrase routes, routes_nav, routes_intro, no_diplomas, or_through, any_one_of, all_of, as_above,
    more_routes, more_routes_md, sel_units, sel_kind, sel_tagged, sel_carrying, sel_or, sel_where_word,
    of_any_unit, of_any_achievement, of, req_all_of, req_any_of, req_n_of, req_hours, req_count, req_sum,
    req_within, req_avg, req_check, only_when, units_count_one, units_count_many, no_unit_matches,
    requires_heading, no_requirements, counting_units, counting_units_none, study_load, study_load_intro,
    load_own, load_through, hours_amount, th_route, th_study_load;
// Sources
extern const phrase sources, sources_intro, no_sources, cited_by, what_scale, what_mark, what_equivalence,
    what_diploma;
// Windows and durations
extern const phrase window_from_to, window_from, window_until, window_always, years, year, months, month,
    days, day;
// Conditions in words (phrase.cpp)
extern const phrase expression, cond_and, cond_or, cond_not, cond_num_ge, cond_num_gt, cond_num_le,
    cond_num_lt, cond_num_eq, cond_num_ne, cond_true_titled, cond_false_titled, cond_true, cond_false,
    cond_text_eq, cond_text_ne, cond_text_in, cond_text_not_in, cond_date_ge, cond_date_gt, cond_date_le,
    cond_date_lt, cond_date_eq, cond_date_ne, cond_as_of, cond_date, cond_hours, cond_has_mark, cond_level_ge,
    cond_level_gt, cond_level_le, cond_level_lt, cond_level_eq, cond_level_ne, list_or, list_and;
}  // namespace text

// A unit kind's heading and one-line explanation (empty for kinds the catalogue
// does not know).
struct kind_text {
  std::string_view kind;
  phrase heading, intro;
};
const kind_text* find_kind(std::string_view kind);
// The conventional kinds, in the catalogue's order.
std::string_view known_kind(std::size_t index);
std::size_t known_kind_count();

}  // namespace civeff::detail::catalog
