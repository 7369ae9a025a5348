// SPDX-License-Identifier: Apache-2.0
// SPEC §5: levels per achievement, direct and derived credit with lapse, diplomas.
//
// Credits are kept per unit as a bitset over the portfolio's sorted, distinct
// counted days: every credit day is some achievement's day (a derivation applies
// at the latest day of the credits it uses), so the fixpoint over equivalences
// is a few word operations per rule.

#include "eval/evaluator.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <tuple>

#include "bits.hpp"
#include "core/round4.hpp"
#include "eval/bits.hpp"
#include "eval/expression_eval.hpp"

namespace civeff::detail {
namespace {

bool any_bit(const std::uint64_t* bits, std::size_t words) {
  for (std::size_t w = 0; w < words; ++w)
    if (bits[w]) return true;
  return false;
}
std::size_t lowest_bit(const std::uint64_t* bits, std::size_t words) {
  for (std::size_t w = 0; w < words; ++w)
    if (bits[w]) return w * 64 + static_cast<std::size_t>(std::countr_zero(bits[w]));
  return words * 64;
}
std::size_t highest_bit(const std::uint64_t* bits, std::size_t words) {
  for (std::size_t w = words; w-- > 0;)
    if (bits[w]) return w * 64 + 63 - static_cast<std::size_t>(std::countl_zero(bits[w]));
  return words * 64;
}
// Clears every bit below `from` and from `to` on.
void keep_range(std::uint64_t* bits, std::size_t words, std::size_t from, std::size_t to) {
  for (std::size_t w = 0; w < words; ++w) {
    const std::size_t lo = w * 64, hi = lo + 64;
    std::uint64_t keep = ~std::uint64_t{0};
    if (from >= hi || to <= lo) keep = 0;
    else {
      if (from > lo) keep &= ~std::uint64_t{0} << (from - lo);
      if (to < hi) keep &= ~(~std::uint64_t{0} << (to - lo));
    }
    bits[w] &= keep;
  }
}

double share(double achieved, double min) { return std::clamp(achieved / min, 0.0, 1.0); }

// Whether the expression at `node` divides anywhere (and so may fail).
bool may_divide(const program& prog, std::uint32_t node) {
  const expression_node& n = prog.expressions.nodes[node];
  if (n.op == opcode::div) return true;
  for (std::uint32_t k = 0; k < n.count; ++k)
    if (may_divide(prog, prog.expressions.args[n.first + k])) return true;
  return false;
}

}  // namespace

class credit_probe final : public diploma_probe {
 public:
  credit_probe(const program& prog, workspace& ws, environment& env) : prog_(prog), ws_(ws), env_(env) {}
  bool credited(std::int32_t unit) const override {
    return test_bit(ws_.credited_units.data(), static_cast<std::size_t>(unit));
  }
  std::optional<double> aggregate(std::uint32_t node, opcode op, std::int32_t selector, std::int32_t slot,
                                  bool has_within, const duration& within) const override {
    const requirement_form form = op == opcode::hours_of   ? requirement_form::hours
                                  : op == opcode::count_of ? requirement_form::count
                                  : op == opcode::sum_of   ? requirement_form::sum
                                                           : requirement_form::avg;
    if (const std::int32_t total = ws_.ctx_->node_total[node]; total >= 0)
      return ws_.shared_total(prog_, form, selector, slot, total, env_);
    const std::int32_t from = has_within ? first_alive_day(env_.as_of, within) : min_day;
    return ws_.aggregate(prog_, form, selector, slot, from, env_);
  }

 private:
  const program& prog_;
  workspace& ws_;
  environment& env_;
};

std::int32_t first_alive_day(std::int32_t as_of, const duration& span) {
  // add() is monotone in the day, so the days d with as_of < d + span form a suffix.
  std::int64_t lo =
      static_cast<std::int64_t>(as_of) - (static_cast<std::int64_t>(span.years) * 366 +
                                          static_cast<std::int64_t>(span.months) * 31 + span.days + 2);
  std::int64_t hi = static_cast<std::int64_t>(as_of) + 1;  // as_of + 1 + span > as_of always
  lo = std::max<std::int64_t>(lo, min_day / 2);
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (as_of < add(date(static_cast<std::int32_t>(mid)), span).days_since_epoch()) hi = mid;
    else lo = mid + 1;
  }
  return static_cast<std::int32_t>(lo);
}

void as_of_context::prepare(const program& prog, std::int32_t as_of_day) {
  as_of = as_of_day;
  unit_alive_from.assign(prog.units.size(), min_day);
  for (std::size_t u = 0; u < prog.units.size(); ++u)
    if (prog.units[u].has_valid_for) unit_alive_from[u] = first_alive_day(as_of, prog.units[u].valid_for);
  mark_alive_from.assign(prog.marks.size(), min_day);
  for (std::size_t m = 0; m < prog.marks.size(); ++m)
    if (prog.marks[m].has_valid_for) mark_alive_from[m] = first_alive_day(as_of, prog.marks[m].valid_for);
  requirement_within_from.assign(prog.requirements.size(), min_day);
  for (std::size_t r = 0; r < prog.requirements.size(); ++r)
    if (prog.requirements[r].has_within)
      requirement_within_from[r] = first_alive_day(as_of, prog.requirements[r].within);
  // Alike selectors pick alike achievements: the same masks and the same `where`
  // (the same text; by its index when it divides, whose failure names its place).
  const auto where_text = [&](std::int32_t where) -> std::string_view {
    if (where < 0) return {};
    const expression_info& e = prog.expressions.expressions[static_cast<std::size_t>(where)];
    return may_divide(prog, e.root) ? std::string_view() : std::string_view(e.text);
  };
  const auto alike = [&](const selector_info& a, std::int32_t a_where, const selector_info& b,
                         std::int32_t b_where) {
    if (a.restricts_units != b.restricts_units || a.has_marks != b.has_marks || a.unit_mask != b.unit_mask ||
        a.mark_mask != b.mark_mask)
      return false;
    if (a_where == b_where) return true;
    const std::string_view at = where_text(a_where), bt = where_text(b_where);
    return !at.empty() && at == bt;
  };
  std::vector<std::int32_t> canonical;  // selectors met so far, one of each alike kind
  std::vector<std::tuple<std::int32_t, std::int32_t, std::int32_t>> keys;  // selector, slot, within_from
  // The total for an aggregate over achievement selector `selector`, or -1.
  const auto total_of = [&](bool count, std::int32_t selector, std::int32_t slot, std::int32_t from) {
    if (selector < 0) return no_index;
    const selector_info& sel = prog.selectors[static_cast<std::size_t>(selector)];
    if (!sel.picks_achievements) return no_index;
    auto found = std::find_if(canonical.begin(), canonical.end(), [&](std::int32_t c) {
      const selector_info& other = prog.selectors[static_cast<std::size_t>(c)];
      return other.picks_achievements && alike(other, other.where, sel, sel.where);
    });
    if (found == canonical.end()) found = canonical.insert(found, selector);
    // A count reads no attribute: it shares the scan of the hours.
    const std::tuple key{*found, count ? no_index : slot, from};
    auto k = std::find(keys.begin(), keys.end(), key);
    if (k == keys.end()) k = keys.insert(k, key);
    return static_cast<std::int32_t>(k - keys.begin());
  };
  requirement_total.assign(prog.requirements.size(), no_index);
  for (std::size_t r = 0; r < prog.requirements.size(); ++r) {
    const requirement_info& req = prog.requirements[r];
    if (req.form == requirement_form::hours || req.form == requirement_form::count ||
        req.form == requirement_form::sum || req.form == requirement_form::avg)
      requirement_total[r] = total_of(req.form == requirement_form::count, req.selector, req.attr_slot,
                                      requirement_within_from[r]);
  }
  node_total.assign(prog.expressions.nodes.size(), no_index);
  for (std::size_t i = 0; i < prog.expressions.nodes.size(); ++i) {
    const expression_node& n = prog.expressions.nodes[i];
    if (n.op == opcode::hours_of || n.op == opcode::count_of || n.op == opcode::sum_of ||
        n.op == opcode::avg_of)
      node_total[i] = total_of(n.op == opcode::count_of, n.index, n.slot,
                               n.has_within ? first_alive_day(as_of, n.within) : min_day);
  }
  total_keys = std::move(keys);
}

void workspace::reset(const program& prog, std::size_t n) {
  resize(prog, n, true, true);
  std::fill(unit.begin(), unit.end(), -1);
  std::fill(day.begin(), day.end(), 0);
  std::fill(hours.begin(), hours.end(), 0);
  std::fill(exempt.begin(), exempt.end(), 0);
  std::fill(marks.begin(), marks.end(), 0);
}

void workspace::resize(const program& prog, std::size_t n, bool clear_attributes, bool clear_person) {
  count = n;
  mark_words_ = prog.mark_words();
  attribute_slots_ = prog.attribute_slots.size();
  unit.resize(n);
  day.resize(n);
  hours.resize(n);
  exempt.resize(n);
  marks.resize(n * mark_words_);
  if (clear_attributes) attributes.assign(n * attribute_slots_, attribute_cell{});
  else attributes.resize(n * attribute_slots_);
  if (clear_person) person.assign(prog.person_attribute_slots.size(), value::absent());
  else person.resize(prog.person_attribute_slots.size());
  failed = false;
}

void workspace::run(const program& prog, const as_of_context& ctx) {
  no_trace none;
  run(prog, ctx, none);
}

template <class Trace>
void workspace::run(const program& prog, const as_of_context& ctx, Trace& t) {
  ctx_ = &ctx;
  environment env;
  env.as_of = ctx.as_of;
  env.person = person.data();
  counted.assign(count, 0);
  views_.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    counted[i] = day[i] <= ctx.as_of ? 1 : 0;  // SPEC §5: later achievements are not counted
    views_[i] = achievement_view{
        unit[i], day[i], hours[i], marks.data() + i * mark_words_, attributes.data() + i * attribute_slots_,
        nullptr};
  }
  compute_levels(prog, env, t);
  compute_days();
  direct_credits(prog, env, t);
  derive(prog, env, t);
  outcomes.assign(prog.requirements.size(), requirement_outcome{});
  totals_.assign(ctx.total_keys.size(), achievement_total{});
  credit_probe probe(prog, *this, env);
  env.probe = &probe;
  if (only_root >= 0) {
    evaluate_requirement(prog, static_cast<std::uint32_t>(only_root), env, t);
  } else {
    for (const auto& d : prog.diplomas)
      if (d.root >= 0) evaluate_requirement(prog, static_cast<std::uint32_t>(d.root), env, t);
  }
  if (env.division_by_zero) {
    failed = true;
    failed_expression = env.failed_expression;
  }
}

// SPEC §5.1: per scale, the highest level among live marks whose case matches and
// the unit's intrinsic level; else the scale's default.
template <class Trace>
void workspace::compute_levels(const program& prog, const environment& base, Trace& t) {
  const std::size_t scales = prog.scales.size();
  levels.assign(count * scales, -1);
  environment env = base;
  for (std::size_t i = 0; i < count; ++i) {
    if (!counted[i]) continue;
    env.achievement = &views_[i];  // levels stay null here: level() is not allowed in mark cases
    const std::uint64_t* m = views_[i].marks;
    for (std::size_t s = 0; s < scales; ++s) {
      std::int32_t best = -2;  // nothing placed yet
      for (std::size_t w = 0; w < mark_words_; ++w) {
        for (std::uint64_t bits = m[w]; bits; bits &= bits - 1) {
          const std::size_t k = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
          const mark_info& mark = prog.marks[k];
          const bool lapsed = day[i] < ctx_->mark_alive_from[k];  // SPEC §10: lapsed marks give no level
          if (lapsed && !Trace::enabled) continue;
          for (std::size_t c = 0; c < mark.cases[s].size(); ++c) {
            const mark_case& option = mark.cases[s][c];
            if (option.when < 0 || holds(prog, option.when, env)) {
              if (!lapsed) best = std::max(best, option.level);
              if constexpr (Trace::enabled)
                t.level({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(s),
                         static_cast<std::int32_t>(k), static_cast<std::int32_t>(c), option.level, lapsed});
              break;
            }
          }
        }
      }
      if (unit[i] >= 0) best = std::max(best, prog.units[static_cast<std::size_t>(unit[i])].level[s]);
      levels[i * scales + s] = best >= 0 ? best : prog.scales[s].default_level;
    }
    views_[i].levels = levels.data() + i * scales;
  }
}

void workspace::compute_days() {
  days.clear();
  for (std::size_t i = 0; i < count; ++i)
    if (counted[i]) days.push_back(day[i]);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  words = std::max<std::size_t>(1, (days.size() + 63) / 64);
}

std::size_t workspace::alive_index(std::int32_t u) const {
  const std::int32_t from = ctx_->unit_alive_from[static_cast<std::size_t>(u)];
  return static_cast<std::size_t>(std::lower_bound(days.begin(), days.end(), from) - days.begin());
}

// SPEC §5.2, §9: an achievement credits its unit at its day within `effective`
// when `credit_when` holds, or always when exempted; lapsed credits do not exist.
template <class Trace>
void workspace::direct_credits(const program& prog, environment& env, Trace& t) {
  // The last run left bits only on the units it credited (a direct or exemption
  // bit comes with a credit bit), at its own words per unit: clearing those
  // leaves every array zero, whatever this portfolio's words.
  for (std::size_t w = 0; w < credited_units.size(); ++w) {
    for (std::uint64_t bits = credited_units[w]; bits; bits &= bits - 1) {
      const std::size_t at = (w * 64 + static_cast<std::size_t>(std::countr_zero(bits))) * credit_words_;
      if (credit_words_ == 1) {  // up to 64 days, most persons: a store, not a memset call
        credit[at] = direct[at] = exempted[at] = 0;
        continue;
      }
      std::fill_n(credit.data() + at, credit_words_, 0);
      std::fill_n(direct.data() + at, credit_words_, 0);
      std::fill_n(exempted.data() + at, credit_words_, 0);
    }
  }
  const std::size_t size = prog.units.size() * words;
  if (credit.size() < size) {
    credit.resize(size, 0);
    direct.resize(size, 0);
    exempted.resize(size, 0);
  }
  credit_words_ = words;
  credited_units.assign(prog.unit_words(), 0);
  for (std::size_t i = 0; i < count; ++i) {
    if (!counted[i] || unit[i] < 0) {
      t.direct(i, counted[i] ? direct_outcome::no_unit : direct_outcome::not_counted);
      continue;
    }
    const auto u = static_cast<std::size_t>(unit[i]);
    const unit_info& info = prog.units[u];
    if (day[i] < info.effective_from || day[i] > info.effective_to) {
      t.direct(i, direct_outcome::outside_effective);
      continue;
    }
    if (day[i] < ctx_->unit_alive_from[u]) {
      t.direct(i, direct_outcome::lapsed);
      continue;
    }
    const auto bit =
        static_cast<std::size_t>(std::lower_bound(days.begin(), days.end(), day[i]) - days.begin());
    if (exempt[i]) {
      set_bit(exempted.data() + u * words, bit);
      t.direct(i, direct_outcome::exempted);
    } else {
      env.achievement = &views_[i];
      if (info.credit_when >= 0 && !holds(prog, info.credit_when, env)) {
        t.direct(i, direct_outcome::credit_when);
        continue;
      }
      set_bit(direct.data() + u * words, bit);
      t.direct(i, direct_outcome::credited);
    }
    set_bit(credit.data() + u * words, bit);
    set_bit(credited_units.data(), u);
  }
  env.achievement = nullptr;
}

void workspace::candidates(const program& prog, std::size_t e, const std::int32_t* sources,
                           std::size_t source_count, double rule_hours, environment& env, std::uint64_t* out,
                           bool apply_when) {
  const equivalence_info& eq = prog.equivalences[e];
  std::fill(out, out + words, 0);
  // SPEC §10: one credited day per source; the rule applies at the latest one picked,
  // so any credited day of a source that is not before every source's earliest day.
  std::size_t earliest = 0;
  for (std::size_t k = 0; k < source_count; ++k) {
    const std::uint64_t* c = credit.data() + static_cast<std::size_t>(sources[k]) * words;
    if (!any_bit(c, words)) {
      std::fill(out, out + words, 0);
      return;
    }
    earliest = std::max(earliest, lowest_bit(c, words));
    for (std::size_t w = 0; w < words; ++w) out[w] |= c[w];
  }
  const auto lo =
      static_cast<std::size_t>(std::lower_bound(days.begin(), days.end(), eq.effective_from) - days.begin());
  const auto hi =
      static_cast<std::size_t>(std::upper_bound(days.begin(), days.end(), eq.effective_to) - days.begin());
  keep_range(out, words, std::max(earliest, lo), hi);
  if (eq.when < 0 || !apply_when) return;
  // `when` depends on the day (and, for a symmetric group, the member's hours);
  // results are cached per day unless the rule reads `hours`.
  std::uint64_t* known = when_known_.data() + e * words;
  std::uint64_t* truth = when_true_.data() + e * words;
  if (!eq.when_reads_hours && std::find(when_filled_.begin(), when_filled_.end(), e) == when_filled_.end())
    when_filled_.push_back(static_cast<std::int32_t>(e));
  env.rule_hours = rule_hours;
  for (std::size_t w = 0; w < words; ++w) {
    for (std::uint64_t bits = out[w]; bits; bits &= bits - 1) {
      const std::size_t b = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
      bool ok = false;
      if (!eq.when_reads_hours && test_bit(known, b)) {
        ok = test_bit(truth, b);
      } else {
        env.rule_day = days[b];
        ok = holds(prog, eq.when, env);
        if (!eq.when_reads_hours) {
          set_bit(known, b);
          if (ok) set_bit(truth, b);
        }
      }
      if (!ok) out[w] &= ~(std::uint64_t{1} << (b % 64));
    }
  }
}

template <class Trace>
bool workspace::apply(const program& prog, std::size_t e, environment& env, Trace& t) {
  const equivalence_info& eq = prog.equivalences[e];
  bool changed = false;
  const auto spread = [&](std::int32_t target, const std::uint64_t* days_bits, std::int32_t member) {
    std::uint64_t* c = credit.data() + static_cast<std::size_t>(target) * words;
    const std::size_t alive = alive_index(target);  // SPEC §5.4: a lapsed credit is no credit
    for (std::size_t w = 0; w < words; ++w) {
      std::uint64_t add = days_bits[w];
      const std::size_t lo = w * 64;
      if (alive >= lo + 64) add = 0;
      else if (alive > lo) add &= ~std::uint64_t{0} << (alive - lo);
      if (add & ~c[w]) {
        if constexpr (Trace::enabled) {
          for (std::uint64_t fresh = add & ~c[w]; fresh; fresh &= fresh - 1)
            t.derived(static_cast<std::size_t>(target),
                      lo + static_cast<std::size_t>(std::countr_zero(fresh)), days.size(),
                      static_cast<std::int32_t>(e), member);
        }
        c[w] |= add;
        changed = true;
        set_bit(credited_units.data(), static_cast<std::size_t>(target));
      }
    }
  };
  std::uint64_t* cand = scratch_.data();
  const auto has_credit = [&](std::int32_t u) {
    return test_bit(credited_units.data(), static_cast<std::size_t>(u));
  };
  if (eq.symmetric) {
    for (std::int32_t member : eq.sources) {
      if (!has_credit(member)) continue;  // no credited day: nothing to spread
      candidates(prog, e, &member, 1, prog.units[static_cast<std::size_t>(member)].hours, env, cand);
      if (!any_bit(cand, words)) continue;
      for (std::int32_t other : eq.sources)
        if (other != member) spread(other, cand, member);
    }
  } else {
    // Every source needs a credited day.
    if (!std::all_of(eq.sources.begin(), eq.sources.end(), has_credit)) return false;
    candidates(prog, e, eq.sources.data(), eq.sources.size(), eq.source_hours, env, cand);
    if (any_bit(cand, words))
      for (std::int32_t target : eq.targets) spread(target, cand, -1);
  }
  return changed;
}

// SPEC §5.3: credits only grow, so repeating a cyclic group until nothing changes terminates.
template <class Trace>
void workspace::derive(const program& prog, environment& env, Trace& t) {
  scratch_.assign(words, 0);
  // As the credits: clear only the `when` caches the last run filled.
  for (const std::int32_t e : when_filled_) {
    const std::size_t at = static_cast<std::size_t>(e) * when_words_;
    std::fill_n(when_known_.data() + at, when_words_, 0);
    std::fill_n(when_true_.data() + at, when_words_, 0);
  }
  when_filled_.clear();
  when_words_ = words;
  if (when_known_.size() < prog.equivalences.size() * words) {
    when_known_.resize(prog.equivalences.size() * words, 0);
    when_true_.resize(prog.equivalences.size() * words, 0);
  }
  for (std::size_t g = 0; g < prog.equivalence_groups.size(); ++g) {
    const auto& group = prog.equivalence_groups[g];
    bool changed = true;
    while (changed) {
      changed = false;
      for (std::int32_t e : group) changed = apply(prog, static_cast<std::size_t>(e), env, t) || changed;
      if (!prog.group_is_cyclic[g]) break;
    }
  }
}

std::int32_t workspace::latest_day(std::int32_t u) const {
  const std::size_t top = highest_bit(credit.data() + static_cast<std::size_t>(u) * words, words);
  return days[top];
}

// SPEC §5.3, §9: on equal days the achievement, then the exemption, then
// equivalences in declaration order.
std::int32_t workspace::via(const program& prog, std::int32_t u) {
  return via_at(prog, u, highest_bit(credit.data() + static_cast<std::size_t>(u) * words, words));
}

std::int32_t workspace::via_at(const program& prog, std::int32_t u, std::size_t top) {
  const auto uu = static_cast<std::size_t>(u);
  if (test_bit(direct.data() + uu * words, top)) return -1;
  if (test_bit(exempted.data() + uu * words, top)) return -2;
  environment env;
  env.as_of = ctx_->as_of;
  env.person = person.data();
  std::vector<std::uint64_t>& cand = scratch_;
  cand.assign(words, 0);
  for (std::int32_t e : prog.equivalences_into[uu]) {
    const equivalence_info& eq = prog.equivalences[static_cast<std::size_t>(e)];
    if (eq.symmetric) {
      for (std::int32_t member : eq.sources) {
        if (member == u) continue;
        candidates(prog, static_cast<std::size_t>(e), &member, 1,
                   prog.units[static_cast<std::size_t>(member)].hours, env, cand.data());
        if (test_bit(cand.data(), top)) return e;
      }
    } else {
      candidates(prog, static_cast<std::size_t>(e), eq.sources.data(), eq.sources.size(), eq.source_hours,
                 env, cand.data());
      if (test_bit(cand.data(), top)) return e;
    }
  }
  return -1;
}

// SPEC §9: an achievement selector picks counted achievements by their own
// fields: unit id, kind and tags, marks, `where`, and the `within` window.
bool workspace::selects(const program& prog, const selector_info& sel, std::size_t i,
                        std::int32_t within_from, environment& env) const {
  if (!counted[i] || day[i] < within_from) return false;
  if (sel.restricts_units &&
      (unit[i] < 0 || !test_bit(sel.unit_mask.data(), static_cast<std::size_t>(unit[i]))))
    return false;
  if (sel.has_marks) {
    bool any = false;
    for (std::size_t w = 0; w < mark_words_; ++w)
      any = any || (marks[i * mark_words_ + w] & sel.mark_mask[w]) != 0;
    if (!any) return false;
  }
  if (sel.where >= 0) {
    const achievement_view* saved = env.achievement;
    env.achievement = &views_[i];
    const bool ok = holds(prog, sel.where, env);
    env.achievement = saved;
    if (!ok) return false;
  }
  return true;
}

std::optional<double> workspace::aggregate(const program& prog, requirement_form form, std::int32_t selector,
                                           std::int32_t slot, std::int32_t within_from, environment& env) {
  const selector_info& sel = prog.selectors[static_cast<std::size_t>(selector)];
  if (!sel.picks_achievements) {
    // hours and count over units: each distinct credited unit once (SPEC §5.6).
    double total = 0;
    for (std::size_t w = 0; w < credited_units.size(); ++w) {
      for (std::uint64_t bits = credited_units[w] & sel.unit_mask[w]; bits; bits &= bits - 1) {
        const std::size_t u = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
        total += form == requirement_form::hours ? prog.units[u].hours : 1.0;
      }
    }
    return total;
  }
  return total_value(form,
                     scan(prog, sel, form == requirement_form::count ? no_index : slot, within_from, env));
}

workspace::achievement_total workspace::scan(const program& prog, const selector_info& sel, std::int32_t slot,
                                             std::int32_t within_from, environment& env) const {
  achievement_total t;
  for (std::size_t i = 0; i < count; ++i) {
    if (!selects(prog, sel, i, within_from, env)) continue;
    ++t.selected;
    if (slot < 0) {
      t.sum += hours[i];
      ++t.numeric;
    } else {
      const attribute_cell& v = attributes[i * attribute_slots_ + static_cast<std::size_t>(slot)];
      if (v.t != value::tag::number) continue;  // SPEC §10: only numeric attributes count
      t.sum += v.n;
      ++t.numeric;
    }
  }
  t.known = true;
  return t;
}

std::optional<double> workspace::total_value(requirement_form form, const achievement_total& t) {
  switch (form) {
    case requirement_form::count: return static_cast<double>(t.selected);
    case requirement_form::avg:
      if (t.numeric == 0) return std::nullopt;
      return t.sum / static_cast<double>(t.numeric);
    default: return t.sum;
  }
}

std::optional<double> workspace::shared_total(const program& prog, requirement_form form,
                                              std::int32_t selector, std::int32_t attr_slot,
                                              std::int32_t total, environment& env) {
  achievement_total& t = totals_[static_cast<std::size_t>(total)];
  if (!t.known) {
    const selector_info& sel = prog.selectors[static_cast<std::size_t>(selector)];
    const std::int32_t slot = form == requirement_form::count ? no_index : attr_slot;
    t = scan(prog, sel, slot, std::get<2>(ctx_->total_keys[static_cast<std::size_t>(total)]), env);
  }
  return total_value(form, t);
}

requirement_outcome workspace::unit_outcome(const requirement_info& req) const {
  const bool credited = req.unit >= 0 && test_bit(credited_units.data(), static_cast<std::size_t>(req.unit));
  return {true, credited, credited, credited ? 1.0 : 0.0};
}

template <class Trace>
void workspace::evaluate_requirement(const program& prog, std::uint32_t r, environment& env, Trace& t) {
  const requirement_info& req = prog.requirements[r];
  requirement_outcome out;
  // SPEC §9: a requirement whose guard is false is left out as if not written.
  if (req.guard >= 0 && !holds(prog, req.guard, env)) {
    outcomes[r] = out;
    return;
  }
  out.applicable = true;
  switch (req.form) {
    case requirement_form::unit: outcomes[r] = unit_outcome(req); return;
    case requirement_form::check:
      out.satisfied = req.check >= 0 && holds(prog, req.check, env);
      out.progress = out.satisfied ? 1 : 0;
      break;
    case requirement_form::hours:
    case requirement_form::count:
    case requirement_form::sum:
    case requirement_form::avg: {
      const std::int32_t from = ctx_->requirement_within_from[r];
      const std::int32_t shared = ctx_->requirement_total[r];
      const auto achieved = shared >= 0
                                ? shared_total(prog, req.form, req.selector, req.attr_slot, shared, env)
                                : aggregate(prog, req.form, req.selector, req.attr_slot, from, env);
      t.aggregate(r, achieved);
      out.satisfied = achieved && *achieved >= req.min;
      out.progress = achieved ? share(*achieved, req.min) : 0;
      break;
    }
    case requirement_form::all_of:
    case requirement_form::any_of:
    case requirement_form::n_of: {
      const std::size_t base = progress_stack_.size();
      std::size_t applicable = 0, satisfied = 0;
      // all_of adds its children's progress in order as they come (the same
      // sum as over a list of them); any_of and n_of keep the list.
      const bool keep = req.form != requirement_form::all_of;
      double sum = 0;
      for (std::uint32_t k = 0; k < req.child_count; ++k) {
        const std::uint32_t c = prog.requirement_children[req.first_child + k];
        const requirement_info& child = prog.requirements[c];
        if (child.form == requirement_form::unit && child.guard < 0) {
          outcomes[c] = unit_outcome(child);  // most leaves: without a call per leaf
        } else {
          evaluate_requirement(prog, c, env, t);
        }
        const requirement_outcome& o = outcomes[c];
        if (!o.applicable) continue;
        ++applicable;
        satisfied += o.satisfied ? 1 : 0;
        out.any_leaf = out.any_leaf || o.any_leaf;
        if (keep) progress_stack_.push_back(o.progress);
        else sum += o.progress;
      }
      if (applicable == 0) {  // SPEC §10: a group whose children are all left out is left out
        progress_stack_.resize(base);
        outcomes[r] = requirement_outcome{};
        return;
      }
      auto first = progress_stack_.begin() + static_cast<std::ptrdiff_t>(base);
      if (req.form == requirement_form::all_of) {
        out.satisfied = satisfied == applicable;
        out.progress = sum / static_cast<double>(applicable);
      } else if (req.form == requirement_form::any_of) {
        out.satisfied = satisfied > 0;
        out.progress = *std::max_element(first, progress_stack_.end());
      } else {
        const auto n = static_cast<std::size_t>(req.n);
        out.satisfied = satisfied >= n;
        const std::size_t best = std::min(n, applicable);
        std::partial_sort(first, first + static_cast<std::ptrdiff_t>(best), progress_stack_.end(),
                          std::greater<>());
        for (std::size_t k = 0; k < best; ++k) sum += first[static_cast<std::ptrdiff_t>(k)];
        out.progress = sum / static_cast<double>(n);
      }
      progress_stack_.resize(base);
      outcomes[r] = out;
      return;
    }
  }
  out.any_leaf = out.satisfied;
  outcomes[r] = out;
}

// SPEC §5.5, §10: the unsatisfied leaves of the best branch, in document order.
void workspace::collect_missing(const program& prog, std::uint32_t r) {
  const requirement_outcome& o = outcomes[r];
  if (!o.applicable || o.satisfied) return;
  const requirement_info& req = prog.requirements[r];
  const auto child = [&](std::uint32_t k) { return prog.requirement_children[req.first_child + k]; };
  switch (req.form) {
    case requirement_form::all_of:
      for (std::uint32_t k = 0; k < req.child_count; ++k) collect_missing(prog, child(k));
      return;
    case requirement_form::any_of: {
      std::int64_t best = -1;
      for (std::uint32_t k = 0; k < req.child_count; ++k) {
        const requirement_outcome& c = outcomes[child(k)];
        if (c.applicable &&
            (best < 0 || c.progress > outcomes[child(static_cast<std::uint32_t>(best))].progress))
          best = k;
      }
      if (best >= 0) collect_missing(prog, child(static_cast<std::uint32_t>(best)));
      return;
    }
    case requirement_form::n_of: {
      std::size_t satisfied = 0;
      const std::size_t base = index_stack_.size();
      for (std::uint32_t k = 0; k < req.child_count; ++k) {
        const requirement_outcome& c = outcomes[child(k)];
        if (!c.applicable) continue;
        if (c.satisfied) ++satisfied;
        else index_stack_.push_back(k);
      }
      const std::size_t need =
          static_cast<std::size_t>(req.n) > satisfied ? static_cast<std::size_t>(req.n) - satisfied : 0;
      // Choose the `need` unsatisfied children with the highest progress, first on ties,
      // marking each chosen one with the top bit; then emit them in document order.
      constexpr std::uint32_t chosen = 0x80000000U;
      for (std::size_t pick = 0; pick < need; ++pick) {
        std::size_t best = index_stack_.size();
        for (std::size_t j = base; j < index_stack_.size(); ++j) {
          if (index_stack_[j] & chosen) continue;
          if (best == index_stack_.size() || outcomes[child(index_stack_[j])].progress >
                                                 outcomes[child(index_stack_[best] & ~chosen)].progress)
            best = j;
        }
        if (best == index_stack_.size()) break;
        index_stack_[best] |= chosen;
      }
      for (std::size_t j = base; j < index_stack_.size(); ++j)
        if (index_stack_[j] & chosen) collect_missing(prog, child(index_stack_[j] & ~chosen));
      index_stack_.resize(base);
      return;
    }
    default: missing.push_back(req.leaf_name); return;
  }
}

diploma_status workspace::diploma(const program& prog, std::size_t d, double& progress) {
  missing.clear();
  progress = 0;
  const std::int32_t root = prog.diplomas[d].root;
  if (root < 0) return diploma_status::none;
  const requirement_outcome& o = outcomes[static_cast<std::size_t>(root)];
  // SPEC §9: a diploma whose `requires` is left out is `none` with progress 0.
  if (!o.applicable) return diploma_status::none;
  progress = round4(o.progress);
  if (o.satisfied) return diploma_status::complete;
  collect_missing(prog, static_cast<std::uint32_t>(root));
  return o.any_leaf ? diploma_status::partial : diploma_status::none;
}

template void workspace::run<no_trace>(const program&, const as_of_context&, no_trace&);
template void workspace::run<trace>(const program&, const as_of_context&, trace&);

}  // namespace civeff::detail
