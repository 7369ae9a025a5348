// SPDX-License-Identifier: Apache-2.0
// Compiling a ruleset and evaluating one portfolio. A portfolio is a Python
// mapping shaped as SPEC §3 (or a path to a YAML/JSON portfolio file); it is
// turned into a civeff::portfolio while holding the GIL, then evaluated with the
// GIL released, so many Python threads can evaluate against one ruleset at once.
#include <fmt/format.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "civeff_python.hpp"
#include "core/diagnostic_codes.hpp"
#include "core/input_values.hpp"
#include "core/suggest.hpp"

namespace civeff::python {
namespace {

bool is_mapping(py::handle h) {
  return py::isinstance(h, py::module_::import("collections.abc").attr("Mapping"));
}
bool is_sequence(py::handle h) {
  return !py::isinstance<py::str>(h) && !py::isinstance<py::bytes>(h) &&
         py::isinstance(h, py::module_::import("collections.abc").attr("Sequence"));
}
// Text of a str; an input error naming `what` for one without UTF-8 (F11).
std::string text_from_py(py::handle h, const std::string& what) {
  const std::optional<std::string_view> utf8 = utf8_of(h);
  if (!utf8) throw_input_error("E041", what + ": " + std::string(not_unicode));
  return std::string(*utf8);
}

// Ids are text (SPEC §10): a str, or an int that is written as its digits.
std::string id_from_py(py::handle h, const std::string& what) {
  if (py::isinstance<py::str>(h)) return text_from_py(h, what);
  if (py::isinstance<py::int_>(h) && !py::isinstance<py::bool_>(h)) return py::str(h).cast<std::string>();
  throw_input_error("E041", what + ": expected a string, got " + type_name(h));
}

// A scalar field, or an input error naming it (F20: 10**400 is not an OverflowError).
py_scalar field_from_py(py::handle h, const std::string& what) {
  py_scalar s = scalar_from_py(h);
  if (!s.problem.empty()) throw_input_error("E041", what + ": " + s.problem);
  return s;
}

// A portfolio mapping (SPEC §3) read with the ruleset's declarations (SPEC §11):
// values of declared attributes converted as a portfolio file's are, W010 for one
// that does not convert, W011 once per undeclared name. Warnings name the field
// (`achievements[0].attrs.grade`), as the errors of a Python portfolio do.
class portfolio_reader {
 public:
  portfolio_reader(const ruleset& rules, bool strict) : rules_(rules), strict_(strict) {}

  portfolio read(py::handle h) {
    portfolio p;
    if (is_sequence(h)) {
      p.achievements = achievements(h, "achievements");
    } else if (!is_mapping(h)) {
      throw py::type_error(
          "portfolio: expected a mapping {person, attrs, achievements}, a list of achievements "
          "or a path, got " +
          type_name(h));
    } else {
      bool has_person = false;
      for (const auto& item : h.attr("items")()) {
        const auto pair = item.cast<py::tuple>();
        const std::string key = text_from_py(py::str(pair[0]), "portfolio key");
        const py::handle v = pair[1];
        if (key == "person") {
          has_person = !v.is_none();
          if (has_person) p.person = id_from_py(v, "person");
        } else if (key == "attrs") {
          p.attrs = attributes(v, "attrs", true);
        } else if (key == "achievements") {
          if (!v.is_none()) p.achievements = achievements(v, "achievements");
        } else {
          throw_input_error("E041",
                            "portfolio: unknown key '" + key + "' (expected person, attrs, achievements)");
        }
      }
      // As a portfolio file (F8): a mapping names its person; a bare list need not.
      if (!has_person) throw_input_error("E041", "portfolio: a portfolio needs `person`");
    }
    convert_declared(p);
    return p;
  }

  // W010 and W011, the first input_warnings::shown_limit in order, and their count.
  input_warnings take_warnings() {
    input_warnings out;
    out.total = warnings_.size();
    if (warnings_.size() > input_warnings::shown_limit) warnings_.resize(input_warnings::shown_limit);
    out.shown = std::move(warnings_);
    return out;
  }

 private:
  // A value of a declared attribute, converted once the whole portfolio is read
  // (SPEC §11: one month-first value makes every day-first value of that name fail).
  struct pending {
    std::string what;
    const attribute_declaration* declared;
    py_scalar value;
    bool person;
    std::size_t achievement;  // person == false
  };

  // " (did you mean 'exam'?)", the closest declared name, as the file readers say it.
  static std::string hint(std::string_view name, const std::vector<std::string_view>& names) {
    const std::optional<std::string> best = detail::closest(name, names);
    return best ? " (did you mean '" + *best + "'?)" : std::string();
  }

  void warn(const char* code, std::string message) {
    diagnostic d{
        strict_ ? severity::error : severity::warning, code, {"<python>", 0, 0}, std::move(message), {}};
    warnings_.push_back(std::move(d));
  }

  attribute_map attributes(py::handle h, const std::string& what, bool person) {
    attribute_map out;
    if (h.is_none()) return out;
    if (!is_mapping(h)) throw_input_error("E041", what + ": expected a mapping, got " + type_name(h));
    const std::vector<attribute_declaration>* declared = rules_.declared_attributes(person);
    for (const auto& item : h.attr("items")()) {
      const auto pair = item.cast<py::tuple>();
      if (!py::isinstance<py::str>(pair[0]))
        throw_input_error("E041", what + ": attribute names are strings, got " + type_name(pair[0]));
      const std::string name = text_from_py(pair[0], what + " name");
      const std::string at = what + "." + name;
      py_scalar v = field_from_py(pair[1], at);
      if (declared == nullptr) {  // SPEC §3: a str is text, a bool, number or date is itself
        if (v.value) out.insert_or_assign(name, std::move(*v.value));
        continue;
      }
      const auto it =
          std::find_if(declared->begin(), declared->end(), [&](const auto& d) { return d.name == name; });
      if (it == declared->end()) {
        if (!undeclared_.insert((person ? "person." : "") + name).second) continue;
        std::vector<std::string_view> names;
        for (const auto& d : *declared) names.push_back(d.name);
        warn(detail::codes::warn_undeclared,
             fmt::format("{}: {}attribute '{}' is not declared{}; it is ignored", what,
                         person ? "person " : "", name, hint(name, names)));
        continue;
      }
      if (!v.value) continue;
      if (v.is_text && it->type == attribute_type::date &&
          detail::parse_typed_date(detail::trim_blanks(std::get<std::string>(*v.value))).looks_month_first)
        month_first_.emplace(
            (person ? "person." : "") + name,
            fmt::format("'{}' at {}", detail::trim_blanks(std::get<std::string>(*v.value)), at));
      pending_.push_back({at, &*it, std::move(v), person, achievement_});
    }
    return out;
  }

  void convert_declared(portfolio& p) {
    for (auto& v : pending_) {
      const attribute_declaration& d = *v.declared;
      detail::conversion r = v.value.is_text
                                 ? detail::convert_text(d, std::get<std::string>(*v.value.value), false)
                                 : detail::convert_typed(d, *v.value.value, v.value.source);
      if (const auto evidence = month_first_.find((v.person ? "person." : "") + d.name);
          evidence != month_first_.end() && (r.looks_month_first || (r.value && r.day_first))) {
        r.value.reset();
        r.problem = detail::month_first_problem(detail::trim_blanks(std::get<std::string>(*v.value.value)),
                                                evidence->second);
      }
      if (!r.value) {
        warn(detail::codes::warn_conversion, fmt::format("{}: {}; the value is left out", v.what, r.problem));
        continue;
      }
      attribute_map& target = v.person ? p.attrs : p.achievements[v.achievement].attrs;
      target.insert_or_assign(d.name, std::move(*r.value));
    }
    if (strict_ && !warnings_.empty()) throw input_error(std::move(warnings_));
  }

  std::vector<std::string> marks(py::handle h, const std::string& what) {
    std::vector<std::string> out;
    if (h.is_none()) return out;
    if (py::isinstance<py::str>(h)) {  // `a;b`, as in a population's marks column
      const std::string text = text_from_py(h, what);
      std::string_view list = text;
      while (!list.empty()) {
        const std::size_t semi = list.find(';');
        const std::string_view id = detail::trim_blanks(list.substr(0, semi));
        list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
        if (!id.empty()) out.emplace_back(id);
      }
      return out;
    }
    if (!is_sequence(h))
      throw_input_error("E041", what + ": expected a list of mark ids, got " + type_name(h));
    std::size_t i = 0;
    for (const auto& m : h) out.push_back(id_from_py(m, what + "[" + std::to_string(i++) + "]"));
    return out;
  }

  achievement one(py::handle h, const std::string& what) {
    if (!is_mapping(h)) throw_input_error("E041", what + ": expected a mapping, got " + type_name(h));
    achievement a;
    bool has_date = false;
    for (const auto& item : h.attr("items")()) {
      const auto pair = item.cast<py::tuple>();
      const std::string key = text_from_py(py::str(pair[0]), what + " key");
      const py::handle v = pair[1];
      const std::string at = what + "." + key;
      if (key == "unit") {
        if (!v.is_none()) a.unit = id_from_py(v, at);
      } else if (key == "title") {
        if (!v.is_none()) {
          if (!py::isinstance<py::str>(v))
            throw_input_error("E041", at + ": expected a string, got " + type_name(v));
          a.title = text_from_py(v, at);
        }
      } else if (key == "date") {
        // None, NaN and NaT are absent, as everywhere (F20): "an achievement needs `date`" below.
        if (!field_from_py(v, at).value && !py::isinstance<py::str>(v)) continue;
        a.when = date_from_py(v, at);
        has_date = true;
      } else if (key == "hours") {
        const py_scalar x = field_from_py(v, at);
        if (!x.value) continue;
        const double* hours = std::get_if<double>(&*x.value);
        if (hours == nullptr || x.is_text)
          throw_input_error("E041", at + ": expected a number, got " + type_name(v));
        if (!std::isfinite(*hours) || *hours < 0)
          throw_input_error("E041",
                            at + ": `hours` must be a number >= 0, not " + detail::quote_value(*x.value));
        a.hours = *hours;
      } else if (key == "marks") {
        a.marks = marks(v, at);
      } else if (key == "attrs") {
        a.attrs = attributes(v, at, false);
      } else if (key == "exempt") {
        const py_scalar x = field_from_py(v, at);
        if (!x.value) continue;
        // SPEC §11: the bool spellings, in portfolios too; 1 and 0 as for a declared bool.
        std::optional<bool> flag;
        if (x.is_text)
          flag = detail::parse_bool_spelling(detail::trim_blanks(std::get<std::string>(*x.value)));
        else if (const bool* b = std::get_if<bool>(&*x.value)) flag = *b;
        else if (const double* n = std::get_if<double>(&*x.value); n && (*n == 0 || *n == 1)) flag = *n == 1;
        if (!flag)
          throw_input_error("E041",
                            at + ": expected true or false (or ja/nee, waar/onwaar, yes/no, 1/0), got " +
                                py::repr(v).cast<std::string>());
        a.exempt = *flag;
      } else {
        throw_input_error("E041", what + ": unknown key '" + key +
                                      "' (expected unit, title, date, hours, marks, attrs, exempt)");
      }
    }
    if (!has_date) throw_input_error("E041", what + ": an achievement needs `date`");
    a.where = {"<python>", 0, 0};
    return a;
  }

  std::vector<achievement> achievements(py::handle h, const std::string& what) {
    if (!is_sequence(h))
      throw_input_error("E041", what + ": expected a list of achievements, got " + type_name(h));
    std::vector<achievement> out;
    for (const auto& a : h) {
      achievement_ = out.size();
      out.push_back(one(a, what + "[" + std::to_string(out.size()) + "]"));
    }
    return out;
  }

  const ruleset& rules_;
  bool strict_;
  std::vector<diagnostic> warnings_;
  std::vector<pending> pending_;
  std::set<std::string> undeclared_;
  std::map<std::string, std::string> month_first_;  // attribute -> the value that shows it
  std::size_t achievement_ = 0;
};

bool is_path(py::handle h) {
  return py::isinstance<py::str>(h) || py::isinstance(h, py::module_::import("os").attr("PathLike"));
}

}  // namespace

// One person's portfolio from a mapping, a list of achievements or a file path
// (an Open Badges 3.0 list of credentials too), with its reading warnings; a file
// is read with the GIL released. `person` (read_options::person) names the person.
portfolio read_one(const ruleset& rules, const py::handle& source, bool strict, const std::string& encoding,
                   const std::optional<std::string>& person, input_warnings& warnings) {
  if (person && person->empty()) throw std::invalid_argument("person must be a non-empty id (or None)");
  if (is_path(source)) {
    read_options options = reading(encoding, strict);
    options.person = person;
    const auto path = py::cast<std::filesystem::path>(source);
    const py::gil_scoped_release release;
    portfolio p = read_portfolio(path, rules, options);
    warnings = std::move(p.warnings);
    return p;
  }
  portfolio_reader reader(rules, strict);
  portfolio p = reader.read(source);
  if (person) p.person = *person;
  warnings = reader.take_warnings();
  return p;
}

namespace {

// compile_options::overlays from Python: a path (str or os.PathLike) is a file,
// a (name, bytes) pair a text held in memory.
std::vector<overlay_source> overlays_from_py(const py::sequence& overlays) {
  std::vector<overlay_source> out;
  for (const py::handle o : overlays) {
    if (py::isinstance<py::tuple>(o) && py::len(o) == 2) {
      const auto pair = o.cast<py::tuple>();
      out.emplace_back(
          overlay_text{pair[1].cast<py::bytes>().cast<std::string>(), pair[0].cast<std::string>()});
    } else {
      out.emplace_back(o.cast<std::filesystem::path>());
    }
  }
  return out;
}

// (Ruleset or None when there are errors, all diagnostics sorted, [(name, bytes)] of the texts read).
py::tuple compiled_to_py(const compile_result& compiled) {
  py::object rules = compiled.ok() ? py::cast(ruleset_handle{compiled.rules}) : py::none();
  py::list sources;
  for (const auto& s : compiled.sources) sources.append(py::make_tuple(s.name, py::bytes(s.text)));
  return py::make_tuple(rules, diagnostics_to_py(compiled.diagnostics), sources);
}

}  // namespace

void register_ruleset(py::module_& m) {
  m.def(
      "compile",
      [](const std::filesystem::path& path, const py::sequence& overlays, bool allow_outside_includes) {
        compile_options options;
        options.overlays = overlays_from_py(overlays);
        options.allow_outside_includes = allow_outside_includes;
        compile_result compiled;
        {
          const py::gil_scoped_release release;
          compiled = compile(path, options);
        }
        return compiled_to_py(compiled);
      },
      py::arg("path"), py::arg("overlays") = py::list(), py::arg("allow_outside_includes") = false,
      "Compiles a ruleset: (Ruleset or None when there are errors, all diagnostics sorted, [(name, "
      "bytes)] of every rules text read). An overlay is a path, or (name, UTF-8 bytes) for a text. "
      "Includes that resolve outside the ruleset folder are errors unless allow_outside_includes.");
  m.def(
      "compile_files",
      [](const std::map<std::string, std::string>& files, const py::sequence& overlays) {
        compile_options options;
        options.overlays = overlays_from_py(overlays);
        compile_result compiled;
        {
          const py::gil_scoped_release release;
          compiled = compile(files, options);
        }
        return compiled_to_py(compiled);
      },
      py::arg("files"), py::arg("overlays") = py::list(),
      "compile() for a ruleset held in memory: {relative name: UTF-8 bytes}, the root being "
      "'ruleset.yaml'.");

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
          [](const ruleset_handle& r, const py::handle& source, const py::handle& as_of, bool strict,
             const std::string& encoding, const std::optional<std::string>& person) {
            const date day = date_from_py(as_of, "as_of");
            input_warnings warnings;
            const portfolio p = read_one(*r.rules, source, strict, encoding, person, warnings);
            result res;
            {
              const py::gil_scoped_release release;
              res = r.rules->evaluate(p, day);
            }
            return py::make_tuple(std::move(res), diagnostics_to_py(warnings.shown), warnings.total);
          },
          py::arg("portfolio"), py::arg("as_of"), py::arg("strict") = false, py::arg("encoding") = "utf-8",
          py::arg("person") = py::none(),
          "Evaluates one portfolio (a mapping, a list of achievements, or a YAML/JSON file path): "
          "(Result, the first warnings W010/W011, how many warnings in all).")
      .def(
          "explain",
          [](const ruleset_handle& r, const py::handle& source, const py::handle& as_of, bool strict,
             const std::string& encoding, const std::optional<std::string>& person) {
            const date day = date_from_py(as_of, "as_of");
            input_warnings warnings;
            const portfolio p = read_one(*r.rules, source, strict, encoding, person, warnings);
            explanation e;
            {
              const py::gil_scoped_release release;
              e = r.rules->explain(p, day);
            }
            return py::make_tuple(std::move(e), diagnostics_to_py(warnings.shown), warnings.total);
          },
          py::arg("portfolio"), py::arg("as_of"), py::arg("strict") = false, py::arg("encoding") = "utf-8",
          py::arg("person") = py::none(),
          "Explains one portfolio (SPEC 12): (Explanation, the first warnings W010/W011, how many in all).")
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
