// SPDX-License-Identifier: Apache-2.0
// civeff diff RULESET POPULATION.csv (--overlay F... | --against RULESET2) [--as-of D] [--out F]
//             [--csv-dialect rfc4180|excel-nl] [--encoding E] [--strict] [--allow-outside-includes]
//
// Before: RULESET alone. After: RULESET with the overlays, or RULESET2. Prints, per
// diploma, how many persons move from each status to each other; with --out writes
// the rows whose status or progress changed (SPEC §7, §10). A diploma that exists on
// one side only reads as status `absent` there (empty cells in the CSV).

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

// One side's status and progress for a person and diploma.
struct cell {
  bool present = false;
  diploma_status status = diploma_status::none;
  double progress = 0;
};

// Summary order: absent, none, partial, complete.
int rank(const cell& c) { return c.present ? 1 + static_cast<int>(c.status) : 0; }
std::string_view rank_name(int r) {
  return r == 0 ? std::string_view("absent") : to_string(static_cast<diploma_status>(r - 1));
}

batch_result run_batch(const ruleset& rules, const population& pop, const batch_options& base,
                       const char* label) {
  batch_options options = base;
  progress_bar bar(label);
  bar.attach(options);
  batch_result r = rules.evaluate_batch(pop, options);
  bar.finish();
  return r;
}

// The same declared attributes (SPEC §11): a population read with one ruleset
// reads the same with the other.
bool same_declarations(const std::vector<attribute_declaration>* a,
                       const std::vector<attribute_declaration>* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return std::equal(a->begin(), a->end(), b->begin(), b->end(), [](const auto& x, const auto& y) {
    return x.name == y.name && x.type == y.type && x.values == y.values && x.min == y.min && x.max == y.max;
  });
}
bool same_declarations(const ruleset& a, const ruleset& b) {
  return same_declarations(a.declared_attributes(false), b.declared_attributes(false)) &&
         same_declarations(a.declared_attributes(true), b.declared_attributes(true));
}

// The population as each side's rules read it (SPEC §11): once when both declare
// the same attributes; else the file's bytes are read once (a FIFO too) and
// parsed for each side, and the second side's warnings are printed only where
// they differ from the first's.
std::pair<population, std::optional<population>> read_population(const std::string& path,
                                                                 const ruleset& before, const ruleset& after,
                                                                 const read_options& options) {
  progress_bar reading("reading");
  reading.note(fmt::format("reading {}", path));
  if (same_declarations(before, after)) {
    population pop = read_population_csv(path, &before, options);
    reading.finish();
    print_input_warnings(pop.warnings, path);
    return {std::move(pop), std::nullopt};
  }
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) (void)read_population_csv(path, &before, options);  // its own E040, with the reason
  std::string bytes;
  std::array<char, 1 << 16> block{};
  for (std::size_t got = 0; in != nullptr && (got = std::fread(block.data(), 1, block.size(), in)) > 0;)
    bytes.append(block.data(), got);
  if (in != nullptr) std::fclose(in);
  population first = parse_population_csv(bytes, path, &before, options);
  population second = parse_population_csv(bytes, path, &after, options);
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

}  // namespace

command add_diff(CLI::App& root) {
  struct options {
    std::string ruleset, population, against, out, dialect = "rfc4180";
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
  return {
      app, [o] {
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
        const auto after_rules =
            o->against.empty() ? load_rules(o->ruleset, o->overlays, how) : load_rules(o->against, {}, how);
        // Declared attributes are converted as the rules say; when the two sides
        // declare them differently, each side reads the population its own way.
        const auto [pop, after_pop] = read_population(o->population, *before_rules, *after_rules, reading);

        batch_options options;
        options.as_of = as_of;
        options.threads = o->threads;
        const batch_result before = run_batch(*before_rules, pop, options, "before");
        const batch_result after = run_batch(*after_rules, after_pop ? *after_pop : pop, options, "after ");

        std::vector<std::string> diplomas = before.diplomas;
        diplomas.insert(diplomas.end(), after.diplomas.begin(), after.diplomas.end());
        std::sort(diplomas.begin(), diplomas.end());
        diplomas.erase(std::unique(diplomas.begin(), diplomas.end()), diplomas.end());
        const auto index_of = [&](const batch_result& b) {
          std::vector<std::ptrdiff_t> index(diplomas.size(), -1);
          for (std::size_t d = 0; d < diplomas.size(); ++d) {
            auto it = std::find(b.diplomas.begin(), b.diplomas.end(), diplomas[d]);
            if (it != b.diplomas.end()) index[d] = it - b.diplomas.begin();
          }
          return index;
        };
        const auto before_index = index_of(before), after_index = index_of(after);
        const auto at = [](const batch_result& b, std::size_t person, std::ptrdiff_t d) {
          if (d < 0) return cell{};
          const std::size_t row = person * b.diplomas.size() + static_cast<std::size_t>(d);
          return cell{true, b.status[row], b.progress[row]};
        };

        // Per diploma: (from, to) -> persons, and progress-only changes.
        std::vector<std::map<std::pair<int, int>, std::size_t>> moves(diplomas.size());
        std::vector<std::size_t> progress_only(diplomas.size(), 0);
        const char sep = csv.separator();
        std::string rows(csv.preamble());
        rows += fmt::format(
            "person{0}diploma{0}status_before{0}status_after{0}progress_before{0}progress_after{1}", sep,
            csv.line_end());
        std::size_t compared = 0, changed_rows = 0;
        // Both sides list persons sorted; one evaluated with an error on one side only is left out.
        for (std::size_t i = 0, j = 0; i < before.persons.size() && j < after.persons.size();) {
          if (before.persons[i] < after.persons[j]) {
            ++i;
            continue;
          }
          if (after.persons[j] < before.persons[i]) {
            ++j;
            continue;
          }
          ++compared;
          for (std::size_t d = 0; d < diplomas.size(); ++d) {
            const cell b = at(before, i, before_index[d]), a = at(after, j, after_index[d]);
            const bool status_changed = b.present != a.present || b.status != a.status;
            if (!status_changed && b.progress == a.progress) continue;
            if (status_changed) {
              ++moves[d][{rank(b), rank(a)}];
            } else {
              ++progress_only[d];
            }
            ++changed_rows;
            rows += fmt::format("{1}{0}{2}{0}{3}{0}{4}{0}{5}{0}{6}{7}", sep, csv.field(before.persons[i]),
                                csv.field(diplomas[d]), b.present ? to_string(b.status) : "",
                                a.present ? to_string(a.status) : "", b.present ? csv.number(b.progress) : "",
                                a.present ? csv.number(a.progress) : "", csv.line_end());
          }
          ++i;
          ++j;
        }
        if (!o->out.empty()) write_output(o->out, rows);

        std::string after_name = o->against.empty() ? o->ruleset : o->against;
        for (const auto& f : o->overlays) after_name += " + " + f;
        std::FILE* summary = summary_stream(o->out);
        fmt::print(summary, "{}: {} persons compared, as of {}\n  before: {} ({} {})\n  after:  {} ({} {})\n",
                   o->population, compared, as_of.to_string(), o->ruleset, before_rules->name(),
                   before_rules->version(), after_name, after_rules->name(), after_rules->version());
        for (std::size_t d = 0; d < diplomas.size(); ++d) {
          std::string line;
          for (const auto& [move, count] : moves[d])
            line += fmt::format("{}{}→{} {}", line.empty() ? "" : ", ", rank_name(move.first),
                                rank_name(move.second), count);
          if (line.empty()) line = "no status changes";
          if (progress_only[d] > 0)
            line += fmt::format(" ({} progress change{} only)", progress_only[d],
                                progress_only[d] == 1 ? "" : "s");
          fmt::print(summary, "  {}: {}\n", diplomas[d], line);
        }
        if (!o->out.empty())
          fmt::print(summary, "{} changed row{} -> {}\n", changed_rows, changed_rows == 1 ? "" : "s",
                     is_standard_output(o->out) ? std::string("standard output") : o->out);

        std::vector<diagnostic> errors = before.errors;
        errors.insert(errors.end(), after.errors.begin(), after.errors.end());
        if (!errors.empty()) {
          print_diagnostics(errors);
          return int{rule_failure};
        }
        return int{ok};
      }};
}

}  // namespace civeff::cli
