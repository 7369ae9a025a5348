// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the `civeff` commands share: exit codes (SPEC §7), diagnostics on stderr,
// loading a ruleset, reading `--as-of`, and the registration of each command.

#include <CLI/CLI.hpp>
#include <civeff/civeff.hpp>

#include <functional>
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
command add_test(CLI::App& root);
command add_batch(CLI::App& root);
command add_diff(CLI::App& root);
command add_graph(CLI::App& root);
command add_catalog(CLI::App& root);

// Each diagnostic on its own line(s) on stderr.
void print_diagnostics(const std::vector<diagnostic>& diagnostics);

// An input_error (exit 2) carrying one diagnostic about the command line:
// `civeff: error[CODE]: MESSAGE`.
[[noreturn]] void argument_error(std::string message, const char* code = "E046");

// An input_error (E040) unless `path` exists.
void require_path(const std::string& path, std::string_view what);

// Compiles RULESET with its overlays. Warnings are printed; with any error the
// diagnostics are thrown as rule_error (exit 1). A missing path is input_error (exit 2).
std::shared_ptr<const ruleset> load_rules(const std::string& path, const std::vector<std::string>& overlays);

// `--as-of D` (YYYY-MM-DD) or today in UTC; a bad date is E046.
date as_of_or_today(const std::optional<std::string>& text);

// The usual options, with the same wording everywhere.
void add_overlay_option(CLI::App& app, std::vector<std::string>& overlays);
void add_as_of_option(CLI::App& app, std::optional<std::string>& as_of);

// A CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180).
std::string csv_field(std::string_view s);
// Progress as in the JSON and CSV outputs: shortest form (`1`, `0.5`, `0.3333`).
std::string progress_text(double p);

}  // namespace civeff::cli
