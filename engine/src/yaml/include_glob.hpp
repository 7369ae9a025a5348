// SPDX-License-Identifier: Apache-2.0
#pragma once
// Include globs (SPEC §2, §10): `*` and `?` within a path segment, relative to the
// root file's directory; matches are files of any type but directories (reading
// one that is not a regular file says so), sorted by path. Files are looked at
// through a rule_source: on disk or in memory.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/rule_source.hpp"

namespace civeff::detail {

// `*` matches any run of characters and `?` one character, neither crossing `/`
// nor matching a leading `.` (as a shell does).
bool glob_segment_matches(std::string_view pattern, std::string_view name);
// Whether `s` has a wildcard (`*` or `?`).
bool has_wildcard(std::string_view s);

struct glob_result {
  std::vector<std::filesystem::path> files;  // base / relative match, lexically normal, sorted
  std::string problem;                       // why the pattern is not accepted, else empty
  std::filesystem::path unlisted;            // a directory that could not be listed, else empty
  std::string unlisted_reason;               // why ("permission denied")
  std::filesystem::path refused;             // a directory `may_list` refused (outside the fence), else empty
};

// Expands `pattern` under `base` in `source`. A pattern without wildcards names
// one file. `may_list`, when given, is asked before each directory is listed: a
// ruleset must not even see the names of files outside its folder (F5).
glob_result expand_glob(const rule_source& source, const std::filesystem::path& base,
                        std::string_view pattern,
                        const std::function<bool(const std::filesystem::path&)>& may_list = nullptr);

// How a pattern reaches outside `base` before anything is matched: by being
// absolute, or by a `..` that climbs above it (`a/../b` stays inside).
enum class glob_escape : unsigned char { none, absolute, parent };
glob_escape leaves_base(std::string_view pattern);

}  // namespace civeff::detail
