// SPDX-License-Identifier: Apache-2.0
// Coverage over a population (docs/language.md, "Coverage"): civeff::coverage
// runs with the GIL released; its rows reach pandas as columns built here, one
// list or numpy array per column. civeff/_coverage.py builds the DataFrame.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "arrays.hpp"
#include "civeff_python.hpp"

namespace civeff::python {
namespace {

struct coverage_handle {
  coverage_result result;
};

coverage_handle run_coverage(const ruleset_handle& rules, const population_handle& pop,
                             const py::handle& as_of, unsigned threads) {
  const population_view& view = checked(pop);
  batch_options options;
  options.as_of = date_from_py(as_of, "as_of");
  options.threads = threads;
  interruption ctrl_c;  // F13: Ctrl-C stops the run within about 100 ms
  options.progress = &interruption::progress;
  options.progress_user = &ctrl_c;
  options.stop = &ctrl_c.stop();
  coverage_handle out;
  {
    const py::gil_scoped_release release;
    out.result = coverage(*rules.rules, view, options);
  }
  ctrl_c.rethrow();
  return out;
}

// The rows as columns: rule, kind, file (lists of str), line, fired, of (int64 arrays).
py::dict coverage_columns(const coverage_handle& h) {
  const auto& rows = h.result.rows;
  py::list rule(rows.size()), kind(rows.size()), file(rows.size());
  std::vector<std::int64_t> line, fired, of;
  line.reserve(rows.size());
  fired.reserve(rows.size());
  of.reserve(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    rule[k] = py::str(rows[k].rule);
    kind[k] = py::str(std::string(to_string(rows[k].kind)));
    file[k] = py::str(rows[k].where.file);
    line.push_back(rows[k].where.line);
    fired.push_back(static_cast<std::int64_t>(rows[k].fired));
    of.push_back(static_cast<std::int64_t>(rows[k].of));
  }
  py::dict out;
  out["rule"] = rule;
  out["kind"] = kind;
  out["file"] = file;
  out["line"] = to_numpy(std::move(line));
  out["fired"] = to_numpy(std::move(fired));
  out["of"] = to_numpy(std::move(of));
  return out;
}

}  // namespace

void register_coverage(py::module_& m) {
  py::class_<coverage_handle>(m, "Coverage", "Coverage over a population; use Ruleset.coverage.")
      .def_property_readonly("persons", [](const coverage_handle& h) { return h.result.persons; })
      .def_property_readonly("achievements", [](const coverage_handle& h) { return h.result.achievements; })
      .def_property_readonly("counted", [](const coverage_handle& h) { return h.result.counted; })
      .def_property_readonly("never_fired", [](const coverage_handle& h) { return h.result.never_fired(); })
      .def_property_readonly("errors",
                             [](const coverage_handle& h) { return diagnostics_to_py(h.result.errors); })
      .def("columns", &coverage_columns)
      .def("to_text", [](const coverage_handle& h) { return to_text(h.result); })
      .def("to_json", [](const coverage_handle& h) { return to_json(h.result); })
      .def("to_html", [](const coverage_handle& h) { return to_html(h.result); });

  m.def("coverage", &run_coverage, py::arg("rules"), py::arg("population"), py::arg("as_of"),
        py::arg("threads") = 0U, "civeff::coverage with the GIL released (Ctrl-C stops it).");
}

}  // namespace civeff::python
