// SPDX-License-Identifier: Apache-2.0
// Scales, marks, units and equivalences (SPEC §2.1-§2.4), and the section dispatch.

#include "yaml/sections.hpp"

#include <array>
#include <iterator>

namespace civeff::detail {
namespace {

constexpr std::array<std::string_view, 9> section_names = {
    "scales", "marks", "units", "equivalences", "diplomas", "tests", "attributes", "person_attributes", "badges"};

template <class T>
void append(std::vector<T>& into, std::vector<T>&& more) {
  into.insert(into.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

// The entries of a list-shaped section, each a mapping.
template <class Read>
void each_entry(yaml_reader& r, const yaml_field& f, Read read) {
  const auto items = r.list(f);
  if (!items) return;
  for (const auto& item : *items) read(item);
}

void read_scale(yaml_reader& r, const yaml_field& key, std::vector<scale_syntax>& out) {
  scale_syntax s;
  s.id = located_text{key.key, key.key_where};
  const std::string what = "scale '" + key.key + "'";
  auto fields =
      r.mapping(key.value, {"levels", "default", "title", "name", "source", "notes"}, what, key.key_where);
  if (!fields) {
    r.lose_name(key.key);
    return;
  }
  if (s.id.text.empty()) r.error(codes::wrong_shape, key.key_where, "a scale name must not be empty");
  r.require(*fields, "levels", what);
  if (const auto* f = fields->find("levels")) s.levels = r.name_list(*f);
  if (const auto* f = fields->find("default")) {
    s.has_default = true;
    if (!f->value.IsNull()) s.default_level = r.name(*f);
  }
  r.meta(*fields, s.meta);
  out.push_back(std::move(s));
}

// A mark's `levels`: scale -> a bare level, or a list of {when, level} cases (SPEC §2.2).
std::vector<mark_scale_syntax> read_mark_levels(yaml_reader& r, const yaml_field& f) {
  std::vector<mark_scale_syntax> out;
  auto scales = r.keyed(f.value, "`levels`", f.key_where);
  if (!scales) return out;
  for (const auto& per_scale : scales->items) {
    mark_scale_syntax m;
    m.scale = located_text{per_scale.key, per_scale.key_where};
    if (per_scale.value.IsSequence()) {
      for (auto it = per_scale.value.begin(); it != per_scale.value.end(); ++it) {
        const YAML::Node item = *it;
        auto c =
            r.mapping(item, {"when", "level"}, "a case of scale '" + per_scale.key + "'", r.place(per_scale));
        if (!c) continue;
        mark_case_syntax mc;
        mc.where = c->where;
        if (const auto* when = c->find("when")) mc.when = r.expression(*when);
        if (!r.require(*c, "level", "a case")) continue;
        auto level = r.name(*c->find("level"));
        if (!level) continue;
        mc.level = std::move(*level);
        m.cases.push_back(std::move(mc));
      }
    } else if (per_scale.value.IsScalar()) {
      auto level = r.name(per_scale);
      if (!level) continue;
      m.bare = true;
      mark_case_syntax mc;
      mc.where = level->where;
      mc.level = std::move(*level);
      m.cases.push_back(std::move(mc));
    } else {
      r.error(codes::wrong_shape, r.place(per_scale),
              "scale '" + per_scale.key + "' needs a level or a list of cases ({when, level}), not " +
                  describe(per_scale.value));
      continue;
    }
    out.push_back(std::move(m));
  }
  return out;
}

void read_mark(yaml_reader& r, const YAML::Node& node, const syntax_location& fallback,
               std::vector<mark_syntax>& out) {
  auto fields = r.mapping(
      node, {"id", "levels", "valid_for", "implies", "title", "name", "source", "notes", "issuer", "attests"},
      "a mark", fallback);
  if (!fields) return;
  mark_syntax m;
  m.where = fields->where;
  std::optional<located_text> id;
  if (r.require(*fields, "id", "a mark")) id = r.name(*fields->find("id"));
  r.require(*fields, "levels", "a mark");
  if (const auto* f = fields->find("levels")) m.levels = read_mark_levels(r, *f);
  if (const auto* f = fields->find("valid_for")) m.valid_for = r.duration_value(*f);
  if (const auto* f = fields->find("implies")) m.implies = r.name_list(*f);
  r.meta(*fields, m.meta);
  if (!id) {  // reported; an entry without an id cannot be referred to
    r.lose_names(node);
    return;
  }
  m.id = std::move(*id);
  out.push_back(std::move(m));
}

void read_unit(yaml_reader& r, const YAML::Node& node, const syntax_location& fallback,
               std::vector<unit_syntax>& out) {
  auto fields = r.mapping(node,
                          {"id", "kind", "hours", "tags", "level", "effective", "valid_for", "credit_when",
                           "title", "name", "source", "notes"},
                          "a unit", fallback);
  if (!fields) return;
  unit_syntax u;
  u.where = fields->where;
  std::optional<located_text> id;
  if (r.require(*fields, "id", "a unit")) id = r.name(*fields->find("id"));
  if (r.require(*fields, "kind", "a unit"))
    if (auto kind = r.name(*fields->find("kind"))) u.kind = std::move(*kind);
  if (const auto* f = fields->find("hours")) u.hours = r.number(*f);
  if (const auto* f = fields->find("tags")) u.tags = r.name_list(*f);
  if (const auto* f = fields->find("level")) u.level = read_level_assignments(r, *f);
  if (const auto* f = fields->find("effective")) u.effective = read_window(r, *f);
  if (const auto* f = fields->find("valid_for")) u.valid_for = r.duration_value(*f);
  if (const auto* f = fields->find("credit_when")) u.credit_when = r.expression(*f);
  r.meta(*fields, u.meta);
  if (!id) {
    r.lose_names(node);
    return;
  }
  u.id = std::move(*id);
  out.push_back(std::move(u));
}

void read_equivalence(yaml_reader& r, const YAML::Node& node, const syntax_location& fallback,
                      std::vector<equivalence_syntax>& out) {
  auto fields = r.mapping(
      node,
      {"id", "equivalent", "from", "counts_as", "effective", "when", "title", "name", "source", "notes"},
      "an equivalence", fallback);
  if (!fields) return;
  equivalence_syntax e;
  e.where = fields->where;
  std::optional<located_text> id;
  if (r.require(*fields, "id", "an equivalence")) id = r.name(*fields->find("id"));
  const auto* equivalent = fields->find("equivalent");
  const auto* from = fields->find("from");
  const auto* counts_as = fields->find("counts_as");
  if (equivalent && (from || counts_as)) {
    const yaml_field* other = from ? from : counts_as;
    r.error(codes::wrong_shape, other->key_where,
            "an equivalence is either `equivalent` (symmetric) or `from` + `counts_as` (directed), not both");
  } else if (!equivalent && !from && !counts_as) {
    r.error(codes::missing_key, fields->where,
            "an equivalence needs `equivalent`, or `from` and `counts_as`");
  } else if (!equivalent) {
    if (!from) r.require(*fields, "from", "an equivalence with `counts_as`");
    if (!counts_as) r.require(*fields, "counts_as", "an equivalence with `from`");
  }
  if (equivalent) {
    e.symmetric = true;
    e.members = r.name_list(*equivalent);
  } else {
    if (from) e.members = r.name_list(*from);
    if (counts_as) e.targets = r.name_list(*counts_as);
  }
  if (const auto* f = fields->find("effective")) e.effective = read_window(r, *f);
  if (const auto* f = fields->find("when")) e.when = r.expression(*f);
  r.meta(*fields, e.meta);
  if (!id) {
    r.lose_names(node);
    return;
  }
  e.id = std::move(*id);
  out.push_back(std::move(e));
}

}  // namespace

void read_attribute_declarations(yaml_reader& r, const yaml_field& f, std::vector<attribute_syntax>& out) {
  const auto names = r.keyed(f.value, "`" + f.key + "`", f.key_where);
  if (!names) return;
  for (const auto& entry : names->items) {
    attribute_syntax a;
    a.id = located_text{entry.key, entry.key_where};
    a.where = entry.key_where;
    const std::string what = "attribute '" + entry.key + "'";
    auto fields = r.mapping(entry.value, {"type", "values", "min", "max", "title", "name", "source", "notes"}, what,
                            entry.key_where);
    if (!fields) {
      r.lose_name(entry.key);
      continue;
    }
    if (entry.key.empty()) r.error(codes::wrong_shape, entry.key_where, "an attribute name must not be empty");
    if (r.require(*fields, "type", what)) a.type = r.name(*fields->find("type"));
    if (const auto* v = fields->find("values")) {
      a.has_values = true;
      a.values = r.name_list(*v);
    }
    if (const auto* v = fields->find("min")) a.min = r.number(*v);
    if (const auto* v = fields->find("max")) a.max = r.number(*v);
    r.meta(*fields, a.meta);
    out.push_back(std::move(a));
  }
}

bool is_section_name(std::string_view key) {
  for (auto name : section_names)
    if (name == key) return true;
  return false;
}

std::optional<effective_window> read_window(yaml_reader& r, const yaml_field& f) {
  auto fields = r.mapping(f.value, {"from", "to"}, "`effective`", f.key_where);
  if (!fields) return std::nullopt;
  effective_window w;
  w.where = fields->where;
  if (const auto* from = fields->find("from")) w.from = r.date_value(*from);
  if (const auto* to = fields->find("to")) w.to = r.date_value(*to);
  if (!fields->find("from") && !fields->find("to"))
    r.error(codes::missing_key, fields->where, "`effective` needs `from`, `to` or both");
  return w;
}

std::vector<level_assignment> read_level_assignments(yaml_reader& r, const yaml_field& f) {
  std::vector<level_assignment> out;
  auto fields = r.keyed(f.value, "`level`", f.key_where);
  if (!fields) return out;
  for (const auto& item : fields->items)
    if (auto level = r.name(item)) out.push_back({located_text{item.key, item.key_where}, std::move(*level)});
  return out;
}

void read_scales(yaml_reader& r, const yaml_field& f, std::vector<scale_syntax>& out) {
  // SPEC §2.1: a mapping keyed by scale name, in declaration order.
  auto scales = r.keyed(f.value, "`scales`", f.key_where);
  if (!scales) return;
  for (const auto& s : scales->items) read_scale(r, s, out);
}

void read_marks(yaml_reader& r, const yaml_field& f, std::vector<mark_syntax>& out) {
  each_entry(r, f, [&](const YAML::Node& n) { read_mark(r, n, r.place(f), out); });
}

void read_units(yaml_reader& r, const yaml_field& f, std::vector<unit_syntax>& out) {
  each_entry(r, f, [&](const YAML::Node& n) { read_unit(r, n, r.place(f), out); });
}

void read_equivalences(yaml_reader& r, const yaml_field& f, std::vector<equivalence_syntax>& out) {
  each_entry(r, f, [&](const YAML::Node& n) { read_equivalence(r, n, r.place(f), out); });
}

void read_section(yaml_reader& r, const yaml_field& f, section_set& out) {
  // SPEC §11: a declared section, even an empty one, makes every undeclared name an error.
  if (f.key == "attributes") out.attributes_declared = true;
  if (f.key == "person_attributes") out.person_attributes_declared = true;
  if (f.value.IsNull()) return;  // `units:` with nothing under it: an empty section
  if (f.key == "scales") read_scales(r, f, out.scales);
  else if (f.key == "marks") read_marks(r, f, out.marks);
  else if (f.key == "units") read_units(r, f, out.units);
  else if (f.key == "equivalences") read_equivalences(r, f, out.equivalences);
  else if (f.key == "diplomas") read_diplomas(r, f, out.diplomas);
  else if (f.key == "tests") read_tests(r, f, out.tests);
  else if (f.key == "attributes") read_attribute_declarations(r, f, out.attributes);
  else if (f.key == "person_attributes") read_attribute_declarations(r, f, out.person_attributes);
  else if (f.key == "badges") read_badges(r, f, out.badges);
}

void report_duplicate_ids(diagnostic_sink& sink, const section_set& s) {
  report_duplicate_ids(sink, s.scales, "scale");
  report_duplicate_ids(sink, s.marks, "mark");
  report_duplicate_ids(sink, s.units, "unit");
  report_duplicate_ids(sink, s.equivalences, "equivalence");
  report_duplicate_ids(sink, s.diplomas, "diploma");
  report_duplicate_ids(sink, s.attributes, "attribute");
  report_duplicate_ids(sink, s.person_attributes, "person attribute");
}

void append_sections(section_set& into, section_set&& more) {
  append(into.scales, std::move(more.scales));
  append(into.marks, std::move(more.marks));
  append(into.units, std::move(more.units));
  append(into.equivalences, std::move(more.equivalences));
  append(into.diplomas, std::move(more.diplomas));
  append(into.tests, std::move(more.tests));
  append(into.attributes, std::move(more.attributes));
  append(into.person_attributes, std::move(more.person_attributes));
  append(into.badges, std::move(more.badges));
  into.attributes_declared = into.attributes_declared || more.attributes_declared;
  into.person_attributes_declared = into.person_attributes_declared || more.person_attributes_declared;
}

}  // namespace civeff::detail
