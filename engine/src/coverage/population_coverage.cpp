// SPDX-License-Identifier: Apache-2.0
#include "coverage/population_coverage.hpp"

#include <algorithm>
#include <deque>
#include <exception>
#include <mutex>
#include <utility>

#include "coverage/rule_table.hpp"
#include "coverage/tally.hpp"
#include "eval/batch.hpp"
#include "eval/portfolio_input.hpp"

namespace civeff::detail {
namespace {

// What one thread owns: its workspace, its trace, its counts and its failures.
struct thread_state {
  thread_state(const program& prog, const rule_table& table) : tally(prog, table) {}
  workspace ws;
  trace t;
  coverage_tally tally;
  std::vector<std::pair<std::size_t, diagnostic>> errors;  // (person position, error)
};

}  // namespace

coverage_result population_coverage(const program& prog, const population_view& pop,
                                    const batch_options& options) {
  population_errors found;
  const person_groups groups = group_persons(pop, found);
  const population_reading reading = read_categories(prog, pop, found);
  found.throw_if_any(pop);
  as_of_context ctx;
  ctx.prepare(prog, options.as_of.days_since_epoch());
  const rule_table table(prog);

  person_chunks chunks(groups.size(), options);
  std::deque<thread_state> states;
  std::mutex states_mutex;
  std::exception_ptr failure;
  chunks.run([&] {
    thread_state* st = nullptr;
    try {
      {
        const std::lock_guard lock(states_mutex);
        st = &states.emplace_back(prog, table);
      }
      for (std::size_t c = 0, from = 0, to = 0; chunks.next(c, from, to);) {
        for (std::size_t person = from; person < to; ++person) {
          if (chunks.stopped()) return;
          load_person(prog, pop, groups, reading, person, st->ws);
          st->t.clear();
          st->ws.run(prog, ctx, st->t);
          if (st->ws.failed) {
            // SPEC §10: reported and left out, as evaluate_batch leaves it out.
            const auto code = static_cast<std::size_t>(groups.person_order[person]);
            st->errors.emplace_back(person, evaluation_failure(prog, st->ws, pop.person.categories[code]));
            continue;
          }
          st->tally.add(st->ws, st->t);
        }
        chunks.finished(to - from);
      }
    } catch (...) {
      const std::lock_guard lock(states_mutex);
      if (!failure) failure = std::current_exception();
    }
  });
  if (failure) std::rethrow_exception(failure);
  if (chunks.stopped()) return {};

  coverage_tally total(prog, table);
  std::vector<std::pair<std::size_t, diagnostic>> errors;
  for (thread_state& st : states) {
    total.merge(st.tally);
    for (auto& e : st.errors) errors.push_back(std::move(e));
  }
  total.finish();
  std::sort(errors.begin(), errors.end(), [](const auto& x, const auto& y) { return x.first < y.first; });

  coverage_result r;
  r.ruleset = prog.name;
  r.version = prog.version;
  r.overlays = prog.overlays;
  r.as_of = options.as_of;
  r.persons = total.persons;
  r.achievements = total.achievements;
  r.counted = total.counted;
  r.rows.reserve(table.size());
  for (std::size_t k = 0; k < table.size(); ++k) {
    const rule_table::rule& rule = table.rules()[k];
    r.rows.push_back({rule.name, rule.kind, rule.where, total.fired[k], total.of[k]});
  }
  for (auto& e : errors) r.errors.push_back(std::move(e.second));
  return r;
}

}  // namespace civeff::detail
