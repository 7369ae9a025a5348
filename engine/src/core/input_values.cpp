// SPDX-License-Identifier: Apache-2.0
#include "core/input_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <type_traits>
#include <variant>

namespace civeff::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != b[i]) return false;
  return true;
}

// 1 to `max` digits at s[i...]; the value, and i moved past them.
std::optional<int> digits(std::string_view s, std::size_t& i, std::size_t max) {
  const std::size_t start = i;
  int value = 0;
  while (i < s.size() && is_digit(s[i]) && i - start < max) value = value * 10 + (s[i++] - '0');
  if (i == start) return std::nullopt;
  return value;
}

std::string shortest(double x) { return fmt::format("{}", x); }

std::string type_hint(attribute_type t) {
  switch (t) {
    case attribute_type::boolean: return "not a bool (true/false, ja/nee, waar/onwaar, yes/no, 1/0)";
    case attribute_type::number: return "not a number (digits with an optional decimal point or comma)";
    case attribute_type::date: return "not a date (YYYY-MM-DD or D-M-YYYY)";
    case attribute_type::text: return "not text";
  }
  return "not valid";
}

}  // namespace

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string fold_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

const attribute_declaration* find_declaration(const std::vector<attribute_declaration>& declared,
                                              std::string_view name) {
  for (const auto& d : declared)
    if (d.name == name) return &d;
  return nullptr;
}

std::optional<bool> parse_bool_spelling(std::string_view text) {
  static constexpr std::array<std::string_view, 5> yes = {"true", "1", "ja", "waar", "yes"};
  static constexpr std::array<std::string_view, 5> no = {"false", "0", "nee", "onwaar", "no"};
  for (const auto w : yes)
    if (equals_ignoring_case(text, w)) return true;
  for (const auto w : no)
    if (equals_ignoring_case(text, w)) return false;
  return std::nullopt;
}

std::optional<double> parse_decimal(std::string_view text, bool semicolon_file) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
  const std::size_t int_start = i;
  while (i < n && is_digit(text[i])) ++i;
  const std::size_t int_digits = i - int_start;
  if (int_digits == 0) return std::nullopt;
  std::size_t frac_digits = 0;
  char point = 0;
  if (i < n && (text[i] == '.' || text[i] == ',')) {
    point = text[i++];
    const std::size_t frac_start = i;
    while (i < n && is_digit(text[i])) ++i;
    frac_digits = i - frac_start;
    if (frac_digits == 0) return std::nullopt;
  }
  if (i != n) return std::nullopt;
  if (semicolon_file && point == '.' && frac_digits == 3) return std::nullopt;  // 1.000 may mean a thousand
  std::string plain(text.substr(text[0] == '+' ? 1 : 0));
  std::replace(plain.begin(), plain.end(), ',', '.');
  double value = 0;
  const auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
  if (ec != std::errc() || end != plain.data() + plain.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

typed_date parse_typed_date(std::string_view s) {
  typed_date out;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && is_digit(s[0]) && is_digit(s[5])) {
    out.day = date::parse(s);
    if (out.day) return out;
  }
  // D-M-YYYY: 1-2 digits, '-', 1-2 digits, '-', exactly 4 digits.
  std::size_t i = 0;
  const auto day = digits(s, i, 2);
  if (!day || i >= s.size() || s[i] != '-') return out;
  ++i;
  const auto month = digits(s, i, 2);
  if (!month || i >= s.size() || s[i] != '-') return out;
  ++i;
  const std::size_t year_start = i;
  const auto year = digits(s, i, 4);
  if (!year || i != s.size() || i - year_start != 4) return out;
  out.day_first = true;
  out.day = date::try_from_ymd(*year, *month, *day);
  out.looks_month_first = !out.day && *month > 12 && date::try_from_ymd(*year, *day, *month).has_value();
  return out;
}

namespace {

// A number as SPEC §3 types an undeclared cell: optional sign, digits with an
// optional fraction, optional exponent; finite.
std::optional<double> parse_plain_number(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
  const std::size_t int_start = i;
  while (i < n && is_digit(s[i])) ++i;
  std::size_t count = i - int_start;
  if (i < n && s[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    while (i < n && is_digit(s[i])) ++i;
    count += i - frac_start;
  }
  if (count == 0) return std::nullopt;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
    const std::size_t exp_start = i;
    while (i < n && is_digit(s[i])) ++i;
    if (i == exp_start) return std::nullopt;
  }
  if (i != n) return std::nullopt;
  if (s[0] == '+') s.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

bool shaped_like_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(s[i])) return false;
  return true;
}

}  // namespace

std::optional<attribute_value> type_undeclared(std::string_view text, bool& bad_date) {
  bad_date = false;
  if (text.empty()) return std::nullopt;
  if (text == "true" || text == "false") return text == "true";
  if (shaped_like_iso_date(text)) {
    const std::optional<date> d = date::parse(text);
    if (d) return *d;
    bad_date = true;
    return std::nullopt;
  }
  if (const std::optional<double> x = parse_plain_number(text)) return *x;
  return std::string(text);
}

std::string month_first_problem(std::string_view value, std::string_view evidence) {
  std::string out = fmt::format("'{}': {}", value, month_first_message);
  if (!evidence.empty() && evidence.rfind("'" + std::string(value) + "' ", 0) != 0)
    out += fmt::format(", as {} shows", evidence);
  return out;
}

std::string quote_value(const attribute_value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
        else if constexpr (std::is_same_v<T, double>) return shortest(x);
        else if constexpr (std::is_same_v<T, std::string>) return "'" + x + "'";
        else return x.to_string();
      },
      v);
}

std::string out_of_bounds(const attribute_declaration& d, const attribute_value& v) {
  if (const auto* text = std::get_if<std::string>(&v); text && !d.values.empty()) {
    if (std::find(d.values.begin(), d.values.end(), *text) != d.values.end()) return {};
    std::string allowed;
    for (const auto& a : d.values) allowed += (allowed.empty() ? "" : ", ") + a;
    return fmt::format("'{}' is not one of {}", *text, allowed);
  }
  if (const auto* x = std::get_if<double>(&v)) {
    if (d.min && *x < *d.min)
      return fmt::format("{} is below the minimum {}", shortest(*x), shortest(*d.min));
    if (d.max && *x > *d.max)
      return fmt::format("{} is above the maximum {}", shortest(*x), shortest(*d.max));
  }
  return {};
}

conversion convert_text(const attribute_declaration& d, std::string_view raw, bool semicolon_file) {
  conversion out;
  const std::string_view text = trim_blanks(raw);
  switch (d.type) {
    case attribute_type::boolean:
      if (auto b = parse_bool_spelling(text)) out.value = *b;
      break;
    case attribute_type::number:
      if (auto x = parse_decimal(text, semicolon_file)) {
        out.value = *x;
      } else if (semicolon_file && parse_decimal(text, false)) {
        out.problem = fmt::format(
            "'{}' may use '.' as a thousands separator in a ';'-separated file; write it without one, or "
            "with a "
            "decimal comma",
            text);
        return out;
      }
      break;
    case attribute_type::date: {
      const typed_date t = parse_typed_date(text);
      out.day_first = t.day_first;
      out.looks_month_first = t.looks_month_first;
      if (t.day) out.value = *t.day;
      else if (t.looks_month_first) {
        out.problem = fmt::format("'{}': {}", text, month_first_message);
        return out;
      }
      break;
    }
    case attribute_type::text: out.value = std::string(text); break;
  }
  if (!out.value) {
    out.problem = fmt::format("'{}' is {}", text, type_hint(d.type));
    return out;
  }
  out.problem = out_of_bounds(d, *out.value);
  if (!out.problem.empty()) out.value.reset();
  return out;
}

conversion convert_typed(const attribute_declaration& d, const attribute_value& v,
                         std::string_view source_text) {
  conversion out;
  if (const auto* text = std::get_if<std::string>(&v)) return convert_text(d, *text, false);
  switch (d.type) {
    case attribute_type::boolean:
      if (const auto* b = std::get_if<bool>(&v)) out.value = *b;
      else if (const auto* x = std::get_if<double>(&v); x && (*x == 1 || *x == 0)) out.value = *x == 1;
      break;
    case attribute_type::number:
      if (const auto* x = std::get_if<double>(&v); x && std::isfinite(*x)) out.value = *x;
      break;
    case attribute_type::date:
      if (const auto* day = std::get_if<date>(&v)) out.value = *day;
      break;
    case attribute_type::text: out.value = std::string(trim_blanks(source_text)); break;
  }
  if (!out.value) {
    out.problem = fmt::format("{} is {}", quote_value(v), type_hint(d.type));
    return out;
  }
  out.problem = out_of_bounds(d, *out.value);
  if (!out.problem.empty()) out.value.reset();
  return out;
}

}  // namespace civeff::detail
