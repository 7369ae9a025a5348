// SPDX-License-Identifier: Apache-2.0
#pragma once
// The limit: bench_frame's rules (benchmarks/limit/bench.yaml, written by
// benchmarks/python/bench_frame.py) hand-written in C++, to measure how far
// ruleset::evaluate_batch is from what the hardware allows on the same columns.
//
// The rules are fixed here, not read: 20 units, three marks on one scale, four
// symmetric equivalences from 2019-09-01 and one `counts_as`, three diplomas.
// The kernel reads the population once in input order into 4 bytes of state per
// person (credited units, credits dated from 2019-09-01, seen), so rows need be
// neither grouped nor sorted, then writes each person's three rows. It gives
// what evaluate_batch gives for these rules and for input civeff accepts:
// persons sorted by id, status, progress, missing leaves, level counts.

#include <civeff/civeff.hpp>

namespace limit {

// The rows of bench.yaml for `pop` at `as_of`, as ruleset::evaluate_batch gives
// them, computed on `threads` threads (at least 1). Its leaf_names are the
// kernel's own (compare leaves by name). The population must be valid for
// civeff (it throws on what the kernel does not check: empty persons, unknown
// marks, codes out of range).
civeff::batch_result evaluate(const civeff::population_view& pop, civeff::date as_of, unsigned threads);

}  // namespace limit
