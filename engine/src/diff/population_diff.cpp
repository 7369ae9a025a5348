// SPDX-License-Identifier: Apache-2.0
#include "diff/population_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "diff/changed_rules.hpp"
#include "eval/batch.hpp"
#include "eval/bits.hpp"
#include "eval/evaluator.hpp"
#include "eval/portfolio_input.hpp"
#include "explain/explainer.hpp"
#include "explain/rule_uses.hpp"

namespace civeff::detail {
namespace {

constexpr std::int32_t no_text = change_row::no_text;

// Texts interned by one thread; merged into the result's table at the end.
class text_table {
 public:
  std::int32_t code(std::string_view s) {
    const auto it = index_.find(s);
    if (it != index_.end()) return it->second;
    const auto c = static_cast<std::int32_t>(texts_.size());
    texts_.emplace_back(s);
    index_.emplace(texts_.back(), c);
    return c;
  }
  // code(make()) once per `key` of `cache` (filled with no_text).
  template <class Make>
  std::int32_t cached(std::vector<std::int32_t>& cache, std::size_t key, Make make) {
    if (cache[key] == no_text) cache[key] = code(make());
    return cache[key];
  }
  [[nodiscard]] const std::deque<std::string>& texts() const { return texts_; }

 private:
  std::deque<std::string> texts_;  // a deque: the index's views stay valid
  std::unordered_map<std::string_view, std::int32_t> index_;
};

// The two programs side by side: what matches what, by id or by name.
struct pairing {
  struct scale_pair {
    std::string id;
    std::int32_t a = -1, b = -1;     // scale index per side, -1: not on that side
    std::vector<std::int32_t> to_b;  // per level of a: b's level of that name, else -2
  };
  std::vector<scale_pair> scales;  // by id
  struct diploma_pair {
    std::string id;
    std::int32_t a = -1, b = -1;
  };
  std::vector<diploma_pair> diplomas;                  // by id
  std::vector<std::string_view> unit_ids;              // both sides' units, by id
  std::vector<std::int32_t> unit_rank_a, unit_rank_b;  // unit index -> position in unit_ids
  std::vector<std::int32_t> unit_of_rank_a, unit_of_rank_b;
  // Leaves compare by name; one name may have several indices on one side.
  std::vector<std::int32_t> leaf_to_b;         // leaf name index of a -> b's first index of that name, -1
  std::vector<std::int32_t> leaf_in_b;         // leaf name index of b -> b's first index of that name
  std::vector<std::int32_t> equivalence_to_b;  // equivalence index of a -> of b, -1

  pairing(const program& a, const program& b) {
    std::vector<std::string> ids;
    for (const auto& s : a.scales) ids.push_back(s.id);
    for (const auto& s : b.scales) ids.push_back(s.id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const auto find_scale = [](const program& p, const std::string& id) {
      for (std::size_t s = 0; s < p.scales.size(); ++s)
        if (p.scales[s].id == id) return static_cast<std::int32_t>(s);
      return std::int32_t{-1};
    };
    for (const auto& id : ids) {
      scale_pair p{id, find_scale(a, id), find_scale(b, id), {}};
      if (p.a >= 0 && p.b >= 0) {
        const auto& to = b.scales[static_cast<std::size_t>(p.b)].levels;
        for (const auto& level : a.scales[static_cast<std::size_t>(p.a)].levels) {
          const auto it = std::find(to.begin(), to.end(), level);
          p.to_b.push_back(it == to.end() ? -2 : static_cast<std::int32_t>(it - to.begin()));
        }
      }
      scales.push_back(std::move(p));
    }
    // Diplomas and unit lookups are sorted by id on both sides: merged.
    for (std::size_t i = 0, j = 0; i < a.diplomas.size() || j < b.diplomas.size();) {
      if (j == b.diplomas.size() || (i < a.diplomas.size() && a.diplomas[i].id < b.diplomas[j].id)) {
        diplomas.push_back({a.diplomas[i].id, static_cast<std::int32_t>(i), -1});
        ++i;
      } else if (i == a.diplomas.size() || b.diplomas[j].id < a.diplomas[i].id) {
        diplomas.push_back({b.diplomas[j].id, -1, static_cast<std::int32_t>(j)});
        ++j;
      } else {
        diplomas.push_back({a.diplomas[i].id, static_cast<std::int32_t>(i), static_cast<std::int32_t>(j)});
        ++i;
        ++j;
      }
    }
    unit_rank_a.assign(a.units.size(), -1);
    unit_rank_b.assign(b.units.size(), -1);
    const auto& la = a.unit_lookup;
    const auto& lb = b.unit_lookup;
    for (std::size_t i = 0, j = 0; i < la.size() || j < lb.size();) {
      const auto rank = static_cast<std::int32_t>(unit_ids.size());
      const bool take_a = j == lb.size() || (i < la.size() && la[i].first <= lb[j].first);
      const bool take_b = i == la.size() || (j < lb.size() && lb[j].first <= la[i].first);
      unit_ids.push_back(take_a ? la[i].first : lb[j].first);
      unit_of_rank_a.push_back(take_a ? la[i].second : -1);
      unit_of_rank_b.push_back(take_b ? lb[j].second : -1);
      if (take_a) unit_rank_a[static_cast<std::size_t>(la[i++].second)] = rank;
      if (take_b) unit_rank_b[static_cast<std::size_t>(lb[j++].second)] = rank;
    }
    std::unordered_map<std::string_view, std::int32_t> leaves;
    for (std::size_t k = 0; k < b.leaf_names.size(); ++k)
      leaf_in_b.push_back(leaves.emplace(b.leaf_names[k], static_cast<std::int32_t>(k)).first->second);
    for (const auto& name : a.leaf_names) {
      const auto it = leaves.find(name);
      leaf_to_b.push_back(it == leaves.end() ? -1 : it->second);
    }
    std::unordered_map<std::string_view, std::int32_t> equivalences;
    for (std::size_t k = 0; k < b.equivalences.size(); ++k)
      equivalences.emplace(b.equivalences[k].id, static_cast<std::int32_t>(k));
    for (const auto& e : a.equivalences) {
      const auto it = equivalences.find(e.id);
      equivalence_to_b.push_back(it == equivalences.end() ? -1 : it->second);
    }
  }
};

// The rows of a chunk of persons. `person` is the person's position in the
// groups until the merge; texts are codes into the table of thread `thread`.
struct diff_chunk_output {
  std::size_t thread = 0;
  std::vector<change_row> rows;
  std::vector<diagnostic> errors;
  std::size_t compared = 0;
};

// What a changed row needs to find its cause: where its outcome is on each side.
struct row_key {
  std::int32_t a = -1, b = -1;  // diploma, scale or unit index per side (-1: none)
  std::size_t achievement = 0;  // level rows
};

// One side of the comparison: its program, its reading of the population, and
// a thread's workspace and trace.
struct side_inputs {
  const program& prog;
  const population_view& pop;
  const population_reading& reading;
  const as_of_context& ctx;
};
struct side {
  explicit side(const side_inputs& in) : prog(in.prog), pop(in.pop), reading(in.reading), ctx(in.ctx) {}
  const program& prog;
  const population_view& pop;
  const population_reading& reading;
  const as_of_context& ctx;
  workspace ws;
  trace t;
};

std::string_view status_name(diploma_status s) { return to_string(s); }

// SPEC §6: `via` as written.
std::string_view via_name(const program& prog, std::int32_t via) {
  if (via == -1) return "achievement";
  if (via == -2) return "exemption";
  return prog.equivalences[static_cast<std::size_t>(via)].id;
}

// What every thread reads.
class differ {
 public:
  differ(const program& a, const program& b, const population_view& pop_a, const person_groups& groups,
         std::vector<std::string> changed)
      : a_(a), b_(b), pop_(pop_a), groups_(groups), pairs_(a, b), changed_(std::move(changed)) {}

  [[nodiscard]] const std::vector<std::string>& changed() const { return changed_; }

  // Per thread: its text table and caches of the codes of program texts.
  struct thread_state {
    thread_state(const side_inputs& before, const side_inputs& after) : a(before), b(after) {}
    side a, b;
    text_table texts;
    std::vector<std::int32_t> diploma_codes, scale_codes, unit_codes, level_codes_a, level_codes_b,
        via_codes_a, via_codes_b, unit_cell_codes;
    std::vector<std::size_t> level_offsets_a, level_offsets_b;
    std::vector<row_key> keys;  // of the rows of the person at hand
    std::vector<std::uint32_t> missing_a;
    std::vector<std::string> names;
    std::vector<std::int32_t> ranks, picked;
    std::string joined;
  };
  void prepare(thread_state& st) const;

  // Compares person `person` (a position in the groups); appends its changed rows.
  void compare(std::size_t person, thread_state& st, diff_chunk_output& out) const;

 private:
  void compare_diplomas(thread_state& st, diff_chunk_output& out, std::uint32_t person) const;
  void compare_levels(thread_state& st, diff_chunk_output& out, std::uint32_t person) const;
  void compare_credits(thread_state& st, diff_chunk_output& out, std::uint32_t person) const;
  void find_causes(std::size_t person, thread_state& st, change_row* rows, std::size_t count) const;
  std::int32_t level_code(thread_state& st, bool before, std::size_t scale, std::int32_t level) const;
  std::int32_t via_code(thread_state& st, bool before, std::int32_t via) const;
  std::string level_label(const program& p, std::int32_t scale, std::int32_t level) const;

  const program& a_;
  const program& b_;
  const population_view& pop_;
  const person_groups& groups_;
  pairing pairs_;
  std::vector<std::string> changed_;
};

void differ::prepare(thread_state& st) const {
  st.diploma_codes.assign(pairs_.diplomas.size(), no_text);
  st.scale_codes.assign(pairs_.scales.size(), no_text);
  st.unit_codes.assign(pairs_.unit_ids.size(), no_text);
  st.unit_cell_codes.assign(pop_.unit.categories.size(), no_text);
  const auto offsets = [](const program& p, std::vector<std::size_t>& out) {
    out.assign(1, 0);
    for (const auto& s : p.scales) out.push_back(out.back() + s.levels.size());
  };
  offsets(a_, st.level_offsets_a);
  offsets(b_, st.level_offsets_b);
  st.level_codes_a.assign(st.level_offsets_a.back(), no_text);
  st.level_codes_b.assign(st.level_offsets_b.back(), no_text);
  st.via_codes_a.assign(a_.equivalences.size() + 2, no_text);
  st.via_codes_b.assign(b_.equivalences.size() + 2, no_text);
}

std::int32_t differ::level_code(thread_state& st, bool before, std::size_t scale, std::int32_t level) const {
  if (level < 0) return no_text;
  const program& p = before ? a_ : b_;
  auto& cache = before ? st.level_codes_a : st.level_codes_b;
  const std::size_t key =
      (before ? st.level_offsets_a : st.level_offsets_b)[scale] + static_cast<std::size_t>(level);
  return st.texts.cached(cache, key, [&] { return p.scales[scale].levels[static_cast<std::size_t>(level)]; });
}

std::int32_t differ::via_code(thread_state& st, bool before, std::int32_t via) const {
  const program& p = before ? a_ : b_;
  return st.texts.cached(before ? st.via_codes_a : st.via_codes_b, static_cast<std::size_t>(via + 2),
                         [&] { return via_name(p, via); });
}

// A level as the summary's change names it: its name, `null`, or `absent`.
std::string differ::level_label(const program& p, std::int32_t scale, std::int32_t level) const {
  if (scale < 0) return "absent";
  if (level < 0) return "null";
  return p.scales[static_cast<std::size_t>(scale)].levels[static_cast<std::size_t>(level)];
}

void differ::compare(std::size_t person, thread_state& st, diff_chunk_output& out) const {
  // Traced from the start: a traced run costs about what a plain one does, and
  // find_causes reads the trace of every person with a changed row (most of
  // them, in a scenario that moves many levels) instead of running them again.
  load_person(a_, st.a.pop, groups_, st.a.reading, person, st.a.ws);
  st.a.t.clear();
  st.a.ws.run(a_, st.a.ctx, st.a.t);
  load_person(b_, st.b.pop, groups_, st.b.reading, person, st.b.ws);
  st.b.t.clear();
  st.b.ws.run(b_, st.b.ctx, st.b.t);
  if (st.a.ws.failed || st.b.ws.failed) {
    // SPEC §10: reported, left out; the others are compared.
    const std::string_view id =
        pop_.person.categories[static_cast<std::size_t>(groups_.person_order[person])];
    if (st.a.ws.failed) out.errors.push_back(evaluation_failure(a_, st.a.ws, id));
    if (st.b.ws.failed) out.errors.push_back(evaluation_failure(b_, st.b.ws, id));
    return;
  }
  ++out.compared;
  const std::size_t first = out.rows.size();
  st.keys.clear();
  const auto p = static_cast<std::uint32_t>(person);
  compare_diplomas(st, out, p);
  compare_levels(st, out, p);
  compare_credits(st, out, p);
  if (out.rows.size() > first) find_causes(person, st, out.rows.data() + first, out.rows.size() - first);
}

void differ::compare_diplomas(thread_state& st, diff_chunk_output& out, std::uint32_t person) const {
  workspace& wa = st.a.ws;
  workspace& wb = st.b.ws;
  const auto joined = [&](const program& p, const std::vector<std::uint32_t>& leaves) {
    st.joined.clear();
    for (std::size_t k = 0; k < leaves.size(); ++k) {
      if (k > 0) st.joined += ';';
      st.joined += p.leaf_names[leaves[k]];
    }
    return st.texts.code(st.joined);
  };
  for (std::size_t d = 0; d < pairs_.diplomas.size(); ++d) {
    const auto& pair = pairs_.diplomas[d];
    double pa = 0, pb = 0;
    diploma_status sa = diploma_status::none, sb = diploma_status::none;
    if (pair.a >= 0) {
      sa = wa.diploma(a_, static_cast<std::size_t>(pair.a), pa);
      st.missing_a = wa.missing;
    }
    if (pair.b >= 0) sb = wb.diploma(b_, static_cast<std::size_t>(pair.b), pb);
    const bool both = pair.a >= 0 && pair.b >= 0;
    bool same_missing = both && st.missing_a.size() == wb.missing.size();
    for (std::size_t k = 0; same_missing && k < st.missing_a.size(); ++k)
      same_missing = pairs_.leaf_to_b[st.missing_a[k]] == pairs_.leaf_in_b[wb.missing[k]];
    if (both && sa == sb && pa == pb && same_missing) continue;
    change_row r;
    r.kind = change_kind::diploma;
    r.person = person;
    r.subject = st.texts.cached(st.diploma_codes, d, [&] { return pair.id; });
    std::string change;
    if (pair.a >= 0) {
      r.before = st.texts.code(status_name(sa));
      r.progress_before = pa;
      r.missing_before = joined(a_, st.missing_a);
    }
    if (pair.b >= 0) {
      r.after = st.texts.code(status_name(sb));
      r.progress_after = pb;
      r.missing_after = joined(b_, wb.missing);
    }
    if (!both || sa != sb)
      change = fmt::format("{}->{}", pair.a >= 0 ? status_name(sa) : "absent",
                           pair.b >= 0 ? status_name(sb) : "absent");
    else if (pa != pb) change = pb > pa ? "progress up" : "progress down";
    else change = "missing changed";
    r.change = st.texts.code(change);
    out.rows.push_back(r);
    st.keys.push_back({pair.a, pair.b, 0});
  }
}

void differ::compare_levels(thread_state& st, diff_chunk_output& out, std::uint32_t person) const {
  const workspace& wa = st.a.ws;
  const workspace& wb = st.b.ws;
  const std::size_t na = a_.scales.size(), nb = b_.scales.size();
  const std::uint32_t begin = groups_.row_offsets[person];
  for (std::size_t i = 0; i < wa.count; ++i) {
    if (!wa.counted[i]) continue;  // SPEC §5: no levels (the same day on both sides)
    for (std::size_t s = 0; s < pairs_.scales.size(); ++s) {
      const auto& pair = pairs_.scales[s];
      const std::int32_t la = pair.a >= 0 ? wa.levels[i * na + static_cast<std::size_t>(pair.a)] : -1;
      const std::int32_t lb = pair.b >= 0 ? wb.levels[i * nb + static_cast<std::size_t>(pair.b)] : -1;
      if (pair.a >= 0 && pair.b >= 0) {
        if ((la < 0 ? -1 : pair.to_b[static_cast<std::size_t>(la)]) == lb) continue;
      } else if (la < 0 && lb < 0) {
        continue;  // a scale of one side only that gives no level: nothing to see
      }
      change_row r;
      r.kind = change_kind::level;
      r.person = person;
      r.achievement = static_cast<std::uint32_t>(i);
      r.scale = st.texts.cached(st.scale_codes, s, [&] { return pair.id; });
      const std::size_t row = groups_.rows[begin + i];
      const std::int32_t ucode = pop_.unit.codes.empty() ? -1 : pop_.unit.codes[row];
      if (ucode >= 0 && !pop_.unit.categories[static_cast<std::size_t>(ucode)].empty()) {
        r.unit = st.texts.cached(st.unit_cell_codes, static_cast<std::size_t>(ucode),
                                 [&] { return pop_.unit.categories[static_cast<std::size_t>(ucode)]; });
      } else {
        const std::int32_t tcode = pop_.title.codes.empty() ? -1 : pop_.title.codes[row];
        const std::string_view title =
            tcode >= 0 ? pop_.title.categories[static_cast<std::size_t>(tcode)] : std::string_view();
        if (!title.empty()) r.unit = st.texts.code(title);
      }
      r.when = date(wa.day[i]);
      if (pair.a >= 0) r.before = level_code(st, true, static_cast<std::size_t>(pair.a), la);
      if (pair.b >= 0) r.after = level_code(st, false, static_cast<std::size_t>(pair.b), lb);
      r.change = st.texts.code(level_label(a_, pair.a, la) + "->" + level_label(b_, pair.b, lb));
      out.rows.push_back(r);
      st.keys.push_back({pair.a, pair.b, i});
    }
  }
}

void differ::compare_credits(thread_state& st, diff_chunk_output& out, std::uint32_t person) const {
  workspace& wa = st.a.ws;
  workspace& wb = st.b.ws;
  // Both sides' credited units, by id.
  std::vector<std::int32_t>& ranks = st.ranks;
  ranks.clear();
  const auto collect = [&](const program& p, const workspace& ws, const std::vector<std::int32_t>& rank_of) {
    for (std::size_t w = 0; w < ws.credited_units.size(); ++w)
      for (std::uint64_t bits = ws.credited_units[w]; bits; bits &= bits - 1) {
        const std::size_t u = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
        if (u < p.units.size()) ranks.push_back(rank_of[u]);
      }
  };
  collect(a_, wa, pairs_.unit_rank_a);
  collect(b_, wb, pairs_.unit_rank_b);
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  for (const std::int32_t rank : ranks) {
    const std::int32_t ua = pairs_.unit_of_rank_a[static_cast<std::size_t>(rank)];
    const std::int32_t ub = pairs_.unit_of_rank_b[static_cast<std::size_t>(rank)];
    const bool ca = ua >= 0 && test_bit(wa.credited_units.data(), static_cast<std::size_t>(ua));
    const bool cb = ub >= 0 && test_bit(wb.credited_units.data(), static_cast<std::size_t>(ub));
    const std::int32_t da = ca ? wa.latest_day(ua) : 0, db = cb ? wb.latest_day(ub) : 0;
    const std::int32_t va = ca ? wa.via(a_, ua) : 0, vb = cb ? wb.via(b_, ub) : 0;
    // `via` by id: the achievement, the exemption, or the same equivalence.
    const bool same_via =
        ca && cb &&
        (va < 0 ? va == vb : vb >= 0 && pairs_.equivalence_to_b[static_cast<std::size_t>(va)] == vb);
    if (ca && cb && da == db && same_via) continue;
    change_row r;
    r.kind = change_kind::credit;
    r.person = person;
    r.subject = st.texts.cached(st.unit_codes, static_cast<std::size_t>(rank),
                                [&] { return pairs_.unit_ids[static_cast<std::size_t>(rank)]; });
    if (ca) {
      r.before = via_code(st, true, va);
      r.date_before = date(da);
    }
    if (cb) {
      r.after = via_code(st, false, vb);
      r.date_after = date(db);
    }
    std::string change;
    if (!ca) change = "gained";
    else if (!cb) change = "lost";
    else if (!same_via) change = fmt::format("via {}->{}", via_name(a_, va), via_name(b_, vb));
    else change = db < da ? "earlier" : "later";
    r.change = st.texts.code(change);
    out.rows.push_back(r);
    st.keys.push_back({ua, ub, 0});
  }
}

// The cause of each of a person's changed rows: the changed rules its outcome
// uses on either side, read from the traced evaluations compare() ran (SPEC §12).
void differ::find_causes(std::size_t person, thread_state& st, change_row* rows, std::size_t count) const {
  static const portfolio unused;  // rule_uses reads the workspace and the trace only
  const explainer why_a(a_, unused, st.a.ws, st.a.ctx, st.a.t), why_b(b_, unused, st.b.ws, st.b.ctx, st.b.t);
  const rule_uses uses_a(a_, st.a.ws, why_a), uses_b(b_, st.b.ws, why_b);
  for (std::size_t k = 0; k < count; ++k) {
    change_row& r = rows[k];
    const row_key& key = st.keys[k];
    std::vector<std::string>& names = st.names;
    names.clear();
    switch (r.kind) {
      case change_kind::diploma:
        if (key.a >= 0) uses_a.diploma(static_cast<std::size_t>(key.a), names);
        if (key.b >= 0) uses_b.diploma(static_cast<std::size_t>(key.b), names);
        break;
      case change_kind::level:
        if (key.a >= 0) uses_a.level(key.achievement, static_cast<std::size_t>(key.a), names);
        if (key.b >= 0) uses_b.level(key.achievement, static_cast<std::size_t>(key.b), names);
        break;
      case change_kind::credit:
        if (key.a >= 0) uses_a.unit_read(key.a, names);
        if (key.b >= 0) uses_b.unit_read(key.b, names);
        break;
    }
    std::vector<std::int32_t>& picked = st.picked;
    picked.clear();
    for (const std::string& name : names) {
      const auto it = std::lower_bound(changed_.begin(), changed_.end(), name);
      if (it != changed_.end() && *it == name)
        picked.push_back(static_cast<std::int32_t>(it - changed_.begin()));
    }
    std::sort(picked.begin(), picked.end());
    picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    if (picked.empty()) {
      const std::string_view id =
          pop_.person.categories[static_cast<std::size_t>(groups_.person_order[person])];
      const std::string subject = r.kind == change_kind::level
                                      ? fmt::format("achievement {}", r.achievement)
                                      : st.texts.texts()[static_cast<std::size_t>(r.subject)];
      throw std::logic_error(
          fmt::format("the changed {} row of person '{}' ({}{}{}: {}) has no cause: no changed rule among "
                      "the rules it uses",
                      to_string(r.kind), id, subject, r.scale >= 0 ? ", " : "",
                      r.scale >= 0 ? st.texts.texts()[static_cast<std::size_t>(r.scale)] : "",
                      st.texts.texts()[static_cast<std::size_t>(r.change)]));
    }
    st.joined.clear();
    for (std::size_t j = 0; j < picked.size(); ++j) {
      if (j > 0) st.joined += ';';
      st.joined += changed_[static_cast<std::size_t>(picked[j])];
    }
    r.cause = st.texts.code(st.joined);
  }
}

// Groups the rows (sorted by person) by kind, change and cause.
std::vector<change_group> summarize(const diff_result& r) {
  struct tally {
    change_group group;
    std::uint32_t last_person = 0;
  };
  std::vector<tally> groups;
  std::unordered_map<std::uint64_t, std::size_t> index;
  for (const change_row& row : r.rows) {
    const std::uint64_t key = (static_cast<std::uint64_t>(row.kind) << 62) |
                              (static_cast<std::uint64_t>(static_cast<std::uint32_t>(row.change)) << 31) |
                              static_cast<std::uint32_t>(row.cause);
    auto [it, added] = index.try_emplace(key, groups.size());
    if (added) {
      groups.push_back({{row.kind, std::string(r.text(row.change)), std::string(r.text(row.cause)), 0, 0,
                         r.persons[row.person]},
                        row.person});
      groups.back().group.people = 1;
    }
    tally& t = groups[it->second];
    ++t.group.rows;
    if (t.last_person != row.person) {
      t.last_person = row.person;
      ++t.group.people;
    }
  }
  std::vector<change_group> out;
  for (auto& t : groups) out.push_back(std::move(t.group));
  std::sort(out.begin(), out.end(), [](const change_group& x, const change_group& y) {
    if (x.kind != y.kind) return x.kind < y.kind;
    if (x.rows != y.rows) return x.rows > y.rows;
    if (x.change != y.change) return x.change < y.change;
    return x.cause < y.cause;
  });
  return out;
}

}  // namespace

diff_result diff_population(const program& a, const program& b, const population_view& pop_a,
                            const population_view& pop_b, const batch_options& options) {
  diff_result result;
  population_errors found;
  const person_groups groups = group_persons(pop_a, found);
  if (&pop_b != &pop_a) {
    // The same rows read by other declarations: the same persons, other values.
    const bool same_rows =
        pop_b.rows == pop_a.rows && pop_b.person.codes.size() == pop_a.person.codes.size() &&
        std::equal(pop_a.person.codes.begin(), pop_a.person.codes.end(), pop_b.person.codes.begin());
    if (!same_rows)
      throw input_error({{severity::error,
                          "E041",
                          {std::string(pop_b.file), 0, 0},
                          "the population as the rules after the change read it has other rows or persons",
                          {}}});
    population_errors found_b;
    (void)group_persons(pop_b, found_b);
    for (auto& d : found_b.listed) {
      const auto same = [&](const diagnostic& e) { return e.format() == d.format(); };
      if (std::none_of(found.listed.begin(), found.listed.end(), same)) found.listed.push_back(std::move(d));
    }
    found.unlisted_conflicts = std::max(found.unlisted_conflicts, found_b.unlisted_conflicts);
  }
  const population_reading reading_a = read_categories(a, pop_a, found, &b, &result.warnings, "before");
  const population_reading reading_b = read_categories(b, pop_b, found, &a, &result.warnings, "after");
  found.throw_if_any(pop_a);
  std::sort(result.warnings.begin(), result.warnings.end(),
            [](const diagnostic& x, const diagnostic& y) { return x.where < y.where; });

  as_of_context ctx_a, ctx_b;
  ctx_a.prepare(a, options.as_of.days_since_epoch());
  ctx_b.prepare(b, options.as_of.days_since_epoch());
  const differ d(a, b, pop_a, groups, changed_rules(a, b));
  result.changed_rules = d.changed();

  person_chunks chunks(groups.size(), options);
  std::vector<diff_chunk_output> out(chunks.count());
  std::deque<differ::thread_state> states;
  std::mutex states_mutex;
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  chunks.run([&] {
    differ::thread_state* st = nullptr;
    std::size_t thread = 0;
    try {
      {
        const std::lock_guard lock(states_mutex);
        thread = states.size();
        st = &states.emplace_back(side_inputs{a, pop_a, reading_a, ctx_a},
                                  side_inputs{b, pop_b, reading_b, ctx_b});
      }
      d.prepare(*st);
      for (std::size_t c = 0, from = 0, to = 0; chunks.next(c, from, to);) {
        out[c].thread = thread;
        for (std::size_t person = from; person < to; ++person) {
          if (chunks.stopped() || failed.load(std::memory_order_relaxed)) return;
          d.compare(person, *st, out[c]);
        }
        chunks.finished(to - from);
      }
    } catch (...) {
      const std::lock_guard lock(states_mutex);
      if (!failure) failure = std::current_exception();
      failed = true;
    }
  });
  if (failure) std::rethrow_exception(failure);
  if (chunks.stopped()) return {};

  // One text table for all threads; persons renumbered to those with rows.
  std::unordered_map<std::string_view, std::int32_t> index;
  std::vector<std::vector<std::int32_t>> remap(states.size());
  for (std::size_t t = 0; t < states.size(); ++t)
    for (const std::string& text : states[t].texts.texts()) {
      auto [it, added] = index.try_emplace(text, static_cast<std::int32_t>(result.texts.size()));
      if (added) result.texts.push_back(text);
      remap[t].push_back(it->second);
    }
  // (`index` views the threads' tables, which live until the end of this function.)
  for (diff_chunk_output& o : out) {
    result.compared += o.compared;
    const auto& m = remap[o.thread];
    const auto map = [&](std::int32_t& code) {
      if (code != no_text) code = m[static_cast<std::size_t>(code)];
    };
    for (change_row& r : o.rows) {
      const std::uint32_t person = r.person;
      if (result.person_codes.empty() || result.person_codes.back() != groups.person_order[person]) {
        result.persons.emplace_back(
            pop_a.person.categories[static_cast<std::size_t>(groups.person_order[person])]);
        result.person_codes.push_back(groups.person_order[person]);
      }
      r.person = static_cast<std::uint32_t>(result.persons.size() - 1);
      for (std::int32_t* code : {&r.subject, &r.scale, &r.unit, &r.before, &r.after, &r.missing_before,
                                 &r.missing_after, &r.change, &r.cause})
        map(*code);
      result.rows.push_back(r);
    }
    result.errors.insert(result.errors.end(), o.errors.begin(), o.errors.end());
  }
  result.summary = summarize(result);
  return result;
}

}  // namespace civeff::detail
