// SPDX-License-Identifier: Apache-2.0
// Rule metadata (civeff.hpp "rule metadata") as columns for pandas: each
// `*_table` method gives {column name: list of values}, one value per entry, in
// the ruleset's order. Values are plain Python: str or None, lists of str, ints
// (dates as days since 1970-01-01, or None), floats, and durations as ISO text.
// civeff/metadata.py turns them into DataFrames with their dtypes.
#include <pybind11/stl.h>

#include <string>
#include <string_view>

#include "civeff_python.hpp"
#include "core/suggest.hpp"

namespace civeff::python {
namespace {

// Columns in the order first added.
class table {
 public:
  void add(const char* column, py::object value) {
    if (!columns_.contains(column)) columns_[column] = py::list();
    columns_[column].cast<py::list>().append(std::move(value));
  }
  py::dict take() { return std::move(columns_); }

 private:
  py::dict columns_;
};

py::object text(const std::optional<std::string>& s) { return s ? py::object(py::str(*s)) : py::none(); }
py::object texts(const std::optional<std::vector<std::string>>& s) {
  return s ? py::object(py::cast(*s)) : py::none();
}
py::object days(const std::optional<date>& d) {
  return d ? py::object(py::int_(d->days_since_epoch())) : py::none();
}
py::object iso(const std::optional<duration>& d) {
  return d ? py::object(py::str(d->to_string())) : py::none();
}

// scale -> level, in the order written.
py::dict level_dict(const std::vector<scale_level>& assignments) {
  py::dict out;
  for (const auto& a : assignments) out[py::str(a.scale)] = py::str(a.level);
  return out;
}

void add_texts(table& t, const rule_entry& e) {
  t.add("title", text(e.title));
  t.add("name", text(e.name));
}
void add_provenance(table& t, const rule_entry& e) {
  t.add("source", text(e.source));
  t.add("notes", text(e.notes));
  t.add("file", py::str(e.where.file));
  t.add("line", py::int_(e.where.line));
}

py::dict scales_table(const ruleset_handle& r) {
  table t;
  for (const auto& s : r.rules->scales()) {
    t.add("id", py::str(s.id));
    t.add("levels", py::cast(s.levels));
    t.add("default", text(s.default_level));
    add_texts(t, s);
    add_provenance(t, s);
  }
  return t.take();
}

py::dict marks_table(const ruleset_handle& r) {
  table t;
  for (const auto& m : r.rules->marks()) {
    t.add("id", py::str(m.id));
    add_texts(t, m);
    t.add("issuer", text(m.issuer));
    t.add("attests", text(m.attests));
    t.add("valid_for", iso(m.valid_for));
    t.add("implies", py::cast(m.implies));
    add_provenance(t, m);
  }
  return t.take();
}

py::dict mark_levels_table(const ruleset_handle& r) {
  table t;
  for (const auto& m : r.rules->marks())
    for (const auto& per_scale : m.levels) {
      // SPEC §12: a bare level has no case index, as an explanation names it.
      const bool bare = per_scale.bare;
      for (std::size_t c = 0; c < per_scale.cases.size(); ++c) {
        t.add("mark", py::str(m.id));
        t.add("scale", py::str(per_scale.scale));
        t.add("case", bare ? py::object(py::none()) : py::object(py::int_(c)));
        t.add("when", text(per_scale.cases[c].when));
        t.add("level", py::str(per_scale.cases[c].level));
      }
    }
  return t.take();
}

py::dict units_table(const ruleset_handle& r) {
  table t;
  for (const auto& u : r.rules->units()) {
    t.add("id", py::str(u.id));
    t.add("kind", py::str(u.kind));
    add_texts(t, u);
    t.add("hours", py::float_(u.hours));
    t.add("tags", py::cast(u.tags));
    t.add("level", level_dict(u.level));
    t.add("effective_from", days(u.effective_from));
    t.add("effective_to", days(u.effective_to));
    t.add("valid_for", iso(u.valid_for));
    t.add("credit_when", text(u.credit_when));
    add_provenance(t, u);
  }
  return t.take();
}

py::dict equivalences_table(const ruleset_handle& r) {
  table t;
  for (const auto& e : r.rules->equivalences()) {
    t.add("id", py::str(e.id));
    t.add("symmetric", py::bool_(e.symmetric));
    t.add("equivalent", py::cast(e.equivalent));
    t.add("from", py::cast(e.from));
    t.add("counts_as", py::cast(e.counts_as));
    t.add("effective_from", days(e.effective_from));
    t.add("effective_to", days(e.effective_to));
    t.add("when", text(e.when));
    add_texts(t, e);
    add_provenance(t, e);
  }
  return t.take();
}

py::dict diplomas_table(const ruleset_handle& r) {
  table t;
  for (const auto& d : r.rules->diplomas()) {
    t.add("id", py::str(d.id));
    add_texts(t, d);
    t.add("level", level_dict(d.level));
    add_provenance(t, d);
  }
  return t.take();
}

void add_requirements(table& t, const diploma_entry& d) {
  std::vector<std::int64_t> depth;
  for (std::size_t i = 0; i < d.requirements.size(); ++i) {
    const requirement_entry& n = d.requirements[i];
    depth.push_back(n.parent < 0 ? 0 : depth[static_cast<std::size_t>(n.parent)] + 1);
    const bool leaf = !n.leaf_name.empty();
    t.add("diploma", py::str(d.id));
    t.add("node", py::int_(i));
    t.add("parent", py::int_(n.parent));
    t.add("depth", py::int_(depth.back()));
    t.add("form", py::str(n.form));
    // SPEC §6: a node is named by its id, a leaf without one by its name in `missing`.
    t.add("id", leaf ? py::object(py::str(n.leaf_name)) : text(n.id));
    t.add("title", text(n.title));
    t.add("leaf", py::bool_(leaf));
    t.add("when", text(n.when));
    t.add("unit", text(n.unit));
    t.add("n", n.n ? py::object(py::int_(*n.n)) : py::none());
    t.add("min", n.min ? py::object(py::float_(*n.min)) : py::none());
    t.add("attr", text(n.attr));
    t.add("within", iso(n.within));
    const selector_entry none;
    const selector_entry& of = n.of ? *n.of : none;
    t.add("units", texts(of.units));
    t.add("kind", text(of.kind));
    t.add("tags", texts(of.tags));
    t.add("marks", texts(of.marks));
    t.add("where", text(of.where));
    t.add("check", text(n.check));
    t.add("file", py::str(n.where.file));
    t.add("line", py::int_(n.where.line));
  }
}

py::dict requirements_table(const ruleset_handle& r, const std::optional<std::string>& diploma) {
  table t;
  const auto& diplomas = r.rules->diplomas();
  if (!diploma) {
    for (const auto& d : diplomas) add_requirements(t, d);
    return t.take();
  }
  for (const auto& d : diplomas)
    if (d.id == *diploma) {
      add_requirements(t, d);
      return t.take();
    }
  std::vector<std::string_view> ids;
  for (const auto& d : diplomas) ids.push_back(d.id);
  throw py::value_error("unknown diploma '" + *diploma + "'" + detail::did_you_mean(*diploma, ids));
}

}  // namespace

void register_metadata(py::module_& m) {
  py::class_<ruleset_handle> cls = py::reinterpret_borrow<py::class_<ruleset_handle>>(m.attr("Ruleset"));
  cls.def("scales_table", &scales_table, "Rule metadata: the scales as columns.")
      .def("marks_table", &marks_table, "Rule metadata: the marks as columns.")
      .def("mark_levels_table", &mark_levels_table, "Rule metadata: every mark's cases, per scale.")
      .def("units_table", &units_table, "Rule metadata: the units as columns.")
      .def("equivalences_table", &equivalences_table, "Rule metadata: the equivalences as columns.")
      .def("diplomas_table", &diplomas_table, "Rule metadata: the diplomas as columns.")
      .def("requirements_table", &requirements_table, py::arg("diploma") = py::none(),
           "Rule metadata: the requirement nodes of one diploma (None: of all), in document order.");
}

}  // namespace civeff::python
