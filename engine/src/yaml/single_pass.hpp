// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading a document with one parse instead of two. scan_document() parses the
// text once for its limits before YAML::Load parses it again to build the tree;
// a text that cannot pass a limit unseen may skip that scan, and its tree is
// checked instead. Whenever this cannot vouch for the tree, the caller reads the
// text the careful way (scan, then load), so every diagnostic stays as it was.

#include <yaml-cpp/yaml.h>

#include <string_view>

namespace civeff::detail {

// Whether `text` may be loaded without the scan: small enough that its tree stays
// within the memory the node budget allows (without aliases, nodes grow with the
// bytes), no `*` where an alias could start (nothing expands, nothing cycles, no
// alias to note), and no `---` or `...` at a line's start after the first line
// (no second document to report).
bool may_skip_scan(std::string_view text);

// Whether the tree of a text that may_skip_scan() let through is within the node
// budget and the nesting limit (document_scan.hpp); false: scan it.
bool within_limits(const YAML::Node& root);

}  // namespace civeff::detail
