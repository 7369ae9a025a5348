// SPDX-License-Identifier: Apache-2.0
#pragma once
// The expression grammar of SPEC §4 (the rexpr_full rexpr_def.hpp): rule ids, *_def
// definitions and BOOST_SPIRIT_DEFINE. Included by grammar.cpp only.
//
// The rules build expr::node directly with semantic actions (no X3-specific AST):
// every rule that has actions assigns the whole of _val, so a failed alternative
// leaves nothing behind. Positions come from x3::raw (which skips leading spaces
// first), so a node's [begin, end) never includes surrounding whitespace.
//
// Errors: every `>` expectation point names a rule; report_expectation() in grammar.cpp
// maps that name to a friendly message. Problems found inside a token that parsed fine
// (a number out of range, a malformed duration, a repeated argument) are reported to the
// parse_state without stopping, and the earliest problem wins.

#include <boost/fusion/include/at_c.hpp>
#include <boost/spirit/home/x3.hpp>

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

#include "expr/config.hpp"
#include "expr/exponent.hpp"
#include "expr/grammar.hpp"

namespace civeff::detail::expr::grammar {

namespace fusion = boost::fusion;

// max_nesting (ast.hpp): parsing recurses once per nesting level (about 3 KB of stack per
// level at -O2, 12 KB at -O0 or under ASan).
//
// max_operators (ast.hpp): chains like a + b + c parse iteratively but fold into a
// left-deep tree, and everything after the parser (printer, checker, evaluator, the node
// destructor) recurses over it: together with max_nesting this bounds the depth of every
// tree parse() returns (max_depth).

// An identifier and the offset of its first character.
struct positioned_name {
  std::string text;
  std::size_t begin = 0;
};

// One argument of a call: `expr` or `name = expr`.
struct call_argument {
  bool named = false;
  positioned_name name;
  node value;
};

// ---------------------------------------------------------------------------------------
// Rule id bases: error handlers (x3 calls ID().on_error when an expectation fails inside).

// The whole expression: turns any expectation failure into state.error and fails.
struct report_errors {
  template <typename Iterator, typename Exception, typename Context>
  x3::error_handler_result on_error(Iterator& /*first*/, const Iterator& /*last*/, const Exception& x,
                                    const Context& context) const {
    report_expectation(x3::get<state_tag>(context), x.where(), x.which());
    return x3::error_handler_result::fail;
  }
};

// A string literal: a missing closing quote is reported at the opening quote (SPEC §4),
// which only this rule knows (`first` is where the literal began).
struct report_unterminated {
  template <typename Iterator, typename Exception, typename Context>
  x3::error_handler_result on_error(Iterator& first, const Iterator& last, const Exception& x,
                                    const Context& context) const {
    if (x.which() != "closing_quote") return x3::error_handler_result::rethrow;
    Iterator quote = first;
    x3::skip_over(quote, last, context);
    throw x3::expectation_failure<Iterator>(quote, "unterminated_string");
  }
};

struct expression_class : report_errors {};
struct string_literal_id : report_unterminated {};

// ---------------------------------------------------------------------------------------
// nested[p]: parses p one nesting level deeper; past max_nesting it fails the whole parse
// ("nesting", reported at the opening token just before p). Placed right after each
// opener: ( [ f( not and unary -.

template <typename Subject>
struct nesting_directive : x3::unary_parser<Subject, nesting_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, nesting_directive<Subject>>;
  static const bool is_pass_through_unary = true;
  static const bool handles_container = Subject::handles_container;

  constexpr nesting_directive(const Subject& s) : base_type(s) {}

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext& rcontext,
             Attribute& attr) const {
    parse_state& state = x3::get<state_tag>(context);
    if (state.depth >= max_nesting) throw x3::expectation_failure<Iterator>(first, "nesting");
    ++state.depth;
    struct leave {
      int& depth;
      ~leave() { --depth; }
    } const guard{state.depth};
    return this->subject.parse(first, last, context, rcontext, attr);
  }
};

struct nesting_gen {
  template <typename Subject>
  constexpr nesting_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
      const Subject& subject) const {
    return {x3::as_parser(subject)};
  }
};

inline constexpr nesting_gen nested{};

// ---------------------------------------------------------------------------------------
// Node construction (semantic actions). _val is the rule's node, _attr the subject's value.

inline node make_binary(op o, node lhs, node rhs) {
  node n;
  n.k = node::kind::binary;
  n.oper = o;
  n.begin = lhs.begin;
  n.end = rhs.end;
  n.children.reserve(2);
  n.children.push_back(std::move(lhs));
  n.children.push_back(std::move(rhs));
  return n;
}

// _val = _attr
struct assign_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    x3::_val(ctx) = std::move(x3::_attr(ctx));
  }
};
inline constexpr assign_fn assign{};

// Counts one more binary operator; past max_operators the whole parse fails ("operators",
// reported at the operator, which follows `lhs` after spaces).
template <typename Context>
void count_operator(const Context& ctx, const node& lhs) {
  parse_state& state = x3::get<state_tag>(ctx);
  if (++state.operators > max_operators)
    throw x3::expectation_failure<iterator_type>(state.begin + lhs.end, "operators");
}

// _val = (O _val _attr): `a and b and c` folds to the left.
template <op O>
struct fold_with {
  template <typename Context>
  void operator()(const Context& ctx) const {
    count_operator(ctx, x3::_val(ctx));
    x3::_val(ctx) = make_binary(O, std::move(x3::_val(ctx)), std::move(x3::_attr(ctx)));
  }
};

// _val = (op _val rhs) where _attr = (op, rhs): + - * / and the comparisons.
struct fold_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    count_operator(ctx, x3::_val(ctx));
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = make_binary(fusion::at_c<0>(a), std::move(x3::_val(ctx)), std::move(fusion::at_c<1>(a)));
  }
};
inline constexpr fold_fn fold{};

// _val = (O _attr); its range is stamped by the enclosing raw[] (see stamp_range).
template <op O>
struct unary_with {
  template <typename Context>
  void operator()(const Context& ctx) const {
    node n;
    n.k = node::kind::unary;
    n.oper = O;
    n.children.push_back(std::move(x3::_attr(ctx)));
    x3::_val(ctx) = std::move(n);
  }
};

// raw[p][stamp_range]: _val.[begin, end) = what p matched.
struct stamp_range_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    const parse_state& state = x3::get<state_tag>(ctx);
    const auto& range = x3::_attr(ctx);
    x3::_val(ctx).begin = state.offset(range.begin());
    x3::_val(ctx).end = state.offset(range.end());
  }
};
inline constexpr stamp_range_fn stamp_range{};

// raw[p][leaf<K>]: a date or duration, text as written.
template <node::kind K>
struct leaf {
  template <typename Context>
  void operator()(const Context& ctx) const {
    const parse_state& state = x3::get<state_tag>(ctx);
    const auto& range = x3::_attr(ctx);
    node n;
    n.k = K;
    n.text.assign(range.begin(), range.end());
    n.begin = state.offset(range.begin());
    n.end = state.offset(range.end());
    x3::_val(ctx) = std::move(n);
  }
};

// _val = node K with text _attr (a string): attrs.NAME, person.NAME, "text".
template <node::kind K>
struct named_leaf {
  template <typename Context>
  void operator()(const Context& ctx) const {
    node n;
    n.k = K;
    n.text = std::move(x3::_attr(ctx));
    x3::_val(ctx) = std::move(n);
  }
};

template <bool B>
struct boolean_leaf {
  template <typename Context>
  void operator()(const Context& ctx) const {
    node n;
    n.k = node::kind::boolean;
    n.value = B ? 1 : 0;
    x3::_val(ctx) = std::move(n);
  }
};

// raw[digits][make_number]: converted exactly (std::from_chars rounds correctly). An
// exponent is matched only to say what to write instead (F16).
struct make_number_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    parse_state& state = x3::get<state_tag>(ctx);
    const auto& range = x3::_attr(ctx);
    node n;
    n.k = node::kind::number;
    n.begin = state.offset(range.begin());
    n.end = state.offset(range.end());
    const std::string_view written(range.begin(), static_cast<std::size_t>(range.end() - range.begin()));
    const auto [ptr, ec] = std::from_chars(range.begin(), range.end(), n.value);
    if (written.find_first_of("eE") != std::string_view::npos)
      state.report(n.begin, exponent_message(written));
    else if (ec != std::errc{} || ptr != range.end()) state.report(n.begin, "number out of range");
    x3::_val(ctx) = std::move(n);
  }
};
inline constexpr make_number_fn make_number{};

inline bool is_keyword(std::string_view word) {
  return word == "and" || word == "or" || word == "not" || word == "in" || word == "true" || word == "false";
}

// raw[letters][make_identifier]: a keyword is not an identifier.
struct make_identifier_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    const parse_state& state = x3::get<state_tag>(ctx);
    const auto& range = x3::_attr(ctx);
    std::string text(range.begin(), range.end());
    if (is_keyword(text)) {
      x3::_pass(ctx) = false;
      return;
    }
    x3::_val(ctx) = positioned_name{std::move(text), state.offset(range.begin())};
  }
};
inline constexpr make_identifier_fn make_identifier{};

// P, PY, P5D5Y: shaped like a duration but not one (SPEC §10: P then nY nM nD in that
// order, at least one). A well-formed duration never reaches the identifier rule.
inline bool looks_like_duration(std::string_view word) {
  return !word.empty() && word[0] == 'P' &&
         word.find_first_not_of("0123456789YMD", 1) == std::string_view::npos;
}

struct make_variable_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    parse_state& state = x3::get<state_tag>(ctx);
    positioned_name& name = x3::_attr(ctx);
    if (looks_like_duration(name.text))
      state.report(name.begin, "'" + name.text +
                                   "' is not a valid duration: write P, then nY, nM and nD in that order"
                                   " (P5Y, P18M, P1Y6M, P30D)");
    node n;
    n.k = node::kind::variable;
    n.begin = name.begin;
    n.end = name.begin + name.text.size();
    n.text = std::move(name.text);
    x3::_val(ctx) = std::move(n);
  }
};
inline constexpr make_variable_fn make_variable{};

// (name '(' arguments)[make_call]: positional arguments first, then named ones, each name once.
struct make_call_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    parse_state& state = x3::get<state_tag>(ctx);
    auto& parts = x3::_attr(ctx);
    node call;
    call.k = node::kind::call;
    call.text = std::move(fusion::at_c<0>(parts).text);
    // A hash set, not a scan of the earlier names: a call may have any number of them.
    std::unordered_set<std::string> names;
    for (call_argument& a : fusion::at_c<1>(parts)) {
      if (!a.named) {
        if (!call.named.empty())
          state.report(a.value.begin, "a positional argument cannot follow a named one");
        call.children.push_back(std::move(a.value));
        continue;
      }
      if (!names.insert(a.name.text).second)
        state.report(a.name.begin, "argument '" + a.name.text + "' is given twice");
      node::named_argument arg;
      arg.name = std::move(a.name.text);
      arg.begin = a.name.begin;
      arg.value.push_back(std::move(a.value));
      call.named.push_back(std::move(arg));
    }
    x3::_val(ctx) = std::move(call);
  }
};
inline constexpr make_call_fn make_call{};

struct make_named_argument_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = call_argument{true, std::move(fusion::at_c<0>(a)), std::move(fusion::at_c<1>(a))};
  }
};
inline constexpr make_named_argument_fn make_named_argument{};

struct make_positional_argument_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    x3::_val(ctx) = call_argument{false, {}, std::move(x3::_attr(ctx))};
  }
};
inline constexpr make_positional_argument_fn make_positional_argument{};

struct make_list_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    node n;
    n.k = node::kind::list;
    n.children = std::move(x3::_attr(ctx));
    x3::_val(ctx) = std::move(n);
  }
};
inline constexpr make_list_fn make_list{};

struct push_back_fn {
  template <typename Context>
  void operator()(const Context& ctx) const {
    x3::_val(ctx).push_back(std::move(x3::_attr(ctx)));
  }
};
inline constexpr push_back_fn push_back{};

// ---------------------------------------------------------------------------------------
// Tokens

using x3::lexeme;
using x3::lit;
using x3::raw;

const auto digit = x3::ascii::digit;
const auto ident_head = x3::ascii::alpha | x3::ascii::char_('_');
const auto ident_tail = x3::ascii::alnum | x3::ascii::char_('_');

// A keyword is a whole word: `order` and `android` are identifiers.
inline auto keyword(const char* word) { return lexeme[lit(word) >> !ident_tail]; }

const auto kw_or = keyword("or");
const auto kw_and = keyword("and");
const auto kw_not = keyword("not");
const auto kw_in = keyword("in");
const auto kw_true = keyword("true");
const auto kw_false = keyword("false");

// ---------------------------------------------------------------------------------------
// Rules. The name of each rule that follows a `>` is what report_expectation() looks up;
// every operand after an operator is called "operand" (the message quotes the operator).

const x3::rule<class or_expr_id, node> or_expr = "expression";
const x3::rule<class or_operand_id, node> or_operand = "operand";
const x3::rule<class and_expr_id, node> and_expr = "and_expr";
const x3::rule<class and_operand_id, node> and_operand = "operand";
const x3::rule<class not_expr_id, node> not_expr = "not_expr";
const x3::rule<class not_operand_id, node> not_operand = "operand";
const x3::rule<class comparison_id, node> comparison = "comparison";
const x3::rule<class comparison_op_id, op> comparison_op = "comparison_op";
const x3::rule<class comparison_operand_id, node> comparison_operand = "operand";
const x3::rule<class no_chain_id> no_chain = "no_chain";
const x3::rule<class sum_id, node> sum = "sum";
const x3::rule<class sum_op_id, op> sum_op = "sum_op";
const x3::rule<class sum_operand_id, node> sum_operand = "operand";
const x3::rule<class product_id, node> product = "product";
const x3::rule<class product_op_id, op> product_op = "product_op";
const x3::rule<class product_operand_id, node> product_operand = "operand";
const x3::rule<class unary_id, node> unary = "unary";
const x3::rule<class negation_operand_id, node> negation_operand = "operand";
const x3::rule<class primary_id, node> primary = "primary";
const x3::rule<class date_id, node> date = "date";
const x3::rule<class duration_id, node> duration = "duration";
const x3::rule<class number_id, node> number = "number";
const x3::rule<struct string_literal_id, node> string_literal = "string";
const x3::rule<class string_body_id, std::string> string_body = "string_body";
const x3::rule<class escaped_id, char> escaped = "escape";
const x3::rule<class closing_quote_id> closing_quote = "closing_quote";
const x3::rule<class boolean_id, node> boolean = "boolean";
const x3::rule<class list_id, node> list = "list";
const x3::rule<class list_items_id, std::vector<node>> list_items = "list_items";
const x3::rule<class element_id, node> element = "element";
const x3::rule<class list_close_id> list_close = "list_close";
const x3::rule<class group_id, node> group = "group";
const x3::rule<class group_inner_id, node> group_inner = "operand";
const x3::rule<class close_paren_id> close_paren = "close_paren";
const x3::rule<class attribute_ref_id, node> attribute_ref = "attribute";
const x3::rule<class person_ref_id, node> person_ref = "person";
const x3::rule<class attr_name_id, std::string> attr_name = "attr_name";
const x3::rule<class person_name_id, std::string> person_name = "person_name";
const x3::rule<class identifier_id, positioned_name> identifier = "identifier";
const x3::rule<class call_id, node> call = "call";
const x3::rule<class call_args_id, std::vector<call_argument>> call_args = "arguments";
const x3::rule<class argument_id, call_argument> argument = "argument";
const x3::rule<class named_value_id, node> named_value = "operand";
const x3::rule<class call_close_id> call_close = "call_close";
const x3::rule<class variable_id, node> variable = "variable";
const x3::rule<class end_of_input_id> end_of_input = "end_of_input";
const expression_type whole_expression = "whole_expression";

// SPEC §4 operators, loosest first: or; and; not; == != < <= > >= in; + -; * /; unary -.
const auto whole_expression_def = x3::expect[or_expr] > end_of_input;
const auto end_of_input_def = x3::eoi;

const auto or_expr_def = and_expr[assign] >> *((kw_or > or_operand)[fold_with<op::or_>{}]);
const auto or_operand_def = and_expr;

const auto and_expr_def = not_expr[assign] >> *((kw_and > and_operand)[fold_with<op::and_>{}]);
const auto and_operand_def = not_expr;

// `not a == b` is `not (a == b)`.
const auto not_expr_def =
    raw[(kw_not > not_operand)[unary_with<op::not_>{}]][stamp_range] | comparison[assign];
const auto not_operand_def = nested[not_expr];

// Comparisons do not associate: a second operator after `a < b` is an error (SPEC §10).
const auto comparison_def = sum[assign] >> -((comparison_op > comparison_operand)[fold] > no_chain);
const auto comparison_op_def =                                          //
    (lit("==") >> x3::attr(op::eq)) | (lit("!=") >> x3::attr(op::ne))   //
    | (lit("<=") >> x3::attr(op::le)) | (lit('<') >> x3::attr(op::lt))  //
    | (lit(">=") >> x3::attr(op::ge)) | (lit('>') >> x3::attr(op::gt))  //
    | (kw_in >> x3::attr(op::in));
const auto comparison_operand_def = sum;
const auto no_chain_def = !comparison_op;

const auto sum_def = product[assign] >> *((sum_op > sum_operand)[fold]);
const auto sum_op_def = (lit('+') >> x3::attr(op::add)) | (lit('-') >> x3::attr(op::sub));
const auto sum_operand_def = product;

const auto product_def = unary[assign] >> *((product_op > product_operand)[fold]);
const auto product_op_def = (lit('*') >> x3::attr(op::mul)) | (lit('/') >> x3::attr(op::div));
const auto product_operand_def = unary;

const auto unary_def =
    raw[(lit('-') > negation_operand)[unary_with<op::neg>{}]][stamp_range] | primary[assign];
const auto negation_operand_def = nested[unary];

// A date before a number (2024-01-01 is not 2024 - 1 - 1), a duration before an
// identifier, keywords and attrs./person. before plain names.
const auto primary_def = date | duration | number | string_literal | list | group | boolean | attribute_ref |
                         person_ref | call | variable;

// Literals (SPEC §4): 12, 4.5, "text", true, false, 2024-01-01, P5Y, ["a", "b"].
const auto date_def =
    raw[lexeme[x3::repeat(4)[digit] >> '-' >> x3::repeat(2)[digit] >> '-' >> x3::repeat(2)[digit]]]
       [leaf<node::kind::date>{}];

// P then nY, nM, nD in that order, at least one, as one word (SPEC §10).
const auto duration_def = raw[lexeme[lit('P') >> ((+digit >> 'Y' >> -(+digit >> 'M') >> -(+digit >> 'D')) |
                                                  (+digit >> 'M' >> -(+digit >> 'D')) | (+digit >> 'D')) >>
                                     !ident_tail]][leaf<node::kind::duration>{}];

const auto exponent = (lit('e') | lit('E')) >> -(lit('+') | lit('-')) >> +digit;
const auto number_def = raw[lexeme[+digit >> -('.' >> +digit) >> -exponent]][make_number];

// "text" with \" and \\ (the only escapes); the node's text is unescaped.
const auto string_literal_def =
    raw[lexeme[lit('"') > string_body][named_leaf<node::kind::string>{}]][stamp_range];
const auto string_body_def = *((lit('\\') > escaped) | (x3::char_ - '"' - '\\')) > closing_quote;
const auto escaped_def = x3::char_('"') | x3::char_('\\');
const auto closing_quote_def = lit('"');

const auto boolean_def = raw[kw_true[boolean_leaf<true>{}] | kw_false[boolean_leaf<false>{}]][stamp_range];

const auto list_def = raw[(lit('[') > list_items)[make_list]][stamp_range];
const auto list_items_def =
    nested[lit(']') | ((element[push_back] >> *((lit(',') > element)[push_back])) > list_close)];
const auto element_def = or_expr;
const auto list_close_def = lit(']');

// A parenthesised expression keeps the parentheses in its range.
const auto group_def = raw[(lit('(') > group_inner > close_paren)[assign]][stamp_range];
const auto group_inner_def = nested[or_expr];
const auto close_paren_def = lit(')');

// attrs.NAME and person.NAME are one token each; NAME may be any word, keywords included.
const auto attribute_ref_def =
    raw[lexeme[(lit("attrs") >> '.') > attr_name][named_leaf<node::kind::attribute>{}]][stamp_range];
const auto person_ref_def =
    raw[lexeme[(lit("person") >> '.') > person_name][named_leaf<node::kind::person>{}]][stamp_range];
const auto attr_name_def = raw[ident_head >> *ident_tail];
const auto person_name_def = raw[ident_head >> *ident_tail];

const auto identifier_def = raw[lexeme[ident_head >> *ident_tail]][make_identifier];

// name(positional, ..., name = value, ...); `name == value` is a positional comparison.
const auto call_def = raw[((identifier >> lit('(')) > call_args)[make_call]][stamp_range];
const auto call_args_def =
    nested[lit(')') | ((argument[push_back] >> *((lit(',') > argument)[push_back])) > call_close)];
const auto argument_def = ((identifier >> lexeme[lit('=') >> !lit('=')]) > named_value)[make_named_argument] |
                          or_expr[make_positional_argument];
const auto named_value_def = or_expr;
const auto call_close_def = lit(')');

// unit, kind, date, hours, marks, as_of or any other name: the checker decides.
const auto variable_def = identifier[make_variable];

BOOST_SPIRIT_DEFINE(whole_expression, end_of_input, or_expr, or_operand, and_expr, and_operand, not_expr,
                    not_operand, comparison, comparison_op, comparison_operand, no_chain, sum, sum_op,
                    sum_operand, product, product_op, product_operand, unary, negation_operand, primary, date,
                    duration, number, string_literal, string_body, escaped, closing_quote, boolean, list,
                    list_items, element, list_close, group, group_inner, close_paren, attribute_ref,
                    person_ref, attr_name, person_name, identifier, call, call_args, argument, named_value,
                    call_close, variable)

}  // namespace civeff::detail::expr::grammar
