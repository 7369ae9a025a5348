// SPDX-License-Identifier: Apache-2.0
#include "yaml/include_fence.hpp"

#include <fmt/format.h>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "yaml/include_glob.hpp"
#include "yaml/rule_files.hpp"

namespace civeff::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view stay_inside =
    "includes stay inside the ruleset folder unless --allow-outside-includes is given (Python: "
    "allow_outside_includes=True)";
constexpr std::string_view stay_in_memory = "in-memory rules include only the in-memory files they are given";

}  // namespace

include_fence::include_fence(const rule_source& source, const fs::path& root, bool open)
    : source_(source), open_(open && !source.in_memory()) {
  const fs::path folder = root.parent_path().empty() ? fs::path(".") : root.parent_path();
  if (std::optional<fs::path> real = source.resolve(folder)) {
    folder_ = std::move(*real);
  } else {
    std::error_code ec;
    folder_ = fs::absolute(folder, ec).lexically_normal();
  }
}

std::string_view include_fence::rule() const { return source_.in_memory() ? stay_in_memory : stay_inside; }

bool include_fence::admits_pattern(const located_text& pattern, yaml_reader& r) const {
  if (open_) return true;
  switch (leaves_base(pattern.text)) {
    case glob_escape::none: return true;
    case glob_escape::absolute:
      r.error(codes::include_glob, pattern.where,
              fmt::format("include '{}' is an absolute path; {}", excerpt(pattern.text), rule()));
      break;
    case glob_escape::parent:
      r.error(codes::include_glob, pattern.where,
              fmt::format("include '{}' leaves the ruleset folder through '..'; {}", excerpt(pattern.text),
                          rule()));
      break;
  }
  return false;
}

std::optional<fs::path> include_fence::admit(const fs::path& match, const source_location& pattern,
                                             yaml_reader& r) const {
  if (open_) return match;
  const std::optional<fs::path> real = source_.resolve(match);
  if (!real) return match;
  if (inside(*real)) return real;
  r.error(codes::include_glob, pattern,
          fmt::format("'{}' resolves to '{}', outside the ruleset folder; {}", display_name(match),
                      display_name(*real), rule()));
  return std::nullopt;
}

bool include_fence::may_list(const fs::path& dir) const {
  if (open_) return true;
  const std::optional<fs::path> real = source_.resolve(dir);
  return !real || inside(*real);  // what cannot be resolved cannot be listed either: listing says why
}

void include_fence::refuse_listing(const located_text& pattern, const fs::path& dir, yaml_reader& r) const {
  const std::optional<fs::path> real = source_.resolve(dir);
  r.error(codes::include_glob, pattern.where,
          fmt::format("include '{}' lists '{}', which resolves to '{}', outside the ruleset folder; {}",
                      excerpt(pattern.text), display_name(dir), display_name(real.value_or(dir)), rule()));
}

bool include_fence::inside(const fs::path& real) const {
  auto r = real.begin();
  for (auto f = folder_.begin(); f != folder_.end(); ++f, ++r)
    if (r == real.end() || *r != *f) return false;
  return true;
}

}  // namespace civeff::detail
