// SPDX-License-Identifier: Apache-2.0
// render_diagnostics(): the text, JSON and SARIF renderings of a list of diagnostics
// (engine/src/report/), and first_causes_of(). The SARIF schema check is in
// tests/cli/diagnostics_format_test.py, where jsonschema is.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support.hpp"

using namespace civeff;

namespace {

std::vector<diagnostic> sample() {
  diagnostic dup{severity::error, "E009", {"units.yaml", 7, 9}, "duplicate unit id 'A'", {}};
  dup.notes.push_back({severity::note, {}, {"units.yaml", 2, 9}, "first defined here", {}});
  return {
      dup,
      {severity::warning,
       "W014",
       {"diplomas.yaml", 3, 11},
       "no unit has kind 'cours'; did you mean 'course'?",
       {}},
      {severity::error, "E046", {"civeff", 0, 0}, "a \"quoted\"\tword", {}},
  };
}

}  // namespace

TEST_CASE("the text rendering is format() per diagnostic, and the further-errors line last") {
  CHECK(render_diagnostics({}, diagnostic_format::text) == "");
  CHECK(render_diagnostics(sample(), diagnostic_format::text, {.tool_version = {}, .further_errors = 2}) ==
        "units.yaml:7:9: error[E009]: duplicate unit id 'A'\n"
        "units.yaml:2:9: note: first defined here\n"
        "diplomas.yaml:3:11: warning[W014]: no unit has kind 'cours'; did you mean 'course'?\n"
        "civeff: error[E046]: a \"quoted\"\tword\n"
        "2 further errors follow from these (`--all` shows them)\n");
  CHECK(further_errors_line(1) == "1 further error follows from these (`--all` shows them)");
}

TEST_CASE("the JSON rendering: position, severity, code, message, notes; counts") {
  CHECK(render_diagnostics({}, diagnostic_format::json) ==
        "{\n  \"diagnostics\": [],\n  \"errors\": 0,\n  \"warnings\": 0,\n  \"further_errors\": 0\n}\n");
  const std::string json =
      render_diagnostics(sample(), diagnostic_format::json, {.tool_version = {}, .further_errors = 3});
  CHECK(json == R"({
  "diagnostics": [
    {
      "file": "units.yaml",
      "line": 7,
      "column": 9,
      "severity": "error",
      "code": "E009",
      "message": "duplicate unit id 'A'",
      "notes": [
        {
          "file": "units.yaml",
          "line": 2,
          "column": 9,
          "message": "first defined here"
        }
      ]
    },
    {
      "file": "diplomas.yaml",
      "line": 3,
      "column": 11,
      "severity": "warning",
      "code": "W014",
      "message": "no unit has kind 'cours'; did you mean 'course'?",
      "notes": []
    },
    {
      "file": null,
      "line": null,
      "column": null,
      "severity": "error",
      "code": "E046",
      "message": "a \"quoted\"\tword",
      "notes": []
    }
  ],
  "errors": 2,
  "warnings": 1,
  "further_errors": 3
}
)");
}

TEST_CASE("the SARIF rendering: one run, a rule per code, results with locations") {
  const std::string sarif =
      render_diagnostics(sample(), diagnostic_format::sarif, {.tool_version = "9.9.9", .further_errors = 1});
  CHECK(sarif.find("\"version\": \"2.1.0\"") != std::string::npos);
  CHECK(sarif.find("\"name\": \"civeff\"") != std::string::npos);
  CHECK(sarif.find("\"version\": \"9.9.9\"") != std::string::npos);
  CHECK(sarif.find("\"columnKind\": \"unicodeCodePoints\"") != std::string::npos);
  CHECK(sarif.find(R"("ruleId": "E009",
          "ruleIndex": 0,
          "level": "error",)") != std::string::npos);
  CHECK(sarif.find(R"("ruleId": "W014",
          "ruleIndex": 2,
          "level": "warning",)") != std::string::npos);
  CHECK(sarif.find(R"("region": {
                  "startLine": 7,
                  "startColumn": 9
                })") != std::string::npos);
  CHECK(sarif.find("\"relatedLocations\"") != std::string::npos);
  CHECK(sarif.find("\"furtherErrors\": 1") != std::string::npos);
  // The command-line diagnostic has no location.
  CHECK(sarif.find("\"uri\": \"civeff\"") == std::string::npos);
}

TEST_CASE("SARIF URIs: an absolute path is a file: URI, other bytes than unreserved ones are escaped") {
  const std::vector<diagnostic> ds = {
      {severity::error, "E001", {"/tmp/a b/ruleset.yaml", 0, 0}, "x", {}},
      {severity::error, "E001", {"c:d/é.yaml", 1, 1}, "x", {}},
  };
  const std::string sarif = render_diagnostics(ds, diagnostic_format::sarif);
  CHECK(sarif.find("\"uri\": \"file:///tmp/a%20b/ruleset.yaml\"") != std::string::npos);
  CHECK(sarif.find("\"uri\": \"c%3Ad/%C3%A9.yaml\"") != std::string::npos);
  CHECK(sarif.find("\"region\"") != std::string::npos);  // only the second has a line
}

TEST_CASE("first_causes_of keeps all but follow-on errors, and counts those") {
  std::vector<diagnostic> ds = sample();
  diagnostic later{severity::error, "E020", {"diplomas.yaml", 9, 5}, "unknown unit 'A'", {}};
  later.follow_on = true;
  ds.push_back(later);
  const first_causes fc = first_causes_of(ds);
  CHECK(fc.shown.size() == 3);
  CHECK(fc.further_errors == 1);
}

TEST_CASE("the format names") {
  CHECK(parse_diagnostic_format("json") == diagnostic_format::json);
  CHECK(parse_diagnostic_format("sarif") == diagnostic_format::sarif);
  CHECK(parse_diagnostic_format("text") == diagnostic_format::text);
  CHECK(!parse_diagnostic_format("JSON"));
  CHECK(to_string(diagnostic_format::sarif) == "sarif");
}
