// SPDX-License-Identifier: Apache-2.0
// The cheapest plan of every person of a population (advice/population.hpp).
//
// The population is checked and grouped exactly as evaluate_batch does it, so
// it fails on the same input errors; each person's rows then become a
// portfolio for the advisor, whose every trial is a run of the one evaluator.
// One person's advice takes from microseconds to the whole step budget, so
// persons are handed out one at a time, not in evaluate_batch's chunks of 512.

#include "advice/population.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <utility>

#include "advice/advisor.hpp"
#include "eval/batch.hpp"

namespace civeff::detail {

advice_batch advise_batch(const program& prog, const population_view& pop, std::size_t diploma,
                          const advice_batch_options& options) {
  population_errors found;
  const person_groups groups = group_persons(pop, found);
  (void)read_categories(prog, pop, found);  // unknown marks: E042, as evaluate_batch
  found.throw_if_any(pop);
  const population_portfolios portfolios(pop);
  const std::size_t people = groups.size();

  // Per person, in id order; each slot is written by the one thread that advises it.
  std::vector<diploma_status> status(people, diploma_status::none);
  std::vector<double> hours(people, std::numeric_limits<double>::quiet_NaN());
  std::vector<std::vector<std::string>> units(people);
  std::vector<std::uint8_t> proven(people, 0), failed(people, 0);
  std::vector<std::pair<std::size_t, diagnostic>> errors;
  std::mutex errors_mutex;
  std::exception_ptr failure;

  batch_options chunking;
  chunking.threads = options.threads;
  chunking.progress = options.progress;
  chunking.progress_user = options.progress_user;
  chunking.stop = options.stop;
  constexpr std::size_t persons_per_chunk = 1;
  person_chunks chunks(people, chunking, persons_per_chunk);
  const advice_options search{.top = 1, .max_steps = options.max_steps};
  chunks.run([&] {
    try {
      for (std::size_t c = 0, from = 0, to = 0; chunks.next(c, from, to);) {
        for (std::size_t person = from; person < to; ++person) {
          if (chunks.stopped()) return;
          const portfolio p = portfolios.of(groups.rows_of(person));
          try {
            advice a = detail::advise(prog, p, diploma, options.as_of, search);
            status[person] = a.status;
            proven[person] = a.proven ? 1 : 0;
            if (!a.plans.empty()) {
              hours[person] = a.plans.front().hours;
              for (auto& u : a.plans.front().units) units[person].push_back(std::move(u.unit));
            }
          } catch (const evaluation_error& e) {
            // SPEC §10: reported and left out, as evaluate_batch leaves it out.
            failed[person] = 1;
            const std::lock_guard lock(errors_mutex);
            for (const diagnostic& d : e.diagnostics()) errors.emplace_back(person, d);
          }
        }
        chunks.finished(to - from);
      }
    } catch (...) {
      const std::lock_guard lock(errors_mutex);
      if (!failure) failure = std::current_exception();
    }
  });
  if (failure) std::rethrow_exception(failure);
  if (chunks.stopped()) return {};

  advice_batch r;
  r.diploma = prog.diplomas[diploma].id;
  for (std::size_t person = 0; person < people; ++person) {
    if (failed[person]) continue;
    r.persons.emplace_back(pop.person.categories[static_cast<std::size_t>(groups.person_order[person])]);
    r.status.push_back(status[person]);
    r.hours_to_complete.push_back(hours[person]);
    r.units.push_back(std::move(units[person]));
    r.proven.push_back(proven[person]);
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& e : errors) r.errors.push_back(std::move(e.second));
  return r;
}

}  // namespace civeff::detail
