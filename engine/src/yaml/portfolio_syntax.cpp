// SPDX-License-Identifier: Apache-2.0
// Portfolios (SPEC §3, §9), from a file (YAML or JSON, read alike) or inside a test.

#include "core/diagnostic_codes.hpp"
#include "core/input_values.hpp"
#include "yaml/document.hpp"
#include "yaml/raw_attributes.hpp"
#include "yaml/sections.hpp"

namespace civeff::detail {
namespace {

// SPEC §11: `exempt` takes the bool spellings (true/false, ja/nee, ...), plain or quoted.
bool read_exempt(yaml_reader& r, const yaml_field& f) {
  if (f.value.IsScalar()) {
    if (const auto b = parse_bool_spelling(trim_blanks(f.value.Scalar()))) return *b;
    // A YAML or JSON number equal to 1 or 0 (`1.0` too) is a bool as well.
    if (const auto x = is_plain(f.value) ? parse_number(f.value.Scalar()) : std::nullopt;
        x && (*x == 1 || *x == 0))
      return *x == 1;
  }
  r.error(codes::wrong_shape, r.place(f),
          "`exempt` must be true or false (or ja/nee, waar/onwaar, yes/no, 1/0), not " + describe(f.value));
  return false;
}

std::optional<achievement_syntax> read_achievement(yaml_reader& r, const YAML::Node& node,
                                                   const syntax_location& fallback) {
  auto fields = r.mapping(node, {"unit", "title", "date", "hours", "marks", "attrs", "exempt"},
                          "an achievement", fallback);
  if (!fields) return std::nullopt;
  achievement_syntax a;
  a.where = fields->where;
  if (const auto* f = fields->find("unit")) a.unit = r.name(*f);
  if (const auto* f = fields->find("title"))
    if (auto t = r.text(*f)) a.title = std::move(t->text);
  if (r.require(*fields, "date", "an achievement")) a.when = r.date_value(*fields->find("date"));
  if (const auto* f = fields->find("hours")) {
    a.hours = r.number(*f);
    if (a.hours && a.hours->value < 0) {
      r.error(codes::bad_number, a.hours->where, "`hours` must be a number >= 0");
      a.hours.reset();
    }
  }
  if (const auto* f = fields->find("marks")) a.marks = r.name_list(*f);
  if (const auto* f = fields->find("attrs")) {
    a.attrs = r.attributes(*f);
    a.raw_attrs = read_raw_attributes(r, *f);
  }
  if (const auto* f = fields->find("exempt")) a.exempt = read_exempt(r, *f);
  return a;
}

void read_achievements(yaml_reader& r, const YAML::Node& node, const syntax_location& fallback,
                       portfolio_syntax& out) {
  if (node.IsNull()) return;
  if (!node.IsSequence()) {
    r.error(codes::wrong_shape, r.place(node), "`achievements` must be a list, not " + r.describe(node));
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it)
    if (auto a = read_achievement(r, *it, fallback)) out.achievements.push_back(std::move(*a));
}

}  // namespace

portfolio_syntax read_portfolio(yaml_reader& r, const YAML::Node& node, const syntax_location& fallback,
                                bool in_test) {
  portfolio_syntax out;
  out.where = node.IsNull() ? fallback : r.place(node);
  if (in_test && node.IsSequence()) {
    read_achievements(r, node, fallback, out);
    return out;
  }
  if (in_test && node.IsNull()) return out;
  auto fields = r.mapping(
      node, {"person", "attrs", "achievements"},
      in_test ? "a test portfolio (a list of achievements, or {attrs, achievements})" : "a portfolio",
      fallback);
  if (!fields) return out;
  if (const auto* f = fields->find("person")) out.person = r.name(*f);
  if (const auto* f = fields->find("attrs")) {
    out.attrs = r.attributes(*f);
    out.raw_attrs = read_raw_attributes(r, *f);
  }
  if (const auto* f = fields->find("achievements")) read_achievements(r, f->value, f->key_where, out);
  return out;
}

portfolio_syntax read_portfolio_document(const yaml_document& doc, diagnostic_sink& sink) {
  yaml_reader r(*doc.source, sink, reader_mode::input);
  return read_portfolio(r, doc.root, doc.source->whole_file(), false);
}

portfolio_syntax parse_portfolio_syntax(std::string_view text, std::string_view file_name,
                                        diagnostic_sink& sink) {
  auto doc = parse_yaml(std::string(file_name), std::string(text), sink);
  if (!doc) return {};
  return read_portfolio_document(*doc, sink);
}

}  // namespace civeff::detail
