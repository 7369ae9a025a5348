// SPDX-License-Identifier: Apache-2.0
#pragma once
// The expression grammar's entry rule (the rexpr_full rexpr.hpp): the rule type and
// BOOST_SPIRIT_DECLARE. The definition is in grammar_def.hpp; grammar.cpp is the one
// translation unit that includes it and instantiates it (BOOST_SPIRIT_INSTANTIATE).

#include <boost/spirit/home/x3.hpp>

#include "expr/ast.hpp"

namespace civeff::detail::expr::grammar {

namespace x3 = boost::spirit::x3;

// A whole expression: leading/trailing spaces allowed, nothing else after it.
// Its id carries the on_error handler that turns expectation failures into parse_errors.
struct expression_class;
using expression_type = x3::rule<expression_class, node>;
BOOST_SPIRIT_DECLARE(expression_type)

const expression_type& expression();

}  // namespace civeff::detail::expr::grammar
