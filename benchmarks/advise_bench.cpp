// SPDX-License-Identifier: Apache-2.0
// advise_bench: how long ruleset::advise (SPEC §12) takes per persona and diploma, and
// ruleset::advise_batch over a whole population next to one evaluate_batch of it.
//
//   advise_bench --rules DIR --personas DIR|FILE [--as-of YYYY-MM-DD] [--repeat N] [--max-steps N]
//   advise_bench --rules DIR --population CSV [--diploma ID] [--threads T] [--as-of YYYY-MM-DD]
//                [--repeat N] [--max-steps N] [--profile K]
//
// Personas: compiles the rules and reads each portfolio once (the persona files of a
// folder, `*.result.json`, `*.advice.json` and `*.whatif.json` left out), neither timed. Then for every
// persona and every diploma of the ruleset it calls advise (top 3, max_steps 10^6 unless
// --max-steps says otherwise) N times (default 5), timing each call on its own, and
// prints per pair the candidates, steps, proven, the best and the median call; then how
// many pairs take over 50 ms (by the median), and the slowest pair.
//
// Population: compiles the rules and reads the CSV (with the rules, as `civeff advise
// POP.csv` reads it), each timed on its own. Then it runs advise_batch for one diploma
// (default 25656, Verzorgende-IG) and evaluate_batch (every diploma, what `civeff batch`
// does) alternately, N times each (default 1) on the same T threads (default: all
// hardware threads), and reports for each the best and median wall time, persons per
// second, CPU time over wall time and the peak resident size during it (VmHWM); then
// advise/batch side by side; then what the advice found: persons with a plan, complete
// already, not proven, and the median and 90th percentile of hours_to_complete. With
// --profile K it also advises K persons spread evenly over the population one at a
// time on this thread, each from a portfolio built from its rows, and prints how the
// steps and the time per person are distributed (and checks each cheapest plan's hours
// against advise_batch's). Uses only the public API.
//
// Exit codes: 0 done; 1 a rule error, a search that is not proven (personas), or the
// profile's hours differ from advise_batch's; 2 bad arguments or input.
#include <civeff/civeff.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "arguments.hpp"
#include "measure.hpp"

namespace {

using bench::clock_type;
using bench::format_seconds;
using bench::median;
using bench::print_diagnostics;
using bench::seconds_since;
using bench::with_commas;

constexpr double target_ms = 50;  // issue 12: each persona's advice for each diploma

struct arguments {
  std::string rules;
  std::vector<std::string> personas;  // folders or files
  std::string population;
  std::string diploma = "25656";
  civeff::date as_of = civeff::date::today_utc();
  std::optional<int> repeat;  // default 5 for personas, 1 for a population
  std::uint64_t max_steps = civeff::advice_options{}.max_steps;
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
  std::size_t profile = 0;
};

constexpr std::string_view usage =
    "usage: advise_bench --rules DIR --personas DIR|FILE [--as-of YYYY-MM-DD] [--repeat N] [--max-steps N]\n"
    "       advise_bench --rules DIR --population CSV [--diploma ID] [--threads T] [--as-of YYYY-MM-DD]\n"
    "                    [--repeat N] [--max-steps N] [--profile K]\n";

// Parses the command line; nullopt (after a message) when it is wrong.
std::optional<arguments> parse_arguments(int argc, char** argv) {
  arguments args;
  bool diploma_given = false, threads_given = false, profile_given = false;
  const bool ok = bench::each_flag(
      argc, argv, "advise_bench", usage, [&](std::string_view flag, const std::string& value) {
        if (flag == "--rules") {
          args.rules = value;
        } else if (flag == "--personas") {
          args.personas.push_back(value);
        } else if (flag == "--population") {
          args.population = value;
        } else if (flag == "--diploma") {
          args.diploma = value;
          diploma_given = true;
        } else if (flag == "--as-of") {
          return bench::set(args.as_of, bench::as_of_date("advise_bench", value));
        } else if (flag == "--repeat") {
          return bench::set(args.repeat, bench::whole_number("advise_bench", flag, value, 1, 1000));
        } else if (flag == "--max-steps") {
          return bench::set(args.max_steps,
                            bench::whole_number("advise_bench", flag, value, 1, 1'000'000'000'000L));
        } else if (flag == "--threads") {
          threads_given = true;
          return bench::set(args.threads, bench::whole_number("advise_bench", flag, value, 1, 1024));
        } else if (flag == "--profile") {
          profile_given = true;
          return bench::set(args.profile, bench::whole_number("advise_bench", flag, value, 1, 100'000'000));
        } else {
          return bench::taken::unknown_flag;
        }
        return bench::taken::yes;
      });
  if (!ok) return std::nullopt;
  if (args.rules.empty() || args.personas.empty() == args.population.empty()) {
    std::cerr << "advise_bench: give --rules and either --personas or --population\n" << usage;
    return std::nullopt;
  }
  if (!args.personas.empty() && (diploma_given || threads_given || profile_given)) {
    std::cerr << "advise_bench: --diploma, --threads and --profile go with --population\n" << usage;
    return std::nullopt;
  }
  return args;
}

// The value below which a share `q` (0..1) of the sorted, non-empty list lies (nearest rank).
double percentile(const std::vector<double>& sorted, double q) {
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// ---------------------------------------------------------------- personas

int run_personas(const arguments& args, const civeff::ruleset& rules, double compile_seconds) {
  std::vector<std::pair<std::string, civeff::portfolio>> personas;
  try {
    for (const std::filesystem::path& file : bench::portfolio_files(args.personas))
      personas.emplace_back(bench::portfolio_name(file), civeff::read_portfolio(file, rules));
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "advise_bench: " << e.what() << '\n';
    return 2;
  }
  if (personas.empty()) {
    std::cerr << "advise_bench: no portfolios found\n";
    return 2;
  }

  struct pair_timing {
    std::string persona, diploma;
    civeff::advice first;
    std::vector<double> ms, cpu_ms;  // per call: wall, and this thread's CPU time
    bool same = true;                // every repeat gave the same steps and plan hours
  };
  const int repeat = args.repeat.value_or(5);
  civeff::advice_options options;
  options.max_steps = args.max_steps;
  std::vector<pair_timing> pairs;
  try {
    for (const auto& [name, portfolio] : personas) {
      for (const std::string& diploma : rules.diploma_ids()) {
        pair_timing t{name, diploma, {}, {}, {}, true};
        for (int r = 0; r < repeat; ++r) {
          const double cpu_before = bench::thread_cpu_seconds();
          const auto start = clock_type::now();
          civeff::advice a = rules.advise(portfolio, diploma, args.as_of, options);
          t.ms.push_back(1e3 * seconds_since(start));
          t.cpu_ms.push_back(1e3 * (bench::thread_cpu_seconds() - cpu_before));
          if (r == 0) {
            t.first = std::move(a);
          } else {
            const bool same_plans =
                std::equal(a.plans.begin(), a.plans.end(), t.first.plans.begin(), t.first.plans.end(),
                           [](const civeff::advice_plan& x, const civeff::advice_plan& y) {
                             return x.hours == y.hours;
                           });
            t.same = t.same && a.steps == t.first.steps && a.proven == t.first.proven && same_plans;
          }
        }
        pairs.push_back(std::move(t));
      }
    }
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }

  std::printf("civeff advise_bench (personas)\n");
  std::printf("  rules         %s (%s %s), compiled in %s (not in the figures)\n", args.rules.c_str(),
              rules.name().c_str(), rules.version().c_str(), format_seconds(compile_seconds).c_str());
  std::printf(
      "  as_of         %s; %zu persona(s) x %zu diploma(s); top %zu, max_steps %s; %d timed call(s) each\n\n",
      args.as_of.to_string().c_str(), personas.size(), rules.diploma_ids().size(), options.top,
      with_commas(options.max_steps).c_str(), repeat);
  // The median wall time is what a caller waits; the median CPU time of the calling
  // thread is the call's own work, which waits for a core on a shared machine leave out.
  std::printf("  %-30s %-17s %6s %9s %6s %5s %8s %9s %9s\n", "persona", "diploma", "cand.", "steps", "proven",
              "plans", "best ms", "median ms", "cpu ms");
  std::size_t over = 0, over_cpu = 0, unproven = 0, unstable = 0;
  const pair_timing* worst = nullptr;
  for (const pair_timing& t : pairs) {
    const double mid = median(t.ms), cpu = median(t.cpu_ms);
    std::printf("  %-30s %-17s %6zu %9s %6s %5zu %8.2f %9.2f %9.2f%s\n", t.persona.c_str(), t.diploma.c_str(),
                t.first.candidates, with_commas(t.first.steps).c_str(), t.first.proven ? "yes" : "NO",
                t.first.plans.size(), bench::best(t.ms), mid, cpu, t.same ? "" : "  (repeats differ)");
    if (mid > target_ms) ++over;
    if (cpu > target_ms) ++over_cpu;
    if (!t.first.proven) ++unproven;
    if (!t.same) ++unstable;
    if (worst == nullptr || mid > median(worst->ms)) worst = &t;
  }
  std::printf("\n  pairs over %.0f ms: %zu of %zu by the median wall time, %zu by the median CPU time\n",
              target_ms, over, pairs.size(), over_cpu);
  std::printf(
      "  slowest pair: %s for %s, %.2f ms median, %.2f ms best, %.2f ms CPU; %s steps, %zu candidates\n",
      worst->persona.c_str(), worst->diploma.c_str(), median(worst->ms), bench::best(worst->ms),
      median(worst->cpu_ms), with_commas(worst->first.steps).c_str(), worst->first.candidates);
  std::printf("  searches not proven: %zu; repeats that differ: %zu\n", unproven, unstable);
  return unproven == 0 && unstable == 0 ? 0 : 1;
}

// ---------------------------------------------------------------- population

// One person's rows of a population as a portfolio, as advise_batch builds it: a
// `person.NAME` column's first cell as the person's attribute, every other
// attribute cell on its achievement, marks split at `;`.
civeff::portfolio person_portfolio(const civeff::population& pop, std::int32_t person,
                                   const std::vector<std::size_t>& rows) {
  using cell = civeff::attribute_column::cell;
  const auto category = [](const civeff::string_column& c, std::size_t row) -> std::string_view {
    if (c.codes.empty() || c.codes[row] < 0) return {};
    return c.categories[static_cast<std::size_t>(c.codes[row])];
  };
  const auto value = [&](const civeff::attribute_column& c,
                         std::size_t row) -> std::optional<civeff::attribute_value> {
    switch (c.kinds[row]) {
      case cell::absent: return std::nullopt;
      case cell::boolean: return civeff::attribute_value(civeff::number_at(c, row) != 0);
      case cell::number: return civeff::attribute_value(civeff::number_at(c, row));
      case cell::date:
        return civeff::attribute_value(civeff::date(static_cast<std::int32_t>(civeff::number_at(c, row))));
      case cell::text: {
        const std::string_view text = category(c.texts, row);
        if (text.empty()) return std::nullopt;
        return civeff::attribute_value(std::string(text));
      }
    }
    return std::nullopt;
  };
  civeff::portfolio p;
  p.person = pop.person.categories[static_cast<std::size_t>(person)];
  for (const civeff::attribute_column& c : pop.attributes)
    if (c.person_level)
      if (auto v = value(c, rows.front())) p.attrs.emplace(c.name, std::move(*v));
  for (const std::size_t row : rows) {
    civeff::achievement& a = p.achievements.emplace_back();
    if (const std::string_view u = category(pop.unit, row); !u.empty()) a.unit = std::string(u);
    a.title = std::string(category(pop.title, row));
    a.when = pop.dates[row];
    if (!pop.hours.empty() && !std::isnan(pop.hours[row])) a.hours = pop.hours[row];
    a.exempt = !pop.exempt.empty() && pop.exempt[row] != 0;
    for (std::string_view list = category(pop.marks, row); !list.empty();) {
      const std::size_t semi = list.find(';');
      std::string_view id = list.substr(0, semi);
      while (!id.empty() && (id.front() == ' ' || id.front() == '\t')) id.remove_prefix(1);
      while (!id.empty() && (id.back() == ' ' || id.back() == '\t')) id.remove_suffix(1);
      if (!id.empty()) a.marks.emplace_back(id);
      list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
    }
    for (const civeff::attribute_column& c : pop.attributes)
      if (!c.person_level)
        if (auto v = value(c, row)) a.attrs.emplace(c.name, std::move(*v));
  }
  return p;
}

// advise_batch's progress callback: a line on stderr every minute of a long run, so
// that one of an hour says how far it is.
struct progress_note {
  clock_type::time_point start = clock_type::now(), last = start;
  static void report(std::size_t done, std::size_t total, void* user) {
    auto& note = *static_cast<progress_note*>(user);
    const auto now = clock_type::now();
    if (now - note.last < std::chrono::minutes(1) || done == total) return;
    note.last = now;
    std::fprintf(stderr, "advise_bench: advise_batch %s of %s persons in %s\n", with_commas(done).c_str(),
                 with_commas(total).c_str(), format_seconds(seconds_since(note.start)).c_str());
  }
};

// The rows of K persons spread evenly over `advised` (sorted by id): `sample[s]` is the
// s-th person's index in `advised`, `rows[s]` its rows in file order.
struct profile_sample {
  std::vector<std::size_t> sample;
  std::vector<std::vector<std::size_t>> rows;
};
profile_sample spread(const civeff::population& pop, const civeff::advice_batch& advised, std::size_t k) {
  profile_sample out;
  const std::size_t people = advised.rows();
  for (std::size_t i = 0; i < k; ++i) out.sample.push_back(i * people / k);
  // Each sampled id's code in the person column, through the categories sorted by id.
  std::vector<std::size_t> order(pop.person.categories.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return pop.person.categories[a] < pop.person.categories[b];
  });
  std::vector<std::int32_t> slot_of_code(pop.person.categories.size(), -1);
  for (std::size_t s = 0; s < k; ++s) {
    const std::string& id = advised.persons[out.sample[s]];
    const auto it =
        std::lower_bound(order.begin(), order.end(), id,
                         [&](std::size_t c, const std::string& x) { return pop.person.categories[c] < x; });
    slot_of_code[*it] = static_cast<std::int32_t>(s);
  }
  out.rows.resize(k);
  for (std::size_t row = 0; row < pop.rows(); ++row)
    if (const std::int32_t s = slot_of_code[static_cast<std::size_t>(pop.person.codes[row])]; s >= 0)
      out.rows[static_cast<std::size_t>(s)].push_back(row);
  return out;
}

// K persons spread evenly over `advised`, each advised on this thread from a portfolio of
// its rows: how the time and the steps are distributed, and a check of the hours.
bool print_profile(const civeff::ruleset& rules, const civeff::population& pop,
                   const civeff::advice_batch& advised, const arguments& args) {
  const std::size_t people = advised.rows();
  const std::size_t k = std::min(args.profile, people);
  if (k == 0) return true;
  const profile_sample picked = spread(pop, advised, k);

  civeff::advice_options options;
  options.top = 1;  // as advise_batch
  options.max_steps = args.max_steps;
  // Per outcome: complete already, a plan to go, no plan, not proven (counted once, first that fits).
  struct outcome {
    const char* name;
    std::size_t persons = 0;
    double cpu_ms = 0;
    double steps = 0;
  };
  std::array<outcome, 4> outcomes{{{"complete now"}, {"a plan to go"}, {"no plan"}, {"not proven"}}};
  std::vector<double> ms, cpu_ms, steps, candidates;
  std::size_t differ = 0, over = 0, over_cpu = 0;
  std::string slowest;
  double slowest_cpu = -1;
  std::uint64_t slowest_steps = 0;
  for (std::size_t s = 0; s < k; ++s) {
    const civeff::portfolio p =
        person_portfolio(pop, pop.person.codes[picked.rows[s].front()], picked.rows[s]);
    const double cpu_before = bench::thread_cpu_seconds();
    const auto start = clock_type::now();
    const civeff::advice a = rules.advise(p, args.diploma, args.as_of, options);
    ms.push_back(1e3 * seconds_since(start));
    cpu_ms.push_back(1e3 * (bench::thread_cpu_seconds() - cpu_before));
    steps.push_back(static_cast<double>(a.steps));
    candidates.push_back(static_cast<double>(a.candidates));
    if (ms.back() > target_ms) ++over;
    if (cpu_ms.back() > target_ms) ++over_cpu;
    outcome& o = !a.proven                                      ? outcomes[3]
                 : a.status == civeff::diploma_status::complete ? outcomes[0]
                 : a.plans.empty()                              ? outcomes[2]
                                                                : outcomes[1];
    ++o.persons;
    o.cpu_ms += cpu_ms.back();
    o.steps += steps.back();
    if (cpu_ms.back() > slowest_cpu) {
      slowest_cpu = cpu_ms.back();
      slowest = p.person;
      slowest_steps = a.steps;
    }
    const double hours = a.plans.empty() ? std::numeric_limits<double>::quiet_NaN() : a.plans.front().hours;
    const double batch_hours = advised.hours_to_complete[picked.sample[s]];
    if (!(hours == batch_hours || (std::isnan(hours) && std::isnan(batch_hours)))) ++differ;
  }
  const double total_cpu_ms = std::accumulate(cpu_ms.begin(), cpu_ms.end(), 0.0);
  const double total_ms = std::accumulate(ms.begin(), ms.end(), 0.0);
  // The share of the CPU time the slowest persons take.
  std::vector<double> by_time = cpu_ms;
  std::sort(by_time.begin(), by_time.end(), std::greater<>());
  const auto share_of_slowest = [&](double fraction) {
    const auto n = std::max<std::size_t>(1, static_cast<std::size_t>(fraction * static_cast<double>(k)));
    return 100.0 * std::accumulate(by_time.begin(), by_time.begin() + static_cast<std::ptrdiff_t>(n), 0.0) /
           total_cpu_ms;
  };
  const double scale = static_cast<double>(people) / static_cast<double>(k);

  std::printf("\n  profile       %s persons, every %.1fth by id, advised one at a time on this thread\n",
              with_commas(k).c_str(), scale);
  std::printf(
      "                (advise, top 1, from a portfolio of the person's rows; making it not timed)\n");
  std::printf("                      mean        p50        p90        p99      p99.9        max\n");
  const auto row = [](const char* what, std::vector<double> xs, const char* format) {
    const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
    std::sort(xs.begin(), xs.end());
    std::printf("  %-14s", what);
    for (const double v : {mean, percentile(xs, 0.5), percentile(xs, 0.9), percentile(xs, 0.99),
                           percentile(xs, 0.999), xs.back()})
      std::printf(format, v);
    std::printf("\n");
  };
  row("wall ms", ms, " %10.3f");
  row("cpu ms", cpu_ms, " %10.3f");
  row("steps", steps, " %10.0f");
  row("candidates", candidates, " %10.1f");
  std::printf("  %-14s %10.2f (CPU time over steps, all persons)\n", "us per step",
              1e3 * total_cpu_ms / std::accumulate(steps.begin(), steps.end(), 0.0));
  std::printf("\n  outcome           persons   cpu ms (mean)   steps (mean)   share of the CPU time\n");
  for (const outcome& o : outcomes) {
    if (o.persons == 0) continue;
    const double n = static_cast<double>(o.persons);
    std::printf("  %-14s %10s %15.3f %14.0f %22.1f%%\n", o.name, with_commas(o.persons).c_str(), o.cpu_ms / n,
                o.steps / n, 100.0 * o.cpu_ms / total_cpu_ms);
  }
  std::printf("\n  CPU time in the slowest 1%% of persons: %.1f%%; slowest 10%%: %.1f%%\n",
              share_of_slowest(0.01), share_of_slowest(0.10));
  std::printf("  over %.0f ms: %s by wall time, %s by CPU time; slowest: %s, %.2f ms CPU, %s steps\n",
              target_ms, with_commas(over).c_str(), with_commas(over_cpu).c_str(), slowest.c_str(),
              slowest_cpu, with_commas(slowest_steps).c_str());
  std::printf("  sum %s CPU (%s wall) on one thread: about %s of CPU for all %s persons\n",
              format_seconds(total_cpu_ms / 1e3).c_str(), format_seconds(total_ms / 1e3).c_str(),
              format_seconds(total_cpu_ms / 1e3 * scale).c_str(), with_commas(people).c_str());
  std::printf("  cheapest plan's hours equal advise_batch's: %s\n",
              differ == 0 ? "yes" : (with_commas(differ) + " persons DIFFER").c_str());
  return differ == 0;
}

int run_population(const arguments& args, const civeff::ruleset& rules, double compile_seconds) {
  civeff::population pop;
  const auto start = clock_type::now();
  try {
    pop = civeff::read_population_csv(args.population, &rules);
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }
  const double read_seconds = seconds_since(start);
  const std::optional<double> peak_after_reading = bench::peak_mib();
  const civeff::population_view view = pop.view();

  civeff::advice_batch_options advising;
  advising.as_of = args.as_of;
  advising.max_steps = args.max_steps;
  advising.threads = args.threads;
  civeff::batch_options batching;
  batching.as_of = args.as_of;
  batching.threads = args.threads;

  const int repeat = args.repeat.value_or(1);
  const bool per_run_peaks = peak_after_reading.has_value() && bench::reset_peak();
  std::array<bench::series, 2> runs;
  runs[0].name = "advise";
  runs[1].name = "batch";
  std::vector<double> ratios;  // per repeat: advise / batch
  std::optional<civeff::advice_batch> advised;
  std::size_t batch_persons = 0, batch_errors = 0;
  try {
    for (int r = 0; r < repeat; ++r) {
      for (std::size_t k = 0; k < runs.size(); ++k) {
        const std::size_t which =
            (k + static_cast<std::size_t>(r)) % runs.size();  // advise,batch then batch,advise
        runs[which].repeat(per_run_peaks, [&](clock_type::time_point begun) {
          if (which == 0) {
            progress_note note;
            advising.progress = &progress_note::report;
            advising.progress_user = &note;
            civeff::advice_batch out = rules.advise_batch(view, args.diploma, advising);
            const double seconds = seconds_since(begun);
            if (!advised) advised = std::move(out);
            return seconds;
          }
          const civeff::batch_result out = rules.evaluate_batch(view, batching);
          const double seconds = seconds_since(begun);
          batch_persons = out.persons.size();
          batch_errors = out.errors.size();
          return seconds;
        });
      }
      ratios.push_back(runs[0].seconds.back() / runs[1].seconds.back());
    }
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }
  const civeff::advice_batch& a = *advised;
  const std::size_t persons = a.rows();

  std::printf("civeff advise_bench (population)\n");
  std::printf("  rules         %s (%s %s), compiled in %s\n", args.rules.c_str(), rules.name().c_str(),
              rules.version().c_str(), format_seconds(compile_seconds).c_str());
  std::printf("  population    %s: %s rows, %s persons, read in %s\n", args.population.c_str(),
              with_commas(pop.rows()).c_str(), with_commas(pop.person.categories.size()).c_str(),
              format_seconds(read_seconds).c_str());
  std::printf("  advise        diploma %s, top 1, max_steps %s per person; %zu evaluation errors\n",
              args.diploma.c_str(), with_commas(args.max_steps).c_str(), a.errors.size());
  std::printf("  batch         evaluate_batch, %s persons x %zu diplomas; %zu evaluation errors\n",
              with_commas(batch_persons).c_str(), rules.diploma_ids().size(), batch_errors);
  std::printf("  as_of         %s; %d repeat(s) each, alternating; %u thread(s) (%u hardware threads)\n\n",
              args.as_of.to_string().c_str(), repeat, args.threads, std::thread::hardware_concurrency());

  std::printf("                best      median    persons/s (best)   cpu/wall   peak memory\n");
  for (const bench::series& s : runs) {
    const double b = bench::best(s.seconds);
    std::printf("  %-6s  %10s  %10s  %18s   %8.2f   %11s\n", s.name, format_seconds(b).c_str(),
                format_seconds(median(s.seconds)).c_str(),
                with_commas(static_cast<std::size_t>(std::llround(static_cast<double>(persons) / b))).c_str(),
                s.wall > 0 ? s.cpu / s.wall : 0.0, s.peak_text().c_str());
  }
  std::printf("\n  advise / batch: %.2fx (best)  %.2fx (median)  %.2fx (median of the %zu paired repeats)\n",
              bench::best(runs[0].seconds) / bench::best(runs[1].seconds),
              median(runs[0].seconds) / median(runs[1].seconds), median(ratios), ratios.size());
  std::printf("  advise / batch in CPU time over all repeats: %.2fx (%.3f s / %.3f s)\n",
              runs[1].cpu > 0 ? runs[0].cpu / runs[1].cpu : 0.0, runs[0].cpu, runs[1].cpu);
  std::printf("  (batch evaluates all %zu diplomas, advise searches one)\n", rules.diploma_ids().size());

  std::size_t with_plan = 0, complete = 0, unproven = 0;
  std::vector<double> hours, hours_all;  // persons with a plan, not complete / complete included
  for (std::size_t i = 0; i < persons; ++i) {
    if (a.status[i] == civeff::diploma_status::complete) ++complete;
    if (!a.proven[i]) ++unproven;
    if (std::isnan(a.hours_to_complete[i])) continue;
    ++with_plan;
    hours_all.push_back(a.hours_to_complete[i]);
    if (a.status[i] != civeff::diploma_status::complete) hours.push_back(a.hours_to_complete[i]);
  }
  std::sort(hours.begin(), hours.end());
  std::sort(hours_all.begin(), hours_all.end());
  std::printf("\n  advice found  %s persons: %s complete already, %s with a plan (%s to go), %s with none\n",
              with_commas(persons).c_str(), with_commas(complete).c_str(), with_commas(with_plan).c_str(),
              with_commas(hours.size()).c_str(), with_commas(persons - with_plan).c_str());
  if (!hours.empty())
    std::printf(
        "  hours_to_complete of those to go: min %g, p10 %g, p25 %g, median %g, p75 %g, p90 %g, max %g\n",
        hours.front(), percentile(hours, 0.1), percentile(hours, 0.25), percentile(hours, 0.5),
        percentile(hours, 0.75), percentile(hours, 0.9), hours.back());
  if (!hours_all.empty())
    std::printf("  hours_to_complete with the complete (0 h): median %g, p90 %g\n",
                percentile(hours_all, 0.5), percentile(hours_all, 0.9));
  std::printf("  proven: false for %s persons\n", with_commas(unproven).c_str());

  bool profile_ok = true;
  try {
    profile_ok = print_profile(rules, pop, a, args);
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }

  if (per_run_peaks) {
    // Resetting VmHWM resets ru_maxrss too, so the process's peak is the highest of the
    // parts: reading, each kind of run, and what came after the last run (the profile).
    const double whole = std::max({*peak_after_reading, runs[0].peak.value_or(0.0),
                                   runs[1].peak.value_or(0.0), bench::peak_mib().value_or(0.0)});
    std::printf("\n  memory        %.1f MiB peak after compiling and reading; %.1f MiB peak of the process\n",
                *peak_after_reading, whole);
  } else {
    std::printf("\n  memory        %.1f MiB peak of the process (ru_maxrss)\n", bench::max_rss_mib());
  }
  return profile_ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<arguments> args = parse_arguments(argc, argv);
  if (!args) return 2;
  const auto start = clock_type::now();
  const civeff::compile_result compiled = civeff::compile(args->rules);
  const double compile_seconds = seconds_since(start);
  print_diagnostics(compiled.diagnostics);
  if (!compiled.ok()) return 1;
  return args->personas.empty() ? run_population(*args, *compiled.rules, compile_seconds)
                                : run_personas(*args, *compiled.rules, compile_seconds);
}
