// SPDX-License-Identifier: Apache-2.0
// civeff._core: the thin C++ layer under the `civeff` package. It only creates
// the module and calls the register_* functions; the Pythonic API (load,
// Ruleset, evaluate_frame, diff, dask) is written in Python on top of it.
#include "civeff_python.hpp"

PYBIND11_MODULE(_core, m, pybind11::mod_gil_not_used()) {
  m.doc() = "Private C++ core of the civeff package; use the `civeff` module instead.";
  // civeff::version(): the project(civeff VERSION ...) line, as pyproject.toml's version.
  m.attr("__version__") = std::string(civeff::version());
  civeff::python::register_diagnostics(m);
  civeff::python::register_result(m);
  civeff::python::register_ruleset(m);
  civeff::python::register_population(m);
  civeff::python::register_frame(m);
  civeff::python::register_values(m);
  civeff::python::register_explain(m);
  civeff::python::register_metadata(m);
  civeff::python::register_diff(m);
  civeff::python::register_coverage(m);
  civeff::python::register_advice(m);
  civeff::python::register_whatif(m);
  civeff::python::register_report(m);
}
