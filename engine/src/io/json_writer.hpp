// SPDX-License-Identifier: Apache-2.0
#pragma once
// JSON as civeff writes it (SPEC §6): what Python prints with
// `json.dumps(x, indent=2, ensure_ascii=False)`. Every object and array with
// members is expanded, one member a line, indented by 2 spaces per level, `": "`
// after a key and `,` at the line's end; an empty object is `{}`, an empty array
// `[]`. Non-ASCII text is UTF-8, not \u-escaped; `"`, `\` and control characters
// are escaped (RFC 8259). Numbers print in shortest form: `1`, `0.5`, `0.3333`.

#include <string>
#include <string_view>
#include <vector>

namespace civeff::detail {

void append_json_string(std::string& out, std::string_view s);
std::string json_number_text(double x);

// A streaming writer for the layout above: containers open with their first
// member's line and close on a line of their own, empty ones stay `{}` / `[]`.
class json_writer {
 public:
  std::string take() { return std::move(out_); }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view k);
  void string(std::string_view s);
  void boolean(bool b);
  void null();
  void number(double x);

 private:
  struct level {
    bool any = false;  // a member written yet
  };
  void open(char bracket);
  void close(char bracket);
  void member();
  void value_prefix();
  void newline();

  std::string out_;
  std::vector<level> stack_;
  bool after_key_ = false;
};

}  // namespace civeff::detail
