// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every text the person's report writes for people, in English and Dutch side by
// side (texts.cpp), with the catalogue's phrase and words types (catalog/texts.hpp),
// whose phrases (durations, hours, lists, conditions, the sources) it uses too. Titles,
// names and sources are the rules' own and never pass through here. `{}` takes
// arguments in order (fmt syntax).

#include "catalog/texts.hpp"

namespace civeff::detail::person_report {

using catalog::phrase;
using catalog::words;

namespace text {
// Page and header
extern const phrase kicker, page_title, intro, person, as_of, ruleset, overlays, attributes, content_hash,
    hash_rules, hash_portfolio, hash_hint, reproduce, reproduce_hint, footer_html, footer_md;
// In short
extern const phrase summary, summary_intro, th_diploma, th_status, th_progress, th_hours_to_complete,
    status_none, status_partial, status_complete, no_plan, not_proven_short;
// Trainings
extern const phrase trainings, trainings_intro, no_trainings, th_number, th_training, th_date, th_marks,
    th_levels, th_counts, counts_yes, counts_no, dated_after_as_of, exempt, unit_unknown, no_unit, by_mark,
    by_mark_case, by_mark_otherwise, by_unit, by_default, by_nothing, no_level, lapsed_mark, lapses_on,
    from_credential, credential_proof, credential_no_proof, credential_jwt, credential_jwt_unsigned;
// Credits
extern const phrase credits, credits_intro, no_credits, credited_by_training, credited_by_exemption,
    counts_as_one, counts_as_many, through_equivalence, credited_on;
// Diplomas
extern const phrase diplomas, diplomas_intro, does_not_apply, missing, nothing_missing, to_complete,
    complete_already, cheapest_plan, plan_unit, plan_also_credits, not_proven, no_plan_long, blocking,
    blocking_guard, requirements_detail, unit_leaf, reason_no_achievement, reason_credit_when,
    reason_effective, reason_lapsed, reason_lapsed_through, reason_equivalence_window,
    reason_equivalence_when, reason_equivalence_sources, value_of_min, hours_of_min, n_of_holding, left_out,
    left_out_guard, only_when, holds, does_not_hold;
// What a course adds (the what-ifs of ruleset::course_options)
extern const phrase courses, courses_intro, no_courses, no_course_options, th_saves, th_per_hour, th_changes,
    gains, loses, diploma_change, diploma_state;
// Sources (the heading and `cited by` are the catalogue's)
extern const phrase sources_intro, no_sources;
}  // namespace text

}  // namespace civeff::detail::person_report
