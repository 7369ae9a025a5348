// SPDX-License-Identifier: Apache-2.0
// civeff eval RULESET PORTFOLIO [--as-of D] [--overlay F]... [--format json|text]
//             [--person ID] [--encoding E] [--strict] [--allow-outside-includes]

#include <fmt/format.h>

#include <memory>

#include "../cli.hpp"

namespace civeff::cli {

command add_eval(CLI::App& root) {
  struct options {
    std::string ruleset, portfolio, format = "json";
    std::optional<std::string> as_of, person;
    std::vector<std::string> overlays;
    bool allow_outside_includes = false;
    input_flags input;
  };
  auto o = std::make_shared<options>();
  CLI::App* app = root.add_subcommand("eval", "Evaluate one portfolio (YAML or JSON) and print the result");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  app->add_option("PORTFOLIO", o->portfolio,
                  "A portfolio file, YAML or JSON, or a JSON list of Open Badges 3.0 credentials")
      ->required();
  add_as_of_option(*app, o->as_of);
  add_overlay_option(*app, o->overlays);
  app->add_option("--format", o->format, "json (SPEC 6, the default) or text")
      ->check(CLI::IsMember({"json", "text"}));
  add_person_option(*app, o->person);
  add_input_options(*app, o->input);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            const date as_of = as_of_or_today(o->as_of);
            read_options reading = o->input.options();
            reading.person = o->person;
            const auto rules = load_rules(o->ruleset, o->overlays, {o->allow_outside_includes, {}});
            require_path(o->portfolio, "portfolio");
            const portfolio p = read_portfolio(o->portfolio, *rules, reading);
            print_input_warnings(p.warnings, o->portfolio);
            const result r = rules->evaluate(p, as_of);
            fmt::print("{}", o->format == "text" ? to_text(r) : to_json(r));
            return int{ok};
          }};
}

}  // namespace civeff::cli
