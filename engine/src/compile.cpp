// SPDX-License-Identifier: Apache-2.0
// The compile pipeline, one pass a line:
//   load (YAML -> syntax tree) -> overlays -> resolve + check expressions
//   -> graph analyses (implication closure, equivalence order, dot) -> program.
#include "core/diagnostic_sink.hpp"
#include "graph/analysis.hpp"
#include "sema/resolve.hpp"
#include "yaml/rule_files.hpp"

namespace civeff {

compile_result compile(const std::filesystem::path& path, const compile_options& options) {
  detail::diagnostic_sink sink;
  detail::rule_files files(options, sink);
  detail::ruleset_syntax syntax = detail::load_rules(path, files);
  auto prog = std::make_shared<detail::program>();
  detail::compiler_state state{*prog, sink, {}, {}, {}, {}, {}, {}, {}, {}};
  detail::resolve(state, syntax);
  std::vector<std::vector<std::int32_t>> implies;
  detail::resolve_implications(state, syntax, implies);
  detail::close_implications(*prog, syntax, implies, sink);
  detail::order_equivalences(*prog);
  detail::render_graph(*prog);

  compile_result result;
  result.diagnostics = files.sorted_diagnostics();
  if (!sink.has_errors()) result.rules = std::make_shared<const ruleset>(std::move(prog));
  return result;
}

std::shared_ptr<const ruleset> load(const std::filesystem::path& path, const compile_options& options) {
  compile_result r = compile(path, options);
  if (!r.ok()) {
    std::vector<diagnostic> errors;
    for (auto& d : r.diagnostics)
      if (d.level == severity::error) errors.push_back(std::move(d));
    throw rule_error(std::move(errors));
  }
  return r.rules;
}

}  // namespace civeff
