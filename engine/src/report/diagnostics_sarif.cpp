// SPDX-License-Identifier: Apache-2.0
// `--format sarif`: a SARIF 2.1.0 log (OASIS) of one run of the tool "civeff", for
// code-scanning services and editors. Each diagnostic is a result whose ruleId is its
// code; its notes are relatedLocations. Columns count characters (columnKind
// unicodeCodePoints), as everywhere in civeff. tests/data/sarif-schema-2.1.0.json
// is the schema the tests validate this against.

#include <fmt/format.h>

#include <algorithm>

#include "io/json_writer.hpp"
#include "report/diagnostic_report.hpp"

namespace civeff::detail {
namespace {

// A path as a URI reference (RFC 3986): an absolute path becomes a file: URI; every
// byte but the unreserved ones and `/` is percent-encoded, so a space or a `:` in a
// relative path's first segment cannot change what it means.
std::string path_uri(std::string_view path) {
  std::string out = path.starts_with('/') ? "file://" : "";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

bool has_location(const source_location& where) { return !where.file.empty() && !about_command_line(where); }

void physical_location(json_writer& w, const source_location& where) {
  w.key("physicalLocation");
  w.begin_object();
  w.key("artifactLocation");
  w.begin_object();
  w.key("uri");
  w.string(path_uri(where.file));
  w.end_object();
  if (where.line > 0) {
    w.key("region");
    w.begin_object();
    w.key("startLine");
    w.number(static_cast<double>(where.line));
    if (where.column > 0) {
      w.key("startColumn");
      w.number(where.column);
    }
    w.end_object();
  }
  w.end_object();
}

void message(json_writer& w, std::string_view text) {
  w.key("message");
  w.begin_object();
  w.key("text");
  w.string(text);
  w.end_object();
}

}  // namespace

std::string diagnostics_sarif(const std::vector<diagnostic>& diagnostics,
                              const diagnostic_report_options& options) {
  std::vector<std::string> rules;
  for (const auto& d : diagnostics)
    if (!d.code.empty()) rules.push_back(d.code);
  std::sort(rules.begin(), rules.end());
  rules.erase(std::unique(rules.begin(), rules.end()), rules.end());

  json_writer w;
  w.begin_object();
  w.key("$schema");
  w.string("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
  w.key("version");
  w.string("2.1.0");
  w.key("runs");
  w.begin_array();
  w.begin_object();
  w.key("tool");
  w.begin_object();
  w.key("driver");
  w.begin_object();
  w.key("name");
  w.string("civeff");
  if (!options.tool_version.empty()) {
    w.key("version");
    w.string(options.tool_version);
  }
  w.key("rules");
  w.begin_array();
  for (const auto& id : rules) {
    w.begin_object();
    w.key("id");
    w.string(id);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_object();
  w.key("columnKind");
  w.string("unicodeCodePoints");
  w.key("results");
  w.begin_array();
  for (const auto& d : diagnostics) {
    w.begin_object();
    if (!d.code.empty()) {
      w.key("ruleId");
      w.string(d.code);
      w.key("ruleIndex");
      w.number(static_cast<double>(std::lower_bound(rules.begin(), rules.end(), d.code) - rules.begin()));
    }
    w.key("level");
    w.string(severity_name(d.level));
    message(w, d.message);
    if (has_location(d.where)) {
      w.key("locations");
      w.begin_array();
      w.begin_object();
      physical_location(w, d.where);
      w.end_object();
      w.end_array();
    }
    if (!d.notes.empty()) {
      w.key("relatedLocations");
      w.begin_array();
      for (std::size_t i = 0; i < d.notes.size(); ++i) {
        w.begin_object();
        w.key("id");
        w.number(static_cast<double>(i));
        if (has_location(d.notes[i].where)) physical_location(w, d.notes[i].where);
        message(w, d.notes[i].message);
        w.end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.key("properties");
  w.begin_object();
  w.key("furtherErrors");
  w.number(static_cast<double>(options.further_errors));
  w.end_object();
  w.end_object();
  w.end_array();
  w.end_object();
  return w.take() + '\n';
}

}  // namespace civeff::detail
