// SPDX-License-Identifier: Apache-2.0
// The catalogue as GitHub-flavoured Markdown: the same content as the HTML page,
// as tables (marks, units, equivalences) and nested lists (requirement trees and
// routes). Text is escaped so a title cannot become markup or break a table.

#include <set>

#include "catalog/catalog_model.hpp"
#include "catalog/markup.hpp"
#include "catalog/phrase.hpp"
#include "catalog/texts.hpp"

namespace civeff::detail::catalog {
namespace {

using form = requirement_syntax::form;

std::string md(std::string_view text) { return md_text(text); }
std::string code(std::string_view text) { return md_code(text); }
std::string with_links(std::string_view text, bool short_labels = false) {
  return md_with_links(text, short_labels);
}

class markdown_catalog_writer {
 public:
  markdown_catalog_writer(const model& m, text_language language) : m_(m), t_(language), p_(m, t_) {}

  std::string run() {
    header();
    marks();
    units();
    keuzedelen();
    equivalences();
    routes();
    sources();
    out_ += "---\n\n" + t_(text::footer_md, code(m_.name), md(m_.version)) + "\n";
    return std::move(out_);
  }

 private:
  [[nodiscard]] std::string level(std::string_view lv) const { return "**" + md(lv) + "**"; }
  [[nodiscard]] std::string say(const phrase& p) const { return md_say(t_, p); }

  // The visible mark of an unverified or estimated entry.
  [[nodiscard]] std::string flags(const entry_status& status) const {
    std::string out;
    if (status.unverified) out += " ⚠ *" + say(text::unverified) + "*";
    if (status.estimated) out += " ≈ *" + say(text::estimated) + "*";
    return out;
  }

  [[nodiscard]] std::string condition(std::string_view expression) const {
    return md_condition(p_, expression);
  }
  [[nodiscard]] std::string condition(const phrase& lead, std::string_view expression) const {
    return md_condition(p_, t_, lead, expression);
  }

  [[nodiscard]] std::string unit_ref(std::string_view id, bool with_title = true) const {
    std::string out = code(id);
    if (!with_title) return out;
    if (const unit_view* u = m_.find_unit(id)) {
      if (!u->title.empty()) out += " " + md(u->title);
      out += " (" + md(u->kind);
      if (u->hours) out += ", " + number_text(*u->hours) + " h";
      out += ")";
    }
    return out;
  }

  [[nodiscard]] std::string unit_list(const std::vector<std::string>& ids) const {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + code(ids[i]);
    return out;
  }

  [[nodiscard]] std::string equivalence_ref(std::size_t e) const {
    const equivalence_view& eq = m_.equivalences[e];
    std::string out = code(eq.id);
    std::string cond;
    if (eq.effective) cond = md(window_text(*eq.effective, t_.language()));
    if (!eq.when.empty()) cond += std::string(cond.empty() ? "" : ", ") + condition(text::when, eq.when);
    if (!cond.empty()) out += " (" + cond + ")";
    return out;
  }

  [[nodiscard]] std::string valid_for(const std::optional<duration>& d) const {
    return d ? md(t_(text::valid_for, duration_words(*d, t_.language()))) : say(text::valid_always);
  }

  void paragraph(const std::string& text) {
    if (!text.empty()) out_ += text + "\n\n";
  }

  void notes_list(const std::vector<std::pair<std::string, std::string>>& notes) {
    bool any = false;
    for (const auto& [id, text] : notes) {
      if (text.empty()) continue;
      if (!any) out_ += say(text::notes) + ":\n\n";
      any = true;
      out_ += "- " + code(id) + ": " + md(text) + "\n";
    }
    if (any) out_ += "\n";
  }

  void header() {
    out_ += "# " + md(t_(text::page_title, m_.name)) + "\n\n";
    out_ += say(text::ruleset) + " " + code(m_.name) + " · " + say(text::version) + " **" + md(m_.version) +
            "** · " + say(text::overlays) + ": ";
    if (m_.overlays.empty()) out_ += say(text::none);
    for (std::size_t i = 0; i < m_.overlays.size(); ++i) out_ += (i ? ", " : "") + code(m_.overlays[i]);
    out_ += "\n\n";
    paragraph(md(t_(text::intro, t_.language() == text_language::nl ? "tekst" : "text")));
    paragraph(t_(text::status_legend, flags({true, false}).substr(1), flags({false, true}).substr(1)));
    // GitHub's heading anchors: lower case, spaces as hyphens, other punctuation dropped.
    auto link = [&](const phrase& p, std::size_t n) {
      std::string anchor;
      for (char c : t_(p)) {
        if (c == ' ') anchor += '-';
        else if (c >= 'A' && c <= 'Z') anchor += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (c & 0x80)) anchor += c;
      }
      return "[" + say(p) + "](#" + anchor + ") (" + std::to_string(n) + ")";
    };
    out_ += say(text::contents) + ": " + link(text::marks, m_.marks.size()) + " · " +
            link(text::units, m_.units.size()) + " · " + link(text::keuzedelen, m_.keuzedelen.size()) +
            " · " + link(text::equivalences, m_.equivalences.size()) + " · " +
            link(text::routes, m_.diplomas.size()) + " · " + link(text::sources, m_.sources.size()) + "\n\n";
  }

  [[nodiscard]] std::string cases(const ranked_mark& r) const {
    std::string out;
    for (std::size_t i = 0; i < r.own.size(); ++i) {
      const level_case& c = r.own[i];
      if (i) out += "; " + say(text::otherwise);
      out += level(c.level);
      if (!c.when.empty()) out += " " + condition(text::when, c.when);
    }
    if (!r.own.empty() && !r.own.back().when.empty()) out += "; " + say(text::otherwise_no_level);
    for (const auto& via : r.implied)
      out += std::string(out.empty() ? "" : "; ") + level(via.level) + " " + say(text::through_implied_mark) +
             " " + code(via.mark);
    return out;
  }

  void marks() {
    out_ += "## " + say(text::marks) + "\n\n";
    paragraph(say(text::marks_intro));
    for (const auto& ranking : m_.rankings) {
      const scale_view& scale = m_.scales[ranking.scale];
      out_ += "### " + md(scale.title) + " (" + code(scale.id) + ")" + flags(scale.status) + "\n\n";
      out_ += say(text::levels_low_to_high);
      for (std::size_t i = 0; i < scale.levels.size(); ++i)
        out_ += (i ? " &lt; " : "") + level(scale.levels[i]);
      out_ += say(text::no_mark_places) +
              (scale.default_null ? say(text::no_level) : level(scale.default_level)) + ".\n\n";
      if (!scale.source.empty()) paragraph(say(text::source) + ": " + with_links(scale.source));
      if (!scale.notes.empty()) paragraph(say(text::notes) + ": " + md(scale.notes));
      out_ += "| " + say(text::th_highest_level) + " | " + say(text::th_mark) + " | " + say(text::th_issuer) +
              " | " + say(text::th_attests) + " | " + say(text::th_level_gives) + " | " +
              say(text::th_valid_for) + " | " + say(text::th_implies) + " |\n";
      out_ += "|---|---|---|---|---|---|---|\n";
      for (const auto& r : ranking.marks) {
        const mark_view& mk = m_.marks[r.mark];
        out_ += "| " + level(scale.levels[static_cast<std::size_t>(r.rank)]) + " | " +
                md(mk.name.empty() ? mk.id : mk.name) + " (" + code(mk.id) + ")" + flags(mk.status) + " | " +
                md(mk.issuer) + " | " + md(mk.attests) + " | " + cases(r) + " | " + valid_for(mk.valid_for) +
                " | ";
        for (std::size_t i = 0; i < mk.implies.size(); ++i) out_ += (i ? ", " : "") + code(mk.implies[i]);
        if (!mk.implied_by.empty()) {
          out_ += std::string(mk.implies.empty() ? "" : "; ") + say(text::implied_by) + " ";
          for (std::size_t i = 0; i < mk.implied_by.size(); ++i)
            out_ += (i ? ", " : "") + code(mk.implied_by[i]);
        }
        out_ += " |\n";
      }
      out_ += "\n";
      if (!ranking.without.empty()) {
        out_ += say(text::no_level_on_scale);
        for (std::size_t i = 0; i < ranking.without.size(); ++i)
          out_ += (i ? ", " : "") + code(m_.marks[ranking.without[i]].id);
        out_ += ".\n\n";
      }
    }
    out_ += "#### " + say(text::marks_sources_notes) + "\n\n";
    out_ += "| " + say(text::th_mark) + " | " + say(text::th_source) + " | " + say(text::th_notes) +
            " |\n|---|---|---|\n";
    for (const auto& mk : m_.marks)
      out_ += "| " + code(mk.id) + flags(mk.status) + " | " + with_links(mk.source, true) + " | " +
              md(mk.notes) + " |\n";
    out_ += "\n";
  }

  [[nodiscard]] std::string links(const unit_view& u) const {
    std::string out;
    for (const auto& l : u.links) {
      if (!out.empty()) out += "<br>";
      switch (l.how) {
        case unit_link::relation::equivalent_to:
          out += "≡ " + say(text::equivalent_to) + " " + unit_list(l.others);
          break;
        case unit_link::relation::counts_as:
          out += "→ " + say(text::counts_as) + " " + unit_list(l.others);
          if (!l.together_with.empty())
            out += ", " + say(text::together_with) + " " + unit_list(l.together_with);
          break;
        case unit_link::relation::counted_by:
          out += "← " + say(l.others.size() > 1 ? text::counted_by_all : text::counted_by) + " " +
                 unit_list(l.others);
          break;
      }
      out += " " + say(text::via) + " " + equivalence_ref(l.equivalence);
    }
    return out.empty() ? say(text::none) : out;
  }

  void units() {
    out_ += "## " + say(text::units) + "\n\n";
    paragraph(say(text::units_intro));
    for (const auto& group : m_.kinds) {
      out_ += "### " + md(kind_heading(group.kind, t_.language())) + " (" +
              std::to_string(group.units.size()) + ")\n\n";
      paragraph(md(kind_intro(group.kind, t_.language())));
      out_ += "| " + say(text::th_unit) + " | " + say(text::th_title) + " | " + say(text::th_hours) + " | " +
              say(text::th_level) + " | " + say(text::th_credited) + " | " + say(text::th_valid_for) + " | " +
              say(text::th_equivalences) + " | " + say(text::th_counts_toward) + " | " +
              say(text::th_source) + " |\n";
      out_ += "|---|---|--:|---|---|---|---|---|---|\n";
      std::vector<std::pair<std::string, std::string>> notes;
      for (std::size_t index : group.units) {
        const unit_view& u = m_.units[index];
        out_ += "| " + code(u.id) + flags(u.status) + " | " + md(u.title);
        for (const auto& t : u.tags) out_ += " " + code(t);
        out_ += " | " + (u.hours ? number_text(*u.hours) : std::string("–")) + " | ";
        for (std::size_t i = 0; i < u.levels.size(); ++i)
          out_ +=
              (i ? "<br>" : "") + md(scale_title(m_, u.levels[i].first)) + " " + level(u.levels[i].second);
        if (u.levels.empty()) out_ += "–";
        out_ += " | " +
                md(u.effective ? window_text(*u.effective, t_.language()) : std::string(t_(text::any_date)));
        if (!u.credit_when.empty()) out_ += ", " + condition(text::when, u.credit_when);
        out_ += " | " + valid_for(u.valid_for) + " | " + links(u) + " | ";
        for (std::size_t i = 0; i < u.counts_toward.size(); ++i) {
          const diploma_view& d = m_.diplomas[u.counts_toward[i]];
          out_ += (i ? "<br>" : "") + md(d.title.empty() ? d.id : d.title) + " (" + code(d.id) + ")";
        }
        if (u.counts_toward.empty()) out_ += "–";
        out_ += " | " + with_links(u.source, true) + " |\n";
        notes.emplace_back(u.id, u.notes);
      }
      out_ += "\n";
      notes_list(notes);
    }
  }

  void keuzedelen() {
    out_ += "## " + say(text::keuzedelen) + "\n\n";
    paragraph(say(text::keuzedelen_intro));
    if (m_.keuzedelen.empty()) {
      paragraph(say(text::no_keuzedelen));
      return;
    }
    for (const auto& kd : m_.keuzedelen) {
      const unit_view& u = m_.units[kd.unit];
      out_ += "- " + unit_ref(u.id) + flags(u.status) + "\n";
      if (kd.ways.empty()) out_ += "  - " + say(text::nothing_counts_toward) + "\n";
      for (const auto& way : kd.ways) {
        out_ +=
            "  - " + equivalence_ref(way.equivalence) + flags(m_.equivalences[way.equivalence].status) + ":";
        if (way.sources.size() > 1) out_ += " " + say(way.any_one ? text::any_one_member : text::all_of);
        out_ += "\n";
        for (const auto& source : way.sources) {
          out_ += "    - " + unit_ref(source);
          if (const unit_view* s = m_.find_unit(source)) out_ += flags(s->status);
          out_ += "\n";
        }
      }
    }
    out_ += "\n";
  }

  void equivalences() {
    out_ += "## " + say(text::equivalences) + "\n\n";
    paragraph(md(t_(text::equivalences_intro, "≡", "→")));
    if (m_.equivalences.empty()) {
      paragraph(say(text::no_equivalences));
      return;
    }
    out_ += "| " + say(text::th_equivalence) + " | " + say(text::th_title) + " | " + say(text::th_units) +
            " | " + say(text::th_applies) + " | " + say(text::th_source) + " |\n|---|---|---|---|---|\n";
    std::vector<std::pair<std::string, std::string>> notes;
    for (const auto& eq : m_.equivalences) {
      out_ += "| " + code(eq.id) + flags(eq.status) + " | " + md(eq.title) + " | ";
      if (eq.symmetric) {
        for (std::size_t i = 0; i < eq.members.size(); ++i) out_ += (i ? " ≡ " : "") + code(eq.members[i]);
      } else {
        for (std::size_t i = 0; i < eq.members.size(); ++i) out_ += (i ? " + " : "") + code(eq.members[i]);
        out_ += " → " + unit_list(eq.targets);
      }
      out_ += " | " + md(eq.effective ? window_text(*eq.effective, t_.language())
                                      : std::string(t_(text::window_always)));
      if (!eq.when.empty()) out_ += ", " + condition(text::when, eq.when);
      out_ += " | " + with_links(eq.source, true) + " |\n";
      notes.emplace_back(eq.id, eq.notes);
    }
    out_ += "\n";
    notes_list(notes);
  }

  // Within one diploma an equivalence is spelled out once; where it comes back, its
  // units are listed in one line.
  void route(const route_tree& tree, const std::string& indent) {
    for (const auto& way : tree.ways) {
      out_ += indent + "- " + say(text::or_through) + " " + equivalence_ref(way.equivalence) + ":";
      if (way.sources.size() > 1) out_ += " " + say(way.any_one ? text::any_one_of : text::all_of);
      if (!expanded_.insert(way.equivalence).second) {
        out_ += " ";
        for (std::size_t i = 0; i < way.sources.size(); ++i)
          out_ += (i ? ", " : "") + code(way.sources[i].unit);
        out_ += " " + say(text::as_above) + "\n";
        continue;
      }
      out_ += "\n";
      for (const auto& source : way.sources) {
        out_ += indent + "  - " + unit_ref(source.unit) + "\n";
        route(source, indent + "    ");
      }
    }
    if (tree.cut) out_ += indent + "- " + t_(text::more_routes_md, code(tree.unit)) + "\n";
  }

  [[nodiscard]] std::string selector(const requirement_view& r) const {
    std::vector<std::string> parts;
    if (!r.sel_units.empty()) {
      std::string units = say(text::sel_units);
      for (std::size_t i = 0; i < r.sel_units.size(); ++i) units += (i ? ", " : "") + code(r.sel_units[i]);
      parts.push_back(units);
    }
    if (!r.sel_kind.empty()) parts.push_back(say(text::sel_kind) + "**" + md(r.sel_kind) + "**");
    if (!r.sel_tags.empty()) {
      std::string tags = say(text::sel_tagged);
      for (std::size_t i = 0; i < r.sel_tags.size(); ++i) tags += (i ? ", " : "") + code(r.sel_tags[i]);
      parts.push_back(tags);
    }
    if (!r.sel_marks.empty()) {
      std::string marks = say(text::sel_carrying);
      for (std::size_t i = 0; i < r.sel_marks.size(); ++i)
        marks += (i ? say(text::sel_or) : "") + code(r.sel_marks[i]);
      parts.push_back(marks);
    }
    if (!r.sel_where.empty()) parts.push_back(condition(text::sel_where_word, r.sel_where));
    if (parts.empty()) return say(r.kind == form::hours ? text::of_any_unit : text::of_any_achievement);
    std::string out = say(text::of);
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
    return out;
  }

  void requirement(const requirement_view& r, const std::string& indent) {
    out_ += indent + "- ";
    if (!r.title.empty()) out_ += "**" + md(r.title) + "**: ";
    const std::string min = number_text(r.min);
    switch (r.kind) {
      case form::unit: out_ += unit_ref(r.unit.unit); break;
      case form::all_of: out_ += say(text::req_all_of); break;
      case form::any_of: out_ += say(text::req_any_of); break;
      case form::n_of: out_ += md(t_(text::req_n_of, r.n)); break;
      case form::hours: out_ += t_(text::req_hours, min) + selector(r); break;
      case form::count: out_ += t_(text::req_count, min) + selector(r); break;
      case form::sum:
        out_ += t_(text::req_sum, "**" + md(r.attr) + "**", min) + selector(r);
        if (r.within) out_ += md(t_(text::req_within, duration_words(*r.within, t_.language())));
        break;
      case form::avg: out_ += t_(text::req_avg, "**" + md(r.attr) + "**", min) + selector(r); break;
      case form::check: out_ += say(text::req_check) + " " + condition(r.check); break;
    }
    if (!r.id.empty()) out_ += " [" + code(r.id) + "]";
    if (!r.when.empty()) out_ += " — *" + say(text::only_when) + "* " + condition(r.when);
    out_ += "\n";
    const std::string inner = indent + "  ";
    if (r.kind == form::unit) route(r.unit, inner);
    if (r.static_selector) {
      out_ +=
          inner + "- " +
          md(t_(r.matching.size() == 1 ? text::units_count_one : text::units_count_many, r.matching.size())) +
          (r.matching.empty() ? "" : ":") + "\n";
      for (const auto& m : r.matching) {
        out_ += inner + "  - " + unit_ref(m.unit) + "\n";
        route(m, inner + "    ");
      }
    }
    for (const auto& child : r.children) requirement(child, inner);
  }

  void study_load(const diploma_view& d) {
    if (d.loads.empty()) return;
    out_ += "\n**" + say(text::study_load) + "**\n\n" + md(t_(text::study_load_intro)) + "\n\n";
    out_ += "| " + say(text::th_route) + " | " + say(text::th_study_load) + " |\n|---|--:|\n";
    for (const auto& load : d.loads) {
      out_ += "| ";
      if (!load.equivalence) {
        out_ += say(text::load_own);
      } else {
        const equivalence_view& eq = m_.equivalences[*load.equivalence];
        out_ += md(t_(text::load_through, eq.id)) + flags(eq.status) + ": ";
        for (std::size_t i = 0; i < eq.members.size(); ++i)
          out_ += (i ? (eq.symmetric ? " ≡ " : " + ") : "") + code(eq.members[i]);
      }
      out_ += " | " + md(t_(text::hours_amount, p_.number_words(load.hours))) + " |\n";
    }
  }

  void routes() {
    out_ += "## " + say(text::routes) + "\n\n";
    paragraph(md(t_(text::routes_intro, "*" + std::string(t_(text::only_when)) + "*")));
    if (m_.diplomas.empty()) paragraph(say(text::no_diplomas));
    for (const auto& d : m_.diplomas) {
      expanded_.clear();
      out_ += "### " + md(d.title.empty() ? d.id : d.title) + " (" + code(d.id) + ")" + flags(d.status);
      for (const auto& [scale, lv] : d.levels) out_ += " — " + md(scale_title(m_, scale)) + " " + level(lv);
      out_ += "\n\n";
      if (!d.source.empty()) paragraph(say(text::source) + ": " + with_links(d.source));
      if (!d.notes.empty()) paragraph(say(text::notes) + ": " + md(d.notes));
      out_ += "**" + say(text::requires_heading) + "**\n\n";
      if (d.tree) requirement(*d.tree, "");
      else out_ += say(text::no_requirements) + "\n";
      study_load(d);
      out_ += "\n**" + say(text::counting_units) + "**\n\n";
      if (d.reached_by.empty()) out_ += say(text::counting_units_none) + "\n";
      for (const auto& g : d.reached_by) {
        out_ += "- " + md(kind_heading(g.kind, t_.language())) + ": ";
        for (std::size_t i = 0; i < g.units.size(); ++i)
          out_ += (i ? ", " : "") + code(m_.units[g.units[i]].id);
        out_ += "\n";
      }
      out_ += "\n";
    }
  }

  void sources() {
    out_ += "## " + say(text::sources) + "\n\n";
    paragraph(say(text::sources_intro));
    if (m_.sources.empty()) paragraph(say(text::no_sources));
    for (std::size_t i = 0; i < m_.sources.size(); ++i) {
      const source_view& s = m_.sources[i];
      out_ += std::to_string(i + 1) + ". " + with_links(s.text) + " — " + say(text::cited_by) + " ";
      for (std::size_t j = 0; j < s.cited_by.size(); ++j) {
        const citation& c = s.cited_by[j];
        std::string what = c.what;
        switch (c.where) {
          case citation::section::scale: what = t_(text::what_scale); break;
          case citation::section::mark: what = t_(text::what_mark); break;
          case citation::section::equivalence: what = t_(text::what_equivalence); break;
          case citation::section::diploma: what = t_(text::what_diploma); break;
          case citation::section::unit: break;
        }
        out_ += (j ? ", " : "") + md(what) + " " + code(c.id);
      }
      out_ += "\n";
    }
    if (!m_.sources.empty()) out_ += "\n";
  }

  const model& m_;
  words t_;
  phraser p_;
  std::string out_;
  std::set<std::size_t> expanded_;  // equivalences spelled out in the current diploma
};

}  // namespace

std::string write_markdown(const model& m, text_language language) {
  return markdown_catalog_writer(m, language).run();
}

}  // namespace civeff::detail::catalog
