// SPDX-License-Identifier: Apache-2.0
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "cli.hpp"

namespace civeff::cli {

void print_diagnostics(const std::vector<diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) fmt::print(stderr, "{}\n", d.format());
  std::fflush(stderr);
}

void argument_error(std::string message, const char* code) {
  throw input_error({{severity::error, code, {"civeff", 0, 0}, std::move(message), {}}});
}

void require_path(const std::string& path, std::string_view what) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw input_error({{severity::error,
                        "E040",
                        {path, 0, 0},
                        fmt::format("cannot read {} '{}': no such file or directory", what, path),
                        {}}});
}

std::shared_ptr<const ruleset> load_rules(const std::string& path, const std::vector<std::string>& overlays) {
  require_path(path, "ruleset");
  compile_options options;
  for (const auto& o : overlays) {
    require_path(o, "overlay");
    options.overlays.emplace_back(o);
  }
  compile_result compiled = compile(path, options);
  if (!compiled.ok()) throw rule_error(std::move(compiled.diagnostics));
  print_diagnostics(compiled.diagnostics);  // warnings
  return compiled.rules;
}

date as_of_or_today(const std::optional<std::string>& text) {
  if (!text) return date::today_utc();
  const std::optional<date> d = date::parse(*text);
  if (!d) argument_error(fmt::format("--as-of takes a date YYYY-MM-DD, not '{}'", *text));
  return *d;
}

void add_overlay_option(CLI::App& app, std::vector<std::string>& overlays) {
  app.add_option("--overlay", overlays, "An overlay (scenario) file, applied in the order given")
      ->type_name("FILE")
      ->allow_extra_args(false);
}

void add_as_of_option(CLI::App& app, std::optional<std::string>& as_of) {
  app.add_option_function<std::string>(
         "--as-of", [&as_of](const std::string& text) { as_of = text; },
         "The reference date, YYYY-MM-DD (default: today, UTC)")
      ->type_name("DATE");
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string progress_text(double p) {
  if (p == 0 || !std::isfinite(p)) return "0";
  return fmt::format("{}", p);
}

}  // namespace civeff::cli
