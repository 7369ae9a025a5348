// SPDX-License-Identifier: Apache-2.0
#pragma once
// What `civeff serve` answers (docs/serve.md), apart from HTTP: each route is a
// function from a request body to a status and a body, so the HTTP layer
// (http_server.cpp) only moves bytes. The POST routes run the commands' own
// engine calls and renderers (to_json of a result, explanation, advice or
// diff; render_report), so a response is byte for byte what the command prints.

#include <civeff/civeff.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace civeff::cli::serve {

struct response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// A route: its method and path, as openapi.json lists them (tests/serve checks both ways).
struct route {
  std::string_view method, path;
};
inline constexpr route routes[] = {
    {"GET", "/"},        {"GET", "/openapi.json"}, {"GET", "/ruleset"},
    {"GET", "/catalog"}, {"POST", "/evaluate"},    {"POST", "/explain"},
    {"POST", "/advise"}, {"POST", "/diff"},        {"POST", "/report"},
};

struct settings {
  std::string ruleset;
  std::vector<std::string> overlays;
  bool allow_outside_includes = false;
  std::size_t max_body = 1 << 20;
  std::chrono::milliseconds timeout{10'000};
};

// `{"diagnostics": [...], ...}`: render_diagnostics' JSON, the body of every error.
response error_response(int status, std::vector<diagnostic> diagnostics);
// One error diagnostic with `code` about the request (file "request", 0:0 when not at a place).
diagnostic request_diagnostic(const char* code, std::string message, std::int64_t line = 0, int column = 0);

// The compiled rules and the pages made from them, built once and then only read
// by the request threads.
class service {
 public:
  // Compiles the rules (as load_rules: a rule_error for broken rules, an
  // input_error for a missing path) and renders the catalogue.
  explicit service(settings s);

  [[nodiscard]] const ruleset& rules() const { return *rules_; }
  [[nodiscard]] const settings& config() const { return settings_; }

  [[nodiscard]] response get(std::string_view path) const;
  // A POST route's answer to `body`: 200 with the command's JSON (or CSV), 400,
  // 422 or 500 with diagnostics. `stop` turns true when the caller gave up
  // (the timeout): a population's evaluation then ends early.
  [[nodiscard]] response post(std::string_view path, std::string_view body,
                              const std::atomic<bool>& stop) const;

 private:
  settings settings_;
  std::shared_ptr<const ruleset> rules_;
  std::string catalog_html_, ruleset_json_;
};

// GET /ruleset: the rules' name, version, language and overlays, then their
// scales, marks, units, equivalences and diplomas with the metadata a page
// needs to name them (ruleset_json.cpp).
std::string ruleset_json(const ruleset& rules);

// The files embedded at build time (bindings/cli/CMakeLists.txt): page.html and openapi.json.
extern const std::string_view page_html;
extern const std::string_view openapi_json;

}  // namespace civeff::cli::serve
