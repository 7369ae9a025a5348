// SPDX-License-Identifier: Apache-2.0
#include "coverage/rule_table.hpp"

namespace civeff::detail {

rule_table::rule_table(const program& prog) : scales_(prog.scales.size()) {
  // Mark cases, mark by mark, scale by scale.
  case_base_.reserve(prog.marks.size() * scales_ + 1);
  for (const mark_info& m : prog.marks) {
    for (std::size_t s = 0; s < scales_; ++s) {
      case_base_.push_back(rules_.size());
      const std::size_t cases = s < m.cases.size() ? m.cases[s].size() : 0;
      for (std::size_t c = 0; c < cases; ++c) {
        const bool bare = s < m.bare.size() && m.bare[s] != 0;
        std::string name = "mark:" + m.id + "/" + prog.scales[s].id;
        if (!bare) name += "/" + std::to_string(c);
        source_location where;
        if (s < m.case_where.size() && c < m.case_where[s].size()) where = m.case_where[s][c];
        rules_.push_back({std::move(name), rule_kind::mark_case, std::move(where)});
      }
    }
  }
  case_base_.push_back(rules_.size());

  credit_when_.assign(prog.units.size(), -1);
  for (std::size_t u = 0; u < prog.units.size(); ++u) {
    const std::int32_t e = prog.units[u].credit_when;
    if (e < 0) continue;
    credit_when_[u] = static_cast<std::int32_t>(rules_.size());
    rules_.push_back({"unit:" + prog.units[u].id + "/credit_when", rule_kind::credit_when,
                      prog.expressions.expressions[static_cast<std::size_t>(e)].where});
  }

  equivalence_base_ = rules_.size();
  for (std::size_t e = 0; e < prog.equivalences.size(); ++e) {
    source_location where;
    if (e < prog.metadata.equivalences.size()) where = prog.metadata.equivalences[e].where;
    rules_.push_back({"equivalence:" + prog.equivalences[e].id, rule_kind::equivalence, std::move(where)});
  }

  // Requirement nodes, named after the diploma whose tree holds them and the
  // node as the metadata writes it: its id, else its leaf name, else its form.
  // The metadata lists a tree in document order, as this walk visits it.
  requirement_base_ = rules_.size();
  for (std::size_t r = 0; r < prog.requirements.size(); ++r)
    rules_.push_back({"requirement:" + std::to_string(r), rule_kind::requirement,
                      r < prog.requirement_where.size() ? prog.requirement_where[r] : source_location{}});
  std::vector<std::uint32_t> stack;
  for (std::size_t d = 0; d < prog.diplomas.size(); ++d) {
    if (prog.diplomas[d].root < 0 || d >= prog.metadata.diplomas.size()) continue;
    const std::vector<requirement_entry>& nodes = prog.metadata.diplomas[d].requirements;
    stack.assign(1, static_cast<std::uint32_t>(prog.diplomas[d].root));
    for (std::size_t k = 0; !stack.empty() && k < nodes.size(); ++k) {
      const std::uint32_t r = stack.back();
      stack.pop_back();
      const requirement_entry& node = nodes[k];
      const std::string& label = node.id ? *node.id : !node.leaf_name.empty() ? node.leaf_name : node.form;
      rules_[requirement_base_ + r].name = "diploma:" + prog.diplomas[d].id + "/" + label;
      const requirement_info& req = prog.requirements[r];
      for (std::uint32_t c = req.child_count; c-- > 0;)
        stack.push_back(prog.requirement_children[req.first_child + c]);
    }
  }
}

}  // namespace civeff::detail
