// SPDX-License-Identifier: Apache-2.0
#pragma once
// The cells of a chunk of persons, copied out of the population's columns in
// one tight pass before the chunk is evaluated. When rows arrive in random order
// every cell a person reads is a cache miss; taken in a loop that does nothing
// else, those misses overlap each other, and the evaluation then reads a buffer
// small enough for the core's own cache. On rows grouped by person the pass reads
// the columns front to back.

#include <cstdint>
#include <vector>

#include "eval/batch.hpp"

namespace civeff::detail {

class chunk_rows {
 public:
  // For populations read as `reading` for `prog`.
  chunk_rows(const program& prog, const population_reading& reading);
  // Copies the rows of persons [from, to) of `groups`.
  void gather(const program& prog, const population_view& pop, const person_groups& groups,
              const population_reading& reading, std::size_t from, std::size_t to);
  // Fills `ws` with person `person` (in [from, to) of the last gather), as
  // load_person does from the columns.
  void load(const program& prog, const person_groups& groups, const population_reading& reading,
            std::size_t person, workspace& ws) const;

 private:
  std::size_t first_person_ = 0, first_row_ = 0, slots_ = 0;
  bool fills_every_slot_, fills_every_person_slot_;  // a column for each attribute slot
  std::vector<std::int32_t> unit_, day_, mark_list_;
  std::vector<double> hours_;
  std::vector<std::uint8_t> exempt_;
  std::vector<attribute_cell> cells_;  // rows * attribute slots, as the workspace holds them
  std::vector<value> person_cells_;    // persons * person columns
};

}  // namespace civeff::detail
