// SPDX-License-Identifier: Apache-2.0
// Columnar evaluation for pandas: a civeff::population is built from numpy
// columns (factorized strings, int32 days, float64 hours), evaluated with the GIL
// released, and the outputs come back as numpy arrays. No Python object is made
// per input row; per output row only the strings pandas needs.
//
// `levels` and `credits` have no batch form in the engine: they group the
// population's rows by person in C++, build a civeff::portfolio per person and
// call ruleset::evaluate on a small thread pool.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <numeric>
#include <string>
#include <thread>
#include <string_view>
#include <unordered_map>

#include "civeff_python.hpp"

namespace civeff::python {
namespace {

template <class T>
using array_in = py::array_t<T, py::array::c_style | py::array::forcecast>;

template <class T>
std::vector<T> to_vector(const array_in<T>& a, std::size_t rows, const char* what) {
  if (a.ndim() != 1 || static_cast<std::size_t>(a.shape(0)) != rows)
    throw py::value_error(std::string(what) + ": expected a 1-d array of " + std::to_string(rows) +
                          " values");
  return std::vector<T>(a.data(), a.data() + rows);
}

string_column make_string_column(const array_in<std::int32_t>& codes, std::vector<std::string> categories,
                                 std::size_t rows, const char* what) {
  string_column c;
  c.codes = to_vector(codes, rows, what);
  c.categories = std::move(categories);
  const auto n = static_cast<std::int32_t>(c.categories.size());
  for (const std::int32_t code : c.codes)
    if (code < -1 || code >= n)
      throw py::value_error(std::string(what) + ": code " + std::to_string(code) + " out of range for " +
                            std::to_string(n) + " categories");
  return c;
}

string_column absent_column(std::size_t rows) { return {std::vector<std::int32_t>(rows, -1), {}}; }

template <class T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
  auto* heap = new std::vector<T>(std::move(v));
  const py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>({static_cast<py::ssize_t>(heap->size())}, {static_cast<py::ssize_t>(sizeof(T))},
                        heap->data(), owner);
}

py::list to_list(const std::vector<std::string>& v) {
  py::list out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = py::str(v[i]);
  return out;
}

// Interns strings into categories: code per distinct value, in first-seen order.
struct interner {
  std::unordered_map<std::string, std::int32_t> codes;
  std::vector<std::string> categories;
  std::int32_t operator()(const std::string& s) {
    auto [it, inserted] = codes.try_emplace(s, static_cast<std::int32_t>(categories.size()));
    if (inserted) categories.push_back(s);
    return it->second;
  }
};

unsigned thread_count(unsigned requested, std::size_t work_items) {
  unsigned t = requested ? requested : std::max(1U, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<std::size_t>(t, std::max<std::size_t>(1, work_items)));
}

// Runs body(chunk) for chunk in [0, chunks) on `threads` threads; rethrows the
// first exception after all threads have stopped.
template <class Body>
void parallel_chunks(std::size_t chunks, unsigned threads, Body body) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work = [&] {
    for (std::size_t c = next++; c < chunks; c = next++) {
      try {
        body(c);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = chunks;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < thread_count(threads, chunks); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

// ---------------------------------------------------------------- portfolios from rows

bool same_cell(const attribute_column& c, std::size_t a, std::size_t b) {
  if (c.kinds[a] != c.kinds[b]) return false;
  if (c.kinds[a] == attribute_column::cell::text) return c.texts.codes[a] == c.texts.codes[b];
  if (c.kinds[a] == attribute_column::cell::absent) return true;
  return c.numbers[a] == c.numbers[b];
}

std::optional<attribute_value> cell_value(const attribute_column& c, std::size_t row) {
  switch (c.kinds[row]) {
    case attribute_column::cell::absent: return std::nullopt;
    case attribute_column::cell::boolean: return attribute_value(c.numbers[row] != 0);
    case attribute_column::cell::number: return attribute_value(c.numbers[row]);
    case attribute_column::cell::date:
      return attribute_value(date(static_cast<std::int32_t>(c.numbers[row])));
    case attribute_column::cell::text: {
      const std::int32_t code = c.texts.codes[row];
      if (code < 0) return std::nullopt;
      return attribute_value(c.texts.categories[static_cast<std::size_t>(code)]);
    }
  }
  return std::nullopt;
}

// A population's rows grouped by person: persons in id order (as evaluate_batch
// orders them), each person's rows in input order.
struct grouping {
  std::vector<std::int32_t> persons;   // person category codes, sorted by id
  std::vector<std::uint32_t> offsets;  // persons.size() + 1
  std::vector<std::uint32_t> rows;
  std::vector<std::vector<std::string>> marks;  // per marks category, split on ';'
};

grouping group(const population& pop) {
  grouping g;
  const std::size_t n = pop.rows(), people = pop.person.categories.size();
  std::vector<std::uint32_t> count(people, 0);
  for (std::size_t r = 0; r < n; ++r) {
    const std::int32_t code = pop.person.codes[r];
    if (code < 0)
      throw input_error(
          {{severity::error, "E044", {pop.file, 0, 0}, "row " + std::to_string(r) + ": empty person", {}}});
    ++count[static_cast<std::size_t>(code)];
  }
  std::vector<std::int32_t> by_id(people);
  std::iota(by_id.begin(), by_id.end(), 0);
  std::sort(by_id.begin(), by_id.end(), [&](std::int32_t a, std::int32_t b) {
    return pop.person.categories[static_cast<std::size_t>(a)] <
           pop.person.categories[static_cast<std::size_t>(b)];
  });
  std::vector<std::uint32_t> start(people, 0);
  g.offsets.push_back(0);
  for (const std::int32_t code : by_id) {
    if (count[static_cast<std::size_t>(code)] == 0) continue;
    start[static_cast<std::size_t>(code)] = g.offsets.back();
    g.persons.push_back(code);
    g.offsets.push_back(g.offsets.back() + count[static_cast<std::size_t>(code)]);
  }
  g.rows.resize(n);
  for (std::size_t r = 0; r < n; ++r)
    g.rows[start[static_cast<std::size_t>(pop.person.codes[r])]++] = static_cast<std::uint32_t>(r);

  // SPEC §9: a person attribute is the same on every row of that person.
  std::vector<diagnostic> errors;
  for (const auto& c : pop.attributes) {
    if (!c.person_level) continue;
    for (std::size_t i = 0; i < g.persons.size(); ++i) {
      for (std::uint32_t k = g.offsets[i] + 1; k < g.offsets[i + 1]; ++k) {
        if (!same_cell(c, g.rows[g.offsets[i]], g.rows[k])) {
          errors.push_back({severity::error,
                            "E045",
                            {pop.file, 0, 0},
                            "person '" + pop.person.categories[static_cast<std::size_t>(g.persons[i])] +
                                "' has two values for person." + c.name,
                            {}});
          break;
        }
      }
    }
  }
  if (!errors.empty()) throw input_error(std::move(errors));

  g.marks.resize(pop.marks.categories.size());
  for (std::size_t c = 0; c < pop.marks.categories.size(); ++c) {
    std::string_view list = pop.marks.categories[c];
    while (!list.empty()) {
      const std::size_t semi = list.find(';');
      std::string_view id = list.substr(0, semi);
      list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
      while (!id.empty() && (id.front() == ' ' || id.front() == '\t')) id.remove_prefix(1);
      while (!id.empty() && (id.back() == ' ' || id.back() == '\t')) id.remove_suffix(1);
      if (!id.empty()) g.marks[c].emplace_back(id);
    }
  }
  return g;
}

portfolio person_portfolio(const population& pop, const grouping& g, std::size_t i) {
  portfolio p;
  p.person = pop.person.categories[static_cast<std::size_t>(g.persons[i])];
  const std::uint32_t begin = g.offsets[i], end = g.offsets[i + 1];
  for (const auto& c : pop.attributes)
    if (c.person_level)
      if (auto v = cell_value(c, g.rows[begin])) p.attrs.emplace(c.name, std::move(*v));
  p.achievements.reserve(end - begin);
  for (std::uint32_t k = begin; k < end; ++k) {
    const std::size_t row = g.rows[k];
    achievement a;
    if (const std::int32_t u = pop.unit.codes[row]; u >= 0)
      a.unit = pop.unit.categories[static_cast<std::size_t>(u)];
    if (const std::int32_t t = pop.title.codes[row]; t >= 0)
      a.title = pop.title.categories[static_cast<std::size_t>(t)];
    a.when = pop.dates[row];
    if (!std::isnan(pop.hours[row])) a.hours = pop.hours[row];
    if (const std::int32_t mk = pop.marks.codes[row]; mk >= 0)
      a.marks = g.marks[static_cast<std::size_t>(mk)];
    a.exempt = pop.exempt[row] != 0;
    for (const auto& c : pop.attributes)
      if (!c.person_level)
        if (auto v = cell_value(c, row)) a.attrs.emplace(c.name, std::move(*v));
    a.where = {pop.file, 0, 0};
    p.achievements.push_back(std::move(a));
  }
  return p;
}

constexpr std::size_t chunk_size = 256;

// ---------------------------------------------------------------- population from numpy

population_handle make_population(const array_in<std::int32_t>& person_codes,
                                  std::vector<std::string> person_categories,
                                  const array_in<std::int32_t>& dates, const py::object& unit_codes,
                                  std::vector<std::string> unit_categories, const py::object& title_codes,
                                  std::vector<std::string> title_categories, const py::object& hours,
                                  const py::object& marks_codes, std::vector<std::string> marks_categories,
                                  const py::object& exempt, const py::list& attributes, std::string file) {
  if (person_codes.ndim() != 1) throw py::value_error("person: expected a 1-d array");
  const auto rows = static_cast<std::size_t>(person_codes.shape(0));
  auto pop = std::make_shared<population>();
  pop->file = std::move(file);
  pop->person = make_string_column(person_codes, std::move(person_categories), rows, "person");
  {
    const std::vector<std::int32_t> days = to_vector(dates, rows, "date");
    pop->dates.reserve(days.size());  // a million people are twenty million rows: no regrowth
    for (const std::int32_t d : days) pop->dates.emplace_back(d);
  }
  pop->unit = unit_codes.is_none() ? absent_column(rows)
                                   : make_string_column(unit_codes.cast<array_in<std::int32_t>>(),
                                                        std::move(unit_categories), rows, "unit");
  pop->title = title_codes.is_none() ? absent_column(rows)
                                     : make_string_column(title_codes.cast<array_in<std::int32_t>>(),
                                                          std::move(title_categories), rows, "title");
  pop->hours = hours.is_none() ? std::vector<double>(rows, NAN)
                               : to_vector(hours.cast<array_in<double>>(), rows, "hours");
  pop->marks = marks_codes.is_none() ? absent_column(rows)
                                     : make_string_column(marks_codes.cast<array_in<std::int32_t>>(),
                                                          std::move(marks_categories), rows, "marks");
  pop->exempt = exempt.is_none() ? std::vector<std::uint8_t>(rows, 0)
                                 : to_vector(exempt.cast<array_in<std::uint8_t>>(), rows, "exempt");
  for (auto& e : pop->exempt) e = e != 0 ? 1 : 0;
  for (const auto& item : attributes) {
    const auto t = item.cast<py::tuple>();
    if (t.size() != 6)
      throw py::value_error("attribute: expected (name, person_level, kinds, numbers, codes, categories)");
    attribute_column c;
    c.name = t[0].cast<std::string>();
    c.person_level = t[1].cast<bool>();
    const std::vector<std::uint8_t> kinds = to_vector(t[2].cast<array_in<std::uint8_t>>(), rows, "attribute kinds");
    c.kinds.reserve(kinds.size());
    for (const std::uint8_t k : kinds) {
      if (k > static_cast<std::uint8_t>(attribute_column::cell::date))
        throw py::value_error("attribute " + c.name + ": bad cell kind " + std::to_string(k));
      c.kinds.push_back(static_cast<attribute_column::cell>(k));
    }
    c.numbers = to_vector(t[3].cast<array_in<double>>(), rows, "attribute numbers");
    c.texts = make_string_column(t[4].cast<array_in<std::int32_t>>(), t[5].cast<std::vector<std::string>>(),
                                 rows, "attribute texts");
    for (std::size_t r = 0; r < rows; ++r)
      if (c.kinds[r] == attribute_column::cell::text && c.texts.codes[r] < 0)
        c.kinds[r] = attribute_column::cell::absent;
    pop->attributes.push_back(std::move(c));
  }
  return {std::move(pop)};
}

const population& checked(const population_handle& p) {
  if (!p.pop) throw py::value_error("empty Population");
  return *p.pop;
}

// ---------------------------------------------------------------- batch

py::dict batch(const ruleset_handle& r, const population_handle& handle, const py::handle& as_of,
               unsigned threads) {
  const population& pop = checked(handle);
  batch_options options;
  options.as_of = date_from_py(as_of, "as_of");
  options.threads = threads;
  batch_result b;
  std::vector<std::uint8_t> status;
  std::vector<std::int32_t> missing_codes;
  interner missing_names;
  {
    const py::gil_scoped_release release;
    b = r.rules->evaluate_batch(pop, options);
    status.reserve(b.rows());
    for (const auto s : b.status) status.push_back(static_cast<std::uint8_t>(s));
    // Rows with the same missing leaves share one `;`-joined category.
    // Keys are views of the leaf indices' bytes inside `b`, which outlives the map:
    // no allocation per row.
    std::unordered_map<std::string_view, std::int32_t> by_leaves;
    missing_codes.reserve(b.rows());
    for (std::size_t i = 0; i < b.rows(); ++i) {
      const auto from = b.missing_offsets[i], to = b.missing_offsets[i + 1];
      const std::string_view key(reinterpret_cast<const char*>(b.missing.data() + from),
                                 (to - from) * sizeof(std::uint32_t));
      auto [it, inserted] = by_leaves.try_emplace(key, 0);
      if (inserted) {
        std::string joined;
        for (auto k = from; k < to; ++k) {
          if (k > from) joined += ';';
          joined += b.leaf_names[b.missing[k]];
        }
        it->second = missing_names(joined);
      }
      missing_codes.push_back(it->second);
    }
  }
  py::dict out;
  out["persons"] = to_list(b.persons);
  out["diplomas"] = to_list(b.diplomas);
  out["status"] = to_numpy(std::move(status));
  out["progress"] = to_numpy(std::move(b.progress));
  out["missing_codes"] = to_numpy(std::move(missing_codes));
  out["missing_categories"] = to_list(missing_names.categories);
  out["errors"] = diagnostics_to_py(b.errors);
  return out;
}

// Seconds per run of evaluate_batch alone, for the benchmark's C++ baseline.
std::vector<double> time_batch(const ruleset_handle& r, const population_handle& handle,
                               const py::handle& as_of, unsigned threads, int repeat) {
  const population& pop = checked(handle);
  batch_options options;
  options.as_of = date_from_py(as_of, "as_of");
  options.threads = threads;
  std::vector<double> seconds;
  const py::gil_scoped_release release;
  for (int i = 0; i < std::max(1, repeat); ++i) {
    const auto start = std::chrono::steady_clock::now();
    static_cast<void>(r.rules->evaluate_batch(pop, options));
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return seconds;
}

// ---------------------------------------------------------------- levels

py::dict levels(const ruleset_handle& r, const population_handle& handle, const py::handle& as_of,
                unsigned threads) {
  const population& pop = checked(handle);
  const date day = date_from_py(as_of, "as_of");
  const std::vector<std::string> scales = r.rules->scale_names();
  const std::size_t rows = pop.rows(), nscales = scales.size();
  std::vector<std::uint8_t> known(rows, 0), counted(rows, 0);
  std::vector<std::int32_t> level_codes(rows * nscales, -1);  // scale-major
  std::vector<interner> level_names(nscales);
  std::vector<diagnostic> errors;
  {
    const py::gil_scoped_release release;
    const grouping g = group(pop);
    const std::size_t people = g.persons.size(), chunks = (people + chunk_size - 1) / chunk_size;
    // Per row, per scale: index+1 into the chunk's level strings (0: null).
    struct chunk_out {
      std::vector<std::string> names;
      std::vector<std::pair<std::size_t, std::size_t>> cells;  // (row * nscales + scale, name index)
      std::vector<diagnostic> errors;
    };
    std::vector<chunk_out> out(chunks);
    parallel_chunks(chunks, threads, [&](std::size_t c) {
      chunk_out& o = out[c];
      for (std::size_t i = c * chunk_size; i < std::min(people, (c + 1) * chunk_size); ++i) {
        const portfolio p = person_portfolio(pop, g, i);
        result res;
        try {
          res = r.rules->evaluate(p, day);
        } catch (const evaluation_error& e) {
          o.errors.insert(o.errors.end(), e.diagnostics().begin(), e.diagnostics().end());
          continue;
        }
        for (std::size_t k = 0; k < res.achievements.size(); ++k) {
          const std::size_t row = g.rows[g.offsets[i] + k];
          const achievement_result& a = res.achievements[k];
          known[row] = a.known ? 1 : 0;
          counted[row] = a.counted ? 1 : 0;
          for (std::size_t s = 0; s < a.levels.size() && s < nscales; ++s) {
            if (!a.levels[s].second) continue;
            o.cells.emplace_back(row * nscales + s, o.names.size());
            o.names.push_back(*a.levels[s].second);
          }
        }
      }
    });
    for (auto& o : out) {
      for (const auto& [cell, name] : o.cells) {
        const std::size_t row = cell / nscales, s = cell % nscales;
        level_codes[s * rows + row] = level_names[s](o.names[name]);
      }
      errors.insert(errors.end(), o.errors.begin(), o.errors.end());
    }
  }
  py::list per_scale;
  for (std::size_t s = 0; s < nscales; ++s) {
    std::vector<std::int32_t> codes(level_codes.begin() + static_cast<std::ptrdiff_t>(s * rows),
                                    level_codes.begin() + static_cast<std::ptrdiff_t>((s + 1) * rows));
    per_scale.append(
        py::make_tuple(scales[s], to_numpy(std::move(codes)), to_list(level_names[s].categories)));
  }
  py::dict d;
  d["known"] = to_numpy(std::move(known));
  d["counted"] = to_numpy(std::move(counted));
  d["scales"] = per_scale;
  d["errors"] = diagnostics_to_py(errors);
  return d;
}

// ---------------------------------------------------------------- credits

py::dict credits(const ruleset_handle& r, const population_handle& handle, const py::handle& as_of,
                 unsigned threads) {
  const population& pop = checked(handle);
  const date day = date_from_py(as_of, "as_of");
  std::vector<std::int32_t> person_codes, unit_codes, via_codes, days;
  interner units, vias;
  std::vector<diagnostic> errors;
  {
    const py::gil_scoped_release release;
    const grouping g = group(pop);
    const std::size_t people = g.persons.size(), chunks = (people + chunk_size - 1) / chunk_size;
    struct row {
      std::int32_t person;
      std::string unit, via;
      std::int32_t day;
    };
    struct chunk_out {
      std::vector<row> rows;
      std::vector<diagnostic> errors;
    };
    std::vector<chunk_out> out(chunks);
    parallel_chunks(chunks, threads, [&](std::size_t c) {
      chunk_out& o = out[c];
      for (std::size_t i = c * chunk_size; i < std::min(people, (c + 1) * chunk_size); ++i) {
        const portfolio p = person_portfolio(pop, g, i);
        try {
          const result res = r.rules->evaluate(p, day);
          for (const auto& [unit, cr] : res.credited)  // std::map: sorted by unit id
            o.rows.push_back({g.persons[i], unit, cr.via, cr.when.days_since_epoch()});
        } catch (const evaluation_error& e) {
          o.errors.insert(o.errors.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
      }
    });
    for (auto& o : out) {
      for (auto& x : o.rows) {
        person_codes.push_back(x.person);
        unit_codes.push_back(units(x.unit));
        via_codes.push_back(vias(x.via));
        days.push_back(x.day);
      }
      errors.insert(errors.end(), o.errors.begin(), o.errors.end());
    }
  }
  py::dict d;
  d["person_codes"] = to_numpy(std::move(person_codes));
  d["person_categories"] = to_list(pop.person.categories);
  d["unit_codes"] = to_numpy(std::move(unit_codes));
  d["unit_categories"] = to_list(units.categories);
  d["days"] = to_numpy(std::move(days));
  d["via_codes"] = to_numpy(std::move(via_codes));
  d["via_categories"] = to_list(vias.categories);
  d["errors"] = diagnostics_to_py(errors);
  return d;
}

}  // namespace

void register_frame(py::module_& m) {
  py::class_<population_handle>(m, "Population",
                                "A population in long form, held column by column in C++ (SPEC §3). Built by "
                                "civeff.frame from a DataFrame; immutable.")
      .def(py::init(&make_population), py::arg("person_codes"), py::arg("person_categories"),
           py::arg("dates"), py::kw_only(), py::arg("unit_codes") = py::none(),
           py::arg("unit_categories") = std::vector<std::string>{}, py::arg("title_codes") = py::none(),
           py::arg("title_categories") = std::vector<std::string>{}, py::arg("hours") = py::none(),
           py::arg("marks_codes") = py::none(), py::arg("marks_categories") = std::vector<std::string>{},
           py::arg("exempt") = py::none(), py::arg("attributes") = py::list(),
           py::arg("file") = std::string("<DataFrame>"))
      .def_static(
          "read_csv",
          [](const std::filesystem::path& path) {
            const py::gil_scoped_release release;
            return population_handle{std::make_shared<const population>(read_population_csv(path))};
          },
          py::arg("path"), "Reads a population CSV with the engine's own reader (as `civeff batch` does).")
      .def_property_readonly("rows", [](const population_handle& p) { return checked(p).rows(); })
      .def_property_readonly("persons", [](const population_handle& p) {
        const population& pop = checked(p);
        std::vector<bool> seen(pop.person.categories.size(), false);
        std::size_t n = 0;
        for (const auto c : pop.person.codes) {
          if (c < 0 || seen[static_cast<std::size_t>(c)]) continue;
          seen[static_cast<std::size_t>(c)] = true;
          ++n;
        }
        return n;
      });

  py::class_<ruleset_handle> cls = py::reinterpret_borrow<py::class_<ruleset_handle>>(m.attr("Ruleset"));
  cls.def("batch", &batch, py::arg("population"), py::arg("as_of"), py::arg("threads") = 0U,
          "evaluate_batch: one row per person x diploma, as numpy arrays.")
      .def("time_batch", &time_batch, py::arg("population"), py::arg("as_of"), py::arg("threads") = 0U,
           py::arg("repeat") = 1,
           "Seconds per evaluate_batch run on an already-built population (benchmarks).")
      .def("levels", &levels, py::arg("population"), py::arg("as_of"), py::arg("threads") = 0U,
           "Per achievement (input row): known, counted and the level on each scale.")
      .def("credits", &credits, py::arg("population"), py::arg("as_of"), py::arg("threads") = 0U,
           "Per person: the credited units with date and via, sorted by person then unit.");
}

}  // namespace civeff::python
