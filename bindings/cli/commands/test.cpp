// SPDX-License-Identifier: Apache-2.0
// civeff test RULESET [--overlay F]... [--filter TEXT] [--quiet] [--junit F] [--format text|json|sarif]:
// runs the ruleset's own `tests:` (SPEC §2.6).
// civeff test RULESET --snapshot SNAP.csv --population POP.csv [--update]: compares
// a population's outcomes with a snapshot (`civeff snapshot`, snapshot.cpp).

#include <fmt/format.h>

#include <memory>

#include "../cli.hpp"
#include "../output_file.hpp"

namespace civeff::cli {
namespace {

struct test_options {
  std::string ruleset;
  std::vector<std::string> overlays;
  bool allow_outside_includes = false;
  std::string filter, format = "text", junit;
  bool quiet = false;
  snapshot_check_options snapshot;
};

void print_text(const std::vector<test_outcome>& outcomes, bool quiet) {
  std::size_t passed = 0, failed = 0;
  for (const test_outcome& t : outcomes) {
    if (t.passed) {
      ++passed;
      if (!quiet) fmt::print("PASS {}\n", t.name);
      continue;
    }
    ++failed;
    fmt::print("FAIL {}\n", t.name);
    // One compiler-style line per unmet expectation, at the test, so editors jump there.
    diagnostic d{severity::error, "E060", t.where, {}, {}};
    for (const auto& failure : t.failures) {
      d.message = failure;
      fmt::print("{}\n", d.format());
    }
  }
  fmt::print("{} passed, {} failed\n", passed, failed);
}

// SARIF 2.1.0 (the diagnostics renderer of engine/src/report): one E060 result
// per unmet expectation, at its test, the message naming the test.
std::string failures_as_sarif(const std::vector<test_outcome>& outcomes) {
  std::vector<diagnostic> failures;
  for (const test_outcome& t : outcomes)
    for (const std::string& f : t.failures)
      failures.push_back({severity::error, "E060", t.where, fmt::format("test '{}': {}", t.name, f), {}});
  return render_diagnostics(failures, diagnostic_format::sarif, {std::string(version()), 0});
}

int run_tests(const test_options& o) {
  if (o.format != "text" && o.format != "json" && o.format != "sarif")
    argument_error(fmt::format("--format takes text, json or sarif, not '{}'", o.format));
  const out_guard guard(o.junit);
  guard.check_rules(o.ruleset);
  for (const auto& overlay : o.overlays) guard.check(overlay);
  std::shared_ptr<const ruleset> rules;
  try {
    rules = load_rules(o.ruleset, o.overlays, {o.allow_outside_includes, guard.before_read()});
  } catch (const rule_error& e) {
    // Broken rules (exit 1) in SARIF too, as `check --format sarif` gives them.
    if (o.format != "sarif") throw;
    fmt::print("{}", render_diagnostics(e.diagnostics(), diagnostic_format::sarif, {std::string(version()), 0}));
    return int{rule_failure};
  }
  const std::vector<test_outcome> outcomes = rules->run_tests(o.filter);
  if (!o.filter.empty() && outcomes.empty())
    argument_error(fmt::format("--filter: no test name contains '{}' (the rules have {} tests)", o.filter,
                               rules->test_count()));
  // The report file first: a CI server wants it most when tests fail.
  if (!o.junit.empty()) write_output(o.junit, tests_to_junit(outcomes, rules->name()));
  if (o.format == "json") fmt::print("{}", tests_to_json(outcomes));
  else if (o.format == "sarif") fmt::print("{}", failures_as_sarif(outcomes));
  else print_text(outcomes, o.quiet);
  for (const test_outcome& t : outcomes)
    if (!t.passed) return rule_failure;
  return ok;
}

}  // namespace

command add_test(CLI::App& root) {
  auto o = std::make_shared<test_options>();
  CLI::App* app =
      root.add_subcommand("test", "Run the ruleset's tests: sections, or compare with a snapshot");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  add_overlay_option(*app, o->overlays);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  app->add_option("--filter", o->filter, "Run only the tests whose name contains TEXT (case-sensitive)");
  app->add_flag("--quiet", o->quiet, "Print only the failing tests and the closing line");
  app->add_option("--junit", o->junit, "Also write the outcomes as JUnit XML to this file");
  app->add_option("--format", o->format,
                  "text (the default), json (every test) or sarif (SARIF 2.1.0 of the failures), on standard "
                  "output");
  app->add_option("--snapshot", o->snapshot.snapshot,
                  "Compare the outcomes of --population with this snapshot (civeff snapshot) instead");
  app->add_option("--population", o->snapshot.population, "The population of --snapshot (CSV)");
  app->add_flag("--update", o->snapshot.update,
                "With --snapshot: rewrite the snapshot with today's outcomes");
  add_input_options(*app, o->snapshot.input);
  return {app, [o] {
            if (o->snapshot.snapshot.empty()) {
              if (!o->snapshot.population.empty() || o->snapshot.update)
                argument_error("--population and --update go with --snapshot");
              return run_tests(*o);
            }
            if (o->snapshot.population.empty()) argument_error("--snapshot needs --population POP.csv");
            if (!o->filter.empty() || !o->junit.empty() || o->format != "text")
              argument_error("--filter, --junit and --format are for the ruleset's tests, not --snapshot");
            return check_snapshot(o->ruleset, o->overlays, o->allow_outside_includes, o->snapshot, o->quiet);
          }};
}

}  // namespace civeff::cli
