// SPDX-License-Identifier: Apache-2.0
#include "request_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace civeff::cli::serve {
namespace {

constexpr int max_depth = 200;  // as rule files nest at most (E002)

// A parse stops at the first mistake: it throws this and parse_json catches it.
struct stop {
  json_syntax_error error;
};

class parser {
 public:
  explicit parser(std::string_view text) : s_(text) {}

  json_value document() {
    skip_blanks();
    json_value v = value(0);
    skip_blanks();
    if (at_ < s_.size()) fail("more text after the JSON value");
    return v;
  }

 private:
  std::string_view s_;
  std::size_t at_ = 0;
  std::int64_t line_ = 1;
  std::size_t line_start_ = 0;

  [[noreturn]] void fail(std::string message) const {
    throw stop{{line_, static_cast<int>(at_ - line_start_) + 1, std::move(message)}};
  }
  [[nodiscard]] std::string what_is_here() const {
    if (at_ >= s_.size()) return "the end of the body";
    const auto c = static_cast<unsigned char>(s_[at_]);
    if (c < 0x20 || c >= 0x7F) return fmt::format("byte 0x{:02X}", c);
    return fmt::format("'{}'", s_[at_]);
  }

  void skip_blanks() {
    while (at_ < s_.size()) {
      const char c = s_[at_];
      if (c == '\n') {
        ++at_;
        ++line_;
        line_start_ = at_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++at_;
      } else {
        break;
      }
    }
  }

  void expect(char c, std::string_view what) {
    skip_blanks();
    if (at_ >= s_.size() || s_[at_] != c) fail(fmt::format("expected {} here, not {}", what, what_is_here()));
    ++at_;
  }

  json_value value(int depth) {
    if (depth > max_depth) fail(fmt::format("the JSON nests deeper than {} levels", max_depth));
    json_value v;
    v.begin = at_;
    v.line = line_;
    v.column = static_cast<int>(at_ - line_start_) + 1;
    if (at_ >= s_.size()) fail("expected a JSON value, not the end of the body");
    const char c = s_[at_];
    if (c == '{') object(v, depth);
    else if (c == '[') array(v, depth);
    else if (c == '"') v.kind = json_kind::string, v.text = string();
    else if (c == '-' || (c >= '0' && c <= '9')) v.kind = json_kind::number, number();
    else if (word("true") || word("false")) v.kind = json_kind::boolean;
    else if (word("null")) v.kind = json_kind::null;
    else fail(fmt::format("expected a JSON value here, not {}", what_is_here()));
    v.end = at_;
    return v;
  }

  bool word(std::string_view w) {
    if (s_.substr(at_, w.size()) != w) return false;
    at_ += w.size();
    return true;
  }

  void object(json_value& v, int depth) {
    v.kind = json_kind::object;
    ++at_;  // {
    skip_blanks();
    if (at_ < s_.size() && s_[at_] == '}') {
      ++at_;
      return;
    }
    for (;;) {
      skip_blanks();
      if (at_ >= s_.size() || s_[at_] != '"')
        fail(fmt::format("expected a key in quotes here, not {}", what_is_here()));
      v.keys.push_back(string());
      expect(':', "':' after the key");
      skip_blanks();
      v.items.push_back(value(depth + 1));
      skip_blanks();
      if (at_ < s_.size() && s_[at_] == ',') {
        ++at_;
        continue;
      }
      expect('}', "',' or '}'");
      return;
    }
  }

  void array(json_value& v, int depth) {
    v.kind = json_kind::array;
    ++at_;  // [
    skip_blanks();
    if (at_ < s_.size() && s_[at_] == ']') {
      ++at_;
      return;
    }
    for (;;) {
      skip_blanks();
      v.items.push_back(value(depth + 1));
      skip_blanks();
      if (at_ < s_.size() && s_[at_] == ',') {
        ++at_;
        continue;
      }
      expect(']', "',' or ']'");
      return;
    }
  }

  void digits() {
    const std::size_t from = at_;
    while (at_ < s_.size() && s_[at_] >= '0' && s_[at_] <= '9') ++at_;
    if (at_ == from) fail(fmt::format("expected a digit here, not {}", what_is_here()));
  }

  void number() {
    if (s_[at_] == '-') ++at_;
    if (at_ < s_.size() && s_[at_] == '0') ++at_;  // no leading zeros
    else digits();
    if (at_ < s_.size() && s_[at_] == '.') ++at_, digits();
    if (at_ < s_.size() && (s_[at_] == 'e' || s_[at_] == 'E')) {
      ++at_;
      if (at_ < s_.size() && (s_[at_] == '+' || s_[at_] == '-')) ++at_;
      digits();
    }
  }

  unsigned hex4() {
    unsigned u = 0;
    for (int k = 0; k < 4; ++k, ++at_) {
      if (at_ >= s_.size()) fail("\\u needs four hexadecimal digits");
      const char c = s_[at_];
      u <<= 4U;
      if (c >= '0' && c <= '9') u |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') u |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') u |= static_cast<unsigned>(c - 'A' + 10);
      else fail("\\u needs four hexadecimal digits");
    }
    return u;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0U | (cp >> 6U));
      out += static_cast<char>(0x80U | (cp & 0x3FU));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0U | (cp >> 12U));
      out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
      out += static_cast<char>(0x80U | (cp & 0x3FU));
    } else {
      out += static_cast<char>(0xF0U | (cp >> 18U));
      out += static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU));
      out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
      out += static_cast<char>(0x80U | (cp & 0x3FU));
    }
  }

  // One UTF-8 sequence copied as it is; anything else is no JSON text (RFC 8259 §8.1).
  void utf8(std::string& out) {
    const auto lead = static_cast<unsigned char>(s_[at_]);
    std::size_t n = 0;
    unsigned cp = 0, min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) n = 1, cp = lead & 0x1FU, min = 0x80;
    else if (lead >= 0xE0 && lead <= 0xEF) n = 2, cp = lead & 0x0FU, min = 0x800;
    else if (lead >= 0xF0 && lead <= 0xF4) n = 3, cp = lead & 0x07U, min = 0x10000;
    else fail(fmt::format("byte 0x{:02X} is not UTF-8: a request body is UTF-8", lead));
    if (at_ + n >= s_.size()) fail("a UTF-8 sequence is cut off: a request body is UTF-8");
    for (std::size_t k = 1; k <= n; ++k) {
      const auto c = static_cast<unsigned char>(s_[at_ + k]);
      if ((c & 0xC0U) != 0x80U)
        fail(fmt::format("byte 0x{:02X} is not UTF-8: a request body is UTF-8", lead));
      cp = (cp << 6U) | (c & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      fail(fmt::format("byte 0x{:02X} is not UTF-8: a request body is UTF-8", lead));
    out.append(s_.substr(at_, n + 1));
    at_ += n + 1;
  }

  std::string string() {
    ++at_;  // "
    std::string out;
    for (;;) {
      if (at_ >= s_.size()) fail("a text in quotes is not closed");
      const auto c = static_cast<unsigned char>(s_[at_]);
      if (c == '"') {
        ++at_;
        return out;
      }
      if (c < 0x20) fail(fmt::format("byte 0x{:02X} must be escaped in a JSON text (\\n, \\t, \\u00XX)", c));
      if (c >= 0x80) {
        utf8(out);
        continue;
      }
      ++at_;
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (at_ >= s_.size()) fail("a text in quotes is not closed");
      const char e = s_[at_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xDC00 && cp <= 0xDFFF) fail("\\u escapes a lone low surrogate");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!word("\\u")) fail("\\u escapes a high surrogate without its low surrogate");
            const unsigned low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("\\u escapes a high surrogate without its low surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10U) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default: --at_, fail(fmt::format("\\{} is no JSON escape", e));
      }
    }
  }
};

}  // namespace

std::string_view to_string(json_kind kind) {
  switch (kind) {
    case json_kind::object: return "an object";
    case json_kind::array: return "a list";
    case json_kind::string: return "a text";
    case json_kind::number: return "a number";
    case json_kind::boolean: return "true or false";
    case json_kind::null: return "null";
  }
  return "a value";
}

const json_value* json_value::find(std::string_view key) const {
  const auto it = std::find(keys.begin(), keys.end(), key);
  return it == keys.end() ? nullptr : &items[static_cast<std::size_t>(it - keys.begin())];
}

std::variant<json_value, json_syntax_error> parse_json(std::string_view body) {
  try {
    return parser(body).document();
  } catch (const stop& s) {
    return s.error;
  }
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) out += fmt::format("\\u{:04x}", c);
        else out += ch;
    }
  }
  out += '"';
  return out;
}

}  // namespace civeff::cli::serve
