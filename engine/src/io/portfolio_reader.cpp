// SPDX-License-Identifier: Apache-2.0
// Portfolio files (SPEC §3): the YAML loader reads the shape, this file turns the
// syntax into a civeff::portfolio and checks its marks against the ruleset.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "core/diagnostic_codes.hpp"
#include "core/diagnostic_sink.hpp"
#include "yaml/syntax.hpp"

namespace civeff {

portfolio parse_portfolio(std::string_view text, std::string_view file_name, const ruleset& rules,
                          const read_options& /*options*/) {
  detail::diagnostic_sink sink;
  const detail::portfolio_syntax syntax = detail::parse_portfolio_syntax(text, file_name, sink);
  // The loader checks the shape; should it let a required field through unreported,
  // say so here, but never twice: only when the shape raised no error at all.
  const bool shape_ok = !sink.has_errors();

  portfolio out;
  if (syntax.person) {
    out.person = syntax.person->text;
  } else if (shape_ok) {
    sink.error(detail::codes::input_shape, syntax.where, "a portfolio needs `person`");
  }
  out.attrs = syntax.attrs;

  const std::vector<std::string> ids = rules.mark_ids();
  const std::set<std::string, std::less<>> known(ids.begin(), ids.end());
  out.achievements.reserve(syntax.achievements.size());
  for (const detail::achievement_syntax& a : syntax.achievements) {
    achievement item;
    if (a.unit) item.unit = a.unit->text;
    if (a.title) item.title = *a.title;
    if (a.when) {
      item.when = a.when->value;
    } else if (shape_ok) {
      sink.error(detail::codes::input_shape, a.where, "an achievement needs `date`");
    }
    if (a.hours) item.hours = a.hours->value;
    item.marks.reserve(a.marks.size());
    for (const detail::located_text& m : a.marks) {
      // SPEC §3: a mark id that is not in the ruleset is an input error.
      if (!known.count(m.text))
        sink.error(detail::codes::unknown_mark, m.where, fmt::format("unknown mark '{}'", m.text));
      item.marks.push_back(m.text);
    }
    item.attrs = a.attrs;
    item.exempt = a.exempt;
    item.where = a.where;
    out.achievements.push_back(std::move(item));
  }
  if (sink.has_errors()) throw input_error(sink.sorted());
  return out;
}

portfolio read_portfolio(const std::filesystem::path& path, const ruleset& rules, const read_options& options) {
  const std::string file = path.string();
  const auto fail = [&](std::string why) {
    throw input_error({{severity::error,
                        detail::codes::input_io,
                        {file, 0, 0},
                        fmt::format("cannot read '{}': {}", file, why),
                        {}}});
  };
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail("no such file");
  if (std::filesystem::is_directory(path, ec)) fail("is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open it");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) fail("read error");
  return parse_portfolio(buffer.str(), file, rules, options);
}

}  // namespace civeff
