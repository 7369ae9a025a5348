// SPDX-License-Identifier: Apache-2.0
// civeff catalog RULESET [--format html|md] [--lang nl|en] [--overlay F]... --out F
//                [--allow-outside-includes]: the overview of
// all marks, units and routes (SPEC §7).

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "../cli.hpp"
#include "../output_file.hpp"

namespace civeff::cli {

command add_catalog(CLI::App& root) {
  struct options {
    std::string ruleset, format = "html", out;
    std::vector<std::string> overlays;
    std::optional<std::string> lang;
    bool allow_outside_includes = false;
  };
  auto o = std::make_shared<options>();
  CLI::App* app = root.add_subcommand("catalog", "Write an overview of all marks, units and routes");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  add_overlay_option(*app, o->overlays);
  app->add_option("--format", o->format, "html (one self-contained page, the default) or md")
      ->check(CLI::IsMember({"html", "md"}));
  add_lang_option(*app, o->lang);
  app->add_option("--out", o->out, "The file to write (- for stdout)")->required()->type_name("FILE");
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            const std::optional<text_language> lang = text_language_of(o->lang);
            // The rule files are this command's inputs: none may be its --out (E047).
            const out_guard guard(o->out);
            guard.check_rules(o->ruleset);
            for (const auto& f : o->overlays) guard.check(f);
            require_path(o->ruleset, "ruleset");
            const compile_options options =
                rule_options(o->overlays, {o->allow_outside_includes, guard.before_read()});
            // load(): errors are thrown as rule_error (exit 1), warnings are not shown here.
            const std::shared_ptr<const ruleset> rules = load(o->ruleset, options);
            const std::string text = render_catalog(
                *rules, o->format == "md" ? catalog_format::markdown : catalog_format::html, lang);
            write_output(o->out, text);
            return int{ok};
          }};
}

}  // namespace civeff::cli
