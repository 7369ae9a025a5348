// SPDX-License-Identifier: Apache-2.0
// civeff graph RULESET [--format dot]: the reference graph, for Graphviz.

#include <fmt/format.h>

#include <memory>

#include "../cli.hpp"

namespace civeff::cli {

command add_graph(CLI::App& root) {
  struct options {
    std::string ruleset, format = "dot";
    std::vector<std::string> overlays;
    bool allow_outside_includes = false;
  };
  auto o = std::make_shared<options>();
  CLI::App* app = root.add_subcommand("graph", "Print the graph of units, equivalences and diplomas");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  add_overlay_option(*app, o->overlays);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  app->add_option("--format", o->format, "dot (Graphviz, the default)")->check(CLI::IsMember({"dot"}));
  return {app, [o] {
            const auto rules = load_rules(o->ruleset, o->overlays, {o->allow_outside_includes, {}});
            fmt::print("{}", rules->graph_dot());
            return int{ok};
          }};
}

}  // namespace civeff::cli
