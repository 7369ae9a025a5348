// SPDX-License-Identifier: Apache-2.0
// Columnar evaluation for pandas over a _core.Population (register_population.cpp):
// evaluated with the GIL released, the outputs come back as numpy arrays of
// codes plus their few distinct strings. No Python object is made per row.
//
// `levels` and `credits` have no batch form in the engine: they group the
// population's rows by person in C++, build a civeff::portfolio per person and
// call ruleset::evaluate on a small thread pool.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>

#include "arrays.hpp"
#include "civeff_python.hpp"
#include "parallel.hpp"

namespace civeff::python {
namespace {

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

// ---------------------------------------------------------------- portfolios from rows

using cell = attribute_column::cell;

std::string_view category(const string_column_view& c, std::int32_t code) {
  return code >= 0 && static_cast<std::size_t>(code) < c.categories.size()
             ? c.categories[static_cast<std::size_t>(code)]
             : std::string_view();
}

// A cell as the engine reads it: a text cell with an empty text is absent.
cell kind_of(const attribute_column_view& c, std::size_t row) {
  const auto k = static_cast<cell>(c.kinds[row]);
  return k == cell::text && category(c.texts, c.texts.codes[row]).empty() ? cell::absent : k;
}

bool same_cell(const attribute_column_view& c, std::size_t a, std::size_t b) {
  const cell k = kind_of(c, a);
  if (k != kind_of(c, b)) return false;
  if (k == cell::absent) return true;
  if (k == cell::text) return category(c.texts, c.texts.codes[a]) == category(c.texts, c.texts.codes[b]);
  return number_at(c, a) == number_at(c, b);
}

// A population's rows grouped by person: persons in id order (as evaluate_batch
// orders them), each person's rows in input order.
struct grouping {
  std::vector<std::int32_t> persons;   // person category codes, sorted by id
  std::vector<std::uint32_t> offsets;  // persons.size() + 1
  std::vector<std::uint32_t> rows;
  [[nodiscard]] std::span<const std::uint32_t> rows_of(std::size_t i) const {
    return std::span<const std::uint32_t>(rows).subspan(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

grouping group(const population_view& pop) {
  grouping g;
  const std::size_t n = pop.rows, people = pop.person.categories.size();
  std::vector<std::uint32_t> count(people, 0);
  for (std::size_t r = 0; r < n; ++r) {
    const std::int32_t code = pop.person.codes[r];
    if (category(pop.person, code).empty())
      throw input_error({{severity::error,
                          "E044",
                          {std::string(pop.file), 0, 0},
                          "row " + std::to_string(r) + ": empty person",
                          {}}});
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
                            {std::string(pop.file), 0, 0},
                            "person '" +
                                std::string(pop.person.categories[static_cast<std::size_t>(g.persons[i])]) +
                                "' has two values for person." + std::string(c.name),
                            {}});
          break;
        }
      }
    }
  }
  if (!errors.empty()) throw input_error(std::move(errors));

  return g;
}

constexpr std::size_t chunk_size = 256;

// body(person, chunk) for each of `people` persons, chunk_size persons a chunk,
// on `threads` threads; Ctrl-C stops it between two persons (F13).
template <class Body>
void each_person(std::size_t people, unsigned threads, interruption& ctrl_c, Body body) {
  parallel_chunks((people + chunk_size - 1) / chunk_size, threads,
                  [&](std::size_t c) {
                    for (std::size_t i = c * chunk_size; i < std::min(people, (c + 1) * chunk_size); ++i) {
                      if (ctrl_c.stop()) return;
                      body(i, c);
                    }
                  },
                  [&] { ctrl_c.poll(); }, &ctrl_c.stop());
}

// ---------------------------------------------------------------- batch

py::dict batch(const ruleset_handle& r, const population_handle& handle, const py::handle& as_of,
               unsigned threads, bool with_persons) {
  const population_view& pop = checked(handle);
  batch_options options;
  options.as_of = date_from_py(as_of, "as_of");
  options.threads = threads;
  interruption ctrl_c;  // F13: Ctrl-C stops the batch within about 100 ms
  options.progress = &interruption::progress;
  options.progress_user = &ctrl_c;
  options.stop = &ctrl_c.stop();
  batch_result b;
  std::vector<std::uint8_t> status;
  std::vector<std::int32_t> missing_codes;
  interner missing_names;
  {
    const py::gil_scoped_release release;
    b = r.rules->evaluate_batch(pop, options);
  }
  ctrl_c.rethrow();
  {
    const py::gil_scoped_release release;
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
  if (with_persons) out["persons"] = to_list(b.persons);
  out["person_codes"] = to_numpy(std::move(b.person_codes));
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
  const population_view& pop = checked(handle);
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
  const population_view& pop = checked(handle);
  const date day = date_from_py(as_of, "as_of");
  const std::vector<std::string> scales = r.rules->scale_names();
  const std::size_t rows = pop.rows, nscales = scales.size();
  std::vector<std::uint8_t> known(rows, 0), counted(rows, 0);
  std::vector<std::int32_t> level_codes(rows * nscales, -1);  // scale-major
  std::vector<interner> level_names(nscales);
  std::vector<diagnostic> errors;
  interruption ctrl_c;  // F13
  {
    const py::gil_scoped_release release;
    const grouping g = group(pop);
    const population_portfolios portfolios(pop);
    const std::size_t people = g.persons.size(), chunks = (people + chunk_size - 1) / chunk_size;
    // Per row, per scale: index+1 into the chunk's level strings (0: null).
    struct chunk_out {
      std::vector<std::string> names;
      std::vector<std::pair<std::size_t, std::size_t>> cells;  // (row * nscales + scale, name index)
      std::vector<diagnostic> errors;
    };
    std::vector<chunk_out> out(chunks);
    each_person(people, threads, ctrl_c, [&](std::size_t i, std::size_t c) {
      chunk_out& o = out[c];
      const portfolio p = portfolios.of(g.rows_of(i));
      result res;
      try {
        res = r.rules->evaluate(p, day);
      } catch (const evaluation_error& e) {
        o.errors.insert(o.errors.end(), e.diagnostics().begin(), e.diagnostics().end());
        return;
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
    });
    for (auto& o : out) {
      for (const auto& [row_scale, name] : o.cells) {
        const std::size_t row = row_scale / nscales, s = row_scale % nscales;
        level_codes[s * rows + row] = level_names[s](o.names[name]);
      }
      errors.insert(errors.end(), o.errors.begin(), o.errors.end());
    }
  }
  ctrl_c.rethrow();
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
  const population_view& pop = checked(handle);
  const date day = date_from_py(as_of, "as_of");
  std::vector<std::int32_t> person_codes, unit_codes, via_codes, days;
  interner units, vias;
  std::vector<diagnostic> errors;
  interruption ctrl_c;  // F13
  {
    const py::gil_scoped_release release;
    const grouping g = group(pop);
    const population_portfolios portfolios(pop);
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
    each_person(people, threads, ctrl_c, [&](std::size_t i, std::size_t c) {
      chunk_out& o = out[c];
      const portfolio p = portfolios.of(g.rows_of(i));
      try {
        const result res = r.rules->evaluate(p, day);
        for (const auto& [unit, cr] : res.credited)  // std::map: sorted by unit id
          o.rows.push_back({g.persons[i], unit, cr.via, cr.when.days_since_epoch()});
      } catch (const evaluation_error& e) {
        o.errors.insert(o.errors.end(), e.diagnostics().begin(), e.diagnostics().end());
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
  ctrl_c.rethrow();
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
  py::class_<ruleset_handle> cls = py::reinterpret_borrow<py::class_<ruleset_handle>>(m.attr("Ruleset"));
  cls.def("batch", &batch, py::arg("population"), py::arg("as_of"), py::arg("threads") = 0U,
          py::arg("with_persons") = false,
          "evaluate_batch: one row per person x diploma, as numpy arrays; persons as codes into the input's "
          "person categories (and as text with with_persons).")
      .def("time_batch", &time_batch, py::arg("population"), py::arg("as_of"), py::arg("threads") = 0U,
           py::arg("repeat") = 1,
           "Seconds per evaluate_batch run on an already-built population (benchmarks).")
      .def("levels", &levels, py::arg("population"), py::arg("as_of"), py::arg("threads") = 0U,
           "Per achievement (input row): known, counted and the level on each scale.")
      .def("credits", &credits, py::arg("population"), py::arg("as_of"), py::arg("threads") = 0U,
           "Per person: the credited units with date and via, sorted by person then unit.");
}

}  // namespace civeff::python
