// SPDX-License-Identifier: Apache-2.0
// civeff test RULESET [--overlay F]...: runs the ruleset's own `tests:` (SPEC §2.6).

#include <fmt/format.h>

#include <memory>

#include "../cli.hpp"

namespace civeff::cli {

command add_test(CLI::App& root) {
  struct options {
    std::string ruleset;
    std::vector<std::string> overlays;
    bool allow_outside_includes = false;
  };
  auto o = std::make_shared<options>();
  CLI::App* app = root.add_subcommand("test", "Run the ruleset's tests: sections");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  add_overlay_option(*app, o->overlays);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            const auto rules = load_rules(o->ruleset, o->overlays, {o->allow_outside_includes, {}});
            std::size_t passed = 0, failed = 0;
            for (const test_outcome& t : rules->run_tests()) {
              if (t.passed) {
                ++passed;
                fmt::print("PASS {}\n", t.name);
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
            return int{failed == 0 ? ok : rule_failure};
          }};
}

}  // namespace civeff::cli
