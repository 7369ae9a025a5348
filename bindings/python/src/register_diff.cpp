// SPDX-License-Identifier: Apache-2.0
// The full diff (SPEC §12) of a population under two rulesets: civeff::diff
// runs with the GIL released and its diff_result is kept whole in a _core.Diff,
// so the CSV and JSON are the engine's own (`civeff diff --out`, `--format
// json`), and the rows reach pandas as columns built in C++: numpy arrays of
// codes and numbers, and per text column the few texts it uses. No Python
// object is made per row. civeff/_diff.py builds the DataFrames.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "arrays.hpp"
#include "civeff_python.hpp"

namespace civeff::python {
namespace {

struct diff_handle {
  diff_result result;
};

// The same declared attributes (SPEC §11), as `civeff diff` decides it: a
// population read under one ruleset reads the same under the other.
bool same_declarations(const std::vector<attribute_declaration>* a,
                       const std::vector<attribute_declaration>* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return std::equal(a->begin(), a->end(), b->begin(), b->end(), [](const auto& x, const auto& y) {
    return x.name == y.name && x.type == y.type && x.values == y.values && x.min == y.min && x.max == y.max;
  });
}

bool same_declarations(const ruleset_handle& a, const ruleset_handle& b) {
  return same_declarations(a.rules->declared_attributes(false), b.rules->declared_attributes(false)) &&
         same_declarations(a.rules->declared_attributes(true), b.rules->declared_attributes(true));
}

diff_handle run_diff(const ruleset_handle& before, const ruleset_handle& after,
                     const population_handle& before_pop, const population_handle& after_pop,
                     const py::handle& as_of, unsigned threads) {
  // The same handle twice is the same view: the engine then reads it once.
  const population_view& pop_a = checked(before_pop);
  const population_view& pop_b = checked(after_pop);
  batch_options options;
  options.as_of = date_from_py(as_of, "as_of");
  options.threads = threads;
  interruption ctrl_c;  // F13: Ctrl-C stops the diff within about 100 ms
  options.progress = &interruption::progress;
  options.progress_user = &ctrl_c;
  options.stop = &ctrl_c.stop();
  diff_handle out;
  {
    const py::gil_scoped_release release;
    out.result = diff(*before.rules, *after.rules, pop_a, pop_b, options);
  }
  ctrl_c.rethrow();
  return out;
}

// A text column of some rows: per row a code into the texts the column uses
// (sorted in byte order), -1 for an empty cell.
class text_column {
 public:
  explicit text_column(std::size_t texts) : local_(texts, -1) {}
  void add(std::int32_t text) {
    if (text == change_row::no_text) {
      codes_.push_back(-1);
      return;
    }
    std::int32_t& local = local_[static_cast<std::size_t>(text)];
    if (local < 0) {
      local = static_cast<std::int32_t>(used_.size());
      used_.push_back(text);
    }
    codes_.push_back(local);
  }
  // The codes renumbered so that the texts are in byte order.
  void sort(const diff_result& d) {
    std::vector<std::int32_t> order(used_.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::int32_t x, std::int32_t y) {
      return d.text(used_[static_cast<std::size_t>(x)]) < d.text(used_[static_cast<std::size_t>(y)]);
    });
    std::vector<std::int32_t> rank(used_.size()), sorted(used_.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      rank[static_cast<std::size_t>(order[k])] = static_cast<std::int32_t>(k);
      sorted[k] = used_[static_cast<std::size_t>(order[k])];
    }
    for (std::int32_t& c : codes_)
      if (c >= 0) c = rank[static_cast<std::size_t>(c)];
    used_ = std::move(sorted);
  }
  // (codes, texts), with the GIL held.
  py::tuple take(const diff_result& d) {
    py::list texts(used_.size());
    for (std::size_t k = 0; k < used_.size(); ++k) texts[k] = py::str(std::string(d.text(used_[k])));
    return py::make_tuple(to_numpy(std::move(codes_)), texts);
  }

 private:
  std::vector<std::int32_t> local_;  // text index -> code in this column, -1: not used
  std::vector<std::int32_t> used_;   // code in this column -> text index
  std::vector<std::int32_t> codes_;
};

// A date column: days since 1970-01-01 and whether the cell is empty.
struct date_column {
  std::vector<std::int64_t> days;
  std::vector<std::uint8_t> empty;
  void add(const std::optional<date>& d) {
    days.push_back(d ? d->days_since_epoch() : 0);
    empty.push_back(d ? 0 : 1);
  }
  py::tuple take() { return py::make_tuple(to_numpy(std::move(days)), to_numpy(std::move(empty))); }
};

std::optional<change_kind> kind_of(const std::string& name) {
  for (const change_kind k : {change_kind::diploma, change_kind::level, change_kind::credit})
    if (to_string(k) == name) return k;
  return std::nullopt;
}

// The rows of one kind as columns, named as the CSV names them, plus `person`
// (codes into persons), `achievement` (levels' subject) and `change`.
py::dict diff_columns(const diff_handle& h, const std::string& kind_name) {
  const auto kind = kind_of(kind_name);
  if (!kind) throw py::value_error("kind: expected 'diploma', 'level' or 'credit', got '" + kind_name + "'");
  const diff_result& d = h.result;
  constexpr const char* text_names[] = {"subject",        "scale",         "unit",   "before", "after",
                                        "missing_before", "missing_after", "change", "cause"};
  constexpr std::size_t n_text = std::size(text_names);
  std::vector<text_column> texts(n_text, text_column(d.texts.size()));
  date_column when, date_before, date_after;
  std::vector<std::int32_t> person;
  std::vector<std::int64_t> achievement;
  std::vector<double> progress_before, progress_after;
  {
    const py::gil_scoped_release release;
    constexpr double none = std::numeric_limits<double>::quiet_NaN();
    for (const change_row& r : d.rows) {
      if (r.kind != *kind) continue;
      person.push_back(static_cast<std::int32_t>(r.person));
      achievement.push_back(r.achievement);
      const std::int32_t cells[] = {r.subject,        r.scale,         r.unit,   r.before, r.after,
                                    r.missing_before, r.missing_after, r.change, r.cause};
      for (std::size_t k = 0; k < n_text; ++k) texts[k].add(cells[k]);
      when.add(r.when);
      date_before.add(r.date_before);
      date_after.add(r.date_after);
      progress_before.push_back(r.progress_before.value_or(none));
      progress_after.push_back(r.progress_after.value_or(none));
    }
    for (text_column& c : texts) c.sort(d);
  }
  py::dict out;
  out["person"] = to_numpy(std::move(person));
  out["achievement"] = to_numpy(std::move(achievement));
  for (std::size_t k = 0; k < n_text; ++k) out[text_names[k]] = texts[k].take(d);
  out["date"] = when.take();
  out["date_before"] = date_before.take();
  out["date_after"] = date_after.take();
  out["progress_before"] = to_numpy(std::move(progress_before));
  out["progress_after"] = to_numpy(std::move(progress_after));
  return out;
}

py::list summary(const diff_handle& h) {
  py::list out;
  for (const change_group& g : h.result.summary)
    out.append(
        py::make_tuple(std::string(to_string(g.kind)), g.change, g.cause, g.rows, g.people, g.example));
  return out;
}

py::bytes csv(const diff_handle& h, const std::string& dialect) {
  const auto parsed = parse_csv_dialect(dialect);
  if (!parsed) throw py::value_error("dialect: expected 'rfc4180' or 'excel-nl', got '" + dialect + "'");
  std::string text;
  {
    const py::gil_scoped_release release;
    text = to_csv(h.result, *parsed);
  }
  return py::bytes(text);
}

}  // namespace

void register_diff(py::module_& m) {
  py::class_<diff_handle>(m, "Diff", "The full diff of a population (SPEC 12); use civeff.diff.")
      .def_property_readonly("compared", [](const diff_handle& h) { return h.result.compared; })
      .def_property_readonly("changed_rules",
                             [](const diff_handle& h) { return to_list(h.result.changed_rules); })
      .def_property_readonly("persons", [](const diff_handle& h) { return to_list(h.result.persons); })
      .def_property_readonly("person_codes",
                             [](const diff_handle& h) {
                               return py::array_t<std::int32_t>(
                                   static_cast<py::ssize_t>(h.result.person_codes.size()),
                                   h.result.person_codes.data());
                             })
      .def_property_readonly("rows", [](const diff_handle& h) { return h.result.rows.size(); })
      .def_property_readonly("warnings",
                             [](const diff_handle& h) { return diagnostics_to_py(h.result.warnings); })
      .def_property_readonly("errors",
                             [](const diff_handle& h) { return diagnostics_to_py(h.result.errors); })
      .def("summary", &summary)
      .def("columns", &diff_columns, py::arg("kind"))
      .def("to_csv", &csv, py::arg("dialect") = std::string("rfc4180"))
      .def("to_json", [](const diff_handle& h) { return to_json(h.result); });

  m.def("diff", &run_diff, py::arg("before"), py::arg("after"), py::arg("before_population"),
        py::arg("after_population"), py::arg("as_of"), py::arg("threads") = 0U,
        "civeff::diff with the GIL released (Ctrl-C stops it): the population as each side's rules read it.");

  py::class_<ruleset_handle> cls = py::reinterpret_borrow<py::class_<ruleset_handle>>(m.attr("Ruleset"));
  cls.def(
      "same_declarations",
      [](const ruleset_handle& a, const ruleset_handle& b) { return same_declarations(a, b); },
      py::arg("other"),
      "SPEC §11: whether both declare the same attributes, so a population reads the same under either.");
}

}  // namespace civeff::python
