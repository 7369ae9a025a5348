// SPDX-License-Identifier: Apache-2.0
// The outcome of one evaluation (SPEC §6) as read-only Python objects, plus the
// date helpers the Python layer uses, so that every date is parsed by the engine.
//
// Result.to_dict() is json.loads(civeff::to_json(r)): the very text that
// `civeff eval --format json` prints, so the two cannot drift apart.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include "civeff_python.hpp"

namespace civeff::python {
namespace {

py::object optional_str(const std::optional<std::string>& s) {
  return s ? py::object(py::str(*s)) : py::none();
}

std::optional<std::string> optional_from(const py::handle& h) {
  if (h.is_none()) return std::nullopt;
  return h.cast<std::string>();
}

py::object levels_to_py(const achievement_result& a) {
  if (!a.counted) return py::none();
  py::dict d;
  for (const auto& [scale, level] : a.levels) d[py::str(scale)] = optional_str(level);
  return d;
}

// Pickle state: plain tuples of Python values, in field order.
py::tuple achievement_state(const achievement_result& a) {
  py::list levels;
  for (const auto& [scale, level] : a.levels) levels.append(py::make_tuple(scale, optional_str(level)));
  return py::make_tuple(optional_str(a.unit), a.title, a.when.days_since_epoch(), a.known, a.counted, levels);
}
achievement_result achievement_from_state(const py::tuple& t) {
  achievement_result a;
  a.unit = optional_from(t[0]);
  a.title = t[1].cast<std::string>();
  a.when = date(t[2].cast<std::int32_t>());
  a.known = t[3].cast<bool>();
  a.counted = t[4].cast<bool>();
  for (const auto& item : t[5].cast<py::list>()) {
    const auto pair = item.cast<py::tuple>();
    a.levels.emplace_back(pair[0].cast<std::string>(), optional_from(pair[1]));
  }
  return a;
}
py::tuple credit_state(const credit& c) { return py::make_tuple(c.when.days_since_epoch(), c.via); }
credit credit_from_state(const py::tuple& t) {
  return {date(t[0].cast<std::int32_t>()), t[1].cast<std::string>()};
}
py::tuple diploma_state(const diploma_result& d) {
  return py::make_tuple(static_cast<int>(d.status), d.progress, d.missing);
}
diploma_result diploma_from_state(const py::tuple& t) {
  diploma_result d;
  const int s = t[0].cast<int>();
  if (s < 0 || s > 2) throw py::value_error("bad DiplomaResult state");
  d.status = static_cast<diploma_status>(s);
  d.progress = t[1].cast<double>();
  d.missing = t[2].cast<std::vector<std::string>>();
  return d;
}

py::tuple result_state(const result& r) {
  py::list achievements;
  for (const auto& a : r.achievements) achievements.append(achievement_state(a));
  py::list credited;
  for (const auto& [unit, c] : r.credited) credited.append(py::make_tuple(unit, credit_state(c)));
  py::list diplomas;
  for (const auto& [id, d] : r.diplomas) diplomas.append(py::make_tuple(id, diploma_state(d)));
  return py::make_tuple(r.person, r.as_of.days_since_epoch(), r.ruleset, r.version, r.overlays, achievements,
                        credited, diplomas);
}
result result_from_state(const py::tuple& t) {
  if (t.size() != 8) throw py::value_error("bad Result state");
  result r;
  r.person = t[0].cast<std::string>();
  r.as_of = date(t[1].cast<std::int32_t>());
  r.ruleset = t[2].cast<std::string>();
  r.version = t[3].cast<std::string>();
  r.overlays = t[4].cast<std::vector<std::string>>();
  for (const auto& a : t[5].cast<py::list>())
    r.achievements.push_back(achievement_from_state(a.cast<py::tuple>()));
  for (const auto& item : t[6].cast<py::list>()) {
    const auto pair = item.cast<py::tuple>();
    r.credited[pair[0].cast<std::string>()] = credit_from_state(pair[1].cast<py::tuple>());
  }
  for (const auto& item : t[7].cast<py::list>()) {
    const auto pair = item.cast<py::tuple>();
    r.diplomas[pair[0].cast<std::string>()] = diploma_from_state(pair[1].cast<py::tuple>());
  }
  return r;
}

std::string shortest(double x) { return fmt::format("{}", x); }

}  // namespace

void register_result(py::module_& m) {
  // ------------------------------------------------------------ dates
  m.def(
      "to_day", [](const py::handle& value) { return date_from_py(value, "date").days_since_epoch(); },
      py::arg("value"),
      "Days since 1970-01-01 of a date, datetime, numpy.datetime64 or 'YYYY-MM-DD' string.");
  m.def(
      "parse_date",
      [](const std::string& text) -> py::object {
        if (auto d = date::parse(text)) return py::int_(d->days_since_epoch());
        return py::none();
      },
      py::arg("text"), "Days since 1970-01-01 of exactly 'YYYY-MM-DD' (a real day), else None.");
  m.def(
      "from_day", [](std::int32_t days) { return date_to_py(date(days)); }, py::arg("days"),
      "The datetime.date `days` after 1970-01-01.");
  m.def(
      "today", [] { return date::today_utc().days_since_epoch(); },
      "Today's date in UTC, as days since 1970-01-01 (the default `as_of`).");

  // ------------------------------------------------------------ result parts
  py::class_<achievement_result>(m, "AchievementResult",
                                 "One achievement of a result, in input order (SPEC §6).")
      .def_property_readonly(
          "unit", [](const achievement_result& a) { return optional_str(a.unit); },
          "The unit id, or None for an achievement without a unit.")
      .def_readonly("title", &achievement_result::title, "The free-text title, '' when none was given.")
      .def_property_readonly(
          "date", [](const achievement_result& a) { return date_to_py(a.when); }, "The achievement's date.")
      .def_readonly("known", &achievement_result::known, "Whether the unit is in the ruleset.")
      .def_readonly("counted", &achievement_result::counted, "False when dated after `as_of`.")
      .def_property_readonly("levels", &levels_to_py,
                             "Scale -> level (None for a null level), in the scales' declaration order; "
                             "None when the achievement is not counted.")
      .def("__repr__",
           [](const achievement_result& a) {
             return fmt::format("AchievementResult(unit={}, date={}, known={}, counted={}, levels={})",
                                a.unit ? "'" + *a.unit + "'" : std::string("None"), a.when.to_string(),
                                a.known ? "True" : "False", a.counted ? "True" : "False",
                                py::repr(levels_to_py(a)).cast<std::string>());
           })
      .def(py::pickle(&achievement_state, &achievement_from_state));

  py::class_<credit>(m, "Credit", "How and when a unit is credited (SPEC §5.3).")
      .def_property_readonly(
          "date", [](const credit& c) { return date_to_py(c.when); }, "The (latest) credit date.")
      .def_readonly("via", &credit::via, "'achievement', 'exemption' or the equivalence id.")
      .def(
          "__repr__",
          [](const credit& c) { return fmt::format("Credit(date={}, via='{}')", c.when.to_string(), c.via); })
      .def(py::pickle(&credit_state, &credit_from_state));

  py::class_<diploma_result>(m, "DiplomaResult", "Where a person stands on one diploma (SPEC §5.5).")
      .def_property_readonly(
          "status", [](const diploma_result& d) { return std::string(to_string(d.status)); },
          "'none', 'partial' or 'complete'.")
      .def_readonly("progress", &diploma_result::progress, "In [0, 1], rounded half up to 4 decimals.")
      .def_property_readonly(
          "missing", [](const diploma_result& d) { return py::tuple(py::cast(d.missing)); },
          "The unsatisfied leaves of the best branch, in document order.")
      .def("__repr__",
           [](const diploma_result& d) {
             return fmt::format("DiplomaResult(status='{}', progress={}, missing={})", to_string(d.status),
                                shortest(d.progress),
                                py::repr(py::tuple(py::cast(d.missing))).cast<std::string>());
           })
      .def(py::pickle(&diploma_state, &diploma_from_state));

  // ------------------------------------------------------------ result
  py::class_<result>(m, "Result",
                     "The outcome for one person (SPEC §6). Read-only; to_dict() gives the CLI's JSON as "
                     "Python data.")
      .def_readonly("person", &result::person)
      .def_property_readonly(
          "as_of", [](const result& r) { return date_to_py(r.as_of); }, "The reference date.")
      .def_readonly("ruleset", &result::ruleset, "The ruleset's name.")
      .def_readonly("version", &result::version, "The ruleset's version string.")
      .def_property_readonly(
          "overlays", [](const result& r) { return py::tuple(py::cast(r.overlays)); },
          "Names of the overlays applied, in order.")
      .def_property_readonly(
          "achievements",
          [](const result& r) {
            py::list out;
            for (const auto& a : r.achievements) out.append(py::cast(a));
            return py::tuple(out);
          },
          "The achievements in input order.")
      .def_property_readonly(
          "credited",
          [](const result& r) {
            py::dict out;
            for (const auto& [unit, c] : r.credited) out[py::str(unit)] = py::cast(c);
            return out;
          },
          "Unit id -> Credit, sorted by unit id.")
      .def_property_readonly(
          "diplomas",
          [](const result& r) {
            py::dict out;
            for (const auto& [id, d] : r.diplomas) out[py::str(id)] = py::cast(d);
            return out;
          },
          "Diploma id -> DiplomaResult, sorted by diploma id.")
      .def(
          "to_json", [](const result& r) { return to_json(r); },
          "The JSON text of SPEC §6, exactly as `civeff eval --format json` prints it.")
      .def(
          "to_dict", [](const result& r) { return py::module_::import("json").attr("loads")(to_json(r)); },
          "The JSON of SPEC §6 as Python data (json.loads of to_json()); keys in the spec's order.")
      .def(
          "to_text", [](const result& r) { return to_text(r); }, "A short human-readable rendering.")
      .def("__eq__",
           [](const result& a, const py::object& b) -> py::object {
             if (!py::isinstance<result>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             return py::bool_(result_state(a).equal(result_state(b.cast<const result&>())));
           })
      .def("__ne__",
           [](const result& a, const py::object& b) -> py::object {
             if (!py::isinstance<result>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             return py::bool_(result_state(a).not_equal(result_state(b.cast<const result&>())));
           })
      .def("__repr__",
           [](const result& r) {
             std::string diplomas;
             for (const auto& [id, d] : r.diplomas) {
               if (!diplomas.empty()) diplomas += ", ";
               diplomas += fmt::format("'{}': '{}' {}", id, to_string(d.status), shortest(d.progress));
             }
             return fmt::format("Result(person='{}', as_of={}, ruleset='{}', version='{}', diplomas={{{}}})",
                                r.person, r.as_of.to_string(), r.ruleset, r.version, diplomas);
           })
      .def(py::pickle(&result_state, &result_from_state));

  // ------------------------------------------------------------ tests: sections
  py::class_<test_outcome>(m, "TestOutcome", "The outcome of one case of a ruleset's `tests:` section.")
      .def_readonly("name", &test_outcome::name)
      .def_property_readonly("file", [](const test_outcome& t) { return t.where.file; })
      .def_property_readonly("line", [](const test_outcome& t) { return t.where.line; })
      .def_readonly("passed", &test_outcome::passed)
      .def_property_readonly(
          "failures", [](const test_outcome& t) { return py::tuple(py::cast(t.failures)); },
          "One line per unmet expectation.")
      .def("__repr__", [](const test_outcome& t) {
        return fmt::format("TestOutcome(name='{}', passed={})", t.name, t.passed ? "True" : "False");
      });
}

}  // namespace civeff::python
