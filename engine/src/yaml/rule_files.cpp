// SPDX-License-Identifier: Apache-2.0
#include "yaml/rule_files.hpp"

#include "core/utf8.hpp"

namespace civeff::detail {

std::optional<yaml_document> rule_files::read(const std::filesystem::path& path,
                                              const std::string& display_name) {
  if (options_.before_read) options_.before_read(path);
  auto doc = read_rules_file(path, display_name, sink_);
  if (doc && !doc->aliased.empty()) aliases_[display_name] = doc->aliased;
  return doc;
}

std::vector<diagnostic> rule_files::sorted_diagnostics() const {
  return name_aliases(sink_.sorted(), aliases_);
}

std::string display_name(const std::filesystem::path& p) {
  return repair_utf8(p.lexically_normal().generic_string());
}

ruleset_syntax load_rules(const std::filesystem::path& path, rule_files& files) {
  ruleset_syntax syntax = load_ruleset_syntax(path, files);
  for (const auto& overlay_path : files.options().overlays) {
    const overlay_syntax overlay = load_overlay_syntax(overlay_path, files);
    apply_overlay(syntax, overlay, files.sink());
  }
  return syntax;
}

ruleset_syntax load_ruleset_syntax(const std::filesystem::path& path, diagnostic_sink& sink) {
  const compile_options defaults;
  rule_files files(defaults, sink);
  return load_ruleset_syntax(path, files);
}

overlay_syntax load_overlay_syntax(const std::filesystem::path& path, diagnostic_sink& sink) {
  const compile_options defaults;
  rule_files files(defaults, sink);
  return load_overlay_syntax(path, files);
}

}  // namespace civeff::detail
