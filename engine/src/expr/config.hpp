// SPDX-License-Identifier: Apache-2.0
#pragma once
// The types the expression grammar is instantiated with (the rexpr_full config.hpp):
// the iterator, the skipper and the context. grammar.cpp instantiates the grammar
// for exactly this context and calls it with exactly this context.
// Only expr/grammar*.{hpp,cpp} include this header.

#include <boost/spirit/home/x3.hpp>

#include <cstddef>
#include <optional>
#include <string>

#include "expr/ast.hpp"

namespace civeff::detail::expr::grammar {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;

// Everything one parse carries besides the iterators: the start of the text (node offsets
// are relative to it), the nesting depth and operator count (hostile input must not
// overflow the stack, see grammar_def.hpp) and the earliest error found.
struct parse_state {
  iterator_type begin = nullptr;
  iterator_type end = nullptr;
  int depth = 0;
  int operators = 0;
  std::optional<parse_error> error;

  // Keeps the earliest error (by offset; the first reported on a tie).
  void report(std::size_t offset, std::string message, bool chained_comparison = false) {
    if (!error || offset < error->offset) error = parse_error{offset, std::move(message), chained_comparison};
  }
  std::size_t offset(iterator_type it) const { return static_cast<std::size_t>(it - begin); }
};

// The tag under which parse_state sits in the X3 context (x3::with<state_tag>(state)).
struct state_tag;

// Spaces, tabs and line breaks may appear between any two tokens (SPEC §4).
using skipper_type = x3::ascii::space_type;

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type = x3::context<state_tag, parse_state, phrase_context_type>;

// Turns an expectation failure (X3's `which` = the failing rule's name) into a parse_error
// with a friendly message; the table lives in grammar.cpp.
void report_expectation(parse_state& state, iterator_type where, const std::string& which);

}  // namespace civeff::detail::expr::grammar
