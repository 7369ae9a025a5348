// SPDX-License-Identifier: Apache-2.0
#pragma once
// The JSON of a request body (docs/serve.md): strict RFC 8259, read into a small
// tree that keeps where each value stands. The service needs the positions twice:
// a request field's diagnostic points into the body, and a portfolio given as a
// JSON value is handed to the engine's reader as its own bytes, so that the
// engine's diagnostics point into the body too.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace civeff::cli::serve {

enum class json_kind : std::uint8_t { object, array, string, number, boolean, null };
std::string_view to_string(json_kind kind);  // "an object", "a list", "a text", ...

struct json_value {
  json_kind kind = json_kind::null;
  std::size_t begin = 0, end = 0;  // the value's bytes in the body, [begin, end)
  std::int64_t line = 1;           // where it starts, 1-based
  int column = 1;                  // in bytes, 1-based
  std::string text;                // a string: its decoded text
  std::vector<std::string> keys;   // an object: its keys, in order (items[i] is keys[i]'s value)
  std::vector<json_value> items;   // an object's values or an array's items
  // An object's member, or nullptr.
  [[nodiscard]] const json_value* find(std::string_view key) const;
};

// Where and why a body is not JSON.
struct json_syntax_error {
  std::int64_t line = 1;
  int column = 1;
  std::string message;
};

// The body as one JSON value (nesting at most 200 deep), or where it is not JSON.
std::variant<json_value, json_syntax_error> parse_json(std::string_view body);

// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

}  // namespace civeff::cli::serve
