// SPDX-License-Identifier: Apache-2.0
#pragma once
// Whether two batch results are the same rows: persons (ids and codes), diplomas,
// status, progress (the same double), the missing leaves by name (each side
// numbers its leaves its own way), the level counts and the number of errors.

#include <civeff/civeff.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace limit {

// "" when `a` and `b` are the same rows, else the first difference in words.
inline std::string first_difference(const civeff::batch_result& a, const civeff::batch_result& b) {
  if (a.persons.size() != b.persons.size())
    return "persons: " + std::to_string(a.persons.size()) + " vs " + std::to_string(b.persons.size());
  if (a.diplomas != b.diplomas) return "the diplomas differ";
  if (a.status.size() != b.status.size() || a.progress.size() != b.progress.size() ||
      a.missing_offsets.size() != b.missing_offsets.size() ||
      a.rows() != a.persons.size() * a.diplomas.size())
    return "the row counts differ";
  const std::size_t diplomas = a.diplomas.size();
  for (std::size_t row = 0; row < a.rows(); ++row) {
    const std::size_t p = row / diplomas;
    const std::string where =
        "row " + std::to_string(row) + " (" + a.persons[p] + ", " + a.diplomas[row % diplomas] + ")";
    if (a.persons[p] != b.persons[p] || a.person_codes[p] != b.person_codes[p])
      return where + ": person " + a.persons[p] + " vs " + b.persons[p];
    if (a.status[row] != b.status[row])
      return where + ": status " + std::string(civeff::to_string(a.status[row])) + " vs " +
             std::string(civeff::to_string(b.status[row]));
    if (a.progress[row] != b.progress[row])
      return where + ": progress " + std::to_string(a.progress[row]) + " vs " +
             std::to_string(b.progress[row]);
    const std::uint32_t a_begin = a.missing_offsets[row], a_end = a.missing_offsets[row + 1];
    const std::uint32_t b_begin = b.missing_offsets[row], b_end = b.missing_offsets[row + 1];
    std::string a_missing, b_missing;
    for (std::uint32_t k = a_begin; k < a_end; ++k) a_missing += a.leaf_names[a.missing[k]] + ";";
    for (std::uint32_t k = b_begin; k < b_end; ++k) b_missing += b.leaf_names[b.missing[k]] + ";";
    if (a_missing != b_missing) return where + ": missing '" + a_missing + "' vs '" + b_missing + "'";
  }
  if (a.scales != b.scales || a.scale_levels != b.scale_levels) return "the scales differ";
  if (a.level_counts != b.level_counts) return "the level counts differ";
  if (a.errors.size() != b.errors.size()) return "the evaluation errors differ";
  return {};
}

}  // namespace limit
