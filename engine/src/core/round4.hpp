// SPDX-License-Identifier: Apache-2.0
#pragma once
// Progress and shown figures are rounded to 4 decimals, half up (SPEC §5.5), in
// one place so that every output rounds alike.

#include <cmath>

namespace civeff::detail {

inline double round4(double x) { return std::floor(x * 10000 + 0.5) / 10000; }

}  // namespace civeff::detail
