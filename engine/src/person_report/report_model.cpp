// SPDX-License-Identifier: Apache-2.0
// The report's model (report_model.hpp): the engine's explanation and advice of one
// person, with the lookups and the order the writers need.

#include "person_report/report_model.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "ir/program.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail::person_report {
namespace {

template <class Entry>
void index_by_id(const std::vector<Entry>& entries, std::map<std::string, const Entry*, std::less<>>& out) {
  for (const Entry& e : entries) out.emplace(e.id, &e);
}

template <class Map>
auto find_in(const Map& map, std::string_view id) -> typename Map::mapped_type {
  const auto it = map.find(id);
  return it == map.end() ? nullptr : it->second;
}

std::string value_text(const attribute_value& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* n = std::get_if<double>(&v)) return catalog::number_text(*n);
  if (const auto* d = std::get_if<date>(&v)) return d->to_string();
  return std::get<std::string>(v);
}

const ruleset_syntax& syntax_of(const ruleset& rules) {
  if (!rules.program().syntax)
    throw std::logic_error("civeff::render_report: a ruleset without its syntax (a bug in civeff)");
  return *rules.program().syntax;
}

}  // namespace

model::model(const ruleset& r, const portfolio& p, date as_of, const report_options& options)
    : rules(r),
      input(p),
      language(options.language.value_or(r.language())),
      catalog(catalog::build_model(syntax_of(r))),
      why(r.explain(p, as_of)) {
  index_by_id(r.units(), units_);
  index_by_id(r.marks(), marks_);
  index_by_id(r.equivalences(), equivalences_);
  index_by_id(r.diplomas(), diplomas_);
  index_by_id(r.scales(), scales_);

  // The cheapest plan per diploma: the search of `civeff advise --top 1`.
  advice_options search = options.advice;
  search.top = 1;
  for (const std::string& id : r.diploma_ids()) advice_for.emplace(id, r.advise(p, id, as_of, search));
  for (const auto& [id, d] : why.diplomas)
    if (d.status == diploma_status::partial && !left_out(id))
      courses.emplace(id, r.course_options(p, id, as_of, 5, options.advice));

  const std::vector<attribute_declaration>* declared = r.declared_attributes(true);
  for (const auto& [name, value] : p.attrs) {
    attribute_line line{name, name, value_text(value)};
    if (declared)
      for (const attribute_declaration& d : *declared)
        if (d.name == name && !d.title.empty()) line.title = d.title;
    person_attributes.push_back(std::move(line));
  }

  rules_sha256 = person_report::rules_sha256(r);
  portfolio_sha256 = person_report::portfolio_sha256(p);
  command = eval_command(r, as_of, options);

  for (const achievement_explanation& a : why.achievements) {
    std::vector<std::optional<date>> per_scale;
    for (const level_explanation& l : a.levels) {
      std::optional<date> until;
      if (l.level && l.decided_by == level_explanation::source::mark)
        if (const mark_entry* m = mark(l.mark); m && m->valid_for) until = add(a.when, *m->valid_for);
      per_scale.push_back(until);
    }
    lapses.push_back(std::move(per_scale));
  }

  for (const auto& [id, d] : why.diplomas) diploma_order.push_back(id);
  auto rank = [&](const std::string& id) {
    const diploma_explanation& d = why.diplomas.at(id);
    return std::make_tuple(left_out(id), -static_cast<int>(d.status), -d.progress);
  };
  std::stable_sort(diploma_order.begin(), diploma_order.end(),
                   [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });

  for (const auto& [id, d] : why.credited) {
    const unit_entry* u = unit(id);
    const std::string kind = u ? u->kind : std::string();
    auto group = std::find_if(credit_groups.begin(), credit_groups.end(),
                              [&](const auto& g) { return g.first == kind; });
    if (group == credit_groups.end())
      group = credit_groups.emplace(credit_groups.end(), kind, std::vector<std::string>{});
    group->second.push_back(id);
  }
  auto kind_rank = [](const std::string& kind) {
    for (std::size_t k = 0; k < catalog::known_kind_count(); ++k)
      if (catalog::known_kind(k) == kind) return std::make_pair(k, std::string());
    return std::make_pair(catalog::known_kind_count(), kind);
  };
  std::sort(credit_groups.begin(), credit_groups.end(),
            [&](const auto& a, const auto& b) { return kind_rank(a.first) < kind_rank(b.first); });

  sources = sources_of(*this);
}

const unit_entry* model::unit(std::string_view id) const { return find_in(units_, id); }
const mark_entry* model::mark(std::string_view id) const { return find_in(marks_, id); }
const equivalence_entry* model::equivalence(std::string_view id) const { return find_in(equivalences_, id); }
const diploma_entry* model::diploma(std::string_view id) const { return find_in(diplomas_, id); }
const scale_entry* model::scale(std::string_view id) const { return find_in(scales_, id); }

const requirement_entry* model::requirement(std::string_view diploma_id, const source_location& where) const {
  const diploma_entry* d = diploma(diploma_id);
  if (!d || where.line == 0) return nullptr;
  for (const requirement_entry& r : d->requirements)
    if (r.where == where) return &r;
  return nullptr;
}

bool model::left_out(std::string_view diploma_id) const {
  const auto it = why.diplomas.find(std::string(diploma_id));
  return it != why.diplomas.end() && it->second.requires_ && it->second.requires_->left_out;
}

}  // namespace civeff::detail::person_report
