// SPDX-License-Identifier: Apache-2.0
// civeff advise RULESET PORTFOLIO --diploma ID [--as-of D] [--top K] [--max-steps N]
//               [--format text|json] [--lang nl|en] [--overlay F]... [--out F]
//               [--person ID] [--encoding E] [--strict] [--allow-outside-includes]
// civeff advise RULESET POPULATION.csv --diploma ID --out F [--as-of D] [--max-steps N]
//               [--threads N] [--csv-dialect rfc4180|excel-nl] [--overlay F]... [...]
//
// The cheapest ways to a diploma (SPEC §12, "Advice"). For one portfolio: the
// first K minimal plans, as text in the ruleset's language or as JSON. For a
// population (a second argument ending in .csv): the cheapest plan of every
// person, one CSV row each, on all cores; persons whose evaluation fails are
// reported, left out and make the exit code 1, as in `batch`.

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>

#include "../cli.hpp"
#include "../output_file.hpp"
#include "../progress_bar.hpp"

namespace civeff::cli {
namespace {

struct advise_options {
  std::string ruleset, input, diploma, out, format = "text", dialect = "rfc4180";
  std::optional<std::string> as_of, lang, person;
  std::vector<std::string> overlays;
  std::size_t top = 3;
  std::uint64_t max_steps = 1'000'000;
  unsigned threads = 0;
  bool allow_outside_includes = false;
  input_flags input_options;
  // Options that belong to one mode only, to refuse them in the other.
  CLI::Option *top_option = nullptr, *format_option = nullptr, *lang_option = nullptr;
  CLI::Option *threads_option = nullptr, *dialect_option = nullptr;
};

// A second argument ending in `.csv`, in any case, is a population.
bool is_population(std::string_view path) {
  if (path.size() < 4) return false;
  std::string end(path.substr(path.size() - 4));
  for (char& c : end)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return end == ".csv";
}

void refuse(const CLI::Option* option, std::string_view why) {
  if (option->count() > 0) argument_error(fmt::format("{} {}", option->get_name(), why));
}

int advise_one(const advise_options& o, date as_of) {
  refuse(o.threads_option, "applies to a population CSV, not to one portfolio");
  refuse(o.dialect_option, "applies to a population CSV, not to one portfolio");
  const std::optional<text_language> lang = text_language_of(o.lang);
  // Nothing is read before it is known not to be the output (E047).
  const out_guard guard(o.out);
  guard.check_rules(o.ruleset);
  for (const auto& f : o.overlays) guard.check(f);
  guard.check(o.input);
  read_options reading = o.input_options.options();
  reading.person = o.person;
  const auto rules = load_rules(o.ruleset, o.overlays, {o.allow_outside_includes, guard.before_read()});
  require_path(o.input, "portfolio");
  const portfolio p = read_portfolio(o.input, *rules, reading);
  print_input_warnings(p.warnings, o.input);
  const advice a = rules->advise(p, o.diploma, as_of, {.top = o.top, .max_steps = o.max_steps});
  std::string text;
  if (o.format == "json") text = to_json(a);
  else text = to_text(a, lang.value_or(rules->language()) == text_language::nl ? "nl" : "en");
  if (o.out.empty()) fmt::print("{}", text);
  else write_output(o.out, text);
  return ok;
}

int advise_population(const advise_options& o, date as_of) {
  refuse(o.top_option, "applies to one portfolio: a population gets each person's cheapest plan");
  refuse(o.format_option, "applies to one portfolio: a population's advice is CSV");
  refuse(o.lang_option, "applies to one portfolio: a population's advice is CSV");
  if (o.person) argument_error("--person applies to one portfolio: a population names its persons itself");
  if (o.out.empty())
    argument_error(fmt::format("advice for a population ({}) needs --out FILE (- for stdout)", o.input));
  const csv_dialect dialect = csv_dialect_of(o.dialect);
  progress_bar bar("advising");
  const auto [rules, pop] = load_population_inputs(
      {o.ruleset, o.input, o.out, o.overlays, o.allow_outside_includes, o.input_options.options()}, bar);

  advice_batch_options options;
  options.as_of = as_of;
  options.max_steps = o.max_steps;
  options.threads = o.threads;
  bar.attach(options);
  const advice_batch result = rules->advise_batch(pop.view(), o.diploma, options);
  bar.finish();
  write_output(o.out, to_csv(result, dialect));

  std::size_t complete = 0, planned = 0, unproven = 0;
  for (std::size_t row = 0; row < result.rows(); ++row) {
    if (result.status[row] == diploma_status::complete) ++complete;
    else if (!std::isnan(result.hours_to_complete[row])) ++planned;
    if (result.proven[row] == 0) ++unproven;
  }
  const std::size_t persons = result.rows();
  std::FILE* summary = summary_stream(o.out);
  fmt::print(summary, "{}: {} person{}, diploma {}, as of {} -> {}\n", o.input, persons,
             persons == 1 ? "" : "s", result.diploma, as_of.to_string(),
             is_standard_output(o.out) ? std::string("standard output") : o.out);
  fmt::print(summary, "  complete {}, with a plan {}, without a plan {}\n", complete, planned,
             persons - complete - planned);
  if (unproven > 0)
    fmt::print(summary,
               "  {} search{} stopped at --max-steps {}: those rows hold the best plan found, proven false\n",
               unproven, unproven == 1 ? "" : "es", o.max_steps);
  if (!result.errors.empty()) {
    print_diagnostics(result.errors);
    fmt::print(stderr, "{} person{} could not be evaluated and {} left out of {}\n", result.errors.size(),
               result.errors.size() == 1 ? "" : "s", result.errors.size() == 1 ? "is" : "are",
               is_standard_output(o.out) ? std::string("the output") : o.out);
    return rule_failure;
  }
  return ok;
}

}  // namespace

command add_advise(CLI::App& root) {
  auto o = std::make_shared<advise_options>();
  CLI::App* app = root.add_subcommand(
      "advise",
      "The cheapest units to take for a diploma: for one portfolio, or each person of a population CSV");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  app->add_option(
         "PORTFOLIO", o->input,
         "A portfolio file, YAML or JSON; or a population CSV (a name ending in .csv), which needs --out")
      ->required();
  app->add_option("--diploma", o->diploma, "The diploma to advise on")->required()->type_name("ID");
  add_as_of_option(*app, o->as_of);
  add_overlay_option(*app, o->overlays);
  o->top_option = app->add_option("--top", o->top, "How many minimal plans to list (default 3)")
                      ->type_name("K")
                      ->check(CLI::PositiveNumber);
  app->add_option("--max-steps", o->max_steps,
                  "The search's budget of steps per person (default 1000000); past it, proven is false")
      ->type_name("N");
  o->format_option = app->add_option("--format", o->format, "text (the default) or json")
                         ->check(CLI::IsMember({"text", "json"}));
  add_lang_option(*app, o->lang);
  o->lang_option = app->get_option("--lang");
  app->add_option("--out", o->out,
                  "Write to this file (- for stdout); required for a population: "
                  "person,diploma,status,hours_to_complete,units,proven")
      ->type_name("FILE");
  o->threads_option =
      app->add_option("--threads", o->threads, "Population: threads to use (default 0: all cores)")
          ->type_name("N");
  add_csv_dialect_option(*app, o->dialect);
  o->dialect_option = app->get_option("--csv-dialect");
  add_input_options(*app, o->input_options);
  add_person_option(*app, o->person);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            const date as_of = as_of_or_today(o->as_of);
            return is_population(o->input) ? advise_population(*o, as_of) : advise_one(*o, as_of);
          }};
}

}  // namespace civeff::cli
