// SPDX-License-Identifier: Apache-2.0
#include "yaml/aliases.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace civeff::detail {
namespace {

bool before(const source_location& a, const source_location& b) {
  return std::tie(a.line, a.column) < std::tie(b.line, b.column);
}

bool same(const diagnostic& a, const diagnostic& b) {
  return a.level == b.level && a.code == b.code && a.where == b.where && a.message == b.message;
}

// The aliased nodes of one file. Nodes nest or are apart, never overlap, so the
// ones holding a place are a chain: the last node starting at or before it, then
// up through the nodes enclosing that one. A chain is at most as long as the
// nesting limit, which keeps a file with many aliases and many errors linear.
class alias_index {
 public:
  explicit alias_index(const std::vector<aliased_node>& nodes) : nodes_(nodes) {
    std::sort(nodes_.begin(), nodes_.end(),
              [](const aliased_node& a, const aliased_node& b) { return before(a.begin, b.begin); });
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      while (!open.empty() && !before(nodes_[i].begin, nodes_[open.back()].end)) open.pop_back();
      parent_.push_back(open.empty() ? none : open.back());
      open.push_back(i);
    }
  }

  // The aliased nodes that hold `where`, innermost first.
  [[nodiscard]] std::vector<const aliased_node*> holding(const source_location& where) const {
    std::vector<const aliased_node*> out;
    const auto after =
        std::upper_bound(nodes_.begin(), nodes_.end(), where,
                         [](const source_location& w, const aliased_node& n) { return before(w, n.begin); });
    for (std::size_t i = after == nodes_.begin() ? none
                                                 : static_cast<std::size_t>(after - nodes_.begin()) - 1;
         i != none; i = parent_[i])
      if (before(where, nodes_[i].end)) out.push_back(&nodes_[i]);
    return out;
  }

 private:
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<aliased_node> nodes_;
  std::vector<std::size_t> parent_;
};

}  // namespace

std::vector<diagnostic> name_aliases(std::vector<diagnostic> sorted, const alias_map& aliases) {
  std::map<std::string_view, alias_index> indexes;
  for (const auto& [file, nodes] : aliases)
    if (!nodes.empty()) indexes.emplace(file, alias_index(nodes));
  if (indexes.empty()) return sorted;
  std::vector<diagnostic> out;
  out.reserve(sorted.size());
  bool last_was_aliased = false;
  for (auto& d : sorted) {
    const auto index = indexes.find(d.where.file);
    const auto nodes =
        index == indexes.end() ? std::vector<const aliased_node*>{} : index->second.holding(d.where);
    if (nodes.empty()) {
      out.push_back(std::move(d));
      last_was_aliased = false;
      continue;
    }
    // The same diagnostic again: the node was read once more, through an alias.
    if (last_was_aliased && same(out.back(), d)) continue;
    std::vector<diagnostic> notes;
    for (const aliased_node* node : nodes) {
      for (std::size_t i = 0; i < node->aliases.size(); ++i) {
        std::string message = "read again through the alias `" + node->aliases[i].written + "`";
        // The last alias kept stands for the ones not kept (aliases.hpp).
        if (i + 1 == node->aliases.size() && node->uses > node->aliases.size())
          message += fmt::format(" and {} more", node->uses - node->aliases.size());
        notes.push_back(diagnostic{severity::note, {}, node->aliases[i].where, std::move(message), {}});
      }
    }
    std::sort(notes.begin(), notes.end(),
              [](const diagnostic& a, const diagnostic& b) { return before(a.where, b.where); });
    for (auto& n : notes) d.notes.push_back(std::move(n));
    out.push_back(std::move(d));
    last_was_aliased = true;
  }
  return out;
}

}  // namespace civeff::detail
