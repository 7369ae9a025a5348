// SPDX-License-Identifier: Apache-2.0
// The expression parser and printer (SPEC §4, §10): precedence, literals, names and calls,
// offsets, syntax errors and the limits that keep hostile input off the stack.

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <random>
#include <string>
#include <string_view>

#include "expr/ast.hpp"

using civeff::detail::expr::node;
using civeff::detail::expr::parse;
using civeff::detail::expr::print;

namespace {

// A row that must parse, and the canonical print of its tree.
struct ok_row {
  std::string_view input;
  std::string_view printed;
};

// A row that must not parse: where the error points and a piece of its message.
struct error_row {
  std::string_view input;
  std::size_t offset;
  std::string_view message;
};

void check_ok(std::initializer_list<ok_row> rows) {
  for (const ok_row& r : rows) {
    CAPTURE(r.input);
    const auto result = parse(r.input);
    REQUIRE(result.ast.has_value());
    CHECK_FALSE(result.error.has_value());
    CHECK(print(*result.ast) == r.printed);
  }
}

void check_errors(std::initializer_list<error_row> rows) {
  for (const error_row& r : rows) {
    CAPTURE(r.input);
    const auto result = parse(r.input);
    CHECK_FALSE(result.ast.has_value());
    REQUIRE(result.error.has_value());
    CAPTURE(result.error->message);
    CHECK(result.error->offset == r.offset);
    CHECK(result.error->message.find(r.message) != std::string::npos);
  }
}

// The node reached from `root` by child indices.
const node& at(const node& root, std::initializer_list<std::size_t> path) {
  const node* n = &root;
  for (std::size_t i : path) n = &n->children.at(i);
  return *n;
}

std::string repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

// Every node lies inside the text and inside its parent.
bool ranges_nest(const node& n, std::size_t begin, std::size_t end) {
  if (n.begin > n.end || n.begin < begin || n.end > end) return false;
  for (const node& c : n.children)
    if (!ranges_nest(c, n.begin, n.end)) return false;
  for (const auto& a : n.named) {
    if (a.value.size() != 1 || a.begin < n.begin || a.begin >= a.value[0].begin) return false;
    if (!ranges_nest(a.value[0], n.begin, n.end)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("expr parser: operators bind loosest first: or, and, not, comparisons, + -, * /, unary -") {
  SUBCASE("each level against the next") {
    check_ok({
        {"a or b and c", "(or a (and b c))"},
        {"a and b or c", "(or (and a b) c)"},
        {"not a and b", "(and (not a) b)"},
        {"a and not b", "(and a (not b))"},
        {"not a or not b", "(or (not a) (not b))"},
        {"not a == b", "(not (== a b))"},
        {"not not a", "(not (not a))"},
        {"a == b and c != d", "(and (== a b) (!= c d))"},
        {"a + b == c * d", "(== (+ a b) (* c d))"},
        {"a < b + 1", "(< a (+ b 1))"},
        {"a + b * c", "(+ a (* b c))"},
        {"a * b + c", "(+ (* a b) c)"},
        {"-a * b", "(* (neg a) b)"},
        {"a * -b", "(* a (neg b))"},
        {"- - a", "(neg (neg a))"},
        {"--1", "(neg (neg 1))"},
        {"-3", "(neg 3)"},
        {"a - -b", "(- a (neg b))"},
        {"(a or b) and c", "(and (or a b) c)"},
        {"(a + b) * c", "(* (+ a b) c)"},
        {"((a))", "a"},
        {"not (a and b)", "(not (and a b))"},
        {"-(a + b)", "(neg (+ a b))"},
    });
  }
  SUBCASE("+ - * / associate to the left") {
    check_ok({
        {"a - b - c", "(- (- a b) c)"},
        {"a - b + c", "(+ (- a b) c)"},
        {"a / b / c", "(/ (/ a b) c)"},
        {"a / b * c", "(* (/ a b) c)"},
        {"a + b * c - d / e", "(- (+ a (* b c)) (/ d e))"},
        {"a or b or c", "(or (or a b) c)"},
        {"a and b and c", "(and (and a b) c)"},
    });
  }
  SUBCASE("every comparison") {
    check_ok({
        {"a == b", "(== a b)"},
        {"a != b", "(!= a b)"},
        {"a < b", "(< a b)"},
        {"a <= b", "(<= a b)"},
        {"a > b", "(> a b)"},
        {"a >= b", "(>= a b)"},
        {"a in b", "(in a b)"},
        {"unit in [\"a\", \"b\"]", "(in unit [\"a\" \"b\"])"},
        {"(a < b) == c", "(== (< a b) c)"},
        {"a < b and b < c", "(and (< a b) (< b c))"},
    });
  }
  SUBCASE("the examples of SPEC §4") {
    check_ok({
        {"attrs.exam == true and hours >= 4", "(and (== attrs.exam true) (>= hours 4))"},
        {"date - P5Y", "(- date P5Y)"},
        {"as_of - 2024-01-01 > 30", "(> (- as_of 2024-01-01) 30)"},
        {"level(\"civil_effect\") >= \"basis\"", "(>= (call level \"civil_effect\") \"basis\")"},
        {"count_of(kind = \"keuzedeel\", where = attrs.grade >= 6) >= 2",
         "(>= (call count_of kind=\"keuzedeel\" where=(>= attrs.grade 6)) 2)"},
        {"sum_of(attr = \"points\", marks = [\"vv-accredited\"]) >= 80",
         "(>= (call sum_of attr=\"points\" marks=[\"vv-accredited\"]) 80)"},
        {"hours_of(kind = \"keuzedeel\", tags = [\"zorg\"])",
         "(call hours_of kind=\"keuzedeel\" tags=[\"zorg\"])"},
        {"person.role == \"verpleegkundige\" and credited(\"K1006\")",
         "(and (== person.role \"verpleegkundige\") (call credited \"K1006\"))"},
        {"has_mark(\"x\") or not has_mark(\"y\")", "(or (call has_mark \"x\") (not (call has_mark \"y\")))"},
    });
  }
}

TEST_CASE("expr parser: literals") {
  SUBCASE("numbers print in shortest form") {
    check_ok({
        {"12", "12"},
        {"4.5", "4.5"},
        {"0", "0"},
        {"007", "7"},
        {"12.50", "12.5"},
        {"0.1", "0.1"},
        {"184", "184"},
    });
    const auto r = parse("0.1");
    REQUIRE(r.ast);
    CHECK(r.ast->k == node::kind::number);
    CHECK(r.ast->value == 0.1);  // correctly rounded
  }
  SUBCASE("strings, with the escapes \\\" and \\\\") {
    check_ok({
        {R"("text")", R"("text")"},
        {R"("")", R"("")"},
        {R"("a \"b\" c")", R"("a \"b\" c")"},
        {R"("back\\slash")", R"("back\\slash")"},
        {R"("a and b")", R"("a and b")"},
        {"\"caf\xc3\xa9\"", "\"caf\xc3\xa9\""},
    });
    const auto r = parse(R"("a \"b\" \\ c")");
    REQUIRE(r.ast);
    CHECK(r.ast->k == node::kind::string);
    CHECK(r.ast->text == R"(a "b" \ c)");  // unescaped
  }
  SUBCASE("booleans") {
    check_ok({{"true", "true"}, {"false", "false"}, {"true == false", "(== true false)"}});
    const auto r = parse("true");
    REQUIRE(r.ast);
    CHECK(r.ast->k == node::kind::boolean);
    CHECK(r.ast->value != 0);
    CHECK(parse("false").ast->value == 0);
  }
  SUBCASE("dates come before numbers, as written") {
    check_ok({
        {"2024-01-01", "2024-01-01"},
        {"2024-13-45", "2024-13-45"},  // the checker validates the day
        {"2024 - 01 - 01", "(- (- 2024 1) 1)"},
        {"2024-1-1", "(- (- 2024 1) 1)"},
        {"2024-01-01 + P1Y", "(+ 2024-01-01 P1Y)"},
    });
    const auto r = parse("2020-08-01");
    REQUIRE(r.ast);
    CHECK(r.ast->k == node::kind::date);
    CHECK(r.ast->text == "2020-08-01");
  }
  SUBCASE("durations: P then nY nM nD in that order, at least one") {
    check_ok({
        {"P5Y", "P5Y"},
        {"P18M", "P18M"},
        {"P1Y6M", "P1Y6M"},
        {"P30D", "P30D"},
        {"P1Y2M3D", "P1Y2M3D"},
        {"P1Y3D", "P1Y3D"},
        {"P2M10D", "P2M10D"},
        {"P0D", "P0D"},
        {"Pending", "Pending"},  // a name that merely starts with P
    });
    const auto r = parse("P1Y6M");
    REQUIRE(r.ast);
    CHECK(r.ast->k == node::kind::duration);
    CHECK(r.ast->text == "P1Y6M");
  }
  SUBCASE("lists") {
    check_ok({
        {"[]", "[]"},
        {"[ ]", "[]"},
        {"[1]", "[1]"},
        {R"(["a", "b"])", R"(["a" "b"])"},
        {"[1, 2 + 3, -4]", "[1 (+ 2 3) (neg 4)]"},
        {"[[1], []]", "[[1] []]"},  // the checker rejects nested lists
    });
    const auto r = parse(R"(["a", "b"])");
    REQUIRE(r.ast);
    CHECK(r.ast->k == node::kind::list);
    CHECK(r.ast->children.size() == 2);
  }
}

TEST_CASE("expr parser: variables, attributes, person attributes and calls") {
  SUBCASE("names") {
    check_ok({
        {"unit", "unit"},
        {"kind", "kind"},
        {"date", "date"},
        {"hours", "hours"},
        {"marks", "marks"},
        {"as_of", "as_of"},
        {"anything_else", "anything_else"},  // the checker decides
        {"_x1", "_x1"},
        {"attrs.grade", "attrs.grade"},
        {"attrs.in", "attrs.in"},  // NAME may be a keyword
        {"person.role", "person.role"},
        {"person.cohort_2", "person.cohort_2"},
        {"attrs", "attrs"},
        {"attrs_x", "attrs_x"},
    });
    const auto a = parse("attrs.grade");
    REQUIRE(a.ast);
    CHECK(a.ast->k == node::kind::attribute);
    CHECK(a.ast->text == "grade");
    const auto p = parse("person.role");
    REQUIRE(p.ast);
    CHECK(p.ast->k == node::kind::person);
    CHECK(p.ast->text == "role");
    const auto v = parse("as_of");
    REQUIRE(v.ast);
    CHECK(v.ast->k == node::kind::variable);
    CHECK(v.ast->text == "as_of");
  }
  SUBCASE("calls with positional and named arguments") {
    check_ok({
        {"f()", "(call f)"},
        {"f( )", "(call f)"},
        {"has_mark(\"x\")", "(call has_mark \"x\")"},
        {"f(1, 2)", "(call f 1 2)"},
        {"f(a == 1)", "(call f (== a 1))"},
        {"f(a, k = 1)", "(call f a k=1)"},
        {"f(k=1,j=2)", "(call f k=1 j=2)"},
        {"f(k = not a, l = [1, 2])", "(call f k=(not a) l=[1 2])"},
        {"f(k = g(h(1)))", "(call f k=(call g (call h 1)))"},
        {"f (x)", "(call f x)"},
        {"f(order = 1)", "(call f order=1)"},
    });
    const auto r = parse("count_of(kind = \"keuzedeel\", where = attrs.grade >= 6)");
    REQUIRE(r.ast);
    const node& call = *r.ast;
    CHECK(call.k == node::kind::call);
    CHECK(call.text == "count_of");
    CHECK(call.children.empty());
    REQUIRE(call.named.size() == 2);
    CHECK(call.named[0].name == "kind");
    CHECK(call.named[0].begin == 9);
    CHECK(call.named[1].name == "where");
    CHECK(call.named[1].begin == 29);
    REQUIRE(call.named[1].value.size() == 1);
    CHECK(call.named[1].value[0].begin == 37);
    CHECK(call.named[1].value[0].end == 53);
  }
}

TEST_CASE("expr parser: whitespace and keyword boundaries") {
  SUBCASE("spaces, tabs and line breaks anywhere between tokens") {
    check_ok({
        {"  a  ", "a"},
        {"a==b", "(== a b)"},
        {"a\t==\nb", "(== a b)"},
        {"(a)and(b)", "(and a b)"},
        {"not(a)", "(not a)"},
        {"a\r\n  and b", "(and a b)"},
        {"[ 1 ,2 ]", "[1 2]"},
        {"f( 2 == 3 , k = 1 )", "(call f (== 2 3) k=1)"},
    });
  }
  SUBCASE("keywords are whole words") {
    check_ok({
        {"order", "order"},
        {"android", "android"},
        {"notes", "notes"},
        {"index", "index"},
        {"true_value", "true_value"},
        {"falsehood", "falsehood"},
        {"order or android", "(or order android)"},
        {"not notes", "(not notes)"},
        {"a in index", "(in a index)"},
        {"origin and inside", "(and origin inside)"},
    });
  }
}

TEST_CASE("expr parser: syntax errors point at the problem") {
  SUBCASE("empty") {
    check_errors({
        {"", 0, "empty expression"},
        {"   ", 0, "empty expression"},
        {"\n\t", 0, "empty expression"},
    });
  }
  SUBCASE("comparisons do not chain (SPEC §10)") {
    check_errors({
        {"a < b < c", 6, "comparisons do not chain; use 'and'"},
        {"a == b == c", 7, "comparisons do not chain"},
        {"a <= b in c", 7, "comparisons do not chain"},
        {"not a == b != c", 11, "comparisons do not chain"},
        {"f(a < b  >  c)", 9, "comparisons do not chain"},
    });
  }
  SUBCASE("missing operands name the operator") {
    check_errors({
        {"a and", 5, "expected an expression after 'and'"},
        {"a or )", 5, "expected an expression after 'or'"},
        {"not", 3, "expected an expression after 'not'"},
        {"a ==", 4, "expected an expression after '=='"},
        {"a <= or", 5, "expected an expression after '<='"},
        {"a in", 4, "expected an expression after 'in'"},
        {"a + * b", 4, "expected an expression after '+'"},
        {"a *", 3, "expected an expression after '*'"},
        {"-", 1, "expected an expression after '-'"},
        {"a and or b", 6, "expected an expression after 'and'"},
        {"()", 1, "expected an expression after '('"},
        {"f(k = )", 6, "expected an expression after '='"},
        {"a == not b", 5, "expected an expression after '=='"},
    });
  }
  SUBCASE("unbalanced brackets and bad argument lists") {
    check_errors({
        {"(a", 2, "expected ')'"},
        {"(a b)", 3, "expected ')'"},
        {"(a))", 3, "unmatched ')'"},
        {"a]", 1, "unmatched ']'"},
        {"f(", 2, "expected an argument or ')'"},
        {"f(+)", 2, "expected an argument or ')'"},
        {"f(a", 3, "expected ',' or ')'"},
        {"f(a b)", 4, "expected ',' or ')'"},
        {"f(a,)", 4, "expected an argument after ','"},
        {"f(a = = 1)", 6, "expected an expression after '='"},
        {"f(k = 1, a)", 9, "a positional argument cannot follow a named one"},
        {"f( k = 1 , 2 == 3 )", 11, "a positional argument cannot follow a named one"},
        {"f(k = 1, k = 2)", 9, "argument 'k' is given twice"},
        {"[", 1, "expected a list element or ']'"},
        {"[1,", 3, "expected a list element after ','"},
        {"[1,]", 3, "expected a list element after ','"},
        {"[1 2]", 3, "expected ',' or ']'"},
        {"attrs.", 6, "expected an attribute name after 'attrs.'"},
        {"attrs.1", 6, "expected an attribute name after 'attrs.'"},
        {"person. role", 7, "expected an attribute name after 'person.'"},
    });
  }
  SUBCASE("strings") {
    check_errors({
        {"\"abc", 0, "unterminated string"},
        {"a == \"abc", 5, "unterminated string"},
        {"f(\"a\", \"b)", 7, "unterminated string"},
        {"\"a\\\"", 0, "unterminated string"},
        {"\"a\\n\"", 2, "unknown escape"},
        {"\"a\\", 2, "unknown escape"},
    });
  }
  SUBCASE("bad duration shapes are not durations") {
    check_errors({
        {"P", 0, "'P' is not a valid duration"},
        {"PY", 0, "'PY' is not a valid duration"},
        {"P5D5Y", 0, "'P5D5Y' is not a valid duration"},
        {"P1M1Y", 0, "is not a valid duration"},
        {"P5", 0, "is not a valid duration"},
        {"date + P5YD", 7, "'P5YD' is not a valid duration"},
    });
  }
  SUBCASE("trailing text") {
    check_errors({
        {"a b", 2, "unexpected text after the expression"},
        {"1 2", 2, "unexpected text after the expression"},
        {"a == 1 x", 7, "unexpected text after the expression"},
        {"4.", 1, "unexpected text after the expression"},
        {"1e5", 0, "'1e5': numbers in expressions have no exponent; write 100000"},
        {"2024-01-012", 10, "unexpected text after the expression"},
        {"P5Y.", 3, "unexpected text after the expression"},
        {"unit.x", 4, "unexpected text after the expression"},
        {"a = b", 2, "unexpected '='; use '=='"},
        {"a not in b", 2, "unexpected 'not'"},
        {"a @", 2, "unexpected text after the expression"},
        {"a \x01", 2, "unexpected text after the expression"},
        {"a \xc3\xa9", 2, "unexpected text after the expression"},
    });
  }
  SUBCASE("no expression at all") {
    check_errors({
        {")", 0, "expected an expression"},
        {"  and b", 2, "expected an expression"},
        {".5", 0, "expected an expression"},
        {"in", 0, "expected an expression"},
        {"*a", 0, "expected an expression"},
    });
  }
  SUBCASE("numbers out of range") { check_errors({{"a == " + repeat("9", 400), 5, "number out of range"}}); }
}

TEST_CASE("expr parser: node offsets are byte offsets of the node's own text") {
  std::string_view const text = "  attrs.exam == true and (hours + 1) * 2 >= 4 ";
  const auto r = parse(text);
  REQUIRE(r.ast);
  struct row {
    std::initializer_list<std::size_t> path;
    std::string_view covers;
  };
  const row rows[] = {
      {{}, "attrs.exam == true and (hours + 1) * 2 >= 4"},
      {{0}, "attrs.exam == true"},
      {{0, 0}, "attrs.exam"},
      {{0, 1}, "true"},
      {{1}, "(hours + 1) * 2 >= 4"},
      {{1, 0}, "(hours + 1) * 2"},
      {{1, 0, 0}, "(hours + 1)"},  // parentheses belong to the node they enclose
      {{1, 0, 0, 0}, "hours"},
      {{1, 0, 0, 1}, "1"},
      {{1, 0, 1}, "2"},
      {{1, 1}, "4"},
  };
  for (const row& x : rows) {
    const node& n = at(*r.ast, x.path);
    CAPTURE(x.covers);
    CHECK(text.substr(n.begin, n.end - n.begin) == x.covers);
  }

  SUBCASE("every kind of node") {
    struct covers_row {
      std::string_view input;
      std::initializer_list<std::size_t> path;
      std::string_view covers;
    };
    const covers_row more[] = {
        {" -3 ", {}, "-3"},
        {" - 3", {}, "- 3"},
        {"not  a", {}, "not  a"},
        {" \"a \\\" b\" ", {}, "\"a \\\" b\""},
        {" [1, 2] ", {}, "[1, 2]"},
        {" [1, 2] ", {1}, "2"},
        {" f( 1 ) ", {}, "f( 1 )"},
        {" f( 1 ) ", {0}, "1"},
        {"x in [ \"a\" ]", {1, 0}, "\"a\""},
        {" 2024-01-01 ", {}, "2024-01-01"},
        {" P1Y6M ", {}, "P1Y6M"},
        {" 4.5 ", {}, "4.5"},
        {" true ", {}, "true"},
        {" person.role ", {}, "person.role"},
        {" as_of ", {}, "as_of"},
        {"((a))", {}, "((a))"},  // the outermost group's range wins over the inner one
    };
    for (const covers_row& x : more) {
      CAPTURE(x.input);
      const auto parsed = parse(x.input);
      REQUIRE(parsed.ast);
      const node& n = at(*parsed.ast, x.path);
      CHECK(x.input.substr(n.begin, n.end - n.begin) == x.covers);
    }
  }
}

TEST_CASE("expr parser: nesting deeper than 200 levels is an error, not a stack overflow") {
  struct row {
    std::string_view name;
    std::string_view open;
    std::string_view leaf;
    std::string_view close;
  };
  const row rows[] = {
      {"parentheses", "(", "1", ")"},          {"lists", "[", "1", "]"}, {"calls", "f(", "1", ")"},
      {"named arguments", "f(k = ", "1", ")"}, {"not", "not ", "a", ""}, {"unary minus", "-", "1", ""},
      {"mixed", "(not [-f(", "1", ")])"},  // five levels per repetition
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    const int per = r.name == "mixed" ? 5 : 1;
    std::string const ok = repeat(r.open, 200 / per) + std::string(r.leaf) + repeat(r.close, 200 / per);
    const auto fine = parse(ok);
    CHECK(fine.ast.has_value());

    std::string const deep =
        repeat(r.open, 200 / per + 1) + std::string(r.leaf) + repeat(r.close, 200 / per + 1);
    const auto bad = parse(deep);
    REQUIRE(bad.error.has_value());
    CHECK(bad.error->message == "the expression nests deeper than 200 levels");
    if (per == 1)
      CHECK(bad.error->offset == 200 * r.open.size() + (r.open == "f(" || r.open == "f(k = " ? 1 : 0));
  }

  SUBCASE("hostile depth fails fast") {
    for (std::string_view open : {"(", "[", "not ", "-", "f("}) {
      CAPTURE(open);
      const auto r = parse(repeat(open, 100000));
      REQUIRE(r.error.has_value());
      CHECK(r.error->message == "the expression nests deeper than 200 levels");
    }
  }
}

TEST_CASE("expr parser: more than 1000 operators is an error") {
  CHECK(parse("a" + repeat(" + a", 1000)).ast.has_value());
  const auto r = parse("a" + repeat(" + a", 1001));
  REQUIRE(r.error.has_value());
  CHECK(r.error->offset == 1 + 4 * 1000 + 1);
  CHECK(r.error->message == "the expression is too long: more than 1000 operators");
  CHECK(parse(repeat("a or ", 100000) + "a").error.has_value());
}

TEST_CASE("expr parser: arbitrary input never throws and yields exactly one of tree and error") {
  // Token soup: every piece of the grammar, some broken on purpose.
  std::string_view const pieces[] = {
      "a",       " ",        "(",  ")",   "[",     "]",    ",",  "=",          "==",  "!=",  "<",
      "<=",      ">",        ">=", "+",   "-",     "*",    "/",  "and",        "or",  "not", "in",
      "true",    "false",    "12", "4.5", "\"s\"", "\"",   "\\", "2024-01-01", "P5Y", "P",   "attrs.",
      "attrs.x", "person.y", "f(", "k =", ".",     "\xff", "\t", "\n",         "_",   "0",
  };
  std::mt19937 rng(20240101);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> length(0, 24);
  for (int i = 0; i < 20000; ++i) {
    std::string input;
    for (int n = length(rng); n > 0; --n) input += pieces[pick(rng)];
    CAPTURE(input);
    const auto r = parse(input);
    REQUIRE(r.ast.has_value() != r.error.has_value());
    if (r.ast) {
      CHECK(ranges_nest(*r.ast, 0, input.size()));
      CHECK_FALSE(print(*r.ast).empty());
    } else {
      CHECK(r.error->offset <= input.size());
      CHECK_FALSE(r.error->message.empty());
    }
  }
}
