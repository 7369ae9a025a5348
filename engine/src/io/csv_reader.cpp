// SPDX-License-Identifier: Apache-2.0
// Population CSV files (SPEC §3, §9), read column by column.
//
// The whole file is mapped (or read) into memory and parsed in place: cells are
// string views into it (a quoted cell with `""` escapes is unescaped into a scratch
// string), strings are factorized through one open-addressing hash table per
// column whose keys point into the buffer, so the only allocations per row are
// the column vectors' growth and a new category's string. A large file without
// quotes is cut at line ends and read on all cores; the chunks' categories are
// merged in file order, so the result is the same as one pass would give.
//
// RFC 4180 plus the usual liberties: CRLF, LF or a lone CR end a record, the last
// record may lack a line end, a UTF-8 BOM is skipped, a line with nothing on it is
// skipped, a quote inside an unquoted cell is kept as a character, and cells are
// taken as written (no trimming). Columns in diagnostics count characters (UTF-8
// code points), 1-based. After 100 errors the reader stops.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <thread>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "core/diagnostic_codes.hpp"
#include "core/diagnostic_sink.hpp"

namespace civeff {
namespace {

namespace codes = detail::codes;

// After this many errors the reader stops: a wrong file would otherwise give one
// diagnostic per row.
constexpr std::size_t max_errors = 100;

std::uint64_t hash_bytes(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0x94D049BB133111EBULL;
    h ^= h >> 32;
  }
  h *= 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 31);
}

// string -> code for one string_column. Keys are views that must stay valid while
// the factorizer lives: views into the file buffer are passed as stable, others
// (unescaped cells) are copied into the factorizer's own storage when new.
class factorizer {
 public:
  explicit factorizer(string_column& out) : out_(&out) { slots_.assign(64, -1); }

  std::int32_t code(std::string_view s, bool stable) {
    if (s.empty()) return -1;
    if (last_code_ >= 0 && s == last_) return last_code_;  // rows of one person are often adjacent
    const std::uint64_t h = hash_bytes(s);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::int32_t c = slots_[i];
      if (c < 0) break;
      const auto k = static_cast<std::size_t>(c);
      if (hashes_[k] == h && keys_[k] == s) {
        last_ = keys_[k];
        return last_code_ = c;
      }
    }
    const auto c = static_cast<std::int32_t>(keys_.size());
    if (!stable) s = owned_.emplace_back(s);
    keys_.push_back(s);
    hashes_.push_back(h);
    out_->categories.emplace_back(s);
    if (keys_.size() * 2 > slots_.size()) {
      rehash(slots_.size() * 2);
    } else {
      insert(h, c);
    }
    last_ = s;
    return last_code_ = c;
  }

 private:
  void insert(std::uint64_t h, std::int32_t c) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    while (slots_[i] >= 0) i = (i + 1) & mask;
    slots_[i] = c;
  }
  void rehash(std::size_t size) {
    slots_.assign(size, -1);
    for (std::size_t k = 0; k < keys_.size(); ++k) insert(hashes_[k], static_cast<std::int32_t>(k));
  }

  string_column* out_;
  std::vector<std::int32_t> slots_;
  std::vector<std::string_view> keys_;
  std::vector<std::uint64_t> hashes_;
  std::deque<std::string> owned_;
  std::string_view last_;
  std::int32_t last_code_ = -1;
};

// A number as in a YAML rule file: optional sign, digits with an optional
// fraction, optional exponent; finite. No hex, no `inf`, no `1_000`, no spaces.
std::optional<double> parse_number(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
  const std::size_t int_start = i;
  while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
  std::size_t digits = i - int_start;
  if (i < n && s[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    digits += i - frac_start;
  }
  if (digits == 0) return std::nullopt;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
    const std::size_t exp_start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == exp_start) return std::nullopt;
  }
  if (i != n) return std::nullopt;
  if (s[0] == '+') s.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

bool shaped_like_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// `YYYY-MM-DD` with a valid day of month; the same as date::parse, without its
// general-purpose digit parsing (dates are a column of every row).
std::optional<date> parse_day(std::string_view s) {
  if (!shaped_like_date(s)) return std::nullopt;
  const auto digit = [&](std::size_t i) { return s[i] - '0'; };
  const int year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const int month = digit(5) * 10 + digit(6);
  const int day = digit(8) * 10 + digit(9);
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  constexpr std::array<int, 12> lengths = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  if (day > (month == 2 && leap ? 29 : lengths[static_cast<std::size_t>(month - 1)])) return std::nullopt;
  return date::from_ymd(year, month, day);
}

// One cell as found in the buffer: its raw content (without the quotes) and where
// it starts, for diagnostics.
struct cell_ref {
  const char* begin = nullptr;  // content
  const char* end = nullptr;
  const char* start = nullptr;  // the cell's first character (its opening quote, if quoted)
  const char* line_start = nullptr;
  int line = 0;
  bool escaped = false;  // quoted and holding `""`: needs unescaping
  bool quoted = false;
};

enum class role : std::uint8_t { person, unit, title, date, hours, marks, exempt, attribute };

struct column_info {
  role kind = role::attribute;
  std::size_t attribute = 0;  // index into population::attributes
};

// What the header decided; shared by every chunk of rows.
struct layout {
  std::vector<column_info> columns;
  bool has_exempt = false;
};

// Where a chunk's strings are factorized: the population's own columns when one
// pass reads everything, else the chunk's own, merged afterwards.
struct string_targets {
  string_column* person;
  string_column* unit;
  string_column* title;
  string_column* marks;
  std::vector<string_column*> attribute_texts;
};

// Where a chunk's rows go: appended to the population, or written in place from
// row `next` on, into columns sized beforehand (the parallel pass).
struct row_writer {
  population* pop;
  bool append = true;
  std::size_t next = 0;
  std::size_t end = 0;
};

class csv_parser {
 public:
  // Parses [begin, end) of a file whose first line here is `first_line`; `at_file_start`
  // skips a UTF-8 BOM.
  csv_parser(const char* begin, const char* end, std::string file, int first_line, bool at_file_start)
      : file_(std::move(file)), pos_(begin), end_(end), line_start_(begin), line_(first_line) {
    if (at_file_start && end_ - pos_ >= 3 && std::memcmp(pos_, "\xEF\xBB\xBF", 3) == 0)
      pos_ += 3;  // UTF-8 BOM
    line_start_ = pos_;
  }

  [[nodiscard]] const char* position() const { return pos_; }
  [[nodiscard]] int line() const { return line_; }
  [[nodiscard]] const detail::diagnostic_sink& diagnostics() const { return sink_; }

  // The header record: which column is what; attribute columns are added to `pop`.
  // False (with diagnostics) when it is missing or broken.
  bool header(population& pop, layout& out) {
    std::vector<cell_ref> cells;
    int header_line = 0;
    if (!next_record(cells, header_line)) {
      if (!stopped_) error(codes::csv_row, {file_, 1, 1}, "empty file: expected a header line");
      return false;
    }
    out.columns = read_header(cells, pop);
    out.has_exempt = has_exempt_;
    return !sink_.has_errors();
  }

  // Every row up to the end of the range.
  void rows(const layout& shape, const string_targets& strings, row_writer& writer) {
    population& pop = *writer.pop;
    factorizer persons(*strings.person), units(*strings.unit), titles(*strings.title), marks(*strings.marks);
    std::deque<factorizer> attribute_texts;
    for (string_column* c : strings.attribute_texts) attribute_texts.emplace_back(*c);
    const std::size_t attributes = attribute_texts.size();
    std::vector<attribute_column::cell> kinds(attributes);
    std::vector<double> numbers(attributes);
    std::vector<std::int32_t> texts(attributes);
    std::vector<cell_ref> cells;
    std::string scratch;

    int line = 0;
    while (!stopped_ && next_record(cells, line)) {
      if (cells.size() != shape.columns.size()) {
        wrong_field_count(cells, shape.columns.size());
        continue;
      }
      bool row_ok = true;
      std::int32_t person = -1, unit = -1, title = -1, mark = -1;
      date day;
      double hours = std::numeric_limits<double>::quiet_NaN();
      std::uint8_t exempt = 0;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const cell_ref& c = cells[i];
        const std::string_view v = value(c, scratch);
        const bool stable = !c.escaped;
        switch (shape.columns[i].kind) {
          case role::person:
            if (v.empty()) {
              error(codes::csv_cell, where(c), "empty person: every row needs one");
              row_ok = false;
            } else {
              person = persons.code(v, stable);
            }
            break;
          case role::unit: unit = units.code(v, stable); break;
          case role::title: title = titles.code(v, stable); break;
          case role::marks: mark = marks.code(v, stable); break;
          case role::date: {
            std::optional<date> d;
            if (!v.empty()) d = parse_day(v);
            if (!d) {
              error(codes::csv_cell, where(c),
                    v.empty() ? std::string("empty date: every row needs one")
                              : fmt::format("'{}' is not a date (YYYY-MM-DD)", v));
              row_ok = false;
            } else {
              day = *d;
            }
            break;
          }
          case role::hours:
            if (!v.empty()) {
              const std::optional<double> h = parse_number(v);
              if (!h || *h < 0) {
                error(codes::csv_cell, where(c), fmt::format("hours: '{}' is not a number >= 0", v));
                row_ok = false;
              } else {
                hours = *h;
              }
            }
            break;
          case role::exempt:
            if (v == "true") {
              exempt = 1;
            } else if (v.empty() || v == "false") {
              exempt = 0;
            } else {
              error(codes::csv_cell, where(c), fmt::format("exempt must be true or false, not '{}'", v));
              row_ok = false;
            }
            break;
          case role::attribute: {
            const std::size_t a = shape.columns[i].attribute;
            if (!typed_cell(pop.attributes[a].name, attribute_texts[a], c, v, stable, kinds[a], numbers[a],
                            texts[a]))
              row_ok = false;
            break;
          }
        }
      }
      if (!row_ok) continue;  // the reader throws at the end; the row is not kept
      if (writer.append) {
        pop.person.codes.push_back(person);
        pop.unit.codes.push_back(unit);
        pop.title.codes.push_back(title);
        pop.marks.codes.push_back(mark);
        pop.dates.push_back(day);
        pop.hours.push_back(hours);
        if (shape.has_exempt) pop.exempt.push_back(exempt);
        pop.lines.push_back(line);
        for (std::size_t a = 0; a < attributes; ++a) {
          attribute_column& col = pop.attributes[a];
          col.kinds.push_back(kinds[a]);
          col.numbers.push_back(numbers[a]);
          col.texts.codes.push_back(texts[a]);
        }
      } else if (writer.next < writer.end) {
        const std::size_t r = writer.next++;
        pop.person.codes[r] = person;
        pop.unit.codes[r] = unit;
        pop.title.codes[r] = title;
        pop.marks.codes[r] = mark;
        pop.dates[r] = day;
        pop.hours[r] = hours;
        if (shape.has_exempt) pop.exempt[r] = exempt;
        pop.lines[r] = line;
        for (std::size_t a = 0; a < attributes; ++a) {
          attribute_column& col = pop.attributes[a];
          col.kinds[r] = kinds[a];
          col.numbers[r] = numbers[a];
          col.texts.codes[r] = texts[a];
        }
      }
    }
  }

 private:
  // Reads one record into `cells`; false at the end of the input (or after an
  // unterminated quote). Lines with nothing on them are skipped.
  bool next_record(std::vector<cell_ref>& cells, int& record_line) {
    cells.clear();
    while (pos_ < end_ && (*pos_ == '\n' || *pos_ == '\r')) end_line();
    if (pos_ >= end_) return false;
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
        if (pos_ < end_ && *pos_ != ',' && *pos_ != '\n' && *pos_ != '\r') {
          cell_ref after = c;
          after.start = pos_;
          after.line = line_;
          after.line_start = line_start_;
          error(codes::csv_row, where(after),
                "unexpected character after a closing quote (write \"\" for a quote)");
          stopped_ = true;
          pos_ = end_;
          return false;
        }
      } else {
        const char* p = pos_;
        while (p < end_ && *p != ',' && *p != '\n' && *p != '\r') ++p;
        c.begin = pos_;
        c.end = p;
        pos_ = p;
      }
      cells.push_back(c);
      if (pos_ < end_ && *pos_ == ',') {
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

  // Consumes one line end (CRLF, LF or CR).
  void end_line() {
    if (*pos_ == '\r' && pos_ + 1 < end_ && pos_[1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }

  // Line ends inside a quoted cell.
  void count_lines(const char* from, const char* to) {
    for (const char* p = from; p < to; ++p) {
      if (*p == '\n' || (*p == '\r' && (p + 1 >= to || p[1] != '\n'))) {
        ++line_;
        line_start_ = p + 1;
      }
    }
  }

  static std::string_view value(const cell_ref& c, std::string& scratch) {
    if (!c.escaped) return {c.begin, static_cast<std::size_t>(c.end - c.begin)};
    scratch.clear();
    for (const char* p = c.begin; p < c.end; ++p) {
      scratch += *p;
      if (*p == '"') ++p;  // `""` -> `"`
    }
    return scratch;
  }

  [[nodiscard]] source_location where(const char* at, const char* line_start, int line) const {
    int column = 1;
    for (const char* p = line_start; p < at; ++p)
      if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80) ++column;
    return {file_, line, column};
  }
  [[nodiscard]] source_location where(const cell_ref& c) const {
    return where(c.start, c.line_start, c.line);
  }

  void error(const char* code, source_location at, std::string message) {
    if (stopped_) return;
    if (++errors_ > max_errors) {
      sink_.error(code, std::move(at), "too many errors; stopping here");
      stopped_ = true;
      return;
    }
    sink_.error(code, std::move(at), std::move(message));
  }

  void wrong_field_count(const std::vector<cell_ref>& cells, std::size_t expected) {
    const std::string message =
        fmt::format("row has {} cell{}, the header {}", cells.size(), cells.size() == 1 ? "" : "s", expected);
    if (cells.size() > expected) {
      error(codes::csv_row, where(cells[expected]), message);  // the first surplus cell
    } else {
      error(codes::csv_row, where(record_end_, record_end_line_start_, record_end_line_),
            message);  // where the next would start
    }
  }

  std::vector<column_info> read_header(const std::vector<cell_ref>& cells, population& pop) {
    std::vector<column_info> columns(cells.size());
    std::vector<std::string> names;
    std::string scratch;
    bool have_person = false, have_date = false;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string name(value(cells[i], scratch));
      if (name.empty()) {
        error(codes::csv_row, where(cells[i]), "empty column name");
        continue;
      }
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        error(codes::csv_row, where(cells[i]), fmt::format("column '{}' appears twice", name));
        continue;
      }
      names.push_back(name);
      column_info& col = columns[i];
      if (name == "person") {
        col.kind = role::person;
        have_person = true;
      } else if (name == "unit") {
        col.kind = role::unit;
      } else if (name == "title") {
        col.kind = role::title;
      } else if (name == "date") {
        col.kind = role::date;
        have_date = true;
      } else if (name == "hours") {
        col.kind = role::hours;
      } else if (name == "marks") {
        col.kind = role::marks;
      } else if (name == "exempt") {
        col.kind = role::exempt;
        has_exempt_ = true;
      } else {
        // SPEC §9: `person.NAME` is a person attribute; every further column an attribute.
        attribute_column a;
        if (name.rfind("person.", 0) == 0) {
          a.name = name.substr(7);
          a.person_level = true;
          if (a.name.empty()) {
            error(codes::csv_row, where(cells[i]), "column 'person.' names no attribute");
            continue;
          }
        } else {
          a.name = name;
        }
        col.kind = role::attribute;
        col.attribute = pop.attributes.size();
        pop.attributes.push_back(std::move(a));
      }
    }
    const source_location first{file_, cells.empty() ? 1 : cells.front().line, 1};
    if (!have_person) error(codes::csv_row, first, "the header has no 'person' column");
    if (!have_date) error(codes::csv_row, first, "the header has no 'date' column");
    return columns;
  }

  // SPEC §3, §9: true/false, numbers and YYYY-MM-DD dates are typed; else text.
  bool typed_cell(std::string_view column, factorizer& texts, const cell_ref& c, std::string_view v,
                  bool stable, attribute_column::cell& kind, double& number, std::int32_t& text) {
    using cell = attribute_column::cell;
    kind = cell::text;
    number = 0;
    text = -1;
    if (v.empty()) {
      kind = cell::absent;
    } else if (v == "true" || v == "false") {
      kind = cell::boolean;
      number = v == "true" ? 1 : 0;
    } else if (shaped_like_date(v)) {
      const std::optional<date> d = parse_day(v);
      if (!d) {
        error(codes::csv_cell, where(c), fmt::format("{}: '{}' is not a date (YYYY-MM-DD)", column, v));
        return false;
      }
      kind = cell::date;
      number = d->days_since_epoch();
    } else if (const std::optional<double> x = parse_number(v)) {
      kind = cell::number;
      number = *x;
    } else {
      text = texts.code(v, stable);
    }
    return true;
  }

  std::string file_;
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  const char* line_start_ = nullptr;
  int line_ = 1;
  const char* record_end_ = nullptr;
  const char* record_end_line_start_ = nullptr;
  int record_end_line_ = 1;
  bool has_exempt_ = false;
  bool stopped_ = false;
  std::size_t errors_ = 0;
  detail::diagnostic_sink sink_;
};

// ---------------------------------------------------------------- reading on all cores

// Each thread gets at least this much of the file.
constexpr std::size_t min_chunk_bytes = std::size_t{4} << 20;

// Rows can be cut at any LF when no cell is quoted (so no cell holds a line end)
// and no line ends in a lone CR.
bool splittable(const char* begin, const char* end) {
  if (std::memchr(begin, '"', static_cast<std::size_t>(end - begin)) != nullptr) return false;
  for (const char* p = begin; p < end; ++p) {
    p = static_cast<const char*>(std::memchr(p, '\r', static_cast<std::size_t>(end - p)));
    if (p == nullptr) return true;
    if (p + 1 >= end || p[1] != '\n') return false;
  }
  return true;
}

struct chunk {
  const char* begin = nullptr;
  const char* end = nullptr;
  std::size_t line_ends = 0;  // LFs in [begin, end)
  std::size_t rows = 0;       // lines with something on them
  int first_line = 0;
  std::size_t first_row = 0;
  string_column person, unit, title, marks;  // categories only: codes are written into the population
  std::vector<string_column> attribute_texts;
  std::vector<diagnostic> errors;
  bool complete = false;  // wrote exactly `rows` rows
};

// Runs f(i) for i in [0, n) on n threads; the first exception is rethrown.
template <typename F>
void on_threads(std::size_t n, F&& f) {
  std::vector<std::exception_ptr> failures(n);
  std::vector<std::thread> pool;
  pool.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    pool.emplace_back([&, i] {
      try {
        f(i);
      } catch (...) {
        failures[i] = std::current_exception();
      }
    });
  for (auto& t : pool) t.join();
  for (auto& e : failures)
    if (e) std::rethrow_exception(e);
}

// Codes of rows [from, to) of `column` from chunk-local to population-wide.
void remap(std::vector<std::int32_t>& codes, std::size_t from, std::size_t to,
           const std::vector<std::int32_t>& table) {
  for (std::size_t r = from; r < to; ++r)
    if (codes[r] >= 0) codes[r] = table[static_cast<std::size_t>(codes[r])];
}

// Reads the rows in `parts` chunks at once: counts each chunk's rows first so every
// thread writes its rows in place, then merges the chunks' categories in chunk order
// (which keeps the order of first appearance) and rewrites the codes. nullopt when
// the count and the parse disagree (not expected; the caller then reads in one pass).
std::optional<population> parse_in_parallel(population& pop, const layout& shape, const char* begin,
                                            const char* end, int first_line, std::size_t parts) {
  std::vector<chunk> chunks(parts);
  const auto size = static_cast<std::size_t>(end - begin);
  const char* from = begin;
  for (std::size_t i = 0; i < parts; ++i) {
    const char* to = i + 1 == parts ? end : begin + size / parts * (i + 1);
    if (to < from) to = from;
    if (to < end) {
      const void* lf = std::memchr(to, '\n', static_cast<std::size_t>(end - to));
      to = lf == nullptr ? end : static_cast<const char*>(lf) + 1;
    }
    chunks[i].begin = from;
    chunks[i].end = to;
    from = to;
  }

  on_threads(parts, [&](std::size_t i) {
    chunk& c = chunks[i];
    for (const char* p = c.begin; p < c.end;) {
      const void* lf = std::memchr(p, '\n', static_cast<std::size_t>(c.end - p));
      const char* line_end = lf == nullptr ? c.end : static_cast<const char*>(lf);
      const char* content_end = line_end > p && line_end[-1] == '\r' ? line_end - 1 : line_end;
      if (content_end > p) ++c.rows;
      if (lf == nullptr) break;
      ++c.line_ends;
      p = line_end + 1;
    }
  });
  std::size_t rows = 0;
  auto line = static_cast<std::size_t>(first_line);
  for (chunk& c : chunks) {
    c.first_row = rows;
    c.first_line = static_cast<int>(line);
    rows += c.rows;
    line += c.line_ends;
  }

  pop.person.codes.resize(rows);
  pop.unit.codes.resize(rows);
  pop.title.codes.resize(rows);
  pop.marks.codes.resize(rows);
  pop.dates.resize(rows);
  pop.hours.resize(rows);
  pop.lines.resize(rows);
  if (shape.has_exempt) pop.exempt.resize(rows);
  for (auto& a : pop.attributes) {
    a.kinds.resize(rows);
    a.numbers.resize(rows);
    a.texts.codes.resize(rows);
  }

  on_threads(parts, [&](std::size_t i) {
    chunk& c = chunks[i];
    c.attribute_texts.resize(pop.attributes.size());
    string_targets targets{&c.person, &c.unit, &c.title, &c.marks, {}};
    for (auto& t : c.attribute_texts) targets.attribute_texts.push_back(&t);
    row_writer writer{&pop, false, c.first_row, c.first_row + c.rows};
    csv_parser parser(c.begin, c.end, pop.file, c.first_line, false);
    parser.rows(shape, targets, writer);
    c.errors = parser.diagnostics().all();
    c.complete = writer.next == writer.end;
  });

  std::vector<diagnostic> errors;
  for (chunk& c : chunks) errors.insert(errors.end(), c.errors.begin(), c.errors.end());
  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(),
                     [](const diagnostic& a, const diagnostic& b) { return a.where < b.where; });
    if (errors.size() > max_errors) {  // as the one-pass reader: stop at the first past the limit
      errors.resize(max_errors + 1);
      errors.back().message = "too many errors; stopping here";
    }
    throw input_error(std::move(errors));
  }
  for (const chunk& c : chunks) {
    if (!c.complete) {
      for (auto* column : {&pop.person, &pop.unit, &pop.title, &pop.marks}) column->codes.clear();
      pop.dates.clear();
      pop.hours.clear();
      pop.lines.clear();
      pop.exempt.clear();
      for (auto& a : pop.attributes) {
        a.kinds.clear();
        a.numbers.clear();
        a.texts.codes.clear();
      }
      return std::nullopt;
    }
  }

  // Categories in chunk order; a table per chunk and column turns its codes into the population's.
  const auto merge = [&](string_column& target, auto local) {
    std::vector<std::vector<std::int32_t>> tables(parts);
    factorizer global(target);
    for (std::size_t i = 0; i < parts; ++i) {
      const string_column& l = local(chunks[i]);
      tables[i].reserve(l.categories.size());
      for (const auto& text : l.categories) tables[i].push_back(global.code(text, true));
    }
    return tables;
  };
  std::vector<std::pair<std::vector<std::int32_t>*, std::vector<std::vector<std::int32_t>>>> work;
  work.emplace_back(&pop.person.codes,
                    merge(pop.person, [](chunk& c) -> string_column& { return c.person; }));
  work.emplace_back(&pop.unit.codes, merge(pop.unit, [](chunk& c) -> string_column& { return c.unit; }));
  work.emplace_back(&pop.title.codes, merge(pop.title, [](chunk& c) -> string_column& { return c.title; }));
  work.emplace_back(&pop.marks.codes, merge(pop.marks, [](chunk& c) -> string_column& { return c.marks; }));
  for (std::size_t a = 0; a < pop.attributes.size(); ++a)
    work.emplace_back(
        &pop.attributes[a].texts.codes,
        merge(pop.attributes[a].texts, [a](chunk& c) -> string_column& { return c.attribute_texts[a]; }));
  on_threads(parts, [&](std::size_t i) {
    const chunk& c = chunks[i];
    for (auto& [codes, tables] : work) remap(*codes, c.first_row, c.first_row + c.rows, tables[i]);
  });
  return std::move(pop);
}

// "no such file", "permission denied": strerror's words, lower case.
std::string reason(int error_number) {
  if (error_number == ENOENT) return "no such file";
  std::string why = std::strerror(error_number);
  if (!why.empty() && why[0] >= 'A' && why[0] <= 'Z') why[0] = static_cast<char>(why[0] - 'A' + 'a');
  return why;
}

}  // namespace

population parse_population_csv(std::string_view text, std::string_view file_name, const ruleset* /*rules*/,
                                const read_options& /*options*/) {
  population pop;
  pop.file = std::string(file_name);
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  csv_parser head(begin, end, pop.file, 1, true);
  layout shape;
  if (!head.header(pop, shape)) throw input_error(head.diagnostics().sorted());
  const char* const rows_begin = head.position();
  const auto bytes = static_cast<std::size_t>(end - rows_begin);

  // Large files without quotes are cut at line ends and read on all cores.
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t parts = std::min(cores, bytes / min_chunk_bytes);
  if (parts > 1 && splittable(rows_begin, end)) {
    if (std::optional<population> done = parse_in_parallel(pop, shape, rows_begin, end, head.line(), parts))
      return std::move(*done);
  }

  // One pass: rows are appended, strings factorized straight into the population.
  const std::size_t estimate = static_cast<std::size_t>(std::count(rows_begin, end, '\n')) + 1;
  pop.person.codes.reserve(estimate);
  pop.unit.codes.reserve(estimate);
  pop.title.codes.reserve(estimate);
  pop.marks.codes.reserve(estimate);
  pop.dates.reserve(estimate);
  pop.hours.reserve(estimate);
  pop.lines.reserve(estimate);
  if (shape.has_exempt) pop.exempt.reserve(estimate);
  string_targets targets{&pop.person, &pop.unit, &pop.title, &pop.marks, {}};
  for (auto& a : pop.attributes) {
    a.kinds.reserve(estimate);
    a.numbers.reserve(estimate);
    a.texts.codes.reserve(estimate);
    targets.attribute_texts.push_back(&a.texts);
  }
  row_writer writer{&pop, true, 0, 0};
  head.rows(shape, targets, writer);
  if (head.diagnostics().has_errors()) throw input_error(head.diagnostics().sorted());
  return pop;
}

population read_population_csv(const std::filesystem::path& path, const ruleset* rules, const read_options& options) {
  const std::string file = path.string();
  const auto fail = [&](std::string why) {
    throw input_error({{severity::error,
                        codes::input_io,
                        {file, 0, 0},
                        fmt::format("cannot read '{}': {}", file, why),
                        {}}});
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail("is a directory");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!in) fail(reason(errno));
#if defined(__unix__) || defined(__APPLE__)
  // A regular file is mapped, not copied: the page cache is the buffer.
  struct stat info {};
  if (::fstat(::fileno(in.get()), &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    const auto size = static_cast<std::size_t>(info.st_size);
    void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, ::fileno(in.get()), 0);
    if (mapped != MAP_FAILED) {
      ::madvise(mapped, size, MADV_SEQUENTIAL);
      const std::unique_ptr<void, std::function<void(void*)>> unmap(mapped,
                                                                    [size](void* m) { ::munmap(m, size); });
      return parse_population_csv(std::string_view(static_cast<const char*>(mapped), size), file, rules, options);
    }
  }
#endif
  // Otherwise (a pipe, no mmap) the whole input is read into one string.
  std::string buffer;
  std::array<char, 1 << 16> block{};
  for (std::size_t got = 0; (got = std::fread(block.data(), 1, block.size(), in.get())) > 0;)
    buffer.append(block.data(), got);
  if (std::ferror(in.get())) fail(reason(errno));
  return parse_population_csv(buffer, file, rules, options);
}

}  // namespace civeff
