// SPDX-License-Identifier: Apache-2.0
// Type-checks a parsed expression against the context it appears in (SPEC §4, §10)
// and lowers it into flat nodes. Every error points into the expression's own text.

#include <fmt/format.h>

#include <algorithm>

#include "core/diagnostic_codes.hpp"
#include "expr/ast.hpp"
#include "core/suggest.hpp"
#include "sema/compiler_state.hpp"
#include "sema/resolve.hpp"

namespace civeff::detail {
namespace {

using expr::node;

// A checked operand: its node, its type, and what literal it was (for level names).
struct typed {
  std::uint32_t index = 0;
  static_type type = static_type::boolean;
  std::int32_t scale = -1;             // level type: which scale
  static_type element = static_type::dynamic;  // list type: element type
  const node* source = nullptr;
  const attribute_declaration* declared = nullptr;  // an attrs./person. read of a declared attribute
  bool ok = true;
};

const char* type_name(static_type t) {
  switch (t) {
    case static_type::boolean: return "bool";
    case static_type::number: return "number";
    case static_type::text: return "string";
    case static_type::day: return "date";
    case static_type::span: return "duration";
    case static_type::level: return "level";
    case static_type::list: return "list";
    case static_type::dynamic: return "attribute";
  }
  return "?";
}

bool is_achievement_context(expression_context c) {
  return c == expression_context::mark_case || c == expression_context::credit_when ||
         c == expression_context::selector_where;
}

const char* context_name(expression_context c) {
  switch (c) {
    case expression_context::mark_case: return "a mark case `when`";
    case expression_context::credit_when: return "`credit_when`";
    case expression_context::equivalence_when: return "an equivalence `when`";
    case expression_context::diploma_check: return "a diploma `check`";
    case expression_context::guard: return "a requirement `when`";
    case expression_context::selector_where: return "a selector `where`";
  }
  return "?";
}

// The number token of a divisor that is a literal zero (`0`, `0.0`, `-0`, `(0)`) as
// written, or "". A group's node is its inner node with the parentheses in its range.
std::string_view literal_zero(std::string_view text, const node& divisor) {
  const node* n = &divisor;
  while (n->k == node::kind::unary && n->oper == expr::op::neg) n = &n->children.at(0);
  if (n->k != node::kind::number || n->value != 0) return {};
  const std::string_view range = text.substr(n->begin, n->end - n->begin);
  const std::size_t first = range.find_first_of("0123456789"), last = range.find_last_of("0123456789");
  return range.substr(first, last - first + 1);
}

// Where a binary node's operator is: the first character after its left operand (only
// spaces lie between).
std::size_t operator_offset(const std::string& text, const node& n) {
  const std::size_t at = text.find_first_not_of(" \t\n\r\f\v", n.children.at(0).end);
  return at == std::string::npos ? n.children.at(0).end : at;
}

class checker {
 public:
  checker(compiler_state& state, const expression_text& text, expression_context context)
      : state_(state), pool_(state.prog.expressions), text_(text), context_(context) {}

  bool reads_rule_hours = false;

  typed check(const node& n) {
    // A backstop only: parse() returns no tree deeper than max_depth, and binary() walks
    // operator chains without recursing (F16).
    if (++depth_ > expr::max_depth) return fail(n, codes::expr_type, "expression nests too deeply");
    typed r = dispatch(n);
    --depth_;
    return r;
  }

  bool failed() const { return failed_; }

  typed fail(const node& n, const char* code, const std::string& message) {
    state_.sink.error(code, text_.at(n.begin), message);
    failed_ = true;
    typed t;
    t.ok = false;
    t.type = static_type::dynamic;
    t.source = &n;
    return t;
  }

 private:
  compiler_state& state_;
  expression_pool& pool_;
  const expression_text& text_;
  expression_context context_;
  int depth_ = 0;
  bool failed_ = false;

  typed emit(const node& n, expression_node e, std::initializer_list<std::uint32_t> operands = {}) {
    e.first = static_cast<std::uint32_t>(pool_.args.size());
    e.count = static_cast<std::uint32_t>(operands.size());
    for (auto o : operands) pool_.args.push_back(o);
    pool_.nodes.push_back(e);
    typed t;
    t.index = static_cast<std::uint32_t>(pool_.nodes.size() - 1);
    t.type = e.type;
    t.source = &n;
    return t;
  }

  typed constant(const node& n, value v, static_type type) {
    expression_node e;
    e.op = opcode::constant;
    e.type = type;
    e.constant = v;
    return emit(n, e);
  }

  typed dispatch(const node& n) {
    switch (n.k) {
      case node::kind::number: return constant(n, value::number(n.value), static_type::number);
      case node::kind::boolean: return constant(n, value::boolean(n.value != 0), static_type::boolean);
      case node::kind::string:
        return constant(n, value::text(state_.intern_string(n.text)), static_type::text);
      case node::kind::date: {
        auto d = date::parse(n.text);
        if (!d) return fail(n, codes::bad_date, fmt::format("'{}' is not a valid date (YYYY-MM-DD)", n.text));
        return constant(n, value::day(d->days_since_epoch()), static_type::day);
      }
      case node::kind::duration: {
        auto d = duration::parse(n.text);
        if (!d) return fail(n, codes::bad_duration, fmt::format("'{}' is not a valid duration (PnYnMnD)", n.text));
        return constant(n, value::span(*d), static_type::span);
      }
      case node::kind::list: return list(n);
      case node::kind::variable: return variable(n);
      case node::kind::attribute: {
        if (!is_achievement_context(context_))
          return fail(n, codes::expr_context,
                      fmt::format("`attrs.{}` reads an achievement; {} has none", n.text, context_name(context_)));
        const attribute_declaration* declared = nullptr;
        if (!declared_name(n, n.text, false, declared)) return bad(n);
        expression_node e;
        e.op = opcode::attribute;
        e.type = static_type::dynamic;
        e.index = state_.intern_attribute(n.text);
        typed t = emit(n, e);
        t.declared = declared;
        return t;
      }
      case node::kind::person: {
        const attribute_declaration* declared = nullptr;
        if (!declared_name(n, n.text, true, declared)) return bad(n);
        expression_node e;
        e.op = opcode::person_attribute;
        e.type = static_type::dynamic;
        e.index = state_.intern_person_attribute(n.text);
        typed t = emit(n, e);
        t.declared = declared;
        return t;
      }
      case node::kind::call: return call(n);
      case node::kind::unary: return unary(n);
      case node::kind::binary: return binary(n);
    }
    return fail(n, codes::expr_type, "unsupported expression");
  }

  // SPEC §11: where a section is declared, every name read must be declared in it
  // (E026, with the closest declared name). False after reporting; `out` is the
  // declaration, or nullptr when the section is not declared.
  bool declared_name(const node& at, std::string_view name, bool person, const attribute_declaration*& out) {
    if (check_declared(state_, name, person, text_.at(at.begin), out)) return true;
    failed_ = true;
    return false;
  }

  // A literal, or a minus on a number literal (`-1` is written as a literal).
  static bool is_literal(const node& n) {
    if (n.k == node::kind::unary && n.oper == expr::op::neg && n.children.size() == 1)
      return n.children[0].k == node::kind::number;
    return n.k == node::kind::number || n.k == node::kind::string || n.k == node::kind::boolean ||
           n.k == node::kind::date || n.k == node::kind::duration;
  }

  static static_type type_of(attribute_type t) {
    switch (t) {
      case attribute_type::boolean: return static_type::boolean;
      case attribute_type::number: return static_type::number;
      case attribute_type::text: return static_type::text;
      case attribute_type::date: return static_type::day;
    }
    return static_type::dynamic;
  }

  // SPEC §11: a declared attribute compared with a literal of another type is
  // E031; a text literal outside the declared `values` is E027. Both point at the literal.
  bool fits_declaration(const typed& attribute, const node& literal, const typed& literal_type) {
    const attribute_declaration* d = attribute.declared;
    if (d == nullptr || !is_literal(literal)) return true;
    if (literal_type.type != type_of(d->type)) {
      fail(literal, codes::expr_type,
           fmt::format("attribute '{}' is declared {}; a {} does not compare with it", d->name, to_string(d->type),
                       type_name(literal_type.type)));
      return false;
    }
    if (d->type == attribute_type::text && !d->values.empty() &&
        std::find(d->values.begin(), d->values.end(), literal.text) == d->values.end()) {
      std::vector<std::string_view> values(d->values.begin(), d->values.end());
      std::string allowed;
      for (const auto& v : d->values) allowed += (allowed.empty() ? "" : ", ") + v;
      state_.sink.error(codes::attribute_value, text_.at(literal.begin),
                        fmt::format("'{}' is not a value of attribute '{}' ({}){}", literal.text, d->name, allowed,
                                    did_you_mean(literal.text, values)));
      failed_ = true;
      return false;
    }
    return true;
  }

  // SPEC §11 with §9: `sum_of`/`avg_of` add numbers; a declared attribute of
  // another type would always be left out (E031).
  bool adds_numbers(const attribute_declaration* declared, const source_location& where, std::string_view what) {
    if (check_adds_numbers(state_, declared, where, what)) return true;
    failed_ = true;
    return false;
  }

  typed list(const node& n) {
    std::vector<typed> items;
    static_type element = static_type::dynamic;
    bool first = true;
    for (const auto& c : n.children) {
      typed t = check(c);
      if (!t.ok) return t;
      if (c.k == node::kind::list) return fail(c, codes::expr_type, "lists cannot nest");
      if (first) {
        element = t.type;
        first = false;
      } else if (t.type != element && t.type != static_type::dynamic && element != static_type::dynamic) {
        return fail(c, codes::expr_type,
                    fmt::format("list elements must have one type: {} after {}", type_name(t.type), type_name(element)));
      }
      items.push_back(t);
    }
    expression_node e;
    e.op = opcode::list;
    e.type = static_type::list;
    e.first = static_cast<std::uint32_t>(pool_.args.size());
    e.count = static_cast<std::uint32_t>(items.size());
    for (const auto& t : items) pool_.args.push_back(t.index);
    pool_.nodes.push_back(e);
    typed t;
    t.index = static_cast<std::uint32_t>(pool_.nodes.size() - 1);
    t.type = static_type::list;
    t.element = element;
    t.source = &n;
    return t;
  }

  typed variable(const node& n) {
    expression_node e;
    const bool achievement = is_achievement_context(context_);
    const auto unavailable = [&] {
      return fail(n, codes::expr_context, fmt::format("`{}` is not available in {}", n.text, context_name(context_)));
    };
    if (n.text == "as_of") {
      e.op = opcode::var_as_of;
      e.type = static_type::day;
    } else if (n.text == "unit" || n.text == "kind") {
      if (!achievement) return unavailable();
      e.op = n.text == "unit" ? opcode::var_unit : opcode::var_kind;
      e.type = static_type::text;
    } else if (n.text == "marks") {
      if (!achievement) return unavailable();
      e.op = opcode::var_marks;
      e.type = static_type::list;
      typed t = emit(n, e);
      t.element = static_type::text;
      return t;
    } else if (n.text == "date") {
      if (achievement) e.op = opcode::var_date;
      else if (context_ == expression_context::equivalence_when) e.op = opcode::var_rule_date;
      else return unavailable();
      e.type = static_type::day;
    } else if (n.text == "hours") {
      if (achievement) e.op = opcode::var_hours;
      else if (context_ == expression_context::equivalence_when) {
        e.op = opcode::var_rule_hours;
        reads_rule_hours = true;
      } else return unavailable();
      e.type = static_type::number;
    } else {
      return fail_unknown(
          n, codes::expr_context, fmt::format("unknown variable '{}'", n.text), n.text,
          did_you_mean(n.text, {"as_of", "unit", "kind", "marks", "date", "hours", "attrs", "person"}));
    }
    return emit(n, e);
  }

  // The one string-literal argument of has_mark/level/credited.
  const node* single_string_argument(const node& n) {
    if (n.children.size() != 1 || !n.named.empty() || n.children[0].k != node::kind::string) {
      fail(n, codes::expr_type, fmt::format("{}() takes one quoted string", n.text));
      return nullptr;
    }
    return &n.children[0];
  }

  typed call(const node& n) {
    const std::string& f = n.text;
    expression_node e;
    if (f == "has_mark") {
      if (!is_achievement_context(context_))
        return fail(n, codes::expr_context, fmt::format("has_mark() reads an achievement; {} has none", context_name(context_)));
      const node* arg = single_string_argument(n);
      if (!arg) return bad(n);
      auto it = state_.mark_index.find(arg->text);
      if (it == state_.mark_index.end())
        return fail_unknown(*arg, codes::unknown_reference, "mark", arg->text, state_.mark_index);
      e.op = opcode::has_mark;
      e.type = static_type::boolean;
      e.index = it->second;
      return emit(n, e);
    }
    if (f == "level") {
      if (context_ != expression_context::credit_when)
        return fail(n, codes::expr_context, "level() may appear only in a unit's `credit_when` (levels are what marks decide)");
      const node* arg = single_string_argument(n);
      if (!arg) return bad(n);
      auto it = state_.scale_index.find(arg->text);
      if (it == state_.scale_index.end())
        return fail_unknown(*arg, codes::unknown_reference, "scale", arg->text, state_.scale_index);
      e.op = opcode::level_of;
      e.type = static_type::level;
      e.index = it->second;
      typed t = emit(n, e);
      t.scale = it->second;
      return t;
    }
    if (f == "credited") {
      if (context_ != expression_context::diploma_check)
        return fail(n, codes::expr_context, fmt::format("credited() is available only in a diploma `check`, not in {}", context_name(context_)));
      const node* arg = single_string_argument(n);
      if (!arg) return bad(n);
      auto it = state_.unit_index.find(arg->text);
      if (it == state_.unit_index.end())
        return fail_unknown(*arg, codes::unknown_reference, "unit", arg->text, state_.unit_index);
      e.op = opcode::credited;
      e.type = static_type::boolean;
      e.index = it->second;
      return emit(n, e);
    }
    if (f == "hours_of" || f == "count_of" || f == "sum_of" || f == "avg_of") return aggregate(n);
    return fail_unknown(
        n, codes::expr_context, fmt::format("unknown function '{}'", f), f,
        did_you_mean(f, {"has_mark", "level", "credited", "hours_of", "count_of", "sum_of", "avg_of"}));
  }

  // hours_of / count_of / sum_of / avg_of with named selector arguments (SPEC §4, §9).
  typed aggregate(const node& n) {
    const std::string& f = n.text;
    if (context_ != expression_context::diploma_check)
      return fail(n, codes::expr_context, fmt::format("{}() is available only in a diploma `check`", f));
    if (!n.children.empty())
      return fail(n.children[0], codes::expr_type, fmt::format("{}() takes named arguments, e.g. {}(kind = \"keuzedeel\")", f, f));
    selector_parts parts;
    std::optional<std::string> attr;
    std::optional<duration> within;
    const auto string_list = [&](const node::named_argument& a, std::vector<located_text>& out) -> bool {
      const node& v = a.value.at(0);
      if (v.k != node::kind::list) {
        fail(v, codes::expr_type, fmt::format("`{}` takes a list of quoted strings", a.name));
        return false;
      }
      for (const auto& item : v.children) {
        if (item.k != node::kind::string) {
          fail(item, codes::expr_type, fmt::format("`{}` takes a list of quoted strings", a.name));
          return false;
        }
        out.push_back({item.text, text_.at(item.begin + 1)});
      }
      return true;
    };
    for (const auto& a : n.named) {
      const node& v = a.value.at(0);
      if (a.name == "units") {
        if (!string_list(a, parts.units)) return bad(n);
        parts.has_units = true;
      } else if (a.name == "tags") {
        if (!string_list(a, parts.tags)) return bad(n);
        parts.has_tags = true;
      } else if (a.name == "marks") {
        if (!string_list(a, parts.marks)) return bad(n);
        parts.has_marks = true;
      } else if (a.name == "kind") {
        if (v.k != node::kind::string) return fail(v, codes::expr_type, "`kind` takes a quoted string");
        parts.kind = located_text{v.text, text_.at(v.begin + 1)};
      } else if (a.name == "where") {
        // The selector's achievement condition is an expression of its own context.
        checker inner(state_, text_, expression_context::selector_where);
        typed w = inner.check(v);
        if (!w.ok || inner.failed()) return bad(n);
        if (w.type != static_type::boolean && w.type != static_type::dynamic)
          return fail(v, codes::expr_type, fmt::format("`where` must be a condition, not a {}", type_name(w.type)));
        expression_info info;
        info.root = w.index;
        info.text = text_.text.substr(v.begin, v.end - v.begin);
        info.where = text_.at(v.begin);
        pool_.expressions.push_back(info);
        parts.where = static_cast<std::int32_t>(pool_.expressions.size() - 1);
      } else if (a.name == "attr" && (f == "sum_of" || f == "avg_of")) {
        if (v.k != node::kind::string) return fail(v, codes::expr_type, "`attr` takes a quoted attribute name");
        const attribute_declaration* declared = nullptr;
        if (v.text != "hours" && !check_declared(state_, v.text, false, text_.at(v.begin + 1), declared))
          return bad(n);
        if (!adds_numbers(declared, text_.at(v.begin + 1), f)) return bad(n);
        attr = v.text;
      } else if (a.name == "within" && f == "sum_of") {
        if (v.k != node::kind::duration) return fail(v, codes::expr_type, "`within` takes a duration such as P5Y");
        within = duration::parse(v.text);
        if (!within) return fail(v, codes::bad_duration, fmt::format("'{}' is not a valid duration (PnYnMnD)", v.text));
      } else {
        std::vector<std::string_view> arguments = {"units", "kind", "tags", "marks", "where"};
        if (f == "sum_of" || f == "avg_of") arguments.emplace_back("attr");
        if (f == "sum_of") arguments.emplace_back("within");
        state_.sink.error(
            codes::expr_type, text_.at(a.begin),
            fmt::format("{}() has no argument `{}`{}", f, a.name, did_you_mean(a.name, arguments)));
        return bad(n);
      }
    }
    const bool picks_achievements =
        f == "sum_of" || f == "avg_of" || (f == "count_of" && (parts.has_marks || parts.where != no_index));
    if (f == "hours_of" && (parts.has_marks || parts.where != no_index))
      return fail(n, codes::expr_type,
                  "hours_of() adds units' declared hours; `marks` and `where` pick achievements (use sum_of(attr = \"hours\", ...))");
    if ((f == "sum_of" || f == "avg_of") && !attr)
      return fail(n, codes::expr_type, fmt::format("{}() needs `attr = \"NAME\"`", f));
    expression_node e;
    e.op = f == "hours_of" ? opcode::hours_of : f == "count_of" ? opcode::count_of : f == "sum_of" ? opcode::sum_of : opcode::avg_of;
    e.type = static_type::number;
    e.index = build_selector(state_, parts, picks_achievements);
    if (e.index == no_index) return bad(n);
    if (attr) e.slot = *attr == "hours" ? -1 : state_.intern_attribute(*attr);
    if (within) {
      e.has_within = true;
      e.within = *within;
    }
    return emit(n, e);
  }

  // An unknown name: SPEC §11's suggestion, follow_on when the name's definition failed.
  typed fail_unknown(const node& n, const char* code, const std::string& message, std::string_view name,
                     const std::string& hint) {
    state_.sink.unknown_name(code, text_.at(n.begin), message + hint, name);
    return bad(n);
  }
  typed fail_unknown(const node& n, const char* code, std::string_view what, std::string_view name,
                     const std::map<std::string, std::int32_t, std::less<>>& known) {
    return fail_unknown(n, code, fmt::format("unknown {} '{}'", what, name), name,
                        compiler_state::hint(known, name));
  }

  typed bad(const node& n) {
    failed_ = true;
    typed t;
    t.ok = false;
    t.type = static_type::dynamic;
    t.source = &n;
    return t;
  }

  typed unary(const node& n) {
    typed a = check(n.children.at(0));
    if (!a.ok) return a;
    expression_node e;
    if (n.oper == expr::op::not_) {
      if (a.type != static_type::boolean && a.type != static_type::dynamic)
        return fail(n, codes::expr_type, fmt::format("`not` needs a condition, not a {}", type_name(a.type)));
      e.op = opcode::logical_not;
      e.type = static_type::boolean;
    } else {
      if (a.type != static_type::number && a.type != static_type::dynamic)
        return fail(n, codes::expr_type, fmt::format("unary `-` needs a number, not a {}", type_name(a.type)));
      e.op = opcode::neg;
      e.type = static_type::number;
    }
    return emit(n, e, {a.index});
  }

  // Turns a string literal compared with a level of `scale` into that level.
  bool coerce_to_level(typed& t, std::int32_t scale) {
    if (t.type == static_type::level) {
      if (t.scale != scale) {
        fail(*t.source, codes::expr_type,
             fmt::format("levels of '{}' and '{}' do not compare", state_.prog.scales[static_cast<std::size_t>(t.scale)].id,
                         state_.prog.scales[static_cast<std::size_t>(scale)].id));
        return false;
      }
      return true;
    }
    if (t.source && t.source->k == node::kind::string) {
      const std::int32_t level = state_.level_index(scale, t.source->text);
      if (level == no_index) {
        state_.sink.unknown_name(codes::unknown_level, text_.at(t.source->begin),
                                 fmt::format("'{}' is not a level of scale '{}'{}", t.source->text,
                                             state_.prog.scales[static_cast<std::size_t>(scale)].id,
                                             state_.level_hint(scale, t.source->text)),
                                 t.source->text);
        failed_ = true;
        return false;
      }
      pool_.nodes[t.index].constant = value::level(level);
      pool_.nodes[t.index].type = static_type::level;
      t.type = static_type::level;
      t.scale = scale;
      return true;
    }
    if (t.type == static_type::dynamic) return true;
    fail(*t.source, codes::expr_type, fmt::format("a level compares with a level name in quotes, not a {}", type_name(t.type)));
    return false;
  }

  // F16: a chain of binary operators is up to max_operators deep (`1 + 1 + ... + 1` folds
  // into a left-deep tree), too deep to recurse over under ASan, so the binary nodes of a
  // subtree are walked with an explicit stack. check() then recurses only through unary
  // operators, calls, lists and parentheses, which the parser caps at max_nesting.
  typed binary(const node& root) {
    struct step {
      const node* n;
      typed a;  // the checked left operand, once has_a
      bool has_a = false;
    };
    std::vector<step> stack{{&root, {}, false}};
    std::optional<typed> finished;  // the operand just checked, for the step on top
    for (;;) {
      step& s = stack.back();
      if (finished) {
        const typed t = *finished;
        finished.reset();
        if (!t.ok) return t;  // as the recursion did: the first failure ends the whole check
        if (!s.has_a) {
          s.a = t;
          s.has_a = true;
        } else {
          finished = combine(*s.n, s.a, t);
          stack.pop_back();
          if (stack.empty() || !finished->ok) return *finished;
          continue;
        }
      }
      const node& operand = s.n->children.at(s.has_a ? 1 : 0);
      if (operand.k == node::kind::binary) stack.push_back({&operand, {}, false});
      else finished = check(operand);
    }
  }

  // Types and lowers binary node `n` whose operands are checked.
  typed combine(const node& n, typed a, typed b) {
    using expr::op;
    expression_node e;
    const auto is = [](const typed& t, static_type s) { return t.type == s || t.type == static_type::dynamic; };
    switch (n.oper) {
      case op::and_:
      case op::or_:
        if (!is(a, static_type::boolean)) return fail(n.children[0], codes::expr_type, fmt::format("`{}` needs conditions, not a {}", n.oper == op::and_ ? "and" : "or", type_name(a.type)));
        if (!is(b, static_type::boolean)) return fail(n.children[1], codes::expr_type, fmt::format("`{}` needs conditions, not a {}", n.oper == op::and_ ? "and" : "or", type_name(b.type)));
        e.op = n.oper == op::and_ ? opcode::logical_and : opcode::logical_or;
        e.type = static_type::boolean;
        return emit(n, e, {a.index, b.index});
      case op::eq: case op::ne: case op::lt: case op::le: case op::gt: case op::ge: {
        if (!fits_declaration(a, n.children[1], b) || !fits_declaration(b, n.children[0], a)) return bad(n);
        if (a.type == static_type::level || b.type == static_type::level) {
          const std::int32_t scale = a.type == static_type::level ? a.scale : b.scale;
          if (!coerce_to_level(a, scale) || !coerce_to_level(b, scale)) return bad(n);
        }
        const bool ordering = n.oper != op::eq && n.oper != op::ne;
        if (a.type == static_type::list || b.type == static_type::list)
          return fail(n, codes::expr_type, "lists do not compare; use `in`");
        if (a.type != static_type::dynamic && b.type != static_type::dynamic && a.type != b.type)
          return fail(n, codes::expr_type, fmt::format("a {} does not compare with a {}", type_name(a.type), type_name(b.type)));
        const static_type known = a.type != static_type::dynamic ? a.type : b.type;
        if (ordering && (known == static_type::span))
          return fail(n, codes::expr_type, "durations compare with == and != only");
        if (ordering && (known == static_type::boolean || known == static_type::text))
          return fail(n, codes::expr_type, fmt::format("a {} has no order; use == or !=", type_name(known)));
        e.op = n.oper == op::eq ? opcode::eq : n.oper == op::ne ? opcode::ne : n.oper == op::lt ? opcode::lt
             : n.oper == op::le ? opcode::le : n.oper == op::gt ? opcode::gt : opcode::ge;
        e.type = static_type::boolean;
        return emit(n, e, {a.index, b.index});
      }
      case op::in: {
        if (b.type != static_type::list)
          return fail(n.children[1], codes::expr_type, "`in` needs a list on its right, e.g. x in [\"a\", \"b\"] or \"m\" in marks");
        const expression_node& list_node = pool_.nodes[b.index];
        if (list_node.op == opcode::var_marks) {
          if (!is(a, static_type::text)) return fail(n.children[0], codes::expr_type, "`in marks` needs a mark id in quotes");
          e.op = opcode::in_marks;
          if (a.source && a.source->k == node::kind::string && !state_.mark_index.count(a.source->text))
            return fail_unknown(*a.source, codes::unknown_reference, "mark", a.source->text,
                                state_.mark_index);
        } else {
          if (a.declared) {
            const node& items = n.children[1];
            for (std::uint32_t k = 0; k < list_node.count && items.k == node::kind::list; ++k) {
              typed item;
              item.type = pool_.nodes[pool_.args[list_node.first + k]].type;
              if (!fits_declaration(a, items.children[k], item)) return bad(n);
            }
          }
          if (a.type == static_type::level) {
            for (std::uint32_t k = 0; k < list_node.count; ++k) {
              const node& item = n.children[1].children[k];
              const std::int32_t level = state_.level_index(a.scale, item.text);
              if (item.k != node::kind::string || level == no_index)
                return fail_unknown(item, codes::unknown_level,
                                    fmt::format("'{}' is not a level of scale '{}'", item.text,
                                                state_.prog.scales[static_cast<std::size_t>(a.scale)].id),
                                    item.text, state_.level_hint(a.scale, item.text));
              pool_.nodes[pool_.args[list_node.first + k]].constant = value::level(level);
              pool_.nodes[pool_.args[list_node.first + k]].type = static_type::level;
            }
          } else if (a.type != static_type::dynamic && b.element != static_type::dynamic && a.type != b.element && list_node.count > 0) {
            return fail(n, codes::expr_type, fmt::format("a {} is never in a list of {}", type_name(a.type), type_name(b.element)));
          }
          e.op = opcode::in_list;
        }
        e.type = static_type::boolean;
        return emit(n, e, {a.index, b.index});
      }
      case op::add: case op::sub: {
        static_type result = static_type::number;
        const static_type x = a.type, y = b.type;
        const auto dyn = static_type::dynamic;
        if ((x == static_type::number || x == dyn) && (y == static_type::number || y == dyn) && !(x == dyn && y == dyn)) result = static_type::number;
        else if (x == dyn && y == dyn) result = static_type::number;
        else if ((x == static_type::day || x == dyn) && y == static_type::span) result = static_type::day;
        else if (n.oper == op::add && x == static_type::span && (y == static_type::day || y == dyn)) result = static_type::day;
        else if (n.oper == op::sub && (x == static_type::day || x == dyn) && (y == static_type::day || y == dyn)) result = static_type::number;
        else
          return fail(n, codes::expr_type, fmt::format("`{}` does not apply to a {} and a {}", n.oper == op::add ? "+" : "-", type_name(x), type_name(y)));
        e.op = n.oper == op::add ? opcode::add : opcode::sub;
        e.type = result;
        return emit(n, e, {a.index, b.index});
      }
      case op::mul: case op::div:
        if (!is(a, static_type::number) || !is(b, static_type::number))
          return fail(n, codes::expr_type, fmt::format("`{}` needs numbers, not a {} and a {}", n.oper == op::mul ? "*" : "/", type_name(a.type), type_name(b.type)));
        // F14: every person would fail at evaluation (E050), so say it once, at the `/`.
        if (const auto zero = n.oper == op::div ? literal_zero(text_.text, n.children[1]) : "";
            !zero.empty()) {
          state_.sink.error(codes::literal_zero, text_.at(operator_offset(text_.text, n)),
                            fmt::format("division by zero (the divisor is the literal {})", zero));
          return bad(n);
        }
        e.op = n.oper == op::mul ? opcode::mul : opcode::div;
        e.type = static_type::number;
        return emit(n, e, {a.index, b.index});
      default:
        return fail(n, codes::expr_type, "unsupported operator");
    }
  }
};

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace

std::int32_t compile_expression(compiler_state& state, const expression_text& text, expression_context context) {
  const expr::parse_result parsed = expr::parse(text.text);
  if (parsed.error) {
    state.sink.error(parsed.error->chained_comparison ? codes::expr_chain : codes::expr_syntax,
                     text.at(parsed.error->offset), parsed.error->message);
    return no_index;
  }
  checker c(state, text, context);
  typed root = c.check(*parsed.ast);
  if (!root.ok || c.failed()) return no_index;
  if (root.type != static_type::boolean && root.type != static_type::dynamic) {
    state.sink.error(codes::expr_type, text.at(parsed.ast->begin),
                     fmt::format("{} must be a condition, not a {}", context_name(context), type_name(root.type)));
    return no_index;
  }
  expression_info info;
  info.root = root.index;
  info.text = trim(text.text);
  info.where = text.at(0);
  info.reads_rule_hours = c.reads_rule_hours;
  state.prog.expressions.expressions.push_back(std::move(info));
  return static_cast<std::int32_t>(state.prog.expressions.expressions.size() - 1);
}

}  // namespace civeff::detail
