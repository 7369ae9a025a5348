// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the `civeff` commands share: exit codes (SPEC §7), diagnostics on stderr,
// loading a ruleset, reading `--as-of`, and the registration of each command.

#include <CLI/CLI.hpp>
#include <civeff/civeff.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace civeff::cli {

// SPEC §7: 0 success; 1 a rule error, a failing test or an evaluation error;
// 2 bad input (portfolio, CSV, arguments, missing file); 3 a bug in civeff.
enum exit_code : int { ok = 0, rule_failure = 1, bad_input = 2, internal = 3 };

// A command registered on the root app: `run` is called once parsing chose it.
struct command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

command add_check(CLI::App& root);
command add_eval(CLI::App& root);
command add_explain(CLI::App& root);
command add_test(CLI::App& root);
command add_batch(CLI::App& root);
command add_diff(CLI::App& root);
command add_graph(CLI::App& root);
command add_catalog(CLI::App& root);
command add_snapshot(CLI::App& root);
command add_coverage(CLI::App& root);
command add_advise(CLI::App& root);
command add_whatif(CLI::App& root);
command add_serve(CLI::App& root);
command add_report(CLI::App& root);

// Each diagnostic on its own line(s) on stderr.
void print_diagnostics(const std::vector<diagnostic>& diagnostics);

// An input_error (exit 2) carrying one diagnostic about the command line:
// `civeff: error[CODE]: MESSAGE`.
[[noreturn]] void argument_error(std::string message, const char* code = "E046");

// An input_error (E040) unless `path` exists.
void require_path(const std::string& path, std::string_view what);

// How a command loads rules: `--allow-outside-includes`, and the check that
// every rule file read is not the command's `--out` (out_guard::before_read).
struct rule_loading {
  bool allow_outside_includes = false;
  std::function<void(const std::filesystem::path&)> before_read;
};

// Compiles RULESET with its overlays. Warnings are printed; with any error the
// diagnostics are thrown as rule_error (exit 1). A missing path is input_error (exit 2).
std::shared_ptr<const ruleset> load_rules(const std::string& path, const std::vector<std::string>& overlays,
                                          const rule_loading& how = {});
// The compile_options of `how` with `overlays` (each must exist: E040).
compile_options rule_options(const std::vector<std::string>& overlays, const rule_loading& how);

// `--as-of D` (YYYY-MM-DD) or today in UTC; a bad date is E046.
date as_of_or_today(const std::optional<std::string>& text);

// The usual options, with the same wording everywhere.
void add_overlay_option(CLI::App& app, std::vector<std::string>& overlays);
void add_as_of_option(CLI::App& app, std::optional<std::string>& as_of);
void add_allow_outside_includes_option(CLI::App& app, bool& allow);
// `--person ID` on the commands that read one portfolio (eval, explain, advise): read_options::person.
void add_person_option(CLI::App& app, std::optional<std::string>& person);
// `--lang nl|en`: the language of texts for people, overriding the ruleset's
// `language:` (SPEC §10). Every command that writes such text takes it.
void add_lang_option(CLI::App& app, std::optional<std::string>& lang);
// The language `--lang` named, nullopt when not given; anything else is E046.
std::optional<text_language> text_language_of(const std::optional<std::string>& lang);

// `--encoding` and `--strict`, on every command that reads a portfolio or population.
struct input_flags {
  std::string encoding = "utf-8";
  bool strict = false;
  // The read_options they ask for; a bad --encoding is E046 naming the choices.
  [[nodiscard]] read_options options() const;
};
void add_input_options(CLI::App& app, input_flags& flags);

// `--format text|json|sarif` for a command's diagnostics (docs/language.md,
// "Diagnostics for machines"); the name given, anything else is E046 naming the choices.
void add_diagnostic_format_option(CLI::App& app, std::string& format);
diagnostic_format diagnostic_format_of(const std::string& name);

// `--csv-dialect rfc4180|excel-nl`, on every command that writes CSV.
void add_csv_dialect_option(CLI::App& app, std::string& dialect);
// The dialect named; anything else is E046 naming the choices.
csv_dialect csv_dialect_of(const std::string& name);

// An input's warnings on stderr: each shown one, then `FILE: note: N more
// warnings not shown` when there were more. They never change the exit code.
void print_input_warnings(const input_warnings& warnings, std::string_view file);

// What `batch` and `coverage` read: the rules with their overlays and a population CSV.
struct population_command {
  std::string ruleset, population, out;
  std::vector<std::string> overlays;
  bool allow_outside_includes = false;
  read_options reading;
};
struct population_inputs {
  std::shared_ptr<const ruleset> rules;
  population pop;
};
class progress_bar;
// Refuses an `out` that is one of the inputs (E047) before reading anything, then
// loads the rules and reads the population (a note on `bar` meanwhile) and prints
// its warnings (population_inputs.cpp).
population_inputs load_population_inputs(const population_command& c, progress_bar& bar);

// The same declared attributes (SPEC §11): a population read with one ruleset
// reads the same with the other (`civeff diff` and `civeff serve`'s /diff read it once).
bool same_declarations(const ruleset& a, const ruleset& b);

// `civeff test RULESET --snapshot F --population P [--update]` (commands/snapshot.cpp).
struct snapshot_check_options {
  std::string snapshot, population;
  bool update = false;
  input_flags input;
};
// Re-evaluates the population at the snapshot's date and reports every moved
// row with its cause; exit 1 when rows moved, 2 when the population's hash
// differs. `--update` rewrites the snapshot instead (exit 0).
int check_snapshot(const std::string& ruleset, const std::vector<std::string>& overlays,
                   bool allow_outside_includes, const snapshot_check_options& o, bool quiet);

}  // namespace civeff::cli
