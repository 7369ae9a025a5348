// SPDX-License-Identifier: Apache-2.0
#pragma once
// The values one variable of a condition may take (analysis/conditions.hpp):
// per type a set (numbers, days and levels as unions of intervals, texts as a
// finite or co-finite set, booleans as two bits), plus `other` for an absent
// value or one of a type no set describes. Intersection and complement are exact.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace civeff::detail::analysis {

struct interval {
  double lo, hi;
  bool lo_open = false, hi_open = false;
};

// A union of disjoint intervals, sorted. `whole` marks a set of whole numbers
// (days, levels): its bounds are kept closed and integral.
struct interval_set {
  std::vector<interval> parts;
  bool whole = false;
  static interval_set all(bool whole);
  static interval_set none(bool whole) { return {{}, whole}; }
  static interval_set of(interval i, bool whole);
  [[nodiscard]] bool empty() const { return parts.empty(); }
  [[nodiscard]] interval_set intersect(const interval_set& other) const;
  [[nodiscard]] interval_set complement() const;
  [[nodiscard]] interval_set unite(const interval_set& other) const;
};

struct text_set {
  bool cofinite = true;  // all texts except `items`, else exactly `items`
  std::set<std::string> items;
  [[nodiscard]] bool empty() const { return !cofinite && items.empty(); }
  [[nodiscard]] text_set intersect(const text_set& other) const;
  [[nodiscard]] text_set complement() const { return {!cofinite, items}; }
};

enum class value_kind : std::uint8_t { number, day, level, text, boolean };

struct value_set {
  bool other = true;  // absent, or a value of a kind not tracked below (a duration, a null level)
  interval_set numbers = interval_set::all(false);
  interval_set days = interval_set::all(true);
  interval_set levels = interval_set::all(true);
  text_set texts;
  std::uint8_t booleans = 3;  // bit 0: false, bit 1: true

  // Everything a comparison with a constant of `kind` can be true for: only
  // values of that kind, never `other` (SPEC §10: a comparison with a missing or
  // wrongly typed value is false).
  static value_set only(value_kind kind);
  [[nodiscard]] bool empty() const;
  [[nodiscard]] value_set intersect(const value_set& o) const;
  [[nodiscard]] value_set complement() const;
};

}  // namespace civeff::detail::analysis
