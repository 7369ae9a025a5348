// SPDX-License-Identifier: Apache-2.0
// The one translation unit that instantiates the X3 expression grammar (SPEC §4) and
// implements expr::parse. Everything X3 costs to compile is paid here.

#include "expr/grammar.hpp"

#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "expr/ast.hpp"
#include "expr/config.hpp"
#include "expr/grammar_def.hpp"

namespace civeff::detail::expr {

namespace grammar {

BOOST_SPIRIT_INSTANTIATE(expression_type, iterator_type, context_type)

const expression_type& expression() { return whole_expression; }

namespace {

constexpr std::string_view spaces = " \t\n\r\f\v";

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The token that ends at `end` (an operator, a keyword, '(' ...): the expectation points
// sit right after one, so this names what the missing part should have followed.
std::string_view token_before(std::string_view text, std::size_t end) {
  std::size_t start = end;
  if (start == 0) return {};
  if (is_word_char(text[start - 1])) {
    while (start > 0 && is_word_char(text[start - 1])) --start;
  } else if (std::string_view("=!<>").find(text[start - 1]) != std::string_view::npos) {
    while (start > 0 && end - start < 2 &&
           std::string_view("=!<>").find(text[start - 1]) != std::string_view::npos)
      --start;
  } else {
    --start;
  }
  return text.substr(start, end - start);
}

bool starts_with_word(std::string_view text, std::string_view word) {
  return text.substr(0, word.size()) == word &&
         (text.size() == word.size() || !is_word_char(text[word.size()]));
}

// What follows a complete expression: say what is wrong with it if we can guess.
std::string unexpected_text(std::string_view rest) {
  if (!rest.empty() && rest[0] == '=' && (rest.size() == 1 || rest[1] != '='))
    return "unexpected '='; use '==' to compare";
  if (starts_with_word(rest, "not"))
    return "unexpected 'not'; put 'not' before the whole comparison: not (a in b)";
  if (!rest.empty() && (rest[0] == ')' || rest[0] == ']')) return std::string("unmatched '") + rest[0] + "'";
  return "unexpected text after the expression";
}

// Where a message points.
enum class anchor {
  next_token,  // the first token at or after the failure point (spaces skipped)
  here,        // exactly the failure point
  opener,      // the token just before the failure point
  backslash,   // the character just before the failure point
};

struct friendly_message {
  std::string_view rule;  // the x3 rule name (expectation_failure::which())
  anchor at;
  std::string_view message;  // "{}" is replaced by the token before the failure point
};

// Rule name -> friendly message (the rexpr_full error_handler id_map).
constexpr friendly_message messages[] = {
    {"expression", anchor::next_token, "expected an expression"},
    {"operand", anchor::next_token, "expected an expression after '{}'"},
    {"close_paren", anchor::next_token, "expected ')'"},
    {"arguments", anchor::next_token, "expected an argument or ')' after '('"},
    {"argument", anchor::next_token, "expected an argument after ','"},
    {"call_close", anchor::next_token, "expected ',' or ')' after the argument"},
    {"list_items", anchor::next_token, "expected a list element or ']' after '['"},
    {"element", anchor::next_token, "expected a list element after ','"},
    {"list_close", anchor::next_token, "expected ',' or ']' after the list element"},
    {"attr_name", anchor::here, "expected an attribute name after 'attrs.'"},
    {"person_name", anchor::here, "expected an attribute name after 'person.'"},
    {"unterminated_string", anchor::here, "unterminated string"},
    {"closing_quote", anchor::here, "unterminated string"},
    {"escape", anchor::backslash, "unknown escape in a string; only \\\" and \\\\ are allowed"},
    {"no_chain", anchor::next_token, "comparisons do not chain; use 'and'"},
    {"end_of_input", anchor::next_token, ""},  // unexpected_text()
    {"nesting", anchor::opener, "the expression nests deeper than 200 levels"},
    {"operators", anchor::next_token, "the expression is too long: more than 1000 operators"},
};

static_assert(max_nesting == 200 && max_operators == 1000, "update the limits quoted in `messages`");

}  // namespace

void report_expectation(parse_state& state, iterator_type where, const std::string& which) {
  std::string_view const text(state.begin, static_cast<std::size_t>(state.end - state.begin));
  std::size_t const failed = state.offset(where);
  std::size_t next = text.find_first_not_of(spaces, failed);
  if (next == std::string_view::npos) next = text.size();

  for (const friendly_message& m : messages) {
    if (m.rule != which) continue;
    std::size_t offset = next;
    if (m.at == anchor::here) offset = failed;
    if (m.at == anchor::opener) offset = failed - token_before(text, failed).size();
    if (m.at == anchor::backslash && failed > 0) offset = failed - 1;

    std::string message(m.message);
    if (m.rule == "end_of_input") message = unexpected_text(text.substr(next));
    if (const auto hole = message.find("{}"); hole != std::string::npos)
      message.replace(hole, 2, token_before(text, failed));
    state.report(offset, std::move(message), m.rule == std::string_view("no_chain"));
    return;
  }
  state.report(next, "syntax error: expected " + which);
}

}  // namespace grammar

parse_result parse(std::string_view text) {
  parse_result result;
  // SPEC §4: an expression is required wherever one is written.
  if (text.find_first_not_of(grammar::spaces) == std::string_view::npos) {
    result.error = parse_error{0, "empty expression"};
    return result;
  }

  grammar::parse_state state;
  state.begin = text.data();
  state.end = text.data() + text.size();
  node ast;
  try {
    grammar::iterator_type first = state.begin;
    const bool ok = grammar::x3::phrase_parse(
        first, state.end, grammar::x3::with<grammar::state_tag>(state)[grammar::expression()],
        grammar::skipper_type{}, ast);
    if (!ok && !state.error) state.report(state.offset(first), "syntax error");
  } catch (const std::bad_alloc&) {
    state.report(0, "expression too large");
  } catch (const std::exception& e) {
    state.report(0, std::string("internal error while parsing: ") + e.what());
  } catch (...) {
    state.report(0, "internal error while parsing");
  }

  if (state.error) {
    result.error = std::move(state.error);
  } else {
    result.ast = std::move(ast);
  }
  return result;
}

}  // namespace civeff::detail::expr
