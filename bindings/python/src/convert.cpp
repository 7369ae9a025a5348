// SPDX-License-Identifier: Apache-2.0
// Conversions between civeff values and Python objects.
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <string>

#include "civeff_python.hpp"

namespace civeff::python {

[[noreturn]] void throw_input_error(std::string_view code, std::string message) {
  throw input_error({{severity::error, std::string(code), {"<python>", 0, 0}, std::move(message), {}}});
}

date date_from_py(py::handle value, std::string_view what) {
  if (value.is_none()) throw_input_error("E041", std::string(what) + " is missing (None)");
  if (py::isinstance<py::str>(value)) {
    const auto text = value.cast<std::string>();
    if (auto d = date::parse(text)) return *d;
    throw_input_error("E041", std::string(what) + ": '" + text + "' is not a date YYYY-MM-DD");
  }
  // numpy.datetime64: through its day count (NaT is the smallest int64).
  if (py::hasattr(value, "dtype") && py::hasattr(value, "astype")) {
    const py::object dtype = value.attr("dtype");
    if (py::hasattr(dtype, "kind") && dtype.attr("kind").cast<std::string>() == "M") {
      const auto days = value.attr("astype")("datetime64[D]").attr("astype")("int64").cast<long long>();
      if (days == std::numeric_limits<long long>::min())
        throw_input_error("E041", std::string(what) + " is NaT (not a time)");
      return date(static_cast<std::int32_t>(days));
    }
  }
  // datetime.date and its subclasses (datetime.datetime, pandas.Timestamp): the calendar day.
  const py::module_ datetime = py::module_::import("datetime");
  if (py::isinstance(value, datetime.attr("date"))) {
    // pandas.NaT is not a date; a date's year/month/day are always ints.
    return date::from_ymd(value.attr("year").cast<int>(), value.attr("month").cast<int>(),
                          value.attr("day").cast<int>());
  }
  throw py::type_error(std::string(what) + ": expected a date (datetime.date or 'YYYY-MM-DD'), got " +
                       py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>());
}

std::optional<std::string_view> utf8_of(py::handle str) {
  Py_ssize_t length = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(str.ptr(), &length);
  if (utf8 == nullptr) {
    PyErr_Clear();
    return std::nullopt;
  }
  return std::string_view(utf8, static_cast<std::size_t>(length));
}

std::string type_name(py::handle h) {
  return py::str(py::type::handle_of(h).attr("__name__")).cast<std::string>();
}

namespace {

// A long value cut for a message: 10**400 has 401 digits.
std::string shown(std::string text) {
  constexpr std::size_t limit = 40;
  if (text.size() > limit) text = text.substr(0, limit) + "...";
  return text;
}

}  // namespace

py_scalar scalar_from_py(py::handle h) {
  py_scalar out;
  PyObject* const o = h.ptr();
  if (o == Py_None) return out;
  if (PyUnicode_Check(o)) {
    const auto utf8 = utf8_of(h);
    if (!utf8) out.problem = std::string(not_unicode);
    else out.value = std::string(*utf8);
    out.is_text = utf8.has_value();
    return out;
  }
  const std::string type = type_name(h);
  if (PyBool_Check(o) || type == "bool_" || (type == "bool" && !PyLong_Check(o))) {  // numpy.bool_ too
    const int truth = PyObject_IsTrue(o);
    if (truth < 0) throw py::error_already_set();
    out.value = truth != 0;
    out.source = truth != 0 ? "true" : "false";
    return out;
  }
  if (type == "NAType" || type == "NaTType") return out;  // pandas.NA, pandas.NaT
  const bool datetime64 = type == "datetime64";
  if (datetime64 || py::isinstance(h, py::module_::import("datetime").attr("date"))) {
    if (datetime64 && h.attr("astype")("int64").cast<long long>() == std::numeric_limits<long long>::min())
      return out;  // numpy NaT
    try {
      const date d = date_from_py(h, "date");
      out.value = d;
      out.source = d.to_string();
    } catch (const input_error&) {
      out.problem = fmt::format("{} is not a date", shown(py::repr(h).cast<std::string>()));
    }
    return out;
  }
  if (PyFloat_Check(o) || PyLong_Check(o) || py::isinstance(h, py::module_::import("numbers").attr("Real"))) {
    const double x = PyFloat_AsDouble(o);
    if (x == -1.0 && PyErr_Occurred()) {
      // An int no double holds (10**400): a value, not a crash (F20).
      PyErr_Clear();
      out.problem = fmt::format("{} is too large for a number", shown(py::str(h).cast<std::string>()));
      return out;
    }
    if (std::isnan(x)) return out;
    out.value = x;
    // An int as its digits (an id written as a number), a float in its shortest form.
    out.source = PyLong_Check(o) ? py::str(h).cast<std::string>() : fmt::format("{}", x);
    return out;
  }
  out.problem = fmt::format("expected a bool, number, date or text, got {} {}", type,
                            shown(py::repr(h).cast<std::string>()));
  return out;
}

read_options reading(const std::string& encoding, bool strict) {
  read_options options;
  options.strict = strict;
  const std::optional<text_encoding> e = parse_text_encoding(encoding);
  if (!e)
    throw_input_error("E046", fmt::format("encoding: expected utf-8, cp1252 (windows-1252) or latin-1 "
                                          "(iso-8859-1), not '{}'",
                                          encoding));
  options.encoding = *e;
  return options;
}

void interruption::progress(std::size_t /*done*/, std::size_t /*total*/, void* self) {
  static_cast<interruption*>(self)->poll();
}

void interruption::poll() {
  if (stop_.load()) return;
  const py::gil_scoped_acquire gil;
  // Python's handlers run only in the main thread; elsewhere this returns 0.
  if (PyErr_CheckSignals() != 0) {
    error_.emplace();  // takes the error Python has set
    stop_.store(true);
  }
}

void interruption::rethrow() {
  if (error_) {
    py::error_already_set e = std::move(*error_);
    error_.reset();
    throw e;
  }
}

py::object date_to_py(date d) {
  int year = 0, month = 0, day = 0;
  d.to_ymd(year, month, day);
  return py::module_::import("datetime").attr("date")(year, month, day);
}

namespace {
const char* severity_name(severity s) {
  switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
  }
  return "error";
}
}  // namespace

py::object diagnostic_to_py(const diagnostic& d) {
  const py::object cls = py::module_::import("civeff.errors").attr("Diagnostic");
  py::list notes;
  for (const auto& n : d.notes) notes.append(diagnostic_to_py(n));
  return cls(py::arg("file") = d.where.file, py::arg("line") = d.where.line,
             py::arg("column") = d.where.column, py::arg("code") = d.code, py::arg("message") = d.message,
             py::arg("severity") = severity_name(d.level), py::arg("notes") = py::tuple(notes),
             py::arg("follow_on") = d.follow_on);
}

py::list diagnostics_to_py(const std::vector<diagnostic>& ds) {
  py::list out;
  for (const auto& d : ds) out.append(diagnostic_to_py(d));
  return out;
}

}  // namespace civeff::python
