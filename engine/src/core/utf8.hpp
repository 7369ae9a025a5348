// SPDX-License-Identifier: Apache-2.0
#pragma once
// Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF): finding the first invalid byte and repairing text so that no raw
// invalid byte reaches a diagnostic or an output.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace civeff::detail {

// Appends code point `cp` (at most U+10FFFF) in UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

// The length of the valid UTF-8 sequence starting at text[at], or 0 when the
// byte there does not start one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

// The offset of the first byte that is not part of a valid UTF-8 sequence;
// npos when the whole text is valid.
std::size_t first_invalid_utf8(std::string_view text);

// How repair_utf8() writes a byte that is not valid UTF-8.
enum class invalid_byte_as : unsigned char {
  replacement,  // U+FFFD, the usual "I do not know what this was"
  latin1,       // the code point of the same number: what yaml-cpp 0.7 meant by
                // the single bytes it writes for the escapes \N and \_
};

// `text` with every invalid byte replaced by one character, so a repaired text
// has the same lines and the same columns (counted in characters).
std::string repair_utf8(std::string_view text, invalid_byte_as as = invalid_byte_as::replacement);

}  // namespace civeff::detail
