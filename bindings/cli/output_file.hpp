// SPDX-License-Identifier: Apache-2.0
#pragma once
// Output files that are either complete or absent: written to a temporary file
// beside the target, then renamed over it, so an interrupted or failed run never
// leaves half a CSV behind (and never clobbers the previous one).

#include <string>
#include <string_view>

namespace civeff::cli {

// Writes `content` to `path` atomically. Throws input_error (E046, exit 2) when the
// file cannot be written; the temporary file is removed then.
void write_output_file(const std::string& path, std::string_view content);

}  // namespace civeff::cli
