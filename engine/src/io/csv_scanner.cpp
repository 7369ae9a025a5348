// SPDX-License-Identifier: Apache-2.0
#include "io/csv_scanner.hpp"

#include <fmt/format.h>

#include <cstring>

#include "core/diagnostic_codes.hpp"

namespace civeff::detail {

char detect_separator(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;  // `""` inside quotes toggles twice: no harm
    else if (quoted) continue;
    else if (c == '\n' || c == '\r') break;
    else if (c == ',' || c == ';' || c == '\t') return c;
  }
  return ',';
}

csv_scanner::csv_scanner(const char* begin, const char* end, std::string file, std::int64_t first_line,
                         bool at_file_start, char separator)
    : file_(std::move(file)),
      pos_(begin),
      end_(end),
      line_start_(begin),
      line_(first_line),
      separator_(separator) {
  if (at_file_start && end_ - pos_ >= 3 && std::memcmp(pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  line_start_ = pos_;
}

bool csv_scanner::next_record(std::vector<cell_ref>& cells, std::int64_t& record_line) {
  cells.clear();
  while (pos_ < end_ && (*pos_ == '\n' || *pos_ == '\r')) end_line();
  if (pos_ >= end_ || stopped_) return false;
  record_line = line_;
  for (;;) {
    cell_ref c;
    c.start = pos_;
    c.line_start = line_start_;
    c.line = line_;
    if (pos_ < end_ && *pos_ == '"') {
      c.quoted = true;
      const char* p = pos_ + 1;
      c.begin = p;
      for (;;) {
        const void* found = std::memchr(p, '"', static_cast<std::size_t>(end_ - p));
        if (found == nullptr) {
          error(codes::csv_row, where(c), "unterminated quoted field");
          stopped_ = true;
          pos_ = end_;
          return false;
        }
        const char* q = static_cast<const char*>(found);
        count_lines(p, q);
        if (q + 1 < end_ && q[1] == '"') {
          c.escaped = true;
          p = q + 2;
          continue;
        }
        c.end = q;
        pos_ = q + 1;
        break;
      }
      if (pos_ < end_ && *pos_ != separator_ && *pos_ != '\n' && *pos_ != '\r') {
        error(codes::csv_row, where(pos_, line_start_, line_),
              "unexpected character after a closing quote (write \"\" for a quote)");
        stopped_ = true;
        pos_ = end_;
        return false;
      }
    } else {
      const char* p = pos_;
      while (p < end_ && *p != separator_ && *p != '\n' && *p != '\r') ++p;
      c.begin = pos_;
      c.end = p;
      pos_ = p;
    }
    cells.push_back(c);
    if (pos_ < end_ && *pos_ == separator_) {
      ++pos_;
      continue;
    }
    record_end_ = pos_;
    record_end_line_ = line_;
    record_end_line_start_ = line_start_;
    if (pos_ < end_) end_line();
    return true;
  }
}

void csv_scanner::end_line() {
  if (*pos_ == '\r' && pos_ + 1 < end_ && pos_[1] == '\n') ++pos_;
  ++pos_;
  ++line_;
  line_start_ = pos_;
}

void csv_scanner::count_lines(const char* from, const char* to) {
  for (const char* p = from; p < to; ++p) {
    if (*p == '\n' || (*p == '\r' && (p + 1 >= to || p[1] != '\n'))) {
      ++line_;
      line_start_ = p + 1;
    }
  }
}

std::string_view csv_scanner::value(const cell_ref& c, std::string& scratch) {
  if (!c.escaped) return {c.begin, static_cast<std::size_t>(c.end - c.begin)};
  scratch.clear();
  for (const char* p = c.begin; p < c.end; ++p) {
    scratch += *p;
    if (*p == '"') ++p;  // `""` -> `"`
  }
  return scratch;
}

source_location csv_scanner::where(const char* at, const char* line_start, std::int64_t line) const {
  int column = 1;
  for (const char* p = line_start; p < at; ++p)
    if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80) ++column;
  return {file_, line, column};
}

source_location csv_scanner::cursor::where(const cell_ref& c) {
  if (c.line_start != line_start_ || at_ == nullptr || c.start < at_) {
    line_start_ = c.line_start;
    at_ = c.line_start;
    column_ = 1;
  }
  for (; at_ < c.start; ++at_)
    if ((static_cast<unsigned char>(*at_) & 0xC0) != 0x80) ++column_;
  return {scanner_.file(), c.line, column_};
}

void csv_scanner::error(const char* code, source_location at, std::string message) {
  if (stopped_) return;
  if (++errors_ > max_errors) {
    sink_.error(code, std::move(at), "too many errors; stopping here");
    stopped_ = true;
    return;
  }
  sink_.error(code, std::move(at), std::move(message));
}

void csv_scanner::wrong_cell_count(const std::vector<cell_ref>& cells, std::size_t expected) {
  const std::string message =
      fmt::format("row has {} cell{}, the header {}", cells.size(), cells.size() == 1 ? "" : "s", expected);
  if (cells.size() > expected) {
    error(codes::csv_row, where(cells[expected]), message);  // the first surplus cell
  } else {
    error(codes::csv_row, where(record_end_, record_end_line_start_, record_end_line_), message);
  }
}

}  // namespace civeff::detail
