// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the YAML front end: a ruleset, an overlay and a portfolio
// read from the same bytes must never crash, and every expression must carry one
// position per byte. Inputs over 4 KiB are skipped, as in RE2's fuzzer.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "yaml/syntax.hpp"

namespace {

using namespace civeff::detail;
using civeff::fuzz::require;

void check(const std::optional<expression_text>& e) {
  if (!e) return;
  require(e->positions.size() == e->text.size() + 1);
  for (const auto& [line, column] : e->positions) require(line >= 0 && column >= 0);
  (void)e->at(e->text.size() + 10);
}

void check(const requirement_syntax& r) {
  check(r.when);
  check(r.check);
  check(r.of.where_expr);
  for (const auto& c : r.children) check(c);
}

void check(const ruleset_syntax& rs) {
  for (const auto& m : rs.marks)
    for (const auto& s : m.levels)
      for (const auto& c : s.cases) check(c.when);
  for (const auto& u : rs.units) check(u.credit_when);
  for (const auto& e : rs.equivalences) check(e.when);
  for (const auto& d : rs.diplomas)
    if (d.requires_) check(*d.requires_);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return -1;  // reject: keeps runs fast and focused
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  diagnostic_sink portfolio_sink;
  (void)parse_portfolio_syntax(text, "fuzz.json", portfolio_sink);

  // The file the ruleset and overlay loaders read; removed when the process ends.
  static const civeff::fuzz::scratch_file file("civeff-fuzz-yaml");
  file.write(text);
  diagnostic_sink sink;
  ruleset_syntax rules = load_ruleset_syntax(file.path(), sink);
  check(rules);
  const overlay_syntax overlay = load_overlay_syntax(file.path(), sink);
  apply_overlay(rules, overlay, sink);
  check(rules);
  for (const auto& d : sink.sorted()) (void)d.format();
  return 0;
}
