// SPDX-License-Identifier: Apache-2.0
// Population CSV files (SPEC §3, §9, §11), read column by column.
//
// The whole file is mapped (or, for a pipe, read once) into memory, decoded to
// UTF-8 (csv_scanner and the rest see valid UTF-8 only) and parsed in place:
// cells are views into it, strings are factorized (factorizer.hpp), so the only
// allocations per row are the column vectors' growth and a new category's
// string. A large file without quotes is cut at line ends and read on all
// cores; the chunks' categories and findings are merged in file order, so the
// result is the same as one pass would give.
//
// Memory (issue 15): the pages of a mapped file are given back behind each pass
// (page_release.hpp), so the text is not held beside its columns; an attribute
// column keeps only the per-row vectors its cells need, numbers as floats where
// each is exactly one; a file with one row a line keeps no line per row
// (population::first_line); `read_options::titles` false keeps no title.
//
// Every independent problem is reported in one go (F20): malformed rows and
// cells (E043, E044), unknown marks (E042, once per id), and person attributes
// that differ between one person's rows (E045, found after the rows while the
// text is still there to locate them, at most 100 listed and then a count).

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "core/input_values.hpp"
#include "core/person_conflicts.hpp"
#include "core/suggest.hpp"
#include "io/csv_layout.hpp"
#include "io/csv_scanner.hpp"
#include "io/factorizer.hpp"
#include "io/input_file.hpp"
#include "io/page_release.hpp"
#include "io/text_decoding.hpp"
#include "io/warning_list.hpp"

namespace civeff {
namespace {

namespace codes = detail::codes;
using detail::cell_ref;
using detail::csv_column;
using detail::csv_layout;
using detail::csv_role;
using detail::csv_scanner;
using detail::factorizer;
using detail::warning_list;

// What every pass over the rows shares, read-only.
struct read_context {
  const detail::program* rules = nullptr;
  bool semicolon_file = false;
  std::unordered_map<std::string, std::string_view> unit_by_folded;  // W013
  // Per CSV column, in the second pass: the value that shows the column is
  // month-first ("'05-13-2023' on line 2"); its day-first values fail. Empty: not month-first.
  std::vector<std::string> month_first;
  bool titles = true;  // read_options::titles
};

// Numbers that a float does not hold exactly, per attribute: (row, number). The
// columns are written as floats (half the bytes of doubles); a column with any of
// these is widened to doubles once its rows are read (widen_numbers).
using wide_numbers = std::vector<std::vector<std::pair<std::size_t, double>>>;

// A finding reported once per id (E042 per mark, W013 per unit id): the first place.
using first_places = std::map<std::string, diagnostic, std::less<>>;

// What one pass over some rows found besides the rows.
struct findings {
  explicit findings(bool strict) : warnings(strict) {}
  warning_list warnings;
  std::vector<std::string> month_first_evidence;  // per CSV column: the first value that looks month-first
  first_places unknown_marks, unit_case;
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
  std::vector<std::vector<std::uint64_t>>* text_hashes;  // per undeclared person column, per row
  wide_numbers* wide;
  bool append = true;
  std::size_t next = 0;
  std::size_t end = 0;
  // In place without `lines` (population::first_line): cleared when a row is not
  // on the line that gives it, which makes the caller read again in one pass.
  bool lines_agree = true;
};

// One row's values before they are stored.
struct row_values {
  std::int32_t person = -1, unit = -1, title = -1, marks = -1;
  date day;
  double hours = std::numeric_limits<double>::quiet_NaN();
  std::uint8_t exempt = 0;
  std::vector<attribute_column::cell> kinds;
  std::vector<double> numbers;
  std::vector<std::int32_t> texts;
  std::vector<std::uint64_t> hashes;
};

class row_reader {
 public:
  // `pages`: the mapping the scanner reads, given back behind it (or nullptr).
  row_reader(csv_scanner& scanner, const csv_layout& shape, const read_context& context, findings& found,
             const detail::page_release* pages)
      : scanner_(scanner), shape_(shape), context_(context), found_(found), pages_(pages) {
    found_.month_first_evidence.assign(shape.columns.size(), {});
  }

  void read(const string_targets& strings, row_writer& writer) {
    population& pop = *writer.pop;
    factorizer persons(*strings.person), units(*strings.unit), titles(*strings.title), marks(*strings.marks);
    std::deque<factorizer> attribute_texts;
    for (string_column* c : strings.attribute_texts) attribute_texts.emplace_back(*c);
    const std::size_t attributes = attribute_texts.size();
    row_values v;
    v.kinds.resize(attributes);
    v.numbers.resize(attributes);
    v.texts.resize(attributes);
    v.hashes.resize(shape_.text_hash_columns);
    std::vector<cell_ref> cells;
    std::string scratch;
    std::int64_t line = 0;
    detail::release_behind behind(pages_, scanner_.position());
    while (scanner_.next_record(cells, line)) {
      behind.reached(scanner_.position());
      if (cells.size() != shape_.columns.size()) {
        scanner_.wrong_cell_count(cells, shape_.columns.size());
        continue;
      }
      v.person = v.unit = v.title = v.marks = -1;
      v.hours = std::numeric_limits<double>::quiet_NaN();
      v.exempt = 0;
      bool row_ok = true;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const cell_ref& c = cells[i];
        const std::string_view raw = csv_scanner::value(c, scratch);
        const bool stable = !c.escaped;
        const csv_column& column = shape_.columns[i];
        switch (column.role) {
          case csv_role::person: {
            const std::string_view id = detail::trim_blanks(raw);
            if (id.empty()) {
              scanner_.error(codes::csv_cell, places_.where(c), "empty person: every row needs one");
              row_ok = false;
            } else {
              v.person = persons.code(id, stable);
            }
            break;
          }
          case csv_role::unit: {
            bool created = false;
            v.unit = units.code(detail::trim_blanks(raw), stable, &created);
            if (created) check_unit_case(detail::trim_blanks(raw), c);
            break;
          }
          case csv_role::title:
            if (context_.titles) v.title = titles.code(raw, stable);
            break;
          case csv_role::marks: {
            bool created = false;
            v.marks = marks.code(detail::trim_blanks(raw), stable, &created);
            if (created) check_marks(detail::trim_blanks(raw), c);
            break;
          }
          case csv_role::date: row_ok = read_date(i, c, detail::trim_blanks(raw), v.day) && row_ok; break;
          case csv_role::hours: row_ok = read_hours(c, detail::trim_blanks(raw), v.hours) && row_ok; break;
          case csv_role::exempt: row_ok = read_exempt(c, detail::trim_blanks(raw), v.exempt) && row_ok; break;
          case csv_role::attribute: {
            const std::size_t a = column.attribute;
            row_ok =
                read_attribute(i, column, pop.attributes[a].name, attribute_texts[a], c, raw, stable, v, a) &&
                row_ok;
            break;
          }
          case csv_role::ignored: break;  // W011: not declared
        }
      }
      if (!row_ok) continue;  // the reader throws at the end; the row is not kept
      store(writer, line, v);
    }
    behind.finish(scanner_.position());
  }

 private:
  void store(row_writer& writer, std::int64_t line, const row_values& v) {
    population& pop = *writer.pop;
    const std::size_t attributes = v.kinds.size();
    if (writer.append) {
      const std::size_t r = pop.dates.size();
      pop.person.codes.push_back(v.person);
      pop.unit.codes.push_back(v.unit);
      if (context_.titles) pop.title.codes.push_back(v.title);
      pop.marks.codes.push_back(v.marks);
      pop.dates.push_back(v.day);
      pop.hours.push_back(v.hours);
      if (shape_.has_exempt) pop.exempt.push_back(v.exempt);
      pop.lines.push_back(line);
      for (std::size_t a = 0; a < attributes; ++a) {
        attribute_column& col = pop.attributes[a];
        col.kinds.push_back(v.kinds[a]);
        if (shape_.storage[a].numbers) col.floats.push_back(narrow(v.numbers[a], r, (*writer.wide)[a]));
        if (shape_.storage[a].texts) col.texts.codes.push_back(v.texts[a]);
      }
      for (std::size_t h = 0; h < v.hashes.size(); ++h) (*writer.text_hashes)[h].push_back(v.hashes[h]);
    } else if (writer.next < writer.end) {
      const std::size_t r = writer.next++;
      pop.person.codes[r] = v.person;
      pop.unit.codes[r] = v.unit;
      if (context_.titles) pop.title.codes[r] = v.title;
      pop.marks.codes[r] = v.marks;
      pop.dates[r] = v.day;
      pop.hours[r] = v.hours;
      if (shape_.has_exempt) pop.exempt[r] = v.exempt;
      if (!pop.lines.empty()) pop.lines[r] = line;
      else if (line != pop.first_line + static_cast<std::int64_t>(r)) writer.lines_agree = false;
      for (std::size_t a = 0; a < attributes; ++a) {
        attribute_column& col = pop.attributes[a];
        col.kinds[r] = v.kinds[a];
        if (shape_.storage[a].numbers) col.floats[r] = narrow(v.numbers[a], r, (*writer.wide)[a]);
        if (shape_.storage[a].texts) col.texts.codes[r] = v.texts[a];
      }
      for (std::size_t h = 0; h < v.hashes.size(); ++h) (*writer.text_hashes)[h][r] = v.hashes[h];
    }
  }

  // `x` as a float; when the float is not exactly `x`, `x` is kept aside for row `r`.
  static float narrow(double x, std::size_t r, std::vector<std::pair<std::size_t, double>>& wide) {
    if (std::fabs(x) <= std::numeric_limits<float>::max()) {
      const auto f = static_cast<float>(x);
      if (static_cast<double>(f) == x) return f;
    } else if (std::isinf(x)) {
      return x > 0 ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
    }
    wide.emplace_back(r, x);
    return 0;
  }

  // SPEC §11: the date column takes YYYY-MM-DD and D-M-YYYY; in a column that
  // looks month-first every day-first value fails.
  bool read_date(std::size_t column, const cell_ref& c, std::string_view text, date& out) {
    if (text.empty()) {
      scanner_.error(codes::csv_cell, places_.where(c), "empty date: every row needs one");
      return false;
    }
    const detail::typed_date t = detail::parse_typed_date(text);
    if (t.looks_month_first) note_month_first(column, c, text);
    if (t.day_first && (t.looks_month_first || !context_.month_first[column].empty())) {
      scanner_.error(codes::csv_cell, places_.where(c),
                     detail::month_first_problem(text, context_.month_first[column]));
      return false;
    }
    if (!t.day) {
      scanner_.error(codes::csv_cell, places_.where(c),
                     fmt::format("'{}' is not a date (YYYY-MM-DD or D-M-YYYY)", text));
      return false;
    }
    out = *t.day;
    return true;
  }

  bool read_hours(const cell_ref& c, std::string_view text, double& out) {
    if (text.empty()) return true;  // the unit's hours
    const std::optional<double> h = detail::parse_decimal(text, context_.semicolon_file);
    if (!h || *h < 0) {
      const bool thousands = !h && context_.semicolon_file && detail::parse_decimal(text, false);
      scanner_.error(codes::csv_cell, places_.where(c),
                     thousands
                         ? fmt::format("hours: '{}' may use '.' as a thousands separator in a ';'-separated "
                                       "file; write it without one, or with a decimal comma",
                                       text)
                         : fmt::format("hours: '{}' is not a number >= 0", text));
      return false;
    }
    out = *h;
    return true;
  }

  bool read_exempt(const cell_ref& c, std::string_view text, std::uint8_t& out) {
    if (text.empty()) return true;
    const std::optional<bool> b = detail::parse_bool_spelling(text);
    if (!b) {
      scanner_.error(
          codes::csv_cell, places_.where(c),
          fmt::format("exempt must be true or false (or ja/nee, waar/onwaar, yes/no, 1/0), not '{}'", text));
      return false;
    }
    out = *b ? 1 : 0;
    return true;
  }

  bool read_attribute(std::size_t column_index, const csv_column& column, std::string_view name,
                      factorizer& texts, const cell_ref& c, std::string_view raw, bool stable, row_values& v,
                      std::size_t a) {
    using cell = attribute_column::cell;
    v.kinds[a] = cell::absent;
    v.numbers[a] = 0;
    v.texts[a] = -1;
    if (column.declared != nullptr)
      return convert_declared(column_index, *column.declared, texts, c, raw, v, a);
    // SPEC §3 typing. A person attribute is trimmed first, as E045 compares it trimmed.
    const std::string_view text = column.person_level ? detail::trim_blanks(raw) : raw;
    if (column.text_hash != std::numeric_limits<std::size_t>::max())
      v.hashes[column.text_hash] = text.empty() ? 0 : detail::hash_bytes(text);
    bool bad_date = false;
    const std::optional<attribute_value> typed = detail::type_undeclared(text, bad_date);
    if (bad_date) {
      scanner_.error(codes::csv_cell, places_.where(c),
                     fmt::format("{}: '{}' is not a date (YYYY-MM-DD)", name, text));
      return false;
    }
    if (typed) store_value(*typed, texts, text, stable, v, a);
    return true;
  }

  // A typed value into the row's cells; a text is factorized (`stable`: `text` is the file's own).
  static void store_value(const attribute_value& value, factorizer& texts, std::string_view text, bool stable,
                          row_values& v, std::size_t a) {
    using cell = attribute_column::cell;
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, bool>) {
            v.kinds[a] = cell::boolean;
            v.numbers[a] = x ? 1 : 0;
          } else if constexpr (std::is_same_v<T, double>) {
            v.kinds[a] = cell::number;
            v.numbers[a] = x;
          } else if constexpr (std::is_same_v<T, date>) {
            v.kinds[a] = cell::date;
            v.numbers[a] = x.days_since_epoch();
          } else {
            v.kinds[a] = cell::text;
            v.texts[a] = x == text ? texts.code(text, stable) : texts.code(x, false);
          }
        },
        value);
  }

  // SPEC §11: a declared attribute's value converted, or W010 and absent.
  bool convert_declared(std::size_t column_index, const attribute_declaration& d, factorizer& texts,
                        const cell_ref& c, std::string_view raw, row_values& v, std::size_t a) {
    const bool person = shape_.columns[column_index].person_level;
    if (detail::trim_blanks(raw).empty()) return true;
    detail::conversion r = detail::convert_text(d, raw, context_.semicolon_file);
    if (r.looks_month_first) note_month_first(column_index, c, detail::trim_blanks(raw));
    if (r.looks_month_first || (r.value && r.day_first && !context_.month_first[column_index].empty())) {
      r.value.reset();
      r.problem = detail::month_first_problem(detail::trim_blanks(raw), context_.month_first[column_index]);
    }
    if (!r.value) {
      found_.warnings.add(
          codes::warn_conversion, places_.where(c),
          fmt::format("{}{}: {}; the value is left out", person ? "person." : "", d.name, r.problem));
      return true;
    }
    store_value(*r.value, texts, {}, false, v, a);
    return true;
  }

  // The first value of a column that looks month-first, for the second pass's messages.
  void note_month_first(std::size_t column, const cell_ref& c, std::string_view text) {
    std::string& evidence = found_.month_first_evidence[column];
    if (evidence.empty()) evidence = fmt::format("'{}' on line {}", text, c.line);
  }

  // E042 for each mark id of a new marks cell that the ruleset lacks (once per id).
  void check_marks(std::string_view list, const cell_ref& c) {
    if (context_.rules == nullptr) return;
    while (!list.empty()) {
      const std::size_t semi = list.find(';');
      const std::string_view id = detail::trim_blanks(list.substr(0, semi));
      list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
      if (id.empty() || context_.rules->find_mark(id) >= 0 || found_.unknown_marks.count(id)) continue;
      found_.unknown_marks.emplace(
          std::string(id),
          diagnostic{severity::error,
                     codes::unknown_mark,
                     places_.where(c),
                     detail::capped_message(fmt::format("unknown mark '{}'{}", id,
                                                        detail::did_you_mean_id(id, context_.rules->marks))),
                     {}});
    }
  }

  // W013 for an unknown unit id that a known one equals without regard to case.
  void check_unit_case(std::string_view id, const cell_ref& c) {
    if (context_.rules == nullptr || id.empty() || context_.rules->find_unit(id) >= 0) return;
    const auto it = context_.unit_by_folded.find(detail::fold_case(id));
    if (it == context_.unit_by_folded.end() || found_.unit_case.count(id)) return;
    found_.unit_case.emplace(
        std::string(id),
        diagnostic{
            severity::warning,
            codes::warn_unit_case,
            places_.where(c),
            fmt::format("unknown unit '{}'; did you mean '{}'? (unit ids match with case)", id, it->second),
            {}});
  }

  csv_scanner& scanner_;
  csv_scanner::cursor places_{scanner_};  // cells' places, counted onward along a wide row
  const csv_layout& shape_;
  const read_context& context_;
  findings& found_;
  const detail::page_release* pages_;
};

// ---------------------------------------------------------------- one read of the rows

// The rows of the text read once, with everything found on the way.
struct read_attempt {
  explicit read_attempt(bool strict) : header_warnings(strict), found(strict) {}
  population pop;
  csv_layout shape;
  warning_list header_warnings;  // W011
  findings found;                // in the rows
  std::vector<diagnostic> errors;
  bool stopped = false;  // too many errors: the rows are incomplete
  std::vector<std::vector<std::uint64_t>> text_hashes;
  wide_numbers wide;  // the one-pass read's; the parallel read's are its chunks'
};

// Each thread gets at least this much of the file.
constexpr std::size_t min_chunk_bytes = std::size_t{4} << 20;

// Rows can be cut at any LF when no cell is quoted (so no cell holds a line end)
// and no line ends in a lone CR. Read in blocks, each given back to `pages` once read.
bool splittable(const char* begin, const char* end, const detail::page_release* pages) {
  constexpr std::size_t block = std::size_t{16} << 20;
  for (const char* from = begin; from < end;) {
    const char* to = static_cast<std::size_t>(end - from) > block ? from + block : end;
    const auto n = static_cast<std::size_t>(to - from);
    if (std::memchr(from, '"', n) != nullptr) return false;
    for (const char* p = from; p < to; ++p) {
      p = static_cast<const char*>(std::memchr(p, '\r', static_cast<std::size_t>(to - p)));
      if (p == nullptr) break;
      if (p + 1 >= end || p[1] != '\n') return false;
    }
    if (pages != nullptr) pages->release(from, to);
    from = to;
  }
  return true;
}

struct chunk {
  explicit chunk(bool strict) : found(strict) {}
  const char* begin = nullptr;
  const char* end = nullptr;
  std::size_t line_ends = 0;  // LFs in [begin, end)
  std::size_t rows = 0;       // lines with something on them
  std::int64_t first_line = 0;
  std::size_t first_row = 0;
  string_column person, unit, title, marks;  // categories only: codes are written into the population
  std::size_t blank_lines = 0;
  std::vector<string_column> attribute_texts;
  wide_numbers wide;
  findings found;
  std::vector<diagnostic> errors;
  bool stopped = false;
  bool complete = false;  // wrote exactly `rows` rows, each on the line first_line gives it
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

// Keeps the earlier place of each id.
void merge_first(first_places& into, first_places&& later) {
  for (auto& [id, d] : later) into.emplace(id, std::move(d));
}

// `lines`: whether rows need a line each (else population::first_line gives them).
void resize_rows(read_attempt& a, std::size_t rows, bool titles, bool lines) {
  population& pop = a.pop;
  pop.person.codes.resize(rows);
  pop.unit.codes.resize(rows);
  pop.title.codes.resize(titles ? rows : 0);
  pop.marks.codes.resize(rows);
  pop.dates.resize(rows);
  pop.hours.resize(rows);
  pop.lines.resize(lines ? rows : 0);
  pop.exempt.resize(a.shape.has_exempt ? rows : 0);
  for (std::size_t k = 0; k < pop.attributes.size(); ++k) {
    attribute_column& c = pop.attributes[k];
    c.kinds.resize(rows);
    c.numbers.clear();
    c.floats.resize(a.shape.storage[k].numbers ? rows : 0);
    c.texts.codes.resize(a.shape.storage[k].texts ? rows : 0);
  }
  for (auto& h : a.text_hashes) h.resize(rows);
}

// Reads the rows in `parts` chunks at once: counts each chunk's rows first so every
// thread writes its rows in place, then merges the chunks' categories in chunk order
// (which keeps the order of first appearance) and rewrites the codes. False when
// the count and the parse disagree (not expected; the caller then reads in one pass).
bool read_in_parallel(read_attempt& a, const read_context& context, const char* begin, const char* end,
                      std::int64_t first_line, std::size_t parts, char separator, bool strict,
                      const detail::page_release* pages) {
  std::vector<chunk> chunks;
  chunks.reserve(parts);
  for (std::size_t i = 0; i < parts; ++i) chunks.emplace_back(strict);
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
    detail::release_behind behind(pages, c.begin);
    for (const char* p = c.begin; p < c.end;) {
      const void* lf = std::memchr(p, '\n', static_cast<std::size_t>(c.end - p));
      const char* line_end = lf == nullptr ? c.end : static_cast<const char*>(lf);
      const char* content_end = line_end > p && line_end[-1] == '\r' ? line_end - 1 : line_end;
      if (content_end > p) ++c.rows;
      else if (lf != nullptr) ++c.blank_lines;
      if (lf == nullptr) break;
      ++c.line_ends;
      p = line_end + 1;
      behind.reached(p);
    }
    behind.finish(c.end);
  });
  std::size_t rows = 0, blank_lines = 0;
  std::int64_t line = first_line;
  for (chunk& c : chunks) {
    c.first_row = rows;
    c.first_line = line;
    rows += c.rows;
    blank_lines += c.blank_lines;
    line += static_cast<std::int64_t>(c.line_ends);
  }
  // Without blank lines (and quotes, so no cell holds a line end) row r is on
  // line first_line + r: no line is stored per row.
  a.pop.first_line = blank_lines == 0 ? first_line : 0;
  resize_rows(a, rows, context.titles, blank_lines != 0);

  population& pop = a.pop;
  on_threads(parts, [&](std::size_t i) {
    chunk& c = chunks[i];
    c.attribute_texts.resize(pop.attributes.size());
    string_targets targets{&c.person, &c.unit, &c.title, &c.marks, {}};
    for (auto& t : c.attribute_texts) targets.attribute_texts.push_back(&t);
    c.wide.resize(pop.attributes.size());
    row_writer writer{&pop, &a.text_hashes, &c.wide, false, c.first_row, c.first_row + c.rows};
    csv_scanner scanner(c.begin, c.end, pop.file, c.first_line, false, separator);
    row_reader reader(scanner, a.shape, context, c.found, pages);
    reader.read(targets, writer);
    c.errors = scanner.diagnostics().all();
    c.stopped = scanner.stopped();
    c.complete = writer.next == writer.end && writer.lines_agree;
  });

  for (chunk& c : chunks) {
    a.errors.insert(a.errors.end(), c.errors.begin(), c.errors.end());
    a.stopped = a.stopped || c.stopped;
    a.found.warnings.append(std::move(c.found.warnings));
    merge_first(a.found.unknown_marks, std::move(c.found.unknown_marks));
    merge_first(a.found.unit_case, std::move(c.found.unit_case));
    for (std::size_t k = 0; k < c.found.month_first_evidence.size(); ++k)
      if (a.found.month_first_evidence[k].empty())
        a.found.month_first_evidence[k] = c.found.month_first_evidence[k];
  }
  // Rows with errors were left out, so the in-place columns have gaps and the
  // codes are the chunks' own: read in one pass then, which finds the same
  // errors and keeps the rows E045 compares. A chunk that wrote another number
  // of rows than it counted is not expected; the same then.
  if (!a.errors.empty()) return false;
  for (const chunk& c : chunks)
    if (!c.complete) return false;

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
  if (context.titles)
    work.emplace_back(&pop.title.codes, merge(pop.title, [](chunk& c) -> string_column& { return c.title; }));
  work.emplace_back(&pop.marks.codes, merge(pop.marks, [](chunk& c) -> string_column& { return c.marks; }));
  for (std::size_t k = 0; k < pop.attributes.size(); ++k)
    if (a.shape.storage[k].texts)
      work.emplace_back(
          &pop.attributes[k].texts.codes,
          merge(pop.attributes[k].texts, [k](chunk& c) -> string_column& { return c.attribute_texts[k]; }));
  on_threads(parts, [&](std::size_t i) {
    const chunk& c = chunks[i];
    for (auto& [codes, tables] : work) remap(*codes, c.first_row, c.first_row + c.rows, tables[i]);
  });
  a.wide.assign(pop.attributes.size(), {});
  for (chunk& c : chunks)
    for (std::size_t k = 0; k < c.wide.size(); ++k)
      a.wide[k].insert(a.wide[k].end(), c.wide[k].begin(), c.wide[k].end());
  return true;
}

void clear_rows(read_attempt& a) {
  resize_rows(a, 0, true, true);
  a.pop.first_line = 0;
  for (auto* column : {&a.pop.person, &a.pop.unit, &a.pop.title, &a.pop.marks}) column->categories.clear();
  for (auto& c : a.pop.attributes) c.texts.categories.clear();
}

// Reads every row of `text` once; with `month_first` marks from an earlier
// read, day-first dates in those columns fail.
read_attempt read_rows(std::string_view text, const std::string& file, const detail::program* rules,
                       bool strict, bool titles, const std::vector<std::string>& month_first,
                       const detail::page_release* pages) {
  read_attempt a(strict);
  a.pop.file = file;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char separator = detail::detect_separator(text);
  csv_scanner head(begin, end, file, 1, true, separator);
  std::vector<cell_ref> header;
  std::int64_t header_line = 0;
  if (!head.next_record(header, header_line)) {
    if (!head.stopped()) head.error(codes::csv_row, {file, 1, 1}, "empty file: expected a header line");
    a.errors = head.diagnostics().all();
    a.stopped = true;
    return a;
  }
  if (!detail::read_header(head, header, rules, a.pop, a.shape, a.header_warnings)) {
    a.errors = head.diagnostics().all();
    a.stopped = true;
    return a;
  }
  a.text_hashes.resize(a.shape.text_hash_columns);

  read_context context;
  context.rules = rules;
  context.semicolon_file = separator == ';';
  context.month_first = month_first;
  context.month_first.resize(a.shape.columns.size());
  context.titles = titles;
  if (rules != nullptr)
    for (const auto& u : rules->units) context.unit_by_folded.emplace(detail::fold_case(u.id), u.id);
  a.found.month_first_evidence.assign(a.shape.columns.size(), {});

  const char* const rows_begin = head.position();
  const auto bytes = static_cast<std::size_t>(end - rows_begin);
  // Large files without quotes are cut at line ends and read on all cores.
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t parts = std::min(cores, bytes / min_chunk_bytes);
  if (parts > 1 && splittable(rows_begin, end, pages)) {
    if (read_in_parallel(a, context, rows_begin, end, head.line(), parts, separator, strict, pages)) return a;
    a.errors.clear();
    a.stopped = false;
    a.found = findings(strict);
    a.found.month_first_evidence.assign(a.shape.columns.size(), {});
    clear_rows(a);
  }

  // One pass: rows are appended, strings factorized straight into the population.
  population& pop = a.pop;
  const std::size_t estimate = static_cast<std::size_t>(std::count(rows_begin, end, '\n')) + 1;
  if (pages != nullptr) pages->release(rows_begin, end);
  pop.person.codes.reserve(estimate);
  pop.unit.codes.reserve(estimate);
  if (titles) pop.title.codes.reserve(estimate);
  pop.marks.codes.reserve(estimate);
  pop.dates.reserve(estimate);
  pop.hours.reserve(estimate);
  pop.lines.reserve(estimate);
  if (a.shape.has_exempt) pop.exempt.reserve(estimate);
  string_targets targets{&pop.person, &pop.unit, &pop.title, &pop.marks, {}};
  for (std::size_t k = 0; k < pop.attributes.size(); ++k) {
    attribute_column& c = pop.attributes[k];
    c.kinds.reserve(estimate);
    if (a.shape.storage[k].numbers) c.floats.reserve(estimate);
    if (a.shape.storage[k].texts) c.texts.codes.reserve(estimate);
    targets.attribute_texts.push_back(&c.texts);
  }
  for (auto& h : a.text_hashes) h.reserve(estimate);
  a.wide.assign(pop.attributes.size(), {});
  row_writer writer{&pop, &a.text_hashes, &a.wide, true, 0, 0};
  row_reader reader(head, a.shape, context, a.found, pages);
  reader.read(targets, writer);
  const auto& found = head.diagnostics().all();
  a.errors.insert(a.errors.end(), found.begin(), found.end());
  a.stopped = head.stopped();
  return a;
}

// ---------------------------------------------------------------- after the rows

std::int64_t line_of(const population& pop, std::size_t row) {
  return pop.lines.empty() ? pop.first_line + static_cast<std::int64_t>(row) : pop.lines[row];
}

// The records that start on `lines` (sorted, 1-based), found in one pass over
// the text counting lines as the scanner does: E045 needs the cells of a few
// hundred rows, and a table of every line's start would cost 8 bytes a line.
std::map<std::int64_t, const char*> records_at(std::string_view text,
                                               const std::vector<std::int64_t>& lines) {
  std::map<std::int64_t, const char*> out;
  std::int64_t line = 1;
  std::size_t next = 0;
  for (std::size_t i = 0; i <= text.size() && next < lines.size(); ++i) {
    while (next < lines.size() && lines[next] == line) out.emplace(lines[next++], text.data() + i);
    if (i < text.size() &&
        (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))))
      ++line;
  }
  return out;
}

// SPEC §9, §11: a person attribute is the same on every row of that person:
// converted values compare for a declared attribute, the trimmed text
// otherwise. One E045 per person and column, at the first differing row, with
// both cells as written; the first max_listed_conflicts in row order, then
// (last) one line counting the other persons.
std::vector<diagnostic> person_conflicts(const read_attempt& a, std::string_view text, char separator) {
  const population& pop = a.pop;
  const std::size_t rows = pop.rows(), persons = pop.person.categories.size();
  struct conflict {
    std::size_t first_row, row, column;  // CSV column
  };
  std::vector<conflict> listed;
  std::vector<bool> in_conflict(persons, false);
  for (std::size_t k = 0; k < a.shape.columns.size(); ++k) {
    const csv_column& column = a.shape.columns[k];
    if (column.role != csv_role::attribute || !column.person_level) continue;
    const attribute_column& c = pop.attributes[column.attribute];
    const std::vector<std::uint64_t>* hashes = column.text_hash != std::numeric_limits<std::size_t>::max()
                                                   ? &a.text_hashes[column.text_hash]
                                                   : nullptr;
    const auto same = [&](std::size_t x, std::size_t y) {
      if (hashes) return (*hashes)[x] == (*hashes)[y];
      if (c.kinds[x] != c.kinds[y]) return false;
      if (c.kinds[x] == attribute_column::cell::text) return c.texts.codes[x] == c.texts.codes[y];
      return c.kinds[x] == attribute_column::cell::absent || number_at(c, x) == number_at(c, y);
    };
    std::vector<std::int64_t> first(persons, -1);
    std::vector<bool> reported(persons, false);
    for (std::size_t r = 0; r < rows; ++r) {
      const auto p = static_cast<std::size_t>(pop.person.codes[r]);
      if (first[p] < 0) {
        first[p] = static_cast<std::int64_t>(r);
      } else if (!reported[p] && !same(static_cast<std::size_t>(first[p]), r)) {
        reported[p] = true;
        in_conflict[p] = true;
        listed.push_back({static_cast<std::size_t>(first[p]), r, k});
      }
    }
  }
  if (listed.empty()) return {};
  const auto persons_in_conflict =
      static_cast<std::size_t>(std::count(in_conflict.begin(), in_conflict.end(), true));
  std::sort(listed.begin(), listed.end(), [](const conflict& x, const conflict& y) {
    return x.row != y.row ? x.row < y.row : x.column < y.column;
  });
  if (listed.size() > detail::max_listed_conflicts) listed.resize(detail::max_listed_conflicts);

  std::vector<std::int64_t> lines;
  for (const conflict& c : listed) {
    lines.push_back(line_of(pop, c.first_row));
    lines.push_back(line_of(pop, c.row));
  }
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  const std::map<std::int64_t, const char*> records = records_at(text, lines);
  // The cell of CSV column `column` in the record on `line`, as written, and where it is.
  std::vector<cell_ref> cells;
  std::string scratch;
  const auto cell_at = [&](std::int64_t line, std::size_t column, source_location& where) {
    where = {pop.file, line, 0};
    const auto found = records.find(line);
    if (found == records.end()) return std::string();
    csv_scanner one(found->second, text.data() + text.size(), pop.file, line, false, separator);
    std::int64_t record_line = 0;
    if (!one.next_record(cells, record_line) || column >= cells.size()) return std::string();
    where = one.where(cells[column]);
    return std::string(detail::trim_blanks(csv_scanner::value(cells[column], scratch)));
  };
  std::vector<diagnostic> out;
  std::vector<bool> listed_person(persons, false);
  for (const conflict& c : listed) {
    source_location first_where, where;
    const std::string first_value = cell_at(line_of(pop, c.first_row), c.column, first_where);
    const std::string value = cell_at(line_of(pop, c.row), c.column, where);
    const auto person = static_cast<std::size_t>(pop.person.codes[c.row]);
    listed_person[person] = true;
    out.push_back({severity::error,
                   codes::person_attribute,
                   where,
                   detail::conflict_message(pop.person.categories[person],
                                            pop.attributes[a.shape.columns[c.column].attribute].name,
                                            first_value, fmt::format("line {}", first_where.line), value),
                   {}});
  }
  const auto listed_persons =
      static_cast<std::size_t>(std::count(listed_person.begin(), listed_person.end(), true));
  if (persons_in_conflict > listed_persons)
    out.push_back({severity::error,
                   codes::person_attribute,
                   {pop.file, 0, 0},
                   detail::more_conflicts_message(persons_in_conflict - listed_persons),
                   {}});
  return out;
}

// An attribute column keeps its numbers only when a cell is a bool, number or
// date, and its text codes only when a cell is text: the rest is freed (a
// declared column never filled the other kind; an undeclared one is known only now).
void drop_unused_cells(population& pop) {
  using cell = attribute_column::cell;
  for (attribute_column& c : pop.attributes) {
    bool numbers = false, texts = false;
    for (const cell k : c.kinds) {
      numbers = numbers || k == cell::boolean || k == cell::number || k == cell::date;
      texts = texts || k == cell::text;
    }
    if (!numbers) {
      std::vector<double>().swap(c.numbers);
      std::vector<float>().swap(c.floats);
    }
    if (!texts) std::vector<std::int32_t>().swap(c.texts.codes);
  }
}

// A column with a number that no float holds exactly keeps doubles (SPEC §3 numbers are doubles).
void widen_numbers(population& pop, const wide_numbers& wide) {
  for (std::size_t k = 0; k < wide.size() && k < pop.attributes.size(); ++k) {
    if (wide[k].empty()) continue;
    attribute_column& c = pop.attributes[k];
    c.numbers.assign(c.floats.begin(), c.floats.end());
    std::vector<float>().swap(c.floats);
    for (const auto& [row, x] : wide[k]) c.numbers[row] = x;
  }
}

// One row a line from line 2 on: population::first_line instead of a line per row.
void drop_dense_lines(population& pop) {
  if (pop.lines.empty()) return;
  for (std::size_t r = 0; r < pop.lines.size(); ++r)
    if (pop.lines[r] != pop.lines.front() + static_cast<std::int64_t>(r)) return;
  pop.first_line = pop.lines.front();
  std::vector<std::int64_t>().swap(pop.lines);
}

void sort_by_place(std::vector<diagnostic>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const diagnostic& a, const diagnostic& b) { return a.where < b.where; });
}

// parse_population_csv; `mapping`, when active, is the file mapping `bytes` is
// in, given back page by page as the passes over it move on.
population parse_mapped(std::string_view bytes, std::string_view file_name, const ruleset* rules,
                        const read_options& options, const detail::page_release& mapping) {
  const std::string file(file_name);
  std::string storage;
  const detail::page_release* const given = mapping.active() ? &mapping : nullptr;
  const std::string_view text =
      detail::decode_input(bytes, options.encoding, file, codes::csv_row, storage, given);
  // A converted text is in `storage`, not in the mapping.
  const detail::page_release* const pages = storage.empty() ? given : nullptr;
  const detail::program* prog = rules != nullptr ? &rules->program() : nullptr;

  // SPEC §11: a date column that looks month-first makes all its day-first
  // values fail, so such a file is read a second time knowing it.
  read_attempt a = read_rows(text, file, prog, options.strict, options.titles, {}, pages);
  const auto& evidence = a.found.month_first_evidence;
  if (std::any_of(evidence.begin(), evidence.end(), [](const std::string& e) { return !e.empty(); })) {
    const std::vector<std::string> month_first = evidence;
    a = read_rows(text, file, prog, options.strict, options.titles, month_first, pages);
  }

  std::vector<diagnostic> errors = std::move(a.errors);
  // A mark that the other side of a diff knows is absent here, not unknown (SPEC §12).
  const detail::program* other =
      options.compared_with != nullptr ? &options.compared_with->program() : nullptr;
  for (auto& [id, d] : a.found.unknown_marks)
    if (other == nullptr || other->find_mark(id) < 0) errors.push_back(std::move(d));
  widen_numbers(a.pop, a.wide);
  std::vector<diagnostic> conflicts;
  if (!a.stopped)
    conflicts = person_conflicts(a, text, detail::detect_separator(text));  // rows with errors left out
  std::optional<diagnostic> more_conflicts;
  if (!conflicts.empty() && conflicts.back().where.line == 0) {
    more_conflicts = std::move(conflicts.back());
    conflicts.pop_back();
  }
  errors.insert(errors.end(), conflicts.begin(), conflicts.end());
  a.header_warnings.append(std::move(a.found.warnings));
  warning_list& warnings = a.header_warnings;
  std::vector<diagnostic> strict_errors = warnings.take_errors();
  errors.insert(errors.end(), strict_errors.begin(), strict_errors.end());
  if (!errors.empty()) {
    sort_by_place(errors);
    if (more_conflicts) errors.push_back(std::move(*more_conflicts));
    throw input_error(std::move(errors));
  }
  for (auto& [id, d] : a.found.unit_case) warnings.add(codes::warn_unit_case, d.where, d.message);
  a.pop.warnings = warnings.finish();
  drop_unused_cells(a.pop);
  drop_dense_lines(a.pop);
  return std::move(a.pop);
}

}  // namespace

population parse_population_csv(std::string_view bytes, std::string_view file_name, const ruleset* rules,
                                const read_options& options) {
  return parse_mapped(bytes, file_name, rules, options, {});
}

population read_population_csv(const std::filesystem::path& path, const ruleset* rules,
                               const read_options& options) {
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
  if (!in) fail(detail::error_reason(errno));
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
      const auto* const first = static_cast<const char*>(mapped);
      return parse_mapped(std::string_view(first, size), file, rules, options,
                          detail::page_release(first, first + size));
    }
  }
#endif
  // Otherwise (a pipe, no mmap) the whole input is read once into one string.
  std::string buffer;
  std::array<char, 1 << 16> block{};
  for (std::size_t got = 0; (got = std::fread(block.data(), 1, block.size(), in.get())) > 0;)
    buffer.append(block.data(), got);
  if (std::ferror(in.get())) fail(detail::error_reason(errno));
  return parse_population_csv(buffer, file, rules, options);
}

}  // namespace civeff
