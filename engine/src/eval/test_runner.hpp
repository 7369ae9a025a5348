// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "ir/program.hpp"

namespace civeff::detail {
// The tests of `prog` whose name contains `name_filter` (all when it is empty).
std::vector<test_outcome> run_tests(const program& prog, std::string_view name_filter = {});
}  // namespace civeff::detail
