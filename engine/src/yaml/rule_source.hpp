// SPDX-License-Identifier: Apache-2.0
#pragma once
// Where the root file of a compile and its includes come from: the file system,
// or in-memory files (a map of relative names to texts). The loader, the include
// globs and the include fence look at files only through a rule_source, so both
// kinds go through one loader and the same checks (the include fence, the node
// budget, UTF-8).

#include <civeff/civeff.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yaml/regular_file.hpp"

namespace civeff::detail {

enum class entry_kind : unsigned char { none, file, folder };

struct folder_listing {
  std::vector<std::pair<std::string, entry_kind>> entries;  // name and kind (file or folder), any order
  std::string problem;  // why an existing folder could not be listed ("permission denied"), else empty
};

class rule_source {
 public:
  rule_source() = default;
  rule_source(const rule_source&) = delete;
  rule_source& operator=(const rule_source&) = delete;
  virtual ~rule_source() = default;

  // What is at `p`: nothing, a folder, or a file. On disk, "a file" is anything
  // else that is there (a FIFO, a file that cannot be looked at): reading it says
  // what is wrong.
  [[nodiscard]] virtual entry_kind kind(const std::filesystem::path& p) const = 0;
  // The text of the file at `p`, or why it cannot be read.
  [[nodiscard]] virtual file_contents read(const std::filesystem::path& p) const = 0;
  // The entries of the folder at `p`; none, and no problem, when there is no folder.
  [[nodiscard]] virtual folder_listing list(const std::filesystem::path& p) const = 0;
  // `p` with symbolic links resolved (std::filesystem::canonical on disk); nullopt
  // when it cannot be resolved.
  [[nodiscard]] virtual std::optional<std::filesystem::path> resolve(
      const std::filesystem::path& p) const = 0;
  // In-memory files: compile_options::before_read is not called for them, and no
  // include leaves them, whatever compile_options::allow_outside_includes says.
  [[nodiscard]] virtual bool in_memory() const = 0;
  // Whether list() can list a folder, so that an include may have a wildcard
  // (a loader callback reads named files only: E066).
  [[nodiscard]] virtual bool can_list() const { return true; }

  // One name for one file, whichever way it was reached: resolve(p), else `p`
  // lexically normal.
  [[nodiscard]] std::filesystem::path identity(const std::filesystem::path& p) const;
};

// The file system: regular files only (regular_file.hpp).
const rule_source& file_system();

// Why `name` cannot name an in-memory file (absolute, empty, with a `.`, `..` or
// empty segment or a backslash); empty when it can.
std::string in_memory_name_problem(std::string_view name);
// `p` as an in-memory name: lexically normal, `/` separators, "" for the top
// folder; nullopt when it leaves the top folder or is absolute.
std::optional<std::string> in_memory_name(const std::filesystem::path& p);

// In-memory files, named by relative paths with `/` separators (`ruleset.yaml`,
// `units/a.yaml`). A name that is not such a path (absolute, empty, with a `.`,
// `..` or empty segment or a backslash) or that is also the folder of another
// name is not a file here: name_problems() reports it.
class memory_files final : public rule_source {
 public:
  // `files` must outlive this object.
  explicit memory_files(const std::map<std::string, std::string>& files);

  // E001 for each name that is not usable, at that name.
  [[nodiscard]] const std::vector<diagnostic>& name_problems() const { return problems_; }

  [[nodiscard]] entry_kind kind(const std::filesystem::path& p) const override;
  [[nodiscard]] file_contents read(const std::filesystem::path& p) const override;
  [[nodiscard]] folder_listing list(const std::filesystem::path& p) const override;
  [[nodiscard]] std::optional<std::filesystem::path> resolve(const std::filesystem::path& p) const override;
  [[nodiscard]] bool in_memory() const override { return true; }

 private:
  std::map<std::string, const std::string*, std::less<>> files_;  // usable names -> texts
  std::vector<diagnostic> problems_;
};

}  // namespace civeff::detail
