// SPDX-License-Identifier: Apache-2.0
// expr::print: the canonical s-expression of a parsed expression (tests, --dump=ast).
//
// The printed form, node kind by node kind:
//   number     shortest round-trip form: 12, 4.5, 0.25 (std::to_chars)
//   string     "text", with " and \ escaped again as \" and \\          "a \"b\""
//   boolean    true | false
//   date       as written                                                2024-01-01
//   duration   as written                                                P1Y6M
//   list       [e1 e2 ...], elements separated by one space              ["a" "b"], []
//   variable   the name                                                  as_of
//   attribute  attrs.NAME;  person: person.NAME
//   unary      (not X), (neg X)
//   binary     (OP L R), OP one of: or and == != < <= > >= in + - * /
//   call       (call NAME POSITIONAL... NAME=VALUE...)                   (call has_mark "x")
//              e.g. (call count_of kind="keuzedeel" where=(>= attrs.grade 6)); (call f) without arguments
// Parentheses in the source leave no trace: (a or b) and c prints (and (or a b) c).

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

#include "expr/ast.hpp"

namespace civeff::detail::expr {

namespace {

std::string_view op_name(op o) {
  switch (o) {
    case op::or_: return "or";
    case op::and_: return "and";
    case op::not_: return "not";
    case op::eq: return "==";
    case op::ne: return "!=";
    case op::lt: return "<";
    case op::le: return "<=";
    case op::gt: return ">";
    case op::ge: return ">=";
    case op::in: return "in";
    case op::add: return "+";
    case op::sub: return "-";
    case op::mul: return "*";
    case op::div: return "/";
    case op::neg: return "neg";
  }
  return "?";
}

void print_number(double value, std::string& out) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec == std::errc{}) out.append(buffer, end);
  else out += "?";
}

void print_string(const std::string& text, std::string& out) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

void print_to(const node& n, std::string& out) {
  switch (n.k) {
    case node::kind::number: print_number(n.value, out); return;
    case node::kind::string: print_string(n.text, out); return;
    case node::kind::boolean: out += n.value != 0 ? "true" : "false"; return;
    case node::kind::date:
    case node::kind::duration:
    case node::kind::variable: out += n.text; return;
    case node::kind::attribute: out += "attrs." + n.text; return;
    case node::kind::person: out += "person." + n.text; return;
    case node::kind::list: {
      out += '[';
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) out += ' ';
        print_to(n.children[i], out);
      }
      out += ']';
      return;
    }
    case node::kind::call: {
      out += "(call ";
      out += n.text;
      for (const node& arg : n.children) {
        out += ' ';
        print_to(arg, out);
      }
      for (const node::named_argument& arg : n.named) {
        out += ' ';
        out += arg.name;
        out += '=';
        if (!arg.value.empty()) print_to(arg.value.front(), out);
      }
      out += ')';
      return;
    }
    case node::kind::unary:
    case node::kind::binary: {
      out += '(';
      out += op_name(n.oper);
      for (const node& child : n.children) {
        out += ' ';
        print_to(child, out);
      }
      out += ')';
      return;
    }
  }
}

}  // namespace

std::string print(const node& n) {
  std::string out;
  print_to(n, out);
  return out;
}

}  // namespace civeff::detail::expr
