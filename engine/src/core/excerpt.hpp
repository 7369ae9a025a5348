// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one way a diagnostic quotes text from a file: never more than one line,
// never more than excerpt_limit characters, never a raw invalid UTF-8 byte. A
// rules file may be anything (an include of /etc/shadow, a binary), and a
// diagnostic must not become a way to print it.

#include <cstddef>
#include <string>
#include <string_view>

namespace civeff::detail {

inline constexpr std::size_t excerpt_limit = 200;  // characters

// `text` up to its first line break, cut at excerpt_limit characters; "..." is
// appended when anything was left out, or when `more` says that the text goes on
// beyond `text`. Invalid UTF-8 bytes become U+FFFD.
std::string excerpt(std::string_view text, bool more = false);

// A whole message made safe to print: every quoted part ('...' or `...`: ids,
// level names, expression texts) cut as excerpt() cuts text, so a long id or a
// multi-line expression cannot fill a terminal.
std::string capped_message(std::string_view message);

}  // namespace civeff::detail
