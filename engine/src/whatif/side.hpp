// SPDX-License-Identifier: Apache-2.0
#pragma once
// One side of a what-if: a portfolio's evaluation and each diploma's hours to
// complete, from the public evaluate() and advise(), the one evaluator behind
// `civeff eval` and `civeff advise`. A what-if compares two sides; the course
// chooser compares one `before` with many `after`s.

#include <civeff/civeff.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace civeff::detail {

struct what_if_side {
  portfolio person;  // the portfolio evaluated
  result evaluation;
  // By diploma: the first advice plan's hours; 0 when complete; nullopt: no plan.
  std::map<std::string, std::optional<double>> hours;
  bool proven = true;  // every search behind `hours` ended by itself
};

// The sides of `portfolios`, each evaluated at `as_of`, their hours searched
// on all cores (options.max_steps per search; one plan each). `known[k]`, when
// given, holds hours already found for side k (the course chooser's ranking):
// those are taken as they are, with their `proven`. Throws what evaluate() and
// advise() throw; with several failures, the first side's, then diploma's.
struct known_hours {
  std::map<std::string, std::optional<double>> hours;
  bool proven = true;
};
std::vector<what_if_side> evaluate_sides(const ruleset& rules, std::vector<portfolio> portfolios, date as_of,
                                         const advice_options& options,
                                         const std::vector<known_hours>& known = {});

// The first plan's hours of advise(p, diploma) (top 1), and whether it is proven.
std::optional<double> hours_to_complete(const ruleset& rules, const portfolio& p, const std::string& diploma,
                                        date as_of, const advice_options& options, bool& proven);

// Runs job(0) .. job(n - 1) on all cores (the calling thread too). Throws the
// exception of the lowest job that threw, after every job has run.
void run_jobs(std::size_t n, const std::function<void(std::size_t)>& job);

}  // namespace civeff::detail
