// SPDX-License-Identifier: Apache-2.0
#pragma once
// The files of one compile: the root, its includes and the overlays, read under
// compile_options. Every file goes through read(), which calls before_read first,
// and keeps where the file's aliases are for name_aliases().

#include <filesystem>
#include <optional>
#include <string>

#include "core/diagnostic_sink.hpp"
#include "yaml/aliases.hpp"
#include "yaml/document.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail {

class rule_files {
 public:
  // Both must outlive this object.
  rule_files(const compile_options& options, diagnostic_sink& sink) : options_(options), sink_(sink) {}

  [[nodiscard]] const compile_options& options() const { return options_; }
  [[nodiscard]] diagnostic_sink& sink() const { return sink_; }

  // Calls options().before_read(path), whose exceptions pass through, then reads
  // the rules file at `path`; diagnostics name `display_name`.
  std::optional<yaml_document> read(const std::filesystem::path& path, const std::string& display_name);

  // The sink's diagnostics, sorted, each reported once however many aliases read
  // its node, with a note at each alias (aliases.hpp).
  [[nodiscard]] std::vector<diagnostic> sorted_diagnostics() const;

 private:
  const compile_options& options_;
  diagnostic_sink& sink_;
  alias_map aliases_;
};

// How a path is shown in diagnostics: lexically normal, `/` separators, and no
// raw invalid UTF-8 byte (a file name is bytes).
std::string display_name(const std::filesystem::path& p);

// load_ruleset_syntax() and load_overlay_syntax() of syntax.hpp, under `files`'s options.
ruleset_syntax load_ruleset_syntax(const std::filesystem::path& path, rule_files& files);
overlay_syntax load_overlay_syntax(const std::filesystem::path& path, rule_files& files);

// The ruleset at `path` with the overlays of files.options() applied in order.
ruleset_syntax load_rules(const std::filesystem::path& path, rule_files& files);

}  // namespace civeff::detail
