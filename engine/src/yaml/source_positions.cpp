// SPDX-License-Identifier: Apache-2.0
// Byte offsets of a scalar's value back to the file: `expression_text::at` and the
// guided re-scan of plain, single-quoted, double-quoted and block scalars.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/utf8.hpp"
#include "yaml/scalar_scan.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail {

source_location expression_text::at(std::size_t offset) const {
  if (positions.empty()) return {file.str(), 0, 0};
  const auto& [line, column] = positions[std::min(offset, positions.size() - 1)];
  return {file.str(), line, column};
}

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_break(std::string_view t, std::size_t p) {
  return p < t.size() && (t[p] == '\n' || (t[p] == '\r' && p + 1 < t.size() && t[p + 1] == '\n'));
}
std::size_t after_break(std::string_view t, std::size_t p) { return t[p] == '\r' ? p + 2 : p + 1; }

// What a double-quoted escape stands for (YAML 1.2 §5.7); nullopt: not an escape.
std::optional<std::string> unescape(std::string_view t, std::size_t& p) {
  // t[p] is the backslash; on success p moves past the escape.
  if (p + 1 >= t.size()) return std::nullopt;
  const char c = t[p + 1];
  std::string out;
  int hex_digits = 0;
  switch (c) {
    case '0': out = std::string(1, '\0'); break;
    case 'a': out = "\a"; break;
    case 'b': out = "\b"; break;
    case 't':
    case '\t': out = "\t"; break;
    case 'n': out = "\n"; break;
    case 'v': out = "\v"; break;
    case 'f': out = "\f"; break;
    case 'r': out = "\r"; break;
    case 'e': out = "\x1B"; break;
    case ' ': out = " "; break;
    case '"': out = "\""; break;
    case '\'': out = "'"; break;
    case '/': out = "/"; break;
    case '\\': out = "\\"; break;
    case 'N': out = "\x85"; break;  // as yaml-cpp 0.7 writes them: one byte, not UTF-8
    case '_': out = "\xA0"; break;
    case 'L': append_utf8(out, 0x2028); break;
    case 'P': append_utf8(out, 0x2029); break;
    case 'x': hex_digits = 2; break;
    case 'u': hex_digits = 4; break;
    case 'U': hex_digits = 8; break;
    default: return std::nullopt;
  }
  if (hex_digits == 0) {
    p += 2;
    return out;
  }
  if (p + 2 + static_cast<std::size_t>(hex_digits) > t.size()) return std::nullopt;
  std::uint32_t cp = 0;
  for (int k = 0; k < hex_digits; ++k) {
    const char h = t[p + 2 + static_cast<std::size_t>(k)];
    const int digit = h >= '0' && h <= '9'   ? h - '0'
                      : h >= 'a' && h <= 'f' ? h - 'a' + 10
                      : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                             : -1;
    if (digit < 0) return std::nullopt;
    cp = cp * 16 + static_cast<std::uint32_t>(digit);
  }
  if (cp > 0x10FFFF) return std::nullopt;
  append_utf8(out, cp);
  p += 2 + static_cast<std::size_t>(hex_digits);
  return out;
}

// Matches the parsed value against the text, recording where each byte came from.
class matcher {
 public:
  matcher(std::string_view text, std::string_view value) : t_(text), v_(value) {
    out_.reserve(value.size() + 1);
  }

  std::optional<std::vector<std::size_t>> plain(std::size_t p) {
    while (!done()) {
      if (p >= t_.size()) return std::nullopt;
      if (is_blank(t_[p]) || is_break(t_, p)) {
        if (!whitespace(p)) return std::nullopt;
      } else if (!emit(t_[p], p)) {
        return std::nullopt;
      } else {
        ++p;
      }
    }
    return finish(p);
  }

  std::optional<std::vector<std::size_t>> quoted(std::size_t p, char quote) {
    while (true) {
      if (p >= t_.size()) return std::nullopt;
      const char c = t_[p];
      if (c == quote) {
        if (quote == '\'' && p + 1 < t_.size() && t_[p + 1] == '\'') {
          if (!emit('\'', p)) return std::nullopt;
          p += 2;
          continue;
        }
        if (!done()) return std::nullopt;
        return finish(p);
      }
      if (quote == '"' && c == '\\') {
        if (is_break(t_, p + 1)) {  // an escaped line break: neither break nor indentation
          p = after_break(t_, p + 1);
          while (p < t_.size() && is_blank(t_[p])) ++p;
          continue;
        }
        const std::size_t at = p;
        const auto decoded = unescape(t_, p);
        if (!decoded) return std::nullopt;
        for (char d : *decoded)
          if (!emit(d, at)) return std::nullopt;
        continue;
      }
      if (is_blank(c) || is_break(t_, p)) {
        if (!whitespace(p)) return std::nullopt;
        continue;
      }
      if (!emit(c, p)) return std::nullopt;
      ++p;
    }
  }

  // `p` is at the `|` or `>` indicator.
  std::optional<std::vector<std::size_t>> block(std::size_t p) {
    const bool literal = t_[p] == '|';
    const std::size_t header_line = line_start(p);
    std::size_t explicit_indent = 0;
    for (++p; p < t_.size() && (t_[p] == '+' || t_[p] == '-' || (t_[p] >= '1' && t_[p] <= '9')); ++p)
      if (t_[p] != '+' && t_[p] != '-') explicit_indent = static_cast<std::size_t>(t_[p] - '0');
    while (p < t_.size() && !is_break(t_, p)) ++p;  // blanks and a comment
    if (p >= t_.size()) return end_if_done(p);
    p = after_break(t_, p);
    std::size_t indent = 0;
    if (explicit_indent > 0) {
      std::size_t parent = 0;
      while (header_line + parent < t_.size() && t_[header_line + parent] == ' ') ++parent;
      indent = parent + explicit_indent;
    } else {
      for (std::size_t q = p; q < t_.size();) {  // the first non-empty line decides
        std::size_t spaces = 0;
        while (q + spaces < t_.size() && t_[q + spaces] == ' ') ++spaces;
        q += spaces;
        if (q < t_.size() && !is_break(t_, q)) {
          indent = spaces;
          break;
        }
        if (q >= t_.size()) break;
        q = after_break(t_, q);
      }
    }
    while (!done()) {
      if (p >= t_.size()) return std::nullopt;
      for (std::size_t k = 0; k < indent && p < t_.size() && t_[p] == ' '; ++k) ++p;
      while (p < t_.size() && !is_break(t_, p)) {
        if (done()) return finish(p);
        if (!emit(t_[p], p)) return std::nullopt;
        ++p;
      }
      if (p >= t_.size()) break;
      if (!done()) {
        if (literal) {
          if (!emit('\n', p)) return std::nullopt;
        } else if (v_[i_] == ' ' || v_[i_] == '\n') {
          emit(v_[i_], p);
        }
      }
      p = after_break(t_, p);
    }
    return end_if_done(p);
  }

 private:
  std::optional<std::vector<std::size_t>> end_if_done(std::size_t p) {
    if (!done()) return std::nullopt;
    return finish(p);
  }
  bool done() const { return i_ == v_.size(); }
  bool emit(char expected, std::size_t at) {
    if (i_ >= v_.size() || v_[i_] != expected) return false;
    out_.push_back(at);
    ++i_;
    return true;
  }
  std::vector<std::size_t> finish(std::size_t end) {
    out_.push_back(end);
    return std::move(out_);
  }
  std::size_t line_start(std::size_t p) const {
    while (p > 0 && t_[p - 1] != '\n') --p;
    return p;
  }

  // Blanks inside a line are kept; blanks then a line break fold (YAML 1.2 §6.5):
  // one break becomes a space, each further empty line a newline, and the next
  // line's indentation goes.
  bool whitespace(std::size_t& p) {
    std::size_t q = p;
    while (q < t_.size() && is_blank(t_[q])) ++q;
    if (!is_break(t_, q)) {  // blanks within the line, or before the closing quote
      for (; p < q; ++p)
        if (!emit(t_[p], p)) return false;
      return true;
    }
    const std::size_t first_break = q;
    std::vector<std::size_t> empty_lines;
    q = after_break(t_, q);
    while (true) {
      while (q < t_.size() && is_blank(t_[q])) ++q;
      if (!is_break(t_, q)) break;
      empty_lines.push_back(q);
      q = after_break(t_, q);
    }
    if (empty_lines.empty()) {
      if (!emit(' ', first_break)) return false;
    } else {
      for (std::size_t at : empty_lines)
        if (!emit('\n', at)) return false;
    }
    p = q;
    return true;
  }

  std::string_view t_;
  std::string_view v_;
  std::size_t i_ = 0;
  std::vector<std::size_t> out_;
};

}  // namespace

scalar_offsets locate_scalar(std::string_view text, std::size_t mark, std::string_view value) {
  scalar_offsets result;
  std::size_t p = std::min(mark, text.size());
  // Skip node properties: an anchor (&a) or a tag (!!str) written before the scalar.
  while (p < text.size() && (text[p] == '&' || text[p] == '!')) {
    while (p < text.size() && !is_blank(text[p]) && !is_break(text, p)) ++p;
    while (p < text.size() && (is_blank(text[p]) || is_break(text, p)))
      p = is_break(text, p) ? after_break(text, p) : p + 1;
  }
  const char first = p < text.size() ? text[p] : '\0';
  const bool quoted = first == '"' || first == '\'';
  result.content_start = quoted ? p + 1 : p;
  matcher m(text, value);
  std::optional<std::vector<std::size_t>> offsets;
  if (quoted) offsets = m.quoted(p + 1, first);
  else if (first == '|' || first == '>') offsets = m.block(p);
  else offsets = m.plain(p);
  if (offsets && offsets->size() == value.size() + 1) {
    result.offsets = std::move(*offsets);
    result.exact = true;
  } else {
    result.offsets.assign(value.size() + 1, result.content_start);
  }
  return result;
}

std::size_t scalar_start(std::string_view text, std::size_t mark, std::string_view value) {
  // No properties, no quote, no block indicator: the re-scan would be plain(), which
  // matches a one-line value (no trailing blank) byte for byte from the mark.
  const std::size_t p = std::min(mark, text.size());
  const bool plain_start =
      p < text.size() && std::string_view("&!\"'|>").find(text[p]) == std::string_view::npos;
  if (plain_start && value.find_first_of("\r\n") == std::string_view::npos &&
      (value.empty() || !is_blank(value.back())) && text.substr(p).starts_with(value))
    return p;
  return locate_scalar(text, mark, value).offsets.front();
}

}  // namespace civeff::detail
