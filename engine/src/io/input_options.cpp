// SPDX-License-Identifier: Apache-2.0
// The names of input encodings and attribute types, as the command line and
// the docs write them (SPEC §11).

#include <civeff/civeff.hpp>

#include <algorithm>
#include <string>

namespace civeff {

std::optional<text_encoding> parse_text_encoding(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  if (lower == "utf-8" || lower == "utf8") return text_encoding::utf8;
  if (lower == "cp1252" || lower == "windows-1252") return text_encoding::cp1252;
  if (lower == "latin-1" || lower == "latin1" || lower == "iso-8859-1") return text_encoding::latin1;
  return std::nullopt;
}

std::string_view to_string(attribute_type t) {
  switch (t) {
    case attribute_type::boolean: return "bool";
    case attribute_type::number: return "number";
    case attribute_type::text: return "text";
    case attribute_type::date: return "date";
  }
  return "text";
}

}  // namespace civeff
