// SPDX-License-Identifier: Apache-2.0
// `civeff catalog` (SPEC §7): the overview of every mark, unit, equivalence and route
// to a diploma. The rules are compiled first, so the catalogue only ever shows rules
// the engine accepts; the page itself is drawn from the syntax tree, which keeps
// every title, note, source and expression as written.

#include <utility>

#include "catalog/catalog_model.hpp"
#include "core/diagnostic_sink.hpp"
#include "yaml/rule_files.hpp"

namespace civeff {
namespace {

[[noreturn]] void throw_errors(std::vector<diagnostic> diagnostics) {
  std::vector<diagnostic> errors;
  for (auto& d : diagnostics)
    if (d.level == severity::error) errors.push_back(std::move(d));
  throw rule_error(std::move(errors));
}

}  // namespace

std::string render_catalog(const std::filesystem::path& path, const compile_options& options,
                           catalog_format format, std::optional<text_language> language) {
  compile_result compiled = compile(path, options);
  if (!compiled.ok()) throw_errors(std::move(compiled.diagnostics));

  detail::diagnostic_sink sink;
  detail::rule_files files(detail::file_system(), options, sink);
  detail::ruleset_syntax syntax = detail::load_rules(path, files);
  // The files compiled a moment ago; they can only fail now if they changed meanwhile.
  if (sink.has_errors()) throw_errors(sink.sorted());

  // SPEC §10: `--lang` first, else the ruleset's `language:`, else English.
  const text_language lang = language.value_or(compiled.rules->language());
  const detail::catalog::model m = detail::catalog::build_model(syntax);
  switch (format) {
    case catalog_format::markdown: return detail::catalog::write_markdown(m, lang);
    case catalog_format::html: break;
  }
  return detail::catalog::write_html(m, lang);
}

}  // namespace civeff
