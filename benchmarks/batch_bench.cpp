// SPDX-License-Identifier: Apache-2.0
// batch_bench: how fast ruleset::evaluate_batch runs a population, on one thread and on two.
//
//   batch_bench --rules DIR --population CSV [--as-of YYYY-MM-DD] [--repeat N]
//
// Compiles the rules and reads the CSV once, each timed on its own. Then it runs
// evaluate_batch with threads=1 and threads=2 alternately, N times each, swapping
// which goes first on every repeat so that neither always meets a warm cache, and
// reports for each the best and median wall time, portfolios per second per core and
// CPU time over wall time (how many cores were really busy); then the 2-thread
// speedup, whether both gave the same rows, and the peak resident memory of the
// process (getrusage ru_maxrss). Uses only the public API.
//
// Exit codes: 0 done; 1 a rule error or the thread counts disagree; 2 bad arguments or input.
#include <civeff/civeff.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "arguments.hpp"
#include "measure.hpp"

namespace {

using bench::clock_type;
using bench::cpu_seconds;
using bench::format_seconds;
using bench::median;
using bench::print_diagnostics;
using bench::seconds_since;
using bench::with_commas;

struct arguments {
  std::string rules;
  std::string population;
  civeff::date as_of = civeff::date::today_utc();
  int repeat = 5;
};

constexpr std::string_view usage =
    "usage: batch_bench --rules DIR --population CSV [--as-of YYYY-MM-DD] [--repeat N]\n";

// Parses the command line; nullopt (after a message) when it is wrong.
std::optional<arguments> parse_arguments(int argc, char** argv) {
  arguments args;
  const bool ok = bench::each_flag(
      argc, argv, "batch_bench", usage, [&](std::string_view flag, const std::string& value) {
        if (flag == "--rules") {
          args.rules = value;
        } else if (flag == "--population") {
          args.population = value;
        } else if (flag == "--as-of") {
          return bench::set(args.as_of, bench::as_of_date("batch_bench", value));
        } else if (flag == "--repeat") {
          return bench::set(args.repeat, bench::whole_number("batch_bench", flag, value, 1, 1000));
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

// Portfolios per second per core, rounded.
std::size_t per_core(std::size_t persons, double seconds, unsigned threads) {
  if (seconds <= 0) return 0;
  return static_cast<std::size_t>(std::llround(static_cast<double>(persons) / seconds / threads));
}

// The same rows in the same order: persons, diplomas, status, progress and the
// names of the missing leaves (leaf ids may be numbered differently per run).
bool same_rows(const civeff::batch_result& a, const civeff::batch_result& b) {
  if (a.persons != b.persons || a.diplomas != b.diplomas || a.status != b.status || a.progress != b.progress)
    return false;
  if (a.missing_offsets.size() != b.missing_offsets.size()) return false;
  for (std::size_t row = 0; row + 1 < a.missing_offsets.size(); ++row) {
    const std::uint32_t a_begin = a.missing_offsets[row], a_end = a.missing_offsets[row + 1];
    const std::uint32_t b_begin = b.missing_offsets[row], b_end = b.missing_offsets[row + 1];
    if (a_end - a_begin != b_end - b_begin) return false;
    for (std::uint32_t k = 0; k < a_end - a_begin; ++k)
      if (a.leaf_names[a.missing[a_begin + k]] != b.leaf_names[b.missing[b_begin + k]]) return false;
  }
  return a.errors.size() == b.errors.size();
}

struct series {
  unsigned threads = 1;
  std::vector<double> seconds;
  double cpu = 0;                             // CPU seconds over all repeats
  double wall = 0;                            // wall seconds over all repeats
  std::optional<civeff::batch_result> first;  // kept to compare thread counts
};

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
    // With the rules, as `civeff batch` reads: declared attributes are converted (SPEC §11).
    pop = civeff::read_population_csv(args->population, &rules);
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }
  const double read_seconds = seconds_since(start);

  std::vector<series> runs(2);
  runs[0].threads = 1;
  runs[1].threads = 2;
  try {
    for (int r = 0; r < args->repeat; ++r) {
      for (std::size_t k = 0; k < runs.size(); ++k) {
        series& s = runs[(k + static_cast<std::size_t>(r)) % runs.size()];  // 1,2 then 2,1 ...
        civeff::batch_options options;
        options.as_of = args->as_of;
        options.threads = s.threads;
        const double cpu_before = cpu_seconds();
        start = clock_type::now();
        civeff::batch_result out = rules.evaluate_batch(pop, options);
        s.seconds.push_back(seconds_since(start));
        s.cpu += cpu_seconds() - cpu_before;
        s.wall += s.seconds.back();
        if (!s.first) s.first = std::move(out);
      }
    }
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }

  const civeff::batch_result& result = *runs[0].first;
  const std::size_t persons = result.persons.size();
  std::printf("civeff batch_bench\n");
  std::printf("  rules         %s (%s %s), compiled in %s\n", args->rules.c_str(), rules.name().c_str(),
              rules.version().c_str(), format_seconds(compile_seconds).c_str());
  std::printf("  population    %s: %s rows, read in %s\n", args->population.c_str(),
              with_commas(pop.rows()).c_str(), format_seconds(read_seconds).c_str());
  std::printf("  portfolios    %s persons x %zu diplomas = %s result rows, %zu evaluation errors\n",
              with_commas(persons).c_str(), result.diplomas.size(), with_commas(result.rows()).c_str(),
              result.errors.size());
  std::printf("  as_of         %s; %d repeat(s) per thread count, alternating; %u hardware threads\n\n",
              args->as_of.to_string().c_str(), args->repeat, std::thread::hardware_concurrency());

  // cpu/wall is the number of cores the runs kept busy on average: close to the thread
  // count when the threads really ran side by side, lower on a loaded or throttled machine.
  std::printf("  threads        best      median   portfolios/s/core: best       median   cpu/wall\n");
  for (const series& s : runs) {
    const double best = *std::min_element(s.seconds.begin(), s.seconds.end());
    const double mid = median(s.seconds);
    std::printf("  %7u  %10s  %10s   %24s  %11s   %8.2f\n", s.threads, format_seconds(best).c_str(),
                format_seconds(mid).c_str(), with_commas(per_core(persons, best, s.threads)).c_str(),
                with_commas(per_core(persons, mid, s.threads)).c_str(), s.wall > 0 ? s.cpu / s.wall : 0.0);
  }
  const double best1 = *std::min_element(runs[0].seconds.begin(), runs[0].seconds.end());
  const double best2 = *std::min_element(runs[1].seconds.begin(), runs[1].seconds.end());
  std::printf("\n  speedup, 2 threads over 1: %.2fx (best)  %.2fx (median)\n", best1 / best2,
              median(runs[0].seconds) / median(runs[1].seconds));
  if (std::thread::hardware_concurrency() < 2)
    std::printf("  (this machine has one hardware thread: the 2-thread figures say little)\n");

  const bool same = same_rows(*runs[0].first, *runs[1].first);
  std::printf("  same rows on 1 and 2 threads: %s\n", same ? "yes" : "NO");

  std::printf("  peak memory (ru_maxrss): %.1f MiB\n", bench::max_rss_mib());
  return same ? 0 : 1;
}
