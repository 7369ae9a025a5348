// SPDX-License-Identifier: Apache-2.0
// The explanation of one evaluation (SPEC §12) as an opaque Python object. The
// Python class civeff.Explanation wraps it: its to_dict() is json.loads of the
// very text `civeff explain --format json` prints and its str() the text of
// `civeff explain`, so the three faces cannot drift apart.
#include <pybind11/stl.h>

#include "civeff_python.hpp"

namespace civeff::python {

void register_explain(py::module_& m) {
  py::class_<explanation>(m, "Explanation",
                          "One evaluation with its reasons (SPEC 12); use civeff.Explanation.")
      .def_property_readonly("person", [](const explanation& e) { return e.person; })
      .def_property_readonly("diplomas",
                             [](const explanation& e) {
                               std::vector<std::string> ids;
                               ids.reserve(e.diplomas.size());
                               for (const auto& [id, d] : e.diplomas) ids.push_back(id);
                               return ids;
                             })
      .def("to_json", [](const explanation& e) { return to_json(e); })
      .def(
          "to_text", [](const explanation& e, const std::string& diploma) { return to_text(e, diploma); },
          py::arg("diploma") = std::string());
}

}  // namespace civeff::python
