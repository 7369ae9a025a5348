// SPDX-License-Identifier: Apache-2.0
#pragma once
// Parsing a YAML text into one yaml-cpp document, with E002.

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic_sink.hpp"
#include "yaml/aliases.hpp"
#include "yaml/source_text.hpp"

namespace civeff::detail {

struct yaml_document {
  std::shared_ptr<const source_text> source;  // shared: nodes' positions are read from it
  YAML::Node root;                            // Null for an empty file
  std::vector<aliased_node> aliased;          // the nodes that aliases read again
};

// Parses `text`. A YAML syntax error is E002 at its place, and so is a second
// document in the same text, a document of more than node_budget nodes (aliases
// expanded), one nested deeper than nesting_limit, and an alias inside the node
// it names (document_scan.hpp). nullopt when nothing could be read.
std::optional<yaml_document> parse_yaml(std::string file, std::string text, diagnostic_sink& sink);

// parse_yaml() for a rules file, which is always UTF-8 (SPEC §11): UTF-16 is
// E002 and nothing is read; invalid UTF-8 is E002 at its first byte, and the
// rest is read with each invalid byte as U+FFFD, so that every other problem is
// still reported and no raw invalid byte reaches a diagnostic.
std::optional<yaml_document> parse_rules_yaml(std::string file, std::string text, diagnostic_sink& sink);

}  // namespace civeff::detail
