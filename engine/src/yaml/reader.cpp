// SPDX-License-Identifier: Apache-2.0
#include "yaml/reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "core/suggest.hpp"
#include "core/utf8.hpp"
#include "yaml/scalar_scan.hpp"

namespace civeff::detail {
namespace {

std::string quote(std::string_view key) { return "`" + excerpt(key) + "`"; }

// A scalar's value as text. The file is valid UTF-8 by now, so an invalid byte
// can only be one yaml-cpp 0.7 wrote for an escape: `\N` as 0x85, `\_` as 0xA0.
std::string scalar_text(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  return first_invalid_utf8(s) == std::string::npos ? s : repair_utf8(s, invalid_byte_as::latin1);
}

std::string join(std::initializer_list<std::string_view> words) {
  std::string out;
  for (auto w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

bool shaped_like_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

}  // namespace

const yaml_field* yaml_fields::find(std::string_view key) const {
  for (const auto& f : items)
    if (f.key == key) return &f;
  return nullptr;
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "'" + excerpt(node.Scalar()) + "'";
    default: return "nothing";
  }
}

bool is_plain(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "?"; }

std::optional<double> parse_number(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (digits.empty()) return std::nullopt;
  const bool starts_ok = (digits.front() >= '0' && digits.front() <= '9') ||
                         (digits.front() == '.' && digits.size() > 1 && digits[1] >= '0' && digits[1] <= '9');
  if (!starts_ok) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

yaml_reader::yaml_reader(const source_text& source, diagnostic_sink& sink, reader_mode mode)
    : source_(source), sink_(sink), mode_(mode) {}

const char* yaml_reader::code(const char* rules_code) const {
  if (mode_ == reader_mode::rules) return rules_code;
  const std::string_view c = rules_code;
  return c == codes::yaml_syntax || c == codes::bad_date || c == codes::io ? rules_code : codes::input_shape;
}

void yaml_reader::error(const char* c, source_location where, std::string message) {
  sink_.error(code(c), std::move(where), std::move(message));
}

void yaml_reader::error(const char* c, source_location where, std::string message, source_location note_where,
                        std::string note) {
  sink_.error(code(c), std::move(where), std::move(message), std::move(note_where), std::move(note));
}

syntax_location yaml_reader::place(const YAML::Node& node) const {
  if (node.IsScalar()) return value_place(node);
  return mark_place(node);
}

syntax_location yaml_reader::mark_place(const YAML::Node& node) const {
  const YAML::Mark m = node.Mark();
  return source_.place_of_mark(m.line, m.column);
}

syntax_location yaml_reader::value_place(const YAML::Node& node) const {
  const YAML::Mark m = node.Mark();
  const std::size_t at = source_.offset(m.line, m.column);
  if (at == std::string::npos || !node.IsScalar()) return mark_place(node);
  return source_.place(scalar_start(source_.text(), at, node.Scalar()));
}

std::string yaml_reader::shown(const YAML::Node& node) const {
  const std::string& value = node.Scalar();
  const YAML::Mark m = node.Mark();
  const std::size_t at = source_.offset(m.line, m.column);
  if (at == std::string::npos) return excerpt(value);
  // Only what the file has on the value's first line: a plain scalar folds its
  // lines into one, and a file that is not a rules file is often one such scalar.
  const scalar_offsets s = locate_scalar(source_.text(), at, value);
  const std::size_t line_end = source_.text().find_first_of("\r\n", s.offsets.front());
  std::size_t n = 0;
  while (n < value.size() && s.offsets[n] < line_end) ++n;
  return excerpt(std::string_view(value).substr(0, n), n < value.size());
}

std::string yaml_reader::describe(const YAML::Node& node) const {
  return node.IsScalar() ? "'" + shown(node) + "'" : detail::describe(node);
}

syntax_location yaml_reader::place(const yaml_field& f) const {
  return f.value.IsNull() || !f.value.IsDefined() ? f.key_where : place(f.value);
}

std::optional<yaml_fields> yaml_reader::mapping(const YAML::Node& node,
                                                std::initializer_list<std::string_view> allowed,
                                                std::string_view what, const syntax_location& fallback) {
  return collect(node, &allowed, what, fallback);
}

std::optional<yaml_fields> yaml_reader::keyed(const YAML::Node& node, std::string_view what,
                                              const syntax_location& fallback) {
  return collect(node, nullptr, what, fallback);
}

std::optional<yaml_fields> yaml_reader::collect(const YAML::Node& node,
                                                const std::initializer_list<std::string_view>* allowed,
                                                std::string_view what, const syntax_location& fallback) {
  if (!node.IsMap()) {
    error(codes::wrong_shape, node.IsNull() ? fallback : place(node),
          std::string(what) + " must be a mapping, not " + describe(node));
    lose_names(node);
    return std::nullopt;
  }
  yaml_fields out;
  out.where = place(node);
  if (mode_ == reader_mode::rules && allowed && fallback.line == 0 && none_allowed(node, *allowed)) {
    report_foreign_file(node, *allowed, what);
    lose_names(node);
    return out;
  }
  // Every key, known or not, with its node: the place of the first is only needed
  // when a key repeats. Reserved: a yaml_field is copied, not moved, when the
  // vector grows (YAML::Node's move may throw).
  std::map<std::string, YAML::Node, std::less<>> seen;
  out.items.reserve(node.size());
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      error(codes::wrong_shape, place(key),
            "a key in " + std::string(what) + " must be a word, not " + describe(key));
      continue;
    }
    yaml_field f{scalar_text(key), value_place(key), it->second};
    const auto first = seen.find(f.key);
    if (first != seen.end()) {
      error(codes::repeated_key, f.key_where, "key " + quote(f.key) + " is repeated in " + std::string(what),
            value_place(first->second), "first written here");
      lose_names(f.value);
      continue;
    }
    seen.emplace(f.key, key);
    if (allowed && std::find(allowed->begin(), allowed->end(), f.key) == allowed->end()) {
      const std::vector<std::string_view> known(allowed->begin(), allowed->end());
      const auto near = closest(f.key, known);
      const std::string head = "unknown key " + quote(f.key) + " in " + std::string(what);
      error(codes::unknown_key, f.key_where,
            near ? head + "; did you mean " + quote(*near) + "? (allowed: " + join(*allowed) + ")"
                 : head + "; allowed: " + join(*allowed));
      lose_names(f.value);
      continue;
    }
    out.items.push_back(std::move(f));
  }
  return out;
}

void yaml_reader::lose_names(const YAML::Node& node) {
  if (node.IsScalar()) {
    sink_.lose_name(node.Scalar());
    return;
  }
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      lose_names(it->first);
      lose_names(it->second);
    }
  } else if (node.IsSequence()) {
    for (auto it = node.begin(); it != node.end(); ++it) lose_names(*it);
  }
}

bool yaml_reader::none_allowed(const YAML::Node& node, std::initializer_list<std::string_view> allowed) {
  if (node.size() < 2) return false;
  for (auto it = node.begin(); it != node.end(); ++it)
    if (it->first.IsScalar() &&
        std::find(allowed.begin(), allowed.end(), it->first.Scalar()) != allowed.end())
      return false;
  return true;
}

void yaml_reader::report_foreign_file(const YAML::Node& node, std::initializer_list<std::string_view> allowed,
                                      std::string_view what) {
  const YAML::Node first = node.begin()->first;
  error(codes::unknown_key, place(first),
        fmt::format(
            "unknown key {} in {} and {} more not listed, since none of its keys is one a rules file has; "
            "allowed: {}",
            first.IsScalar() ? "`" + shown(first) + "`" : describe(first), what, node.size() - 1,
            join(allowed)));
}

bool yaml_reader::require(const yaml_fields& fields, std::string_view key, std::string_view what) {
  if (fields.find(key)) return true;
  error(codes::missing_key, fields.where, std::string(what) + " needs " + quote(key));
  return false;
}

std::optional<std::vector<YAML::Node>> yaml_reader::list(const yaml_field& f) {
  if (!f.value.IsSequence()) {
    error(codes::wrong_shape, place(f), quote(f.key) + " must be a list, not " + describe(f.value));
    lose_names(f.value);
    return std::nullopt;
  }
  std::vector<YAML::Node> out;
  for (auto it = f.value.begin(); it != f.value.end(); ++it) out.push_back(*it);
  return out;
}

bool yaml_reader::expect_scalar(const YAML::Node& node, const syntax_location& at, std::string_view what) {
  if (node.IsScalar()) return true;
  error(codes::wrong_shape, node.IsNull() ? at : place(node),
        std::string(what) + " must be a single value, not " + describe(node));
  return false;
}

std::optional<located_text> yaml_reader::text(const YAML::Node& node, const syntax_location& fallback,
                                              std::string_view what) {
  if (!expect_scalar(node, fallback, what)) return std::nullopt;
  return located_text{scalar_text(node), value_place(node)};
}

std::optional<located_text> yaml_reader::text(const yaml_field& f) {
  return text(f.value, f.key_where, quote(f.key));
}

std::optional<located_text> yaml_reader::name(const YAML::Node& node, const syntax_location& fallback,
                                              std::string_view what) {
  auto t = text(node, fallback, what);
  if (t && t->text.empty()) {
    error(codes::wrong_shape, t->where, std::string(what) + " must not be empty");
    return std::nullopt;
  }
  return t;
}

std::optional<located_text> yaml_reader::name(const yaml_field& f) {
  return name(f.value, f.key_where, quote(f.key));
}

std::vector<located_text> yaml_reader::name_list(const yaml_field& f) {
  std::vector<located_text> out;
  const auto items = list(f);
  if (!items) return out;
  const std::string what = "an item of " + quote(f.key);
  for (const auto& item : *items)
    if (auto t = name(item, place(f), what)) out.push_back(std::move(*t));
  return out;
}

std::optional<located_date> yaml_reader::date_value(const yaml_field& f) {
  if (!expect_scalar(f.value, f.key_where, quote(f.key))) return std::nullopt;
  const syntax_location at = value_place(f.value);
  if (auto d = date::parse(f.value.Scalar())) return located_date{*d, at};
  error(codes::bad_date, at,
        quote(f.key) + ": " + describe(f.value) + " is not a date (YYYY-MM-DD, a day that exists)");
  return std::nullopt;
}

std::optional<located_duration> yaml_reader::duration_value(const yaml_field& f) {
  if (!expect_scalar(f.value, f.key_where, quote(f.key))) return std::nullopt;
  const syntax_location at = value_place(f.value);
  if (auto d = duration::parse(f.value.Scalar())) return located_duration{*d, at};
  error(codes::bad_duration, at,
        quote(f.key) + ": " + describe(f.value) + " is not a duration (PnYnMnD, e.g. P5Y, P18M, P30D)");
  return std::nullopt;
}

std::optional<located_number> yaml_reader::number(const yaml_field& f) {
  if (!expect_scalar(f.value, f.key_where, quote(f.key))) return std::nullopt;
  const syntax_location at = value_place(f.value);
  if (is_plain(f.value))
    if (auto v = parse_number(f.value.Scalar())) return located_number{*v, at};
  error(codes::bad_number, at,
        quote(f.key) + " must be a number, not " + (is_plain(f.value) ? "" : "the quoted text ") +
            describe(f.value));
  return std::nullopt;
}

std::optional<bool> yaml_reader::boolean(const yaml_field& f) {
  if (is_plain(f.value) && (f.value.Scalar() == "true" || f.value.Scalar() == "false"))
    return f.value.Scalar() == "true";
  error(codes::wrong_shape, place(f), quote(f.key) + " must be true or false, not " + describe(f.value));
  return std::nullopt;
}

std::optional<expression_text> yaml_reader::expression(const yaml_field& f) {
  if (!expect_scalar(f.value, f.key_where, quote(f.key))) return std::nullopt;
  expression_text out;
  out.text = f.value.Scalar();
  out.file = source_.shared_file();
  const YAML::Mark m = f.value.Mark();
  const std::size_t at = source_.offset(m.line, m.column);
  if (at == std::string::npos) {
    out.positions.assign(out.text.size() + 1, {0, 0});
    return out;
  }
  const scalar_offsets s = locate_scalar(source_.text(), at, out.text);
  out.positions.reserve(s.offsets.size());
  for (std::size_t offset : s.offsets) out.positions.push_back(source_.line_column(offset));
  if (out.text.find_first_not_of(" \t\r\n") == std::string::npos)
    error(codes::wrong_shape, place(f), quote(f.key) + " needs an expression");
  return out;
}

attribute_map yaml_reader::attributes(const yaml_field& f) {
  attribute_map out;
  const auto fields = keyed(f.value, quote(f.key), f.key_where);
  if (!fields) return out;
  for (const auto& item : fields->items) {
    const YAML::Node& v = item.value;
    if (v.IsNull()) continue;  // absent, as an empty CSV cell
    if (!v.IsScalar()) {
      error(codes::wrong_shape, place(v),
            "attribute " + quote(item.key) + " must be a single value, not " + describe(v));
      continue;
    }
    const std::string s = scalar_text(v);
    if (!is_plain(v)) {
      out.emplace(item.key, s);
    } else if (s == "true" || s == "false") {
      out.emplace(item.key, s == "true");
    } else if (auto n = parse_number(s)) {
      out.emplace(item.key, *n);
    } else if (shaped_like_date(s)) {
      if (auto d = date::parse(s)) out.emplace(item.key, *d);
      else
        error(codes::bad_date, value_place(v),
              "attribute " + quote(item.key) + ": " + describe(v) + " is not a day that exists");
    } else {
      out.emplace(item.key, s);
    }
  }
  return out;
}

void yaml_reader::meta(const yaml_fields& fields, entry_meta& out) {
  const auto read = [&](std::string_view key, std::optional<std::string>& into) {
    if (const yaml_field* f = fields.find(key))
      if (auto t = text(*f)) into = std::move(t->text);
  };
  read("title", out.title);
  read("name", out.name);
  read("source", out.source);
  read("notes", out.notes);
  read("issuer", out.issuer);
  read("attests", out.attests);
}

}  // namespace civeff::detail
