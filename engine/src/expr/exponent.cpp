// SPDX-License-Identifier: Apache-2.0
#include "expr/exponent.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>

namespace civeff::detail::expr {
namespace {

// Longer plain forms (1e300) are no help to read or to type.
constexpr std::size_t max_plain_length = 20;

}  // namespace

std::optional<std::string> plain_digits(std::string_view written) {
  const std::size_t e = written.find_first_of("eE");
  if (e == std::string_view::npos) return std::nullopt;
  const std::string_view mantissa = written.substr(0, e);
  std::string_view exponent = written.substr(e + 1);
  if (!exponent.empty() && exponent.front() == '+') exponent.remove_prefix(1);
  long shift = 0;
  const auto [end, ec] = std::from_chars(exponent.data(), exponent.data() + exponent.size(), shift);
  // Past this the plain form is too long anyway; the bound also keeps the arithmetic small.
  const long bound = static_cast<long>(max_plain_length + mantissa.size());
  if (ec != std::errc{} || end != exponent.data() + exponent.size() || shift > bound || shift < -bound)
    return std::nullopt;

  // Work on the text, not on a double, so 1.1e1 is 11 and not 11.000000000000002.
  const std::size_t dot = mantissa.find('.');
  std::string digits(mantissa.substr(0, dot));
  const long point = static_cast<long>(digits.size()) + shift;
  if (dot != std::string_view::npos) digits += mantissa.substr(dot + 1);
  const long size = static_cast<long>(digits.size());

  std::string whole, fraction;
  if (point <= 0) {
    whole = "0";
    fraction = std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (point >= size) {
    whole = digits + std::string(static_cast<std::size_t>(point - size), '0');
  } else {
    whole = digits.substr(0, static_cast<std::size_t>(point));
    fraction = digits.substr(static_cast<std::size_t>(point));
  }
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
  fraction.erase(fraction.find_last_not_of('0') + 1);
  std::string plain = fraction.empty() ? whole : whole + "." + fraction;
  if (plain.size() > max_plain_length) return std::nullopt;
  return plain;
}

std::string exponent_message(std::string_view written) {
  const std::optional<std::string> plain = plain_digits(written);
  return "'" + std::string(written) + "': numbers in expressions have no exponent; " +
         (plain ? "write " + *plain : std::string("write the number in plain digits"));
}

}  // namespace civeff::detail::expr
