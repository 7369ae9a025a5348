// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "ir/program.hpp"

namespace civeff::detail {
std::vector<test_outcome> run_tests(const program& prog);
}  // namespace civeff::detail
