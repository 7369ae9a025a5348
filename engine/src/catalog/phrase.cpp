// SPDX-License-Identifier: Apache-2.0
// Conditions in words, from the typed syntax tree (never from the text): comparisons
// of a declared attribute, `person.NAME`, `hours`, `date` or `as_of` with a literal;
// booleans; `and`, `or`, `not`; `has_mark("id")`; `level("scale") OP "level"`.
// Everything else (arithmetic, count_of, unit, kind, marks) is left unphrased, and
// so is any expression that contains it.

#include "catalog/phrase.hpp"

#include <array>
#include <utility>
#include <vector>

#include "expr/ast.hpp"

namespace civeff::detail::catalog {
namespace {

using expr::node;
using expr::op;
using kind = node::kind;

// Lower case for a title used inside a sentence ("Accreditatiepunten" ->
// "accreditatiepunten"), unless it starts with an abbreviation ("NLQF-niveau").
std::string in_sentence(std::string_view title) {
  std::string out(title);
  if (out.size() >= 2 && out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

// A number's title without a trailing range in parentheses: "Cijfer (1 tot en met 10)"
// reads "cijfer" in "bij minstens 6 cijfer".
std::string without_range(std::string_view title) {
  if (title.ends_with(")")) {
    const std::size_t open = title.rfind('(');
    if (open != std::string_view::npos && open > 0) {
      title = title.substr(0, open);
      while (!title.empty() && title.back() == ' ') title.remove_suffix(1);
    }
  }
  return std::string(title);
}

op flipped(op o) {
  switch (o) {
    case op::lt: return op::gt;
    case op::le: return op::ge;
    case op::gt: return op::lt;
    case op::ge: return op::le;
    default: return o;
  }
}

bool is_comparison(op o) {
  return o == op::eq || o == op::ne || o == op::lt || o == op::le || o == op::gt || o == op::ge;
}

bool is_literal(const node& n) {
  return n.k == kind::number || n.k == kind::string || n.k == kind::boolean || n.k == kind::date ||
         n.k == kind::list ||
         (n.k == kind::unary && n.oper == op::neg && n.children.size() == 1 &&
          n.children[0].k == kind::number);
}

std::optional<double> number_of(const node& n) {
  if (n.k == kind::number) return n.value;
  if (n.k == kind::unary && n.oper == op::neg && n.children.size() == 1 && n.children[0].k == kind::number)
    return -n.children[0].value;
  return std::nullopt;
}

class speaker {
 public:
  speaker(const model& m, const words& w, const phraser& p) : m_(m), w_(w), p_(p) {}

  std::optional<std::string> say(const node& n) const {
    switch (n.k) {
      case kind::binary:
        if (n.oper == op::and_ || n.oper == op::or_) return logical(n);
        if (is_comparison(n.oper) || n.oper == op::in) return comparison(n);
        return std::nullopt;
      case kind::unary:
        if (n.oper != op::not_ || n.children.size() != 1) return std::nullopt;
        if (auto inner = say(n.children[0])) return w_(text::cond_not, *inner);
        return std::nullopt;
      case kind::call:
        if (n.text == "has_mark" && n.children.size() == 1 && n.named.empty() &&
            n.children[0].k == kind::string)
          return w_(text::cond_has_mark, mark_name(n.children[0].text));
        return std::nullopt;
      case kind::attribute:
      case kind::person: {  // a bool attribute used alone: `attrs.exam`
        node truth;
        truth.k = kind::boolean;
        truth.value = 1;
        return boolean(n, truth, op::eq);
      }
      default: return std::nullopt;
    }
  }

 private:
  std::optional<std::string> logical(const node& n) const {
    std::array<std::string, 2> parts;
    for (std::size_t i = 0; i < 2; ++i) {
      const node& child = n.children[i];
      auto said = say(child);
      if (!said) return std::nullopt;
      // The other connective inside reads grouped: "a en (b of c)".
      const bool group = child.k == kind::binary && (child.oper == op::and_ || child.oper == op::or_) &&
                         child.oper != n.oper;
      parts[i] = group ? "(" + *said + ")" : std::move(*said);
    }
    return w_(n.oper == op::and_ ? text::cond_and : text::cond_or, parts[0], parts[1]);
  }

  std::optional<std::string> comparison(const node& n) const {
    const node* subject = &n.children[0];
    const node* literal = &n.children[1];
    op o = n.oper;
    if (is_literal(*subject) && !is_literal(*literal) && o != op::in) {
      std::swap(subject, literal);
      o = flipped(o);
    }
    if (!is_literal(*literal)) return std::nullopt;
    switch (subject->k) {
      case kind::attribute:
      case kind::person: return attribute(*subject, *literal, o);
      case kind::variable:
        if (subject->text == "hours") return number(std::string(w_(text::cond_hours)), *literal, o);
        if (subject->text == "as_of") return dated("", *literal, o);
        if (subject->text == "date") return dated(std::string(w_(text::cond_date)), *literal, o);
        return std::nullopt;
      case kind::call: return level(*subject, *literal, o);
      default: return std::nullopt;
    }
  }

  std::optional<std::string> attribute(const node& subject, const node& literal, op o) const {
    const attribute_view* declared = m_.find_attribute(subject.text, subject.k == kind::person);
    const std::string type = declared ? declared->type : "";
    const std::string title = declared && !declared->title.empty() ? declared->title : "";
    switch (literal.k) {
      case kind::boolean:
        if (!type.empty() && type != "bool") return std::nullopt;
        return boolean(subject, literal, o);
      case kind::number:
      case kind::unary:
        if (!type.empty() && type != "number") return std::nullopt;
        return number(in_sentence(without_range(title.empty() ? subject.text : title)), literal, o);
      case kind::date:
        if (!type.empty() && type != "date") return std::nullopt;
        return dated(in_sentence(title.empty() ? subject.text : title), literal, o);
      case kind::string:
      case kind::list:
        if (!type.empty() && type != "text") return std::nullopt;
        return textual(in_sentence(title.empty() ? subject.text : title), literal, o);
      default: return std::nullopt;
    }
  }

  std::optional<std::string> boolean(const node& subject, const node& literal, op o) const {
    if (literal.k != kind::boolean || (o != op::eq && o != op::ne)) return std::nullopt;
    const attribute_view* declared = m_.find_attribute(subject.text, subject.k == kind::person);
    if (declared && !declared->type.empty() && declared->type != "bool") return std::nullopt;
    const bool holds = (literal.value != 0) == (o == op::eq);
    if (declared && !declared->title.empty())
      return w_(holds ? text::cond_true_titled : text::cond_false_titled, in_sentence(declared->title));
    return w_(holds ? text::cond_true : text::cond_false, subject.text);
  }

  std::optional<std::string> number(const std::string& what, const node& literal, op o) const {
    const auto value = number_of(literal);
    if (!value) return std::nullopt;
    const std::string n = p_.number_words(*value);
    switch (o) {
      case op::ge: return w_(text::cond_num_ge, n, what);
      case op::gt: return w_(text::cond_num_gt, n, what);
      case op::le: return w_(text::cond_num_le, n, what);
      case op::lt: return w_(text::cond_num_lt, n, what);
      case op::eq: return w_(text::cond_num_eq, n, what);
      case op::ne: return w_(text::cond_num_ne, n, what);
      default: return std::nullopt;
    }
  }

  std::optional<std::string> dated(const std::string& what, const node& literal, op o) const {
    if (literal.k != kind::date) return std::nullopt;
    const std::string day = p_.date_words(literal.text);
    std::string out;
    switch (o) {
      case op::ge: out = w_(text::cond_date_ge, what, day); break;
      case op::gt: out = w_(text::cond_date_gt, what, day); break;
      case op::le: out = w_(text::cond_date_le, what, day); break;
      case op::lt: out = w_(text::cond_date_lt, what, day); break;
      case op::eq: out = w_(text::cond_date_eq, what, day); break;
      case op::ne: out = w_(text::cond_date_ne, what, day); break;
      default: return std::nullopt;
    }
    // `as_of` has no subject: "vanaf 1 juli 2027".
    if (what.empty() && !out.empty() && out.front() == ' ') out.erase(0, 1);
    return out;
  }

  std::optional<std::string> textual(const std::string& what, const node& literal, op o) const {
    if (literal.k == kind::string) {
      if (o == op::eq) return w_(text::cond_text_eq, what, literal.text);
      if (o == op::ne) return w_(text::cond_text_ne, what, literal.text);
      return std::nullopt;
    }
    if (o != op::in || literal.children.empty()) return std::nullopt;
    std::string values;
    for (std::size_t i = 0; i < literal.children.size(); ++i) {
      if (literal.children[i].k != kind::string) return std::nullopt;
      if (i) values += i + 1 == literal.children.size() ? w_(text::list_or) : ", ";
      values += literal.children[i].text;
    }
    return w_(text::cond_text_in, what, values);
  }

  std::optional<std::string> level(const node& call, const node& literal, op o) const {
    if (call.text != "level" || call.children.size() != 1 || !call.named.empty() ||
        call.children[0].k != kind::string || literal.k != kind::string)
      return std::nullopt;
    const scale_view* scale = m_.find_scale(call.children[0].text);
    const std::string what = in_sentence(scale ? scale->title : call.children[0].text);
    switch (o) {
      case op::ge: return w_(text::cond_level_ge, what, literal.text);
      case op::gt: return w_(text::cond_level_gt, what, literal.text);
      case op::le: return w_(text::cond_level_le, what, literal.text);
      case op::lt: return w_(text::cond_level_lt, what, literal.text);
      case op::eq: return w_(text::cond_level_eq, what, literal.text);
      case op::ne: return w_(text::cond_level_ne, what, literal.text);
      default: return std::nullopt;
    }
  }

  [[nodiscard]] std::string mark_name(const std::string& id) const {
    const mark_view* mark = m_.find_mark(id);
    return mark && !mark->name.empty() ? mark->name : id;
  }

  const model& m_;
  const words& w_;
  const phraser& p_;
};

}  // namespace

std::optional<std::string> phraser::phrase(std::string_view expression) const {
  const expr::parse_result parsed = expr::parse(expression);
  if (!parsed.ast) return std::nullopt;
  return speaker(m_, w_, *this).say(*parsed.ast);
}

bool phraser::reads_alone(std::string_view said) const {
  static constexpr std::array<std::string_view, 8> nl = {"bij ",  "met ", "zonder ",     "vanaf ",
                                                         "vóór ", "na ",  "tot en met ", "op "};
  static constexpr std::array<std::string_view, 8> en = {"with ",  "without ", "from ", "before ",
                                                         "after ", "up to ",   "on ",   "at "};
  for (std::string_view opening : w_.language() == text_language::nl ? nl : en)
    if (said.starts_with(opening)) return true;
  return false;
}

std::string phraser::date_words(std::string_view iso) const {
  static constexpr std::array<catalog::phrase, 12> months = {{
      {"January", "januari"},
      {"February", "februari"},
      {"March", "maart"},
      {"April", "april"},
      {"May", "mei"},
      {"June", "juni"},
      {"July", "juli"},
      {"August", "augustus"},
      {"September", "september"},
      {"October", "oktober"},
      {"November", "november"},
      {"December", "december"},
  }};
  const auto parsed = date::parse(iso);
  if (!parsed || iso.size() != 10) return std::string(iso);
  const int month = (iso[5] - '0') * 10 + (iso[6] - '0');
  const int day = (iso[8] - '0') * 10 + (iso[9] - '0');
  return std::to_string(day) + " " + std::string(w_(months[static_cast<std::size_t>(month - 1)])) + " " +
         std::string(iso.substr(0, 4));
}

std::string phraser::number_words(double value) const {
  std::string out = number_text(value);
  if (w_.language() == text_language::nl)
    for (char& c : out)
      if (c == '.') c = ',';
  return out;
}

}  // namespace civeff::detail::catalog
