// SPDX-License-Identifier: Apache-2.0
// compile_bench: how compile time grows with the ruleset (issue 15, deliverable 4).
//
//   compile_bench --rules DIR [--rules DIR]... [--repeat N]
//
// Compiles each ruleset (civeff::compile on its folder, as `civeff batch` and every command
// do: reading the files included) N times, interleaved: one round compiles every ruleset
// once, and each round starts one ruleset later than the previous, so that no ruleset always
// comes first on a cold cache. Every compile is timed on its own (wall, steady_clock) and must
// succeed. It prints per ruleset its units, equivalences and diplomas, the best and median
// seconds, the best CPU seconds of the compiling thread (what a shared machine's waits leave
// out) and of all the process's threads (compile parses included files on helper threads),
// and the best in microseconds per unit; then, for each ruleset after the first, the
// growth over the one before: units x A, time x B (best and median). Linear growth means B is
// about A. Uses only the public API.
//
// Exit codes: 0 done; 1 a ruleset has errors; 2 bad arguments.
#include <civeff/civeff.hpp>

#include <cstddef>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arguments.hpp"
#include "measure.hpp"

namespace {

using bench::clock_type;

struct arguments {
  std::vector<std::string> rules;
  int repeat = 5;
};

constexpr std::string_view usage = "usage: compile_bench --rules DIR [--rules DIR]... [--repeat N]\n";

std::optional<arguments> parse_arguments(int argc, char** argv) {
  arguments args;
  const bool ok = bench::each_flag(
      argc, argv, "compile_bench", usage, [&](std::string_view flag, const std::string& value) {
        if (flag == "--rules") {
          args.rules.push_back(value);
        } else if (flag == "--repeat") {
          return bench::set(args.repeat, bench::whole_number("compile_bench", flag, value, 1, 1000));
        } else {
          return bench::taken::unknown_flag;
        }
        return bench::taken::yes;
      });
  if (!ok) return std::nullopt;
  if (args.rules.empty()) {
    std::cerr << usage;
    return std::nullopt;
  }
  return args;
}

// One ruleset: its size, from the first compile, and the time of every compile.
struct measured {
  std::string rules;
  std::size_t units = 0, equivalences = 0, diplomas = 0;
  std::vector<double> seconds;
  std::vector<double> cpu;      // CPU seconds of the calling thread: without the waits for a core
  std::vector<double> all_cpu;  // CPU seconds of every thread of the process, helpers included
};

// Compiles `m.rules` once and records the time; false (after its diagnostics) on errors.
bool compile_once(measured& m) {
  const double cpu_start = bench::thread_cpu_seconds();
  const double all_cpu_start = bench::cpu_seconds();
  const auto start = clock_type::now();
  const civeff::compile_result result = civeff::compile(m.rules);
  const double seconds = bench::seconds_since(start);
  const double cpu = bench::thread_cpu_seconds() - cpu_start;
  const double all_cpu = bench::cpu_seconds() - all_cpu_start;
  if (!result.ok()) {
    std::cerr << "compile_bench: " << m.rules << " has errors:\n";
    bench::print_diagnostics(result.diagnostics);
    return false;
  }
  m.seconds.push_back(seconds);
  m.cpu.push_back(cpu);
  m.all_cpu.push_back(all_cpu);
  m.units = result.rules->units().size();
  m.equivalences = result.rules->equivalences().size();
  m.diplomas = result.rules->diplomas().size();
  return true;
}

void print_table(const std::vector<measured>& all, int repeat) {
  std::printf("compile_bench: civeff::compile of each ruleset, %d times, interleaved\n", repeat);
  std::printf("%10s %13s %9s %10s %10s %10s %12s %12s  %s\n", "units", "equivalences", "diplomas", "best s",
              "median s", "best cpu s", "all cpu s", "us/unit", "rules");
  for (const measured& m : all) {
    const double best = bench::best(m.seconds);
    std::printf("%10zu %13zu %9zu %10.4f %10.4f %10.4f %12.4f %12.3f  %s\n", m.units, m.equivalences,
                m.diplomas, best, bench::median(m.seconds), bench::best(m.cpu), bench::best(m.all_cpu),
                1e6 * best / static_cast<double>(m.units), m.rules.c_str());
  }
  for (std::size_t i = 1; i < all.size(); ++i) {
    const measured& a = all[i - 1];
    const measured& b = all[i];
    std::printf("growth %zu / %zu units: units x%.2f, time x%.2f (best), x%.2f (median)\n", b.units, a.units,
                static_cast<double>(b.units) / static_cast<double>(a.units),
                bench::best(b.seconds) / bench::best(a.seconds),
                bench::median(b.seconds) / bench::median(a.seconds));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<arguments> args = parse_arguments(argc, argv);
  if (!args) return 2;
  std::vector<measured> all(args->rules.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i].rules = args->rules[i];
  for (int round = 0; round < args->repeat; ++round)
    for (std::size_t k = 0; k < all.size(); ++k)
      if (!compile_once(all[(k + static_cast<std::size_t>(round)) % all.size()])) return 1;
  print_table(all, args->repeat);
  std::printf("peak resident memory %.1f MiB\n", bench::max_rss_mib());
  return 0;
}
