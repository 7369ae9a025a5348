// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the population CSV reader (SPEC §3, §9, §11): one flag byte
// choosing encoding, strict and ruleset (fuzz_support.hpp), then the CSV. The bytes are
// read without a ruleset and with one; what parses is evaluated as a batch. A
// civeff::error is an answer; a crash, UB, a hang or any other exception is a finding.

#include <civeff/civeff.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

using namespace civeff::fuzz;

// Every column has one entry per row, and every code names a category: the batch
// evaluator trusts both.
void check_column(const civeff::string_column& c, std::size_t rows) {
  require(c.codes.size() == rows);
  for (const std::int32_t code : c.codes)
    require(code >= -1 && (code < 0 || static_cast<std::size_t>(code) < c.categories.size()));
}

void check_population(const civeff::population& pop, bool strict) {
  const std::size_t rows = pop.rows();
  check_column(pop.person, rows);
  check_column(pop.unit, rows);
  check_column(pop.title, rows);
  check_column(pop.marks, rows);
  require(pop.hours.size() == rows && (pop.exempt.empty() || pop.exempt.size() == rows));
  require(pop.lines.size() == rows || (pop.lines.empty() && pop.first_line > 0));
  for (const auto& a : pop.attributes) {
    // Numbers as doubles or as floats, or none when no cell is a bool, number or date.
    require(a.kinds.size() == rows && (a.numbers.empty() || a.numbers.size() == rows) &&
            (a.floats.empty() || a.floats.size() == rows) && (a.numbers.empty() || a.floats.empty()));
    if (!a.texts.codes.empty()) check_column(a.texts, rows);
  }
  check(pop.warnings, strict);
}

void read_and_evaluate(const reader_input& in, const civeff::ruleset* rules) {
  civeff::population pop;
  try {
    pop = civeff::parse_population_csv(in.text, "fuzz.csv", rules, in.options);
  } catch (const civeff::error& e) {
    check(e);
    return;
  }
  check_population(pop, in.options.strict);
  const civeff::ruleset& evaluator = rules != nullptr ? *rules : plain_rules();
  try {
    const civeff::batch_result batch = evaluator.evaluate_batch(pop, {.as_of = fuzz_as_of(), .threads = 1});
    require(batch.missing_offsets.size() == batch.rows() + 1);
    (void)civeff::to_csv(batch, civeff::csv_dialect::excel_nl);
  } catch (const civeff::error& e) {
    check(e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // As RE2's fuzzer caps regexes at 4 KiB: longer inputs find slowness, not bugs.
  // A CSV needs a header and a few rows to reach the evaluator, hence more room.
  if (size > 64 * 1024) return -1;  // -1: do not add to the corpus
  const reader_input in = split_input(data, size);
  read_and_evaluate(in, nullptr);
  read_and_evaluate(in, in.declared ? &declared_rules() : &plain_rules());
  return 0;
}
