// SPDX-License-Identifier: Apache-2.0
// The compile pipeline, one pass a line:
//   load (YAML -> syntax tree) -> overlays -> resolve + check expressions
//   -> graph analyses (implication closure, equivalence order, dot)
//   -> deep checks (W020-W027, only when asked: `civeff check`) -> program.
// Files on disk and in-memory files take the same pipeline: only the rule_source differs.
#include "analysis/deep_checks.hpp"
#include "core/diagnostic_sink.hpp"
#include "graph/analysis.hpp"
#include "sema/resolve.hpp"
#include "yaml/rule_files.hpp"

namespace civeff {
namespace {

// The ruleset at `root` in `source`; `problems` (with the source's files) come first.
compile_result compile_from(const detail::rule_source& source, const std::filesystem::path& root,
                            const compile_options& options, const std::vector<diagnostic>& problems = {}) {
  detail::diagnostic_sink sink;
  for (const auto& d : problems) sink.add(d);
  detail::rule_files files(source, options, sink);
  detail::ruleset_syntax syntax = detail::load_rules(root, files);
  auto prog = std::make_shared<detail::program>();
  detail::compiler_state state{*prog, sink, {}, {}, {}, {}, {}, {}, {}, {}};
  detail::resolve(state, syntax);
  std::vector<std::vector<std::int32_t>> implies;
  detail::resolve_implications(state, syntax, implies);
  detail::close_implications(*prog, syntax, implies, sink);
  detail::order_equivalences(*prog);
  detail::render_graph(*prog);
  if (options.deep_checks && !sink.has_errors()) detail::analysis::run_deep_checks(*prog, syntax, sink);

  compile_result result;
  result.diagnostics = files.sorted_diagnostics();
  result.sources = files.take_sources();
  if (!sink.has_errors()) result.rules = std::make_shared<const ruleset>(std::move(prog));
  return result;
}

std::shared_ptr<const ruleset> rules_or_throw(compile_result r) {
  if (!r.ok()) {
    std::vector<diagnostic> errors;
    for (auto& d : r.diagnostics)
      if (d.level == severity::error) errors.push_back(std::move(d));
    throw rule_error(std::move(errors));
  }
  return r.rules;
}

}  // namespace

compile_result compile(const std::filesystem::path& path, const compile_options& options) {
  return compile_from(detail::file_system(), path, options);
}

compile_result compile(const std::map<std::string, std::string>& files, const compile_options& options) {
  const detail::memory_files source(files);
  return compile_from(source, "ruleset.yaml", options, source.name_problems());
}

std::shared_ptr<const ruleset> load(const std::filesystem::path& path, const compile_options& options) {
  return rules_or_throw(compile(path, options));
}

std::shared_ptr<const ruleset> load(const std::map<std::string, std::string>& files,
                                    const compile_options& options) {
  return rules_or_throw(compile(files, options));
}

}  // namespace civeff
