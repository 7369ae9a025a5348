// SPDX-License-Identifier: Apache-2.0
// Portfolio files (SPEC §3, §11): the bytes decoded to UTF-8, the YAML loader
// reads the shape, and this file turns the syntax into a civeff::portfolio, checks
// its marks against the ruleset and converts its declared attributes.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>

#include "core/diagnostic_codes.hpp"
#include "core/diagnostic_sink.hpp"
#include "core/suggest.hpp"
#include "io/credentials.hpp"
#include "io/input_file.hpp"
#include "io/portfolio_attributes.hpp"
#include "io/text_decoding.hpp"
#include "io/warning_list.hpp"
#include "yaml/document.hpp"
#include "yaml/syntax.hpp"

namespace civeff {
namespace {

// An Open Badges 3.0 portfolio (io/credentials.hpp): its credentials, mapped by `badges:`.
portfolio read_credential_portfolio(const detail::yaml_document& doc, const ruleset& rules,
                                    const read_options& options, detail::diagnostic_sink& sink) {
  portfolio out;
  detail::warning_list warnings(options.strict);
  detail::read_credentials(doc, rules.program(), options, out, sink, warnings);
  for (diagnostic& d : warnings.take_errors()) sink.add(std::move(d));  // --strict
  if (sink.has_errors()) throw input_error(sink.sorted());
  out.warnings = warnings.finish();
  return out;
}

}  // namespace

portfolio parse_portfolio(std::string_view bytes, std::string_view file_name, const ruleset& rules,
                          const read_options& options) {
  const std::string file(file_name);
  std::string storage;
  const std::string_view text =
      detail::decode_input(bytes, options.encoding, file, detail::codes::input_shape, storage);
  detail::diagnostic_sink sink;
  const auto doc = detail::parse_yaml(file, std::string(text), sink);
  if (doc && detail::is_credential_list(*doc)) return read_credential_portfolio(*doc, rules, options, sink);
  const detail::portfolio_syntax syntax =
      doc ? detail::read_portfolio_document(*doc, sink) : detail::portfolio_syntax{};
  // The loader checks the shape; should it let a required field through unreported,
  // say so here, but never twice: only when the shape raised no error at all.
  const bool shape_ok = !sink.has_errors();

  portfolio out;
  if (options.person) {
    out.person = *options.person;
  } else if (syntax.person) {
    out.person = syntax.person->text;
  } else if (shape_ok) {
    sink.error(detail::codes::input_shape, syntax.where, "a portfolio needs `person`");
  }

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
        sink.error(detail::codes::unknown_mark, m.where,
                   fmt::format("unknown mark '{}'{}", m.text,
                               detail::did_you_mean(
                                   m.text, std::vector<std::string_view>(known.begin(), known.end()))));
      item.marks.push_back(m.text);
    }
    item.exempt = a.exempt;
    item.where = a.where;
    out.achievements.push_back(std::move(item));
  }
  detail::warning_list warnings(options.strict);
  detail::convert_portfolio_attributes(rules.program(), syntax, out, warnings);
  for (diagnostic& d : warnings.take_errors()) sink.add(std::move(d));  // --strict
  if (sink.has_errors()) throw input_error(sink.sorted());
  out.warnings = warnings.finish();
  return out;
}

portfolio read_portfolio(const std::filesystem::path& path, const ruleset& rules,
                         const read_options& options) {
  const std::string file = path.string();
  const auto fail = [&](const std::string& why) { detail::cannot_read(file, why); };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail("is a directory");
  // Read once, as a stream: a FIFO or a process substitution works like a file.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!in) fail(detail::error_reason(errno));
  std::string buffer;
  std::array<char, 1 << 16> block{};
  for (std::size_t got = 0; (got = std::fread(block.data(), 1, block.size(), in.get())) > 0;)
    buffer.append(block.data(), got);
  if (std::ferror(in.get())) fail(detail::error_reason(errno));
  return parse_portfolio(buffer, file, rules, options);
}

}  // namespace civeff
