// SPDX-License-Identifier: Apache-2.0
// civeff check RULESET [--overlay F]...: every diagnostic, exit 1 if any is an error.

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "../cli.hpp"

namespace civeff::cli {

command add_check(CLI::App& root) {
  struct options {
    std::string ruleset;
    std::vector<std::string> overlays;
    bool allow_outside_includes = false;
  };
  auto o = std::make_shared<options>();
  CLI::App* app = root.add_subcommand("check", "Load and check a ruleset; print every problem found");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  add_overlay_option(*app, o->overlays);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            require_path(o->ruleset, "ruleset");
            compile_options options = rule_options(o->overlays, {o->allow_outside_includes, {}});
            options.deep_checks = true;  // W020-W027
            const compile_result compiled = compile(o->ruleset, options);
            print_diagnostics(compiled.diagnostics);
            if (!compiled.ok()) {
              const auto errors =
                  std::count_if(compiled.diagnostics.begin(), compiled.diagnostics.end(),
                                [](const diagnostic& d) { return d.level == severity::error; });
              fmt::print(stderr, "{}: {} error{}\n", o->ruleset, errors, errors == 1 ? "" : "s");
              return int{rule_failure};
            }
            const ruleset& rules = *compiled.rules;
            fmt::print("{}: ok ({} scales, {} marks, {} units, {} equivalences, {} diplomas, {} tests)\n", o->ruleset,
                       rules.scale_names().size(), rules.mark_ids().size(), rules.unit_ids().size(),
                       rules.equivalence_ids().size(), rules.diploma_ids().size(), rules.test_count());
            return int{ok};
          }};
}

}  // namespace civeff::cli
