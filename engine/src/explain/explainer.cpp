// SPDX-License-Identifier: Apache-2.0
#include "explain/explainer.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "core/round4.hpp"
#include "eval/bits.hpp"

namespace civeff::detail {
namespace {

const char* form_name(requirement_form f) {
  switch (f) {
    case requirement_form::unit: return "unit";
    case requirement_form::all_of: return "all_of";
    case requirement_form::any_of: return "any_of";
    case requirement_form::n_of: return "n_of";
    case requirement_form::hours: return "hours";
    case requirement_form::count: return "count";
    case requirement_form::sum: return "sum";
    case requirement_form::avg: return "avg";
    case requirement_form::check: return "check";
  }
  return "?";
}

// Every unit a `credited("...")` in expression `e` names.
void credited_units_of(const program& prog, std::int32_t e, std::vector<std::int32_t>& out) {
  if (e < 0) return;
  const expression_pool& pool = prog.expressions;
  std::vector<std::uint32_t> todo{pool.expressions[static_cast<std::size_t>(e)].root};
  while (!todo.empty()) {
    const expression_node& n = pool.nodes[todo.back()];
    todo.pop_back();
    if (n.op == opcode::credited) out.push_back(n.index);
    for (std::uint32_t k = 0; k < n.count; ++k) todo.push_back(pool.args[n.first + k]);
  }
}

}  // namespace

explainer::explainer(const program& prog, const portfolio& p, workspace& ws, const as_of_context& ctx,
                     const trace& t)
    : prog_(prog), portfolio_(p), ws_(ws), ctx_(ctx), trace_(t) {}

std::vector<std::int32_t> explainer::marks_in_order(std::size_t i) const {
  std::vector<std::int32_t> out;
  for (const auto& m : portfolio_.achievements[i].marks) {
    const std::int32_t k = prog_.find_mark(m);
    if (k >= 0 && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  }
  const std::uint64_t* bits = ws_.marks_of(i);
  for (std::size_t k = 0; k < prog_.marks.size(); ++k)
    if (test_bit(bits, k) && std::find(out.begin(), out.end(), static_cast<std::int32_t>(k)) == out.end())
      out.push_back(static_cast<std::int32_t>(k));
  return out;
}

// SPEC §12: the level and what decided it; of sources that tie on the level, the
// first in the order written, then implied marks, then the unit.
level_explanation explainer::level(std::size_t i, std::size_t s) const {
  level_explanation out;
  const scale_info& scale = prog_.scales[s];
  out.scale = scale.id;
  const std::int32_t level = ws_.levels[i * prog_.scales.size() + s];
  if (level >= 0) out.level = scale.levels[static_cast<std::size_t>(level)];
  const level_match* decided = nullptr;
  for (const std::int32_t k : marks_in_order(i)) {
    for (const level_match& m : trace_.matches) {
      if (m.achievement != i || m.scale != s || m.mark != k) continue;
      if (m.lapsed) {
        const mark_info& mark = prog_.marks[static_cast<std::size_t>(k)];
        out.lapsed.push_back({mark.id, add(date(ws_.day[i]), mark.valid_for),
                              scale.levels[static_cast<std::size_t>(m.level)]});
      } else if (decided == nullptr && m.level == level) {
        decided = &m;
      }
    }
  }
  const std::int32_t unit = ws_.unit[i];
  if (decided != nullptr) {
    const mark_info& mark = prog_.marks[static_cast<std::size_t>(decided->mark)];
    out.decided_by = level_explanation::source::mark;
    out.mark = mark.id;
    if (s >= mark.bare.size() || mark.bare[s] == 0)
      out.case_index = static_cast<std::size_t>(decided->case_index);
  } else if (unit >= 0 && level >= 0 && prog_.units[static_cast<std::size_t>(unit)].level[s] == level) {
    out.decided_by = level_explanation::source::unit;
  } else {
    out.decided_by = level_explanation::source::scale_default;
  }
  return out;
}

bool explainer::credited_at(std::int32_t unit, std::size_t bit) const {
  return test_bit(ws_.credit.data() + static_cast<std::size_t>(unit) * ws_.words, bit);
}

std::size_t explainer::latest_bit_at_most(std::int32_t unit, std::size_t bit) const {
  for (std::size_t b = bit + 1; b-- > 0;)
    if (credited_at(unit, b)) return b;
  return bit;
}

derivation explainer::derive(std::int32_t unit) const {
  std::vector<std::pair<std::int32_t, std::size_t>> path;
  return derive_at(unit, ws_.days.empty() ? 0 : latest_bit_at_most(unit, ws_.days.size() - 1), path);
}

// SPEC §12: a direct credit names its achievement and day; an exemption its
// achievement; a derived credit its equivalence and the credits it used.
derivation explainer::direct_derivation(std::int32_t unit, std::size_t bit, std::int32_t via) const {
  derivation out;
  out.unit = prog_.units[static_cast<std::size_t>(unit)].id;
  out.when = date(ws_.days[bit]);
  out.via = via == -1 ? "achievement" : "exemption";
  const direct_outcome wanted = via == -1 ? direct_outcome::credited : direct_outcome::exempted;
  for (std::size_t i = 0; i < ws_.count; ++i)
    if (ws_.unit[i] == unit && ws_.day[i] == ws_.days[bit] && i < trace_.direct_outcomes.size() &&
        trace_.direct_outcomes[i] == wanted) {
      out.achievement = i;
      break;
    }
  return out;
}

std::uint32_t explainer::order_of(std::int32_t unit, std::size_t bit) const {
  return trace_.first_of(static_cast<std::size_t>(unit), bit).order;
}

derivation explainer::derive_first(std::int32_t unit, std::size_t bit) const {
  const first_derivation first = trace_.first_of(static_cast<std::size_t>(unit), bit);
  if (first.equivalence < 0) return direct_derivation(unit, bit, ws_.via_at(prog_, unit, bit));
  derivation out;
  out.unit = prog_.units[static_cast<std::size_t>(unit)].id;
  out.when = date(ws_.days[bit]);
  const equivalence_info& eq = prog_.equivalences[static_cast<std::size_t>(first.equivalence)];
  out.via = eq.id;
  if (first.member >= 0) {
    out.sources.push_back(derive_first(first.member, bit));
    return out;
  }
  // Each source at its latest day up to this one that was credited before this
  // credit was added; one exists, as the equivalence applied then.
  for (const std::int32_t source : eq.sources) {
    for (std::size_t b = bit + 1; b-- > 0;)
      if (credited_at(source, b) && order_of(source, b) < first.order) {
        out.sources.push_back(derive_first(source, b));
        break;
      }
  }
  return out;
}

derivation explainer::derive_at(std::int32_t unit, std::size_t bit,
                                std::vector<std::pair<std::int32_t, std::size_t>>& path) const {
  const std::int32_t via = ws_.via_at(prog_, unit, bit);
  if (via < 0) return direct_derivation(unit, bit, via);
  // A credit met again on the way down is part of a cycle: the fixpoint's first
  // derivation of it is where the chain reaches achievements (bug found by the
  // diff's property test: a credit spread round a symmetric group named itself).
  if (std::find(path.begin(), path.end(), std::make_pair(unit, bit)) != path.end())
    return derive_first(unit, bit);
  derivation out;
  out.unit = prog_.units[static_cast<std::size_t>(unit)].id;
  out.when = date(ws_.days[bit]);
  const equivalence_info& eq = prog_.equivalences[static_cast<std::size_t>(via)];
  out.via = eq.id;
  path.emplace_back(unit, bit);
  if (eq.symmetric) {
    // The member whose credit carried it here: of the members whose days include
    // this one, the first credited before this unit was, else the first.
    std::int32_t chosen = -1;
    const std::uint32_t own = order_of(unit, bit);
    for (const std::int32_t member : eq.sources) {
      if (member == unit || !credited_at(member, bit)) continue;
      if (!any_candidate(static_cast<std::size_t>(via), {member},
                         prog_.units[static_cast<std::size_t>(member)].hours, true) ||
          !test_bit(ws_.scratch_.data(), bit))
        continue;
      if (chosen < 0) chosen = member;
      if (order_of(member, bit) < own) {
        chosen = member;
        break;
      }
    }
    if (chosen >= 0) out.sources.push_back(derive_at(chosen, bit, path));
  } else {
    // Each source at its latest credited day up to this one (SPEC §10: one day per source).
    for (const std::int32_t source : eq.sources)
      out.sources.push_back(derive_at(source, latest_bit_at_most(source, bit), path));
  }
  path.pop_back();
  return out;
}

bool explainer::any_candidate(std::size_t e, const std::vector<std::int32_t>& sources, double hours,
                              bool apply_when) const {
  environment env;
  env.as_of = ctx_.as_of;
  env.person = ws_.person.data();
  ws_.scratch_.assign(ws_.words, 0);
  ws_.candidates(prog_, e, sources.data(), sources.size(), hours, env, ws_.scratch_.data(), apply_when);
  return std::any_of(ws_.scratch_.begin(), ws_.scratch_.end(), [](std::uint64_t w) { return w != 0; });
}

// SPEC §12: why a unit is not credited, per achievement and per equivalence that
// could have credited it.
std::vector<not_credited_reason> explainer::why_not(std::int32_t unit) const {
  std::vector<not_credited_reason> out;
  const unit_info& info = prog_.units[static_cast<std::size_t>(unit)];
  bool counted = false;
  for (std::size_t i = 0; i < ws_.count; ++i) {
    if (ws_.unit[i] != unit || !ws_.counted[i]) continue;
    counted = true;
    const direct_outcome o =
        i < trace_.direct_outcomes.size() ? trace_.direct_outcomes[i] : direct_outcome::no_unit;
    if (o == direct_outcome::credit_when) out.push_back({"credit_when", i, {}, {}, std::nullopt});
    else if (o == direct_outcome::outside_effective) out.push_back({"effective", i, {}, {}, std::nullopt});
    else if (o == direct_outcome::lapsed)
      out.push_back({"lapsed", i, {}, {}, add(date(ws_.day[i]), info.valid_for)});
  }
  if (!counted) out.push_back({"no_achievement", std::nullopt, {}, {}, std::nullopt});
  const auto credited = [&](std::int32_t u) {
    return test_bit(ws_.credited_units.data(), static_cast<std::size_t>(u));
  };
  for (const std::int32_t e : prog_.equivalences_into[static_cast<std::size_t>(unit)]) {
    const equivalence_info& eq = prog_.equivalences[static_cast<std::size_t>(e)];
    not_credited_reason r;
    r.equivalence = eq.id;
    std::vector<std::vector<std::int32_t>> tries;  // sets of sources that are all credited
    if (eq.symmetric) {
      for (const std::int32_t m : eq.sources) {
        if (m == unit) continue;
        if (credited(m)) tries.push_back({m});
        else r.missing_sources.push_back(prog_.units[static_cast<std::size_t>(m)].id);
      }
      if (!tries.empty()) r.missing_sources.clear();
    } else {
      for (const std::int32_t s : eq.sources)
        if (!credited(s)) r.missing_sources.push_back(prog_.units[static_cast<std::size_t>(s)].id);
      if (r.missing_sources.empty()) tries.push_back(eq.sources);
    }
    if (tries.empty()) {
      r.reason = "equivalence_sources";
      out.push_back(std::move(r));
      continue;
    }
    bool window = false, when = false;
    for (const auto& sources : tries) {
      const double hours =
          eq.symmetric ? prog_.units[static_cast<std::size_t>(sources[0])].hours : eq.source_hours;
      window = window || any_candidate(static_cast<std::size_t>(e), sources, hours, false);
      when = when || any_candidate(static_cast<std::size_t>(e), sources, hours, true);
    }
    if (!window) {
      r.reason = "equivalence_window";
    } else if (!when) {
      r.reason = "equivalence_when";
    } else {
      // It applied, but the credit it gave had lapsed by as_of (SPEC §5.4).
      r.reason = "lapsed";
      std::int32_t last = ws_.days.empty() ? 0 : ws_.days.back();
      for (std::size_t b = ws_.days.size(); b-- > 0;)
        if (test_bit(ws_.scratch_.data(), b)) {
          last = ws_.days[b];
          break;
        }
      r.on = add(date(last), info.valid_for);
    }
    out.push_back(std::move(r));
  }
  return out;
}

requirement_explanation explainer::requirement(std::uint32_t r) const {
  const requirement_info& req = prog_.requirements[r];
  const requirement_outcome& o = ws_.outcomes[r];
  requirement_explanation out;
  if (!prog_.requirement_ids[r].empty()) out.id = prog_.requirement_ids[r];
  else if (req.is_leaf()) out.id = prog_.leaf_names[req.leaf_name];
  out.form = form_name(req.form);
  if (req.form == requirement_form::unit && req.unit >= 0)
    out.unit = prog_.units[static_cast<std::size_t>(req.unit)].id;
  out.where = prog_.requirement_where[r];
  if (req.guard >= 0) out.guard = prog_.expressions.expressions[static_cast<std::size_t>(req.guard)].text;
  out.left_out = !o.applicable;
  out.holds = o.applicable && o.satisfied;
  out.progress = o.applicable ? round4(o.progress) : 0;
  if (req.form == requirement_form::hours || req.form == requirement_form::count ||
      req.form == requirement_form::sum || req.form == requirement_form::avg) {
    out.min = req.min;
    if (o.applicable && r < trace_.aggregates.size()) out.value = trace_.aggregates[r];
  }
  if (out.left_out) return out;  // its children were not evaluated
  if (req.form == requirement_form::n_of) {
    out.n = static_cast<std::size_t>(req.n);
    std::size_t holding = 0;
    for (std::uint32_t k = 0; k < req.child_count; ++k) {
      const requirement_outcome& c = ws_.outcomes[prog_.requirement_children[req.first_child + k]];
      holding += c.applicable && c.satisfied ? 1 : 0;
    }
    out.n_holding = holding;
  }
  for (std::uint32_t k = 0; k < req.child_count; ++k)
    out.children.push_back(requirement(prog_.requirement_children[req.first_child + k]));
  return out;
}

// Units a requirement names: unit leaves, a selector's `units:`, `credited("...")`.
std::vector<std::int32_t> explainer::named_units() const {
  std::vector<std::int32_t> out;
  for (const requirement_info& req : prog_.requirements) {
    if (req.form == requirement_form::unit && req.unit >= 0) out.push_back(req.unit);
    if (req.selector >= 0) {
      const auto& named = prog_.selectors[static_cast<std::size_t>(req.selector)].named_units;
      out.insert(out.end(), named.begin(), named.end());
    }
    credited_units_of(prog_, req.check, out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

explanation explainer::build() {
  explanation out;
  out.person = portfolio_.person;
  out.as_of = date(ctx_.as_of);
  out.ruleset = prog_.name;
  out.version = prog_.version;
  out.overlays = prog_.overlays;
  for (std::size_t i = 0; i < portfolio_.achievements.size(); ++i) {
    const achievement& a = portfolio_.achievements[i];
    achievement_explanation x;
    x.index = i;
    x.unit = a.unit;
    x.title = a.title;
    x.when = a.when;
    x.credential = a.credential;
    x.known = ws_.unit[i] >= 0;
    x.counted = ws_.counted[i] != 0;
    if (!x.counted) {
      x.not_counted = "dated after as_of";
    } else {
      for (std::size_t s = 0; s < prog_.scales.size(); ++s) x.levels.push_back(level(i, s));
    }
    out.achievements.push_back(std::move(x));
  }
  for (std::size_t u = 0; u < prog_.units.size(); ++u)
    if (test_bit(ws_.credited_units.data(), u))
      out.credited[prog_.units[u].id] = derive(static_cast<std::int32_t>(u));
  for (const std::int32_t u : named_units())
    if (!test_bit(ws_.credited_units.data(), static_cast<std::size_t>(u)))
      out.not_credited[prog_.units[static_cast<std::size_t>(u)].id] = why_not(u);
  for (std::size_t d = 0; d < prog_.diplomas.size(); ++d) {
    diploma_explanation x;
    x.title = prog_.diplomas[d].title;
    x.status = ws_.diploma(prog_, d, x.progress);
    for (const auto leaf : ws_.missing) x.missing.push_back(prog_.leaf_names[leaf]);
    if (prog_.diplomas[d].root >= 0)
      x.requires_ = requirement(static_cast<std::uint32_t>(prog_.diplomas[d].root));
    out.diplomas[prog_.diplomas[d].id] = std::move(x);
  }
  return out;
}

}  // namespace civeff::detail
