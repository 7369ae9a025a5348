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
#include <sys/resource.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

namespace {

using clock_type = std::chrono::steady_clock;

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
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << usage;
      std::exit(0);
    }
    if (i + 1 >= argc) {
      std::cerr << "diff_bench: " << flag << " needs a value\n" << usage;
      return std::nullopt;
    }
    const std::string value = argv[++i];
    if (flag == "--rules") {
      args.rules = value;
    } else if (flag == "--overlay") {
      args.overlay = value;
    } else if (flag == "--population") {
      args.population = value;
    } else if (flag == "--as-of") {
      const std::optional<civeff::date> d = bench::as_of_date("diff_bench", value);
      if (!d) return std::nullopt;
      args.as_of = *d;
    } else if (flag == "--repeat") {
      const std::optional<long> n = bench::whole_number("diff_bench", flag, value, 1, 1000);
      if (!n) return std::nullopt;
      args.repeat = static_cast<int>(*n);
    } else if (flag == "--threads") {
      const std::optional<long> n = bench::whole_number("diff_bench", flag, value, 1, 1024);
      if (!n) return std::nullopt;
      args.threads = static_cast<unsigned>(*n);
    } else {
      std::cerr << "diff_bench: unknown argument '" << flag << "'\n" << usage;
      return std::nullopt;
    }
  }
  if (args.rules.empty() || args.overlay.empty() || args.population.empty()) {
    std::cerr << usage;
    return std::nullopt;
  }
  return args;
}

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// User + system CPU seconds of the whole process so far (all threads).
double cpu_seconds() {
  rusage now{};
  getrusage(RUSAGE_SELF, &now);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  return seconds(now.ru_utime) + seconds(now.ru_stime);
}

// The process's peak resident size in MiB since start or the last reset_peak():
// VmHWM from /proc/self/status; nullopt where there is none.
std::optional<double> peak_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return std::nullopt;
}

// Resets VmHWM to the current resident size (Linux 4.0+, writing 5 to clear_refs),
// after handing freed heap memory back to the system (glibc), so that what the
// previous run freed does not count in the next run's peak. False where that is
// not possible, and then per-run peaks are not reported.
bool reset_peak() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

// 1234567 -> "1,234,567".
std::string with_commas(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// 0.0000123 -> "12.3 us", 0.0123 -> "12.3 ms", 2.5 -> "2.500 s".
std::string format_seconds(double s) {
  std::array<char, 32> buffer{};
  if (s < 1e-3) {
    std::snprintf(buffer.data(), buffer.size(), "%.1f us", s * 1e6);
  } else if (s < 1.0) {
    std::snprintf(buffer.data(), buffer.size(), "%.1f ms", s * 1e3);
  } else {
    std::snprintf(buffer.data(), buffer.size(), "%.3f s", s);
  }
  return buffer.data();
}

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  const std::size_t n = xs.size();
  return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

double best(const std::vector<double>& xs) { return *std::min_element(xs.begin(), xs.end()); }

struct series {
  const char* name = "";
  std::vector<double> seconds;
  double cpu = 0;              // CPU seconds over all repeats
  double wall = 0;             // wall seconds over all repeats
  std::optional<double> peak;  // MiB, the highest VmHWM over its runs
};

void print_diagnostics(const std::vector<civeff::diagnostic>& diagnostics) {
  for (const civeff::diagnostic& d : diagnostics) std::cerr << d.format() << '\n';
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
        series& s = runs[which];
        if (per_run_peaks) reset_peak();
        const double cpu_before = cpu_seconds();
        start = clock_type::now();
        if (which == 0) {
          const civeff::batch_result out = after.evaluate_batch(batch_pop, options);
          s.seconds.push_back(seconds_since(start));
          batch_persons = out.persons.size();
          batch_rows = out.rows();
          batch_errors = out.errors.size();
        } else {
          civeff::diff_result out = after_pop
                                        ? civeff::diff(before, after, pop.view(), after_pop->view(), options)
                                        : civeff::diff(before, after, pop, options);
          s.seconds.push_back(seconds_since(start));
          if (!found) found = std::move(out);
        }
        s.cpu += cpu_seconds() - cpu_before;
        s.wall += s.seconds.back();
        // Measured after the result is gone, so the peak includes it: VmHWM keeps the high-water mark.
        if (per_run_peaks) {
          const std::optional<double> p = peak_mib();
          if (p) s.peak = std::max(s.peak.value_or(0.0), *p);
        }
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
    std::string peak = "-";
    if (s.peak) {
      std::array<char, 32> buffer{};
      std::snprintf(buffer.data(), buffer.size(), "%.1f MiB", *s.peak);
      peak = buffer.data();
    }
    std::printf("  %-5s  %10s  %10s   %8.2f   %11s\n", s.name, format_seconds(best(s.seconds)).c_str(),
                format_seconds(median(s.seconds)).c_str(), s.wall > 0 ? s.cpu / s.wall : 0.0, peak.c_str());
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
    rusage usage_now{};
    getrusage(RUSAGE_SELF, &usage_now);
    std::printf("  memory        %.1f MiB peak of the process (ru_maxrss)\n",
                static_cast<double>(usage_now.ru_maxrss) / 1024.0);
  }
  if (d.rows.empty()) {
    std::printf("  the diff found no changed row: the overlay changes nothing for this population\n");
    return 1;
  }
  return 0;
}
