// SPDX-License-Identifier: Apache-2.0
#pragma once
// Numbers in expressions have no exponent form (SPEC §4 literals: 12, 4.5), though YAML
// and CSV cells accept `1e3`. The parser rejects `1e3` with a message that says what to
// write instead (F16).

#include <optional>
#include <string>
#include <string_view>

namespace civeff::detail::expr {

// `written` (digits, optionally `.` digits, then e or E, an optional sign and digits) in
// plain digits: "1e3" -> "1000", "2.5E-3" -> "0.0025"; nullopt when that would take more
// than 20 characters.
std::optional<std::string> plain_digits(std::string_view written);

// The syntax error for a number written with an exponent:
// "'1e3': numbers in expressions have no exponent; write 1000".
std::string exponent_message(std::string_view written);

}  // namespace civeff::detail::expr
