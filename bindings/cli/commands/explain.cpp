// SPDX-License-Identifier: Apache-2.0
// civeff explain RULESET PORTFOLIO [--as-of D] [--overlay F]... [--diploma ID] [--format text|json]
//                [--person ID] [--encoding E] [--strict] [--allow-outside-includes]
//
// One person's evaluation with its reasons (SPEC §12): what decided each level,
// how each unit is credited or why not, and each requirement against its threshold.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>

#include "../cli.hpp"

namespace civeff::cli {

command add_explain(CLI::App& root) {
  struct options {
    std::string ruleset, portfolio, format = "text", diploma;
    std::optional<std::string> as_of, person;
    std::vector<std::string> overlays;
    bool allow_outside_includes = false;
    input_flags input;
  };
  auto o = std::make_shared<options>();
  CLI::App* app = root.add_subcommand(
      "explain", "Explain one portfolio's evaluation: why each level, credit and diploma");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  app->add_option("PORTFOLIO", o->portfolio,
                  "A portfolio file, YAML or JSON, or a JSON list of Open Badges 3.0 credentials")
      ->required();
  add_as_of_option(*app, o->as_of);
  add_overlay_option(*app, o->overlays);
  app->add_option("--diploma", o->diploma, "Only this diploma's tree (text) or entry (json)")
      ->type_name("ID");
  app->add_option("--format", o->format, "text (a tree per diploma, the default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  add_person_option(*app, o->person);
  add_input_options(*app, o->input);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            const date as_of = as_of_or_today(o->as_of);
            read_options reading = o->input.options();
            reading.person = o->person;
            const auto rules = load_rules(o->ruleset, o->overlays, {o->allow_outside_includes, {}});
            if (!o->diploma.empty()) {
              const auto ids = rules->diploma_ids();
              if (std::find(ids.begin(), ids.end(), o->diploma) == ids.end())
                argument_error(fmt::format("--diploma: the rules have no diploma '{}' (diplomas: {})", o->diploma,
                                           fmt::join(ids, ", ")));
            }
            require_path(o->portfolio, "portfolio");
            const portfolio p = read_portfolio(o->portfolio, *rules, reading);
            print_input_warnings(p.warnings, o->portfolio);
            explanation e = rules->explain(p, as_of);
            if (o->format == "json") {
              if (!o->diploma.empty())
                std::erase_if(e.diplomas, [&](const auto& d) { return d.first != o->diploma; });
              fmt::print("{}", to_json(e));
            } else {
              fmt::print("{}", to_text(e, o->diploma));
            }
            return int{ok};
          }};
}

}  // namespace civeff::cli
