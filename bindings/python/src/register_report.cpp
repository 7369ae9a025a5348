// SPDX-License-Identifier: Apache-2.0
// The person's report (docs/report.md): render_report for one portfolio, and
// print_pdf for format "pdf", both with the GIL released. The text (or the PDF's
// bytes) is what `civeff report` writes for the same inputs; civeff/_ruleset.py
// (Ruleset.report) checks the arguments and names the files for the page's
// `civeff eval` command.
#include <pybind11/stl.h>

#include "civeff_python.hpp"

namespace civeff::python {
namespace {

py::tuple report(const ruleset_handle& r, const py::handle& source, const py::handle& as_of,
                 const std::optional<std::string>& lang, const std::string& format, bool strict,
                 const std::string& encoding, const std::optional<std::string>& person,
                 const std::string& ruleset_path, const std::string& portfolio_path,
                 const std::vector<std::string>& overlay_paths) {
  const date day = date_from_py(as_of, "as_of");
  input_warnings warnings;
  const portfolio p = read_one(*r.rules, source, strict, encoding, person, warnings);
  report_options options;
  if (lang) options.language = *lang == "nl" ? text_language::nl : text_language::en;
  options.ruleset_path = ruleset_path;
  options.portfolio_path = portfolio_path;
  options.overlay_paths = overlay_paths;
  if (person) options.read_arguments = {"--person", *person};
  if (encoding != "utf-8")
    options.read_arguments.insert(options.read_arguments.end(), {"--encoding", encoding});
  std::string out;
  {
    const py::gil_scoped_release release;
    out = render_report(*r.rules, p, day, format == "md" ? report_format::markdown : report_format::html,
                        options);
    if (format == "pdf") out = print_pdf(out);
  }
  py::object text = format == "pdf" ? py::object(py::bytes(out)) : py::object(py::str(out));
  return py::make_tuple(text, diagnostics_to_py(warnings.shown), warnings.total);
}

}  // namespace

void register_report(py::module_& m) {
  py::class_<ruleset_handle> cls = py::reinterpret_borrow<py::class_<ruleset_handle>>(m.attr("Ruleset"));
  cls.def("report", &report, py::arg("portfolio"), py::arg("as_of"), py::arg("lang") = py::none(),
          py::arg("format") = "html", py::arg("strict") = false, py::arg("encoding") = "utf-8",
          py::arg("person") = py::none(), py::arg("ruleset_path") = std::string(),
          py::arg("portfolio_path") = std::string(), py::arg("overlay_paths") = std::vector<std::string>(),
          "render_report (and print_pdf for format 'pdf') with the GIL released: (the page as str, or "
          "the PDF as bytes; the first reading warnings; how many in all).");
}

}  // namespace civeff::python
