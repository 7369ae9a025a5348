// SPDX-License-Identifier: Apache-2.0
#include "coverage/tally.hpp"

#include <algorithm>
#include <bit>

namespace civeff::detail {
namespace {

bool any_credit(const workspace& ws, std::int32_t unit) {
  const std::uint64_t* c = ws.credit.data() + static_cast<std::size_t>(unit) * ws.words;
  return std::any_of(c, c + ws.words, [](std::uint64_t w) { return w != 0; });
}

}  // namespace

coverage_tally::coverage_tally(const program& prog, const rule_table& table)
    : fired(table.size(), 0),
      of(table.size(), 0),
      prog_(prog),
      table_(table),
      carried_(prog.marks.size(), 0),
      equivalence_fired_(prog.equivalences.size(), 0) {}

void coverage_tally::add(const workspace& ws, const trace& t) {
  ++persons;
  achievements += ws.count;
  const std::size_t mark_words = prog_.mark_words();

  // Mark cases: the trace records each (achievement, scale, mark)'s first matching case.
  for (const level_match& m : t.matches)
    ++fired[table_.mark_case(static_cast<std::size_t>(m.mark), m.scale,
                             static_cast<std::size_t>(m.case_index))];
  for (std::size_t i = 0; i < ws.count; ++i) {
    if (!ws.counted[i]) continue;
    ++counted;
    const std::uint64_t* marks = ws.marks.data() + i * mark_words;
    for (std::size_t w = 0; w < mark_words; ++w)
      for (std::uint64_t bits = marks[w]; bits; bits &= bits - 1)
        ++carried_[w * 64 + static_cast<std::size_t>(std::countr_zero(bits))];
  }

  // credit_when: evaluated for the achievements that reached it; it held where they credited.
  for (std::size_t i = 0; i < ws.count && i < t.direct_outcomes.size(); ++i) {
    const direct_outcome o = t.direct_outcomes[i];
    if (o != direct_outcome::credited && o != direct_outcome::credit_when) continue;
    const std::int32_t slot = table_.credit_when(static_cast<std::size_t>(ws.unit[i]));
    if (slot < 0) continue;
    ++of[static_cast<std::size_t>(slot)];
    if (o == direct_outcome::credited) ++fired[static_cast<std::size_t>(slot)];
  }

  // Equivalences: each derived credit's first derivation names the rule that added it.
  std::fill(equivalence_fired_.begin(), equivalence_fired_.end(), 0);
  for (const first_derivation& f : t.first)
    if (f.equivalence >= 0) equivalence_fired_[static_cast<std::size_t>(f.equivalence)] = 1;
  for (std::size_t e = 0; e < prog_.equivalences.size(); ++e) {
    const equivalence_info& eq = prog_.equivalences[e];
    const auto credited = [&](std::int32_t u) { return any_credit(ws, u); };
    const bool could = eq.symmetric ? std::any_of(eq.sources.begin(), eq.sources.end(), credited)
                                    : std::all_of(eq.sources.begin(), eq.sources.end(), credited);
    if (could) ++of[table_.equivalence(e)];
    if (equivalence_fired_[e] != 0) ++fired[table_.equivalence(e)];
  }

  // Requirement nodes: evaluated and not left out; holding.
  for (std::size_t r = 0; r < ws.outcomes.size(); ++r) {
    const requirement_outcome& o = ws.outcomes[r];
    if (!o.applicable) continue;
    ++of[table_.requirement(r)];
    if (o.satisfied) ++fired[table_.requirement(r)];
  }
}

void coverage_tally::merge(const coverage_tally& other) {
  for (std::size_t k = 0; k < fired.size(); ++k) {
    fired[k] += other.fired[k];
    of[k] += other.of[k];
  }
  for (std::size_t m = 0; m < carried_.size(); ++m) carried_[m] += other.carried_[m];
  persons += other.persons;
  achievements += other.achievements;
  counted += other.counted;
}

void coverage_tally::finish() {
  for (std::size_t m = 0; m < carried_.size(); ++m)
    std::fill(of.begin() + static_cast<std::ptrdiff_t>(table_.mark_first(m)),
              of.begin() + static_cast<std::ptrdiff_t>(table_.mark_last(m)), carried_[m]);
}

}  // namespace civeff::detail
