// SPDX-License-Identifier: Apache-2.0
// The sources section of the report (report_model.hpp): every entry of the rules
// the page names, by the source it cites.

#include <algorithm>
#include <set>

#include "person_report/report_model.hpp"

namespace civeff::detail::person_report {
namespace {

using section = citation::section;

class collector {
 public:
  explicit collector(const model& m) : m_(m) {}

  std::vector<source_line> run() {
    for (const scale_entry& s : m_.rules.scales()) add(section::scale, s.id);
    for (std::size_t i = 0; i < m_.why.achievements.size(); ++i) {
      const achievement_explanation& a = m_.why.achievements[i];
      if (a.unit) add(section::unit, *a.unit);
      if (i < m_.input.achievements.size())
        for (const std::string& mark : m_.input.achievements[i].marks) add(section::mark, mark);
      for (const level_explanation& l : a.levels) {
        if (l.decided_by == level_explanation::source::mark) add(section::mark, l.mark);
        for (const auto& lapse : l.lapsed) add(section::mark, lapse.mark);
      }
    }
    for (const auto& [unit, d] : m_.why.credited) derivation_of(d);
    for (const auto& [id, d] : m_.why.diplomas) {
      add(section::diploma, id);
      if (d.requires_) requirement(*d.requires_);
    }
    for (const auto& [id, a] : m_.advice_for)
      for (const advice_plan& plan : a.plans)
        for (const advised_unit& u : plan.units) add(section::unit, u.unit);
    for (const auto& [id, options] : m_.courses)
      for (const course_option& o : options) {
        add(section::unit, o.unit);
        for (const std::string& u : o.what_if.credits_gained) add(section::unit, u);
        for (const std::string& u : o.what_if.credits_lost) add(section::unit, u);
      }
    return lines();
  }

 private:
  void add(section where, std::string_view id) { named_.insert({where, std::string(id)}); }

  void derivation_of(const derivation& d) {
    add(section::unit, d.unit);
    if (d.via != "achievement" && d.via != "exemption") add(section::equivalence, d.via);
    for (const derivation& s : d.sources) derivation_of(s);
  }

  // A requirement tree as the page shows it: its units, how each is credited or why not.
  void requirement(const requirement_explanation& r) {
    if (r.form == "unit" && !r.unit.empty()) {
      add(section::unit, r.unit);
      if (const auto it = m_.why.not_credited.find(r.unit); it != m_.why.not_credited.end())
        for (const not_credited_reason& why : it->second) {
          if (!why.equivalence.empty()) add(section::equivalence, why.equivalence);
          for (const std::string& s : why.missing_sources) add(section::unit, s);
        }
    }
    for (const requirement_explanation& c : r.children) requirement(c);
  }

  [[nodiscard]] const std::optional<std::string>* source_of(const citation& c) const {
    const rule_entry* e = nullptr;
    switch (c.where) {
      case section::scale: e = m_.scale(c.id); break;
      case section::mark: e = m_.mark(c.id); break;
      case section::unit: e = m_.unit(c.id); break;
      case section::equivalence: e = m_.equivalence(c.id); break;
      case section::diploma: e = m_.diploma(c.id); break;
    }
    return e ? &e->source : nullptr;
  }

  std::vector<source_line> lines() {
    std::map<std::string, std::vector<citation>> by_text;
    for (const citation& c : named_)  // by section, then id
      if (const auto* source = source_of(c); source && *source && !(*source)->empty())
        by_text[**source].push_back(c);
    std::vector<source_line> out;
    for (auto& [text, cited] : by_text) out.push_back({text, std::move(cited)});
    return out;
  }

  const model& m_;
  std::set<citation> named_;
};

}  // namespace

std::vector<source_line> sources_of(const model& m) { return collector(m).run(); }

}  // namespace civeff::detail::person_report
