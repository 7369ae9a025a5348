// SPDX-License-Identifier: Apache-2.0
// civeff coverage RULESET POPULATION.csv [--as-of D] [--overlay F]... [--format text|json|html]
//                 [--out F] [--threads N] [--encoding E] [--strict] [--allow-outside-includes]
//
// How often each rule fires over a population (docs/language.md, "Coverage"):
// every mark case, `credit_when`, equivalence and requirement node with what it
// fired for and could fire for, the rules that never fire first. To --out or
// stdout. Exit 0 whether or not rules never fire; 1 when a person could not be
// evaluated (the others are counted); 2 for bad input.

#include <fmt/format.h>

#include "../cli.hpp"
#include "../output_file.hpp"
#include "../progress_bar.hpp"

namespace civeff::cli {

command add_coverage(CLI::App& root) {
  struct options {
    std::string ruleset, population, out = "-", format = "text";
    std::optional<std::string> as_of;
    std::vector<std::string> overlays;
    unsigned threads = 0;
    bool allow_outside_includes = false;
    input_flags input;
  };
  auto o = std::make_shared<options>();
  CLI::App* app = root.add_subcommand("coverage", "Count how often each rule fires over a population");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  app->add_option("POPULATION", o->population, "A population CSV, one achievement a row")->required();
  add_as_of_option(*app, o->as_of);
  add_overlay_option(*app, o->overlays);
  app->add_option("--format", o->format, "text (an aligned table, the default), json or html (one page)")
      ->check(CLI::IsMember({"text", "json", "html"}));
  app->add_option("--out", o->out, "Write to this file (default -: stdout)")->type_name("FILE");
  app->add_option("--threads", o->threads, "Threads to use (default 0: all cores)")->type_name("N");
  add_input_options(*app, o->input);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            const date as_of = as_of_or_today(o->as_of);
            progress_bar bar("counting");
            const auto [rules, pop] = load_population_inputs({o->ruleset, o->population, o->out, o->overlays,
                                                              o->allow_outside_includes, o->input.options()},
                                                             bar);

            batch_options options;
            options.as_of = as_of;
            options.threads = o->threads;
            bar.attach(options);
            const coverage_result c = coverage(*rules, pop, options);
            bar.finish();
            write_output(o->out, o->format == "json"   ? to_json(c)
                                 : o->format == "html" ? to_html(c)
                                                       : to_text(c));
            if (!c.errors.empty()) {
              print_diagnostics(c.errors);
              fmt::print(stderr, "{} person{} could not be evaluated and {} not counted\n", c.errors.size(),
                         c.errors.size() == 1 ? "" : "s", c.errors.size() == 1 ? "is" : "are");
              return int{rule_failure};
            }
            return int{ok};
          }};
}

}  // namespace civeff::cli
