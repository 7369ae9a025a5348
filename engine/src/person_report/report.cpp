// SPDX-License-Identifier: Apache-2.0
// `civeff report` (docs/report.md): one person's civil-effect statement, drawn from
// the engine's explanation and advice (person_report/report_model.hpp) by the HTML
// or the Markdown writer.

#include "person_report/report_model.hpp"

namespace civeff {

std::string render_report(const ruleset& rules, const portfolio& p, date as_of, report_format format,
                          const report_options& options) {
  const detail::person_report::model m(rules, p, as_of, options);
  switch (format) {
    case report_format::markdown: return detail::person_report::write_markdown(m);
    case report_format::html: break;
  }
  return detail::person_report::write_html(m);
}

}  // namespace civeff
