// SPDX-License-Identifier: Apache-2.0
// Input values from Python, read by the engine's own rules (SPEC §3, §11):
//
// - convert_values: the distinct values of one DataFrame column, typed as the
//   CSV reader types a cell (core/input_values), so that the command line and
//   Python cannot read one value two ways (F8). pandas factorizes a column, only
//   its distinct values come here, and numpy spreads the result over the rows.
// - frame_columns: what each column of a DataFrame is, by the CSV header's rules.
// - read_population: a population CSV read by the engine's reader, handed to
//   pandas as columns of codes, numbers and cell kinds.
#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "civeff_python.hpp"
#include "core/diagnostic_codes.hpp"
#include "core/input_values.hpp"
#include "io/csv_layout.hpp"

namespace civeff::python {
namespace {

namespace codes = detail::codes;
using cell = attribute_column::cell;

template <class T>
py::array_t<T> array_of(const std::vector<T>& v) {
  py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

py::list strings_of(const std::vector<std::string>& v) {
  py::list out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = py::str(v[i]);
  return out;
}

const std::vector<attribute_declaration>* declarations(const ruleset_handle* rules, bool person) {
  return rules != nullptr ? rules->rules->declared_attributes(person) : nullptr;
}

// ---------------------------------------------------------------- one column's distinct values

// What a column is read as (register_population's columns).
enum class column_role : std::uint8_t { attribute, date, hours, exempt };

column_role role_of(const std::string& name) {
  if (name == "attribute") return column_role::attribute;
  if (name == "date") return column_role::date;
  if (name == "hours") return column_role::hours;
  if (name == "exempt") return column_role::exempt;
  throw py::value_error("convert_values: unknown role '" + name + "'");
}

// One distinct value, converted.
struct converted {
  std::optional<attribute_value> value;
  std::string problem;
  bool error = false;  // else a W010 warning (a declared attribute's value that does not convert)
  bool day_first = false;
  bool looks_month_first = false;
  std::string shown;  // the trimmed text, for the month-first message
};

class value_converter {
 public:
  value_converter(column_role role, const attribute_declaration* declared, std::string column,
                  bool person_level)
      : role_(role), declared_(declared), column_(std::move(column)), person_level_(person_level) {}

  converted operator()(const py_scalar& s) const {
    converted out;
    if (!s.problem.empty()) return fail(out, column_ + ": " + s.problem);
    if (!s.value) return missing(out);
    if (s.is_text) return text(std::get<std::string>(*s.value));
    return typed(*s.value, s.source);
  }

  // SPEC §11: when some value looks month-first (`evidence`), every day-first value of the column fails.
  void apply_month_first(converted& c, const std::string& evidence) const {
    if (!c.day_first || !c.value) return;
    const std::string problem = detail::month_first_problem(c.shown, evidence);
    if (declared_ != nullptr) warn(c, problem);
    else fail(c, "date: " + problem);
  }

 private:
  converted fail(converted& out, std::string message) const {  // an error: the input cannot be read
    out.value.reset();
    out.error = true;
    out.problem = std::move(message);
    return out;
  }
  converted warn(converted& out, const std::string& problem) const {  // W010: the value is left out
    out.value.reset();
    out.problem = fmt::format("{}: {}; the value is left out", column_, problem);
    return out;
  }

  converted missing(converted& out) const {
    if (role_ == column_role::date) return fail(out, "the date is missing");
    return out;
  }

  converted text(const std::string& raw) const {
    converted out;
    switch (role_) {
      case column_role::date: {
        const std::string_view t = detail::trim_blanks(raw);
        if (t.empty()) return missing(out);
        const detail::typed_date d = detail::parse_typed_date(t);
        out.shown = t;
        out.day_first = d.day_first;
        out.looks_month_first = d.looks_month_first;
        if (d.looks_month_first)
          return fail(out, fmt::format("date: '{}': {}", t, detail::month_first_message));
        if (!d.day) return fail(out, fmt::format("date: '{}' is not a date (YYYY-MM-DD or D-M-YYYY)", t));
        out.value = *d.day;
        return out;
      }
      case column_role::hours: {
        const std::string_view t = detail::trim_blanks(raw);
        if (t.empty()) return out;
        const std::optional<double> h = detail::parse_decimal(t, false);
        if (!h || *h < 0) return fail(out, fmt::format("hours: '{}' is not a number >= 0", t));
        out.value = *h;
        return out;
      }
      case column_role::exempt: {
        const std::string_view t = detail::trim_blanks(raw);
        if (t.empty()) return out;
        const std::optional<bool> b = detail::parse_bool_spelling(t);
        if (!b) return fail(out, exempt_problem("'" + std::string(t) + "'"));
        out.value = *b;
        return out;
      }
      case column_role::attribute: break;
    }
    if (declared_ != nullptr) {
      if (detail::trim_blanks(raw).empty()) return out;
      converted c = declared(detail::convert_text(*declared_, raw, false));
      c.shown = detail::trim_blanks(raw);
      return c;
    }
    // SPEC §3, as the CSV reader types an undeclared cell; a person attribute is trimmed first.
    const std::string_view t = person_level_ ? detail::trim_blanks(raw) : std::string_view(raw);
    bool bad_date = false;
    out.value = detail::type_undeclared(t, bad_date);
    if (bad_date) return fail(out, fmt::format("{}: '{}' is not a date (YYYY-MM-DD)", column_, t));
    return out;
  }

  converted typed(const attribute_value& v, const std::string& source) const {
    converted out;
    switch (role_) {
      case column_role::date:
        if (!std::holds_alternative<date>(v))
          return fail(out, fmt::format("date: {} is not a date", detail::quote_value(v)));
        out.value = v;
        return out;
      case column_role::hours: {
        const double* x = std::get_if<double>(&v);
        if (x == nullptr || !std::isfinite(*x) || *x < 0)
          return fail(out, fmt::format("hours: {} is not a number >= 0", detail::quote_value(v)));
        out.value = v;
        return out;
      }
      case column_role::exempt: {
        if (const bool* b = std::get_if<bool>(&v)) out.value = *b;
        else if (const double* x = std::get_if<double>(&v); x && (*x == 0 || *x == 1)) out.value = *x == 1;
        else return fail(out, exempt_problem(detail::quote_value(v)));
        return out;
      }
      case column_role::attribute: break;
    }
    if (declared_ != nullptr) return declared(detail::convert_typed(*declared_, v, source));
    out.value = v;  // SPEC §3: a bool, number or date is itself
    return out;
  }

  converted declared(detail::conversion&& c) const {
    converted out;
    out.day_first = c.day_first;
    out.looks_month_first = c.looks_month_first;
    if (!c.value) return warn(out, c.problem);
    out.value = std::move(c.value);
    return out;
  }

  static std::string exempt_problem(const std::string& shown) {
    return "exempt must be true or false (or ja/nee, waar/onwaar, yes/no, 1/0), not " + shown;
  }

  column_role role_;
  const attribute_declaration* declared_;
  std::string column_;
  bool person_level_;
};

// The distinct values: a sequence (list, object array), or Arrow text buffers (offsets, data).
std::vector<py_scalar> scalars_of(py::handle values) {
  std::vector<py_scalar> out;
  if (py::isinstance<py::tuple>(values)) {
    const auto t = values.cast<py::tuple>();
    if (t.size() != 2) throw py::value_error("convert_values: expected Arrow (offsets, data)");
    const py::array offsets = py::array::ensure(t[0], py::array::c_style);
    const auto data = py::array_t<std::uint8_t, py::array::c_style>::ensure(t[1]);
    if (!offsets || !data || offsets.ndim() != 1 || offsets.shape(0) < 1 || offsets.dtype().kind() != 'i' ||
        (offsets.itemsize() != 4 && offsets.itemsize() != 8))
      throw py::value_error("convert_values: bad Arrow buffers");
    const auto at = [&](py::ssize_t i) -> std::int64_t {
      return offsets.itemsize() == 4 ? static_cast<const std::int32_t*>(offsets.data())[i]
                                     : static_cast<const std::int64_t*>(offsets.data())[i];
    };
    const auto* chars = reinterpret_cast<const char*>(data.data());
    for (py::ssize_t i = 0; i + 1 < offsets.shape(0); ++i) {
      const std::int64_t from = at(i), to = at(i + 1);
      if (from < 0 || to < from || to > data.shape(0))
        throw py::value_error("convert_values: bad Arrow offsets");
      py_scalar& s = out.emplace_back();
      s.value = std::string(chars + from, static_cast<std::size_t>(to - from));
      s.is_text = true;
    }
    return out;
  }
  const auto seq = py::reinterpret_borrow<py::sequence>(values);
  const auto n = static_cast<std::size_t>(py::len(seq));
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(scalar_from_py(seq[i]));
  return out;
}

// (kinds uint8, numbers float64, text index int32, texts, problems [(index, message, is_error)]).
py::tuple convert_values(py::handle values, const std::string& role_name, const ruleset_handle* rules,
                         const std::string& column, const std::string& name, bool person_level) {
  const column_role role = role_of(role_name);
  const attribute_declaration* declared = nullptr;
  if (role == column_role::attribute) {
    if (const auto* list = declarations(rules, person_level)) {
      const auto it = std::find_if(list->begin(), list->end(), [&](const auto& d) { return d.name == name; });
      if (it == list->end()) throw py::value_error("convert_values: '" + name + "' is not declared");
      declared = &*it;
    }
  }
  const value_converter convert(role, declared, column, person_level);
  const std::vector<py_scalar> scalars = scalars_of(values);
  std::vector<converted> results;
  results.reserve(scalars.size());
  std::string month_first;  // the value that shows the column is month-first
  for (const auto& s : scalars) {
    results.push_back(convert(s));
    if (month_first.empty() && results.back().looks_month_first)
      month_first = fmt::format("'{}' in this column", results.back().shown);
  }
  const std::size_t n = results.size();
  std::vector<std::uint8_t> kinds(n, static_cast<std::uint8_t>(cell::absent));
  std::vector<double> numbers(n, 0);
  std::vector<std::int32_t> text_index(n, -1);
  std::vector<std::string> texts;
  std::unordered_map<std::string, std::int32_t> text_codes;
  py::list problems;
  for (std::size_t i = 0; i < n; ++i) {
    converted& c = results[i];
    if (!month_first.empty()) convert.apply_month_first(c, month_first);
    if (!c.problem.empty()) problems.append(py::make_tuple(i, c.problem, c.error));
    if (!c.value) continue;
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, bool>) {
            kinds[i] = static_cast<std::uint8_t>(cell::boolean);
            numbers[i] = x ? 1 : 0;
          } else if constexpr (std::is_same_v<T, double>) {
            kinds[i] = static_cast<std::uint8_t>(cell::number);
            numbers[i] = x;
          } else if constexpr (std::is_same_v<T, date>) {
            kinds[i] = static_cast<std::uint8_t>(cell::date);
            numbers[i] = x.days_since_epoch();
          } else {
            kinds[i] = static_cast<std::uint8_t>(cell::text);
            const auto [it, inserted] = text_codes.try_emplace(x, static_cast<std::int32_t>(texts.size()));
            if (inserted) texts.push_back(x);
            text_index[i] = it->second;
          }
        },
        *c.value);
  }
  return py::make_tuple(array_of(kinds), array_of(numbers), array_of(text_index), strings_of(texts),
                        problems);
}

// ---------------------------------------------------------------- a DataFrame's columns

// Per column: (role, attribute name, person_level, declared); and the findings
// [(column index, code, message, is_error)]. Roles: the fixed columns, "attribute",
// "ignored" (W011, or a header error). SPEC §11's header rules: names trimmed,
// fixed names, declared names and `person.` matched without regard to case.
py::tuple frame_columns(const std::vector<py::object>& names, const ruleset_handle* rules) {
  py::list columns, findings;
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto report = [&](const char* code, std::string message, bool error) {
      findings.append(py::make_tuple(i, code, std::move(message), error));
      columns.append(py::make_tuple("ignored", "", false, false));
    };
    if (!py::isinstance<py::str>(names[i])) {
      report(codes::input_shape,
             "column names must be strings, got " + py::repr(names[i]).cast<std::string>(), true);
      continue;
    }
    const auto utf8 = utf8_of(names[i]);
    if (!utf8) {
      report(codes::input_shape, "a column name is " + std::string(not_unicode), true);
      continue;
    }
    const std::string name(detail::trim_blanks(*utf8));
    const std::string lower = detail::fold_case(name);
    if (name.empty()) {
      report(codes::input_shape, "empty column name", true);
      continue;
    }
    if (!seen.insert(lower).second) {
      report(codes::input_shape,
             fmt::format("column '{}' appears twice (names match without regard to case)", name), true);
      continue;
    }
    // The CSV header's rules (SPEC §11), from the engine: one answer for both readers.
    const detail::column_meaning meaning =
        detail::classify_column(name, rules != nullptr ? &rules->rules->program() : nullptr);
    if (!meaning.error.empty()) {
      report(codes::input_shape, meaning.error, true);
      continue;
    }
    if (!meaning.warning.empty()) {
      report(codes::warn_undeclared, meaning.warning, false);
      continue;
    }
    if (meaning.role != detail::csv_role::attribute) {
      columns.append(py::make_tuple(lower, lower, false, false));
      continue;
    }
    columns.append(
        py::make_tuple("attribute", meaning.attribute, meaning.person_level, meaning.declared != nullptr));
  }
  return py::make_tuple(columns, findings);
}

// ---------------------------------------------------------------- a population CSV for pandas

py::tuple text_column(const string_column& c) {
  return py::make_tuple(array_of(c.codes), strings_of(c.categories));
}

// The population's columns as numpy arrays, with the persons' categories sorted
// (so the result frame's person dtype, which reuses the input's, is sorted too).
py::dict read_population(const std::filesystem::path& path, const ruleset_handle* rules,
                         const std::string& encoding, bool strict) {
  const read_options options = reading(encoding, strict);
  population pop;
  std::vector<std::int32_t> person_codes;
  std::vector<std::string> person_categories;
  {
    const py::gil_scoped_release release;
    pop = read_population_csv(path, rules != nullptr ? rules->rules.get() : nullptr, options);
    std::vector<std::int32_t> order(pop.person.categories.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
      return pop.person.categories[static_cast<std::size_t>(a)] <
             pop.person.categories[static_cast<std::size_t>(b)];
    });
    std::vector<std::int32_t> rank(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      rank[static_cast<std::size_t>(order[i])] = static_cast<std::int32_t>(i);
      person_categories.push_back(std::move(pop.person.categories[static_cast<std::size_t>(order[i])]));
    }
    person_codes.reserve(pop.rows());
    for (const std::int32_t c : pop.person.codes)
      person_codes.push_back(c < 0 ? c : rank[static_cast<std::size_t>(c)]);
  }
  py::dict out;
  out["rows"] = pop.rows();
  out["person"] = py::make_tuple(array_of(person_codes), strings_of(person_categories));
  out["unit"] = text_column(pop.unit);
  out["title"] = text_column(pop.title);
  out["marks"] = text_column(pop.marks);
  std::vector<std::int32_t> days;
  days.reserve(pop.rows());
  for (const date d : pop.dates) days.push_back(d.days_since_epoch());
  out["days"] = array_of(days);
  out["hours"] = array_of(pop.hours);
  out["exempt"] = pop.exempt.empty() ? py::object(py::none()) : py::object(array_of(pop.exempt));
  py::list attributes;
  for (auto& c : pop.attributes) {
    // The reader keeps a column's numbers as floats, or leaves a column without
    // numbers or text codes when no cell needs them; the frame builds each column
    // from kinds, numbers (float64) and text codes, one entry a row.
    if (c.numbers.empty()) {
      c.numbers.assign(pop.rows(), 0.0);
      if (!c.floats.empty()) std::copy(c.floats.begin(), c.floats.end(), c.numbers.begin());
      std::vector<float>().swap(c.floats);
    }
    if (c.texts.codes.empty()) c.texts.codes.assign(pop.rows(), -1);
    py::object type = py::none();
    if (const auto* list = declarations(rules, c.person_level))
      for (const auto& d : *list)
        if (d.name == c.name) type = py::str(std::string(to_string(d.type)));
    std::vector<std::uint8_t> kinds(c.kinds.size());
    std::transform(c.kinds.begin(), c.kinds.end(), kinds.begin(),
                   [](cell k) { return static_cast<std::uint8_t>(k); });
    attributes.append(py::make_tuple(c.name, c.person_level, type, array_of(kinds), array_of(c.numbers),
                                     text_column(c.texts)));
  }
  out["attributes"] = attributes;
  out["warnings"] = py::make_tuple(diagnostics_to_py(pop.warnings.shown), pop.warnings.total);
  return out;
}

}  // namespace

void register_values(py::module_& m) {
  py::class_<ruleset_handle> cls = py::reinterpret_borrow<py::class_<ruleset_handle>>(m.attr("Ruleset"));
  cls.def(
      "declared_attributes",
      [](const ruleset_handle& r, bool person) -> py::object {
        const auto* list = r.rules->declared_attributes(person);
        if (list == nullptr) return py::none();
        py::list out;
        for (const auto& d : *list)
          out.append(py::make_tuple(d.name, std::string(to_string(d.type)),
                                    d.min ? py::cast(*d.min) : py::none(),
                                    d.max ? py::cast(*d.max) : py::none()));
        return out;
      },
      py::arg("person"),
      "SPEC §11: [(name, type, min, max)] of `attributes` (or `person_attributes`), None when not declared.");
  m.def("convert_values", &convert_values, py::arg("values"), py::arg("role"), py::arg("rules") = nullptr,
        py::arg("column") = std::string(), py::arg("name") = std::string(), py::arg("person_level") = false,
        "The distinct values of a DataFrame column typed as the CSV reader types a cell (SPEC §3, §11): "
        "(kinds, numbers, text index, texts, problems [(index, message, is_error)]).");
  m.def("frame_columns", &frame_columns, py::arg("names"), py::arg("rules") = nullptr,
        "What each DataFrame column is, by the CSV header's rules: ([(role, name, person_level, declared)], "
        "[(column, code, message, is_error)]).");
  m.def("read_population", &read_population, py::arg("path"), py::arg("rules") = nullptr,
        py::arg("encoding") = std::string("utf-8"), py::arg("strict") = false,
        "A population CSV read by the engine's reader, as columns for pandas.");
}

}  // namespace civeff::python
