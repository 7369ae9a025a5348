// SPDX-License-Identifier: Apache-2.0
#pragma once
// Where a document's aliases are, so that a diagnostic about a node that an alias
// reads again is reported once, naming the alias (reliability finding F19).
// yaml-cpp hands an alias over as the very node it names, positions included:
// without this, the alias's own line would never be shown.

#include <civeff/civeff.hpp>

#include <map>
#include <string>
#include <vector>

namespace civeff::detail {

struct alias_use {
  source_location where;  // the `*name` token
  std::string written;    // `*name`, as written
};

// How many aliases of one node a diagnostic names; the last of those notes counts
// the others, so a node aliased a million times does not give a million notes.
inline constexpr std::size_t alias_notes = 3;

// A node with an anchor that at least one alias names.
struct aliased_node {
  source_location begin;           // the node's first token
  source_location end;             // the first token after the node (not part of it)
  std::vector<alias_use> aliases;  // the first alias_notes, in document order
  std::size_t uses = 0;            // all its aliases
};

// By file (a diagnostic's where.file).
using alias_map = std::map<std::string, std::vector<aliased_node>, std::less<>>;

// `sorted` (as diagnostic_sink::sorted() gives them) with every diagnostic inside
// an aliased node reported once, followed by a note at each alias that reads the
// node again.
std::vector<diagnostic> name_aliases(std::vector<diagnostic> sorted, const alias_map& aliases);

}  // namespace civeff::detail
