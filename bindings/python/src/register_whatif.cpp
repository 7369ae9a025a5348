// SPDX-License-Identifier: Apache-2.0
// What if (docs/language.md, "What if"): ruleset::what_if and
// ruleset::course_options with the GIL released. The added achievements are
// read by the portfolio reader (register_ruleset.cpp), strictly: a value of a
// declared attribute that does not convert, or an undeclared attribute, is an
// error (E082) as with `civeff whatif --attr`, never a value silently left out.
// The result reaches Python as the engine's object, its JSON and `proven`;
// civeff/whatif.py reads its fields from that JSON, so WhatIf.to_dict() is the
// very JSON `civeff whatif --format json` prints.
#include <pybind11/stl.h>

#include <cmath>
#include <string>

#include "civeff_python.hpp"
#include "core/diagnostic_codes.hpp"

namespace civeff::python {
namespace {

// `add=[{unit, marks, attrs, hours, date, exempt}]` as achievements, dated `as_of`
// unless they say otherwise. Everything but `hours` goes through the portfolio reader.
std::vector<achievement> added_from_py(const ruleset& rules, const py::handle& add, date as_of,
                                       const std::string& encoding) {
  const py::module_ abc = py::module_::import("collections.abc");
  if (py::isinstance<py::str>(add) || !py::isinstance(add, abc.attr("Sequence")))
    throw py::type_error("add: expected a list of mappings {unit, marks, attrs, hours, date}, got " +
                         type_name(add));
  py::list items;
  std::size_t k = 0;
  for (const py::handle item : add) {
    const std::string at = "add[" + std::to_string(k++) + "]";
    if (!py::isinstance(item, abc.attr("Mapping")))
      throw py::type_error(at + ": expected a mapping {unit, marks, attrs, hours, date}, got " +
                           type_name(item));
    py::dict one;
    one["date"] = py::str(as_of.to_string());
    for (const auto& entry : item.attr("items")()) {
      const auto pair = entry.cast<py::tuple>();
      const std::string key = py::str(pair[0]).cast<std::string>();
      if (key != "unit" && key != "marks" && key != "attrs" && key != "hours" && key != "date" &&
          key != "exempt")
        throw_input_error(
            detail::codes::input_shape,
            at + ": unknown key '" + key + "' (expected unit, marks, attrs, hours, date, exempt)");
      if (key == "hours" && !pair[1].is_none()) {
        const py_scalar h = scalar_from_py(pair[1]);
        const double* x = h.value && !h.is_text ? std::get_if<double>(&*h.value) : nullptr;
        if (x == nullptr || !std::isfinite(*x) || *x < 0)
          throw_input_error(detail::codes::what_if_value, at + ".hours: expected a number >= 0, got " +
                                                              py::repr(pair[1]).cast<std::string>());
      }
      one[py::str(key)] = py::reinterpret_borrow<py::object>(pair[1]);
    }
    if (!one.contains("unit") || one["unit"].is_none())
      throw_input_error(detail::codes::what_if_unit, at + ": an added achievement needs `unit`");
    items.append(one);
  }
  py::dict mapping;
  mapping["person"] = "what-if";
  mapping["achievements"] = items;
  input_warnings warnings;
  try {
    return read_one(rules, mapping, true, encoding, std::nullopt, warnings).achievements;
  } catch (const input_error& e) {
    // Strict reading makes W010 and W011 errors with their own codes: here they are E082.
    // The reader names fields `achievements[K]...`; here they are `add[K]...`.
    std::vector<diagnostic> ds = e.diagnostics();
    for (diagnostic& d : ds) {
      if (d.code == detail::codes::warn_conversion || d.code == detail::codes::warn_undeclared) {
        d.code = detail::codes::what_if_value;
        for (const std::string_view tail : {"; the value is left out", "; it is ignored"})
          if (d.message.ends_with(tail)) d.message.resize(d.message.size() - tail.size());
      }
      const std::string_view field = "achievements";
      if (d.message.starts_with(field)) d.message.replace(0, field.size(), "add");
    }
    throw input_error(std::move(ds));
  }
}

py::dict what_if_to_py(what_if_result w) {
  py::dict out;
  out["json"] = to_json(w);
  out["proven"] = w.proven;
  out["impl"] = py::cast(std::move(w));
  return out;
}

py::dict what_if(const ruleset_handle& r, const py::handle& source, const py::handle& add,
                 const py::handle& as_of, std::uint64_t max_steps, bool strict, const std::string& encoding,
                 const std::optional<std::string>& person) {
  const date day = date_from_py(as_of, "as_of");
  input_warnings warnings;
  const portfolio p = read_one(*r.rules, source, strict, encoding, person, warnings);
  const std::vector<achievement> added = added_from_py(*r.rules, add, day, encoding);
  what_if_result w;
  {
    const py::gil_scoped_release release;
    w = r.rules->what_if(p, added, day, {.max_steps = max_steps});
  }
  py::dict out = what_if_to_py(std::move(w));
  out["warnings"] = diagnostics_to_py(warnings.shown);
  out["warning_count"] = warnings.total;
  out["language"] = r.rules->language() == text_language::nl ? "nl" : "en";
  return out;
}

py::dict course_options(const ruleset_handle& r, const py::handle& source, const std::string& diploma,
                        const py::handle& as_of, std::size_t top, std::uint64_t max_steps, bool strict,
                        const std::string& encoding, const std::optional<std::string>& person) {
  const date day = date_from_py(as_of, "as_of");
  input_warnings warnings;
  const portfolio p = read_one(*r.rules, source, strict, encoding, person, warnings);
  std::vector<course_option> found;
  {
    const py::gil_scoped_release release;
    found = r.rules->course_options(p, diploma, day, top, {.max_steps = max_steps});
  }
  py::list options;
  for (course_option& c : found) {
    py::dict one;
    one["unit"] = c.unit;
    one["hours"] = c.hours;
    one["hours_saved"] = c.hours_saved;
    one["saved_per_hour"] = c.saved_per_hour;
    one["what_if"] = what_if_to_py(std::move(c.what_if));
    options.append(one);
  }
  py::dict out;
  out["options"] = options;
  out["warnings"] = diagnostics_to_py(warnings.shown);
  out["warning_count"] = warnings.total;
  out["language"] = r.rules->language() == text_language::nl ? "nl" : "en";
  return out;
}

}  // namespace

void register_whatif(py::module_& m) {
  py::class_<what_if_result>(m, "WhatIf", "A what-if for one person; use civeff.WhatIf.")
      .def("to_json", [](const what_if_result& w) { return to_json(w); })
      .def(
          "to_text", [](const what_if_result& w, const std::string& lang) { return to_text(w, lang); },
          py::arg("lang"));

  py::class_<ruleset_handle> cls = py::reinterpret_borrow<py::class_<ruleset_handle>>(m.attr("Ruleset"));
  cls.def("what_if", &what_if, py::arg("portfolio"), py::arg("add"), py::arg("as_of"),
          py::arg("max_steps") = 1'000'000, py::arg("strict") = false, py::arg("encoding") = "utf-8",
          py::arg("person") = py::none(),
          "ruleset::what_if with the GIL released: {json, proven, impl (the engine's object), warnings, "
          "warning_count, language}. `add`: [{unit, marks, attrs, hours, date}], date as_of by default.");
  cls.def("course_options", &course_options, py::arg("portfolio"), py::arg("diploma"), py::arg("as_of"),
          py::arg("top") = 5, py::arg("max_steps") = 1'000'000, py::arg("strict") = false,
          py::arg("encoding") = "utf-8", py::arg("person") = py::none(),
          "ruleset::course_options with the GIL released: {options: [{unit, hours, hours_saved, "
          "saved_per_hour, what_if: {json, proven, impl}}], warnings, warning_count, language}.");
}

}  // namespace civeff::python
