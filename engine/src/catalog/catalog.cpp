// SPDX-License-Identifier: Apache-2.0
// `civeff catalog` (SPEC §7): the overview of every mark, unit, equivalence and route
// to a diploma. It takes a compiled ruleset, so the catalogue only ever shows rules
// the engine accepts; the page itself is drawn from the syntax tree that compile()
// keeps in the program, which holds every title, note, source and expression as written.

#include <stdexcept>

#include "catalog/catalog_model.hpp"
#include "ir/program.hpp"
#include "yaml/syntax.hpp"

namespace civeff {

std::string render_catalog(const ruleset& rules, catalog_format format,
                           std::optional<text_language> language) {
  const std::shared_ptr<const detail::ruleset_syntax>& syntax = rules.program().syntax;
  if (!syntax)
    throw std::logic_error("civeff::render_catalog: a ruleset without its syntax (a bug in civeff)");
  // SPEC §10: `--lang` first, else the ruleset's `language:`, else English.
  const text_language lang = language.value_or(rules.language());
  const detail::catalog::model m = detail::catalog::build_model(*syntax);
  switch (format) {
    case catalog_format::markdown: return detail::catalog::write_markdown(m, lang);
    case catalog_format::html: break;
  }
  return detail::catalog::write_html(m, lang);
}

}  // namespace civeff
