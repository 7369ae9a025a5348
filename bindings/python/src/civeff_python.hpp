// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the civeff._core extension: the register_* entry points that
// module.cpp calls, and the conversions between civeff's and Python's values.
// Only the public header civeff/civeff.hpp is used from the engine.
#pragma once

#include <civeff/civeff.hpp>
#include <pybind11/pybind11.h>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civeff::python {

namespace py = pybind11;

void register_diagnostics(py::module_& m);
void register_result(py::module_& m);
void register_ruleset(py::module_& m);
void register_population(py::module_& m);
void register_frame(py::module_& m);
void register_values(py::module_& m);
void register_explain(py::module_& m);
void register_metadata(py::module_& m);  // after register_ruleset: it adds to Ruleset
void register_diff(py::module_& m);      // after register_ruleset: it adds to Ruleset
void register_coverage(py::module_& m);
void register_advice(py::module_& m);  // after register_ruleset: it adds to Ruleset
void register_whatif(py::module_& m);  // after register_ruleset: it adds to Ruleset
void register_report(py::module_& m);  // after register_ruleset: it adds to Ruleset

// ---------------------------------------------------------------- values

// A Python date-like value as a civeff date: a `YYYY-MM-DD` string, a
// datetime.date (datetime.datetime and pandas.Timestamp give their calendar
// day) or a numpy.datetime64. Throws input_error (code E041) naming `what` for
// text that is no date, NaT or None; py::type_error for any other type.
date date_from_py(py::handle value, std::string_view what);
// A datetime.date.
py::object date_to_py(date d);
// The name of a value's Python type ("dict", "NoneType"), for messages about it.
std::string type_name(py::handle h);

// A civeff.errors.Diagnostic (a frozen dataclass, so it pickles).
py::object diagnostic_to_py(const diagnostic& d);
py::list diagnostics_to_py(const std::vector<diagnostic>& ds);

// An input_error with one diagnostic at "<python>" (no line), for bad Python input.
[[noreturn]] void throw_input_error(std::string_view code, std::string message);

// The UTF-8 of a str, a view into the str's own cache; nullopt (and no Python
// error left set) for a str that has none: lone surrogates, which
// `errors="surrogateescape"` leaves for bytes that are not UTF-8 (F11).
std::optional<std::string_view> utf8_of(py::handle str);
// What a str without UTF-8 is called in messages.
inline constexpr std::string_view not_unicode =
    "text that is not valid Unicode (a lone surrogate, as errors='surrogateescape' leaves for bytes "
    "that are not UTF-8)";

// A Python scalar as an input value (SPEC §3, §11), before any typing of text.
struct py_scalar {
  std::optional<attribute_value> value;  // nullopt: missing (None, NaN, NaT, pandas.NA) or a problem
  bool is_text = false;                  // a str: typing it is the caller's (SPEC §3 or §11)
  std::string source;                    // how a number, bool or date is written (a text attribute takes it)
  std::string problem;                   // set for a value of another type, a number no double
                                         // holds, or a str without UTF-8
};
py_scalar scalar_from_py(py::handle h);

// `encoding=` and `strict=` of the readers (SPEC §11); an input error (E046) for
// an encoding it does not know.
read_options reading(const std::string& encoding, bool strict);

// ---------------------------------------------------------------- portfolios

// One person's portfolio from a mapping, a list of achievements or a YAML/JSON
// file path, an Open Badges 3.0 file too (register_ruleset.cpp), as Ruleset.evaluate
// reads it, with its reading warnings; a file is read with the GIL released.
// `person` (read_options::person) picks the person of a file with several.
portfolio read_one(const ruleset& rules, const py::handle& source, bool strict, const std::string& encoding,
                   const std::optional<std::string>& person, input_warnings& warnings);

// ---------------------------------------------------------------- Ctrl-C

// Ctrl-C while C++ works with the GIL released (F13). poll(), called now and
// then by the thread that released the GIL (batch_options::progress, or the
// watch of parallel_chunks), takes the GIL and runs Python's signal handlers;
// when one raises (KeyboardInterrupt) it sets stop(), which the C++ loops check
// per person, and rethrow() raises the error again once the GIL is held.
class interruption {
 public:
  static void progress(std::size_t done, std::size_t total, void* self);
  void poll();
  [[nodiscard]] const std::atomic<bool>& stop() const { return stop_; }
  // With the GIL held: raises what a signal handler raised, if anything.
  void rethrow();

 private:
  std::atomic<bool> stop_{false};
  std::optional<py::error_already_set> error_;
};

// ---------------------------------------------------------------- shared objects

// The compiled ruleset as _core holds it: immutable and shared, so the GIL can be
// released while C++ works on it from any number of threads.
struct ruleset_handle {
  std::shared_ptr<const ruleset> rules;
};

// A row the population builder could not take, for a message naming the row.
struct row_problem {
  std::size_t row = 0;
  std::string message;
};

// What a _core.Population reads (register_population.cpp): a view over numpy and
// Arrow buffers kept alive in `borrowed`, the columns that had to be converted,
// or a population read from CSV. Only Python owns it, so it is destroyed with
// the GIL held.
struct population_source {
  population_view view;
  std::optional<population> owned;
  std::deque<std::vector<std::int32_t>> codes;  // deques: the view's spans stay put as columns are added
  std::vector<date> dates;
  std::deque<std::vector<std::uint8_t>> kinds;
  std::deque<std::vector<double>> numbers;
  std::deque<std::string> names;
  py::list borrowed;
  std::optional<row_problem> problem;  // the first row with no person, else no date
};

struct population_handle {
  std::shared_ptr<const population_source> source;
};

// The view of a built population; py::value_error for an empty handle.
const population_view& checked(const population_handle& p);

}  // namespace civeff::python
