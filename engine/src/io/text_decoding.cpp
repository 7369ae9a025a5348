// SPDX-License-Identifier: Apache-2.0
#include "io/text_decoding.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "core/utf8.hpp"

namespace civeff::detail {
namespace {

// Windows-1252's 0x80-0x9F; the five undefined bytes keep their Latin-1 (C1) meaning.
constexpr std::array<std::uint16_t, 32> cp1252_high = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// first_invalid_utf8 over blocks, each given back once checked. A block ends
// before a byte that starts a character, so no character is split and the first
// invalid byte is the one a single pass finds.
std::size_t first_invalid_in_blocks(std::string_view bytes, const page_release& pages) {
  constexpr std::size_t block = std::size_t{16} << 20;
  for (std::size_t at = 0; at < bytes.size();) {
    std::size_t end = std::min(bytes.size(), at + block);
    while (end < bytes.size() && (static_cast<unsigned char>(bytes[end]) & 0xC0) == 0x80) ++end;
    if (const std::size_t bad = first_invalid_utf8(bytes.substr(at, end - at)); bad != std::string_view::npos)
      return at + bad;
    pages.release(bytes.data() + at, bytes.data() + end);
    at = end;
  }
  return std::string_view::npos;
}

}  // namespace

std::string to_utf8(std::string_view bytes, text_encoding from) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) out += ch;
    else if (from == text_encoding::cp1252 && c < 0xA0) append_utf8(out, cp1252_high[c - 0x80]);
    else append_utf8(out, c);
  }
  return out;
}

source_location locate_offset(std::string_view text, std::size_t offset, const std::string& file) {
  std::int64_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      line_start = i + 1;
    }
  }
  if (line == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") line_start = 3;
  int column = 1;
  for (std::size_t i = line_start; i < offset && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  return {file, line, column};
}

std::string_view decode_input(std::string_view bytes, text_encoding encoding, const std::string& file,
                              const char* code, std::string& storage, const page_release* pages) {
  const auto fail = [&](source_location where, std::string message) {
    throw input_error({{severity::error, code, std::move(where), std::move(message), {}}});
  };
  if (bytes.size() >= 2 &&
      ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
    fail({file, 1, 1}, "the file is UTF-16; save it as CSV UTF-8 (or UTF-8 text)");
  constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
  const bool marked_utf8 = bytes.substr(0, 3) == utf8_bom;
  if (encoding != text_encoding::utf8) {
    // A UTF-8 byte-order mark is no Windows-1252 text: the rest is converted.
    storage = to_utf8(marked_utf8 ? bytes.substr(3) : bytes, encoding);
    if (pages != nullptr) pages->release(bytes.data(), bytes.data() + bytes.size());
    return storage;
  }
  const std::size_t bad =
      pages != nullptr ? first_invalid_in_blocks(bytes, *pages) : first_invalid_utf8(bytes);
  if (bad != std::string_view::npos) {
    const auto byte = static_cast<unsigned char>(bytes[bad]);
    fail(locate_offset(bytes, bad, file),
         marked_utf8
             ? fmt::format("invalid UTF-8 (byte 0x{:02X}) in a file that starts with a UTF-8 byte-order "
                           "mark: it mixes encodings; save it again as UTF-8",
                           byte)
             : fmt::format("invalid UTF-8 (byte 0x{:02X}); if the file comes from Windows or Excel, read "
                           "it as cp1252 (--encoding cp1252, Python encoding=\"cp1252\"), or save it as "
                           "UTF-8",
                           byte));
  }
  return bytes;
}

}  // namespace civeff::detail
