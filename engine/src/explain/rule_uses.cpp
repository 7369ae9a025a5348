// SPDX-License-Identifier: Apache-2.0
#include "explain/rule_uses.hpp"

#include <algorithm>
#include <bit>

#include "eval/bits.hpp"

namespace civeff::detail {
namespace {

std::string named(std::string_view section, std::string_view id) {
  std::string out(section);
  out += ':';
  out += id;
  return out;
}

}  // namespace

rule_uses::rule_uses(const program& prog, const workspace& ws, const explainer& why)
    : prog_(prog), ws_(ws), why_(why) {}

// The marks on achievement `i` whose `implies` (transitively) put `mark` there.
void rule_uses::marks_implying(std::size_t i, std::int32_t mark, std::vector<std::string>& out) const {
  const std::uint64_t* bits = ws_.marks.data() + i * prog_.mark_words();
  for (std::size_t k = 0; k < prog_.marks.size(); ++k) {
    if (!test_bit(bits, k)) continue;
    const auto& closure = prog_.marks[k].implies_closure;
    if (std::find(closure.begin(), closure.end(), mark) != closure.end())
      out.push_back(named("mark", prog_.marks[k].id));
  }
}

// Every mark achievement `i` carries, written or implied.
void rule_uses::carried_marks(std::size_t i, std::vector<std::string>& out) const {
  const std::uint64_t* bits = ws_.marks.data() + i * prog_.mark_words();
  for (std::size_t k = 0; k < prog_.marks.size(); ++k)
    if (test_bit(bits, k)) out.push_back(named("mark", prog_.marks[k].id));
}

// Whether achievement `i` carries `mark` depends on the marks that bring it: those
// whose `implies` put it there, or, where it is absent, every mark the achievement
// carries (one of them might imply it under other rules).
void rule_uses::mark_read(std::size_t i, std::int32_t mark, std::vector<std::string>& out) const {
  if (test_bit(ws_.marks.data() + i * prog_.mark_words(), static_cast<std::size_t>(mark)))
    marks_implying(i, mark, out);
  else carried_marks(i, out);
}

// What expression `e` names: attributes, person attributes, marks, levels (an
// achievement's, when `on_achievement`), credited units.
void rule_uses::reads(std::int32_t e, std::size_t i, bool on_achievement,
                      std::vector<std::string>& out) const {
  if (e < 0) return;
  const expression_pool& pool = prog_.expressions;
  std::vector<std::uint32_t> todo{pool.expressions[static_cast<std::size_t>(e)].root};
  while (!todo.empty()) {
    const std::uint32_t at = todo.back();
    todo.pop_back();
    const expression_node& n = pool.nodes[at];
    switch (n.op) {
      case opcode::attribute:
        out.push_back(named("attribute", prog_.attribute_slots[static_cast<std::size_t>(n.index)]));
        break;
      case opcode::person_attribute:
        out.push_back(
            named("person_attribute", prog_.person_attribute_slots[static_cast<std::size_t>(n.index)]));
        break;
      case opcode::has_mark:
        out.push_back(named("mark", prog_.marks[static_cast<std::size_t>(n.index)].id));
        if (on_achievement) mark_read(i, n.index, out);
        break;
      case opcode::in_marks: {
        const expression_node& x = pool.nodes[pool.args[n.first]];
        if (x.op == opcode::constant && x.constant.t == value::tag::text) {
          const std::int32_t k = prog_.find_mark(x.constant.s);
          if (k >= 0) {
            out.push_back(named("mark", x.constant.s));
            if (on_achievement) mark_read(i, k, out);
          }
        } else if (on_achievement) {  // any mark may be the one: every mark it carries
          carried_marks(i, out);
        }
        break;
      }
      case opcode::var_unit:
      case opcode::var_kind:
      case opcode::var_hours:
        // The unit's id, kind and (for an achievement without its own) hours.
        if (on_achievement && ws_.unit[i] >= 0)
          out.push_back(named("unit", prog_.units[static_cast<std::size_t>(ws_.unit[i])].id));
        break;
      case opcode::level_of:
        if (on_achievement && ws_.counted[i]) level(i, static_cast<std::size_t>(n.index), out);
        break;
      case opcode::credited: unit_read(n.index, out); break;
      case opcode::hours_of:
      case opcode::count_of:
      case opcode::sum_of:
      case opcode::avg_of: {
        const std::int32_t from = n.has_within ? first_alive_day(ws_.ctx_->as_of, n.within) : min_day;
        selected(n.index, from, n.op == opcode::sum_of || n.op == opcode::avg_of ? n.slot : no_index, out);
        break;
      }
      default: break;
    }
    for (std::uint32_t k = 0; k < n.count; ++k) todo.push_back(pool.args[n.first + k]);
  }
}

// A level is the highest a mark or the unit gives, so it depends on every source
// that was looked at, not only the one that won: a mark that gave a lower level
// (or none) would have won had its cases said more. So: every mark the
// achievement carries that places it on the scale, the marks implying those,
// what their cases read up to the one that matched (all of them when none did),
// and the unit when it has a level on the scale. This is more than SPEC §12's
// "the marks and unit that give the decided level": with only those, a diff row
// whose level fell from one mark's level to another's had no cause (found by
// the diff's property test); docs/language.md §19 records the choice.
void rule_uses::level(std::size_t i, std::size_t s, std::vector<std::string>& out) const {
  out.push_back(named("scale", prog_.scales[s].id));
  const std::uint64_t* carried = ws_.marks.data() + i * prog_.mark_words();
  for (std::size_t k = 0; k < prog_.marks.size(); ++k) {
    const mark_info& mark = prog_.marks[k];
    if (!test_bit(carried, k) || s >= mark.cases.size() || mark.cases[s].empty()) continue;
    out.push_back(named("mark", mark.id));
    marks_implying(i, static_cast<std::int32_t>(k), out);
    std::size_t last = mark.cases[s].size() - 1;  // the cases tried: up to the match
    for (const level_match& m : why_.trace_.matches)
      if (m.achievement == i && m.scale == s && m.mark == static_cast<std::int32_t>(k))
        last = static_cast<std::size_t>(m.case_index);
    for (std::size_t c = 0; c <= last; ++c) reads(mark.cases[s][c].when, i, true, out);
  }
  const std::int32_t unit = ws_.unit[i];
  if (unit >= 0 && prog_.units[static_cast<std::size_t>(unit)].level[s] >= 0)
    out.push_back(named("unit", prog_.units[static_cast<std::size_t>(unit)].id));
}

void rule_uses::credit(std::int32_t unit, std::vector<std::string>& out) const { unit_read(unit, out); }

// A unit's credit, its date and its `via` are the latest of everything that
// could credit it, so they depend on all of it, not only on the derivation that
// won: its derivation, and also its own achievements' credit_when and every
// equivalence into it with its `when` and its sources' rules (found by the
// diff's property test: a `via` that changed because another route stopped
// applying had no cause). A unit not credited depends on the same.
void rule_uses::unit_read(std::int32_t unit, std::vector<std::string>& out) const {
  const bool outermost = seen_.empty();
  if (outermost) seen_.assign(prog_.units.size(), 0);
  support(unit, out);
  if (outermost) seen_.clear();
}

void rule_uses::support(std::int32_t unit, std::vector<std::string>& out) const {
  const auto u = static_cast<std::size_t>(unit);
  if (seen_[u] != 0) return;
  seen_[u] = 1;
  out.push_back(named("unit", prog_.units[u].id));
  if (test_bit(ws_.credited_units.data(), u)) credit_of(why_.derive(unit), out);
  const auto& outcomes = why_.trace_.direct_outcomes;
  for (std::size_t i = 0; i < ws_.count; ++i) {
    const bool exempted = i < outcomes.size() && outcomes[i] == direct_outcome::exempted;
    if (ws_.unit[i] == unit && ws_.counted[i] && !exempted) reads(prog_.units[u].credit_when, i, true, out);
  }
  for (const std::int32_t e : prog_.equivalences_into[u]) {
    const equivalence_info& eq = prog_.equivalences[static_cast<std::size_t>(e)];
    out.push_back(named("equivalence", eq.id));
    reads(eq.when, 0, false, out);
    for (const std::int32_t source : eq.sources)
      if (source != unit) support(source, out);
  }
}

void rule_uses::credit_of(const derivation& d, std::vector<std::string>& out) const {
  out.push_back(named("unit", d.unit));
  if (d.via == "achievement" && d.achievement) {
    const std::int32_t u = prog_.find_unit(d.unit);
    if (u >= 0) reads(prog_.units[static_cast<std::size_t>(u)].credit_when, *d.achievement, true, out);
    return;
  }
  if (d.via == "exemption") return;
  out.push_back(named("equivalence", d.via));
  for (const auto& e : prog_.equivalences)
    if (e.id == d.via) reads(e.when, 0, false, out);
  for (const derivation& s : d.sources) credit_of(s, out);
}

// The achievements an achievement selector picks, with what makes them count;
// a unit selector's credited units with their credits' rules.
void rule_uses::selected(std::int32_t selector, std::int32_t within_from, std::int32_t attr_slot,
                         std::vector<std::string>& out) const {
  const selector_info& sel = prog_.selectors[static_cast<std::size_t>(selector)];
  if (!sel.picks_achievements) {
    for (std::size_t u = 0; u < prog_.units.size(); ++u)
      if (test_bit(sel.unit_mask.data(), u)) unit_read(static_cast<std::int32_t>(u), out);
    return;
  }
  if (attr_slot >= 0)
    out.push_back(named("attribute", prog_.attribute_slots[static_cast<std::size_t>(attr_slot)]));
  environment env;
  env.as_of = ws_.ctx_->as_of;
  env.person = ws_.person.data();
  for (std::size_t i = 0; i < ws_.count; ++i) {
    if (!ws_.selects(prog_, sel, i, within_from, env)) continue;
    if (ws_.unit[i] >= 0) out.push_back(named("unit", prog_.units[static_cast<std::size_t>(ws_.unit[i])].id));
    const std::uint64_t* bits = ws_.marks.data() + i * prog_.mark_words();
    for (std::size_t k = 0; k < prog_.marks.size(); ++k)
      if (test_bit(bits, k)) out.push_back(named("mark", prog_.marks[k].id));
    reads(sel.where, i, true, out);
  }
}

void rule_uses::requirement(std::uint32_t r, std::vector<std::string>& out) const {
  const requirement_info& req = prog_.requirements[r];
  reads(req.guard, 0, false, out);
  if (!ws_.outcomes[r].applicable) return;  // left out: nothing under it was read
  switch (req.form) {
    case requirement_form::unit:
      if (req.unit >= 0) unit_read(req.unit, out);
      break;
    case requirement_form::check: reads(req.check, 0, false, out); break;
    case requirement_form::hours:
    case requirement_form::count:
    case requirement_form::sum:
    case requirement_form::avg:
      selected(req.selector, ws_.ctx_->requirement_within_from[r], req.attr_slot, out);
      break;
    case requirement_form::all_of:
    case requirement_form::any_of:
    case requirement_form::n_of:
      for (std::uint32_t k = 0; k < req.child_count; ++k)
        requirement(prog_.requirement_children[req.first_child + k], out);
      break;
  }
}

void rule_uses::diploma(std::size_t d, std::vector<std::string>& out) const {
  out.push_back(named("diploma", prog_.diplomas[d].id));
  if (prog_.diplomas[d].root >= 0) requirement(static_cast<std::uint32_t>(prog_.diplomas[d].root), out);
}

}  // namespace civeff::detail
