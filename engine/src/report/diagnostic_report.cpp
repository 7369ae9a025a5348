// SPDX-License-Identifier: Apache-2.0
// render_diagnostics(): the format's name, first causes, and the text rendering.

#include "report/diagnostic_report.hpp"

#include <fmt/format.h>

namespace civeff {

std::optional<diagnostic_format> parse_diagnostic_format(std::string_view name) {
  if (name == "text") return diagnostic_format::text;
  if (name == "json") return diagnostic_format::json;
  if (name == "sarif") return diagnostic_format::sarif;
  return std::nullopt;
}

std::string_view to_string(diagnostic_format f) {
  switch (f) {
    case diagnostic_format::text: return "text";
    case diagnostic_format::json: return "json";
    case diagnostic_format::sarif: return "sarif";
  }
  return "text";
}

std::string render_diagnostics(const std::vector<diagnostic>& diagnostics, diagnostic_format format,
                               const diagnostic_report_options& options) {
  switch (format) {
    case diagnostic_format::json: return detail::diagnostics_json(diagnostics, options);
    case diagnostic_format::sarif: return detail::diagnostics_sarif(diagnostics, options);
    case diagnostic_format::text: break;
  }
  return detail::diagnostics_text(diagnostics, options);
}

first_causes first_causes_of(const std::vector<diagnostic>& diagnostics) {
  first_causes out;
  for (const auto& d : diagnostics) {
    if (!d.follow_on) {
      out.shown.push_back(d);
    } else if (d.level == severity::error) {
      ++out.further_errors;
    }
  }
  return out;
}

std::string further_errors_line(std::size_t further_errors) {
  return fmt::format("{} further error{} from these (`--all` shows them)", further_errors,
                     further_errors == 1 ? " follows" : "s follow");
}

namespace detail {

bool about_command_line(const source_location& where) { return where.file == "civeff" && where.line == 0; }

std::string_view severity_name(severity s) {
  switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
  }
  return "error";
}

std::string diagnostics_text(const std::vector<diagnostic>& diagnostics,
                             const diagnostic_report_options& options) {
  std::string out;
  for (const auto& d : diagnostics) out += d.format() + '\n';
  if (options.further_errors > 0) out += further_errors_line(options.further_errors) + '\n';
  return out;
}

}  // namespace detail
}  // namespace civeff
