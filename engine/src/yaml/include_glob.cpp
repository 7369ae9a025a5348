// SPDX-License-Identifier: Apache-2.0
#include "yaml/include_glob.hpp"

#include <algorithm>

#include "core/excerpt.hpp"

namespace civeff::detail {
bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

namespace {

std::vector<std::string> split_segments(std::string_view pattern) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= pattern.size()) {
    const std::size_t end = std::min(pattern.find('/', start), pattern.size());
    std::string segment(pattern.substr(start, end - start));
    if (!segment.empty() && segment != ".") out.push_back(std::move(segment));
    start = end + 1;
  }
  return out;
}

}  // namespace

bool glob_segment_matches(std::string_view pattern, std::string_view name) {
  if (!name.empty() && name.front() == '.' && (pattern.empty() || pattern.front() != '.')) return false;
  // Iterative matching with one backtrack point for the last `*`.
  std::size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

glob_result expand_glob(const rule_source& source, const std::filesystem::path& base,
                        std::string_view pattern,
                        const std::function<bool(const std::filesystem::path&)>& may_list) {
  namespace fs = std::filesystem;
  glob_result out;
  if (pattern.empty()) {
    out.problem = "an include pattern must not be empty";
    return out;
  }
  std::string normalized(pattern);
  std::replace(normalized.begin(), normalized.end(), '\\', '/');
  if (normalized.find("**") != std::string::npos) {
    out.problem = "`**` is not supported; list each directory level (`units/*/*.yaml`)";
    return out;
  }
  const bool absolute = fs::path(normalized).is_absolute();
  std::vector<fs::path> current = {absolute ? fs::path(normalized).root_path() : base};
  const std::string relative = absolute ? fs::path(normalized).relative_path().generic_string() : normalized;
  const std::vector<std::string> segments = split_segments(relative);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const bool last = i + 1 == segments.size();
    std::vector<fs::path> next;
    for (const auto& dir : current) {
      if (!has_wildcard(segments[i])) {
        next.push_back(dir / segments[i]);
        continue;
      }
      const fs::path listing = dir.empty() ? fs::path(".") : dir;
      if (may_list && !may_list(listing)) {
        if (out.refused.empty()) out.refused = listing;
        continue;
      }
      folder_listing entries = source.list(listing);
      if (!entries.problem.empty() && out.unlisted.empty()) {
        out.unlisted = listing;
        out.unlisted_reason = std::move(entries.problem);
      }
      for (const auto& [name, kind] : entries.entries) {
        // The last segment takes anything but a directory.
        if (glob_segment_matches(segments[i], name) && (kind == entry_kind::folder) != last)
          next.push_back(dir / name);
      }
    }
    current = std::move(next);
  }
  for (auto& p : current) {
    const entry_kind kind = source.kind(p);
    if (kind == entry_kind::none) continue;
    if (kind == entry_kind::folder) {
      if (!has_wildcard(normalized))
        out.problem = "'" + excerpt(pattern) + "' is a directory; include its files, e.g. '" +
                      excerpt(pattern) + "/*.yaml'";
      continue;
    }
    out.files.push_back(p.lexically_normal());
  }
  std::sort(out.files.begin(), out.files.end(),
            [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
  out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
  return out;
}

glob_escape leaves_base(std::string_view pattern) {
  std::string normalized(pattern);
  std::replace(normalized.begin(), normalized.end(), '\\', '/');
  if (std::filesystem::path(normalized).is_absolute() || normalized.starts_with('/'))
    return glob_escape::absolute;
  int depth = 0;
  for (const auto& segment : split_segments(normalized)) {
    if (segment != "..") ++depth;
    else if (--depth < 0) return glob_escape::parent;
  }
  return glob_escape::none;
}

}  // namespace civeff::detail
