// SPDX-License-Identifier: Apache-2.0
#pragma once
// Finds where a cell of a CSV file starts, for diagnostics found after reading
// (an unknown mark, a person attribute that differs between rows). Only the
// error path calls it, so it re-reads the file rather than keep columns per row.

#include <civeff/civeff.hpp>

namespace civeff::detail {
source_location locate_csv_cell(const std::string& file, int line, std::string_view column);
}  // namespace civeff::detail
