// SPDX-License-Identifier: Apache-2.0
#pragma once
// The bit sets of a workspace and a program (credited units, unit masks, date
// thresholds) are arrays of 64-bit words; one definition of reading and setting
// a bit for every file that walks them.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace civeff::detail {

inline bool test_bit(const std::uint64_t* bits, std::size_t i) {
  return ((bits[i / 64] >> (i % 64)) & 1U) != 0;
}
inline bool test_bit(const std::vector<std::uint64_t>& bits, std::size_t i) {
  return test_bit(bits.data(), i);
}
inline void set_bit(std::uint64_t* bits, std::size_t i) { bits[i / 64] |= std::uint64_t{1} << (i % 64); }
inline void set_bit(std::vector<std::uint64_t>& bits, std::size_t i) { set_bit(bits.data(), i); }

}  // namespace civeff::detail
