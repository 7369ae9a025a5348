// SPDX-License-Identifier: Apache-2.0
#pragma once
// Splits CSV text into records and cells (RFC 4180 plus the usual liberties):
// CRLF, LF or a lone CR end a record, the last record may lack a line end, a line
// with nothing on it is skipped, a quote inside an unquoted cell is kept as a
// character. Cells are views into the text; only a quoted cell with `""` escapes
// needs unescaping. Lines are 64-bit and columns count characters (the text is
// valid UTF-8 by now). After 100 errors the scanner stops.

#include <civeff/civeff.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic_sink.hpp"

namespace civeff::detail {

// One cell as found in the text: its content (without the quotes) and where it
// starts, for diagnostics.
struct cell_ref {
  const char* begin = nullptr;  // content
  const char* end = nullptr;
  const char* start = nullptr;  // the cell's first character (its opening quote, if quoted)
  const char* line_start = nullptr;
  std::int64_t line = 0;
  bool escaped = false;  // quoted and holding `""`: needs unescaping
  bool quoted = false;
};

// SPEC §11: whichever of `,`, `;` and TAB comes first in the first line, outside
// quotes; `,` when there is none.
char detect_separator(std::string_view text);

class csv_scanner {
 public:
  static constexpr std::size_t max_errors = 100;

  // Scans [begin, end) of a file whose first line here is `first_line`;
  // `at_file_start` skips a UTF-8 byte-order mark.
  csv_scanner(const char* begin, const char* end, std::string file, std::int64_t first_line,
              bool at_file_start, char separator);

  [[nodiscard]] const char* position() const { return pos_; }
  [[nodiscard]] std::int64_t line() const { return line_; }
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] bool stopped() const { return stopped_; }
  [[nodiscard]] diagnostic_sink& diagnostics() { return sink_; }
  [[nodiscard]] const diagnostic_sink& diagnostics() const { return sink_; }

  // Reads one record into `cells`; false at the end of the input (or after an
  // unterminated quote). `record_line` is the line it starts on.
  bool next_record(std::vector<cell_ref>& cells, std::int64_t& record_line);

  // A cell's text: a view into the input, or `scratch` after unescaping `""`.
  static std::string_view value(const cell_ref& c, std::string& scratch);

  [[nodiscard]] source_location where(const char* at, const char* line_start, std::int64_t line) const;
  [[nodiscard]] source_location where(const cell_ref& c) const {
    return where(c.start, c.line_start, c.line);
  }

  // Where the cells of one record are, counted onward from the last one asked
  // for: the header of a file with 400,000 columns is one line (F17), and
  // counting each cell's column from the line start would be quadratic.
  class cursor {
   public:
    explicit cursor(const csv_scanner& scanner) : scanner_(scanner) {}
    source_location where(const cell_ref& c);

   private:
    const csv_scanner& scanner_;
    const char* line_start_ = nullptr;
    const char* at_ = nullptr;
    int column_ = 1;
  };

  // An error; past max_errors, one "too many errors" line and the scanner stops.
  void error(const char* code, source_location at, std::string message);
  // E043 for a record whose cell count differs from the header's.
  void wrong_cell_count(const std::vector<cell_ref>& cells, std::size_t expected);

 private:
  void end_line();
  void count_lines(const char* from, const char* to);

  std::string file_;
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  const char* line_start_ = nullptr;
  std::int64_t line_ = 1;
  char separator_ = ',';
  const char* record_end_ = nullptr;
  const char* record_end_line_start_ = nullptr;
  std::int64_t record_end_line_ = 1;
  bool stopped_ = false;
  std::size_t errors_ = 0;
  diagnostic_sink sink_;
};

}  // namespace civeff::detail
