// SPDX-License-Identifier: Apache-2.0
// Conversions between civeff values and Python objects.
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
             py::arg("severity") = severity_name(d.level), py::arg("notes") = py::tuple(notes));
}

py::list diagnostics_to_py(const std::vector<diagnostic>& ds) {
  py::list out;
  for (const auto& d : ds) out.append(diagnostic_to_py(d));
  return out;
}

}  // namespace civeff::python
