// SPDX-License-Identifier: Apache-2.0
#include "yaml/loader_files.hpp"

namespace civeff::detail {

namespace fs = std::filesystem;

const std::optional<std::string>& loader_files::fetch(const std::string& name) const {
  auto it = answers_.find(name);
  if (it == answers_.end()) it = answers_.emplace(name, loader_(name)).first;
  return it->second;
}

entry_kind loader_files::kind(const fs::path& p) const {
  const std::optional<std::string> name = in_memory_name(p);
  if (!name) return entry_kind::none;
  if (name->empty()) return entry_kind::folder;
  return fetch(*name) ? entry_kind::file : entry_kind::none;
}

file_contents loader_files::read(const fs::path& p) const {
  const std::optional<std::string> name = in_memory_name(p);
  if (!name || name->empty()) return {{}, "not a file name a loader is asked for"};
  const std::optional<std::string>& text = fetch(*name);
  if (!text) return {{}, "the loader has no such file"};
  return {*text, {}};
}

folder_listing loader_files::list(const fs::path& /*p*/) const {
  return {{}, "a loader cannot list a folder"};
}

std::optional<fs::path> loader_files::resolve(const fs::path& p) const {
  std::optional<std::string> name = in_memory_name(p);
  if (!name) return std::nullopt;
  return fs::path(std::move(*name));
}

}  // namespace civeff::detail
