// SPDX-License-Identifier: Apache-2.0
#include "sema/fingerprint.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <system_error>

#include "expr/ast.hpp"

namespace civeff::detail {
namespace {

// Builds one canonical text. Every text is length-prefixed (`5:hello`), so no
// value can be mistaken for the punctuation around it.
class canon {
 public:
  canon& key(std::string_view k) {
    out_ += k;
    out_ += '=';
    return *this;
  }
  canon& text(std::string_view s) {
    out_ += std::to_string(s.size());
    out_ += ':';
    out_ += s;
    out_ += ';';
    return *this;
  }
  canon& number(double v) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    if (ec == std::errc{}) out_.append(buffer, end);
    out_ += ';';
    return *this;
  }
  canon& none() {
    out_ += "-;";
    return *this;
  }
  canon& day(const std::optional<located_date>& d) {
    return d ? number(static_cast<double>(d->value.days_since_epoch())) : none();
  }
  canon& span(const std::optional<located_duration>& d) { return d ? text(d->value.to_string()) : none(); }
  canon& window(const std::optional<effective_window>& w) {
    if (!w) return none().none();
    return day(w->from).day(w->to);
  }
  canon& expression(const std::optional<expression_text>& e);
  // The texts of `items` as a set: sorted, each once.
  canon& set(const std::vector<located_text>& items) {
    std::vector<std::string_view> sorted;
    for (const auto& i : items) sorted.push_back(i.text);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    out_ += '[';
    for (auto s : sorted) text(s);
    out_ += ']';
    return *this;
  }
  canon& open() {
    out_ += '(';
    return *this;
  }
  canon& close() {
    out_ += ')';
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Named arguments in name order: `count_of(kind = "x", tags = [...])` is the same
// call written the other way round.
void sort_named(expr::node& n) {
  for (auto& c : n.children) sort_named(c);
  for (auto& a : n.named)
    for (auto& v : a.value) sort_named(v);
  std::stable_sort(n.named.begin(), n.named.end(),
                   [](const expr::node::named_argument& a, const expr::node::named_argument& b) {
                     return a.name < b.name;
                   });
}

canon& canon::expression(const std::optional<expression_text>& e) {
  if (!e) return none();
  expr::parse_result parsed = expr::parse(e->text);
  if (!parsed.ast) return text("?" + e->text);  // reported by the checker; the program is not built
  sort_named(*parsed.ast);
  return text(expr::print(*parsed.ast));
}

// A per-scale map (`level: {nlqf: "3"}`) in scale order.
void levels_by_scale(canon& c, const std::vector<level_assignment>& levels) {
  std::vector<std::pair<std::string_view, std::string_view>> sorted;
  for (const auto& l : levels) sorted.emplace_back(l.scale.text, l.level.text);
  std::sort(sorted.begin(), sorted.end());
  c.open();
  for (const auto& [scale, level] : sorted) c.text(scale).text(level);
  c.close();
}

std::string scale_text(const scale_syntax& s) {
  canon c;
  c.key("levels").open();
  for (const auto& l : s.levels) c.text(l.text);
  c.close().key("default");
  // An omitted default is the first level (SPEC §2.1).
  if (!s.has_default) s.levels.empty() ? c.none() : c.text(s.levels.front().text);
  else if (s.default_level) c.text(s.default_level->text);
  else c.key("null");
  return c.take();
}

std::string mark_text(const mark_syntax& m) {
  canon c;
  c.key("valid_for").span(m.valid_for);
  std::vector<const mark_scale_syntax*> scales;
  for (const auto& s : m.levels) scales.push_back(&s);
  std::stable_sort(scales.begin(), scales.end(), [](const mark_scale_syntax* a, const mark_scale_syntax* b) {
    return a->scale.text < b->scale.text;
  });
  // A bare level and a one-case list without `when` are the same cases.
  c.key("levels").open();
  for (const mark_scale_syntax* s : scales) {
    c.text(s->scale.text).open();
    for (const auto& k : s->cases) c.expression(k.when).text(k.level.text);
    c.close();
  }
  c.close().key("implies").set(m.implies);
  return c.take();
}

std::string unit_text(const unit_syntax& u) {
  canon c;
  c.key("kind").text(u.kind.text);
  c.key("hours").number(u.hours ? u.hours->value : 0);  // SPEC §2.3: default 0
  c.key("tags").set(u.tags);
  c.key("level");
  levels_by_scale(c, u.level);
  c.key("effective").window(u.effective);
  c.key("valid_for").span(u.valid_for);
  c.key("credit_when").expression(u.credit_when);
  return c.take();
}

std::string equivalence_text(const equivalence_syntax& e) {
  canon c;
  c.key(e.symmetric ? "equivalent" : "from").set(e.members);
  if (!e.symmetric) c.key("counts_as").set(e.targets);
  c.key("effective").window(e.effective);
  c.key("when").expression(e.when);
  return c.take();
}

void selector_text(canon& c, const selector_syntax& s) {
  c.open();
  // `units: []` restricts to nothing, an absent `units` to nothing at all: keep which.
  if (s.has_units) c.key("units").set(s.units);
  if (s.kind) c.key("kind").text(s.kind->text);
  if (s.has_tags) c.key("tags").set(s.tags);
  if (s.has_marks) c.key("marks").set(s.marks);
  if (s.where_expr) c.key("where").expression(s.where_expr);
  c.close();
}

const char* form_name(requirement_syntax::form f) {
  switch (f) {
    case requirement_syntax::form::unit: return "unit";
    case requirement_syntax::form::all_of: return "all_of";
    case requirement_syntax::form::any_of: return "any_of";
    case requirement_syntax::form::n_of: return "n_of";
    case requirement_syntax::form::hours: return "hours";
    case requirement_syntax::form::count: return "count";
    case requirement_syntax::form::sum: return "sum";
    case requirement_syntax::form::avg: return "avg";
    case requirement_syntax::form::check: return "check";
  }
  return "?";
}

// A requirement and its children in document order; `id` names it in `missing`
// (a `title` is only read by explanations and is left out, as entries' titles are).
void requirement_text(canon& c, const requirement_syntax& r) {
  c.open().key(form_name(r.kind));
  c.key("id");
  r.id ? c.text(r.id->text) : c.none();
  c.key("when").expression(r.when);
  switch (r.kind) {
    case requirement_syntax::form::unit: c.key("unit").text(r.unit.text); break;
    case requirement_syntax::form::check: c.key("check").expression(r.check); break;
    case requirement_syntax::form::all_of:
    case requirement_syntax::form::any_of:
    case requirement_syntax::form::n_of:
      if (r.n) c.key("n").number(r.n->value);
      c.key("of").open();
      for (const auto& child : r.children) requirement_text(c, child);
      c.close();
      break;
    case requirement_syntax::form::hours:
    case requirement_syntax::form::count:
    case requirement_syntax::form::sum:
    case requirement_syntax::form::avg:
      c.key("min");
      r.min ? c.number(r.min->value) : c.none();
      c.key("attr");
      r.attr ? c.text(r.attr->text) : c.none();
      c.key("within").span(r.within);
      c.key("of");
      selector_text(c, r.of);
      break;
  }
  c.close();
}

std::string diploma_text(const diploma_syntax& d) {
  canon c;
  // SPEC §12 ignores only the metadata keys: the informational `level` counts.
  c.key("level");
  levels_by_scale(c, d.level);
  c.key("requires");
  if (d.requires_) requirement_text(c, *d.requires_);
  else c.none();
  return c.take();
}

std::string attribute_text(const attribute_syntax& a) {
  canon c;
  c.key("type");
  a.type ? c.text(a.type->text) : c.none();
  if (a.has_values) c.key("values").set(a.values);
  c.key("min");
  a.min ? c.number(a.min->value) : c.none();
  c.key("max");
  a.max ? c.number(a.max->value) : c.none();
  return c.take();
}

template <class Entries, class Text>
void add(program& prog, std::string_view section, const Entries& entries, Text text) {
  for (const auto& e : entries) {
    std::string name(section);
    name += ':';
    name += e.id.text;
    prog.fingerprints.emplace_back(std::move(name), text(e));
  }
}

}  // namespace

void compute_fingerprints(program& prog, const ruleset_syntax& syntax) {
  prog.fingerprints.clear();
  add(prog, "scale", syntax.scales, scale_text);
  add(prog, "mark", syntax.marks, mark_text);
  add(prog, "unit", syntax.units, unit_text);
  add(prog, "equivalence", syntax.equivalences, equivalence_text);
  add(prog, "diploma", syntax.diplomas, diploma_text);
  add(prog, "attribute", syntax.attributes, attribute_text);
  add(prog, "person_attribute", syntax.person_attributes, attribute_text);
  // A duplicate id (E009) keeps its first definition, as the resolver does.
  std::stable_sort(prog.fingerprints.begin(), prog.fingerprints.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  prog.fingerprints.erase(std::unique(prog.fingerprints.begin(), prog.fingerprints.end(),
                                      [](const auto& a, const auto& b) { return a.first == b.first; }),
                          prog.fingerprints.end());
}

}  // namespace civeff::detail
