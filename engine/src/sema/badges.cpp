// SPDX-License-Identifier: Apache-2.0
// `badges:` resolved (docs/language.md, "Open Badges 3.0 portfolios"): every unit
// and mark an entry names must exist (E020, with a suggestion), and an entry that
// an earlier one always matches first is W015.

#include <fmt/format.h>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "sema/resolve.hpp"

namespace civeff::detail {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', start)) {
    out.push_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  out.push_back(path.substr(start));
  return out;
}

std::string describe_match(const badge_rule& b) {
  switch (b.kind) {
    case badge_rule::match_kind::achievement_id: return fmt::format("achievement_id '{}'", excerpt(b.value));
    case badge_rule::match_kind::education_program_identifier:
      return fmt::format("education_program_identifier '{}'", excerpt(b.value));
    case badge_rule::match_kind::alignment:
      return b.target_type ? fmt::format("alignment {}/{}", excerpt(*b.target_type), excerpt(b.value))
                           : fmt::format("alignment with targetCode '{}'", excerpt(b.value));
  }
  return {};
}

// Every credential `later` matches, `earlier` matches too.
bool covers(const badge_rule& earlier, const badge_rule& later) {
  if (earlier.kind != later.kind || earlier.value != later.value) return false;
  return earlier.kind != badge_rule::match_kind::alignment || !earlier.target_type ||
         earlier.target_type == later.target_type;
}

}  // namespace

void resolve_badges(compiler_state& state, const ruleset_syntax& syntax) {
  for (const badge_syntax& b : syntax.badges) {
    badge_rule rule;
    rule.kind = static_cast<badge_rule::match_kind>(b.kind);  // the same three, in the same order
    rule.value = b.value.text;
    if (b.target_type) rule.target_type = b.target_type->text;
    if (b.unit) {
      if (state.unit_index.count(b.unit->text) == 0)
        state.unknown(codes::unknown_reference, b.unit->where, "unit", b.unit->text, state.unit_index);
      rule.unit = b.unit->text;
    }
    for (const located_text& m : b.marks) {
      if (state.mark_index.count(m.text) == 0)
        state.unknown(codes::unknown_reference, m.where, "mark", m.text, state.mark_index);
      rule.marks.push_back(m.text);
    }
    if (b.hours) {
      rule.hours_path = split_path(b.hours->text);
      rule.hours_field = b.hours->text;
    }
    rule.where = b.where;
    for (std::size_t i = 0; i < state.prog.badges.size(); ++i) {
      const badge_rule& earlier = state.prog.badges[i];
      if (!covers(earlier, rule)) continue;
      state.sink.add({severity::warning,
                      codes::warn_badge_shadowed,
                      b.match_where,
                      fmt::format("this badges entry never matches: an earlier entry ({}) matches every "
                                  "credential it does, and the first match wins",
                                  describe_match(earlier)),
                      {{severity::note, "", earlier.where, "the earlier entry", {}}}});
      break;
    }
    state.prog.badges.push_back(std::move(rule));
  }
}

}  // namespace civeff::detail
