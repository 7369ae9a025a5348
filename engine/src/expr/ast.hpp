// SPDX-License-Identifier: Apache-2.0
#pragma once
// The expression syntax tree (SPEC §4) as the parser hands it to the checker.
// Plain data, free of Spirit X3: only expr/grammar*.{hpp,cpp} see X3. Offsets are
// byte offsets into the expression text; expression_text::at() maps them to the file.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civeff::detail::expr {

enum class op {
  or_, and_, not_,                         // logical
  eq, ne, lt, le, gt, ge, in,              // comparison (non-associative)
  add, sub, mul, div,                      // arithmetic
  neg                                      // unary minus
};

struct node {
  enum class kind {
    number,        // value
    string,        // text (unescaped)
    boolean,       // value != 0
    date,          // text (YYYY-MM-DD as written; the checker validates the day)
    duration,      // text (PnYnMnD as written)
    list,          // children = elements
    variable,      // text = unit | kind | date | hours | marks | as_of (any identifier)
    attribute,     // text = NAME of attrs.NAME
    person,        // text = NAME of person.NAME
    call,          // text = function name; children = positional args; named = name = expr
    unary,         // oper, children[0]
    binary         // oper, children[0], children[1]
  };
  kind k = kind::number;
  std::size_t begin = 0, end = 0;          // [begin, end) in the expression text
  double value = 0;
  std::string text;
  op oper = op::or_;
  std::vector<node> children;
  struct named_argument {
    std::string name;
    std::size_t begin = 0;                 // offset of the name
    std::vector<node> value;               // exactly one element (vector: node is incomplete here)
  };
  std::vector<named_argument> named;
};

// Limits parse() enforces on hostile input (syntax errors past them), so that every pass
// that recurses over the tree stays within a bounded stack.
// Deeper nesting of ( [ f( not and unary - than this is an error.
inline constexpr int max_nesting = 200;
// More binary operators than this in one expression is an error.
inline constexpr int max_operators = 1000;
// The deepest tree parse() returns: a path from the root passes at most one binary node
// per operator and one unary, list or call node per nesting level, then a leaf.
inline constexpr int max_depth = max_nesting + max_operators + 1;

struct parse_error {
  std::size_t offset = 0;                  // where the problem is
  std::string message;                     // e.g. "expected an expression after 'and'"
  bool chained_comparison = false;         // `a < b < c`: its own diagnostic code (E033)
};

struct parse_result {
  std::optional<node> ast;
  std::optional<parse_error> error;        // exactly one of ast / error is set
};

// Parses a whole expression (leading/trailing spaces allowed). Never throws.
// `a < b < c` is an error here ("comparisons do not chain; use 'and'").
parse_result parse(std::string_view text);

// A canonical s-expression form of the tree, for tests: (and (== attrs.exam true) (>= hours 4)).
std::string print(const node& n);

}  // namespace civeff::detail::expr
