// SPDX-License-Identifier: Apache-2.0
#pragma once
// The three renderings of a list of diagnostics behind render_diagnostics():
// one file each, so a command that writes diagnostics reuses the one it needs.

#include <civeff/civeff.hpp>

#include <string>
#include <vector>

namespace civeff::detail {

std::string diagnostics_text(const std::vector<diagnostic>& diagnostics,
                             const diagnostic_report_options& options);
std::string diagnostics_json(const std::vector<diagnostic>& diagnostics,
                             const diagnostic_report_options& options);
std::string diagnostics_sarif(const std::vector<diagnostic>& diagnostics,
                              const diagnostic_report_options& options);

// A diagnostic about the command line, not a file: `civeff: error[E046]: ...`.
// It has no location in JSON (file null) or SARIF (no locations).
bool about_command_line(const source_location& where);

// "error", "warning", "note": also SARIF's names for these levels.
std::string_view severity_name(severity s);

}  // namespace civeff::detail
