// SPDX-License-Identifier: Apache-2.0
#pragma once
// The files of one compile: the root, its includes and the overlays, read under
// compile_options. Every file goes through read() (or an overlay text through
// read_text()), which calls before_read first for a file on disk, keeps where the
// file's aliases are for name_aliases(), and keeps the text read for
// compile_result::sources.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic_sink.hpp"
#include "yaml/aliases.hpp"
#include "yaml/document.hpp"
#include "yaml/rule_source.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail {

class rule_files {
 public:
  // All three must outlive this object. `source` holds the root file and its
  // includes; overlay files are always read from the file system.
  rule_files(const rule_source& source, const compile_options& options, diagnostic_sink& sink)
      : source_(source), options_(options), sink_(sink) {}

  [[nodiscard]] const rule_source& source() const { return source_; }
  [[nodiscard]] const compile_options& options() const { return options_; }
  [[nodiscard]] diagnostic_sink& sink() const { return sink_; }

  // Reads and parses the rules file at `path` in `from` (E001 naming
  // `display_name` and the reason when it cannot be read); diagnostics name
  // `display_name`. For a file on disk, options().before_read(path) is called
  // first and its exceptions pass through.
  std::optional<yaml_document> read(const rule_source& from, const std::filesystem::path& path,
                                    const std::string& display_name);
  // Parses an in-memory rules text named `name`, with the checks of a file.
  std::optional<yaml_document> read_text(const std::string& name, std::string text);

  // read() is these three steps, taken apart so that the parse may run on another
  // thread (parse_ahead.hpp): fetch() calls before_read and reads the bytes;
  // parse_apart() touches nothing of this object; accept() keeps the text and records
  // the diagnostics, lost words and aliases.
  struct fetched {
    std::string name;     // as diagnostics give it
    std::string text;     // when read
    std::string problem;  // why it could not be read; empty when it was
  };
  struct parsed {
    std::optional<yaml_document> document;
    diagnostic_sink found;  // its diagnostics
  };
  fetched fetch(const rule_source& from, const std::filesystem::path& path, const std::string& display_name);
  static parsed parse_apart(const std::string& name, std::string text);
  std::optional<yaml_document> accept(fetched file, parsed result);

  // The sink's diagnostics, sorted, each reported once however many aliases read
  // its node, with a note at each alias (aliases.hpp).
  [[nodiscard]] std::vector<diagnostic> sorted_diagnostics() const;
  // The texts read so far, in reading order; this object keeps none after.
  std::vector<rule_text> take_sources() { return std::move(sources_); }

 private:
  const rule_source& source_;
  const compile_options& options_;
  diagnostic_sink& sink_;
  alias_map aliases_;
  std::vector<rule_text> sources_;
};

// How a path is shown in diagnostics: lexically normal, `/` separators, and no
// raw invalid UTF-8 byte (a file name is bytes).
std::string display_name(const std::filesystem::path& p);

// load_ruleset_syntax() of syntax.hpp for the root at `path` in files.source(),
// under files.options().
ruleset_syntax load_ruleset_syntax(const std::filesystem::path& path, rule_files& files);
// load_overlay_syntax() of syntax.hpp for options().overlays[index], under `files`.
overlay_syntax load_overlay_syntax(std::size_t index, rule_files& files);
// The overlay file at `path` in `from` (a test's `overlay:`), under `files`.
overlay_syntax load_overlay_file(const rule_source& from, const std::filesystem::path& path,
                                 rule_files& files);
// The overlay in `doc` (none: an empty overlay, the problem reported), named `file`.
overlay_syntax read_overlay(const std::optional<yaml_document>& doc, std::string file, rule_files& files);

// The ruleset at `path` in files.source() with the overlays of files.options()
// applied in order.
ruleset_syntax load_rules(const std::filesystem::path& path, rule_files& files);

}  // namespace civeff::detail
