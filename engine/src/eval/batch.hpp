// SPDX-License-Identifier: Apache-2.0
#pragma once
// Populations (SPEC §3, §7, §9): persons grouped once, categories resolved once
// per program, each person loaded into a workspace from row indices, and persons
// evaluated in chunks on all cores. evaluate_batch is one use; the full diff
// (diff/) loads every person into two programs' workspaces the same way.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/evaluator.hpp"
#include "ir/program.hpp"

namespace civeff::detail {

// SPEC §7 `batch`: one row per person and diploma, persons sorted by id. Throws
// input_error for unknown marks or inconsistent person attributes.
batch_result evaluate_batch(const program& prog, const population_view& pop, const batch_options& options);

// A population's persons in id order, each with its rows in input order (the
// rows of one person need not be adjacent). Independent of any program.
struct person_groups {
  std::vector<std::int32_t> person_order;  // person category codes, sorted by id
  std::vector<std::uint32_t> row_offsets;  // per person (in order): rows [off[i], off[i+1])
  std::vector<std::uint32_t> rows;         // row indices grouped by person, input order kept
  [[nodiscard]] std::size_t size() const { return person_order.size(); }
  // The rows of person i (a position in person_order).
  [[nodiscard]] std::span<const std::uint32_t> rows_of(std::size_t i) const {
    return std::span<const std::uint32_t>(rows).subspan(row_offsets[i], row_offsets[i + 1] - row_offsets[i]);
  }
};

// Input errors found while preparing a population, thrown together once all
// are known: the listed ones by place, then a count of the persons not listed.
struct population_errors {
  std::vector<diagnostic> listed;
  std::size_t unlisted_conflicts = 0;  // persons with E045 beyond those listed
  void throw_if_any(const population_view& pop);
};

// Checks every column's shape (input_error on a malformed view) and groups the
// persons; an empty person cell is an input_error. Person attributes that differ
// between one person's rows (E045, SPEC §9) go to `errors`.
// The cells are checked on `threads` threads (0: all cores).
person_groups group_persons(const population_view& pop, population_errors& errors, unsigned threads = 1);

// What one program makes of a population's categories: unit indices, mark
// bitsets (implied marks included) and the columns its expressions read.
struct population_reading {
  std::vector<std::int32_t> unit_of_category;
  std::vector<std::uint64_t> marks_of_category;  // categories * mark_words
  struct column_slot {
    const attribute_column_view* column;
    std::int32_t slot;
  };
  std::vector<column_slot> achievement_columns, person_columns;
};

// Resolves `pop`'s categories for `prog`. A mark id that `prog` lacks is E042 in
// `errors` at its first row, unless `other` knows it: then it is left off the
// achievements here (SPEC §12: absent on this side of a diff) and, once per id,
// warning W012 goes to `absent_marks` (`side` names this side: "before", "after").
population_reading read_categories(const program& prog, const population_view& pop, population_errors& errors,
                                   const program* other = nullptr,
                                   std::vector<diagnostic>* absent_marks = nullptr,
                                   std::string_view side = {});

// Fills `ws` with the rows of person `person` (a position in `groups`).
void load_person(const program& prog, const population_view& pop, const person_groups& groups,
                 const population_reading& reading, std::size_t person, workspace& ws);

// Persons in chunks on options.threads threads, with options.progress and
// options.stop as batch_options says. Each thread calls `work` once; `work`
// takes chunks with next() until it returns false, checks stopped() before each
// person, and reports each finished chunk with finished(). Chunks of 512
// persons suit evaluation; work that takes milliseconds a person (advice)
// asks for smaller ones, so that every thread has some.
class person_chunks {
 public:
  static constexpr std::size_t default_chunk_size = 512;
  person_chunks(std::size_t people, const batch_options& options,
                std::size_t chunk_size = default_chunk_size);
  [[nodiscard]] std::size_t count() const { return chunks_; }
  [[nodiscard]] std::size_t chunk_size() const { return chunk_size_; }
  // Runs `work` on every thread and returns when all are done.
  void run(const std::function<void()>& work);
  // The next chunk not yet taken: its index and persons [from, to).
  bool next(std::size_t& chunk, std::size_t& from, std::size_t& to);
  void finished(std::size_t persons) { done_ += persons; }
  [[nodiscard]] bool stopped() const {
    return options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed);
  }

 private:
  std::size_t people_, chunk_size_, chunks_;
  const batch_options& options_;
  std::atomic<std::size_t> next_{0}, done_{0};
};

}  // namespace civeff::detail
