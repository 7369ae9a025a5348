// SPDX-License-Identifier: Apache-2.0
// civeff check RULESET [--overlay F]... [--format text|json|sarif] [--all]: the
// diagnostics, first causes only unless --all; exit 1 if any is an error.

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "../cli.hpp"

namespace civeff::cli {
namespace {

struct check_options {
  std::string ruleset;
  std::vector<std::string> overlays;
  bool allow_outside_includes = false;
  std::string format = "text";
  bool all = false;
};

// The diagnostics on stderr as text; as JSON or SARIF on stdout, since they are then the output.
int report(const check_options& o, diagnostic_format format, const std::vector<diagnostic>& diagnostics,
           const ruleset* rules) {
  const first_causes shown = o.all ? first_causes{diagnostics, 0} : first_causes_of(diagnostics);
  if (format != diagnostic_format::text) {
    fmt::print("{}", render_diagnostics(shown.shown, format, {std::string(version()), shown.further_errors}));
    std::fflush(stdout);
    return rules ? int{ok} : int{rule_failure};
  }
  fmt::print(stderr, "{}", render_diagnostics(shown.shown, diagnostic_format::text));
  if (!rules) {
    const auto errors = std::count_if(shown.shown.begin(), shown.shown.end(),
                                      [](const diagnostic& d) { return d.level == severity::error; });
    fmt::print(stderr, "{}: {} error{}\n", o.ruleset, errors, errors == 1 ? "" : "s");
    if (shown.further_errors > 0) fmt::print(stderr, "{}\n", further_errors_line(shown.further_errors));
    std::fflush(stderr);
    return rule_failure;
  }
  std::fflush(stderr);
  fmt::print("{}: ok ({} scales, {} marks, {} units, {} equivalences, {} diplomas, {} tests)\n", o.ruleset,
             rules->scale_names().size(), rules->mark_ids().size(), rules->unit_ids().size(),
             rules->equivalence_ids().size(), rules->diploma_ids().size(), rules->test_count());
  return ok;
}

}  // namespace

command add_check(CLI::App& root) {
  auto o = std::make_shared<check_options>();
  CLI::App* app = root.add_subcommand("check", "Load and check a ruleset; print every problem found");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  add_overlay_option(*app, o->overlays);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  add_diagnostic_format_option(*app, o->format);
  app->add_flag("--all", o->all,
                "Also the errors that follow from an earlier one (in a file that did not parse, or naming an "
                "id whose definition failed)");
  return {app, [o] {
            const diagnostic_format format = diagnostic_format_of(o->format);
            try {
              require_path(o->ruleset, "ruleset");
              compile_options options = rule_options(o->overlays, {o->allow_outside_includes, {}});
              options.deep_checks = true;  // W020-W027
              const compile_result compiled = compile(o->ruleset, options);
              return report(*o, format, compiled.diagnostics, compiled.rules.get());
            } catch (const input_error& e) {
              // A missing ruleset or overlay (exit 2): in the format asked for, too.
              if (format == diagnostic_format::text) throw;
              fmt::print("{}", render_diagnostics(e.diagnostics(), format, {std::string(version()), 0}));
              return int{bad_input};
            }
          }};
}

}  // namespace civeff::cli
