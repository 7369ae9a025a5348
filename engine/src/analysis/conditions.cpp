// SPDX-License-Identifier: Apache-2.0
#include "analysis/conditions.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace civeff::detail::analysis {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr int max_depth = 200;

using conjunct = std::map<std::string, value_set>;

// A disjunction of conjunctions; `unknown` when it grew past max_terms or too deep.
struct normal_form {
  std::vector<conjunct> terms;
  bool unknown = false;
};

normal_form always() { return {{conjunct{}}, false}; }
normal_form never() { return {}; }
normal_form unknown() { return {{}, true}; }

normal_form literal(const std::string& key, const value_set& allowed) {
  if (allowed.empty()) return never();
  return {{conjunct{{key, allowed}}}, false};
}

// Adds `b`'s constraints to `a`; false when a variable is left with no value.
bool merge_into(conjunct& a, const conjunct& b) {
  for (const auto& [key, allowed] : b) {
    auto [it, inserted] = a.emplace(key, allowed);
    if (!inserted) it->second = it->second.intersect(allowed);
    if (it->second.empty()) return false;
  }
  return true;
}

normal_form both(const normal_form& a, const normal_form& b) {
  if (a.unknown || b.unknown) return unknown();
  normal_form out;
  for (const auto& x : a.terms)
    for (const auto& y : b.terms) {
      conjunct c = x;
      if (!merge_into(c, y)) continue;
      out.terms.push_back(std::move(c));
      if (out.terms.size() > condition_prover::max_terms) return unknown();
    }
  return out;
}

normal_form either(normal_form a, const normal_form& b) {
  if (a.unknown || b.unknown) return unknown();
  a.terms.insert(a.terms.end(), b.terms.begin(), b.terms.end());
  if (a.terms.size() > condition_prover::max_terms) return unknown();
  return a;
}

std::optional<value_kind> kind_of(const value& v) {
  switch (v.t) {
    case value::tag::number: return value_kind::number;
    case value::tag::day: return value_kind::day;
    case value::tag::level: return v.i >= 0 ? std::optional(value_kind::level) : std::nullopt;
    case value::tag::text: return value_kind::text;
    case value::tag::boolean: return value_kind::boolean;
    default: return std::nullopt;
  }
}

double number_of(const value& v) { return v.t == value::tag::number ? v.n : static_cast<double>(v.i); }

// The values of `kind` for which `x OP c` holds.
value_set compared(opcode op, const value& c, value_kind kind) {
  value_set s = value_set::only(kind);
  if (kind == value_kind::text) {
    s.texts = {op == opcode::ne, {std::string(c.s)}};
    return s;
  }
  if (kind == value_kind::boolean) {
    const std::uint8_t bit = c.b ? 2 : 1;
    s.booleans = op == opcode::eq ? bit : static_cast<std::uint8_t>(3U & ~bit);
    return s;
  }
  const double v = number_of(c);
  interval i{-inf, inf, true, true};
  switch (op) {
    case opcode::eq: i = {v, v}; break;
    case opcode::lt: i = {-inf, v, true, true}; break;
    case opcode::le: i = {-inf, v, true, false}; break;
    case opcode::gt: i = {v, inf, true, true}; break;
    case opcode::ge: i = {v, inf, false, true}; break;
    default: break;
  }
  const bool whole = kind != value_kind::number;
  interval_set set = interval_set::of(i, whole);
  if (op == opcode::ne) set = interval_set::of({v, v}, whole).complement();
  switch (kind) {
    case value_kind::number: s.numbers = set; break;
    case value_kind::day: s.days = set; break;
    default: s.levels = set; break;
  }
  return s;
}

// `x OP c` with the constant on the left, written with it on the right.
opcode flipped(opcode op) {
  switch (op) {
    case opcode::lt: return opcode::gt;
    case opcode::le: return opcode::ge;
    case opcode::gt: return opcode::lt;
    case opcode::ge: return opcode::le;
    default: return op;
  }
}

std::optional<bool> compare_constants(opcode op, const value& a, const value& b) {
  const auto ka = kind_of(a), kb = kind_of(b);
  if (!ka || !kb || *ka != *kb) return std::nullopt;
  int order = 0;
  if (*ka == value_kind::text) order = a.s < b.s ? -1 : a.s == b.s ? 0 : 1;
  else if (*ka == value_kind::boolean) order = a.b == b.b ? 0 : a.b ? 1 : -1;
  else order = number_of(a) < number_of(b) ? -1 : number_of(a) == number_of(b) ? 0 : 1;
  switch (op) {
    case opcode::eq: return order == 0;
    case opcode::ne: return order != 0;
    case opcode::lt: return order < 0;
    case opcode::le: return order <= 0;
    case opcode::gt: return order > 0;
    case opcode::ge: return order >= 0;
    default: return std::nullopt;
  }
}

// A term compared with constants of one kind is one variable per kind: a text
// attribute `2023-05-01` compares as a date too (SPEC §10), so the kinds of one
// term are not taken to exclude each other.
std::string suffix(value_kind kind) {
  switch (kind) {
    case value_kind::number: return "@number";
    case value_kind::day: return "@day";
    case value_kind::level: return "@level";
    case value_kind::text: return "@text";
    case value_kind::boolean: return "@boolean";
  }
  return "@";
}

std::string constant_key(const value& v) {
  switch (v.t) {
    case value::tag::boolean: return v.b ? "true" : "false";
    case value::tag::number: return fmt::format("{}", v.n);
    case value::tag::text: return fmt::format("\"{}\"", v.s);
    case value::tag::day: return fmt::format("day{}", v.i);
    case value::tag::span: return "P" + v.d.to_string();
    case value::tag::level: return fmt::format("level{}", v.i);
    default: return "absent";
  }
}

class normalizer {
 public:
  explicit normalizer(const program& prog) : prog_(prog), pool_(prog.expressions) {}

  normal_form of(std::uint32_t n, bool positive, int depth = 0) const {
    if (depth > max_depth) return unknown();
    const expression_node& e = pool_.nodes[n];
    switch (e.op) {
      case opcode::constant:
        if (e.constant.t == value::tag::boolean) return e.constant.b == positive ? always() : never();
        return unknown();
      case opcode::logical_not: return of(arg(e, 0), !positive, depth + 1);
      case opcode::logical_and:
      case opcode::logical_or: {
        const normal_form a = of(arg(e, 0), positive, depth + 1), b = of(arg(e, 1), positive, depth + 1);
        return (e.op == opcode::logical_and) == positive ? both(a, b) : either(a, b);
      }
      case opcode::eq:
      case opcode::ne:
      case opcode::lt:
      case opcode::le:
      case opcode::gt:
      case opcode::ge: return comparison(e, positive, depth);
      case opcode::in_list: return membership(e, positive, depth);
      case opcode::in_marks: {
        const expression_node& m = pool_.nodes[arg(e, 0)];
        if (m.op != opcode::constant || m.constant.t != value::tag::text) return atom(n, positive, depth);
        return truth("mark:" + std::string(m.constant.s), positive);
      }
      case opcode::has_mark:
        return truth("mark:" + prog_.marks[static_cast<std::size_t>(e.index)].id, positive);
      default: return atom(n, positive, depth);
    }
  }

  // The name of a term by its structure.
  std::string key(std::uint32_t n, int depth = 0) const {
    if (depth > max_depth) return "?";
    const expression_node& e = pool_.nodes[n];
    switch (e.op) {
      case opcode::constant: return constant_key(e.constant);
      case opcode::var_unit: return "unit";
      case opcode::var_kind: return "kind";
      case opcode::var_date: return "date";
      case opcode::var_hours: return "hours";
      case opcode::var_marks: return "marks";
      case opcode::var_as_of: return "as_of";
      case opcode::var_rule_date: return "rule_date";
      case opcode::var_rule_hours: return "rule_hours";
      case opcode::attribute: return fmt::format("attrs#{}", e.index);
      case opcode::person_attribute: return fmt::format("person#{}", e.index);
      default: break;
    }
    std::string out = fmt::format("op{}#{}#{}#{}#{}(", static_cast<int>(e.op), e.index, e.slot, e.has_within,
                                  e.has_within ? e.within.to_string() : "");
    for (std::uint32_t k = 0; k < e.count; ++k) out += (k ? "," : "") + key(arg(e, k), depth + 1);
    return out + ")";
  }

 private:
  const program& prog_;
  const expression_pool& pool_;

  std::uint32_t arg(const expression_node& e, std::uint32_t k) const { return pool_.args[e.first + k]; }

  // A term used as a condition: true only for the boolean true (SPEC §10: a
  // missing attribute used alone is false; `not` of it is true).
  static normal_form truth(const std::string& key, bool positive) {
    value_set s = value_set::only(value_kind::boolean);
    s.booleans = 2;
    return literal(key + suffix(value_kind::boolean), positive ? s : s.complement());
  }

  normal_form atom(std::uint32_t n, bool positive, int depth) const { return truth(key(n, depth), positive); }

  normal_form comparison(const expression_node& e, bool positive, int depth) const {
    const std::uint32_t a = arg(e, 0), b = arg(e, 1);
    const expression_node &x = pool_.nodes[a], &y = pool_.nodes[b];
    const bool xc = x.op == opcode::constant, yc = y.op == opcode::constant;
    if (xc && yc) {
      const auto r = compare_constants(e.op, x.constant, y.constant);
      if (!r) return unknown();
      return *r == positive ? always() : never();
    }
    if (!xc && !yc) return atom(static_cast<std::uint32_t>(&e - pool_.nodes.data()), positive, depth);
    const value& c = xc ? x.constant : y.constant;
    const auto kind = kind_of(c);
    if (!kind) return atom(static_cast<std::uint32_t>(&e - pool_.nodes.data()), positive, depth);
    const value_set s = compared(xc ? flipped(e.op) : e.op, c, *kind);
    return literal(key(xc ? b : a, depth + 1) + suffix(*kind), positive ? s : s.complement());
  }

  normal_form membership(const expression_node& e, bool positive, int depth) const {
    const std::uint32_t a = arg(e, 0);
    const expression_node& list = pool_.nodes[arg(e, 1)];
    const auto self = static_cast<std::uint32_t>(&e - pool_.nodes.data());
    if (pool_.nodes[a].op == opcode::constant || list.op != opcode::list) return atom(self, positive, depth);
    if (list.count == 0) return positive ? never() : always();  // an empty list holds nothing
    std::optional<value_kind> list_kind;
    for (std::uint32_t k = 0; k < list.count; ++k) {
      const expression_node& item = pool_.nodes[arg(list, k)];
      const auto kind = item.op == opcode::constant ? kind_of(item.constant) : std::nullopt;
      if (!kind || (list_kind && *list_kind != *kind)) return atom(self, positive, depth);
      list_kind = kind;
    }
    value_set any = value_set::only(*list_kind);
    if (*list_kind == value_kind::text) {
      // One pass: a list of 300,000 texts (reliability finding F7) stays fast.
      any.texts = {false, {}};
      for (std::uint32_t k = 0; k < list.count; ++k)
        any.texts.items.emplace(pool_.nodes[arg(list, k)].constant.s);
    } else {
      // Each union copies the intervals so far: past max_list_items the list stays an
      // atom, which is sound (it only loses precision).
      if (list.count > max_list_items) return atom(self, positive, depth);
      std::optional<value_set> so_far;
      for (std::uint32_t k = 0; k < list.count; ++k) {
        const value_set one = compared(opcode::eq, pool_.nodes[arg(list, k)].constant, *list_kind);
        // A ∪ B = ¬(¬A ∩ ¬B).
        so_far = so_far ? so_far->complement().intersect(one.complement()).complement() : one;
      }
      any = *so_far;
    }
    return literal(key(a, depth + 1) + suffix(*list_kind), positive ? any : any.complement());
  }

  static constexpr std::uint32_t max_list_items = 1000;
};

normal_form of_expression(const normalizer& n, const program& prog, std::int32_t expr, bool positive) {
  if (expr == no_index) return positive ? always() : never();
  return n.of(prog.expressions.expressions[static_cast<std::size_t>(expr)].root, positive);
}

// True when no conjunction of `f` is possible together with `known`.
bool impossible(const normal_form& f, const facts& known) {
  if (f.unknown) return false;
  const conjunct context(known.begin(), known.end());
  for (const auto& term : f.terms) {
    conjunct c = term;
    if (merge_into(c, context)) return false;
  }
  return true;
}

}  // namespace

bool condition_prover::never_holds(std::int32_t expr, const facts& known) const {
  if (expr == no_index) return false;
  const normalizer n(prog_);
  return impossible(of_expression(n, prog_, expr, true), known);
}

bool condition_prover::implies(std::int32_t given, std::int32_t then, const facts& known) const {
  if (then == no_index) return true;
  const normalizer n(prog_);
  return impossible(both(of_expression(n, prog_, given, true), of_expression(n, prog_, then, false)), known);
}

bool condition_prover::exclusive(std::int32_t a, std::int32_t b, const facts& known) const {
  const normalizer n(prog_);
  return impossible(both(of_expression(n, prog_, a, true), of_expression(n, prog_, b, true)), known);
}

value_set days_between(std::int32_t from, std::int32_t to) {
  value_set s = value_set::only(value_kind::day);
  const double lo = from == min_day ? -inf : from, hi = to == max_day ? inf : to;
  s.days = interval_set::of({lo, hi, from == min_day, to == max_day}, true);
  return s;
}

value_set numbers_among(const std::vector<double>& values) {
  value_set s = value_set::only(value_kind::number);
  s.numbers = interval_set::none(false);
  for (double v : values) s.numbers = s.numbers.unite(interval_set::of({v, v}, false));
  return s;
}

facts equivalence_facts(const program& prog, const equivalence_info& e) {
  std::vector<double> hours;
  if (e.symmetric)
    for (auto s : e.sources) hours.push_back(prog.units[static_cast<std::size_t>(s)].hours);
  else hours.push_back(e.source_hours);
  return {{condition_prover::rule_date, days_between(e.effective_from, e.effective_to)},
          {condition_prover::rule_hours, numbers_among(hours)}};
}

}  // namespace civeff::detail::analysis
