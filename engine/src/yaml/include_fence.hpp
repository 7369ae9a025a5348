// SPDX-License-Identifier: Apache-2.0
#pragma once
// Where the includes of a ruleset may come from (reliability finding F5): the
// folder of its root file, symlinks resolved, so that rules written by someone
// else (an uploaded ruleset, say) cannot read other files of the machine and show
// them in diagnostics. compile_options::allow_outside_includes lifts the fence,
// except around in-memory files: those have no outside.

#include <filesystem>
#include <optional>
#include <string>

#include "yaml/reader.hpp"
#include "yaml/rule_source.hpp"

namespace civeff::detail {

class include_fence {
 public:
  // `root` is the root file in `source`, which must outlive this object; `open`
  // lets every include through, unless `source` is in memory.
  include_fence(const rule_source& source, const std::filesystem::path& root, bool open);

  // E008 at the pattern when it leaves the folder before anything is matched
  // (absolute, or a `..` above the folder); false then.
  bool admits_pattern(const located_text& pattern, yaml_reader& r) const;

  // Whether a glob may list `dir`: its canonical path lies inside the folder (or
  // the fence is open), so a symlinked folder cannot show the names outside.
  [[nodiscard]] bool may_list(const std::filesystem::path& dir) const;
  // E008 at `pattern` for a directory may_list() refused.
  void refuse_listing(const located_text& pattern, const std::filesystem::path& dir, yaml_reader& r) const;

  // The path to read a match at: its canonical path when that lies inside the
  // folder, so that a symlink met at the check is not followed again when
  // reading (a folder on that path swapped for a symlink in between still could
  // redirect the read: a race this does not close); the match itself when the
  // fence is open or nothing is there (reading it says why). nullopt, and E008
  // at `pattern`, when it resolves outside.
  std::optional<std::filesystem::path> admit(const std::filesystem::path& match,
                                             const source_location& pattern, yaml_reader& r) const;

 private:
  [[nodiscard]] bool inside(const std::filesystem::path& real) const;
  // The sentence that says where includes stay.
  [[nodiscard]] std::string_view rule() const;

  const rule_source& source_;
  std::filesystem::path folder_;  // canonical
  bool open_;
};

}  // namespace civeff::detail
