// SPDX-License-Identifier: Apache-2.0
// diff_bench: what civeff::diff (the full diff with causes, SPEC §12) costs next to one
// evaluate_batch of the same population, in the same run.
//
//   diff_bench --rules DIR --overlay FILE --population CSV [--as-of YYYY-MM-DD] [--repeat N]
//              [--threads T]
//
// Compiles the rules twice, without the overlay (before) and with it (after), and reads
// the population once, as `civeff diff` reads it; each is timed on its own. Then it runs
// `after.evaluate_batch(pop)` (what `civeff batch` with the overlay does) and
// `civeff::diff(before, after, pop)` alternately, N times each on the same T threads,
// swapping which goes first on every repeat, and reports for each the best and the
// median wall time and CPU time over wall time, the ratio diff/batch (best over best,
// median over median, and the median of the per-repeat ratios; and CPU time over CPU
// time, which on a shared machine leaves out the waits for a core), what the diff
// found, and memory: the peak resident size (VmHWM) during each kind of run, the population
// and rules it holds included, and of the whole process.
// Uses only the public API.
//
// Exit codes: 0 done; 1 a rule error, or the diff found no changed row (the overlay
// changed nothing here, so the figures would not measure a diff with causes); 2 bad
// arguments or input.
#include <civeff/civeff.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "arguments.hpp"
#include "measure.hpp"

namespace {

using bench::best;
using bench::clock_type;
using bench::format_seconds;
using bench::median;
using bench::peak_mib;
using bench::print_diagnostics;
using bench::reset_peak;
using bench::seconds_since;
using bench::series;
using bench::with_commas;

struct arguments {
  std::string rules;
  std::string overlay;
  std::string population;
  civeff::date as_of = civeff::date::today_utc();
  int repeat = 3;
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
};

constexpr std::string_view usage =
    "usage: diff_bench --rules DIR --overlay FILE --population CSV [--as-of YYYY-MM-DD] [--repeat N]\n"
    "                  [--threads T]\n";

// Parses the command line; nullopt (after a message) when it is wrong.
std::optional<arguments> parse_arguments(int argc, char** argv) {
  arguments args;
  const bool ok =
      bench::each_flag(argc, argv, "diff_bench", usage, [&](std::string_view flag, const std::string& value) {
        if (flag == "--rules") {
          args.rules = value;
        } else if (flag == "--overlay") {
          args.overlay = value;
        } else if (flag == "--population") {
          args.population = value;
        } else if (flag == "--as-of") {
          return bench::set(args.as_of, bench::as_of_date("diff_bench", value));
        } else if (flag == "--repeat") {
          return bench::set(args.repeat, bench::whole_number("diff_bench", flag, value, 1, 1000));
        } else if (flag == "--threads") {
          return bench::set(args.threads, bench::whole_number("diff_bench", flag, value, 1, 1024));
        } else {
          return bench::taken::unknown_flag;
        }
        return bench::taken::yes;
      });
  if (!ok) return std::nullopt;
  if (args.rules.empty() || args.overlay.empty() || args.population.empty()) {
    std::cerr << usage;
    return std::nullopt;
  }
  return args;
}

// The same declared attributes (SPEC §11): a population read with one ruleset
// reads the same with the other (as `civeff diff` decides).
bool same_declarations(const std::vector<civeff::attribute_declaration>* a,
                       const std::vector<civeff::attribute_declaration>* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return std::equal(a->begin(), a->end(), b->begin(), b->end(), [](const auto& x, const auto& y) {
    return x.name == y.name && x.type == y.type && x.values == y.values && x.min == y.min && x.max == y.max;
  });
}
bool same_declarations(const civeff::ruleset& a, const civeff::ruleset& b) {
  return same_declarations(a.declared_attributes(false), b.declared_attributes(false)) &&
         same_declarations(a.declared_attributes(true), b.declared_attributes(true));
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<arguments> args = parse_arguments(argc, argv);
  if (!args) return 2;

  auto start = clock_type::now();
  const civeff::compile_result compiled_before = civeff::compile(args->rules);
  const double compile_before_seconds = seconds_since(start);
  print_diagnostics(compiled_before.diagnostics);
  if (!compiled_before.ok()) return 1;
  civeff::compile_options with_overlay;
  with_overlay.overlays.emplace_back(args->overlay);
  start = clock_type::now();
  const civeff::compile_result compiled_after = civeff::compile(args->rules, with_overlay);
  const double compile_after_seconds = seconds_since(start);
  print_diagnostics(compiled_after.diagnostics);
  if (!compiled_after.ok()) return 1;
  const civeff::ruleset& before = *compiled_before.rules;
  const civeff::ruleset& after = *compiled_after.rules;

  // As `civeff diff` reads it: with the rules before, a mark only the other side knows
  // is no error (W012). When the two sides declare attributes differently, the CLI
  // reads the population a second time for the rules after; so does this.
  civeff::population pop;
  std::optional<civeff::population> after_pop;
  start = clock_type::now();
  try {
    civeff::read_options reading;
    reading.compared_with = &after;
    pop = civeff::read_population_csv(args->population, &before, reading);
    if (!same_declarations(before, after)) {
      reading.compared_with = &before;
      after_pop = civeff::read_population_csv(args->population, &after, reading);
    }
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }
  const double read_seconds = seconds_since(start);
  const std::optional<double> peak_after_reading = peak_mib();
  const civeff::population& batch_pop = after_pop ? *after_pop : pop;

  civeff::batch_options options;
  options.as_of = args->as_of;
  options.threads = args->threads;

  const bool per_run_peaks = peak_after_reading.has_value() && reset_peak();
  std::array<series, 2> runs;
  runs[0].name = "batch";
  runs[1].name = "diff";
  std::vector<double> ratios;  // per repeat: diff / batch
  std::optional<civeff::diff_result> found;
  std::size_t batch_persons = 0, batch_rows = 0, batch_errors = 0;
  try {
    for (int r = 0; r < args->repeat; ++r) {
      for (std::size_t k = 0; k < runs.size(); ++k) {
        const std::size_t which =
            (k + static_cast<std::size_t>(r)) % runs.size();  // batch,diff then diff,batch
        runs[which].repeat(per_run_peaks, [&](clock_type::time_point begun) {
          if (which == 0) {
            const civeff::batch_result out = after.evaluate_batch(batch_pop, options);
            const double seconds = seconds_since(begun);
            batch_persons = out.persons.size();
            batch_rows = out.rows();
            batch_errors = out.errors.size();
            return seconds;
          }
          civeff::diff_result out = after_pop
                                        ? civeff::diff(before, after, pop.view(), after_pop->view(), options)
                                        : civeff::diff(before, after, pop, options);
          const double seconds = seconds_since(begun);
          if (!found) found = std::move(out);
          return seconds;
        });
      }
      ratios.push_back(runs[1].seconds.back() / runs[0].seconds.back());
    }
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }

  const civeff::diff_result& d = *found;
  std::printf("civeff diff_bench\n");
  std::printf("  before        %s (%s %s), compiled in %s\n", args->rules.c_str(), before.name().c_str(),
              before.version().c_str(), format_seconds(compile_before_seconds).c_str());
  std::printf("  after         + %s, compiled in %s\n", args->overlay.c_str(),
              format_seconds(compile_after_seconds).c_str());
  std::printf("  population    %s: %s rows, read in %s%s\n", args->population.c_str(),
              with_commas(pop.rows()).c_str(), format_seconds(read_seconds).c_str(),
              after_pop ? " (twice: the sides declare attributes differently)" : "");
  std::printf("  batch         %s persons x %zu diplomas = %s result rows, %zu evaluation errors\n",
              with_commas(batch_persons).c_str(), after.diploma_ids().size(), with_commas(batch_rows).c_str(),
              batch_errors);
  std::printf("  as_of         %s; %d repeat(s) each, alternating; %u thread(s) (%u hardware threads)\n\n",
              args->as_of.to_string().c_str(), args->repeat, args->threads,
              std::thread::hardware_concurrency());

  std::printf("              best      median   cpu/wall   peak memory\n");
  for (const series& s : runs) {
    std::printf("  %-5s  %10s  %10s   %8.2f   %11s\n", s.name, format_seconds(best(s.seconds)).c_str(),
                format_seconds(median(s.seconds)).c_str(), s.wall > 0 ? s.cpu / s.wall : 0.0,
                s.peak_text().c_str());
  }
  std::printf("\n  diff / batch: %.2fx (best)  %.2fx (median)  %.2fx (median of the %zu paired repeats)\n",
              best(runs[1].seconds) / best(runs[0].seconds),
              median(runs[1].seconds) / median(runs[0].seconds), median(ratios), ratios.size());
  // CPU time counts what the threads ran, not what they waited for a core: on a shared
  // machine it says more about the work than wall time does.
  std::printf("  diff / batch in CPU time over all repeats: %.2fx (%.3f s / %.3f s)\n",
              runs[0].cpu > 0 ? runs[1].cpu / runs[0].cpu : 0.0, runs[1].cpu, runs[0].cpu);

  std::string changed_rules;
  for (const std::string& rule : d.changed_rules) changed_rules += (changed_rules.empty() ? "" : ", ") + rule;
  std::size_t by_kind[3] = {0, 0, 0};
  for (const civeff::change_row& row : d.rows) ++by_kind[static_cast<std::size_t>(row.kind)];
  std::printf(
      "  diff found    %s persons compared, %s with a change; %s changed rows "
      "(%s diploma, %s level, %s credit) in %zu summary groups\n",
      with_commas(d.compared).c_str(), with_commas(d.persons.size()).c_str(),
      with_commas(d.rows.size()).c_str(), with_commas(by_kind[0]).c_str(), with_commas(by_kind[1]).c_str(),
      with_commas(by_kind[2]).c_str(), d.summary.size());
  std::printf("  changed rules %s; %zu warnings, %zu evaluation errors\n",
              changed_rules.empty() ? "none" : changed_rules.c_str(), d.warnings.size(), d.errors.size());

  if (per_run_peaks) {
    // Resetting VmHWM resets ru_maxrss too, so the process's peak is the highest of the parts.
    const double whole =
        std::max({*peak_after_reading, runs[0].peak.value_or(0.0), runs[1].peak.value_or(0.0)});
    std::printf("  memory        %.1f MiB peak after compiling and reading; %.1f MiB peak of the process\n",
                *peak_after_reading, whole);
  } else {
    std::printf("  memory        %.1f MiB peak of the process (ru_maxrss)\n", bench::max_rss_mib());
  }
  if (d.rows.empty()) {
    std::printf("  the diff found no changed row: the overlay changes nothing for this population\n");
    return 1;
  }
  return 0;
}
