// SPDX-License-Identifier: Apache-2.0
#include "core/excerpt.hpp"

#include "core/utf8.hpp"

namespace civeff::detail {

std::string excerpt(std::string_view text, bool more) {
  const std::size_t line_end = text.find_first_of("\r\n");
  const bool more_lines = line_end != std::string_view::npos;
  if (more_lines) text = text.substr(0, line_end);
  std::size_t at = 0, characters = 0;
  while (at < text.size() && characters < excerpt_limit) {
    const std::size_t length = utf8_sequence_length(text, at);
    at += length == 0 ? 1 : length;  // an invalid byte is one (replaced) character
    ++characters;
  }
  std::string out = repair_utf8(text.substr(0, at));
  if (more || more_lines || at < text.size()) out += "...";
  return out;
}

std::string capped_message(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  std::size_t at = 0;
  while (at < message.size()) {
    const std::size_t open = message.find_first_of("'`", at);
    if (open == std::string_view::npos) break;
    const std::size_t close = message.find(message[open], open + 1);
    if (close == std::string_view::npos) break;
    out.append(message.substr(at, open + 1 - at));
    const std::string_view quoted = message.substr(open + 1, close - open - 1);
    out += quoted.size() <= excerpt_limit && quoted.find_first_of("\r\n") == std::string_view::npos
               ? std::string(quoted)
               : excerpt(quoted);
    out += message[close];
    at = close + 1;
  }
  out.append(message.substr(std::min(at, message.size())));
  return out;
}

}  // namespace civeff::detail
