// SPDX-License-Identifier: Apache-2.0
#pragma once
// Rules files read through a caller's rule_loader (compile(rule_loader, root)):
// rules kept in a database, say. Named as in-memory files are (relative paths,
// `/` separators), and fenced the same way; but the loader only answers for one
// path at a time, so no folder can be listed and an include names its files.

#include <civeff/civeff.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "yaml/rule_source.hpp"

namespace civeff::detail {

class loader_files final : public rule_source {
 public:
  // `loader` must outlive this object.
  explicit loader_files(const rule_loader& loader) : loader_(loader) {}

  // A file when the loader has a text for `p`; the top folder is a folder.
  [[nodiscard]] entry_kind kind(const std::filesystem::path& p) const override;
  [[nodiscard]] file_contents read(const std::filesystem::path& p) const override;
  // Nothing: a loader cannot list (can_list() is false, so nothing asks).
  [[nodiscard]] folder_listing list(const std::filesystem::path& p) const override;
  [[nodiscard]] std::optional<std::filesystem::path> resolve(const std::filesystem::path& p) const override;
  [[nodiscard]] bool in_memory() const override { return true; }
  [[nodiscard]] bool can_list() const override { return false; }

 private:
  // The loader's answer for `name`, asked once: kind() and read() both need it.
  const std::optional<std::string>& fetch(const std::string& name) const;

  const rule_loader& loader_;
  mutable std::map<std::string, std::optional<std::string>, std::less<>> answers_;
};

}  // namespace civeff::detail
