// SPDX-License-Identifier: Apache-2.0
#include "whatif/side.hpp"

#include <exception>

#include "eval/batch.hpp"

namespace civeff::detail {

void run_jobs(std::size_t n, const std::function<void(std::size_t)>& job) {
  std::vector<std::exception_ptr> failed(n);
  batch_options threads;  // all cores, no progress: the calling thread works too
  person_chunks chunks(n, threads, 1);
  chunks.run([&] {
    for (std::size_t c = 0, from = 0, to = 0; chunks.next(c, from, to);) {
      for (std::size_t k = from; k < to; ++k) {
        try {
          job(k);
        } catch (...) {
          failed[k] = std::current_exception();
        }
      }
    }
  });
  for (const std::exception_ptr& e : failed)
    if (e) std::rethrow_exception(e);
}

std::optional<double> hours_to_complete(const ruleset& rules, const portfolio& p, const std::string& diploma,
                                        date as_of, const advice_options& options, bool& proven) {
  // The cheapest plan only, as `civeff advise POP.csv` finds it (advice_batch).
  const advice a = rules.advise(p, diploma, as_of, {.top = 1, .max_steps = options.max_steps});
  proven = a.proven;
  if (a.plans.empty()) return std::nullopt;
  return a.plans.front().hours;
}

std::vector<what_if_side> evaluate_sides(const ruleset& rules, std::vector<portfolio> portfolios, date as_of,
                                         const advice_options& options,
                                         const std::vector<known_hours>& known) {
  std::vector<what_if_side> sides(portfolios.size());
  for (std::size_t k = 0; k < sides.size(); ++k) {
    sides[k].person = std::move(portfolios[k]);
    sides[k].evaluation = rules.evaluate(sides[k].person, as_of);
  }
  // One job per side and diploma still to search; a complete diploma is 0 without one.
  struct search {
    std::size_t side;
    std::string diploma;
    std::optional<double> hours;
    bool proven = true;
  };
  std::vector<search> searches;
  for (std::size_t k = 0; k < sides.size(); ++k) {
    what_if_side& s = sides[k];
    for (const auto& [id, d] : s.evaluation.diplomas) {
      if (k < known.size()) {
        if (const auto it = known[k].hours.find(id); it != known[k].hours.end()) {
          s.hours[id] = it->second;
          s.proven = s.proven && known[k].proven;
          continue;
        }
      }
      if (d.status == diploma_status::complete) s.hours[id] = 0.0;
      else searches.push_back({k, id, std::nullopt, true});
    }
  }
  run_jobs(searches.size(), [&](std::size_t j) {
    search& s = searches[j];
    s.hours = hours_to_complete(rules, sides[s.side].person, s.diploma, as_of, options, s.proven);
  });
  for (const search& s : searches) {
    sides[s.side].hours[s.diploma] = s.hours;
    sides[s.side].proven = sides[s.side].proven && s.proven;
  }
  return sides;
}

}  // namespace civeff::detail
