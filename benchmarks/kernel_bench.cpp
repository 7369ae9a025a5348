// SPDX-License-Identifier: Apache-2.0
// kernel_bench: how far ruleset::evaluate_batch is from the limit, a hand-written
// C++ kernel of the same rules (benchmarks/limit/kernel.cpp), in one run.
//
//   kernel_bench --rules benchmarks/limit/bench.yaml --population CSV [--as-of YYYY-MM-DD] [--repeat N]
//
// The population is one bench_frame.py makes (benchmarks/python/limit_population.py
// writes it as CSV). It is compiled and read once, each timed on its own. Then:
// 1. As read (person ids numbered in file order): civeff and the kernel on 1 and
//    2 threads, checked to give the same rows. Not timed.
// 2. Two layouts of the same rows: `shuffled` (rows in the generator's random
//    order, ids numbered in id order as a pandas Categorical has them) and
//    `grouped` (the rows of each person together, persons in id order). For each
//    layout and 1 and 2 threads, evaluate_batch and the kernel alternately, N times
//    each, swapping which goes first on every repeat; the first rows of each are
//    checked equal. Reported: best and median wall time of each, civeff/kernel as
//    best over best, median over median, the median of the per-repeat ratios and
//    CPU time over CPU time (all repeats: what the waits for a core on a shared
//    machine do not enter), microseconds per person and cpu/wall (how many cores
//    were busy).
// Both sides get the same population_view; civeff's side uses only the public API.
//
// Exit codes: 0 done; 1 a rule error, or civeff and the kernel disagree; 2 bad arguments or input.
#include <civeff/civeff.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "limit/compare.hpp"
#include "limit/kernel.hpp"
#include "limit/layouts.hpp"
#include "measure.hpp"

namespace {

using bench::clock_type;
using bench::format_seconds;
using bench::median;
using bench::print_diagnostics;
using bench::seconds_since;
using bench::with_commas;

struct arguments {
  std::string rules;
  std::string population;
  civeff::date as_of = civeff::date::from_ymd(2026, 6, 1);  // bench_frame.py's AS_OF
  int repeat = 5;
};

constexpr std::string_view usage =
    "usage: kernel_bench --rules FILE --population CSV [--as-of YYYY-MM-DD] [--repeat N]\n";

std::optional<arguments> parse_arguments(int argc, char** argv) {
  arguments args;
  const bool ok = bench::each_flag(
      argc, argv, "kernel_bench", usage, [&](std::string_view flag, const std::string& value) {
        if (flag == "--rules") {
          args.rules = value;
        } else if (flag == "--population") {
          args.population = value;
        } else if (flag == "--as-of") {
          return bench::set(args.as_of, bench::as_of_date("kernel_bench", value));
        } else if (flag == "--repeat") {
          return bench::set(args.repeat, bench::whole_number("kernel_bench", flag, value, 1, 1000));
        } else {
          return bench::taken::unknown_flag;
        }
        return bench::taken::yes;
      });
  if (!ok) return std::nullopt;
  if (args.rules.empty() || args.population.empty()) {
    std::cerr << usage;
    return std::nullopt;
  }
  return args;
}

// The wall times of one side over its repeats, and its CPU and wall totals.
struct side {
  std::vector<double> seconds;
  double cpu = 0, wall = 0;
  std::optional<civeff::batch_result> first;  // kept to compare with the other side

  template <typename Run>
  void run(Run&& evaluate) {
    const double cpu_before = bench::cpu_seconds();
    const auto start = clock_type::now();
    civeff::batch_result rows = evaluate();
    seconds.push_back(seconds_since(start));
    cpu += bench::cpu_seconds() - cpu_before;
    wall += seconds.back();
    if (!first) first = std::move(rows);
  }
  [[nodiscard]] double cores() const { return wall > 0 ? cpu / wall : 0.0; }
};

struct measurement {
  std::string layout;
  unsigned threads = 1;
  std::size_t persons = 0;
  side civeff, kernel;
  std::vector<double> paired;  // civeff / kernel per repeat
};

// Says where civeff and the kernel differ; true when they do not.
bool agree(const civeff::batch_result& ours, const civeff::batch_result& theirs, const std::string& what) {
  const std::string difference = limit::first_difference(ours, theirs);
  if (difference.empty()) return true;
  std::printf("  %s: civeff and the kernel DISAGREE at %s\n", what.c_str(), difference.c_str());
  return false;
}

civeff::batch_options options_for(civeff::date as_of, unsigned threads) {
  civeff::batch_options options;
  options.as_of = as_of;
  options.threads = threads;
  return options;
}

measurement measure(const civeff::ruleset& rules, const civeff::population_view& view, const arguments& args,
                    const std::string& layout, unsigned threads) {
  measurement m;
  m.layout = layout;
  m.threads = threads;
  const civeff::batch_options options = options_for(args.as_of, threads);
  for (int r = 0; r < args.repeat; ++r) {
    const auto run_civeff = [&] { m.civeff.run([&] { return rules.evaluate_batch(view, options); }); };
    const auto run_kernel = [&] { m.kernel.run([&] { return limit::evaluate(view, args.as_of, threads); }); };
    if (r % 2 == 0) {
      run_civeff();
      run_kernel();
    } else {
      run_kernel();
      run_civeff();
    }
    m.paired.push_back(m.civeff.seconds.back() / m.kernel.seconds.back());
  }
  m.persons = m.civeff.first->persons.size();
  return m;
}

void print_row(const measurement& m) {
  const double civeff_best = bench::best(m.civeff.seconds), kernel_best = bench::best(m.kernel.seconds);
  const double civeff_mid = median(m.civeff.seconds), kernel_mid = median(m.kernel.seconds);
  const double per = m.persons > 0 ? 1e6 / static_cast<double>(m.persons) : 0.0;
  std::printf("  %-9s %7u  %10s %10s  %10s %10s   %6.1fx %6.1fx %6.1fx %6.1fx   %7.3f %7.3f   %5.2f %5.2f\n",
              m.layout.c_str(), m.threads, format_seconds(civeff_best).c_str(),
              format_seconds(civeff_mid).c_str(), format_seconds(kernel_best).c_str(),
              format_seconds(kernel_mid).c_str(), civeff_best / kernel_best, civeff_mid / kernel_mid,
              median(m.paired), m.kernel.cpu > 0 ? m.civeff.cpu / m.kernel.cpu : 0.0, civeff_best * per,
              kernel_best * per, m.civeff.cores(), m.kernel.cores());
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<arguments> args = parse_arguments(argc, argv);
  if (!args) return 2;

  auto start = clock_type::now();
  const civeff::compile_result compiled = civeff::compile(args->rules);
  const double compile_seconds = seconds_since(start);
  print_diagnostics(compiled.diagnostics);
  if (!compiled.ok()) return 1;
  const civeff::ruleset& rules = *compiled.rules;

  civeff::population pop;
  start = clock_type::now();
  try {
    pop = civeff::read_population_csv(args->population, &rules);
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }
  const double read_seconds = seconds_since(start);

  std::printf("civeff kernel_bench: evaluate_batch against a hand-written kernel of the same rules\n");
  std::printf("  rules         %s (%s %s), compiled in %s\n", args->rules.c_str(), rules.name().c_str(),
              rules.version().c_str(), format_seconds(compile_seconds).c_str());
  std::printf("  population    %s: %s rows, %s person ids, read in %s\n", args->population.c_str(),
              with_commas(pop.rows()).c_str(), with_commas(pop.person.categories.size()).c_str(),
              format_seconds(read_seconds).c_str());
  std::printf("  as_of         %s; %d repeat(s) each, civeff and kernel alternating; %u hardware threads\n",
              args->as_of.to_string().c_str(), args->repeat, std::thread::hardware_concurrency());

  bool same = true;
  try {
    // As read: the ids numbered in file order, so the kernel sorts them as civeff does.
    {
      const civeff::population_view view = pop.view();
      for (const unsigned threads : {1U, 2U}) {
        const civeff::batch_result ours = rules.evaluate_batch(view, options_for(args->as_of, threads));
        same = agree(ours, limit::evaluate(view, args->as_of, threads),
                     "as read, " + std::to_string(threads) + " thread(s)") &&
               same;
      }
      std::printf("  as read       ids in file order: civeff = kernel on 1 and 2 threads: %s\n\n",
                  same ? "yes" : "NO");
    }
    limit::sort_person_ids(pop);
    const civeff::population grouped = limit::grouped_by_person(pop);
    const std::vector<std::pair<std::string, const civeff::population*>> layouts = {{"shuffled", &pop},
                                                                                    {"grouped", &grouped}};
    std::printf("  %-9s %7s  %21s  %21s   %31s   %15s   %11s\n", "", "", "civeff", "kernel", "civeff/kernel",
                "us/person", "cpu/wall");
    std::printf("  %-9s %7s  %10s %10s  %10s %10s   %7s %7s %7s %7s   %7s %7s   %5s %5s\n", "layout",
                "threads", "best", "median", "best", "median", "best", "median", "paired", "cpu", "civeff",
                "kernel", "civ", "ker");
    for (const auto& [name, population] : layouts) {
      const civeff::population_view view = population->view();
      for (const unsigned threads : {1U, 2U}) {
        measurement m = measure(rules, view, *args, name, threads);
        same =
            agree(*m.civeff.first, *m.kernel.first, name + ", " + std::to_string(threads) + " thread(s)") &&
            same;
        m.civeff.first.reset();
        m.kernel.first.reset();
        print_row(m);
      }
    }
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }

  std::printf("\n  same rows from civeff and the kernel, every layout and thread count: %s\n",
              same ? "yes" : "NO");
  std::printf("  peak memory (ru_maxrss): %.1f MiB\n", bench::max_rss_mib());
  return same ? 0 : 1;
}
