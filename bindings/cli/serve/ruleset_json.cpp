// SPDX-License-Identifier: Apache-2.0
// GET /ruleset: the public rule metadata (civeff.hpp, "rule metadata") as JSON,
// one entry a line, enough for a page to list the diplomas, units and marks.

#include <fmt/format.h>

#include <optional>
#include <string>

#include "request_json.hpp"
#include "service.hpp"

namespace civeff::cli::serve {
namespace {

std::string quoted_or_null(const std::optional<std::string>& s) { return s ? json_quote(*s) : "null"; }

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) out += (out.size() > 1 ? ", " : "") + json_quote(item);
  return out + "]";
}

// `"key": [\n    ENTRY,\n    ENTRY\n  ]`, one entry a line.
template <class Entries, class Write>
std::string section(std::string_view key, const Entries& entries, Write write) {
  std::string out = fmt::format("  {}: [", json_quote(key));
  bool first = true;
  for (const auto& e : entries) {
    out += first ? "\n    " : ",\n    ";
    out += write(e);
    first = false;
  }
  return out + (first ? "]" : "\n  ]");
}

}  // namespace

std::string ruleset_json(const ruleset& rules) {
  std::string out = "{\n";
  out += fmt::format("  \"ruleset\": {},\n  \"version\": {},\n  \"language\": \"{}\",\n  \"overlays\": {},\n",
                     json_quote(rules.name()), json_quote(rules.version()),
                     rules.language() == text_language::nl ? "nl" : "en", list(rules.overlays()));
  out += section("scales", rules.scales(), [](const scale_entry& s) {
    return fmt::format(R"({{"id": {}, "title": {}, "levels": {}}})", json_quote(s.id),
                       quoted_or_null(s.title), list(s.levels));
  });
  out += ",\n";
  out += section("marks", rules.marks(), [](const mark_entry& m) {
    return fmt::format(R"({{"id": {}, "name": {}, "issuer": {}}})", json_quote(m.id), quoted_or_null(m.name),
                       quoted_or_null(m.issuer));
  });
  out += ",\n";
  out += section("units", rules.units(), [](const unit_entry& u) {
    return fmt::format(R"({{"id": {}, "kind": {}, "title": {}, "hours": {}}})", json_quote(u.id),
                       json_quote(u.kind), quoted_or_null(u.title), u.hours);
  });
  out += ",\n";
  out += section("equivalences", rules.equivalences(), [](const equivalence_entry& e) {
    return fmt::format(R"({{"id": {}, "title": {}}})", json_quote(e.id), quoted_or_null(e.title));
  });
  out += ",\n";
  out += section("diplomas", rules.diplomas(), [](const diploma_entry& d) {
    return fmt::format(R"({{"id": {}, "title": {}}})", json_quote(d.id), quoted_or_null(d.title));
  });
  out += fmt::format(",\n  \"tests\": {}\n}}\n", rules.test_count());
  return out;
}

}  // namespace civeff::cli::serve
