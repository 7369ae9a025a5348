// SPDX-License-Identifier: Apache-2.0
// Rule metadata (civeff.hpp "rule metadata"): every entry of the syntax tree,
// overlays applied, copied into program::metadata. Keys come from the syntax;
// what the engine derived (expression texts as compiled, leaf names as
// `missing` gives them, effective scale defaults) comes from the program, so a
// report and a result never name one thing two ways.

#include "sema/metadata.hpp"

#include <map>
#include <string_view>

namespace civeff::detail {
namespace {

// An expression's text as the engine holds it (trimmed); nullopt for none.
std::optional<std::string> expression_text_of(const program& prog, std::int32_t index) {
  if (index == no_index) return std::nullopt;
  return prog.expressions.expressions[static_cast<std::size_t>(index)].text;
}

std::optional<std::string> text_of(const std::optional<located_text>& t) {
  if (!t) return std::nullopt;
  return t->text;
}

std::vector<std::string> texts_of(const std::vector<located_text>& ts) {
  std::vector<std::string> out;
  out.reserve(ts.size());
  for (const auto& t : ts) out.push_back(t.text);
  return out;
}

std::vector<scale_level> levels_of(const std::vector<level_assignment>& assignments) {
  std::vector<scale_level> out;
  out.reserve(assignments.size());
  for (const auto& a : assignments) out.push_back({a.scale.text, a.level.text});
  return out;
}

void fill_entry(rule_entry& out, const located_text& id, const entry_meta& meta,
                const source_location& where) {
  out.id = id.text;
  out.title = meta.title;
  out.name = meta.name;
  out.source = meta.source;
  out.notes = meta.notes;
  out.where = where;
}

void fill_window(const std::optional<effective_window>& window, std::optional<date>& from,
                 std::optional<date>& to) {
  if (!window) return;
  if (window->from) from = window->from->value;
  if (window->to) to = window->to->value;
}

std::optional<duration> duration_of(const std::optional<located_duration>& d) {
  if (!d) return std::nullopt;
  return d->value;
}

source_location where_of(const scale_syntax& s) { return s.id.where; }
template <class Syntax>
source_location where_of(const Syntax& s) {
  return s.where;
}

// One Entry per written entry, in declaration order: the keys every entry may
// carry, then `fill(entry as written, its index in the program's table, Entry&)`.
template <class Entry, class Syntax, class Fill>
std::vector<Entry> entries_of(const std::vector<Syntax>& written, Fill fill) {
  std::vector<Entry> out;
  out.reserve(written.size());
  for (std::size_t i = 0; i < written.size(); ++i) {
    Entry e;
    fill_entry(e, written[i].id, written[i].meta, where_of(written[i]));
    fill(written[i], i, e);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<scale_entry> scales_of(const ruleset_syntax& syntax, const program& prog) {
  return entries_of<scale_entry>(syntax.scales, [&](const scale_syntax& s, std::size_t i, scale_entry& e) {
    const scale_info& info = prog.scales[i];
    e.levels = info.levels;
    e.has_default = s.has_default;
    if (info.default_level != no_index)
      e.default_level = info.levels[static_cast<std::size_t>(info.default_level)];
  });
}

std::vector<mark_entry> marks_of(const ruleset_syntax& syntax, const program& prog) {
  std::map<std::string_view, std::size_t, std::less<>> scale_index;
  for (std::size_t i = 0; i < prog.scales.size(); ++i) scale_index.emplace(prog.scales[i].id, i);
  return entries_of<mark_entry>(syntax.marks, [&](const mark_syntax& m, std::size_t i, mark_entry& e) {
    e.issuer = m.meta.issuer;
    e.attests = m.meta.attests;
    e.valid_for = duration_of(m.valid_for);
    e.implies = texts_of(m.implies);
    for (const auto& per_scale : m.levels) {
      // Resolved without errors: the scale exists and its cases are the program's, in order.
      const auto& compiled = prog.marks[i].cases[scale_index.at(per_scale.scale.text)];
      mark_scale_entry levels{per_scale.scale.text, {}, per_scale.bare};
      for (std::size_t c = 0; c < per_scale.cases.size(); ++c)
        levels.cases.push_back({expression_text_of(prog, compiled[c].when), per_scale.cases[c].level.text});
      e.levels.push_back(std::move(levels));
    }
  });
}

std::vector<unit_entry> units_of(const ruleset_syntax& syntax, const program& prog) {
  return entries_of<unit_entry>(syntax.units, [&](const unit_syntax& u, std::size_t i, unit_entry& e) {
    e.kind = u.kind.text;
    e.hours = prog.units[i].hours;
    e.tags = texts_of(u.tags);
    e.level = levels_of(u.level);
    fill_window(u.effective, e.effective_from, e.effective_to);
    e.valid_for = duration_of(u.valid_for);
    e.credit_when = expression_text_of(prog, prog.units[i].credit_when);
  });
}

std::vector<equivalence_entry> equivalences_of(const ruleset_syntax& syntax, const program& prog) {
  const auto fill = [&](const equivalence_syntax& q, std::size_t i, equivalence_entry& e) {
    e.symmetric = q.symmetric;
    (q.symmetric ? e.equivalent : e.from) = texts_of(q.members);
    e.counts_as = texts_of(q.targets);
    fill_window(q.effective, e.effective_from, e.effective_to);
    e.when = expression_text_of(prog, prog.equivalences[i].when);
  };
  return entries_of<equivalence_entry>(syntax.equivalences, fill);
}

std::string_view form_key(requirement_form f) {
  switch (f) {
    case requirement_form::unit: return "unit";
    case requirement_form::all_of: return "all_of";
    case requirement_form::any_of: return "any_of";
    case requirement_form::n_of: return "n_of";
    case requirement_form::hours: return "hours";
    case requirement_form::count: return "count";
    case requirement_form::sum: return "sum";
    case requirement_form::avg: return "avg";
    case requirement_form::check: return "check";
  }
  return "unit";
}

// The requirement `r`, lowered to prog.requirements[index], and its subtree, in
// document order. The children of a lowered group are its written children, in
// order (resolve drops none when there is no error).
void add_requirement(const program& prog, const requirement_syntax& r, std::int32_t index,
                     std::int32_t parent, std::vector<requirement_entry>& out) {
  const requirement_info& info = prog.requirements[static_cast<std::size_t>(index)];
  using form = requirement_syntax::form;
  requirement_entry e;
  e.parent = parent;
  e.form = form_key(info.form);
  e.id = text_of(r.id);
  e.title = r.title;
  if (info.is_leaf()) e.leaf_name = prog.leaf_names[info.leaf_name];
  e.when = expression_text_of(prog, info.guard);
  if (r.kind == form::unit) e.unit = r.unit.text;
  if (r.kind == form::n_of) e.n = info.n;
  if (r.min) e.min = r.min->value;
  e.attr = text_of(r.attr);
  e.within = duration_of(r.within);
  if (r.kind == form::hours || r.kind == form::count || r.kind == form::sum || r.kind == form::avg) {
    selector_entry s;
    if (r.of.has_units) s.units = texts_of(r.of.units);
    s.kind = text_of(r.of.kind);
    if (r.of.has_tags) s.tags = texts_of(r.of.tags);
    if (r.of.has_marks) s.marks = texts_of(r.of.marks);
    if (info.selector != no_index)
      s.where = expression_text_of(prog, prog.selectors[static_cast<std::size_t>(info.selector)].where);
    e.of = std::move(s);
  }
  e.check = expression_text_of(prog, info.check);
  e.where = r.where;
  out.push_back(std::move(e));
  const auto self = static_cast<std::int32_t>(out.size() - 1);
  const std::size_t children = std::min<std::size_t>(info.child_count, r.children.size());
  for (std::size_t c = 0; c < children; ++c)
    add_requirement(prog, r.children[c],
                    static_cast<std::int32_t>(prog.requirement_children[info.first_child + c]), self, out);
}

std::vector<diploma_entry> diplomas_of(const ruleset_syntax& syntax, const program& prog) {
  std::map<std::string_view, const diploma_syntax*, std::less<>> by_id;
  for (const auto& d : syntax.diplomas) by_id.emplace(d.id.text, &d);
  std::vector<diploma_entry> out;
  out.reserve(prog.diplomas.size());
  for (const diploma_info& info : prog.diplomas) {  // sorted by id
    const diploma_syntax& d = *by_id.at(info.id);
    diploma_entry e;
    fill_entry(e, d.id, d.meta, d.where);
    e.level = levels_of(d.level);
    if (d.requires_ && info.root != no_index)
      add_requirement(prog, *d.requires_, info.root, -1, e.requirements);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

void build_metadata(const ruleset_syntax& syntax, program& prog) {
  prog.metadata.scales = scales_of(syntax, prog);
  prog.metadata.marks = marks_of(syntax, prog);
  prog.metadata.units = units_of(syntax, prog);
  prog.metadata.equivalences = equivalences_of(syntax, prog);
  prog.metadata.diplomas = diplomas_of(syntax, prog);
}

}  // namespace civeff::detail
