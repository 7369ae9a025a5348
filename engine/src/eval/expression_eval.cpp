// SPDX-License-Identifier: Apache-2.0
#include "eval/expression_eval.hpp"

#include <optional>

namespace civeff::detail {
namespace {

// JSON has no date type, so a text shaped YYYY-MM-DD is a date wherever a date is
// expected (SPEC §10).
bool as_day(const value& v, std::int32_t& out) {
  if (v.t == value::tag::day) {
    out = v.i;
    return true;
  }
  if (v.t == value::tag::text) {
    if (auto d = date::parse(v.s)) {
      out = d->days_since_epoch();
      return true;
    }
  }
  return false;
}

template <class T>
bool ordered(opcode op, const T& a, const T& b) {
  switch (op) {
    case opcode::eq: return a == b;
    case opcode::ne: return a != b;
    case opcode::lt: return a < b;
    case opcode::le: return a <= b;
    case opcode::gt: return a > b;
    case opcode::ge: return a >= b;
    default: return false;
  }
}

// SPEC §10: an absent or wrongly typed operand makes every comparison false, `!=` included.
bool compare(opcode op, const value& a, const value& b) {
  using tag = value::tag;
  if (a.t == tag::absent || b.t == tag::absent) return false;
  if (a.t == tag::day || b.t == tag::day) {
    std::int32_t x = 0, y = 0;
    if (!as_day(a, x) || !as_day(b, y)) return false;
    return ordered(op, x, y);
  }
  if (a.t != b.t) return false;
  switch (a.t) {
    case tag::boolean: return ordered(op, a.b, b.b);
    case tag::number: return ordered(op, a.n, b.n);
    case tag::text: return (op == opcode::eq || op == opcode::ne) && ordered(op, a.s, b.s);
    case tag::span: return op == opcode::eq ? a.d == b.d : op == opcode::ne ? !(a.d == b.d) : false;
    case tag::level:
      if (a.i < 0 || b.i < 0) return false;  // a null level compares with nothing
      return ordered(op, a.i, b.i);
    default: return false;
  }
}

bool truthy(const value& v) { return v.t == value::tag::boolean && v.b; }

value arithmetic(opcode op, const value& a, const value& b, const environment& env) {
  using tag = value::tag;
  if (a.t == tag::absent || b.t == tag::absent) return value::absent();
  if (a.t == tag::number && b.t == tag::number) {
    switch (op) {
      case opcode::add: return value::number(a.n + b.n);
      case opcode::sub: return value::number(a.n - b.n);
      case opcode::mul: return value::number(a.n * b.n);
      case opcode::div:
        if (b.n == 0) {
          env.division_by_zero = true;
          return value::absent();
        }
        return value::number(a.n / b.n);
      default: return value::absent();
    }
  }
  std::int32_t x = 0, y = 0;
  if (b.t == tag::span && as_day(a, x)) {
    if (op == opcode::add) return value::day(add(date(x), b.d).days_since_epoch());
    if (op == opcode::sub) return value::day(subtract(date(x), b.d).days_since_epoch());
  }
  if (a.t == tag::span && op == opcode::add && as_day(b, y))
    return value::day(add(date(y), a.d).days_since_epoch());
  if (op == opcode::sub && as_day(a, x) && as_day(b, y)) return value::number(static_cast<double>(x) - y);
  return value::absent();
}

bool has_bit(const std::uint64_t* bits, std::int32_t i) {
  return bits && i >= 0 && ((bits[i / 64] >> (i % 64)) & 1U) != 0;
}

// An operand read where it is stored (a constant, a person attribute) instead of
// copied, else evaluated into `scratch` (an achievement's attribute is a cell,
// turned into a value here): comparisons are most of what rules evaluate, and a
// value is 56 bytes.
const value& operand(const program& prog, std::uint32_t index, const environment& env, value& scratch) {
  const expression_node& n = prog.expressions.nodes[index];
  switch (n.op) {
    case opcode::constant: return n.constant;
    case opcode::attribute:
      if (env.achievement && env.achievement->attributes) {
        scratch = env.achievement->attributes[n.index].to_value();
        return scratch;
      }
      break;
    case opcode::person_attribute:
      if (env.person) return env.person[n.index];
      break;
    default: break;
  }
  scratch = evaluate_node(prog, index, env);
  return scratch;
}

// compare() of an achievement's attribute or level with a number, boolean or
// level constant, read without making values (rules compare these per
// achievement: `attrs.exam == true`, `level("civil_effect") >= "sector"`).
// nullopt for any other pair.
std::optional<bool> compare_with_constant(opcode op, const expression_node& x, const value& c,
                                          const environment& env) {
  using tag = value::tag;
  const achievement_view* a = env.achievement;
  if (x.op == opcode::attribute && (c.t == tag::number || c.t == tag::boolean)) {
    if (!a || !a->attributes) return false;  // absent
    const attribute_cell& cell = a->attributes[x.index];
    if (cell.t != c.t) return false;  // absent, or another type (a day never equals a number)
    return c.t == tag::number ? ordered(op, cell.n, c.n) : ordered(op, cell.n != 0, c.b);
  }
  if (x.op == opcode::level_of && c.t == tag::level) {
    if (!a || !a->levels) return false;  // absent
    const std::int32_t level = a->levels[x.index];
    if (level < 0 || c.i < 0) return false;  // a null level compares with nothing
    return ordered(op, level, c.i);
  }
  return std::nullopt;
}

bool compare_operands(const program& prog, const expression_node& n, const environment& env) {
  const auto* args = prog.expressions.args.data() + n.first;
  const expression_node& right = prog.expressions.nodes[args[1]];
  if (right.op == opcode::constant)
    if (auto r = compare_with_constant(n.op, prog.expressions.nodes[args[0]], right.constant, env)) return *r;
  value x, y;
  return compare(n.op, operand(prog, args[0], env, x), operand(prog, args[1], env, y));
}

// truthy(evaluate_node(...)) without making values for the nodes that are
// booleans by nature: `credit_when`, `where` and mark cases are mostly these.
bool test(const program& prog, std::uint32_t index, const environment& env) {
  const expression_node& n = prog.expressions.nodes[index];
  const auto* args = prog.expressions.args.data() + n.first;
  switch (n.op) {
    case opcode::logical_not: return !test(prog, args[0], env);
    case opcode::logical_and: return test(prog, args[0], env) && test(prog, args[1], env);
    case opcode::logical_or: return test(prog, args[0], env) || test(prog, args[1], env);
    case opcode::eq:
    case opcode::ne:
    case opcode::lt:
    case opcode::le:
    case opcode::gt:
    case opcode::ge: return compare_operands(prog, n, env);
    case opcode::has_mark: return env.achievement && has_bit(env.achievement->marks, n.index);
    default: return truthy(evaluate_node(prog, index, env));
  }
}

}  // namespace

value evaluate_node(const program& prog, std::uint32_t index, const environment& env) {
  const expression_node& n = prog.expressions.nodes[index];
  const auto* args = prog.expressions.args.data() + n.first;
  const achievement_view* a = env.achievement;
  switch (n.op) {
    case opcode::constant: return n.constant;
    case opcode::list: return value::absent();  // only read through in_list
    case opcode::var_unit:
      return a && a->unit >= 0 ? value::text(prog.units[static_cast<std::size_t>(a->unit)].id)
                               : value::absent();
    case opcode::var_kind:
      return a && a->unit >= 0 ? value::text(prog.units[static_cast<std::size_t>(a->unit)].kind)
                               : value::absent();
    case opcode::var_date: return a ? value::day(a->day) : value::absent();
    case opcode::var_hours: return a ? value::number(a->hours) : value::absent();
    case opcode::var_marks: return value::absent();  // only read through in_marks
    case opcode::var_as_of: return value::day(env.as_of);
    case opcode::var_rule_date: return value::day(env.rule_day);
    case opcode::var_rule_hours: return value::number(env.rule_hours);
    case opcode::attribute: return a && a->attributes ? a->attributes[n.index].to_value() : value::absent();
    case opcode::person_attribute: return env.person ? env.person[n.index] : value::absent();
    case opcode::has_mark: return value::boolean(a && has_bit(a->marks, n.index));
    case opcode::level_of: return a && a->levels ? value::level(a->levels[n.index]) : value::absent();
    case opcode::credited: return value::boolean(env.probe && env.probe->credited(n.index));
    case opcode::hours_of:
    case opcode::count_of:
    case opcode::sum_of:
    case opcode::avg_of: {
      if (!env.probe) return value::absent();
      auto r = env.probe->aggregate(index, n.op, n.index, n.slot, n.has_within, n.within);
      return r ? value::number(*r) : value::absent();
    }
    case opcode::logical_not:
    case opcode::logical_and:
    case opcode::logical_or: return value::boolean(test(prog, index, env));
    case opcode::eq:
    case opcode::ne:
    case opcode::lt:
    case opcode::le:
    case opcode::gt:
    case opcode::ge: return value::boolean(compare_operands(prog, n, env));
    case opcode::in_list: {
      const value x = evaluate_node(prog, args[0], env);
      if (x.t == value::tag::absent) return value::boolean(false);
      const expression_node& list = prog.expressions.nodes[args[1]];
      for (std::uint32_t k = 0; k < list.count; ++k)
        if (compare(opcode::eq, x, evaluate_node(prog, prog.expressions.args[list.first + k], env)))
          return value::boolean(true);
      return value::boolean(false);
    }
    case opcode::in_marks: {
      const value x = evaluate_node(prog, args[0], env);
      if (x.t != value::tag::text || !a) return value::boolean(false);
      return value::boolean(has_bit(a->marks, prog.find_mark(x.s)));
    }
    case opcode::add:
    case opcode::sub:
    case opcode::mul:
    case opcode::div:
      return arithmetic(n.op, evaluate_node(prog, args[0], env), evaluate_node(prog, args[1], env), env);
    case opcode::neg: {
      const value x = evaluate_node(prog, args[0], env);
      return x.t == value::tag::number ? value::number(-x.n) : value::absent();
    }
  }
  return value::absent();
}

bool holds(const program& prog, std::int32_t index, const environment& env) {
  const expression_info& e = prog.expressions.expressions[static_cast<std::size_t>(index)];
  const bool before = env.division_by_zero;
  const bool result = test(prog, e.root, env);
  if (env.division_by_zero && !before) env.failed_expression = static_cast<std::uint32_t>(index);
  return result;
}

}  // namespace civeff::detail
