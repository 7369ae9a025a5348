// SPDX-License-Identifier: Apache-2.0
#include "yaml/rule_source.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "core/utf8.hpp"

namespace civeff::detail {
namespace {

namespace fs = std::filesystem;

class disk_files final : public rule_source {
 public:
  [[nodiscard]] entry_kind kind(const fs::path& p) const override {
    // Nothing there, or a name no file can have (too long): nothing. A file that
    // cannot be looked at is a file, for reading it to say why.
    std::error_code ec;
    if (fs::symlink_status(p, ec).type() == fs::file_type::not_found ||
        (ec && ec != std::errc::permission_denied))
      return entry_kind::none;
    return fs::is_directory(p, ec) ? entry_kind::folder : entry_kind::file;
  }

  [[nodiscard]] file_contents read(const fs::path& p) const override { return read_regular_file(p); }

  [[nodiscard]] folder_listing list(const fs::path& p) const override {
    folder_listing out;
    std::error_code ec;
    fs::directory_iterator it(p, ec), end;
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
      out.problem = ec == std::errc::permission_denied ? "permission denied" : ec.message();
    for (; !ec && it != end; it.increment(ec)) {
      // A FIFO or a dangling link is a file here: reading it reports it, it is not skipped unsaid.
      std::error_code type_ec;
      const bool folder = it->is_directory(type_ec);
      out.entries.emplace_back(it->path().filename().string(),
                               folder ? entry_kind::folder : entry_kind::file);
    }
    return out;
  }

  [[nodiscard]] std::optional<fs::path> resolve(const fs::path& p) const override {
    std::error_code ec;
    fs::path real = fs::canonical(p, ec);
    if (ec) return std::nullopt;
    return real;
  }

  [[nodiscard]] bool in_memory() const override { return false; }
};

}  // namespace

std::string in_memory_name_problem(std::string_view name) {
  if (name.empty()) return "a file name must not be empty";
  const bool plain = name.front() != '/' && name.find('\\') == std::string_view::npos &&
                     std::ranges::none_of(fs::path(std::string(name)), [](const fs::path& part) {
                       return part.empty() || part == "." || part == "..";
                     });
  if (plain && !name.ends_with('/') && name.find("//") == std::string_view::npos) return {};
  return "a file name is a relative path with `/` between folders and no `.`, `..` or empty part "
         "(as in 'units/a.yaml')";
}

std::optional<std::string> in_memory_name(const fs::path& p) {
  if (p.is_absolute() || p.has_root_path()) return std::nullopt;
  std::string name = p.lexically_normal().generic_string();
  if (name == ".") name.clear();
  if (name.ends_with('/')) name.pop_back();
  if (name == ".." || name.starts_with("../")) return std::nullopt;
  return name;
}

fs::path rule_source::identity(const fs::path& p) const { return resolve(p).value_or(p.lexically_normal()); }

const rule_source& file_system() {
  static const disk_files files;
  return files;
}

memory_files::memory_files(const std::map<std::string, std::string>& files) {
  for (const auto& [name, text] : files) {
    std::string problem = in_memory_name_problem(name);
    if (problem.empty()) {
      const auto below = files.lower_bound(name + "/");
      if (below != files.end() && below->first.starts_with(name + "/"))
        problem = fmt::format("'{}' is also the folder of '{}'", excerpt(repair_utf8(name)),
                              excerpt(repair_utf8(below->first)));
    }
    if (problem.empty()) {
      files_.emplace(name, &text);
      continue;
    }
    const std::string shown = repair_utf8(name);
    problems_.push_back({severity::error,
                         codes::io,
                         {shown, 0, 0},
                         fmt::format("in-memory file '{}' cannot be read: {}", excerpt(shown), problem),
                         {}});
  }
}

entry_kind memory_files::kind(const fs::path& p) const {
  const std::optional<std::string> name = in_memory_name(p);
  if (!name) return entry_kind::none;
  if (files_.contains(*name)) return entry_kind::file;
  if (name->empty()) return entry_kind::folder;
  const auto below = files_.lower_bound(*name + "/");
  return below != files_.end() && below->first.starts_with(*name + "/") ? entry_kind::folder
                                                                        : entry_kind::none;
}

file_contents memory_files::read(const fs::path& p) const {
  const std::optional<std::string> name = in_memory_name(p);
  const auto it = name ? files_.find(*name) : files_.end();
  if (it == files_.end()) return {{}, "no such file among the in-memory files"};
  return {*it->second, {}};
}

folder_listing memory_files::list(const fs::path& p) const {
  folder_listing out;
  const std::optional<std::string> name = in_memory_name(p);
  if (!name) return out;
  const std::string prefix = name->empty() ? std::string() : *name + "/";
  for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.starts_with(prefix); ++it) {
    const std::string_view rest = std::string_view(it->first).substr(prefix.size());
    const std::size_t slash = rest.find('/');
    const entry_kind kind = slash == std::string_view::npos ? entry_kind::file : entry_kind::folder;
    std::string entry(rest.substr(0, slash));
    if (out.entries.empty() || out.entries.back().first != entry)
      out.entries.emplace_back(std::move(entry), kind);
  }
  return out;
}

std::optional<fs::path> memory_files::resolve(const fs::path& p) const {
  std::optional<std::string> name = in_memory_name(p);
  if (!name) return std::nullopt;
  return fs::path(std::move(*name));
}

}  // namespace civeff::detail
