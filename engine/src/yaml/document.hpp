// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading a YAML file or text into one yaml-cpp document, with E001 / E002.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/diagnostic_sink.hpp"
#include "yaml/source_text.hpp"

namespace civeff::detail {

struct yaml_document {
  std::shared_ptr<const source_text> source;  // shared: nodes' positions are read from it
  YAML::Node root;                            // Null for an empty file
};

// Parses `text`; a YAML syntax error is E002 at its place, a second document in
// the same text is E002 too. nullopt when nothing could be read.
std::optional<yaml_document> parse_yaml(std::string file, std::string text, diagnostic_sink& sink);

// Reads and parses a file; one that cannot be read is `io_code` (E001 for rules,
// E040 for inputs) naming `display_name`.
std::optional<yaml_document> read_yaml_file(const std::filesystem::path& path,
                                            const std::string& display_name, diagnostic_sink& sink,
                                            const char* io_code);

}  // namespace civeff::detail
