// SPDX-License-Identifier: Apache-2.0
// civeff batch RULESET POPULATION.csv [--as-of D] [--overlay F]... --out OUT.csv [--threads N]
//              [--csv-dialect rfc4180|excel-nl] [--encoding E] [--strict] [--allow-outside-includes]
//
// Reads the whole population first, so bad input (exit 2) never creates OUT.csv;
// persons whose evaluation fails are reported, left out of OUT.csv, and make the
// exit code 1 after all the others are written.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>

#include "../cli.hpp"
#include "../output_file.hpp"
#include "../progress_bar.hpp"

namespace civeff::cli {

command add_batch(CLI::App& root) {
  struct options {
    std::string ruleset, population, out, dialect = "rfc4180";
    std::optional<std::string> as_of;
    std::vector<std::string> overlays;
    unsigned threads = 0;
    bool allow_outside_includes = false;
    input_flags input;
  };
  auto o = std::make_shared<options>();
  CLI::App* app =
      root.add_subcommand("batch", "Evaluate a population CSV; write one row per person and diploma");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  app->add_option("POPULATION", o->population, "A population CSV, one achievement a row")->required();
  add_as_of_option(*app, o->as_of);
  add_overlay_option(*app, o->overlays);
  app->add_option("--out", o->out, "The CSV to write: person,diploma,status,progress,missing (- for stdout)")
      ->required()
      ->type_name("FILE");
  app->add_option("--threads", o->threads, "Threads to use (default 0: all cores)")->type_name("N");
  add_csv_dialect_option(*app, o->dialect);
  add_input_options(*app, o->input);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {
      app, [o] {
        const date as_of = as_of_or_today(o->as_of);
        const csv_dialect dialect = csv_dialect_of(o->dialect);
        progress_bar bar("evaluating");
        read_options reading = o->input.options();
        reading.titles = false;  // the output has no title; 4 bytes a row less held
        const auto [rules, pop] = load_population_inputs(
            {o->ruleset, o->population, o->out, o->overlays, o->allow_outside_includes, reading}, bar);

        batch_options options;
        options.as_of = as_of;
        options.threads = o->threads;
        bar.attach(options);
        const batch_result result = rules->evaluate_batch(pop, options);
        bar.finish();
        // In pieces: the text of a million persons' rows is as large as the population's columns.
        write_output(o->out, [&](const output_sink& write) { write_csv(result, dialect, write); });

        // Summary: per diploma how many persons are complete, partial, none. It
        // counts only the persons evaluated (and their rows): those that failed
        // are reported below and are not in the output.
        const std::size_t persons = result.persons.size(), diplomas = result.diplomas.size();
        std::vector<char> evaluated(pop.person.categories.size(), 0);
        for (const std::int32_t code : result.person_codes)
          if (code >= 0 && static_cast<std::size_t>(code) < evaluated.size())
            evaluated[static_cast<std::size_t>(code)] = 1;
        std::size_t rows = 0;
        for (const std::int32_t code : pop.person.codes)
          if (code >= 0 && evaluated[static_cast<std::size_t>(code)] != 0) ++rows;
        std::vector<std::array<std::size_t, 3>> counts(diplomas, {0, 0, 0});
        for (std::size_t row = 0; row < result.rows(); ++row)
          ++counts[row % diplomas][static_cast<std::size_t>(result.status[row])];
        const auto count = [](std::size_t n, std::string_view what) {
          return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
        };
        std::FILE* summary = summary_stream(o->out);
        fmt::print(summary, "{}: {}, {} x {}, as of {} -> {}\n", o->population, count(rows, "row"),
                   count(persons, "person"), count(diplomas, "diploma"), as_of.to_string(),
                   is_standard_output(o->out) ? std::string("standard output") : o->out);
        std::size_t width = 7;
        for (const auto& d : result.diplomas) width = std::max(width, d.size());
        // A diploma id such as 25656 says little to a reader: its title goes last,
        // where its width cannot break the columns.
        std::map<std::string, std::string, std::less<>> titles;
        for (const auto& d : rules->diplomas())
          if (d.title) titles[d.id] = *d.title;
        const auto line = [&](std::string text) {
          while (!text.empty() && text.back() == ' ') text.pop_back();
          fmt::print(summary, "{}\n", text);
        };
        line(fmt::format("  {:<{}}  {:>9}  {:>9}  {:>9}  {}", "diploma", width, "complete", "partial", "none",
                         titles.empty() ? "" : "title"));
        for (std::size_t d = 0; d < diplomas; ++d) {
          const auto title = titles.find(result.diplomas[d]);
          line(fmt::format("  {:<{}}  {:>9}  {:>9}  {:>9}  {}", result.diplomas[d], width,
                           counts[d][static_cast<std::size_t>(diploma_status::complete)],
                           counts[d][static_cast<std::size_t>(diploma_status::partial)],
                           counts[d][static_cast<std::size_t>(diploma_status::none)],
                           title == titles.end() ? "" : title->second));
        }
        // Per scale: how many counted trainings got each level (null last).
        for (std::size_t s = 0; s < result.scales.size(); ++s) {
          const auto& levels = result.scale_levels[s];
          std::vector<std::string> parts;
          for (std::size_t k = 0; k < result.level_counts[s].size(); ++k) {
            if (k == levels.size() && result.level_counts[s][k] == 0) continue;  // no null levels
            parts.push_back(fmt::format("{} {}", k < levels.size() ? levels[k] : std::string("(no level)"),
                                        result.level_counts[s][k]));
          }
          fmt::print(summary, "  trainings per {} level: {}\n", result.scales[s], fmt::join(parts, ", "));
        }
        if (!result.errors.empty()) {
          print_diagnostics(result.errors);
          fmt::print(stderr, "{} person{} could not be evaluated and {} left out of {}\n",
                     result.errors.size(), result.errors.size() == 1 ? "" : "s",
                     result.errors.size() == 1 ? "is" : "are",
                     is_standard_output(o->out) ? std::string("the output") : o->out);
          return int{rule_failure};
        }
        return int{ok};
      }};
}

}  // namespace civeff::cli
