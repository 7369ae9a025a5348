// SPDX-License-Identifier: Apache-2.0
// civeff report RULESET PORTFOLIO [--as-of D] [--overlay F]... [--lang nl|en]
//               [--format html|md|pdf] [--person ID] [--encoding E] [--strict]
//               [--allow-outside-includes] --out F
//
// One person's civil-effect statement (docs/report.md): a page a worker or a new
// employer can read, print and check, drawn from the engine's explanation and
// advice. `--format pdf` prints the HTML page with headless Chromium (E084-E087).

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "../cli.hpp"
#include "../output_file.hpp"

namespace civeff::cli {

command add_report(CLI::App& root) {
  struct options {
    std::string ruleset, portfolio, format = "html", out;
    std::optional<std::string> as_of, person, lang;
    std::vector<std::string> overlays;
    bool allow_outside_includes = false;
    input_flags input;
  };
  auto o = std::make_shared<options>();
  CLI::App* app = root.add_subcommand(
      "report", "Write one person's civil-effect statement: levels, credits, diplomas, plans, sources");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  app->add_option("PORTFOLIO", o->portfolio,
                  "A portfolio file, YAML or JSON, or a JSON list of Open Badges 3.0 credentials")
      ->required();
  add_as_of_option(*app, o->as_of);
  add_overlay_option(*app, o->overlays);
  add_lang_option(*app, o->lang);
  app->add_option("--format", o->format,
                  "html (one self-contained page, the default), md (Markdown) or pdf (the page printed by "
                  "headless Chromium)")
      ->check(CLI::IsMember({"html", "md", "pdf"}));
  add_person_option(*app, o->person);
  add_input_options(*app, o->input);
  app->add_option("--out", o->out, "The file to write (- for stdout)")->required()->type_name("FILE");
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            const date as_of = as_of_or_today(o->as_of);
            const std::optional<text_language> lang = text_language_of(o->lang);
            read_options reading = o->input.options();
            reading.person = o->person;
            // Nothing is read before it is known not to be the output (E047).
            const out_guard guard(o->out);
            guard.check_rules(o->ruleset);
            for (const auto& f : o->overlays) guard.check(f);
            guard.check(o->portfolio);
            const auto rules =
                load_rules(o->ruleset, o->overlays, {o->allow_outside_includes, guard.before_read()});
            require_path(o->portfolio, "portfolio");
            const portfolio p = read_portfolio(o->portfolio, *rules, reading);
            print_input_warnings(p.warnings, o->portfolio);

            report_options options;
            options.language = lang;
            options.ruleset_path = o->ruleset;
            options.portfolio_path = o->portfolio;
            options.overlay_paths = o->overlays;
            if (o->person) options.read_arguments = {"--person", *o->person};
            if (o->input.encoding != "utf-8") {
              options.read_arguments.emplace_back("--encoding");
              options.read_arguments.push_back(o->input.encoding);
            }
            const std::string page = render_report(
                *rules, p, as_of, o->format == "md" ? report_format::markdown : report_format::html, options);
            // The PDF is printed before the output is touched: a failure leaves --out as it was.
            write_output(o->out, o->format == "pdf" ? print_pdf(page) : page);
            return int{ok};
          }};
}

}  // namespace civeff::cli
