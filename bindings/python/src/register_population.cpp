// SPDX-License-Identifier: Apache-2.0
// _core.Population: a civeff::population_view over numpy (and Arrow) buffers.
//
// A million people are millions of rows, so the columns the engine can read as
// they are (int32 codes, float64 hours and numbers, one-byte flags, Arrow string
// buffers) are lent, not copied; the others (narrower or wider codes,
// datetime64 dates, flags and numbers that need a cell kind per row) are
// converted in C++ with the GIL released, a column per thread. Building the
// population is then a few passes over memory and no Python object per row.
#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "civeff_python.hpp"
#include "parallel.hpp"

namespace civeff::python {
namespace {

using cell = attribute_column::cell;

// One conversion to run with the GIL released; it may report a bad row.
struct conversion {
  std::function<void(std::optional<row_problem>&)> run;
  std::optional<row_problem> problem;
};

class builder {
 public:
  builder(population_source& source, std::size_t rows) : src_(source), rows_(rows) { src_.view.rows = rows; }

  // A 1-d array of `rows` values, kept alive by the source.
  py::array column(py::handle obj, const std::string& what) {
    auto a = py::array::ensure(obj, py::array::c_style);
    if (!a) throw py::type_error(what + ": expected a numpy array");
    if (a.ndim() != 1 || static_cast<std::size_t>(a.shape(0)) != rows_)
      throw py::value_error(what + ": expected a 1-d array of " + std::to_string(rows_) + " values");
    src_.borrowed.append(a);
    return a;
  }

  template <class T>
  std::span<const T> typed(py::handle obj, const std::string& what) {
    auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(obj);
    if (!a) throw py::type_error(what + ": expected a numpy array");
    const py::array checked = column(a, what);
    return {static_cast<const T*>(checked.data()), rows_};
  }

  // (codes of any signed integer dtype, categories) -> a string column view.
  string_column_view strings(py::handle spec, const std::string& what) {
    string_column_view v;
    if (spec.is_none()) return v;
    const auto t = spec.cast<py::tuple>();
    if (t.size() != 2) throw py::value_error(what + ": expected (codes, categories)");
    v.categories = categories(t[1], what);
    v.codes = codes(t[0], what);
    const std::string label =
        what.size() > 6 && what.ends_with(" texts") ? what.substr(0, what.size() - 6) : what;
    for (const std::size_t category : bad_categories_) bad_text_.push_back({label, v.codes, category});
    bad_categories_.clear();
    return v;
  }

  std::span<const std::int32_t> codes(py::handle obj, const std::string& what) {
    py::array a = column(obj, what + " codes");
    const py::dtype dt = a.dtype();
    if (dt.kind() != 'i')
      a = column(py::array_t<std::int64_t, py::array::forcecast>::ensure(a), what + " codes");
    if (a.itemsize() == 4) return {static_cast<const std::int32_t*>(a.data()), rows_};
    std::vector<std::int32_t>& out = src_.codes.emplace_back(rows_);
    const void* data = a.data();
    const auto width = static_cast<std::size_t>(a.itemsize());
    later([this, data, width, &out](std::optional<row_problem>&) {
      switch (width) {
        case 1: widen(static_cast<const std::int8_t*>(data), out); break;
        case 2: widen(static_cast<const std::int16_t*>(data), out); break;
        default: widen(static_cast<const std::int64_t*>(data), out); break;
      }
    });
    return out;
  }

  // (int64 ticks, ticks per day): datetime64 values of any unit, or days with 1.
  // NaT (the smallest int64) is a missing date.
  void dates(py::handle spec) {
    const auto [values, per_day] = ticks(spec, "dates");
    src_.dates.resize(rows_);
    later([this, values = values, per_day = per_day](std::optional<row_problem>& problem) {
      for (std::size_t r = 0; r < rows_; ++r) {
        const auto day = values[r] == not_a_time ? std::nullopt : day_of(values[r], per_day);
        if (day) src_.dates[r] = date(*day);
        else if (!problem)
          problem =
              row_problem{r, values[r] == not_a_time ? "the date is missing" : "the date is out of range"};
      }
    });
    src_.view.dates = src_.dates;
  }

  // (name, person_level, kind, payload); kind "boolean" (uint8 0/1), "number"
  // (float64, NaN absent), "date" ((int64, ticks_per_day), NaT absent) or "cells"
  // ((kinds uint8, numbers float64, text codes, text categories), typed in Python).
  void attribute(py::handle spec) {
    const auto t = spec.cast<py::tuple>();
    if (t.size() != 4) throw py::value_error("attribute: expected (name, person_level, kind, values)");
    attribute_column_view v;
    v.name = src_.names.emplace_back(t[0].cast<std::string>());
    v.person_level = t[1].cast<bool>();
    const auto kind = t[2].cast<std::string>();
    const std::string what = "attribute " + std::string(v.name);
    if (kind == "boolean" || kind == "number") {
      std::vector<std::uint8_t>& kinds = src_.kinds.emplace_back(rows_);
      v.kinds = kinds;
      if (kind == "number") {
        const std::span<const double> numbers = typed<double>(t[3], what);
        v.numbers = numbers;
        later([numbers, &kinds](std::optional<row_problem>&) {
          for (std::size_t r = 0; r < numbers.size(); ++r)
            kinds[r] = static_cast<std::uint8_t>(std::isnan(numbers[r]) ? cell::absent : cell::number);
        });
      } else {
        const std::span<const std::uint8_t> flags = typed<std::uint8_t>(t[3], what);
        std::vector<double>& numbers = src_.numbers.emplace_back(rows_);
        v.numbers = numbers;
        later([flags, &kinds, &numbers](std::optional<row_problem>&) {
          std::fill(kinds.begin(), kinds.end(), static_cast<std::uint8_t>(cell::boolean));
          for (std::size_t r = 0; r < flags.size(); ++r) numbers[r] = flags[r] != 0 ? 1.0 : 0.0;
        });
      }
    } else if (kind == "date") {
      const auto [values, per_day] = ticks(t[3], what);
      std::vector<std::uint8_t>& kinds = src_.kinds.emplace_back(rows_);
      std::vector<double>& numbers = src_.numbers.emplace_back(rows_);
      v.kinds = kinds;
      v.numbers = numbers;
      later(
          [values = values, per_day = per_day, &kinds, &numbers, what](std::optional<row_problem>& problem) {
            for (std::size_t r = 0; r < values.size(); ++r) {
              const auto day = values[r] == not_a_time ? std::nullopt : day_of(values[r], per_day);
              if (!day && values[r] != not_a_time && !problem)
                problem = row_problem{r, what + ": the date is out of range"};
              kinds[r] = static_cast<std::uint8_t>(day ? cell::date : cell::absent);
              numbers[r] = day ? *day : 0.0;
            }
          });
    } else if (kind == "cells") {
      const auto c = t[3].cast<py::tuple>();
      if (c.size() != 4)
        throw py::value_error(what + ": expected (kinds, numbers, text codes, text categories)");
      v.kinds = typed<std::uint8_t>(c[0], what + " kinds");
      v.numbers = typed<double>(c[1], what + " numbers");
      v.texts = strings(py::make_tuple(c[2], c[3]), what + " texts");
    } else {
      throw py::value_error(what + ": unknown kind '" + kind + "'");
    }
    src_.view.attributes.push_back(v);
  }

  // SPEC §3: hours are a number >= 0 (NaN: the unit's hours); a lent float64
  // column is checked here, as the CSV reader checks a cell (F8).
  void check_hours(std::span<const double> hours) {
    later([hours](std::optional<row_problem>& problem) {
      for (std::size_t r = 0; r < hours.size(); ++r) {
        const double h = hours[r];
        if (std::isnan(h) || (std::isfinite(h) && h >= 0)) continue;
        problem = row_problem{r, fmt::format("hours: {} is not a number >= 0", h)};
        return;
      }
    });
  }

  // Runs the conversions on up to `threads` threads, GIL released; keeps the
  // first problem in column order.
  void finish(unsigned threads) {
    {
      const py::gil_scoped_release release;
      parallel_chunks(work_.size(), threads, [&](std::size_t i) { work_[i].run(work_[i].problem); });
    }
    for (auto& w : work_)
      if (w.problem && !src_.problem) src_.problem = w.problem;
  }

 private:
  static constexpr std::int64_t not_a_time = std::numeric_limits<std::int64_t>::min();

  // The calendar day of `value` ticks since 1970 (floor, so 23:00 on 31 December
  // 1969 is that day), or nullopt when no int32 day count holds it.
  static std::optional<std::int32_t> day_of(std::int64_t value, std::int64_t per_day) {
    std::int64_t day = value / per_day;
    if (value % per_day != 0 && value < 0) --day;
    if (day < std::numeric_limits<std::int32_t>::min() || day > std::numeric_limits<std::int32_t>::max())
      return std::nullopt;
    return static_cast<std::int32_t>(day);
  }

  // A (ticks, ticks per day) pair of a date column.
  std::pair<std::span<const std::int64_t>, std::int64_t> ticks(py::handle spec, const std::string& what) {
    const auto t = spec.cast<py::tuple>();
    if (t.size() != 2) throw py::value_error(what + ": expected (values, ticks_per_day)");
    const auto per_day = t[1].cast<std::int64_t>();
    if (per_day < 1) throw py::value_error(what + ": ticks_per_day must be positive");
    return {typed<std::int64_t>(t[0], what), per_day};
  }

  template <class T>
  static void widen(const T* in, std::vector<std::int32_t>& out) {
    for (std::size_t r = 0; r < out.size(); ++r) {
      const T v = in[r];
      // A code no int32 holds is out of range for any category list: the engine rejects it.
      out[r] = v >= std::numeric_limits<std::int32_t>::min() && v <= std::numeric_limits<std::int32_t>::max()
                   ? static_cast<std::int32_t>(v)
                   : std::numeric_limits<std::int32_t>::min();
    }
  }

  // Distinct values: a sequence of str (views into the str objects' UTF-8, which
  // Python caches), or Arrow string buffers (offsets, data) lent as they are.
  std::vector<std::string_view> categories(py::handle obj, const std::string& what) {
    std::vector<std::string_view> out;
    if (py::isinstance<py::tuple>(obj)) {
      const auto t = obj.cast<py::tuple>();
      if (t.size() != 2) throw py::value_error(what + ": expected Arrow (offsets, data)");
      const py::array offsets = py::array::ensure(t[0], py::array::c_style);
      const auto data = py::array_t<std::uint8_t, py::array::c_style>::ensure(t[1]);
      if (!offsets || !data || offsets.ndim() != 1 || data.ndim() != 1 || offsets.shape(0) < 1 ||
          offsets.dtype().kind() != 'i' || (offsets.itemsize() != 4 && offsets.itemsize() != 8))
        throw py::value_error(what + ": bad Arrow buffers");
      src_.borrowed.append(offsets);
      src_.borrowed.append(data);
      const auto n = static_cast<std::size_t>(offsets.shape(0)) - 1;
      const auto at = [&](std::size_t i) -> std::int64_t {
        return offsets.itemsize() == 4 ? static_cast<const std::int32_t*>(offsets.data())[i]
                                       : static_cast<const std::int64_t*>(offsets.data())[i];
      };
      const auto* chars = reinterpret_cast<const char*>(data.data());
      const auto size = static_cast<std::int64_t>(data.shape(0));
      out.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t from = at(i), to = at(i + 1);
        if (from < 0 || to < from || to > size) throw py::value_error(what + ": bad Arrow offsets");
        out.emplace_back(chars + from, static_cast<std::size_t>(to - from));
      }
      return out;
    }
    const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    src_.borrowed.append(seq);
    const auto n = static_cast<std::size_t>(py::len(seq));
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const py::object item = seq[i];
      if (!PyUnicode_Check(item.ptr()))
        throw py::type_error(what + ": categories must be str, got " +
                             py::str(py::type::handle_of(item).attr("__name__")).cast<std::string>());
      const std::optional<std::string_view> utf8 = utf8_of(item);
      if (!utf8) bad_categories_.push_back(i);  // F11: named by its row once the codes are known
      out.push_back(utf8.value_or(std::string_view()));
    }
    return out;
  }

 public:
  // F11: the first row whose text has no UTF-8 (a lone surrogate), if any. After finish():
  // the codes of every column are in place then.
  std::optional<row_problem> bad_text() const {
    std::optional<row_problem> first;
    for (const auto& [label, codes, category] : bad_text_) {
      const auto at = std::find(codes.begin(), codes.end(), static_cast<std::int32_t>(category));
      const auto row = static_cast<std::size_t>(at - codes.begin());
      if (at != codes.end() && (!first || row < first->row))
        first = row_problem{row, label + ": " + std::string(not_unicode)};
    }
    return first;
  }

 private:
  void later(std::function<void(std::optional<row_problem>&)> run) { work_.push_back({std::move(run), {}}); }

  population_source& src_;
  std::size_t rows_;
  std::vector<conversion> work_;
  struct bad_category {
    std::string column;
    std::span<const std::int32_t> codes;
    std::size_t category;
  };
  std::vector<std::size_t> bad_categories_;  // of the categories() call being read
  std::vector<bad_category> bad_text_;
};

// The first row whose person is missing (code -1 or an empty category), if any.
std::optional<row_problem> missing_person(const string_column_view& person) {
  std::vector<bool> empty(person.categories.size());
  bool any_empty = false;
  for (std::size_t c = 0; c < empty.size(); ++c) any_empty |= (empty[c] = person.categories[c].empty());
  for (std::size_t r = 0; r < person.codes.size(); ++r) {
    const std::int32_t code = person.codes[r];
    if (code < 0 ||
        (any_empty && static_cast<std::size_t>(code) < empty.size() && empty[static_cast<std::size_t>(code)]))
      return row_problem{r, "the person is missing"};
  }
  return std::nullopt;
}

population_handle make_population(std::size_t rows, const py::object& person, const py::object& dates,
                                  const py::object& unit, const py::object& title, const py::object& hours,
                                  const py::object& marks, const py::object& exempt,
                                  const py::list& attributes, const std::string& file, unsigned threads) {
  auto src = std::make_shared<population_source>();
  builder b(*src, rows);
  src->view.file = src->names.emplace_back(file);
  src->view.person = b.strings(person, "person");
  b.dates(dates);
  src->view.unit = b.strings(unit, "unit");
  src->view.title = b.strings(title, "title");
  src->view.marks = b.strings(marks, "marks");
  if (!hours.is_none()) {
    src->view.hours = b.typed<double>(hours, "hours");
    b.check_hours(src->view.hours);
  }
  if (!exempt.is_none()) src->view.exempt = b.typed<std::uint8_t>(exempt, "exempt");
  for (const auto& a : attributes) b.attribute(a);
  b.finish(threads);
  std::optional<row_problem> no_person;
  {
    const py::gil_scoped_release release;
    no_person = missing_person(src->view.person);
  }
  if (no_person) src->problem = std::move(no_person);  // before any date problem: the person names the row
  if (auto bad = b.bad_text()) src->problem = std::move(bad);
  return {std::move(src)};
}

}  // namespace

const population_view& checked(const population_handle& p) {
  if (!p.source) throw py::value_error("empty Population");
  return p.source->view;
}

void register_population(py::module_& m) {
  py::class_<population_handle>(
      m, "Population",
      "A population in long form (SPEC §3) whose columns C++ reads from numpy/Arrow buffers. Built by "
      "civeff.frame from a DataFrame; the arrays must not change while it is used.")
      .def(py::init(&make_population), py::arg("rows"), py::arg("person"), py::arg("dates"), py::kw_only(),
           py::arg("unit") = py::none(), py::arg("title") = py::none(), py::arg("hours") = py::none(),
           py::arg("marks") = py::none(), py::arg("exempt") = py::none(), py::arg("attributes") = py::list(),
           py::arg("file") = std::string("<DataFrame>"), py::arg("threads") = 0U)
      .def_static(
          "read_csv",
          [](const std::filesystem::path& path) {
            auto src = std::make_shared<population_source>();
            {
              const py::gil_scoped_release release;
              src->owned = read_population_csv(path);
              src->view = src->owned->view();
            }
            return population_handle{std::move(src)};
          },
          py::arg("path"), "Reads a population CSV with the engine's own reader (as `civeff batch` does).")
      .def_property_readonly("rows", [](const population_handle& p) { return checked(p).rows; })
      .def_property_readonly(
          "problem",
          [](const population_handle& p) -> py::object {
            checked(p);
            if (!p.source->problem) return py::none();
            return py::make_tuple(p.source->problem->row, p.source->problem->message);
          },
          "(row position, message) of the first row with no person or no date, else None.")
      .def_property_readonly("persons", [](const population_handle& p) {
        const population_view& pop = checked(p);
        std::vector<bool> seen(pop.person.categories.size(), false);
        std::size_t n = 0;
        for (const auto c : pop.person.codes) {
          if (c < 0 || static_cast<std::size_t>(c) >= seen.size() || seen[static_cast<std::size_t>(c)])
            continue;
          seen[static_cast<std::size_t>(c)] = true;
          ++n;
        }
        return n;
      });
}

}  // namespace civeff::python
