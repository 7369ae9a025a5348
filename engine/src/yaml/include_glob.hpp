// SPDX-License-Identifier: Apache-2.0
#pragma once
// Include globs (SPEC §2, §10): `*` and `?` within a path segment, relative to the
// root file's directory; matches are regular files, sorted by path.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace civeff::detail {

// `*` matches any run of characters and `?` one character, neither crossing `/`
// nor matching a leading `.` (as a shell does).
bool glob_segment_matches(std::string_view pattern, std::string_view name);

struct glob_result {
  std::vector<std::filesystem::path> files;  // base / relative match, lexically normal, sorted
  std::string problem;                       // why the pattern is not accepted, else empty
};

// Expands `pattern` under `base`. A pattern without wildcards names one file.
glob_result expand_glob(const std::filesystem::path& base, std::string_view pattern);

}  // namespace civeff::detail
