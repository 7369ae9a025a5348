// SPDX-License-Identifier: Apache-2.0
// The reference graph in Graphviz dot (`civeff graph`, docs/language.md §13),
// drawn from the rule metadata so that it names things as a report does: ids
// and titles as written, leaf names as `missing` gives them.

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "graph/analysis.hpp"

namespace civeff::detail {
namespace {

// A dot quoted string. A line break becomes dot's `\n` (a centred line); a
// backslash is doubled, so no text from a rules file can act as one of dot's
// escapes (`\N`, `\l`, ...).
std::string dot_string(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += ch;
    }
  }
  return out + "\"";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// "ID\nTITLE", or the one of them that is given.
std::string named(const std::optional<std::string>& id, const std::optional<std::string>& title) {
  if (id && title) return *id + "\n" + *title;
  return id ? *id : title.value_or("");
}

std::string selector_text(const std::optional<selector_entry>& of) {
  if (!of) return "";
  std::vector<std::string> parts;
  if (of->units) parts.push_back("units " + joined(*of->units));
  if (of->kind) parts.push_back("kind " + *of->kind);
  if (of->tags) parts.push_back("tags " + joined(*of->tags));
  if (of->marks) parts.push_back("marks " + joined(*of->marks));
  if (of->where) parts.push_back("where " + *of->where);
  return parts.empty() ? "" : " of " + joined(parts);
}

// What a leaf other than `unit` asks, in the words of its YAML keys.
std::string leaf_text(const requirement_entry& r) {
  const std::string min = r.min ? fmt::format("{}", *r.min) : "?";
  std::string what;
  if (r.form == "check") return "check " + r.check.value_or("");
  if (r.form == "hours" || r.form == "count") what = r.form + " >= " + min;
  else what = fmt::format("{}({}) >= {}", r.form, r.attr.value_or("hours"), min);
  if (r.within) what += " within " + r.within->to_string();
  return what + selector_text(r.of);
}

// The groups from the root down to requirement `k` (itself excluded), as an
// edge label: each by its id, else its form; `n_of` with its n.
std::string path_to(const std::vector<requirement_entry>& reqs, std::size_t k) {
  std::vector<std::string> steps;
  for (auto p = reqs[k].parent; p >= 0; p = reqs[static_cast<std::size_t>(p)].parent) {
    const auto& g = reqs[static_cast<std::size_t>(p)];
    std::string step = g.id.value_or(g.form);
    if (g.n) step += g.id ? fmt::format(" (n_of {})", *g.n) : fmt::format(" {}", *g.n);
    steps.push_back(std::move(step));
  }
  std::string out;
  for (auto s = steps.rbegin(); s != steps.rend(); ++s) out += (out.empty() ? "" : " > ") + *s;
  return out;
}

class dot_writer {
 public:
  void node(std::string_view id, std::string_view shape, std::string_view label) {
    out_ += fmt::format("  {} [shape={}, label={}];\n", dot_string(id), shape, dot_string(label));
  }
  void edge(std::string_view from, std::string_view to, std::string_view label, std::string_view style = "") {
    out_ +=
        fmt::format("  {} -> {} [label={}{}];\n", dot_string(from), dot_string(to), dot_string(label), style);
  }
  void line(std::string_view text) { (out_ += text) += '\n'; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

void render_graph(program& prog) {
  // Node ids carry their section, since a unit and a diploma may share an id.
  // Edges point from what is required or credited to what it rests on.
  const auto& meta = prog.metadata;
  dot_writer dot;
  dot.line("digraph " + dot_string(prog.name) + " {");
  dot.line("  // civeff graph: " + prog.name + " " + prog.version);
  dot.line("  node [fontsize=10]; edge [fontsize=9];");
  for (const auto& d : meta.diplomas) dot.node("diploma:" + d.id, "box", named(d.id, d.title));
  for (const auto& u : meta.units)
    dot.node("unit:" + u.id, "ellipse", named(u.id, u.title) + "\n(" + u.kind + ")");
  for (const auto& d : meta.diplomas) {
    for (std::size_t k = 0; k < d.requirements.size(); ++k) {
      const auto& r = d.requirements[k];
      if (r.leaf_name.empty()) continue;  // a group: it labels the edges below it
      std::string label = path_to(d.requirements, k);
      if (r.form == "unit") {
        if (r.id) label += (label.empty() ? "" : " > ") + *r.id;
        if (r.when) label += "\nwhen " + *r.when;
        dot.edge("diploma:" + d.id, "unit:" + r.unit.value_or(""), label.empty() ? "requires" : label);
        continue;
      }
      const std::string leaf = fmt::format("diploma:{}/{}", d.id, k);
      std::string text = r.id || r.title ? named(r.id, r.title) + "\n" : "";
      text += leaf_text(r);
      if (r.when) text += "\nwhen " + *r.when;
      dot.node(leaf, "note", text);
      dot.edge("diploma:" + d.id, leaf, label.empty() ? "requires" : label);
      if (r.of && r.of->units)
        for (const auto& u : *r.of->units) dot.edge(leaf, "unit:" + u, "of", ", style=dotted");
    }
  }
  for (const auto& e : meta.equivalences) {
    std::string label = e.id;
    if (!e.symmetric && e.from.size() > 1) label += fmt::format("\n(all {} together)", e.from.size());
    if (e.effective_from || e.effective_to)
      label += "\n" + (e.effective_from ? "from " + e.effective_from->to_string() : std::string()) +
               (e.effective_from && e.effective_to ? " " : "") +
               (e.effective_to ? "to " + e.effective_to->to_string() : std::string());
    if (e.when) label += "\nwhen " + *e.when;
    if (e.symmetric) {
      for (std::size_t a = 0; a < e.equivalent.size(); ++a)
        for (std::size_t b = a + 1; b < e.equivalent.size(); ++b)
          dot.edge("unit:" + e.equivalent[a], "unit:" + e.equivalent[b], label, ", style=dashed, dir=both");
    } else {
      for (const auto& target : e.counts_as)
        for (const auto& source : e.from)
          dot.edge("unit:" + target, "unit:" + source, label, ", style=dashed");
    }
  }
  dot.line("}");
  prog.graph_dot = dot.take();
}

}  // namespace civeff::detail
