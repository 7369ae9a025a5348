// SPDX-License-Identifier: Apache-2.0
#include <fmt/format.h>

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

compile_options rule_options(const std::vector<std::string>& overlays, const rule_loading& how) {
  compile_options options;
  for (const auto& o : overlays) {
    require_path(o, "overlay");
    options.overlays.emplace_back(o);
  }
  options.allow_outside_includes = how.allow_outside_includes;
  options.before_read = how.before_read;
  return options;
}

std::shared_ptr<const ruleset> load_rules(const std::string& path, const std::vector<std::string>& overlays,
                                          const rule_loading& how) {
  require_path(path, "ruleset");
  compile_result compiled = compile(path, rule_options(overlays, how));
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

void add_person_option(CLI::App& app, std::optional<std::string>& person) {
  app.add_option_function<std::string>(
         "--person",
         [&person](const std::string& id) {
           if (id.empty()) argument_error("--person takes the person's id, not an empty text");
           person = id;
         },
         "The person the portfolio is about: instead of its `person`, or of an Open Badges 3.0 "
         "portfolio's credentialSubject.id")
      ->type_name("ID");
}

void add_lang_option(CLI::App& app, std::optional<std::string>& lang) {
  app.add_option_function<std::string>(
         "--lang", [&lang](const std::string& text) { lang = text; },
         "The language of the text: nl or en (default: the ruleset's `language:`, else en)")
      ->type_name("LANG");
}

std::optional<text_language> text_language_of(const std::optional<std::string>& lang) {
  if (!lang) return std::nullopt;
  if (*lang == "nl") return text_language::nl;
  if (*lang == "en") return text_language::en;
  std::string folded = *lang;
  for (char& c : folded)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  std::string hint;
  if (folded == "nl" || folded == "dutch" || folded == "nederlands") hint = "; did you mean 'nl'?";
  else if (folded == "en" || folded == "english" || folded == "engels") hint = "; did you mean 'en'?";
  else if (folded.size() == 2 && (folded[0] == 'n' || folded[1] == 'l')) hint = "; did you mean 'nl'?";
  else if (folded.size() == 2 && (folded[0] == 'e' || folded[1] == 'n')) hint = "; did you mean 'en'?";
  argument_error(fmt::format("--lang takes nl or en, not '{}'{}", *lang, hint));
}

void add_allow_outside_includes_option(CLI::App& app, bool& allow) {
  app.add_flag(
      "--allow-outside-includes", allow,
      "Let `include` reach files outside the ruleset's folder (by .., an absolute path or a symlink)");
}

read_options input_flags::options() const {
  read_options options;
  options.strict = strict;
  const std::optional<text_encoding> e = parse_text_encoding(encoding);
  if (!e)
    argument_error(fmt::format(
        "--encoding takes utf-8, cp1252 (windows-1252) or latin-1 (iso-8859-1), not '{}'", encoding));
  options.encoding = *e;
  return options;
}

void add_input_options(CLI::App& app, input_flags& flags) {
  app.add_option(
         "--encoding", flags.encoding,
         "The input's text encoding: utf-8 (the default), cp1252 (windows-1252) or latin-1 (iso-8859-1)")
      ->type_name("NAME");
  app.add_flag("--strict", flags.strict,
               "Every value that does not convert (W010) and every unknown column (W011) is an error");
}

void add_diagnostic_format_option(CLI::App& app, std::string& format) {
  app.add_option("--format", format,
                 "How diagnostics are written: text (the default, on stderr), json or sarif (SARIF 2.1.0), "
                 "both on stdout")
      ->type_name("FORMAT");
}

diagnostic_format diagnostic_format_of(const std::string& name) {
  const std::optional<diagnostic_format> f = parse_diagnostic_format(name);
  if (!f) argument_error(fmt::format("--format takes text, json or sarif, not '{}'", name));
  return *f;
}

void add_csv_dialect_option(CLI::App& app, std::string& dialect) {
  app.add_option("--csv-dialect", dialect,
                 "rfc4180 (`,`, the default) or excel-nl (`;`, decimal comma, CRLF, UTF-8 byte-order mark)")
      ->type_name("NAME");
}

csv_dialect csv_dialect_of(const std::string& name) {
  const std::optional<csv_dialect> d = parse_csv_dialect(name);
  if (!d) argument_error(fmt::format("--csv-dialect takes rfc4180 or excel-nl, not '{}'", name));
  return *d;
}

void print_input_warnings(const input_warnings& warnings, std::string_view file) {
  for (const auto& d : warnings.shown) fmt::print(stderr, "{}\n", d.format());
  if (warnings.total > warnings.shown.size()) {
    const std::size_t more = warnings.total - warnings.shown.size();
    fmt::print(stderr, "{}: note: {} more warning{} not shown\n", file, more, more == 1 ? "" : "s");
  }
  std::fflush(stderr);
}

}  // namespace civeff::cli
