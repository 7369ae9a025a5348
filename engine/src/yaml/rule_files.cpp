// SPDX-License-Identifier: Apache-2.0
#include "yaml/rule_files.hpp"

#include "core/diagnostic_codes.hpp"
#include "core/utf8.hpp"

namespace civeff::detail {

std::optional<yaml_document> rule_files::read(const rule_source& from, const std::filesystem::path& path,
                                              const std::string& display_name) {
  fetched file = fetch(from, path, display_name);
  parsed result = file.problem.empty() ? parse_apart(file.name, file.text) : parsed{};
  return accept(std::move(file), std::move(result));
}

std::optional<yaml_document> rule_files::read_text(const std::string& name, std::string text) {
  parsed result = parse_apart(name, text);
  return accept({name, std::move(text), {}}, std::move(result));
}

rule_files::fetched rule_files::fetch(const rule_source& from, const std::filesystem::path& path,
                                      const std::string& display_name) {
  if (!from.in_memory() && options_.before_read) options_.before_read(path);
  file_contents file = from.read(path);
  return {display_name, std::move(file.text), std::move(file.problem)};
}

rule_files::parsed rule_files::parse_apart(const std::string& name, std::string text) {
  parsed p;
  p.document = parse_rules_yaml(name, std::move(text), p.found);
  return p;
}

std::optional<yaml_document> rule_files::accept(fetched file, parsed result) {
  if (!file.problem.empty()) {
    sink_.error(codes::io, {file.name, 0, 0}, "cannot read '" + file.name + "': " + file.problem);
    sink_.lose_everything();  // what the file defined is unknown
    return std::nullopt;
  }
  sink_.append(std::move(result.found));
  if (!result.document) sink_.lose_words(file.text);  // what it defined is among its words
  if (result.document && !result.document->aliased.empty()) aliases_[file.name] = result.document->aliased;
  sources_.push_back({std::move(file.name), std::move(file.text)});
  return std::move(result.document);
}

std::vector<diagnostic> rule_files::sorted_diagnostics() const {
  return name_aliases(sink_.sorted(), aliases_);
}

std::string display_name(const std::filesystem::path& p) {
  return repair_utf8(p.lexically_normal().generic_string());
}

ruleset_syntax load_rules(const std::filesystem::path& path, rule_files& files) {
  ruleset_syntax syntax = load_ruleset_syntax(path, files);
  for (std::size_t i = 0; i < files.options().overlays.size(); ++i) {
    const overlay_syntax overlay = load_overlay_syntax(i, files);
    apply_overlay(syntax, overlay, files.sink());
  }
  return syntax;
}

ruleset_syntax load_ruleset_syntax(const std::filesystem::path& path, diagnostic_sink& sink) {
  const compile_options defaults;
  rule_files files(file_system(), defaults, sink);
  return load_ruleset_syntax(path, files);
}

overlay_syntax load_overlay_syntax(const std::filesystem::path& path, diagnostic_sink& sink) {
  compile_options options;
  options.overlays = {path};
  rule_files files(file_system(), options, sink);
  return load_overlay_syntax(0, files);
}

}  // namespace civeff::detail
