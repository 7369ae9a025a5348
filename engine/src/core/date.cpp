// SPDX-License-Identifier: Apache-2.0
// Calendar arithmetic on days since 1970-01-01 (proleptic Gregorian), after
// Howard Hinnant's `days_from_civil` / `civil_from_days`; no time-zone library.

#include <civeff/civeff.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

namespace civeff {
namespace {

struct ymd {
  std::int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

constexpr std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                    // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

constexpr ymd civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

constexpr bool is_leap(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

constexpr int days_in_month(std::int64_t y, int m) {
  constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : lengths[m - 1];
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);
static_assert(civil_from_days(11017).month == 3);

date clamp_to_date(std::int64_t days) {
  constexpr std::int64_t lo = std::numeric_limits<std::int32_t>::min();
  constexpr std::int64_t hi = std::numeric_limits<std::int32_t>::max();
  return date(static_cast<std::int32_t>(std::clamp(days, lo, hi)));
}

// SPEC §10: years and months first, clamping to the month's last day, then days.
date shift(date d, std::int64_t months, std::int64_t days) {
  ymd c = civil_from_days(d.days_since_epoch());
  const std::int64_t total = c.year * 12 + (c.month - 1) + months;
  const std::int64_t year = total >= 0 ? total / 12 : (total - 11) / 12;
  const int month = static_cast<int>(total - year * 12) + 1;
  const int day = std::min(c.day, days_in_month(year, month));
  return clamp_to_date(days_from_civil(year, month, day) + days);
}

bool parse_digits(std::string_view text, std::int32_t& out) {
  if (text.empty()) return false;
  for (char ch : text)
    if (ch < '0' || ch > '9') return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::optional<date> date::try_from_ymd(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  const std::int64_t days = days_from_civil(year, month, day);
  if (days < std::numeric_limits<std::int32_t>::min() || days > std::numeric_limits<std::int32_t>::max())
    return std::nullopt;
  return date(static_cast<std::int32_t>(days));
}

date date::from_ymd(int year, int month, int day) {
  if (std::optional<date> d = try_from_ymd(year, month, day)) return *d;
  throw std::invalid_argument("no such day: " + std::to_string(year) + "-" + std::to_string(month) + "-" +
                              std::to_string(day));
}

std::optional<date> date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::int32_t y = 0, m = 0, d = 0;
  if (!parse_digits(text.substr(0, 4), y) || !parse_digits(text.substr(5, 2), m) ||
      !parse_digits(text.substr(8, 2), d))
    return std::nullopt;
  return try_from_ymd(y, m, d);
}

date date::today_utc() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return clamp_to_date(now.time_since_epoch().count());
}

void date::to_ymd(int& year, int& month, int& day) const {
  const ymd c = civil_from_days(days_);
  year = static_cast<int>(c.year);
  month = c.month;
  day = c.day;
}

std::string date::to_string() const {
  int y = 0, m = 0, d = 0;
  to_ymd(y, m, d);
  char buffer[32];
  const int n = y < 0 ? std::snprintf(buffer, sizeof buffer, "-%04d-%02d-%02d", -y, m, d)
                      : std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, m, d);
  return std::string(buffer, static_cast<std::size_t>(n));
}

std::optional<duration> duration::parse(std::string_view text) {
  if (text.size() < 3 || text[0] != 'P') return std::nullopt;
  duration out;
  std::size_t i = 1;
  int next_unit = 0;  // 0: Y allowed, 1: M, 2: D, 3: nothing more
  bool any = false;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j == i || j == text.size()) return std::nullopt;
    std::int32_t value = 0;
    if (!parse_digits(text.substr(i, j - i), value)) return std::nullopt;
    const char unit = text[j];
    const int index = unit == 'Y' ? 0 : unit == 'M' ? 1 : unit == 'D' ? 2 : -1;
    if (index < next_unit) return std::nullopt;  // unknown unit or out of order
    (index == 0 ? out.years : index == 1 ? out.months : out.days) = value;
    next_unit = index + 1;
    any = true;
    i = j + 1;
  }
  if (!any) return std::nullopt;
  return out;
}

std::string duration::to_string() const {
  std::string out = "P";
  if (years != 0) out += std::to_string(years) + "Y";
  if (months != 0) out += std::to_string(months) + "M";
  if (days != 0 || out.size() == 1) out += std::to_string(days) + "D";
  return out;
}

date add(date d, const duration& by) { return shift(d, std::int64_t{by.years} * 12 + by.months, by.days); }

date subtract(date d, const duration& by) {
  return shift(d, -(std::int64_t{by.years} * 12 + by.months), -std::int64_t{by.days});
}

}  // namespace civeff
