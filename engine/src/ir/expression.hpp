// SPDX-License-Identifier: Apache-2.0
#pragma once
// Checked expressions in flat form, the runtime value, and the evaluation
// environment. Evaluation allocates nothing: values are small and strings are views.

#include <civeff/civeff.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civeff::detail {

// A value at run time. `absent` is a missing or wrongly typed attribute (or the
// unit of an unknown achievement): every comparison with it is false (SPEC §10).
struct value {
  enum class tag : std::uint8_t { absent, boolean, number, text, day, span, level };
  tag t = tag::absent;
  bool b = false;
  double n = 0;                 // number
  std::int32_t i = 0;           // day (days since epoch) or level index (-1: null)
  std::string_view s;           // text
  duration d;                   // span (a duration)

  static value absent() { return {}; }
  static value boolean(bool v) { value x; x.t = tag::boolean; x.b = v; return x; }
  static value number(double v) { value x; x.t = tag::number; x.n = v; return x; }
  static value text(std::string_view v) { value x; x.t = tag::text; x.s = v; return x; }
  static value day(std::int32_t v) { value x; x.t = tag::day; x.i = v; return x; }
  static value span(duration v) { value x; x.t = tag::span; x.d = v; return x; }
  static value level(std::int32_t v) { value x; x.t = tag::level; x.i = v; return x; }
};

// The static type the checker gives a node. `dynamic` is an attribute whose type
// is known only at run time.
enum class static_type : std::uint8_t { boolean, number, text, day, span, level, list, dynamic };

enum class opcode : std::uint8_t {
  constant,            // value in `constant`
  list,                // elements: args[first .. first+count)
  var_unit, var_kind, var_date, var_hours, var_marks, var_as_of,
  var_rule_date, var_rule_hours,     // equivalence `when`: `date`, `hours`
  attribute,           // slot in `index`
  person_attribute,    // slot in `index`
  has_mark,            // mark index in `index`
  level_of,            // scale index in `index`
  credited,            // unit index in `index`
  hours_of, count_of, sum_of, avg_of,  // selector in `index`, attr slot in `slot` (-1: hours)
  logical_not, logical_and, logical_or,
  eq, ne, lt, le, gt, ge, in_list, in_marks,
  add, sub, mul, div, neg,
};

struct expression_node {
  opcode op = opcode::constant;
  static_type type = static_type::boolean;
  std::int32_t index = -1;
  std::int32_t slot = -1;
  bool has_within = false;      // sum_of(within = ...)
  duration within;
  std::uint32_t first = 0, count = 0;  // operands in expression_pool::args
  value constant;
};

// One checked expression: its root node plus where it was written.
struct expression_info {
  std::uint32_t root = 0;
  std::string text;             // as written, trimmed (names a `check` leaf in `missing`)
  source_location where;
  bool reads_rule_hours = false;
};

struct expression_pool {
  std::vector<expression_node> nodes;
  std::vector<std::uint32_t> args;
  std::deque<std::string> strings;           // storage behind text constants (a deque: views stay valid)
  std::vector<expression_info> expressions;
};

// What an expression may read while it runs. Pointers are null where the
// context has no such thing; the checker has made sure they are not read then.
class diploma_probe {
 public:
  virtual ~diploma_probe() = default;
  virtual bool credited(std::int32_t unit) const = 0;
  // hours_of/count_of/sum_of/avg_of over a selector; nullopt for an avg over nothing.
  // `node` is the expression node asking (hours_of, count_of, sum_of or avg_of).
  virtual std::optional<double> aggregate(std::uint32_t node, opcode op, std::int32_t selector, std::int32_t slot,
                                          bool has_within, const duration& within) const = 0;
};

// An attribute of an achievement as the evaluator holds it: 32 bytes, not a
// value's 56, so that loading a person writes little; it becomes a value only
// where an expression reads it. A day is held in `n` (exact in a double).
struct attribute_cell {
  value::tag t = value::tag::absent;  // absent, boolean, number, text or day
  double n = 0;                       // a boolean (0 or 1), a number or a day
  std::string_view s;                 // a text

  static attribute_cell of(const value& v) {
    attribute_cell c;
    c.t = v.t;
    if (v.t == value::tag::boolean) c.n = v.b ? 1 : 0;
    else if (v.t == value::tag::number) c.n = v.n;
    else if (v.t == value::tag::day) c.n = v.i;
    else if (v.t == value::tag::text) c.s = v.s;
    return c;
  }
  [[nodiscard]] value to_value() const {
    switch (t) {
      case value::tag::boolean: return value::boolean(n != 0);
      case value::tag::number: return value::number(n);
      case value::tag::text: return value::text(s);
      case value::tag::day: return value::day(static_cast<std::int32_t>(n));
      default: return value::absent();
    }
  }
};

struct achievement_view {
  std::int32_t unit = -1;               // -1: no unit or unknown
  std::int32_t day = 0;
  double hours = 0;
  const std::uint64_t* marks = nullptr; // bitset over program marks (implied included)
  const attribute_cell* attributes = nullptr;  // by attribute slot
  const std::int32_t* levels = nullptr; // by scale; -1 null; only while levels are known
};

struct environment {
  const achievement_view* achievement = nullptr;
  const value* person = nullptr;        // by person attribute slot
  std::int32_t as_of = 0;
  std::int32_t rule_day = 0;            // equivalence `when`
  double rule_hours = 0;
  const diploma_probe* probe = nullptr;
  mutable bool division_by_zero = false;
  mutable std::uint32_t failed_expression = 0;
};

}  // namespace civeff::detail
