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
#include <iterator>
#include <limits>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>

#include "core/diagnostic_codes.hpp"
#include "core/input_values.hpp"
#include "core/person_conflicts.hpp"
#include "core/suggest.hpp"
#include "eval/evaluator.hpp"
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

// The category a code names, or "" (an empty cell) for -1. Codes were checked by
// check_shape; the bound is tested again because the buffers are someone
// else's and must never be read out of bounds.
std::string_view category(const string_column_view& c, std::int32_t code) {
  return code >= 0 && static_cast<std::size_t>(code) < c.categories.size()
             ? c.categories[static_cast<std::size_t>(code)]
             : std::string_view();
}

value cell_value(const attribute_column_view& c, std::size_t row) {
  switch (static_cast<cell>(c.kinds[row])) {
    case cell::absent: return value::absent();
    case cell::boolean: return value::boolean(number_at(c, row) != 0);
    case cell::number: return value::number(number_at(c, row));
    case cell::date: return value::day(static_cast<std::int32_t>(number_at(c, row)));
    case cell::text: {
      const std::string_view text = category(c.texts, c.texts.codes[row]);
      return text.empty() ? value::absent() : value::text(text);
    }
  }
  return value::absent();
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

// Every column has `rows` entries (or none, where a column may be absent) and
// every code and cell kind is in range; throws input_error naming the column.
void check_shape(const population_view& pop) {
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
    for (std::size_t r = 0; r < c.codes.size(); ++r)
      if (c.codes[r] < -1 || c.codes[r] >= limit)
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
    for (std::size_t r = 0; r < n; ++r) {
      const std::uint8_t k = c.kinds[r];
      const bool needs_number = k == static_cast<std::uint8_t>(cell::boolean) ||
                                k == static_cast<std::uint8_t>(cell::number) ||
                                k == static_cast<std::uint8_t>(cell::date);
      const bool has_numbers = c.numbers.empty() ? c.floats.size() == n : c.numbers.size() == n;
      if (k > static_cast<std::uint8_t>(cell::date) || (needs_number && !has_numbers) ||
          (k == static_cast<std::uint8_t>(cell::text) && c.texts.codes.size() != n))
        fail(fmt::format("population column '{}': row {} has cell kind {} without its values", name, r, k));
      // A date cell's number is read as an int32 day count.
      if (k == static_cast<std::uint8_t>(cell::date) &&
          !(number_at(c, r) >= std::numeric_limits<std::int32_t>::min() &&
            number_at(c, r) <= std::numeric_limits<std::int32_t>::max()))
        fail(fmt::format("population column '{}': row {} has date {} outside the days an int32 counts", name,
                         r, number_at(c, r)));
    }
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

person_groups group_persons(const population_view& pop, population_errors& found) {
  check_shape(pop);
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
  std::vector<std::int32_t> by_id(people);
  std::iota(by_id.begin(), by_id.end(), 0);
  std::sort(by_id.begin(), by_id.end(), [&](std::int32_t a, std::int32_t b) {
    return pop.person.categories[static_cast<std::size_t>(a)] <
           pop.person.categories[static_cast<std::size_t>(b)];
  });
  for (std::int32_t code : by_id)
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
    value* slots = ws.attributes_of(i);
    for (const auto& c : p.achievement_columns) slots[c.slot] = cell_value(*c.column, row);
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
  unsigned threads = options_.threads ? options_.threads : std::max(1U, std::thread::hardware_concurrency());
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

struct batch_chunk_output {
  std::vector<diploma_status> status;
  std::vector<double> progress;
  std::vector<std::uint32_t> missing_count, missing;
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

}  // namespace

batch_result evaluate_batch(const program& prog, const population_view& pop, const batch_options& options) {
  population_errors found;
  const person_groups p = group_persons(pop, found);
  const population_reading reading = read_categories(prog, pop, found);
  found.throw_if_any(pop);
  const std::size_t people = p.size(), diplomas = prog.diplomas.size();
  as_of_context ctx;
  ctx.prepare(prog, options.as_of.days_since_epoch());

  person_chunks chunks(people, options);
  std::vector<batch_chunk_output> out(chunks.count());
  const std::vector<std::size_t> level_offsets = level_count_offsets(prog);
  const std::size_t scales = prog.scales.size();
  chunks.run([&] {
    workspace ws;
    for (std::size_t c = 0, from = 0, to = 0; chunks.next(c, from, to);) {
      batch_chunk_output& o = out[c];
      o.status.reserve((to - from) * diplomas);
      o.progress.reserve((to - from) * diplomas);
      o.missing_count.reserve((to - from) * diplomas);
      o.level_counts.assign(level_offsets.back(), 0);
      for (std::size_t person = from; person < to; ++person) {
        // Per person, not per chunk: one person may take long (F13).
        if (chunks.stopped()) return;
        load_person(prog, pop, p, reading, person, ws);
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
          double progress = 0;
          o.status.push_back(ws.diploma(prog, d, progress));
          o.progress.push_back(progress);
          o.missing_count.push_back(static_cast<std::uint32_t>(ws.missing.size()));
          o.missing.insert(o.missing.end(), ws.missing.begin(), ws.missing.end());
        }
      }
      chunks.finished(to - from);
    }
  });
  if (chunks.stopped()) return {};
  const std::size_t chunk_size = chunks.chunk_size(), chunk_count = chunks.count();

  batch_result r;
  for (const auto& d : prog.diplomas) r.diplomas.push_back(d.id);
  r.leaf_names = prog.leaf_names;
  r.missing_offsets.push_back(0);
  for (std::size_t s = 0; s < scales; ++s) {
    r.scales.push_back(prog.scales[s].id);
    r.scale_levels.push_back(prog.scales[s].levels);
    r.level_counts.emplace_back(prog.scales[s].levels.size() + 1, 0);
  }
  for (const auto& o : out)
    for (std::size_t s = 0; s < scales; ++s)
      for (std::size_t k = 0; k < r.level_counts[s].size(); ++k)
        r.level_counts[s][k] += o.level_counts[level_offsets[s] + k];
  // Persons whose evaluation failed are reported, not written (SPEC §10).
  for (std::size_t c = 0; c < chunk_count; ++c) {
    const batch_chunk_output& o = out[c];
    const std::size_t from = c * chunk_size, to = std::min(people, from + chunk_size);
    std::size_t failed = 0, missing_at = 0;
    for (std::size_t person = from; person < to; ++person) {
      const bool skip = failed < o.failed_persons.size() && o.failed_persons[failed] == person;
      if (skip) ++failed;
      else {
        r.persons.emplace_back(pop.person.categories[static_cast<std::size_t>(p.person_order[person])]);
        r.person_codes.push_back(p.person_order[person]);
      }
      for (std::size_t d = 0; d < diplomas; ++d) {
        const std::size_t k = (person - from) * diplomas + d;
        const std::uint32_t m = o.missing_count[k];
        if (!skip) {
          r.status.push_back(o.status[k]);
          r.progress.push_back(o.progress[k]);
          r.missing.insert(r.missing.end(), o.missing.begin() + static_cast<std::ptrdiff_t>(missing_at),
                           o.missing.begin() + static_cast<std::ptrdiff_t>(missing_at + m));
          r.missing_offsets.push_back(static_cast<std::uint32_t>(r.missing.size()));
        }
        missing_at += m;
      }
    }
    r.errors.insert(r.errors.end(), o.errors.begin(), o.errors.end());
  }
  return r;
}

}  // namespace civeff::detail
