// SPDX-License-Identifier: Apache-2.0
// The person's report as GitHub-flavoured Markdown: the same content as the HTML
// page, as tables (the diplomas in short, the trainings) and lists (credits, what is
// missing, the plans, the requirement trees). Text is escaped so a title cannot
// become markup or break a table.

#include <algorithm>

#include "catalog/markup.hpp"
#include "person_report/report_model.hpp"
#include "person_report/texts.hpp"
#include "person_report/wording.hpp"

namespace civeff::detail::person_report {
namespace {

using catalog::md_code;
using catalog::md_text;

class markdown_report_writer {
 public:
  explicit markdown_report_writer(const model& m) : m_(m), s_(m), t_(s_.phrases()) {}

  std::string run() {
    header();
    summary();
    trainings();
    credits();
    diplomas();
    courses();
    sources();
    out_ += "---\n\n" + t_(text::footer_md, md_code(m_.why.ruleset), md_text(m_.why.version)) + "\n";
    return std::move(out_);
  }

 private:
  [[nodiscard]] std::string say(const phrase& p) const { return catalog::md_say(t_, p); }

  [[nodiscard]] std::string level(const std::optional<std::string>& lv) const {
    return lv ? "**" + md_text(*lv) + "**" : "*" + say(text::no_level) + "*";
  }

  [[nodiscard]] std::string unit_ref(std::string_view id) const {
    std::string out = md_code(id);
    if (const unit_entry* u = m_.unit(id); u && u->title) out += " " + md_text(*u->title);
    return out;
  }

  [[nodiscard]] std::string hours_to_complete(const advice& a) const {
    if (a.plans.empty()) return say(text::no_plan);
    const std::string hours = s_.hours(a.plans[0].hours);
    return md_text(a.proven ? hours : t_(text::not_proven_short, hours));
  }

  void heading(std::string_view level, std::string_view text) {
    out_ += std::string(level) + " " + md_text(text) + "\n\n";
  }
  void paragraph(const std::string& text) { out_ += text + "\n\n"; }

  // ---------------------------------------------------------------- header

  void header() {
    heading("#", t_(text::page_title, m_.why.person));
    paragraph(md_text(t_(text::intro, s_.day(m_.why.as_of), m_.why.ruleset, m_.why.version)));
    out_ += "- **" + say(text::as_of) + "**: " + md_text(s_.day(m_.why.as_of)) + " (" +
            md_text(m_.why.as_of.to_string()) + ")\n";
    out_ += "- **" + say(text::ruleset) + "**: " + md_code(m_.why.ruleset) + " " +
            say(catalog::text::version) + " " + md_text(m_.why.version) + "\n";
    out_ += "- **" + say(text::overlays) + "**: ";
    if (m_.why.overlays.empty()) out_ += say(catalog::text::none);
    for (std::size_t i = 0; i < m_.why.overlays.size(); ++i)
      out_ += (i ? ", " : "") + md_code(m_.why.overlays[i]);
    out_ += "\n";
    if (!m_.person_attributes.empty()) {
      out_ += "- **" + say(text::attributes) + "**: ";
      for (std::size_t i = 0; i < m_.person_attributes.size(); ++i)
        out_ += (i ? " · " : "") + md_text(m_.person_attributes[i].title) + ": " +
                md_text(m_.person_attributes[i].value);
      out_ += "\n";
    }
    out_ += "- **" + say(text::content_hash) + "**: " + say(text::hash_rules) + " " +
            md_code(m_.rules_sha256) + ", " + say(text::hash_portfolio) + " " + md_code(m_.portfolio_sha256) +
            ". " + say(text::hash_hint) + "\n";
    out_ += "- **" + say(text::reproduce) + "**: " + say(text::reproduce_hint) + "\n\n";
    // A fence longer than any run of backticks in the command.
    std::size_t run = 0, longest = 0;
    for (char c : m_.command) longest = std::max(longest, run = c == '`' ? run + 1 : 0);
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    out_ += "  " + fence + "sh\n  " + m_.command + "\n  " + fence + "\n\n";
  }

  // ---------------------------------------------------------------- in short

  void summary() {
    heading("##", t_(text::summary));
    paragraph(say(text::summary_intro));
    if (m_.diploma_order.empty()) {
      paragraph(say(catalog::text::no_diplomas));
      return;
    }
    out_ += "| " + say(text::th_diploma) + " | " + say(text::th_status) + " | " + say(text::th_progress) +
            " | " + say(text::th_hours_to_complete) + " |\n|---|---|---:|---:|\n";
    for (const std::string& id : m_.diploma_order) {
      const diploma_explanation& d = m_.why.diplomas.at(id);
      out_ += "| " + md_text(s_.diploma_name(id)) + " " + md_code(id) + " | " + md_text(s_.status(d.status)) +
              " | " + md_text(s_.percent(d.progress)) + " | " + hours_to_complete(m_.advice_for.at(id)) +
              " |\n";
    }
    out_ += "\n";
  }

  // ---------------------------------------------------------------- trainings

  [[nodiscard]] std::string levels(std::size_t i, const achievement_explanation& a) const {
    std::string out;
    for (std::size_t k = 0; k < a.levels.size(); ++k) {
      const level_explanation& l = a.levels[k];
      if (k) out += "<br>";
      out += md_text(s_.scale_name(l.scale)) + " " + level(l.level) + ": " + md_text(s_.decided_by(l));
      const std::string until = s_.holds_until(l, m_.lapses[i][k]);
      if (!until.empty()) out += "; " + md_text(until);
      for (const auto& lapse : l.lapsed) out += "; *" + md_text(s_.lapsed(lapse)) + "*";
    }
    return out;
  }

  void trainings() {
    heading("##", t_(text::trainings));
    paragraph(md_text(t_(text::trainings_intro, s_.day(m_.why.as_of))));
    if (m_.why.achievements.empty()) {
      paragraph(say(text::no_trainings));
      return;
    }
    out_ += "| " + say(text::th_number) + " | " + say(text::th_training) + " | " + say(text::th_date) +
            " | " + say(text::th_marks) + " | " + say(text::th_levels) + " | " + say(text::th_counts) +
            " |\n|---:|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < m_.why.achievements.size(); ++i) {
      const achievement_explanation& a = m_.why.achievements[i];
      std::string training;
      if (!a.title.empty()) training = "**" + md_text(a.title) + "**";
      if (a.unit) {
        training += (training.empty() ? "" : "<br>") + unit_ref(*a.unit);
        if (const unit_entry* u = m_.unit(*a.unit); u && !u->kind.empty())
          training += " (" + md_text(u->kind) + ")";
        if (!a.known) training += "<br>*" + say(text::unit_unknown) + "*";
      } else {
        training += (training.empty() ? "" : "<br>") + std::string("*") + say(text::no_unit) + "*";
      }
      if (a.credential) training += "<br>*" + md_text(s_.credential(*a.credential)) + "*";
      std::string marks;
      if (i < m_.input.achievements.size()) {
        for (const std::string& mark : m_.input.achievements[i].marks)
          marks += (marks.empty() ? "" : ", ") + md_text(s_.mark_name(mark));
        if (m_.input.achievements[i].exempt) marks += (marks.empty() ? "" : ", ") + say(text::exempt);
      }
      out_ += "| " + std::to_string(a.index + 1) + " | " + training + " | " + md_text(s_.day(a.when)) +
              " | " + marks + " | " + (a.counted ? levels(i, a) : std::string("–")) + " | " +
              md_text(a.counted ? std::string(t_(text::counts_yes)) : s_.not_counted(a)) + " |\n";
    }
    out_ += "\n";
  }

  // ---------------------------------------------------------------- credits

  void credits() {
    heading("##", t_(text::credits));
    paragraph(md_text(t_(text::credits_intro, s_.day(m_.why.as_of))));
    if (m_.why.credited.empty()) paragraph(say(text::no_credits));
    for (const auto& [kind, ids] : m_.credit_groups) {
      heading("###", catalog::kind_heading(kind, m_.language));
      for (const std::string& id : ids) {
        const derivation& d = m_.why.credited.at(id);
        out_ += "- " + unit_ref(id) + " (" + md_text(t_(text::credited_on, s_.day(d.when))) +
                "): " + md_text(s_.route(d)) + "\n";
      }
      out_ += "\n";
    }
  }

  // ---------------------------------------------------------------- diplomas

  void node(const std::string& diploma, const requirement_explanation& r, const std::string& indent) {
    const std::string mark = r.left_out ? "–" : (r.holds ? "✓" : "✗");
    out_ += indent + "- " + mark + " " + md_text(s_.node_name(diploma, r)) + ": " + md_text(s_.node_state(r));
    if (!r.guard.empty() && !r.left_out) out_ += " (" + md_text(s_.condition(r.guard)) + ")";
    out_ += "\n";
    for (const requirement_explanation& c : r.children) node(diploma, c, indent + "  ");
  }

  void plan(const std::string& id) {
    const advice& a = m_.advice_for.at(id);
    out_ += "**" + say(text::to_complete) + "**: ";
    if (a.status == diploma_status::complete) {
      out_ += say(text::complete_already) + "\n\n";
      return;
    }
    if (a.plans.empty()) {
      out_ += say(text::no_plan_long);
      std::vector<std::string> blocking;
      for (const std::string& leaf : a.blocking) blocking.push_back(s_.missing(id, leaf));
      if (!blocking.empty()) out_ += " " + md_text(t_(text::blocking, s_.list(blocking)));
      out_ += "\n\n";
      return;
    }
    const advice_plan& p = a.plans[0];
    out_ += md_text(t_(text::cheapest_plan, s_.hours(p.hours))) + "\n\n";
    for (const advised_unit& u : p.units) {
      const unit_entry* e = m_.unit(u.unit);
      const std::string kind = e && !e->kind.empty() ? e->kind + ", " : std::string();
      out_ += "- " + unit_ref(u.unit) + " (" + md_text(kind + s_.hours(u.hours)) + ")";
      const std::string also = s_.also_credits(u);
      if (!also.empty()) out_ += ": " + md_text(also);
      out_ += "\n";
    }
    out_ += "\n";
    if (!a.proven) paragraph("*" + say(text::not_proven) + "*");
  }

  void diplomas() {
    heading("##", t_(text::diplomas));
    paragraph(md_text(t_(text::diplomas_intro, s_.day(m_.why.as_of))));
    for (const std::string& id : m_.diploma_order) {
      const diploma_explanation& d = m_.why.diplomas.at(id);
      heading("###", s_.diploma_name(id) + " (" + id + ")");
      paragraph("**" + md_text(s_.status(d.status)) + "**, " + md_text(s_.percent(d.progress)));
      if (m_.left_out(id)) paragraph(md_text(t_(text::does_not_apply, s_.condition(d.requires_->guard))));
      out_ += "**" + say(text::missing) + "**:";
      if (d.missing.empty()) out_ += " " + say(text::nothing_missing);
      out_ += "\n\n";
      for (const std::string& leaf : d.missing) out_ += "- " + md_text(s_.missing(id, leaf)) + "\n";
      if (!d.missing.empty()) out_ += "\n";
      plan(id);
      if (d.requires_) {
        out_ += "<details><summary>" + say(text::requirements_detail) + "</summary>\n\n";
        node(id, *d.requires_, "");
        out_ += "\n</details>\n\n";
      }
    }
  }

  // ---------------------------------------------------------------- what a course adds

  [[nodiscard]] std::string course_changes(const what_if_result& w) const {
    std::vector<std::string> parts;
    if (!w.credits_gained.empty()) parts.push_back(md_text(t_(text::gains, s_.list(w.credits_gained))));
    if (!w.credits_lost.empty()) parts.push_back(md_text(t_(text::loses, s_.list(w.credits_lost))));
    for (const std::string& id : m_.diploma_order)  // as the page lists them
      if (const auto found = w.diplomas.find(id); found != w.diplomas.end())
        if (const std::string change = s_.diploma_change(id, found->second); !change.empty())
          parts.push_back(md_text(change));
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : "<br>") + part;
    return out;
  }

  void courses() {
    heading("##", t_(text::courses));
    paragraph(say(text::courses_intro));
    if (m_.courses.empty()) paragraph(say(text::no_courses));
    for (const std::string& id : m_.diploma_order) {
      const auto found = m_.courses.find(id);
      if (found == m_.courses.end()) continue;
      heading("###", s_.diploma_name(id) + " (" + id + ")");
      if (found->second.empty()) {
        paragraph(say(text::no_course_options));
        continue;
      }
      out_ += "| " + say(catalog::text::th_unit) + " | " + say(catalog::text::th_hours) + " | " +
              say(text::th_saves) + " | " + say(text::th_per_hour) + " | " + say(text::th_changes) +
              " |\n|---|---:|---:|---:|---|\n";
      for (const course_option& o : found->second)
        out_ += "| " + unit_ref(o.unit) + " | " + md_text(s_.hours(o.hours)) + " | " +
                md_text(s_.hours(o.hours_saved)) + " | " + md_text(s_.number(o.saved_per_hour)) + " | " +
                course_changes(o.what_if) + " |\n";
      out_ += "\n";
    }
  }

  // ---------------------------------------------------------------- sources

  [[nodiscard]] std::string cited(const citation& c) const {
    return md_text(s_.what(c)) + " " + md_code(c.id);
  }

  void sources() {
    heading("##", t_(catalog::text::sources));
    paragraph(say(text::sources_intro));
    if (m_.sources.empty()) paragraph(say(text::no_sources));
    for (std::size_t k = 0; k < m_.sources.size(); ++k) {
      const source_line& s = m_.sources[k];
      out_ += std::to_string(k + 1) + ". " + catalog::md_with_links(s.text) + "  \n   " +
              say(catalog::text::cited_by) + " ";
      for (std::size_t i = 0; i < s.cited_by.size(); ++i) out_ += (i ? ", " : "") + cited(s.cited_by[i]);
      out_ += "\n";
    }
    if (!m_.sources.empty()) out_ += "\n";
  }

  const model& m_;
  wording s_;
  const words& t_;
  std::string out_;
};

}  // namespace

std::string write_markdown(const model& m) { return markdown_report_writer(m).run(); }

}  // namespace civeff::detail::person_report
