// SPDX-License-Identifier: Apache-2.0
#pragma once
// The command-line values the benchmarks share: a bounded whole number and a
// date. Each prints `PROGRAM: FLAG takes ...` to stderr and gives nullopt when
// the value is wrong, so a benchmark's parser can stop with its usage.

#include <civeff/civeff.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

namespace bench {

// A whole number from `low` to `high`.
inline std::optional<long> whole_number(std::string_view program, std::string_view flag,
                                        const std::string& value, long low, long high) {
  char* end = nullptr;
  const long n = std::strtol(value.c_str(), &end, 10);
  if (end == value.c_str() || *end != '\0' || n < low || n > high) {
    std::cerr << program << ": " << flag << " takes a whole number from " << low << " to " << high
              << ", not '" << value << "'\n";
    return std::nullopt;
  }
  return n;
}

// `--as-of YYYY-MM-DD`.
inline std::optional<civeff::date> as_of_date(std::string_view program, const std::string& value) {
  const std::optional<civeff::date> d = civeff::date::parse(value);
  if (!d) std::cerr << program << ": --as-of takes a date YYYY-MM-DD, not '" << value << "'\n";
  return d;
}

}  // namespace bench
