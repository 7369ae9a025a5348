// SPDX-License-Identifier: Apache-2.0
// Evaluates a whole population held column by column (SPEC §3, §7, §9).
//
// Everything that depends only on a column's categories (unit ids, mark lists,
// attribute names) is resolved once before the threads start; per person the
// workspace is refilled from row indices, so the loop allocates nothing once
// the buffers have grown to the largest portfolio.

#include "eval/batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <iterator>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "core/diagnostic_codes.hpp"
#include "core/input_values.hpp"
#include "core/person_conflicts.hpp"
#include "core/suggest.hpp"
#include "eval/chunk_rows.hpp"
#include "eval/evaluator.hpp"
#include "eval/id_order.hpp"
#include "eval/population_cells.hpp"
#include "eval/portfolio_input.hpp"

namespace civeff::detail {
namespace {

using cell = attribute_column::cell;

// Where a row came from: its line when the population was read from a file (the
// CSV reader itself reports its cells with columns); never re-reads the input.
source_location row_location(const population_view& pop, std::size_t row) {
  const std::string file(pop.file.empty() ? std::string_view("<population>") : pop.file);
  if (row < pop.lines.size()) return {file, pop.lines[row], 0};
  if (pop.lines.empty() && pop.first_line > 0)
    return {file, pop.first_line + static_cast<std::int64_t>(row), 0};
  return {file, 0, 0};
}

// A cell as an E045 message shows it: "" for an empty cell.
std::string cell_text(const attribute_column_view& c, std::size_t row) {
  switch (static_cast<cell>(c.kinds[row])) {
    case cell::absent: return {};
    case cell::boolean: return number_at(c, row) != 0 ? "true" : "false";
    case cell::number: return fmt::format("{}", number_at(c, row));
    case cell::date: return date(static_cast<std::int32_t>(number_at(c, row))).to_string();
    case cell::text: return std::string(trim_blanks(category(c.texts, c.texts.codes[row])));
  }
  return {};
}

bool same_cell(const attribute_column_view& c, std::size_t a, std::size_t b) {
  // The same text category is the same text, trimmed or not: no trimming needed.
  if (c.kinds[a] == c.kinds[b] && c.kinds[a] == static_cast<std::uint8_t>(cell::text) &&
      c.texts.codes[a] == c.texts.codes[b])
    return true;
  const auto kind = [&](std::size_t row) {
    const auto k = static_cast<cell>(c.kinds[row]);
    return k == cell::text && trim_blanks(category(c.texts, c.texts.codes[row])).empty() ? cell::absent : k;
  };
  const cell ka = kind(a);
  if (ka != kind(b)) return false;
  if (ka == cell::absent) return true;
  // SPEC §11: texts compare trimmed.
  if (ka == cell::text)
    return trim_blanks(category(c.texts, c.texts.codes[a])) ==
           trim_blanks(category(c.texts, c.texts.codes[b]));
  return number_at(c, a) == number_at(c, b);
}

// The threads `requested` asks for (batch_options::threads): 0 is all cores.
unsigned thread_count(unsigned requested) {
  return requested != 0 ? requested : std::max(1U, std::thread::hardware_concurrency());
}

// Runs work(from, to) over [0, n) split into one range per thread, each range at
// least `grain` items (fewer threads when n is small): the checks before the
// evaluation and the copies after it are parallel too, so that the serial part
// stays small.
void split_over_threads(std::size_t n, unsigned threads, std::size_t grain,
                        const std::function<void(std::size_t, std::size_t)>& work) {
  threads = static_cast<unsigned>(
      std::min<std::size_t>(thread_count(threads), std::max<std::size_t>(1, n / grain)));
  if (threads <= 1) {
    work(0, n);
    return;
  }
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, n * t / threads, n * (t + 1) / threads);
  work(0, n / threads);
  for (auto& t : pool) t.join();
}

// Which cell kinds a block of `kinds` holds. Eight kinds at a time as one
// 64-bit word (SWAR), so that the scan is a few instructions a row whatever the
// optimisation level: the default RelWithDebInfo build (-O2) does not vectorise
// a byte loop like this one.
struct kinds_seen {
  bool beyond_date = false, boolean = false, number = false, text = false, date = false;
};
kinds_seen kinds_in(const std::uint8_t* kinds, std::size_t n) {
  constexpr std::uint64_t ones = 0x0101010101010101U, highs = 0x8080808080808080U;
  constexpr auto date = static_cast<std::uint64_t>(cell::date);
  // Some byte of y is zero: exact as a yes or no (a borrow only ever flags a
  // byte above a zero one).
  const auto zero_byte = [](std::uint64_t y) { return (y - ones) & ~y & highs; };
  std::uint64_t beyond = 0, boolean = 0, number = 0, text = 0, dates = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x = 0;
    std::memcpy(&x, kinds + i, sizeof x);
    // A byte b > date: b + (0x7f - date) reaches the high bit, or b has it
    // already (its carry into the next byte only comes with a byte that is out).
    beyond |= (x + (0x7f - date) * ones) | x;
    boolean |= zero_byte(x ^ (static_cast<std::uint64_t>(cell::boolean) * ones));
    number |= zero_byte(x ^ (static_cast<std::uint64_t>(cell::number) * ones));
    text |= zero_byte(x ^ (static_cast<std::uint64_t>(cell::text) * ones));
    dates |= zero_byte(x ^ (date * ones));
  }
  kinds_seen s{(beyond & highs) != 0, boolean != 0, number != 0, text != 0, dates != 0};
  for (; i < n; ++i) {
    const std::uint8_t k = kinds[i];
    s.beyond_date |= k > date;
    s.boolean |= k == static_cast<std::uint8_t>(cell::boolean);
    s.number |= k == static_cast<std::uint8_t>(cell::number);
    s.text |= k == static_cast<std::uint8_t>(cell::text);
    s.date |= k == date;
  }
  return s;
}

// Whether a cell of kind `k` lacks its values: not a kind at all, or a kind
// whose numbers (texts) the column does not have.
bool flaw_of_kind(std::uint8_t k, bool has_numbers, bool has_texts) {
  const bool needs_number = k == static_cast<std::uint8_t>(cell::boolean) ||
                            k == static_cast<std::uint8_t>(cell::number) ||
                            k == static_cast<std::uint8_t>(cell::date);
  return k > static_cast<std::uint8_t>(cell::date) || (needs_number && !has_numbers) ||
         (k == static_cast<std::uint8_t>(cell::text) && !has_texts);
}

// The first row in [0, n) where bad(row) holds, or n; the rows split over the
// threads (checking every cell of a population is most of the work outside the
// persons' evaluation). `any_bad(start, end)` tells whether a block holds a bad
// row, in a loop without early exits that the compiler can keep tight; only such
// a block is read again row by row.
template <class AnyBad, class Bad>
std::size_t first_bad_row(std::size_t n, unsigned threads, const AnyBad& any_bad, const Bad& bad) {
  std::atomic<std::size_t> first{n};
  split_over_threads(n, threads, 4096, [&](std::size_t from, std::size_t to) {
    // In blocks: a block starting past a bad row found already is not read.
    constexpr std::size_t block = 4096;
    for (std::size_t start = from; start < to && start < first.load(std::memory_order_relaxed);
         start += block) {
      const std::size_t end = std::min(to, start + block);
      if (!any_bad(start, end)) continue;
      for (std::size_t r = start; r < end; ++r) {
        if (!bad(r)) continue;
        for (std::size_t seen = first.load(); r < seen && !first.compare_exchange_weak(seen, r);) {
        }
        return;
      }
    }
  });
  return first.load();
}

// Every column has `rows` entries (or none, where a column may be absent) and
// every code and cell kind is in range; throws input_error naming the column.
void check_shape(const population_view& pop, unsigned threads) {
  const std::size_t n = pop.rows;
  const auto fail = [&](std::string message) {
    throw input_error(
        {{severity::error, codes::input_shape, {std::string(pop.file), 0, 0}, std::move(message), {}}});
  };
  const auto check_size = [&](std::size_t size, std::string_view what, bool required) {
    if (size != n && (size != 0 || required))
      fail(fmt::format("population column '{}' has {} rows, expected {}", what, size, n));
  };
  const auto check_codes = [&](const string_column_view& c, std::string_view what, bool required) {
    check_size(c.codes.size(), what, required);
    const auto limit = static_cast<std::int64_t>(c.categories.size());
    // -1 <= code < limit, as one unsigned comparison: code + 1 <= limit (in 32
    // bits, so that the block scan below is a few vector instructions). Past
    // 2^31 categories every code is below the limit and only code < -1 is out.
    const auto last = static_cast<std::uint32_t>(std::min<std::int64_t>(limit, std::int64_t{1} << 31));
    const auto outside = [&](std::size_t row) {
      return static_cast<std::uint32_t>(c.codes[row]) + 1U > last;
    };
    const auto any_outside = [&](std::size_t start, std::size_t end) {
      const std::int32_t* codes = c.codes.data();
      std::uint32_t any = 0;
      for (std::size_t row = start; row < end; ++row)
        any |= static_cast<std::uint32_t>(static_cast<std::uint32_t>(codes[row]) + 1U > last);
      return any != 0;
    };
    const std::size_t r = first_bad_row(c.codes.size(), threads, any_outside, outside);
    if (r < c.codes.size())
      fail(fmt::format("population column '{}': code {} in row {} is outside its {} categories", what,
                       c.codes[r], r, limit));
  };
  check_codes(pop.person, "person", true);
  check_size(pop.dates.size(), "date", true);
  check_codes(pop.unit, "unit", false);
  check_codes(pop.title, "title", false);
  check_codes(pop.marks, "marks", false);
  check_size(pop.hours.size(), "hours", false);
  check_size(pop.exempt.size(), "exempt", false);
  for (const auto& c : pop.attributes) {
    const std::string name = (c.person_level ? "person." : "") + std::string(c.name);
    check_size(c.kinds.size(), name, true);
    check_codes(c.texts, name, false);
    // What is wrong with a row's cell, if anything.
    enum class flaw : std::uint8_t { none, no_values, date_range };
    const bool has_numbers = c.numbers.empty() ? c.floats.size() == n : c.numbers.size() == n;
    const bool has_texts = c.texts.codes.size() == n;
    const auto flaw_of = [&](std::size_t r) {
      const std::uint8_t k = c.kinds[r];
      if (flaw_of_kind(k, has_numbers, has_texts)) return flaw::no_values;
      // A date cell's number is read as an int32 day count.
      if (k == static_cast<std::uint8_t>(cell::date) &&
          !(number_at(c, r) >= std::numeric_limits<std::int32_t>::min() &&
            number_at(c, r) <= std::numeric_limits<std::int32_t>::max()))
        return flaw::date_range;
      return flaw::none;
    };
    // Whether a block may have a cell flaw_of() finds fault with: a kind out of
    // range or without its values, or a date (whose day is then checked).
    const auto any_flaw = [&](std::size_t start, std::size_t end) {
      const kinds_seen seen = kinds_in(c.kinds.data() + start, end - start);
      return seen.beyond_date || seen.date || (!has_numbers && (seen.boolean || seen.number)) ||
             (!has_texts && seen.text);
    };
    const std::size_t r =
        first_bad_row(n, threads, any_flaw, [&](std::size_t row) { return flaw_of(row) != flaw::none; });
    if (r == n) continue;
    if (flaw_of(r) == flaw::no_values)
      fail(fmt::format("population column '{}': row {} has cell kind {} without its values", name, r,
                       c.kinds[r]));
    fail(fmt::format("population column '{}': row {} has date {} outside the days an int32 counts", name, r,
                     number_at(c, r)));
  }
}

}  // namespace

void population_errors::throw_if_any(const population_view& pop) {
  if (listed.empty()) return;
  std::sort(listed.begin(), listed.end(),
            [](const diagnostic& a, const diagnostic& b) { return a.where < b.where; });
  if (unlisted_conflicts > 0)
    listed.push_back({severity::error,
                      codes::person_attribute,
                      {std::string(pop.file), 0, 0},
                      more_conflicts_message(unlisted_conflicts),
                      {}});
  throw input_error(std::move(listed));
}

person_groups group_persons(const population_view& pop, population_errors& found, unsigned threads) {
  check_shape(pop, threads);
  person_groups p;
  const std::size_t n = pop.rows;
  std::vector<diagnostic> errors;
  const auto fail = [&](std::size_t row, std::string code, std::string message) {
    errors.push_back({severity::error, std::move(code), row_location(pop, row), std::move(message), {}});
  };

  // Persons in id order; their rows in input order (rows need not be adjacent).
  const std::size_t people = pop.person.categories.size();
  std::vector<std::uint32_t> count(people, 0);
  for (std::size_t r = 0; r < n; ++r) {
    const std::int32_t code = pop.person.codes[r];
    if (code < 0 || pop.person.categories[static_cast<std::size_t>(code)].empty()) {
      fail(r, codes::csv_cell, "empty person");
      if (errors.size() >= 20) break;
      continue;
    }
    ++count[static_cast<std::size_t>(code)];
  }
  if (!errors.empty()) throw input_error(std::move(errors));
  // Categories numbered in id order already (a file sorted by person, a sorted
  // pandas Categorical) need no sort.
  for (std::int32_t code : codes_by_id(pop.person.categories))
    if (count[static_cast<std::size_t>(code)] > 0) p.person_order.push_back(code);
  std::vector<std::uint32_t> start(people, 0);
  p.row_offsets.assign(p.person_order.size() + 1, 0);
  for (std::size_t i = 0; i < p.person_order.size(); ++i) {
    const auto code = static_cast<std::size_t>(p.person_order[i]);
    start[code] = p.row_offsets[i];
    p.row_offsets[i + 1] = p.row_offsets[i] + count[code];
  }
  p.rows.assign(n, 0);
  for (std::size_t r = 0; r < n; ++r) {
    const auto code = static_cast<std::size_t>(pop.person.codes[r]);
    if (code < people && start[code] < n) p.rows[start[code]++] = static_cast<std::uint32_t>(r);
  }

  // SPEC §9: a person attribute is the same on every row of that person, whether
  // or not a rule reads it (a change of rules must not make the input valid).
  // The first max_listed_conflicts are listed, then one line counts the other persons (F3).
  std::vector<bool> in_conflict(p.person_order.size(), false);
  std::size_t listed = 0, listed_persons = 0;
  for (const auto& column : pop.attributes) {
    if (!column.person_level) continue;
    for (std::size_t i = 0; i + 1 < p.row_offsets.size(); ++i) {
      const std::uint32_t first = p.rows[p.row_offsets[i]];
      for (std::uint32_t k = p.row_offsets[i] + 1; k < p.row_offsets[i + 1]; ++k) {
        if (same_cell(column, first, p.rows[k])) continue;
        if (listed < max_listed_conflicts) {
          ++listed;
          listed_persons += in_conflict[i] ? 0 : 1;
          fail(p.rows[k], codes::person_attribute,
               conflict_message(pop.person.categories[static_cast<std::size_t>(p.person_order[i])],
                                column.name, cell_text(column, first), fmt::format("row {}", first),
                                cell_text(column, p.rows[k])));
        }
        in_conflict[i] = true;
        break;
      }
    }
  }
  const auto conflicts = static_cast<std::size_t>(std::count(in_conflict.begin(), in_conflict.end(), true));
  found.unlisted_conflicts += conflicts - listed_persons;
  found.listed.insert(found.listed.end(), std::make_move_iterator(errors.begin()),
                      std::make_move_iterator(errors.end()));
  return p;
}

population_reading read_categories(const program& prog, const population_view& pop, population_errors& found,
                                   const program* other, std::vector<diagnostic>* absent_marks,
                                   std::string_view side) {
  population_reading p;
  // Categories resolved once; an empty category is an empty cell.
  p.unit_of_category.resize(pop.unit.categories.size());
  for (std::size_t c = 0; c < pop.unit.categories.size(); ++c) {
    const std::string_view id = pop.unit.categories[c];
    p.unit_of_category[c] = id.empty() ? no_index : prog.find_unit(id);
  }
  const std::size_t mw = prog.mark_words();
  p.marks_of_category.assign(pop.marks.categories.size() * mw, 0);
  std::vector<std::int32_t> first_row(pop.marks.categories.size(), -1);
  for (std::size_t r = 0; r < pop.marks.codes.size(); ++r) {
    const std::int32_t c = pop.marks.codes[r];
    if (c >= 0 && first_row[static_cast<std::size_t>(c)] < 0)
      first_row[static_cast<std::size_t>(c)] = static_cast<std::int32_t>(r);
  }
  std::vector<std::string_view> warned;  // W012 once per mark id
  for (std::size_t c = 0; c < pop.marks.categories.size(); ++c) {
    std::string_view list = pop.marks.categories[c];
    std::uint64_t* bits = p.marks_of_category.data() + c * mw;
    while (!list.empty()) {
      const std::size_t semi = list.find(';');
      const std::string_view id = trim_blanks(list.substr(0, semi));
      list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
      if (id.empty()) continue;
      const std::int32_t k = prog.find_mark(id);
      if (k < 0) {
        if (first_row[c] < 0) continue;  // a category no row uses
        const auto row = static_cast<std::size_t>(first_row[c]);
        if (other != nullptr && other->find_mark(id) >= 0) {
          // SPEC §12: a mark of one side only is absent on the other.
          if (absent_marks != nullptr && std::find(warned.begin(), warned.end(), id) == warned.end()) {
            warned.push_back(id);
            absent_marks->push_back(
                {severity::warning,
                 codes::warn_mark_one_side,
                 row_location(pop, row),
                 fmt::format("mark '{}' exists only {} the change; {} it, achievements carrying it count "
                             "as without it",
                             id, side == "before" ? "after" : "before", side),
                 {}});
          }
          continue;
        }
        found.listed.push_back({severity::error,
                                codes::unknown_mark,
                                row_location(pop, row),
                                fmt::format("unknown mark '{}'{}", id, did_you_mean_id(id, prog.marks)),
                                {}});
        continue;
      }
      const auto set = [&](std::int32_t j) { bits[j / 64] |= std::uint64_t{1} << (j % 64); };
      set(k);
      for (auto j : prog.marks[static_cast<std::size_t>(k)].implies_closure) set(j);
    }
  }
  for (const auto& c : pop.attributes) {
    const auto& names = c.person_level ? prog.person_attribute_slots : prog.attribute_slots;
    auto it = std::find(names.begin(), names.end(), c.name);
    if (it == names.end()) continue;  // nothing reads it
    const auto slot = static_cast<std::int32_t>(it - names.begin());
    (c.person_level ? p.person_columns : p.achievement_columns).push_back({&c, slot});
  }
  return p;
}

void load_person(const program& prog, const population_view& pop, const person_groups& groups,
                 const population_reading& p, std::size_t person, workspace& ws) {
  const std::uint32_t begin = groups.row_offsets[person], end = groups.row_offsets[person + 1];
  ws.reset(prog, end - begin);
  const std::size_t mw = prog.mark_words();
  const auto units = static_cast<std::int32_t>(p.unit_of_category.size());
  const auto mark_lists = static_cast<std::int32_t>(pop.marks.categories.size());
  for (std::uint32_t k = begin; k < end; ++k) {
    const std::size_t i = k - begin, row = groups.rows[k];
    const std::int32_t ucode = pop.unit.codes.empty() ? -1 : pop.unit.codes[row];
    const std::int32_t u =
        ucode >= 0 && ucode < units ? p.unit_of_category[static_cast<std::size_t>(ucode)] : no_index;
    ws.unit[i] = u;
    ws.day[i] = pop.dates[row].days_since_epoch();
    const double own = pop.hours.empty() ? NAN : pop.hours[row];
    ws.hours[i] = !std::isnan(own) ? own : (u >= 0 ? prog.units[static_cast<std::size_t>(u)].hours : 0);
    ws.exempt[i] = pop.exempt.empty() ? 0 : (pop.exempt[row] != 0 ? 1 : 0);
    const std::int32_t mcode = pop.marks.codes.empty() ? -1 : pop.marks.codes[row];
    if (mcode >= 0 && mcode < mark_lists) {
      const std::uint64_t* src = p.marks_of_category.data() + static_cast<std::size_t>(mcode) * mw;
      std::copy(src, src + mw, ws.marks_of(i));
    }
    attribute_cell* slots = ws.attributes_of(i);
    for (const auto& c : p.achievement_columns) slots[c.slot] = cell_at(*c.column, row);
  }
  const std::size_t first = groups.rows[begin];
  for (const auto& c : p.person_columns)
    ws.person[static_cast<std::size_t>(c.slot)] = cell_value(*c.column, first);
}

}  // namespace civeff::detail

namespace civeff {

population_portfolios::population_portfolios(const population_view& pop)
    : pop_(&pop), mark_lists_(pop.marks.categories.size()) {
  for (std::size_t c = 0; c < mark_lists_.size(); ++c) {
    std::string_view list = pop.marks.categories[c];
    while (!list.empty()) {
      const std::size_t semi = list.find(';');
      const std::string_view id = detail::trim_blanks(list.substr(0, semi));
      list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
      if (!id.empty()) mark_lists_[c].emplace_back(id);
    }
  }
}

portfolio population_portfolios::of(std::span<const std::uint32_t> rows) const {
  using detail::category;
  // A cell as a portfolio holds it: what cell_value gives load_person.
  const auto attribute = [](const attribute_column_view& c,
                            std::size_t row) -> std::optional<attribute_value> {
    switch (static_cast<detail::cell>(c.kinds[row])) {
      case detail::cell::absent: return std::nullopt;
      case detail::cell::boolean: return attribute_value(number_at(c, row) != 0);
      case detail::cell::number: return attribute_value(number_at(c, row));
      case detail::cell::date: return attribute_value(date(static_cast<std::int32_t>(number_at(c, row))));
      case detail::cell::text: {
        const std::string_view text = category(c.texts, c.texts.codes[row]);
        if (text.empty()) return std::nullopt;
        return attribute_value(std::string(text));
      }
    }
    return std::nullopt;
  };
  const population_view& pop = *pop_;
  portfolio p;
  if (rows.empty()) return p;
  p.person = std::string(category(pop.person, pop.person.codes[rows.front()]));
  for (const auto& c : pop.attributes)
    if (c.person_level)
      if (auto v = attribute(c, rows.front())) p.attrs.emplace(std::string(c.name), std::move(*v));
  p.achievements.reserve(rows.size());
  for (const std::uint32_t row : rows) {
    achievement& a = p.achievements.emplace_back();
    if (!pop.unit.codes.empty())
      if (const std::string_view u = category(pop.unit, pop.unit.codes[row]); !u.empty())
        a.unit = std::string(u);
    if (!pop.title.codes.empty()) a.title = std::string(category(pop.title, pop.title.codes[row]));
    a.when = pop.dates[row];
    if (!pop.hours.empty() && !std::isnan(pop.hours[row])) a.hours = pop.hours[row];
    a.exempt = !pop.exempt.empty() && pop.exempt[row] != 0;
    if (!pop.marks.codes.empty())
      if (const std::int32_t m = pop.marks.codes[row];
          m >= 0 && static_cast<std::size_t>(m) < mark_lists_.size())
        a.marks = mark_lists_[static_cast<std::size_t>(m)];
    for (const auto& c : pop.attributes)
      if (!c.person_level)
        if (auto v = attribute(c, row)) a.attrs.emplace(std::string(c.name), std::move(*v));
    a.where = detail::row_location(pop, row);
  }
  return p;
}

}  // namespace civeff

namespace civeff::detail {

person_chunks::person_chunks(std::size_t people, const batch_options& options, std::size_t chunk_size)
    : people_(people),
      chunk_size_(std::max<std::size_t>(1, chunk_size)),
      chunks_((people + chunk_size_ - 1) / chunk_size_),
      options_(options) {}

bool person_chunks::next(std::size_t& chunk, std::size_t& from, std::size_t& to) {
  chunk = next_++;
  if (chunk >= chunks_) return false;
  from = chunk * chunk_size_;
  to = std::min(people_, from + chunk_size_);
  return true;
}

void person_chunks::run(const std::function<void()>& work) {
  unsigned threads = thread_count(options_.threads);
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, chunks_)));
  if (options_.progress == nullptr) {
    // The calling thread works too.
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  } else {
    // With a callback the calling thread only watches: it calls back every
    // report_every however long one person or one chunk takes, and the
    // callback may stop the run (batch_options::stop).
    constexpr auto report_every = std::chrono::milliseconds(100);
    std::mutex mutex;
    std::condition_variable finished;
    unsigned running = threads;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back([&] {
        work();
        const std::lock_guard lock(mutex);
        --running;
        finished.notify_all();
      });
    {
      std::unique_lock lock(mutex);
      while (!finished.wait_for(lock, report_every, [&] { return running == 0; })) {
        lock.unlock();
        options_.progress(done_.load(), people_, options_.progress_user);
        lock.lock();
      }
    }
    for (auto& t : pool) t.join();
  }
  if (!stopped() && options_.progress) options_.progress(people_, people_, options_.progress_user);
}

namespace {

// What a chunk of persons leaves beside the rows written in place: the missing
// leaves (their count is only known once evaluated), failures and level counts.
struct batch_chunk_output {
  std::vector<std::uint32_t> missing;
  std::vector<std::size_t> failed_persons;
  std::vector<diagnostic> errors;
  std::vector<std::uint64_t> level_counts;  // flattened per scale: levels + 1 (null)
};

// Offsets of each scale's counters in a flattened level-count array.
std::vector<std::size_t> level_count_offsets(const program& prog) {
  std::vector<std::size_t> offsets{0};
  for (const auto& s : prog.scales) offsets.push_back(offsets.back() + s.levels.size() + 1);
  return offsets;
}

// Takes the rows of `failed` (sorted persons) out of r's status, progress and
// missing leaves.
void drop_failed_persons(batch_result& r, const std::vector<std::size_t>& failed, std::size_t people,
                         std::size_t diplomas) {
  std::vector<diploma_status> status;
  std::vector<double> progress;
  std::vector<std::uint32_t> offsets{0}, missing;
  std::size_t next_failed = 0;
  for (std::size_t person = 0; person < people; ++person) {
    if (next_failed < failed.size() && failed[next_failed] == person) {
      ++next_failed;
      continue;
    }
    for (std::size_t row = person * diplomas; row < (person + 1) * diplomas; ++row) {
      status.push_back(r.status[row]);
      progress.push_back(r.progress[row]);
      missing.insert(missing.end(), r.missing.begin() + r.missing_offsets[row],
                     r.missing.begin() + r.missing_offsets[row + 1]);
      offsets.push_back(static_cast<std::uint32_t>(missing.size()));
    }
  }
  r.status = std::move(status);
  r.progress = std::move(progress);
  r.missing_offsets = std::move(offsets);
  r.missing = std::move(missing);
}

}  // namespace

batch_result evaluate_batch(const program& prog, const population_view& pop, const batch_options& options) {
  population_errors found;
  const person_groups p = group_persons(pop, found, options.threads);
  const population_reading reading = read_categories(prog, pop, found);
  found.throw_if_any(pop);
  const std::size_t people = p.size(), diplomas = prog.diplomas.size();
  as_of_context ctx;
  ctx.prepare(prog, options.as_of.days_since_epoch());

  batch_result r;
  for (const auto& d : prog.diplomas) r.diplomas.push_back(d.id);
  r.leaf_names = prog.leaf_names;
  // Rows of every person, failed or not, written in place by the threads; the
  // rows of failed persons (SPEC §10: reported, not written) are taken out after.
  r.status.resize(people * diplomas);
  r.progress.resize(people * diplomas);
  r.missing_offsets.resize(people * diplomas + 1);  // counts first, offsets after
  person_chunks chunks(people, options);
  std::vector<batch_chunk_output> out(chunks.count());
  const std::vector<std::size_t> level_offsets = level_count_offsets(prog);
  const std::size_t scales = prog.scales.size();
  chunks.run([&] {
    workspace ws;
    chunk_rows rows(prog, reading);
    for (std::size_t c = 0, from = 0, to = 0; chunks.next(c, from, to);) {
      batch_chunk_output& o = out[c];
      o.level_counts.assign(level_offsets.back(), 0);
      rows.gather(prog, pop, p, reading, from, to);
      for (std::size_t person = from; person < to; ++person) {
        // Per person, not per chunk: one person may take long (F13).
        if (chunks.stopped()) return;
        rows.load(prog, p, reading, person, ws);
        ws.run(prog, ctx);
        // F20: the trainings of a person left out (evaluation error) are not counted either.
        for (std::size_t i = 0; i < ws.count && !ws.failed; ++i) {
          if (!ws.counted[i]) continue;
          for (std::size_t s = 0; s < scales; ++s) {
            const std::int32_t level = ws.levels[i * scales + s];
            const std::size_t slot =
                level >= 0 ? static_cast<std::size_t>(level) : prog.scales[s].levels.size();
            ++o.level_counts[level_offsets[s] + slot];
          }
        }
        if (ws.failed) {
          o.failed_persons.push_back(person);
          o.errors.push_back(evaluation_failure(
              prog, ws, pop.person.categories[static_cast<std::size_t>(p.person_order[person])]));
        }
        for (std::size_t d = 0; d < diplomas; ++d) {
          const std::size_t row = person * diplomas + d;
          r.status[row] = ws.diploma(prog, d, r.progress[row]);
          r.missing_offsets[row + 1] = static_cast<std::uint32_t>(ws.missing.size());
          o.missing.insert(o.missing.end(), ws.missing.begin(), ws.missing.end());
        }
      }
      chunks.finished(to - from);
    }
  });
  if (chunks.stopped()) return {};

  for (std::size_t s = 0; s < scales; ++s) {
    r.scales.push_back(prog.scales[s].id);
    r.scale_levels.push_back(prog.scales[s].levels);
    r.level_counts.emplace_back(prog.scales[s].levels.size() + 1, 0);
  }
  std::size_t failed = 0, missing_total = 0;
  std::vector<std::size_t> chunk_missing_at(out.size() + 1, 0);
  for (std::size_t c = 0; c < out.size(); ++c) {
    const batch_chunk_output& o = out[c];
    for (std::size_t s = 0; s < scales; ++s)
      for (std::size_t k = 0; k < r.level_counts[s].size(); ++k)
        r.level_counts[s][k] += o.level_counts[level_offsets[s] + k];
    failed += o.failed_persons.size();
    missing_total += o.missing.size();
    chunk_missing_at[c + 1] = missing_total;
    r.errors.insert(r.errors.end(), o.errors.begin(), o.errors.end());
  }
  // Counts into offsets and the chunks' missing leaves into one array, chunk by
  // chunk on the threads: each chunk's first offset is the total before it.
  r.missing.resize(missing_total);
  const std::size_t chunk_size = chunks.chunk_size();
  // A chunk is 512 persons' rows: a range of a few chunks is worth a thread.
  split_over_threads(out.size(), options.threads, 4, [&](std::size_t first, std::size_t last) {
    for (std::size_t c = first; c < last; ++c) {
      std::copy(out[c].missing.begin(), out[c].missing.end(),
                r.missing.begin() + static_cast<std::ptrdiff_t>(chunk_missing_at[c]));
      auto at = static_cast<std::uint32_t>(chunk_missing_at[c]);
      const std::size_t to = std::min(people, (c + 1) * chunk_size) * diplomas;
      for (std::size_t row = c * chunk_size * diplomas; row < to; ++row) {
        at += r.missing_offsets[row + 1];
        r.missing_offsets[row + 1] = at;
      }
    }
  });
  // The failed persons in order (chunks hold increasing persons); few, as a rule.
  std::vector<std::size_t> failed_list;
  failed_list.reserve(failed);
  for (const auto& o : out)
    failed_list.insert(failed_list.end(), o.failed_persons.begin(), o.failed_persons.end());
  if (!failed_list.empty()) drop_failed_persons(r, failed_list, people, diplomas);
  const std::size_t kept = people - failed;
  r.persons.resize(kept);
  r.person_codes.resize(kept);
  split_over_threads(people, options.threads, 4096, [&](std::size_t from, std::size_t to) {
    std::size_t skip = static_cast<std::size_t>(
        std::lower_bound(failed_list.begin(), failed_list.end(), from) - failed_list.begin());
    for (std::size_t person = from; person < to; ++person) {
      if (skip < failed_list.size() && failed_list[skip] == person) {
        ++skip;
        continue;
      }
      const std::size_t at = person - skip;
      const auto code = p.person_order[person];
      r.persons[at] = pop.person.categories[static_cast<std::size_t>(code)];
      r.person_codes[at] = code;
    }
  });
  return r;
}

}  // namespace civeff::detail
