// SPDX-License-Identifier: Apache-2.0
#pragma once
// One pass over a document's parse events before its node tree is built. It sets
// the limits that keep a hostile file from costing memory or stack, whatever
// section the file puts its nodes in (reliability findings F6, F16, F19):
// - at most node_budget nodes, each alias counting as the nodes it names;
// - at most nesting_limit levels of lists and mappings, through aliases too;
// - no alias inside the node it names (yaml-cpp would build a cycle);
// - one document per file.
// It also notes where each alias is (see aliases.hpp).

#include <cstdint>
#include <optional>
#include <vector>

#include "core/diagnostic_sink.hpp"
#include "yaml/aliases.hpp"
#include "yaml/source_text.hpp"

namespace civeff::detail {

inline constexpr std::uint64_t node_budget = 1'000'000;
inline constexpr int nesting_limit = 200;

struct document_scan {
  std::vector<aliased_node> aliased;  // the nodes that some alias names
};

// E002 for a limit passed or a YAML syntax error, and nullopt: the document must
// not be built. A second document is E002 too, but the first is still usable.
std::optional<document_scan> scan_document(const source_text& source, diagnostic_sink& sink);

}  // namespace civeff::detail
