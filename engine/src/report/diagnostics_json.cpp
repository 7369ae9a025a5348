// SPDX-License-Identifier: Apache-2.0
// `--format json`: {"diagnostics": [...], "errors": N, "warnings": N, "further_errors": N}
// in civeff's JSON layout (io/json_writer.hpp). An unknown line, column or file is null.

#include "io/json_writer.hpp"
#include "report/diagnostic_report.hpp"

namespace civeff::detail {
namespace {

void position(json_writer& w, const source_location& where) {
  w.key("file");
  if (where.file.empty() || about_command_line(where)) {
    w.null();
  } else {
    w.string(where.file);
  }
  w.key("line");
  if (where.line > 0) {
    w.number(static_cast<double>(where.line));
  } else {
    w.null();
  }
  w.key("column");
  if (where.line > 0 && where.column > 0) {
    w.number(where.column);
  } else {
    w.null();
  }
}

}  // namespace

std::string diagnostics_json(const std::vector<diagnostic>& diagnostics,
                             const diagnostic_report_options& options) {
  json_writer w;
  std::size_t errors = 0, warnings = 0;
  w.begin_object();
  w.key("diagnostics");
  w.begin_array();
  for (const auto& d : diagnostics) {
    if (d.level == severity::error) ++errors;
    if (d.level == severity::warning) ++warnings;
    w.begin_object();
    position(w, d.where);
    w.key("severity");
    w.string(severity_name(d.level));
    w.key("code");
    if (d.code.empty()) {
      w.null();
    } else {
      w.string(d.code);
    }
    w.key("message");
    w.string(d.message);
    w.key("notes");
    w.begin_array();
    for (const auto& note : d.notes) {
      w.begin_object();
      position(w, note.where);
      w.key("message");
      w.string(note.message);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("errors");
  w.number(static_cast<double>(errors));
  w.key("warnings");
  w.number(static_cast<double>(warnings));
  w.key("further_errors");
  w.number(static_cast<double>(options.further_errors));
  w.end_object();
  return w.take() + '\n';
}

}  // namespace civeff::detail
