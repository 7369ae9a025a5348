// SPDX-License-Identifier: Apache-2.0
// civeff whatif RULESET PORTFOLIO --add UNIT [--marks M1,M2] [--attr NAME=VALUE]... [--hours H]
//               [--add UNIT ...]... [--as-of D] [--format text|json] [--lang nl|en]
//               [--overlay F]... [--out F] [--person ID] [--max-steps N] [--encoding E] [--strict]
//               [--allow-outside-includes]
//
// The course chooser's question for one portfolio (docs/language.md, "What
// if"): what changes when these achievements are added on --as-of. Each
// --marks, --attr and --hours belongs to the --add before it, so the options
// are read in the order given (CLI11's parse order), not by name.

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <string_view>
#include <system_error>

#include "../cli.hpp"
#include "../output_file.hpp"

namespace civeff::cli {
namespace {

struct whatif_options {
  std::string ruleset, portfolio, out, format = "text";
  std::optional<std::string> as_of, lang, person;
  std::vector<std::string> overlays, adds, marks, attrs, hours;
  std::uint64_t max_steps = 1'000'000;
  bool allow_outside_includes = false;
  input_flags input;
  CLI::App* app = nullptr;
  CLI::Option *add_option = nullptr, *marks_option = nullptr, *attr_option = nullptr, *hours_option = nullptr;
};

[[noreturn]] void order_error(std::string message) { argument_error(std::move(message), "E083"); }
[[noreturn]] void value_error(std::string message) { argument_error(std::move(message), "E082"); }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// `--hours H`: a plain number >= 0 (`37.5`).
double hours_of(std::string_view unit, const std::string& text) {
  const std::string_view s = trimmed(text);
  double x = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x, std::chars_format::fixed);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(x) || x < 0)
    value_error(
        fmt::format("--hours for --add {}: '{}' is not a number >= 0 (write it as 37.5)", unit, text));
  return x;
}

// The achievements of the --add options, each with the --marks, --attr and
// --hours that follow it, dated `as_of`.
std::vector<achievement> added_achievements(const whatif_options& o, const ruleset& rules, date as_of) {
  std::vector<achievement> out;
  std::size_t next_add = 0, next_marks = 0, next_attr = 0, next_hours = 0;
  const auto current = [&](const CLI::Option* option) -> achievement& {
    if (out.empty())
      order_error(
          fmt::format("{} belongs to the --add before it, and none comes before it", option->get_name()));
    return out.back();
  };
  // One entry per value, in the order of the command line.
  for (const CLI::Option* option : o.app->parse_order()) {
    if (option == o.add_option) {
      achievement a;
      a.unit = o.adds.at(next_add++);
      a.when = as_of;
      a.where = {"civeff", 0, 0};
      out.push_back(std::move(a));
    } else if (option == o.marks_option) {
      achievement& a = current(option);
      std::string_view list = o.marks.at(next_marks++);
      while (!list.empty()) {
        const std::size_t comma = list.find(',');
        const std::string_view id = trimmed(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        if (!id.empty()) a.marks.emplace_back(id);
      }
    } else if (option == o.attr_option) {
      achievement& a = current(option);
      const std::string& text = o.attrs.at(next_attr++);
      const std::size_t eq = text.find('=');
      if (eq == std::string::npos) value_error(fmt::format("--attr takes NAME=VALUE, not '{}'", text));
      const std::string name(trimmed(std::string_view(text).substr(0, eq)));
      if (a.attrs.contains(name))
        order_error(fmt::format("--attr {} is given twice for --add {}", name, *a.unit));
      a.attrs.emplace(name, what_if_attribute(rules, name, std::string_view(text).substr(eq + 1)));
    } else if (option == o.hours_option) {
      achievement& a = current(option);
      const std::string& text = o.hours.at(next_hours++);
      if (a.hours) order_error(fmt::format("--hours is given twice for --add {}", *a.unit));
      a.hours = hours_of(*a.unit, text);
    }
  }
  return out;
}

}  // namespace

command add_whatif(CLI::App& root) {
  auto o = std::make_shared<whatif_options>();
  CLI::App* app = root.add_subcommand(
      "whatif",
      "What adding achievements (courses to take) would change for one portfolio: levels, credits, "
      "diplomas and their hours to complete");
  o->app = app;
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  app->add_option("PORTFOLIO", o->portfolio,
                  "A portfolio file, YAML or JSON, or a JSON list of Open Badges 3.0 credentials")
      ->required();
  o->add_option = app->add_option("--add", o->adds,
                                  "A unit to add, dated --as-of; repeat for several. The --marks, --attr and "
                                  "--hours after it belong to it")
                      ->type_name("UNIT")
                      ->allow_extra_args(false)
                      ->required();
  o->marks_option = app->add_option("--marks", o->marks, "The added unit's marks, comma-separated")
                        ->type_name("M1,M2")
                        ->allow_extra_args(false);
  o->attr_option =
      app->add_option("--attr", o->attrs,
                      "An attribute of the added unit, converted as its declaration says; repeatable")
          ->type_name("NAME=VALUE")
          ->allow_extra_args(false);
  o->hours_option =
      app->add_option("--hours", o->hours, "The added unit's hours (default: its declared hours)")
          ->type_name("H")
          ->allow_extra_args(false);
  add_as_of_option(*app, o->as_of);
  add_overlay_option(*app, o->overlays);
  app->add_option("--format", o->format, "text (the default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  add_lang_option(*app, o->lang);
  app->add_option("--max-steps", o->max_steps,
                  "Each advice search's budget of steps (default 1000000), as for advise")
      ->type_name("N");
  app->add_option("--out", o->out, "Write to this file (- for stdout)")->type_name("FILE");
  add_input_options(*app, o->input);
  add_person_option(*app, o->person);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            const date as_of = as_of_or_today(o->as_of);
            const std::optional<text_language> lang = text_language_of(o->lang);
            // Nothing is read before it is known not to be the output (E047).
            const out_guard guard(o->out);
            guard.check_rules(o->ruleset);
            for (const auto& f : o->overlays) guard.check(f);
            guard.check(o->portfolio);
            read_options reading = o->input.options();
            reading.person = o->person;
            const auto rules =
                load_rules(o->ruleset, o->overlays, {o->allow_outside_includes, guard.before_read()});
            const std::vector<achievement> added = added_achievements(*o, *rules, as_of);
            require_path(o->portfolio, "portfolio");
            const portfolio p = read_portfolio(o->portfolio, *rules, reading);
            print_input_warnings(p.warnings, o->portfolio);
            const what_if_result w = rules->what_if(p, added, as_of, {.max_steps = o->max_steps});
            const std::string text =
                o->format == "json"
                    ? to_json(w)
                    : to_text(w, lang.value_or(rules->language()) == text_language::nl ? "nl" : "en");
            if (o->out.empty()) fmt::print("{}", text);
            else write_output(o->out, text);
            return int{ok};
          }};
}

}  // namespace civeff::cli
