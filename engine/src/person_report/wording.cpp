// SPDX-License-Identifier: Apache-2.0
// The report's sentences (wording.hpp).

#include "person_report/wording.hpp"

#include <cmath>

#include "core/round4.hpp"
#include "core/word_list.hpp"

namespace civeff::detail::person_report {
namespace {

const requirement_explanation* find_in(const requirement_explanation& r, std::string_view leaf) {
  if (r.id && *r.id == leaf) return &r;
  for (const requirement_explanation& c : r.children)
    if (const requirement_explanation* found = find_in(c, leaf)) return found;
  return nullptr;
}

}  // namespace

const requirement_explanation* find_node(const diploma_explanation& d, std::string_view leaf) {
  return d.requires_ ? find_in(*d.requires_, leaf) : nullptr;
}

// ------------------------------------------------------------------ figures

std::string wording::day(date d) const { return p_.date_words(d.to_string()); }
std::string wording::number(double x) const { return p_.number_words(round4(x)); }
std::string wording::hours(double x) const { return w_(catalog::text::hours_amount, number(x)); }

std::string wording::percent(double progress) const {
  return std::to_string(static_cast<long>(std::floor(progress * 100 + 0.5))) + "%";
}

std::string wording::status(diploma_status s) const {
  switch (s) {
    case diploma_status::complete: return std::string(w_(text::status_complete));
    case diploma_status::partial: return std::string(w_(text::status_partial));
    case diploma_status::none: break;
  }
  return std::string(w_(text::status_none));
}

std::string wording::list(const std::vector<std::string>& items) const {
  return word_list(items, w_(catalog::text::list_and));
}

// ------------------------------------------------------------------ names

std::string wording::unit_name(std::string_view id) const {
  const unit_entry* u = m_.unit(id);
  return std::string(id) + (u && u->title ? " " + *u->title : std::string());
}

std::string wording::unit_with_kind(std::string_view id) const {
  const unit_entry* u = m_.unit(id);
  if (!u) return std::string(id);
  return (u->kind.empty() ? std::string() : u->kind + " ") + std::string(id) +
         (u->title ? " (" + *u->title + ")" : "");
}

std::string wording::mark_name(std::string_view id) const {
  const mark_entry* m = m_.mark(id);
  return m && m->name ? *m->name : std::string(id);
}

std::string wording::scale_name(std::string_view id) const {
  const scale_entry* s = m_.scale(id);
  return s && s->title ? *s->title : std::string(id);
}

std::string wording::diploma_name(std::string_view id) const {
  const diploma_entry* d = m_.diploma(id);
  return d && d->title ? *d->title : std::string(id);
}

std::string wording::training_name(const achievement_explanation& a) const {
  if (!a.title.empty()) return a.title;
  return a.unit ? unit_name(*a.unit) : std::string();
}

std::string wording::condition(std::string_view expression) const {
  const auto said = p_.phrase(expression);
  if (said && p_.reads_alone(*said)) return *said;
  return w_(text::only_when, said ? *said : std::string(expression));
}

// ------------------------------------------------------------------ trainings

std::string wording::decided_by(const level_explanation& l) const {
  switch (l.decided_by) {
    case level_explanation::source::unit: return std::string(w_(text::by_unit));
    case level_explanation::source::scale_default:
      return std::string(w_(l.level ? text::by_default : text::by_nothing));
    case level_explanation::source::mark: break;
  }
  const std::string name = mark_name(l.mark);
  const mark_entry* mark = m_.mark(l.mark);
  if (!l.case_index || !mark) return w_(text::by_mark, name);
  for (const mark_scale_entry& s : mark->levels) {
    if (s.scale != l.scale || *l.case_index >= s.cases.size()) continue;
    const mark_case_entry& c = s.cases[*l.case_index];
    if (!c.when) return *l.case_index == 0 ? w_(text::by_mark, name) : w_(text::by_mark_otherwise, name);
    const auto said = p_.phrase(*c.when);
    return w_(text::by_mark_case, name, said ? *said : w_(text::only_when, *c.when));
  }
  return w_(text::by_mark, name);
}

std::string wording::lapsed(const level_explanation::lapse& l) const {
  return w_(text::lapsed_mark, mark_name(l.mark), l.level, day(l.on));
}

std::string wording::holds_until(const level_explanation& l, const std::optional<date>& until) const {
  if (!l.level || l.decided_by == level_explanation::source::scale_default) return {};
  return until ? w_(text::lapses_on, day(*until)) : std::string(w_(catalog::text::valid_always));
}

std::string wording::not_counted(const achievement_explanation& a) const {
  // The explanation's reason (explain/explainer.cpp); any other is shown as it is.
  const std::string why =
      a.not_counted == "dated after as_of" ? std::string(w_(text::dated_after_as_of)) : a.not_counted;
  return w_(text::counts_no, why);
}

std::string wording::credential(const credential_origin& c) const {
  const phrase& what = c.jwt ? (c.proof ? text::credential_jwt : text::credential_jwt_unsigned)
                             : (c.proof ? text::credential_proof : text::credential_no_proof);
  return w_(text::from_credential, c.id.empty() ? std::string("-") : c.id, w_(what));
}

// ------------------------------------------------------------------ credits

std::string wording::route(const derivation& d) const {
  if (d.via == "achievement" || d.via == "exemption") {
    const std::size_t n = d.achievement.value_or(0) + 1;  // the page counts trainings from 1
    return w_(d.via == "achievement" ? text::credited_by_training : text::credited_by_exemption, n,
              day(d.when));
  }
  std::vector<std::string> sources;
  for (const derivation& s : d.sources) sources.push_back(s.unit);
  const unit_entry* target = m_.unit(d.unit);
  const std::string counted = (target && !target->kind.empty() ? target->kind + " " : std::string()) + d.unit;
  const std::string sentence =
      w_(sources.size() == 1 ? text::counts_as_one : text::counts_as_many, list(sources), counted);
  return sentence + " (" + w_(text::through_equivalence, d.via) + ")";
}

std::string wording::not_credited(const not_credited_reason& r) const {
  const std::size_t n = r.achievement.value_or(0) + 1;
  if (r.reason == "no_achievement") return std::string(w_(text::reason_no_achievement));
  if (r.reason == "credit_when") return w_(text::reason_credit_when, n);
  if (r.reason == "effective") return w_(text::reason_effective, n);
  if (r.reason == "lapsed") {
    const std::string on = r.on ? day(*r.on) : std::string("?");
    return r.equivalence.empty() ? w_(text::reason_lapsed, on)
                                 : w_(text::reason_lapsed_through, r.equivalence, on);
  }
  if (r.reason == "equivalence_window") return w_(text::reason_equivalence_window, r.equivalence);
  if (r.reason == "equivalence_when") return w_(text::reason_equivalence_when, r.equivalence);
  if (r.reason == "equivalence_sources")
    return w_(text::reason_equivalence_sources, r.equivalence, list(r.missing_sources));
  return r.reason;
}

// ------------------------------------------------------------------ diplomas

std::string wording::missing(std::string_view diploma, std::string_view leaf) const {
  constexpr std::string_view guard = "guard: ";
  if (leaf.starts_with(guard)) return w_(text::blocking_guard, condition(leaf.substr(guard.size())));
  const auto d = m_.why.diplomas.find(std::string(diploma));
  const requirement_explanation* node = d == m_.why.diplomas.end() ? nullptr : find_node(d->second, leaf);
  if (!node) return std::string(leaf);
  return node_name(diploma, *node) + ": " + node_state(*node);
}

std::string wording::node_name(std::string_view diploma, const requirement_explanation& r) const {
  const requirement_entry* written = m_.requirement(diploma, r.where);
  if (written && written->title) return *written->title;
  if (written && written->parent == -1 && !r.children.empty()) return diploma_name(diploma);  // the root
  if (r.form == "unit") return unit_with_kind(r.unit);
  if (r.form == "check" && written && written->check) {
    if (const auto said = p_.phrase(*written->check)) return *said;
    return *written->check;
  }
  if (r.id) return *r.id;
  if (r.form == "all_of") return std::string(w_(catalog::text::req_all_of));
  if (r.form == "any_of") return std::string(w_(catalog::text::req_any_of));
  if (r.form == "n_of") return w_(catalog::text::req_n_of, r.n.value_or(0));
  return r.form;
}

std::string wording::node_state(const requirement_explanation& r) const {
  if (r.left_out)
    return r.guard.empty() ? std::string(w_(text::left_out)) : w_(text::left_out_guard, condition(r.guard));
  if (r.value || r.min) {
    const std::string value = number(r.value.value_or(0)), min = r.min ? number(*r.min) : std::string("?");
    return r.form == "hours" ? w_(text::hours_of_min, value, min) : w_(text::value_of_min, value, min);
  }
  if (r.n) return w_(text::n_of_holding, r.n_holding.value_or(0), r.children.size(), *r.n);
  if (r.form == "unit") {
    if (const auto it = m_.why.credited.find(r.unit); it != m_.why.credited.end()) return route(it->second);
    std::vector<std::string> reasons;
    if (const auto it = m_.why.not_credited.find(r.unit); it != m_.why.not_credited.end())
      for (const not_credited_reason& why : it->second) reasons.push_back(not_credited(why));
    if (reasons.empty()) return std::string(w_(text::does_not_hold));
    std::string out;
    for (const std::string& reason : reasons) out += (out.empty() ? "" : "; ") + reason;
    return out;
  }
  if (!r.children.empty()) return percent(r.progress);
  return std::string(w_(r.holds ? text::holds : text::does_not_hold));
}

std::string wording::also_credits(const advised_unit& u) const {
  std::vector<std::string> others;
  for (const std::string& c : u.credits)
    if (c != u.unit) others.push_back(c);
  return others.empty() ? std::string() : w_(text::plan_also_credits, list(others));
}

// ------------------------------------------------------------------ what a course adds

std::string wording::diploma_change(std::string_view id, const what_if_diploma& d) const {
  if (d.status_before == d.status_after && d.progress_before == d.progress_after &&
      d.hours_to_complete_before == d.hours_to_complete_after)
    return {};
  auto state = [&](diploma_status st, double progress, const std::optional<double>& h) {
    return w_(text::diploma_state, status(st), percent(progress),
              h ? hours(*h) : std::string(w_(text::no_plan)));
  };
  return w_(text::diploma_change, diploma_name(id),
            state(d.status_before, d.progress_before, d.hours_to_complete_before),
            state(d.status_after, d.progress_after, d.hours_to_complete_after));
}

// ------------------------------------------------------------------ sources

std::string wording::what(const citation& c) const {
  switch (c.where) {
    case citation::section::scale: return std::string(w_(catalog::text::what_scale));
    case citation::section::mark: return std::string(w_(catalog::text::what_mark));
    case citation::section::equivalence: return std::string(w_(catalog::text::what_equivalence));
    case citation::section::diploma: return std::string(w_(catalog::text::what_diploma));
    case citation::section::unit: break;
  }
  const unit_entry* u = m_.unit(c.id);
  return u ? u->kind : std::string();
}

}  // namespace civeff::detail::person_report
