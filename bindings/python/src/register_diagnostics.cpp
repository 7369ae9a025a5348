// SPDX-License-Identifier: Apache-2.0
// civeff's exceptions as Python exceptions. The exception classes are defined in
// Python (civeff/errors.py: RuleError, InputError, EvaluationError, all carrying
// `.diagnostics`), so they pickle and subclass naturally; this translator only
// builds them from the C++ ones.
#include "civeff_python.hpp"

namespace civeff::python {
namespace {

void raise_as(const char* name, const error& e) {
  const py::object cls = py::module_::import("civeff.errors").attr(name);
  const py::object exc = cls(py::str(e.what()), diagnostics_to_py(e.diagnostics()));
  PyErr_SetObject(cls.ptr(), exc.ptr());
}

}  // namespace

void register_diagnostics(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const rule_error& e) {
      raise_as("RuleError", e);
    } catch (const input_error& e) {
      raise_as("InputError", e);
    } catch (const evaluation_error& e) {
      raise_as("EvaluationError", e);
    } catch (const error& e) {
      raise_as("CiveffError", e);
    }
  });

  m.def(
      "_raise_for_test",
      [](const std::string& kind) {
        // Lets the test suite check the translation of each C++ exception type.
        std::vector<diagnostic> ds{{severity::error, "E999", {"f.yaml", 3, 7}, "test " + kind, {}}};
        ds.front().notes.push_back({severity::note, "", {"g.yaml", 1, 1}, "note here", {}});
        if (kind == "rule") throw rule_error(ds);
        if (kind == "input") throw input_error(ds);
        if (kind == "evaluation") throw evaluation_error(ds);
        throw error(ds);
      },
      py::arg("kind"));
}

}  // namespace civeff::python
