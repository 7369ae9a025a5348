// SPDX-License-Identifier: Apache-2.0
#include "yaml/single_pass.hpp"

#include <cstdint>
#include <vector>

#include "yaml/document_scan.hpp"

namespace civeff::detail {
namespace {

// At most about one node per byte, so a text this long holds no more nodes than
// the budget lets the scan build.
constexpr std::size_t max_unscanned_bytes = node_budget / 2;

bool is_blank_or_break(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where an alias token may start: at a node's place, which follows a blank, a
// break, a flow indicator or a `:` (`{"a":*b}`). Elsewhere a `*` is inside a
// scalar or a comment; a `*` followed by a blank names nothing, and the loader
// fails on it at a node's place (and the text is then scanned).
bool may_start_alias(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size() || is_blank_or_break(text[at + 1])) return false;
  if (at == 0) return true;
  const char before = text[at - 1];
  return is_blank_or_break(before) || before == '[' || before == '{' || before == ',' || before == ':';
}

// A document marker (`---`, `...`) at `at`, a line's start.
bool marker_at(std::string_view text, std::size_t at) {
  const std::string_view rest = text.substr(at);
  return rest.starts_with("---") || rest.starts_with("...");
}

}  // namespace

bool may_skip_scan(std::string_view text) {
  if (text.size() > max_unscanned_bytes) return false;
  if (text.starts_with("...")) return false;
  for (std::size_t at = text.find_first_of("*\n\r"); at != std::string_view::npos;
       at = text.find_first_of("*\n\r", at + 1)) {
    if (text[at] == '*' ? may_start_alias(text, at) : marker_at(text, at + 1)) return false;
  }
  return true;
}

bool within_limits(const YAML::Node& root) {
  // Depth first with a stack of its own: a tree nested past the limit must not
  // recurse here. Without aliases every node is met once; only lists and mappings
  // are stacked, a scalar is counted where it is met.
  struct pending {
    YAML::Node node;
    int depth;  // lists and mappings around it, itself included
  };
  std::vector<pending> stack;
  std::uint64_t nodes = 1;
  const auto meet = [&](const YAML::Node& node, int depth) {
    if (!node.IsMap() && !node.IsSequence()) return true;
    if (depth > nesting_limit) return false;
    stack.push_back({node, depth});
    return true;
  };
  if (!meet(root, 1)) return false;
  while (!stack.empty()) {
    const pending p = std::move(stack.back());
    stack.pop_back();
    const bool map = p.node.IsMap();
    nodes += p.node.size() * (map ? 2 : 1);
    if (nodes > node_budget) return false;
    for (auto it = p.node.begin(); it != p.node.end(); ++it) {
      if (map ? !meet(it->first, p.depth + 1) || !meet(it->second, p.depth + 1) : !meet(*it, p.depth + 1))
        return false;
    }
  }
  return true;
}

}  // namespace civeff::detail
