// SPDX-License-Identifier: Apache-2.0
// Coverage as one self-contained HTML5 page: inline CSS, no scripts, fonts or
// anything from the network. Every text is escaped. Two tables: the rules that
// never fire, then those that do, each in the rows' order.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include "core/html_escape.hpp"

namespace civeff {
namespace {

constexpr std::string_view style = R"css(
body{margin:0 auto;max-width:1200px;padding:1rem 1.25rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d2433}
h1{font-size:1.5rem;margin:.2rem 0}
h2{font-size:1.2rem;margin:1.8rem 0 .3rem;border-bottom:2px solid #1d2433}
p{margin:.3rem 0}
.meta{color:#5b6475}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #d9dee7}
th{background:#f4f6f9;color:#5b6475;font-size:.85rem}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
code{font:.88em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
tr.never td{background:#fff1f0}
.kind{display:inline-block;font-size:.78rem;border:1px solid #d9dee7;border-radius:9px;padding:0 .45rem}
)css";

std::string share(std::uint64_t fired, std::uint64_t of) {
  if (of == 0) return "";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(fired) / static_cast<double>(of));
}

void table(std::string& out, const coverage_result& c, bool fired) {
  out +=
      "<table>\n<thead><tr><th>rule</th><th>kind</th><th>where</th><th>fired</th><th>of</th>"
      "<th>share</th></tr></thead>\n<tbody>\n";
  for (const coverage_row& r : c.rows) {
    if ((r.fired != 0) != fired) continue;
    std::string where = r.where.file;
    if (r.where.line > 0) where += fmt::format(":{}", r.where.line);
    out += fmt::format(
        "<tr{}><td><code>{}</code></td><td><span class=\"kind\">{}</span></td><td><code>{}</code></td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        fired ? "" : " class=\"never\"", detail::html_escape(r.rule), to_string(r.kind),
        detail::html_escape(where), r.fired, r.of, share(r.fired, r.of));
  }
  out += "</tbody>\n</table>\n";
}

}  // namespace

std::string to_html(const coverage_result& c) {
  std::string rules = c.ruleset + " " + c.version;
  for (const auto& o : c.overlays) rules += " + " + o;
  const std::size_t never = c.never_fired();
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>Coverage of {}</title>\n<style>{}</style>\n</head>\n<body>\n",
                     detail::html_escape(rules), style);
  out += fmt::format("<h1>Coverage of {}</h1>\n", detail::html_escape(rules));
  out += fmt::format(
      "<p class=\"meta\">As of {}: {} persons, {} achievements ({} counted). {} rules, {} never fire.</p>\n",
      c.as_of.to_string(), c.persons, c.achievements, c.counted, c.rows.size(), never);
  out +=
      "<p class=\"meta\">A mark case fires for an achievement whose first matching case it is; a "
      "<code>credit_when</code> for an achievement of its unit inside the unit's window for which it "
      "holds; an equivalence for a person to whom it adds a credit; a requirement for a person for whom "
      "it holds. <em>of</em> counts what it could fire for.</p>\n";
  out += fmt::format("<h2>Never fire ({})</h2>\n", never);
  if (never == 0) out += "<p>Every rule fires.</p>\n";
  else table(out, c, false);
  out += fmt::format("<h2>Fire ({})</h2>\n", c.rows.size() - never);
  if (never == c.rows.size()) out += "<p>No rule fires.</p>\n";
  else table(out, c, true);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace civeff
