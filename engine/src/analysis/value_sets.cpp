// SPDX-License-Identifier: Apache-2.0
#include "analysis/value_sets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace civeff::detail::analysis {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// Closes the bounds of an interval of whole numbers: (2, 5) becomes [3, 4].
interval closed_whole(interval i) {
  if (std::isfinite(i.lo)) i.lo = i.lo_open ? std::floor(i.lo) + 1 : std::ceil(i.lo);
  if (std::isfinite(i.hi)) i.hi = i.hi_open ? std::ceil(i.hi) - 1 : std::floor(i.hi);
  i.lo_open = !std::isfinite(i.lo);
  i.hi_open = !std::isfinite(i.hi);
  return i;
}

bool is_empty(const interval& i) { return i.lo > i.hi || (i.lo == i.hi && (i.lo_open || i.hi_open)); }

// a's lower bound starts before b's.
bool starts_before(const interval& a, const interval& b) {
  return a.lo < b.lo || (a.lo == b.lo && !a.lo_open && b.lo_open);
}

}  // namespace

interval_set interval_set::all(bool whole) { return {{{-inf, inf, true, true}}, whole}; }

interval_set interval_set::of(interval i, bool whole) {
  if (whole) i = closed_whole(i);
  if (is_empty(i)) return none(whole);
  return {{i}, whole};
}

interval_set interval_set::intersect(const interval_set& other) const {
  interval_set out = none(whole);
  for (const auto& a : parts)
    for (const auto& b : other.parts) {
      interval c = a;
      if (b.lo > c.lo || (b.lo == c.lo && b.lo_open)) {
        c.lo = b.lo;
        c.lo_open = b.lo_open;
      }
      if (b.hi < c.hi || (b.hi == c.hi && b.hi_open)) {
        c.hi = b.hi;
        c.hi_open = b.hi_open;
      }
      if (whole) c = closed_whole(c);
      if (!is_empty(c)) out.parts.push_back(c);
    }
  std::sort(out.parts.begin(), out.parts.end(), starts_before);
  return out;
}

interval_set interval_set::complement() const {
  interval_set out = none(whole);
  interval gap{-inf, inf, true, true};
  for (const auto& p : parts) {
    gap.hi = p.lo;
    gap.hi_open = !p.lo_open;
    if (whole) gap = closed_whole(gap);
    if (!is_empty(gap)) out.parts.push_back(gap);
    gap = {p.hi, inf, !p.hi_open, true};
  }
  if (whole) gap = closed_whole(gap);
  if (!is_empty(gap)) out.parts.push_back(gap);
  return out;
}

interval_set interval_set::unite(const interval_set& other) const {
  // A ∪ B = ¬(¬A ∩ ¬B): keeps the parts disjoint and sorted.
  return complement().intersect(other.complement()).complement();
}

text_set text_set::intersect(const text_set& o) const {
  text_set out;
  if (cofinite && o.cofinite) {
    out.items = items;
    out.items.insert(o.items.begin(), o.items.end());
    return out;
  }
  out.cofinite = false;
  const text_set& finite = cofinite ? o : *this;
  const text_set& rest = cofinite ? *this : o;
  for (const auto& t : finite.items)
    if (rest.items.count(t) != 0 ? !rest.cofinite : rest.cofinite) out.items.insert(t);
  return out;
}

value_set value_set::only(value_kind kind) {
  value_set s;
  s.other = false;
  if (kind != value_kind::number) s.numbers = interval_set::none(false);
  if (kind != value_kind::day) s.days = interval_set::none(true);
  if (kind != value_kind::level) s.levels = interval_set::none(true);
  if (kind != value_kind::text) s.texts = {false, {}};
  if (kind != value_kind::boolean) s.booleans = 0;
  return s;
}

bool value_set::empty() const {
  return !other && numbers.empty() && days.empty() && levels.empty() && texts.empty() && booleans == 0;
}

value_set value_set::intersect(const value_set& o) const {
  value_set s;
  s.other = other && o.other;
  s.numbers = numbers.intersect(o.numbers);
  s.days = days.intersect(o.days);
  s.levels = levels.intersect(o.levels);
  s.texts = texts.intersect(o.texts);
  s.booleans = static_cast<std::uint8_t>(booleans & o.booleans);
  return s;
}

value_set value_set::complement() const {
  value_set s;
  s.other = !other;
  s.numbers = numbers.complement();
  s.days = days.complement();
  s.levels = levels.complement();
  s.texts = texts.complement();
  s.booleans = static_cast<std::uint8_t>(~booleans & 3U);
  return s;
}

}  // namespace civeff::detail::analysis
