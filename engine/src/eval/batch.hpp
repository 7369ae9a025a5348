// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "ir/program.hpp"

namespace civeff::detail {
// SPEC §7 `batch`: one row per person and diploma, persons sorted by id. Throws
// input_error for unknown marks or inconsistent person attributes.
batch_result evaluate_batch(const program& prog, const population_view& pop, const batch_options& options);
}  // namespace civeff::detail
