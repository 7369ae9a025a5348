// SPDX-License-Identifier: Apache-2.0
#include "io/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace civeff::detail {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

std::string json_number_text(double x) {
  if (!std::isfinite(x)) return "null";  // never produced by the evaluator; JSON has no NaN
  if (x == 0) return "0";                // also for -0
  return fmt::format("{}", x);
}

void json_writer::key(std::string_view k) {
  member();
  append_json_string(out_, k);
  out_ += ": ";
  after_key_ = true;
}
void json_writer::string(std::string_view s) {
  value_prefix();
  append_json_string(out_, s);
}
void json_writer::boolean(bool b) {
  value_prefix();
  out_ += b ? "true" : "false";
}
void json_writer::null() {
  value_prefix();
  out_ += "null";
}
void json_writer::number(double x) {
  value_prefix();
  out_ += json_number_text(x);
}

void json_writer::open(char bracket) {
  value_prefix();
  out_ += bracket;
  stack_.push_back({});
}
void json_writer::close(char bracket) {
  const bool any = stack_.back().any;
  stack_.pop_back();
  if (any) newline();
  out_ += bracket;
}
// A new member of the innermost container: separator, line break, indentation.
void json_writer::member() {
  level& top = stack_.back();
  if (top.any) out_ += ',';
  top.any = true;
  newline();
}
void json_writer::value_prefix() {
  if (after_key_) {
    after_key_ = false;
  } else if (!stack_.empty()) {
    member();  // an array element
  }
}
void json_writer::newline() {
  out_ += '\n';
  out_.append(2 * stack_.size(), ' ');
}

}  // namespace civeff::detail
