// SPDX-License-Identifier: Apache-2.0
// The compile pipeline, one pass a line:
//   load (YAML -> syntax tree) -> overlays -> resolve + check expressions
//   -> graph analyses (implication closure, equivalence order, dot)
//   -> deep checks (W020-W027, only when asked: `civeff check`) -> program.
// Files on disk and in-memory files take the same pipeline: only the rule_source differs.
#include <algorithm>
#include <optional>
#include <stdexcept>

#include "analysis/deep_checks.hpp"
#include "core/diagnostic_codes.hpp"
#include "core/diagnostic_sink.hpp"
#include "core/excerpt.hpp"
#include "core/utf8.hpp"
#include "graph/analysis.hpp"
#include "sema/resolve.hpp"
#include "yaml/loader_files.hpp"
#include "yaml/rule_files.hpp"

namespace civeff {

// The one maker of rulesets (ruleset's constructor is private to it): whatever
// holds a ruleset holds a program that compiled without errors.
class detail::ruleset_factory {
 public:
  static std::shared_ptr<const ruleset> make(std::shared_ptr<const program> prog) {
    return std::shared_ptr<const ruleset>(new ruleset(std::move(prog)));
  }
};

namespace {

// Resolves `syntax` and runs the graph passes: the program, complete when `sink` has no errors.
std::shared_ptr<detail::program> build_program(const detail::ruleset_syntax& syntax,
                                               detail::diagnostic_sink& sink) {
  auto prog = std::make_shared<detail::program>();
  detail::compiler_state state{*prog, sink, {}, {}, {}, {}, {}, {}, {}, {}};
  detail::resolve(state, syntax);
  std::vector<std::vector<std::int32_t>> implies;
  detail::resolve_implications(state, syntax, implies);
  detail::close_implications(*prog, syntax, implies, sink);
  detail::order_equivalences(*prog);
  detail::render_graph(*prog);
  return prog;
}

// Tests with `overlay: PATH` (relative to the test's file) run against `base`,
// the ruleset as its files define it (no compile_options::overlays), plus that
// overlay: one program per overlay file, holding those tests only. `syntax` is
// what the compile made (with its overlays), `prog` its program.
// Each program's diagnostics that the rules alone do not have (the overlay's own, the tests'
// references) join `sink`; the texts it reads join `sources`.
void build_test_overlays(const detail::ruleset_syntax& base, const detail::ruleset_syntax& syntax,
                         detail::program& prog, detail::rule_files& files, std::vector<rule_text>& sources) {
  // With errors in the rules themselves, only that each overlay is there is checked.
  const bool build = !files.sink().has_errors();
  detail::diagnostic_sink& sink = files.sink();
  // The overlay files of the compile come last in syntax.files; their tests read
  // a test overlay from the file system, as they were read.
  const std::size_t first_overlay_file = syntax.files.size() - syntax.overlays.size();
  const auto from_overlay_file = [&](const std::string& file) {
    return std::find(syntax.files.begin() + static_cast<std::ptrdiff_t>(first_overlay_file),
                     syntax.files.end(), file) != syntax.files.end();
  };
  std::vector<std::string> paths;  // per test of syntax.tests: its overlay's path, "" for none
  for (const auto& t : syntax.tests)
    paths.push_back(t.overlay ? detail::display_name(std::filesystem::path(t.where.file.str()).parent_path() /
                                                     t.overlay->text)
                              : std::string());
  std::vector<diagnostic> known = sink.all();
  for (std::size_t i = 0; i < syntax.tests.size(); ++i) {
    if (paths[i].empty()) continue;
    if (std::find(paths.begin(), paths.begin() + static_cast<std::ptrdiff_t>(i), paths[i]) !=
        paths.begin() + static_cast<std::ptrdiff_t>(i))
      continue;  // built with the first test naming it
    const detail::located_text& named = *syntax.tests[i].overlay;
    const bool on_disk = !files.source().in_memory() || from_overlay_file(syntax.tests[i].where.file.str());
    const detail::rule_source& from = on_disk ? detail::file_system() : files.source();
    if (from.kind(paths[i]) != detail::entry_kind::file) {
      for (std::size_t k = i; k < syntax.tests.size(); ++k)
        if (paths[k] == paths[i])
          sink.error(detail::codes::test_overlay, syntax.tests[k].overlay->where,
                     "the test's overlay '" + named.text + "' is not a file (looked for '" + paths[i] + "')");
      continue;
    }
    if (!build) continue;
    detail::diagnostic_sink own;
    detail::rule_files overlay_files(files.source(), files.options(), own);
    detail::ruleset_syntax variant = base;
    variant.tests.clear();
    std::vector<std::size_t> listed;  // indices into syntax.tests, in order
    for (std::size_t k = i; k < syntax.tests.size(); ++k)
      if (paths[k] == paths[i]) {
        listed.push_back(k);
        variant.tests.push_back(syntax.tests[k]);
        variant.tests.back().overlay.reset();
      }
    detail::overlay_syntax overlay = detail::load_overlay_file(from, paths[i], overlay_files);
    overlay.tests.clear();  // the overlay's own tests belong to whoever applies it
    detail::apply_overlay(variant, overlay, own);
    std::shared_ptr<detail::program> built;
    if (!own.has_errors()) built = build_program(variant, own);
    for (diagnostic& d : overlay_files.sorted_diagnostics()) {
      const auto same = [&](const diagnostic& k) { return k.format() == d.format(); };
      if (std::none_of(known.begin(), known.end(), same)) {
        d.notes.push_back(
            {severity::note, "", named.where, "with the overlay '" + named.text + "' of this test", {}});
        known.push_back(d);
        sink.add(std::move(d));
      }
    }
    for (rule_text& text : overlay_files.take_sources()) sources.push_back(std::move(text));
    if (own.has_errors()) continue;
    for (std::size_t n = 0; n < listed.size(); ++n) {
      detail::test_case& tc = prog.tests.at(listed[n]);
      tc.overlay = paths[i];
      tc.variant = built;
      tc.variant_test = n;
    }
  }
}

// The ruleset at `root` in `source`; `problems` (with the source's files) come first.
compile_result compile_from(const detail::rule_source& source, const std::filesystem::path& root,
                            const compile_options& options, const std::vector<diagnostic>& problems = {}) {
  detail::diagnostic_sink sink;
  for (const auto& d : problems) sink.add(d);
  detail::rule_files files(source, options, sink);
  detail::ruleset_syntax syntax = detail::load_ruleset_syntax(root, files);
  // The tests' own overlays apply to the ruleset without the compile's overlays.
  const bool test_overlays = std::any_of(syntax.tests.begin(), syntax.tests.end(),
                                         [](const detail::test_syntax& t) { return t.overlay.has_value(); });
  std::optional<detail::ruleset_syntax> base;
  if (test_overlays && !options.overlays.empty()) base = syntax;
  for (std::size_t i = 0; i < options.overlays.size(); ++i)
    detail::apply_overlay(syntax, detail::load_overlay_syntax(i, files), sink);
  std::shared_ptr<detail::program> prog = build_program(syntax, sink);
  if (options.deep_checks && !sink.has_errors()) detail::analysis::run_deep_checks(*prog, syntax, sink);

  compile_result result;
  result.sources = files.take_sources();
  build_test_overlays(base ? *base : syntax, syntax, *prog, files, result.sources);
  result.diagnostics = files.sorted_diagnostics();
  if (sink.has_errors()) return result;
  // The rules as written, for the catalogue (render_catalog draws from them).
  prog->syntax = std::make_shared<const detail::ruleset_syntax>(std::move(syntax));
  result.rules = detail::ruleset_factory::make(std::move(prog));
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

compile_result compile(const rule_loader& loader, std::string_view root, const compile_options& options) {
  if (!loader) throw std::invalid_argument("civeff::compile: the rule_loader is empty");
  const std::string name(root);
  if (const std::string problem = detail::in_memory_name_problem(name); !problem.empty()) {
    const std::string shown = detail::repair_utf8(name);
    compile_result result;
    result.diagnostics.push_back(
        {severity::error,
         detail::codes::io,
         {shown, 0, 0},
         "the root '" + detail::excerpt(shown) + "' cannot be read through a loader: " + problem,
         {}});
    return result;
  }
  const detail::loader_files source(loader);
  return compile_from(source, name, options);
}

std::shared_ptr<const ruleset> load(const std::filesystem::path& path, const compile_options& options) {
  return rules_or_throw(compile(path, options));
}

std::shared_ptr<const ruleset> load(const std::map<std::string, std::string>& files,
                                    const compile_options& options) {
  return rules_or_throw(compile(files, options));
}

std::shared_ptr<const ruleset> load(const rule_loader& loader, std::string_view root,
                                    const compile_options& options) {
  return rules_or_throw(compile(loader, root, options));
}

}  // namespace civeff
