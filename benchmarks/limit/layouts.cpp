// SPDX-License-Identifier: Apache-2.0
#include "layouts.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

namespace limit {
namespace {

// `column` in the row order `rows` (empty stays empty: an absent column).
template <typename T>
std::vector<T> permuted(const std::vector<T>& column, const std::vector<std::uint32_t>& rows) {
  if (column.empty()) return {};
  std::vector<T> out(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out[i] = column[rows[i]];
  return out;
}

civeff::string_column permuted(const civeff::string_column& column, const std::vector<std::uint32_t>& rows) {
  return {permuted(column.codes, rows), column.categories};
}

}  // namespace

void sort_person_ids(civeff::population& pop) {
  std::vector<std::string>& ids = pop.person.categories;
  std::vector<std::int32_t> by_id(ids.size());
  std::iota(by_id.begin(), by_id.end(), 0);
  std::sort(by_id.begin(), by_id.end(), [&](std::int32_t a, std::int32_t b) {
    return ids[static_cast<std::size_t>(a)] < ids[static_cast<std::size_t>(b)];
  });
  std::vector<std::int32_t> new_code(ids.size());
  std::vector<std::string> sorted_ids(ids.size());
  for (std::size_t k = 0; k < by_id.size(); ++k) {
    new_code[static_cast<std::size_t>(by_id[k])] = static_cast<std::int32_t>(k);
    sorted_ids[k] = std::move(ids[static_cast<std::size_t>(by_id[k])]);
  }
  ids = std::move(sorted_ids);
  for (std::int32_t& code : pop.person.codes)
    if (code >= 0) code = new_code[static_cast<std::size_t>(code)];
}

civeff::population grouped_by_person(const civeff::population& pop) {
  // A stable counting sort of the rows by person code.
  const std::size_t people = pop.person.categories.size();
  std::vector<std::uint32_t> start(people + 1, 0);
  for (const std::int32_t code : pop.person.codes) ++start[static_cast<std::size_t>(code) + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::uint32_t> rows(pop.rows());
  for (std::size_t r = 0; r < pop.rows(); ++r)
    rows[start[static_cast<std::size_t>(pop.person.codes[r])]++] = static_cast<std::uint32_t>(r);

  civeff::population out;
  out.person = permuted(pop.person, rows);
  out.unit = permuted(pop.unit, rows);
  out.title = permuted(pop.title, rows);
  out.dates = permuted(pop.dates, rows);
  out.hours = permuted(pop.hours, rows);
  out.marks = permuted(pop.marks, rows);
  out.exempt = permuted(pop.exempt, rows);
  for (const civeff::attribute_column& a : pop.attributes) {
    civeff::attribute_column& b = out.attributes.emplace_back();
    b.name = a.name;
    b.person_level = a.person_level;
    b.kinds = permuted(a.kinds, rows);
    b.numbers = permuted(a.numbers, rows);
    b.floats = permuted(a.floats, rows);
    b.texts = permuted(a.texts, rows);
  }
  out.file = pop.file;
  // A reader's `first_line` (no line per row) no longer holds once the rows move.
  std::vector<std::int64_t> lines = pop.lines;
  if (lines.empty() && pop.first_line > 0)
    for (std::size_t r = 0; r < pop.rows(); ++r)
      lines.push_back(pop.first_line + static_cast<std::int64_t>(r));
  out.lines = permuted(lines, rows);
  return out;
}

}  // namespace limit
