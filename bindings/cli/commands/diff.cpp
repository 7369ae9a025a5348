// SPDX-License-Identifier: Apache-2.0
// civeff diff RULESET POPULATION.csv (--overlay F... | --against RULESET2) [--as-of D] [--out F]
//             [--format text|json] [--csv-dialect rfc4180|excel-nl] [--encoding E] [--strict]
//             [--allow-outside-includes]
//
// Before: RULESET alone. After: RULESET with the overlays, or RULESET2. Compares
// every person's diplomas, levels and credits and names each change's cause
// (SPEC §12). Text: the changed rules and a summary (kind, change, cause, rows,
// people, example) on stdout, the changed rows as CSV with --out. JSON: one
// document `{"summary": [...], "rows": [...]}` to --out or stdout. Exit 0 with
// or without changes; 1 when a person could not be evaluated; 3 for a changed
// row without a cause (a bug).

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

#include "../cli.hpp"
#include "../output_file.hpp"
#include "../progress_bar.hpp"

namespace civeff::cli {
namespace {

// The population as each side's rules read it (SPEC §11): once when both declare
// the same attributes; else the file's bytes are read once (a FIFO too) and
// parsed for each side, and the second side's warnings are printed only where
// they differ from the first's.
std::pair<population, std::optional<population>> read_population(const std::string& path,
                                                                 const ruleset& before, const ruleset& after,
                                                                 const read_options& options) {
  progress_bar reading("reading");
  reading.note(fmt::format("reading {}", path));
  // A mark only one side knows is no E042: the diff counts it absent on the other side (W012).
  read_options for_before = options, for_after = options;
  for_before.compared_with = &after;
  for_after.compared_with = &before;
  if (same_declarations(before, after)) {
    population pop = read_population_csv(path, &before, for_before);
    reading.finish();
    print_input_warnings(pop.warnings, path);
    return {std::move(pop), std::nullopt};
  }
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) (void)read_population_csv(path, &before, for_before);  // its own E040, with the reason
  std::string bytes;
  std::array<char, 1 << 16> block{};
  for (std::size_t got = 0; in != nullptr && (got = std::fread(block.data(), 1, block.size(), in)) > 0;)
    bytes.append(block.data(), got);
  if (in != nullptr) std::fclose(in);
  population first = parse_population_csv(bytes, path, &before, for_before);
  population second = parse_population_csv(bytes, path, &after, for_after);
  reading.finish();
  print_input_warnings(first.warnings, path);
  input_warnings changed;
  for (const diagnostic& d : second.warnings.shown) {
    const auto same = [&](const diagnostic& e) { return e.format() == d.format(); };
    if (std::none_of(first.warnings.shown.begin(), first.warnings.shown.end(), same))
      changed.shown.push_back(d);
  }
  changed.total = changed.shown.size();
  if (!changed.shown.empty()) {
    fmt::print(stderr, "{}: note: under the rules after the change:\n", path);
    print_input_warnings(changed, path);
  }
  return {std::move(first), std::move(second)};
}

// Characters, not bytes: what a terminal column counts (UTF-8 continuation bytes are not).
std::size_t utf8_width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// The summary as a table: one line per group, columns aligned.
std::string summary_table(const diff_result& d) {
  std::vector<std::array<std::string, 6>> lines{{"kind", "change", "cause", "rows", "people", "example"}};
  for (const change_group& g : d.summary)
    lines.push_back({std::string(to_string(g.kind)), g.change, g.cause, std::to_string(g.rows),
                     std::to_string(g.people), g.example});
  std::array<std::size_t, 6> width{};
  for (const auto& line : lines)
    for (std::size_t k = 0; k < line.size(); ++k) width[k] = std::max(width[k], utf8_width(line[k]));
  std::string out;
  for (const auto& line : lines) {
    out += ' ';
    for (std::size_t k = 0; k < line.size(); ++k) {
      if (k > 0) out += ' ';
      // Counts right-aligned, texts left-aligned; no trailing blanks.
      const std::size_t pad = width[k] - utf8_width(line[k]);
      const bool number = k == 3 || k == 4;
      out += ' ';
      if (number) out.append(pad, ' ');
      out += line[k];
      if (!number && k + 1 < line.size()) out.append(pad, ' ');
    }
    out += '\n';
  }
  return out;
}

}  // namespace

command add_diff(CLI::App& root) {
  struct options {
    std::string ruleset, population, against, out, dialect = "rfc4180", format = "text";
    std::optional<std::string> as_of;
    std::vector<std::string> overlays;
    unsigned threads = 0;
    bool allow_outside_includes = false;
    input_flags input;
  };
  auto o = std::make_shared<options>();
  CLI::App* app =
      root.add_subcommand("diff", "Compare a population's results under two versions of the rules");
  app->add_option("RULESET", o->ruleset, "The ruleset before the change")->required();
  app->add_option("POPULATION", o->population, "A population CSV, one achievement a row")->required();
  CLI::Option* overlay =
      app->add_option("--overlay", o->overlays, "After: RULESET with these overlays, in order")
          ->type_name("FILE")
          ->allow_extra_args(false);
  CLI::Option* against =
      app->add_option("--against", o->against, "After: this ruleset instead")->type_name("RULESET2");
  overlay->excludes(against);
  against->excludes(overlay);
  add_as_of_option(*app, o->as_of);
  app->add_option("--out", o->out, "Write the changed rows to this CSV (- for stdout)")->type_name("FILE");
  app->add_option("--threads", o->threads, "Threads to use (default 0: all cores)")->type_name("N");
  add_csv_dialect_option(*app, o->dialect);
  add_input_options(*app, o->input);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  app->add_option("--format", o->format,
                  "text (a summary, and the changed rows as CSV with --out; the default) or json (one "
                  "document to --out or stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [o] {
            if (o->overlays.empty() && o->against.empty())
              argument_error("diff needs --overlay F (one or more) or --against RULESET2");
            const date as_of = as_of_or_today(o->as_of);
            const csv_format csv{csv_dialect_of(o->dialect)};
            const read_options reading = o->input.options();
            // Nothing is read before it is known not to be the output (E047).
            const out_guard guard(o->out);
            guard.check_rules(o->ruleset);
            if (!o->against.empty()) guard.check_rules(o->against);
            for (const auto& f : o->overlays) guard.check(f);
            guard.check(o->population);
            const rule_loading how{o->allow_outside_includes, guard.before_read()};
            const auto before_rules = load_rules(o->ruleset, {}, how);
            const auto after_rules = o->against.empty() ? load_rules(o->ruleset, o->overlays, how)
                                                        : load_rules(o->against, {}, how);
            // Declared attributes are converted as the rules say; when the two sides
            // declare them differently, each side reads the population its own way.
            const auto [pop, after_pop] =
                read_population(o->population, *before_rules, *after_rules, reading);

            batch_options options;
            options.as_of = as_of;
            options.threads = o->threads;
            progress_bar bar("comparing");
            bar.attach(options);
            const population_view before_view = pop.view();
            const population_view after_view = after_pop ? after_pop->view() : before_view;
            const diff_result d = diff(*before_rules, *after_rules, before_view, after_view, options);
            bar.finish();
            print_diagnostics(d.warnings);

            if (o->format == "json") {
              write_output(o->out.empty() ? "-" : o->out, to_json(d));
            } else {
              if (!o->out.empty()) write_output(o->out, to_csv(d, csv.dialect));
              std::string after_name = o->against.empty() ? o->ruleset : o->against;
              for (const auto& f : o->overlays) after_name += " + " + f;
              std::FILE* summary = summary_stream(o->out);
              std::string changed;
              for (const auto& rule : d.changed_rules) changed += (changed.empty() ? "" : ", ") + rule;
              fmt::print(summary,
                         "{}: {} {} compared, as of {}\n  before: {} ({} {})\n  after:  {} ({} {})\n"
                         "  changed rules: {}\n",
                         o->population, d.compared, d.compared == 1 ? "person" : "persons", as_of.to_string(),
                         o->ruleset, before_rules->name(), before_rules->version(), after_name,
                         after_rules->name(), after_rules->version(), changed.empty() ? "none" : changed);
              if (d.rows.empty()) fmt::print(summary, "  no outcome changes\n");
              else fmt::print(summary, "{}", summary_table(d));
              if (!o->out.empty())
                fmt::print(summary, "{} changed row{} -> {}\n", d.rows.size(), d.rows.size() == 1 ? "" : "s",
                           is_standard_output(o->out) ? std::string("standard output") : o->out);
            }
            if (!d.errors.empty()) {
              print_diagnostics(d.errors);
              return int{rule_failure};
            }
            return int{ok};
          }};
}

}  // namespace civeff::cli
