// SPDX-License-Identifier: Apache-2.0
// explain_bench: how long ruleset::explain (SPEC §12) takes per person, in-process, next to
// ruleset::evaluate of the same portfolio.
//
//   explain_bench --rules DIR [--portfolios DIR|FILE]... [--as-of YYYY-MM-DD] [--repeat N]
//                 [--warmup W]
//
// Compiles the rules once and reads each portfolio once (the persona files of a
// folder, `*.result.json`, `*.advice.json` and `*.whatif.json` left out; default examples/portfolios);
// neither is timed per call. Then, per portfolio, it calls explain and evaluate W times each to warm
// up, then N times each, alternating which goes first on every iteration, timing every
// call on its own, and to_json of the explanation N times (what `civeff explain
// --format json` adds). It reports per portfolio the mean, median and best call in
// microseconds, and explain/evaluate (mean over mean, best over best). It checks that
// explain and evaluate agree on every diploma's status, progress and missing leaves.
// Uses only the public API.
//
// Exit codes: 0 done; 1 a rule error, or explain and evaluate disagree; 2 bad arguments or input.
#include <civeff/civeff.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arguments.hpp"
#include "measure.hpp"

namespace {

using bench::clock_type;
using bench::print_diagnostics;
namespace fs = std::filesystem;

struct arguments {
  std::string rules;
  std::vector<std::string> portfolios;  // folders or files; default examples/portfolios
  civeff::date as_of = civeff::date::today_utc();
  int repeat = 2000;
  int warmup = 200;
};

constexpr std::string_view usage =
    "usage: explain_bench --rules DIR [--portfolios DIR|FILE]... [--as-of YYYY-MM-DD] [--repeat N]\n"
    "                     [--warmup W]\n";

// Parses the command line; nullopt (after a message) when it is wrong.
std::optional<arguments> parse_arguments(int argc, char** argv) {
  arguments args;
  const bool ok = bench::each_flag(
      argc, argv, "explain_bench", usage, [&](std::string_view flag, const std::string& value) {
        if (flag == "--rules") {
          args.rules = value;
        } else if (flag == "--portfolios") {
          args.portfolios.push_back(value);
        } else if (flag == "--as-of") {
          return bench::set(args.as_of, bench::as_of_date("explain_bench", value));
        } else if (flag == "--repeat") {
          return bench::set(args.repeat, bench::whole_number("explain_bench", flag, value, 1, 10'000'000));
        } else if (flag == "--warmup") {
          return bench::set(args.warmup, bench::whole_number("explain_bench", flag, value, 0, 10'000'000));
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
  if (args.portfolios.empty()) args.portfolios.emplace_back("examples/portfolios");
  return args;
}

double microseconds(clock_type::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

struct timings {
  std::vector<double> us;  // one per call
  [[nodiscard]] double mean() const {
    return std::accumulate(us.begin(), us.end(), 0.0) / static_cast<double>(us.size());
  }
  [[nodiscard]] double best() const { return bench::best(us); }
  [[nodiscard]] double median() const { return bench::median(us); }
};

// explain and evaluate decide every diploma the same (they share one evaluator).
bool agree(const civeff::explanation& e, const civeff::result& r) {
  if (e.diplomas.size() != r.diplomas.size()) return false;
  for (const auto& [id, d] : r.diplomas) {
    const auto it = e.diplomas.find(id);
    if (it == e.diplomas.end() || it->second.status != d.status || it->second.progress != d.progress ||
        it->second.missing != d.missing)
      return false;
  }
  return true;
}

// Keeps the compiler from dropping a call whose result is unused.
std::size_t sink = 0;

}  // namespace

int main(int argc, char** argv) {
  const std::optional<arguments> args = parse_arguments(argc, argv);
  if (!args) return 2;

  auto start = clock_type::now();
  const civeff::compile_result compiled = civeff::compile(args->rules);
  const double compile_ms = std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
  print_diagnostics(compiled.diagnostics);
  if (!compiled.ok()) return 1;
  const civeff::ruleset& rules = *compiled.rules;

  struct persona {
    std::string name;
    civeff::portfolio portfolio;
    timings explain, evaluate, json;
    std::size_t json_bytes = 0;
  };
  std::vector<persona> personas;
  try {
    for (const fs::path& file : bench::portfolio_files(args->portfolios)) {
      personas.push_back({bench::portfolio_name(file), civeff::read_portfolio(file, rules), {}, {}, {}, 0});
    }
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "explain_bench: " << e.what() << '\n';
    return 2;
  }
  if (personas.empty()) {
    std::cerr << "explain_bench: no portfolios found\n";
    return 2;
  }

  bool all_agree = true;
  try {
    for (persona& p : personas) {
      all_agree = agree(rules.explain(p.portfolio, args->as_of), rules.evaluate(p.portfolio, args->as_of)) &&
                  all_agree;
      for (int i = 0; i < args->warmup; ++i) {
        sink += rules.explain(p.portfolio, args->as_of).diplomas.size();
        sink += rules.evaluate(p.portfolio, args->as_of).diplomas.size();
      }
      p.explain.us.reserve(static_cast<std::size_t>(args->repeat));
      p.evaluate.us.reserve(static_cast<std::size_t>(args->repeat));
      for (int i = 0; i < args->repeat; ++i) {
        for (int k = 0; k < 2; ++k) {
          const bool explain_now = (k + i) % 2 == 0;  // explain, evaluate then evaluate, explain ...
          start = clock_type::now();
          if (explain_now) {
            const civeff::explanation e = rules.explain(p.portfolio, args->as_of);
            p.explain.us.push_back(microseconds(clock_type::now() - start));
            sink += e.diplomas.size();
          } else {
            const civeff::result r = rules.evaluate(p.portfolio, args->as_of);
            p.evaluate.us.push_back(microseconds(clock_type::now() - start));
            sink += r.diplomas.size();
          }
        }
      }
      const civeff::explanation e = rules.explain(p.portfolio, args->as_of);
      for (int i = 0; i < args->repeat; ++i) {
        start = clock_type::now();
        const std::string json = civeff::to_json(e);
        p.json.us.push_back(microseconds(clock_type::now() - start));
        p.json_bytes = json.size();
      }
    }
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return 2;
  }

  std::printf("civeff explain_bench\n");
  std::printf("  rules         %s (%s %s), compiled in %.1f ms (not in the figures)\n", args->rules.c_str(),
              rules.name().c_str(), rules.version().c_str(), compile_ms);
  std::printf(
      "  as_of         %s; %zu portfolio(s); %d warm-up and %d timed call(s) each, explain and\n"
      "                evaluate alternating; every call timed on its own (steady_clock)\n\n",
      args->as_of.to_string().c_str(), personas.size(), args->warmup, args->repeat);

  std::printf("  %-32s %5s  %-9s %9s %9s %9s\n", "portfolio", "ach.", "call", "mean us", "median us",
              "best us");
  double slowest_mean = 0;
  std::string slowest;
  for (const persona& p : personas) {
    const auto row = [&](const char* call, const timings& t, bool first) {
      std::printf("  %-32s %5s  %-9s %9.1f %9.1f %9.1f\n", first ? p.name.c_str() : "",
                  first ? std::to_string(p.portfolio.achievements.size()).c_str() : "", call, t.mean(),
                  t.median(), t.best());
    };
    row("explain", p.explain, true);
    row("evaluate", p.evaluate, false);
    row("to_json", p.json, false);
    std::printf("  %-32s %5s  explain/evaluate %.2fx (mean) %.2fx (best); JSON %zu bytes\n", "", "",
                p.explain.mean() / p.evaluate.mean(), p.explain.best() / p.evaluate.best(), p.json_bytes);
    if (p.explain.mean() > slowest_mean) {
      slowest_mean = p.explain.mean();
      slowest = p.name;
    }
  }
  std::printf("\n  slowest explain: %s, %.1f us per call (mean)\n", slowest.c_str(), slowest_mean);
  std::printf("  explain agrees with evaluate on every diploma: %s\n", all_agree ? "yes" : "NO");
  return all_agree ? 0 : 1;
}
