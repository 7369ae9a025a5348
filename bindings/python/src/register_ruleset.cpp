// SPDX-License-Identifier: Apache-2.0
// Compiling a ruleset and evaluating one portfolio. A portfolio is a Python
// mapping shaped as SPEC §3 (or a path to a YAML/JSON portfolio file); it is
// turned into a civeff::portfolio while holding the GIL, then evaluated with the
// GIL released, so many Python threads can evaluate against one ruleset at once.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <string>

#include "civeff_python.hpp"

namespace civeff::python {
namespace {

std::string type_name(py::handle h) {
  return py::str(py::type::handle_of(h).attr("__name__")).cast<std::string>();
}

bool is_mapping(py::handle h) {
  return py::isinstance(h, py::module_::import("collections.abc").attr("Mapping"));
}
bool is_sequence(py::handle h) {
  return !py::isinstance<py::str>(h) && !py::isinstance<py::bytes>(h) &&
         py::isinstance(h, py::module_::import("collections.abc").attr("Sequence"));
}
bool is_numpy_bool(py::handle h) {
  const py::handle t = py::type::handle_of(h);
  return py::hasattr(t, "__module__") && py::str(t.attr("__module__")).cast<std::string>() == "numpy" &&
         (type_name(h) == "bool_" || type_name(h) == "bool");
}
bool truth(py::handle h) {
  const int t = PyObject_IsTrue(h.ptr());
  if (t < 0) throw py::error_already_set();
  return t != 0;
}
double real(py::handle h) {
  const double x = PyFloat_AsDouble(h.ptr());
  if (x == -1.0 && PyErr_Occurred()) throw py::error_already_set();
  return x;
}
bool is_real(py::handle h) { return py::isinstance(h, py::module_::import("numbers").attr("Real")); }
bool is_date_like(py::handle h) {
  if (py::isinstance(h, py::module_::import("datetime").attr("date"))) return true;
  if (!py::hasattr(h, "dtype")) return false;
  const py::object dtype = h.attr("dtype");
  return py::hasattr(dtype, "kind") && dtype.attr("kind").cast<std::string>() == "M";
}

// Ids are text (SPEC §10): a str, or an int that is written as its digits.
std::string id_from_py(py::handle h, const std::string& what) {
  if (py::isinstance<py::str>(h)) return h.cast<std::string>();
  if (py::isinstance<py::int_>(h) && !py::isinstance<py::bool_>(h)) return py::str(h).cast<std::string>();
  throw_input_error("E041", what + ": expected a string, got " + type_name(h));
}

// An attribute value (SPEC §3): bool, number, text or date; None and NaN are absent.
std::optional<attribute_value> attribute_from_py(py::handle h, const std::string& what) {
  if (h.is_none()) return std::nullopt;
  if (py::isinstance<py::bool_>(h) || is_numpy_bool(h)) return attribute_value(truth(h));
  if (py::isinstance<py::str>(h)) return attribute_value(h.cast<std::string>());
  if (is_date_like(h)) {
    // pandas.NaT is a datetime subclass instance whose year is NaN-like: treat as absent.
    if (py::str(h).cast<std::string>() == "NaT") return std::nullopt;
    return attribute_value(date_from_py(h, what));
  }
  if (is_real(h)) {
    const double x = real(h);
    if (std::isnan(x)) return std::nullopt;
    return attribute_value(x);
  }
  throw_input_error("E041", what + ": expected a bool, number, string or date, got " + type_name(h));
}

attribute_map attributes_from_py(py::handle h, const std::string& what) {
  attribute_map out;
  if (h.is_none()) return out;
  if (!is_mapping(h)) throw_input_error("E041", what + ": expected a mapping, got " + type_name(h));
  for (const auto& item : h.attr("items")()) {
    const auto pair = item.cast<py::tuple>();
    if (!py::isinstance<py::str>(pair[0]))
      throw_input_error("E041", what + ": attribute names are strings, got " + type_name(pair[0]));
    const auto name = pair[0].cast<std::string>();
    if (auto v = attribute_from_py(pair[1], what + "." + name)) out.emplace(name, std::move(*v));
  }
  return out;
}

std::vector<std::string> marks_from_py(py::handle h, const std::string& what) {
  std::vector<std::string> out;
  if (h.is_none()) return out;
  if (py::isinstance<py::str>(h)) {  // `a;b`, as in a population's marks column
    const auto text = h.cast<std::string>();
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find(';', start);
      if (end == std::string::npos) end = text.size();
      std::string id = text.substr(start, end - start);
      const auto first = id.find_first_not_of(" \t"), last = id.find_last_not_of(" \t");
      if (first != std::string::npos) out.push_back(id.substr(first, last - first + 1));
      start = end + 1;
    }
    return out;
  }
  if (!is_sequence(h)) throw_input_error("E041", what + ": expected a list of mark ids, got " + type_name(h));
  std::size_t i = 0;
  for (const auto& m : h) out.push_back(id_from_py(m, what + "[" + std::to_string(i++) + "]"));
  return out;
}

achievement achievement_from_py(py::handle h, const std::string& what) {
  if (!is_mapping(h)) throw_input_error("E041", what + ": expected a mapping, got " + type_name(h));
  achievement a;
  bool has_date = false;
  for (const auto& item : h.attr("items")()) {
    const auto pair = item.cast<py::tuple>();
    const std::string key = py::str(pair[0]).cast<std::string>();
    const py::handle v = pair[1];
    const std::string at = what + "." + key;
    if (key == "unit") {
      if (!v.is_none()) a.unit = id_from_py(v, at);
    } else if (key == "title") {
      if (!v.is_none()) {
        if (!py::isinstance<py::str>(v))
          throw_input_error("E041", at + ": expected a string, got " + type_name(v));
        a.title = v.cast<std::string>();
      }
    } else if (key == "date") {
      a.when = date_from_py(v, at);
      has_date = true;
    } else if (key == "hours") {
      if (v.is_none()) continue;
      if (py::isinstance<py::bool_>(v) || !is_real(v))
        throw_input_error("E041", at + ": expected a number, got " + type_name(v));
      const double x = real(v);
      if (!std::isnan(x)) a.hours = x;
    } else if (key == "marks") {
      a.marks = marks_from_py(v, at);
    } else if (key == "attrs") {
      a.attrs = attributes_from_py(v, at);
    } else if (key == "exempt") {
      if (v.is_none()) continue;
      if (!py::isinstance<py::bool_>(v) && !is_numpy_bool(v))
        throw_input_error("E041", at + ": expected true or false, got " + py::repr(v).cast<std::string>());
      a.exempt = truth(v);
    } else {
      throw_input_error("E041", what + ": unknown key '" + key +
                                    "' (expected unit, title, date, hours, marks, attrs, exempt)");
    }
  }
  if (!has_date) throw_input_error("E041", what + ": the date is required");
  a.where = {"<python>", 0, 0};
  return a;
}

std::vector<achievement> achievements_from_py(py::handle h, const std::string& what) {
  if (!is_sequence(h))
    throw_input_error("E041", what + ": expected a list of achievements, got " + type_name(h));
  std::vector<achievement> out;
  std::size_t i = 0;
  for (const auto& a : h) out.push_back(achievement_from_py(a, what + "[" + std::to_string(i++) + "]"));
  return out;
}

// SPEC §3, §9: {person, attrs, achievements}, or a bare list of achievements.
portfolio portfolio_from_py(py::handle h) {
  portfolio p;
  if (is_sequence(h)) {
    p.achievements = achievements_from_py(h, "achievements");
    return p;
  }
  if (!is_mapping(h))
    throw py::type_error(
        "portfolio: expected a mapping {person, attrs, achievements}, a list of achievements "
        "or a path, got " +
        type_name(h));
  for (const auto& item : h.attr("items")()) {
    const auto pair = item.cast<py::tuple>();
    const std::string key = py::str(pair[0]).cast<std::string>();
    const py::handle v = pair[1];
    if (key == "person") {
      if (!v.is_none()) p.person = id_from_py(v, "person");
    } else if (key == "attrs") {
      p.attrs = attributes_from_py(v, "attrs");
    } else if (key == "achievements") {
      if (!v.is_none()) p.achievements = achievements_from_py(v, "achievements");
    } else {
      throw_input_error("E041",
                        "portfolio: unknown key '" + key + "' (expected person, attrs, achievements)");
    }
  }
  return p;
}

bool is_path(py::handle h) {
  return py::isinstance<py::str>(h) || py::isinstance(h, py::module_::import("os").attr("PathLike"));
}

}  // namespace

void register_ruleset(py::module_& m) {
  m.def(
      "compile",
      [](const std::filesystem::path& path, const std::vector<std::filesystem::path>& overlays,
         bool allow_outside_includes) {
        compile_result compiled;
        {
          const py::gil_scoped_release release;
          compile_options options;
          options.overlays = overlays;
          options.allow_outside_includes = allow_outside_includes;
          compiled = compile(path, options);
        }
        py::object rules = compiled.ok() ? py::cast(ruleset_handle{compiled.rules}) : py::none();
        return py::make_tuple(rules, diagnostics_to_py(compiled.diagnostics));
      },
      py::arg("path"), py::arg("overlays") = std::vector<std::filesystem::path>{},
      py::arg("allow_outside_includes") = false,
      "Compiles a ruleset: (Ruleset or None when there are errors, all diagnostics sorted). Includes "
      "that resolve outside the ruleset folder are errors unless allow_outside_includes.");

  py::class_<ruleset_handle>(m, "Ruleset", "A compiled ruleset (immutable; share it between threads).")
      .def_property_readonly("name", [](const ruleset_handle& r) { return r.rules->name(); })
      .def_property_readonly("version", [](const ruleset_handle& r) { return r.rules->version(); })
      .def_property_readonly("overlays", [](const ruleset_handle& r) { return r.rules->overlays(); })
      .def_property_readonly("scales", [](const ruleset_handle& r) { return r.rules->scale_names(); })
      .def_property_readonly("marks", [](const ruleset_handle& r) { return r.rules->mark_ids(); })
      .def_property_readonly("units", [](const ruleset_handle& r) { return r.rules->unit_ids(); })
      .def_property_readonly("equivalences",
                             [](const ruleset_handle& r) { return r.rules->equivalence_ids(); })
      .def_property_readonly("diplomas", [](const ruleset_handle& r) { return r.rules->diploma_ids(); })
      .def(
          "evaluate",
          [](const ruleset_handle& r, const py::handle& source, const py::handle& as_of) {
            const date day = date_from_py(as_of, "as_of");
            if (is_path(source)) {
              const auto path = py::cast<std::filesystem::path>(source);
              const py::gil_scoped_release release;
              return r.rules->evaluate(read_portfolio(path, *r.rules), day);
            }
            const portfolio p = portfolio_from_py(source);
            const py::gil_scoped_release release;
            return r.rules->evaluate(p, day);
          },
          py::arg("portfolio"), py::arg("as_of"),
          "Evaluates one portfolio (a mapping, a list of achievements, or a YAML/JSON file path).")
      .def(
          "run_tests",
          [](const ruleset_handle& r) {
            const py::gil_scoped_release release;
            return r.rules->run_tests();
          },
          "Runs the ruleset's own `tests:` cases.")
      .def("graph_dot", [](const ruleset_handle& r) { return r.rules->graph_dot(); });
}

}  // namespace civeff::python
