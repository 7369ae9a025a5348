// SPDX-License-Identifier: Apache-2.0
#include "eval/chunk_rows.hpp"

#include <algorithm>
#include <cmath>

#include "eval/population_cells.hpp"

namespace civeff::detail {

namespace {

// Whether `columns` give every one of `slots` attribute slots a value.
bool fills_every(const std::vector<population_reading::column_slot>& columns, std::size_t slots) {
  std::vector<bool> filled(slots, false);
  for (const auto& c : columns) filled[static_cast<std::size_t>(c.slot)] = true;
  return std::find(filled.begin(), filled.end(), false) == filled.end();
}

}  // namespace

chunk_rows::chunk_rows(const program& prog, const population_reading& reading)
    : fills_every_slot_(fills_every(reading.achievement_columns, prog.attribute_slots.size())),
      fills_every_person_slot_(fills_every(reading.person_columns, prog.person_attribute_slots.size())) {}

void chunk_rows::gather(const program& prog, const population_view& pop, const person_groups& groups,
                        const population_reading& reading, std::size_t from, std::size_t to) {
  first_person_ = from;
  first_row_ = groups.row_offsets[from];
  const std::size_t rows = groups.row_offsets[to] - first_row_;
  slots_ = prog.attribute_slots.size();
  unit_.resize(rows);
  day_.resize(rows);
  mark_list_.resize(rows);
  hours_.resize(rows);
  exempt_.resize(rows);
  // Slots no column fills stay absent.
  if (fills_every_slot_) cells_.resize(rows * slots_);
  else cells_.assign(rows * slots_, attribute_cell{});
  const auto units = static_cast<std::int32_t>(reading.unit_of_category.size());
  const auto mark_lists = static_cast<std::int32_t>(pop.marks.categories.size());
  // Column by column: each loop's reads are independent of each other, so on
  // rows in random order the core keeps many misses in flight at once.
  const std::uint32_t* at = groups.rows.data() + first_row_;
  if (pop.unit.codes.empty()) {
    std::fill(unit_.begin(), unit_.end(), no_index);
  } else {
    for (std::size_t i = 0; i < rows; ++i) {
      const std::int32_t code = pop.unit.codes[at[i]];
      unit_[i] =
          code >= 0 && code < units ? reading.unit_of_category[static_cast<std::size_t>(code)] : no_index;
    }
  }
  for (std::size_t i = 0; i < rows; ++i) day_[i] = pop.dates[at[i]].days_since_epoch();
  if (pop.hours.empty()) {
    std::fill(hours_.begin(), hours_.end(), NAN);
  } else {
    for (std::size_t i = 0; i < rows; ++i) hours_[i] = pop.hours[at[i]];
  }
  for (std::size_t i = 0; i < rows; ++i)  // NaN: the unit's hours
    if (std::isnan(hours_[i]))
      hours_[i] = unit_[i] >= 0 ? prog.units[static_cast<std::size_t>(unit_[i])].hours : 0;
  if (pop.exempt.empty()) {
    std::fill(exempt_.begin(), exempt_.end(), 0);
  } else {
    for (std::size_t i = 0; i < rows; ++i) exempt_[i] = pop.exempt[at[i]] != 0 ? 1 : 0;
  }
  if (pop.marks.codes.empty()) {
    std::fill(mark_list_.begin(), mark_list_.end(), -1);
  } else {
    for (std::size_t i = 0; i < rows; ++i) {
      const std::int32_t code = pop.marks.codes[at[i]];
      mark_list_[i] = code >= 0 && code < mark_lists ? code : -1;
    }
  }
  for (const auto& column : reading.achievement_columns) {
    const attribute_column_view& c = *column.column;
    attribute_cell* slot = cells_.data() + column.slot;
    for (std::size_t i = 0; i < rows; ++i) slot[i * slots_] = cell_at(c, at[i]);
  }
  // A person's attributes are those of its first row (group_persons checked they agree).
  const std::size_t person_columns = reading.person_columns.size();
  person_cells_.resize((to - from) * person_columns);
  for (std::size_t person = from; person < to; ++person) {
    const std::size_t first = groups.rows[groups.row_offsets[person]];
    for (std::size_t k = 0; k < person_columns; ++k)
      person_cells_[(person - from) * person_columns + k] =
          cell_value(*reading.person_columns[k].column, first);
  }
}

void chunk_rows::load(const program& prog, const person_groups& groups, const population_reading& reading,
                      std::size_t person, workspace& ws) const {
  const std::size_t begin = groups.row_offsets[person] - first_row_;
  const std::size_t end = groups.row_offsets[person + 1] - first_row_;
  const std::size_t mw = prog.mark_words();
  // Every unit, day, hours, exempt, marks entry and attribute slot is written
  // below; person attribute slots only when a column fills each one.
  ws.resize(prog, end - begin, false, !fills_every_person_slot_);
  std::copy(cells_.begin() + static_cast<std::ptrdiff_t>(begin * slots_),
            cells_.begin() + static_cast<std::ptrdiff_t>(end * slots_), ws.attributes_of(0));
  for (std::size_t k = begin; k < end; ++k) {
    const std::size_t i = k - begin;
    ws.unit[i] = unit_[k];
    ws.day[i] = day_[k];
    ws.hours[i] = hours_[k];
    ws.exempt[i] = exempt_[k];
    if (mark_list_[k] >= 0) {
      const std::uint64_t* src =
          reading.marks_of_category.data() + static_cast<std::size_t>(mark_list_[k]) * mw;
      std::copy(src, src + mw, ws.marks_of(i));
    } else {
      std::fill_n(ws.marks_of(i), mw, 0);
    }
  }
  const std::size_t person_columns = reading.person_columns.size();
  for (std::size_t c = 0; c < person_columns; ++c) {
    const auto& column = reading.person_columns[c];
    ws.person[static_cast<std::size_t>(column.slot)] =
        person_cells_[(person - first_person_) * person_columns + c];
  }
}

}  // namespace civeff::detail
