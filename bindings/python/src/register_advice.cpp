// SPDX-License-Identifier: Apache-2.0
// Advice (SPEC §12). ruleset::advise for one portfolio, with the GIL released
// while it searches: its fields reach Python as plain data (tuples, lists, a
// datetime.date) beside the engine's object, which civeff/advice.py keeps for
// to_json() and to_text(), so Advice.to_dict() is json.loads of the very JSON
// `civeff advise --format json` prints. ruleset::advise_batch over a
// _core.Population for advise_frame: its rows as numpy arrays, the plans'
// `;`-joined unit lists as codes into their few distinct texts.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <string>
#include <unordered_map>

#include "arrays.hpp"
#include "civeff_python.hpp"

namespace civeff::python {
namespace {

// (hours, [(unit, hours, [credited unit ids])]) per plan.
py::list plans_to_py(const std::vector<advice_plan>& plans) {
  py::list out;
  for (const auto& plan : plans) {
    py::list units;
    for (const auto& u : plan.units) units.append(py::make_tuple(u.unit, u.hours, u.credits));
    out.append(py::make_tuple(plan.hours, units));
  }
  return out;
}

py::dict advise(const ruleset_handle& r, const py::handle& source, const std::string& diploma,
                const py::handle& as_of, std::size_t top, std::uint64_t max_steps, bool strict,
                const std::string& encoding, const std::optional<std::string>& person) {
  const date day = date_from_py(as_of, "as_of");
  input_warnings warnings;
  const portfolio p = read_one(*r.rules, source, strict, encoding, person, warnings);
  advice_options options;
  options.top = top;
  options.max_steps = max_steps;
  advice a;
  {
    const py::gil_scoped_release release;
    a = r.rules->advise(p, diploma, day, options);
  }
  py::dict out;
  out["person"] = a.person;
  out["as_of"] = date_to_py(a.as_of);
  out["diploma"] = a.diploma;
  out["status"] = std::string(to_string(a.status));
  out["plans"] = plans_to_py(a.plans);
  out["blocking"] = a.blocking;
  out["proven"] = a.proven;
  out["steps"] = a.steps;
  out["candidates"] = a.candidates;
  out["warnings"] = diagnostics_to_py(warnings.shown);
  out["warning_count"] = warnings.total;
  out["language"] = r.rules->language() == text_language::nl ? "nl" : "en";
  out["advice"] = py::cast(std::move(a));
  return out;
}

py::dict advise_batch(const ruleset_handle& r, const population_handle& handle, const std::string& diploma,
                      const py::handle& as_of, std::uint64_t max_steps, unsigned threads) {
  const population_view& pop = checked(handle);
  advice_batch_options options;
  options.as_of = date_from_py(as_of, "as_of");
  options.max_steps = max_steps;
  options.threads = threads;
  interruption ctrl_c;  // F13: Ctrl-C stops the batch within about 100 ms
  options.progress = &interruption::progress;
  options.progress_user = &ctrl_c;
  options.stop = &ctrl_c.stop();
  advice_batch b;
  std::vector<std::uint8_t> status;
  std::vector<std::int32_t> unit_codes;
  std::vector<std::string> unit_lists;
  {
    const py::gil_scoped_release release;
    b = r.rules->advise_batch(pop, diploma, options);
  }
  ctrl_c.rethrow();
  {
    const py::gil_scoped_release release;
    status.reserve(b.rows());
    for (const auto s : b.status) status.push_back(static_cast<std::uint8_t>(s));
    // Persons with the same cheapest plan share one `;`-joined text.
    std::unordered_map<std::string, std::int32_t> codes;
    unit_codes.reserve(b.rows());
    for (const auto& ids : b.units) {
      std::string joined;
      for (const auto& id : ids) {
        if (!joined.empty()) joined += ';';
        joined += id;
      }
      auto [it, inserted] =
          codes.try_emplace(std::move(joined), static_cast<std::int32_t>(unit_lists.size()));
      if (inserted) unit_lists.push_back(it->first);
      unit_codes.push_back(it->second);
    }
  }
  py::dict out;
  out["diploma"] = b.diploma;
  out["persons"] = to_list(b.persons);
  out["status"] = to_numpy(std::move(status));
  out["hours_to_complete"] = to_numpy(std::move(b.hours_to_complete));
  out["units_codes"] = to_numpy(std::move(unit_codes));
  out["units_categories"] = to_list(unit_lists);
  out["proven"] = to_numpy(std::move(b.proven));
  out["errors"] = diagnostics_to_py(b.errors);
  return out;
}

}  // namespace

void register_advice(py::module_& m) {
  py::class_<advice>(m, "Advice", "The advice of SPEC 12 for one person; use civeff.Advice.")
      .def("to_json", [](const advice& a) { return to_json(a); })
      .def(
          "to_text", [](const advice& a, const std::string& lang) { return to_text(a, lang); },
          py::arg("lang"));

  py::class_<ruleset_handle> cls = py::reinterpret_borrow<py::class_<ruleset_handle>>(m.attr("Ruleset"));
  cls.def("advise", &advise, py::arg("portfolio"), py::arg("diploma"), py::arg("as_of"), py::arg("top") = 3,
          py::arg("max_steps") = 1'000'000, py::arg("strict") = false, py::arg("encoding") = "utf-8",
          py::arg("person") = py::none(),
          "ruleset::advise with the GIL released: {person, as_of, diploma, status, plans [(hours, "
          "[(unit, hours, credits)])], blocking, proven, steps, candidates, warnings, warning_count, "
          "language ('nl' or 'en'), advice (the engine's object)}.");
  cls.def("advise_batch", &advise_batch, py::arg("population"), py::arg("diploma"), py::arg("as_of"),
          py::arg("max_steps") = 1'000'000, py::arg("threads") = 0U,
          "advise_batch with the GIL released (Ctrl-C stops it): diploma, persons (sorted), status "
          "(uint8), hours_to_complete (float64, NaN: no plan), units_codes (int32) into "
          "units_categories (the cheapest plan's ids `;`-joined), proven (uint8), errors.");
}

}  // namespace civeff::python
