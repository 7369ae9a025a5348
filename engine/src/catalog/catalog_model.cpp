// SPDX-License-Identifier: Apache-2.0
// The catalogue model: marks ranked per scale, units grouped by kind with their
// equivalences in both directions, diplomas with their requirement trees and the
// routes (equivalences, leereenheden, keuzedelen) that lead to each required unit.

#include "catalog/catalog_model.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <deque>
#include <map>
#include <set>
#include <utility>

#include "catalog/texts.hpp"

namespace civeff::detail::catalog {
namespace {

using form = requirement_syntax::form;

// How deep a route is expanded under a required unit before it points to the unit's entry.
constexpr int route_depth = 3;

std::string collapse(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string display_name(const entry_meta& meta) {
  if (meta.name) return *meta.name;
  if (meta.title) return *meta.title;
  return {};
}

std::optional<window> window_of(const std::optional<effective_window>& w) {
  if (!w) return std::nullopt;
  window out;
  if (w->from) out.from = w->from->value;
  if (w->to) out.to = w->to->value;
  return out;
}

std::vector<std::string> texts(const std::vector<located_text>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& t : items) out.push_back(t.text);
  return out;
}

bool contains(const std::vector<std::string>& items, std::string_view value) {
  return std::find(items.begin(), items.end(), value) != items.end();
}

class builder {
 public:
  explicit builder(const ruleset_syntax& rules) : rules_(rules) {}

  model build() {
    m_.name = rules_.name.text;
    m_.version = rules_.version.text;
    m_.overlays = rules_.overlays;
    scales();
    marks();
    rankings();
    equivalences();
    units();
    diplomas();
    sources();
    keuzedelen();
    attributes();
    return std::move(m_);
  }

 private:
  void scales() {
    for (const auto& s : rules_.scales) {
      scale_view v;
      v.id = s.id.text;
      v.title = s.meta.title ? *s.meta.title : s.meta.name ? *s.meta.name : s.id.text;
      v.levels = texts(s.levels);
      if (s.has_default && !s.default_level) v.default_null = true;
      else if (s.default_level) v.default_level = s.default_level->text;
      else if (!v.levels.empty()) v.default_level = v.levels.front();
      v.source = s.meta.source.value_or("");
      v.notes = s.meta.notes.value_or("");
      v.status = status_of(v.id, v.notes);
      m_.scales.push_back(std::move(v));
    }
  }

  void marks() {
    for (const auto& mk : rules_.marks) {
      mark_view v;
      v.id = mk.id.text;
      v.name = display_name(mk.meta);
      v.issuer = mk.meta.issuer.value_or("");
      v.attests = mk.meta.attests.value_or("");
      v.source = mk.meta.source.value_or("");
      v.notes = mk.meta.notes.value_or("");
      v.status = status_of(v.id, v.notes);
      if (mk.valid_for) v.valid_for = mk.valid_for->value;
      for (const auto& per_scale : mk.levels) {
        mark_scale_levels l;
        l.scale = per_scale.scale.text;
        for (const auto& c : per_scale.cases)
          l.cases.push_back({c.level.text, c.when ? collapse(c.when->text) : ""});
        v.levels.push_back(std::move(l));
      }
      v.implies = texts(mk.implies);
      m_.marks.push_back(std::move(v));
    }
    for (const auto& mk : m_.marks)
      for (const auto& target : mk.implies)
        for (auto& other : m_.marks)
          if (other.id == target && !contains(other.implied_by, mk.id)) other.implied_by.push_back(mk.id);
  }

  // The highest level index `mark` gives on `scale` by its own cases, -1 if none.
  int own_rank(const mark_view& mark, const scale_view& scale, std::vector<level_case>* cases) const {
    int best = -1;
    for (const auto& l : mark.levels) {
      if (l.scale != scale.id) continue;
      for (const auto& c : l.cases) {
        const auto it = std::find(scale.levels.begin(), scale.levels.end(), c.level);
        if (it != scale.levels.end()) best = std::max(best, static_cast<int>(it - scale.levels.begin()));
        if (cases) cases->push_back(c);
      }
    }
    return best;
  }

  // Marks implied by `mark`, transitively, breadth first, each once.
  [[nodiscard]] std::vector<const mark_view*> implied_closure(const mark_view& mark) const {
    std::vector<const mark_view*> out;
    std::set<std::string> seen{mark.id};
    std::deque<std::string> todo(mark.implies.begin(), mark.implies.end());
    while (!todo.empty()) {
      const std::string id = todo.front();
      todo.pop_front();
      if (!seen.insert(id).second) continue;
      const mark_view* next = m_.find_mark(id);
      if (!next) continue;
      out.push_back(next);
      todo.insert(todo.end(), next->implies.begin(), next->implies.end());
    }
    return out;
  }

  void rankings() {
    for (std::size_t s = 0; s < m_.scales.size(); ++s) {
      const scale_view& scale = m_.scales[s];
      scale_ranking ranking;
      ranking.scale = s;
      for (std::size_t i = 0; i < m_.marks.size(); ++i) {
        ranked_mark r;
        r.mark = i;
        const int own = own_rank(m_.marks[i], scale, &r.own);
        r.rank = own;
        for (const mark_view* implied : implied_closure(m_.marks[i])) {
          const int via = own_rank(*implied, scale, nullptr);
          if (via > own) {
            r.implied.push_back({implied->id, scale.levels[static_cast<std::size_t>(via)]});
            r.rank = std::max(r.rank, via);
          }
        }
        if (r.rank < 0) ranking.without.push_back(i);
        else ranking.marks.push_back(std::move(r));
      }
      std::stable_sort(ranking.marks.begin(), ranking.marks.end(),
                       [](const ranked_mark& a, const ranked_mark& b) { return a.rank > b.rank; });
      m_.rankings.push_back(std::move(ranking));
    }
  }

  void equivalences() {
    for (const auto& e : rules_.equivalences) {
      equivalence_view v;
      v.id = e.id.text;
      v.title = display_name(e.meta);
      v.source = e.meta.source.value_or("");
      v.notes = e.meta.notes.value_or("");
      v.status = status_of(v.id, v.notes);
      v.symmetric = e.symmetric;
      v.members = texts(e.members);
      v.targets = texts(e.targets);
      v.effective = window_of(e.effective);
      if (e.when) v.when = collapse(e.when->text);
      m_.equivalences.push_back(std::move(v));
    }
  }

  void units() {
    std::vector<std::string> order;
    order.reserve(known_kind_count());
    for (std::size_t k = 0; k < known_kind_count(); ++k) order.emplace_back(known_kind(k));
    for (const auto& u : rules_.units)
      if (!contains(order, u.kind.text)) order.push_back(u.kind.text);
    for (const auto& kind : order) m_.kinds.push_back({kind, {}});

    for (const auto& u : rules_.units) {
      unit_view v;
      v.id = u.id.text;
      v.kind = u.kind.text;
      v.title = display_name(u.meta);
      v.source = u.meta.source.value_or("");
      v.notes = u.meta.notes.value_or("");
      v.status = status_of(v.id, v.notes);
      if (u.hours) v.hours = u.hours->value;
      v.tags = texts(u.tags);
      for (const auto& l : u.level) v.levels.emplace_back(l.scale.text, l.level.text);
      v.effective = window_of(u.effective);
      if (u.valid_for) v.valid_for = u.valid_for->value;
      if (u.credit_when) v.credit_when = collapse(u.credit_when->text);
      for (std::size_t e = 0; e < m_.equivalences.size(); ++e) {
        const auto& eq = m_.equivalences[e];
        if (eq.symmetric) {
          if (!contains(eq.members, v.id)) continue;
          unit_link link{unit_link::relation::equivalent_to, e, {}, {}};
          for (const auto& other : eq.members)
            if (other != v.id) link.others.push_back(other);
          v.links.push_back(std::move(link));
          continue;
        }
        if (contains(eq.members, v.id)) {
          unit_link link{unit_link::relation::counts_as, e, eq.targets, {}};
          for (const auto& other : eq.members)
            if (other != v.id) link.together_with.push_back(other);
          v.links.push_back(std::move(link));
        }
        if (contains(eq.targets, v.id))
          v.links.push_back({unit_link::relation::counted_by, e, eq.members, {}});
      }
      const std::size_t index = m_.units.size();
      for (auto& group : m_.kinds)
        if (group.kind == v.kind) group.units.push_back(index);
      m_.units.push_back(std::move(v));
    }
    std::erase_if(m_.kinds, [](const kind_group& g) { return g.units.empty(); });
  }

  // The ways `unit` is derived, expanded `depth` levels; a route through a unit
  // already on the path is circular and left out.
  route_tree route(const std::string& unit, int depth, std::vector<std::string>& path) const {
    route_tree out;
    out.unit = unit;
    path.push_back(unit);
    for (std::size_t e = 0; e < m_.equivalences.size(); ++e) {
      const auto& eq = m_.equivalences[e];
      route_step step;
      step.equivalence = e;
      std::vector<std::string> sources;
      if (eq.symmetric) {
        if (!contains(eq.members, unit)) continue;
        step.any_one = true;
        for (const auto& other : eq.members)
          if (!contains(path, other)) sources.push_back(other);
        if (sources.empty()) continue;
      } else {
        if (!contains(eq.targets, unit)) continue;
        const bool circular = std::any_of(eq.members.begin(), eq.members.end(),
                                          [&](const std::string& s) { return contains(path, s); });
        if (circular) continue;
        sources = eq.members;
      }
      if (depth <= 0) {
        out.cut = true;
        continue;
      }
      for (const auto& source : sources) step.sources.push_back(route(source, depth - 1, path));
      out.ways.push_back(std::move(step));
    }
    path.pop_back();
    return out;
  }

  [[nodiscard]] route_tree route(const std::string& unit) const {
    std::vector<std::string> path;
    return route(unit, route_depth, path);
  }

  [[nodiscard]] bool selector_matches(const requirement_syntax& r, const unit_view& u) const {
    if (r.of.has_units && !std::any_of(r.of.units.begin(), r.of.units.end(),
                                       [&](const located_text& id) { return id.text == u.id; }))
      return false;
    if (r.of.kind && r.of.kind->text != u.kind) return false;
    if (r.of.has_tags)
      for (const auto& tag : r.of.tags)
        if (!contains(u.tags, tag.text)) return false;
    return true;
  }

  requirement_view requirement(const requirement_syntax& r, std::set<std::string>& seeds) const {
    requirement_view v;
    v.kind = r.kind;
    if (r.id) v.id = r.id->text;
    if (r.title) v.title = *r.title;
    if (r.when) v.when = collapse(r.when->text);
    switch (r.kind) {
      case form::unit:
        v.unit = route(r.unit.text);
        seeds.insert(r.unit.text);
        break;
      case form::all_of:
      case form::any_of:
      case form::n_of:
        if (r.n) v.n = static_cast<int>(r.n->value);
        for (const auto& child : r.children) v.children.push_back(requirement(child, seeds));
        break;
      case form::hours:
      case form::count:
      case form::sum:
      case form::avg:
        if (r.min) v.min = r.min->value;
        if (r.attr) v.attr = r.attr->text;
        if (r.within) v.within = r.within->value;
        v.sel_units = texts(r.of.units);
        v.sel_tags = texts(r.of.tags);
        v.sel_marks = texts(r.of.marks);
        if (r.of.kind) v.sel_kind = r.of.kind->text;
        if (r.of.where_expr) v.sel_where = collapse(r.of.where_expr->text);
        v.static_selector = r.of.has_units || r.of.kind || r.of.has_tags;
        if (v.static_selector)
          for (const auto& u : m_.units)
            if (selector_matches(r, u)) {
              v.matching.push_back(route(u.id));
              seeds.insert(u.id);
            }
        break;
      case form::check:
        if (r.check) v.check = collapse(r.check->text);
        break;
    }
    return v;
  }

  // Every unit whose credit can derive a credit of a seed, seeds included.
  [[nodiscard]] std::set<std::string> reach(std::set<std::string> seeds) const {
    std::deque<std::string> todo(seeds.begin(), seeds.end());
    while (!todo.empty()) {
      const std::string unit = todo.front();
      todo.pop_front();
      for (const auto& eq : m_.equivalences) {
        const bool derives = eq.symmetric ? contains(eq.members, unit) : contains(eq.targets, unit);
        if (!derives) continue;
        for (const auto& source : eq.members)
          if (seeds.insert(source).second) todo.push_back(source);
      }
    }
    return seeds;
  }

  void diplomas() {
    for (const auto& d : rules_.diplomas) {
      diploma_view v;
      v.id = d.id.text;
      v.title = display_name(d.meta);
      v.source = d.meta.source.value_or("");
      v.notes = d.meta.notes.value_or("");
      v.status = status_of(v.id, v.notes);
      for (const auto& l : d.level) v.levels.emplace_back(l.scale.text, l.level.text);
      std::set<std::string> seeds;
      if (d.requires_) {
        v.tree = requirement(*d.requires_, seeds);
        v.loads = loads(*v.tree);
      }
      const std::set<std::string> reached = reach(std::move(seeds));
      const std::size_t diploma_index = m_.diplomas.size();
      for (const auto& group : m_.kinds) {
        kind_group g{group.kind, {}};
        for (std::size_t u : group.units)
          if (reached.count(m_.units[u].id) != 0) {
            g.units.push_back(u);
            m_.units[u].counts_toward.push_back(diploma_index);
          }
        if (!g.units.empty()) v.reached_by.push_back(std::move(g));
      }
      m_.diplomas.push_back(std::move(v));
    }
  }

  void sources() {
    using section = citation::section;
    std::map<std::string, std::vector<citation>> cited;
    auto add = [&](const std::string& source, citation by) {
      if (source.empty()) return;
      auto& list = cited[source];
      if (std::find(list.begin(), list.end(), by) == list.end()) list.push_back(std::move(by));
    };
    for (const auto& s : m_.scales) add(s.source, {section::scale, "scale", s.id});
    for (const auto& mk : m_.marks) add(mk.source, {section::mark, "mark", mk.id});
    for (const auto& u : m_.units) add(u.source, {section::unit, u.kind, u.id});
    for (const auto& e : m_.equivalences) add(e.source, {section::equivalence, "equivalence", e.id});
    for (const auto& d : m_.diplomas) add(d.source, {section::diploma, "diploma", d.id});
    for (auto& [text, by] : cited) m_.sources.push_back({text, std::move(by)});
  }

  void keuzedelen() {
    for (std::size_t u = 0; u < m_.units.size(); ++u) {
      const unit_view& unit = m_.units[u];
      if (unit.kind != "keuzedeel") continue;
      keuzedeel_view v;
      v.unit = u;
      for (const auto& link : unit.links) {
        if (link.how == unit_link::relation::counted_by)
          v.ways.push_back({link.equivalence, false, link.others});
        else if (link.how == unit_link::relation::equivalent_to)
          v.ways.push_back({link.equivalence, true, link.others});
      }
      m_.keuzedelen.push_back(std::move(v));
    }
  }

  void attributes() {
    auto views = [](const std::vector<attribute_syntax>& declared) {
      std::vector<attribute_view> out;
      for (const auto& a : declared)
        out.push_back({a.id.text, a.type ? a.type->text : "", a.meta.title.value_or("")});
      return out;
    };
    m_.attributes = views(rules_.attributes);
    m_.person_attributes = views(rules_.person_attributes);
  }

  // ---------------------------------------------------------------- study load

  [[nodiscard]] double unit_hours(const std::string& id) const {
    const unit_view* u = m_.find_unit(id);
    return u && u->hours ? *u->hours : 0;
  }

  // The least hours that satisfy `r` when each unit costs `cost(id)`; nullopt when
  // hours say nothing of it (a check, sum or avg).
  template <class Cost>
  [[nodiscard]] std::optional<double> least(const requirement_view& r, const Cost& cost) const {
    switch (r.kind) {
      case form::unit: return cost(r.unit.unit);
      case form::hours: return r.min;
      case form::count: {
        if (!r.static_selector || r.matching.empty()) return std::nullopt;
        std::vector<double> each;
        for (const auto& m : r.matching) each.push_back(cost(m.unit));
        std::sort(each.begin(), each.end());
        double sum = 0;
        for (std::size_t i = 0; i < each.size() && static_cast<double>(i) < r.min; ++i) sum += each[i];
        return sum;
      }
      case form::sum:
      case form::avg:
      case form::check: return std::nullopt;
      case form::all_of:
      case form::any_of:
      case form::n_of: break;
    }
    std::vector<double> known;
    for (const auto& child : r.children)
      if (auto h = least(child, cost)) known.push_back(*h);
    if (known.empty()) return std::nullopt;
    std::sort(known.begin(), known.end());
    std::size_t take = known.size();
    if (r.kind == form::any_of) take = 1;
    if (r.kind == form::n_of) take = std::min(known.size(), static_cast<std::size_t>(std::max(r.n, 0)));
    double sum = 0;
    for (std::size_t i = 0; i < take; ++i) sum += known[i];
    return sum;
  }

  // Every unit the tree names or selects.
  static void tree_units(const requirement_view& r, std::set<std::string>& out) {
    if (r.kind == form::unit) out.insert(r.unit.unit);
    for (const auto& m : r.matching) out.insert(m.unit);
    for (const auto& child : r.children) tree_units(child, out);
  }

  [[nodiscard]] std::vector<route_load> loads(const requirement_view& tree) const {
    std::vector<route_load> out;
    const auto own = least(tree, [&](const std::string& id) { return unit_hours(id); });
    if (!own) return out;
    out.push_back({std::nullopt, *own});
    std::set<std::string> named;
    tree_units(tree, named);
    for (std::size_t e = 0; e < m_.equivalences.size(); ++e) {
      const auto& eq = m_.equivalences[e];
      if (eq.symmetric) {
        // A member the tree names may be earned as the cheapest other member.
        if (std::none_of(eq.members.begin(), eq.members.end(),
                         [&](const std::string& id) { return named.count(id) != 0; }))
          continue;
        const auto hours = least(tree, [&](const std::string& id) {
          if (!contains(eq.members, id)) return unit_hours(id);
          double best = unit_hours(id);
          for (const auto& other : eq.members)
            if (other != id) best = std::min(best, unit_hours(other));
          return best;
        });
        if (hours) out.push_back({e, *hours});
        continue;
      }
      if (std::none_of(eq.targets.begin(), eq.targets.end(),
                       [&](const std::string& id) { return named.count(id) != 0; }))
        continue;
      // The sources are taken once, whatever number of targets the tree needs.
      double sources = 0;
      for (const auto& id : eq.members) sources += unit_hours(id);
      const auto rest =
          least(tree, [&](const std::string& id) { return contains(eq.targets, id) ? 0.0 : unit_hours(id); });
      if (rest) out.push_back({e, *rest + sources});
    }
    return out;
  }

  const ruleset_syntax& rules_;
  model m_;
};

}  // namespace

const unit_view* model::find_unit(std::string_view id) const {
  for (const auto& u : units)
    if (u.id == id) return &u;
  return nullptr;
}
const mark_view* model::find_mark(std::string_view id) const {
  for (const auto& mk : marks)
    if (mk.id == id) return &mk;
  return nullptr;
}
const scale_view* model::find_scale(std::string_view id) const {
  for (const auto& s : scales)
    if (s.id == id) return &s;
  return nullptr;
}

const attribute_view* model::find_attribute(std::string_view id, bool person) const {
  for (const auto& a : person ? person_attributes : attributes)
    if (a.name == id) return &a;
  return nullptr;
}

model build_model(const ruleset_syntax& rules) { return builder(rules).build(); }

entry_status status_of(std::string_view id, std::string_view notes) {
  auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  };
  const std::string folded = lower(notes);
  entry_status out;
  out.unverified = id.starts_with("x-");
  // The word "unverified", not a part of a longer word.
  for (std::size_t at = folded.find("unverified"); at != std::string::npos && !out.unverified;
       at = folded.find("unverified", at + 1)) {
    auto letter = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    };
    const bool starts = at == 0 || !letter(folded[at - 1]);
    const std::size_t end = at + std::string_view("unverified").size();
    const bool ends = end == folded.size() || !letter(folded[end]);
    out.unverified = starts && ends;
  }
  const std::size_t first = folded.find_first_not_of(" \t\r\n");
  out.estimated =
      first != std::string::npos && std::string_view(folded).substr(first).starts_with("estimate:");
  return out;
}

std::string duration_words(const duration& d, text_language language) {
  const words w(language);
  std::string out;
  auto part = [&](std::int32_t n, const phrase& one, const phrase& many) {
    if (n == 0) return;
    if (!out.empty()) out += ' ';
    out += w(n == 1 ? one : many, n);
  };
  part(d.years, text::year, text::years);
  part(d.months, text::month, text::months);
  part(d.days, text::day, text::days);
  return out.empty() ? w(text::days, 0) : out;
}

std::string number_text(double value) {
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) return "?";
  return {buffer.data(), end};
}

std::string window_text(const window& w, text_language language) {
  const words t(language);
  if (w.from && w.to) return t(text::window_from_to, w.from->to_string(), w.to->to_string());
  if (w.from) return t(text::window_from, w.from->to_string());
  if (w.to) return t(text::window_until, w.to->to_string());
  return std::string(t(text::window_always));
}

std::string kind_heading(std::string_view kind, text_language language) {
  const words t(language);
  if (const kind_text* k = find_kind(kind)) return std::string(t(k->heading));
  return t(text::kind_other, kind);
}

std::string kind_intro(std::string_view kind, text_language language) {
  const words t(language);
  if (const kind_text* k = find_kind(kind)) return std::string(t(k->intro));
  return {};
}

std::string scale_title(const model& m, std::string_view scale) {
  const scale_view* s = m.find_scale(scale);
  return s ? s->title : std::string(scale);
}

std::vector<text_piece> split_links(std::string_view text) {
  std::vector<text_piece> out;
  auto plain = [&](std::string_view t) {
    if (t.empty()) return;
    if (!out.empty() && !out.back().url) out.back().text += t;
    else out.push_back({std::string(t), false});
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t start = std::string_view::npos;
    for (std::string_view scheme : {"https://", "http://"}) {
      const std::size_t at = text.find(scheme, pos);
      if (at != std::string_view::npos && (start == std::string_view::npos || at < start)) start = at;
    }
    if (start == std::string_view::npos) break;
    std::size_t end = start;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' &&
           text[end] != '\r' && text[end] != '<' && text[end] != '>' && text[end] != '"')
      ++end;
    // Trailing punctuation belongs to the sentence, not the URL.
    while (end > start && std::string_view(".,;:)]'").find(text[end - 1]) != std::string_view::npos) --end;
    const std::string_view url = text.substr(start, end - start);
    const std::size_t scheme_end = url.find("://") + 3;
    if (url.size() <= scheme_end) {
      plain(text.substr(pos, end - pos));
      pos = end == pos ? pos + 1 : end;
      continue;
    }
    plain(text.substr(pos, start - pos));
    out.push_back({std::string(url), true});
    pos = end;
  }
  plain(text.substr(pos));
  return out;
}

}  // namespace civeff::detail::catalog
