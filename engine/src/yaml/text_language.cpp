// SPDX-License-Identifier: Apache-2.0
#include "yaml/text_language.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <utility>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "core/suggest.hpp"

namespace civeff::detail {
namespace {

// Names people write for the two languages, and the code each means.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> language_names = {{
    {"dutch", "nl"},
    {"nederlands", "nl"},
    {"nl-nl", "nl"},
    {"nld", "nl"},
    {"english", "en"},
    {"engels", "en"},
    {"en-gb", "en"},
    {"eng", "en"},
}};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The code a misspelt value most likely means, if any.
std::optional<std::string> meant(std::string_view written) {
  const std::string folded = lower(written);
  if (folded == "nl" || folded == "en") return folded;
  for (const auto& [name, code] : language_names)
    if (folded == name || (folded.size() > 3 && edit_distance(folded, name) <= folded.size() / 3))
      return std::string(code);
  return closest(folded, {"nl", "en"});
}

}  // namespace

std::optional<located_text> read_language(yaml_reader& r, const yaml_field& f) {
  auto value = r.text(f);
  if (!value) return std::nullopt;
  if (value->text == "nl" || value->text == "en") return value;
  std::string message = "`language` must be nl or en, not '" + excerpt(value->text) + "'";
  if (const auto code = meant(value->text)) message += "; did you mean '" + *code + "'?";
  r.error(codes::bad_language, value->where, std::move(message));
  return std::nullopt;
}

}  // namespace civeff::detail
