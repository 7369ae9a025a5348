// SPDX-License-Identifier: Apache-2.0
// The compilers' convention for printing findings: `FILE:LINE:COLUMN: error[CODE]: MESSAGE`.

#include <civeff/civeff.hpp>

namespace civeff {
namespace {

std::string prefix(const source_location& where) {
  std::string out = where.file;
  if (where.line > 0) {
    out += ':' + std::to_string(where.line);
    if (where.column > 0) out += ':' + std::to_string(where.column);
  }
  if (!out.empty()) out += ": ";
  return out;
}

std::string one_line(const diagnostic& d) {
  std::string out = prefix(d.where);
  switch (d.level) {
    case severity::error: out += "error"; break;
    case severity::warning: out += "warning"; break;
    case severity::note: return out + "note: " + d.message;
  }
  if (!d.code.empty()) out += '[' + d.code + ']';
  return out + ": " + d.message;
}

std::string join(const std::vector<diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.format();
  }
  return out;
}

}  // namespace

std::string diagnostic::format() const {
  std::string out = one_line(*this);
  for (const auto& note : notes) {
    diagnostic as_note = note;
    as_note.level = severity::note;
    out += '\n' + one_line(as_note);
  }
  return out;
}

error::error(std::vector<diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

std::string_view to_string(diploma_status s) {
  switch (s) {
    case diploma_status::none: return "none";
    case diploma_status::partial: return "partial";
    case diploma_status::complete: return "complete";
  }
  return "none";
}

}  // namespace civeff
