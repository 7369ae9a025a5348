// SPDX-License-Identifier: Apache-2.0
// civeff snapshot RULESET POPULATION.csv [--as-of D] [--overlay F]... --out SNAP.csv:
// every outcome of the population with the rules it uses (engine/src/snapshot/).
// civeff test RULESET --snapshot SNAP.csv --population POP.csv [--update]: the
// rows that moved since, each with the used rules whose hash changed.

#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "../cli.hpp"
#include "../output_file.hpp"

namespace civeff::cli {
namespace {

// The bytes of an input file (E040 when it cannot be read): a snapshot, or a
// population, whose hash is taken from exactly what is then parsed.
std::string read_bytes(const std::string& path, std::string_view what) {
  require_path(path, what);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof())
    throw input_error(
        {{severity::error, "E040", {path, 0, 0}, fmt::format("cannot read {} '{}'", what, path), {}}});
  return std::move(text).str();
}

// The population, read as the rules declare, its warnings printed.
population read_population(const std::string& path, const std::string& bytes, const ruleset& rules,
                           const input_flags& input) {
  population pop = parse_population_csv(bytes, path, &rules, input.options());
  print_input_warnings(pop.warnings, path);
  return pop;
}

// A row's outcome in a few words; `(none)` for a side without the row.
std::string outcome(const std::optional<snapshot_row>& r) {
  if (!r) return "(none)";
  switch (r->kind) {
    case change_kind::diploma:
      return fmt::format("{} (progress {}, missing: {})", r->value, r->progress,
                         r->missing.empty() ? "nothing" : r->missing);
    case change_kind::level: return r->value;
    case change_kind::credit: return fmt::format("via {} on {}", r->value, r->value_date);
  }
  return r->value;
}

// What the row is about: `diploma p1 d`, `level p1 #2 civil_effect (UNIT)`, `credit p1 A`.
std::string subject(const snapshot_row& r) {
  if (r.kind == change_kind::level)
    return fmt::format("level {} #{} {} ({} {})", r.person, r.subject, r.scale, r.unit, r.date);
  return fmt::format("{} {} {}", to_string(r.kind), r.person, r.subject);
}

}  // namespace

int check_snapshot(const std::string& ruleset, const std::vector<std::string>& overlays,
                   bool allow_outside_includes, const snapshot_check_options& o, bool quiet) {
  // With --update the snapshot is the output: it must not be an input (E047).
  const out_guard guard(o.update ? o.snapshot : std::string());
  guard.check_rules(ruleset);
  for (const auto& f : overlays) guard.check(f);
  guard.check(o.population);
  const snapshot before = parse_snapshot(read_bytes(o.snapshot, "snapshot"), o.snapshot);
  const std::string bytes = read_bytes(o.population, "population");
  const std::string hash = sha256_hex(bytes);
  if (hash != before.population_sha256) {
    diagnostic d{
        severity::error,
        "E064",
        {o.snapshot, 1, 1},
        fmt::format("the population '{}' is not the one this snapshot was taken of (its SHA-256 is {}, "
                    "the snapshot's {}){}",
                    o.population, hash.substr(0, 12), before.population_sha256.substr(0, 12),
                    o.update ? "" : "; take the snapshot again, or --update it"),
        {}};
    if (!o.update) throw input_error({d});
    d.level = severity::warning;
    print_diagnostics({d});
  }
  const auto rules = load_rules(ruleset, overlays, {allow_outside_includes, guard.before_read()});
  const population pop = read_population(o.population, bytes, *rules, o.input);
  const snapshot after = take_snapshot(*rules, pop, before.as_of, hash);
  std::size_t unchanged = 0;
  const std::vector<snapshot_move> moved = compare_snapshots(before, after, unchanged);
  if (!quiet)
    fmt::print("{}: {} rows as of {}, population {}\n", o.snapshot, before.rows.size(),
               before.as_of.to_string(), o.population);
  for (const snapshot_move& m : moved) {
    const snapshot_row& row = m.before ? *m.before : *m.after;
    std::string cause;
    for (const auto& c : m.cause) cause += (cause.empty() ? "" : ";") + c;
    diagnostic d{severity::error,
                 "E065",
                 {o.snapshot, m.before ? m.before->line : 0, m.before ? 1 : 0},
                 fmt::format("{} moved: {} -> {}; cause: {}", subject(row), outcome(m.before),
                             outcome(m.after), cause.empty() ? "none of the rules it uses changed" : cause),
                 {}};
    if (o.update) d.level = severity::note;
    fmt::print("{}\n", d.format());
  }
  if (o.update) {
    write_output(o.snapshot, to_csv(after));
    fmt::print("{}: updated, {} rows ({} moved)\n", o.snapshot, after.rows.size(), moved.size());
    return ok;
  }
  fmt::print("{} passed, {} failed\n", unchanged, moved.size());
  return moved.empty() ? ok : rule_failure;
}

command add_snapshot(CLI::App& root) {
  struct options {
    std::string ruleset, population, out;
    std::vector<std::string> overlays;
    std::optional<std::string> as_of;
    bool allow_outside_includes = false;
    input_flags input;
  };
  auto o = std::make_shared<options>();
  CLI::App* app = root.add_subcommand(
      "snapshot", "Write every outcome of a population with the rules it uses, for civeff test --snapshot");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  app->add_option("POPULATION", o->population, "A population CSV, one achievement a row")->required();
  add_as_of_option(*app, o->as_of);
  add_overlay_option(*app, o->overlays);
  app->add_option("--out", o->out, "The snapshot file to write (- for standard output)")->required();
  add_input_options(*app, o->input);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            const date as_of = as_of_or_today(o->as_of);
            const out_guard guard(o->out);
            guard.check_rules(o->ruleset);
            for (const auto& f : o->overlays) guard.check(f);
            guard.check(o->population);
            const auto rules =
                load_rules(o->ruleset, o->overlays, {o->allow_outside_includes, guard.before_read()});
            const std::string bytes = read_bytes(o->population, "population");
            const population pop = read_population(o->population, bytes, *rules, o->input);
            const snapshot s = take_snapshot(*rules, pop, as_of, sha256_hex(bytes));
            write_output(o->out, to_csv(s));
            fmt::print(summary_stream(o->out), "{}: {} rows of {} persons as of {} -> {}\n", o->population,
                       s.rows.size(), pop.person.categories.size(), as_of.to_string(),
                       is_standard_output(o->out) ? std::string("standard output") : o->out);
            return int{ok};
          }};
}

}  // namespace civeff::cli
