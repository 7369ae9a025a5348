// SPDX-License-Identifier: Apache-2.0
// The limit for bench_frame's rules: see kernel.hpp. Two passes, each split over
// the threads: the rows in input order into one 32-bit state per person (a thread
// its own array, so no atomics), then the persons in id order, their states
// merged and their three rows written in place into outputs sized once.

#include "kernel.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace limit {
namespace {

using civeff::attribute_column;
using civeff::attribute_column_view;
using civeff::diploma_status;
using civeff::population_view;

// The units in kernel order. The first eight are the members of the symmetric
// equivalences eq1..eq4 (KDi = LEi from 2019-09-01): their credits dated from then
// on get a second bit, `late`, at bit 20 + unit.
constexpr std::array<std::string_view, 20> unit_names = {"KD1", "KD2", "KD3", "KD4", "LE1", "LE2", "LE3",
                                                         "LE4", "KD5", "KD6", "KD7", "KD8", "LE5", "LE6",
                                                         "K1",  "K2",  "K3",  "K4",  "BHV", "C1"};
enum unit_index : unsigned {
  KD1,
  KD2,
  KD3,
  KD4,
  LE1,
  LE2,
  LE3,
  LE4,
  KD5,
  KD6,
  KD7,
  KD8,
  LE5,
  LE6,
  K1,
  K2,
  K3,
  K4,
  BHV,
  C1
};
constexpr std::uint32_t bit(unsigned u) { return std::uint32_t{1} << u; }
constexpr std::uint32_t keuzedelen =
    bit(KD1) | bit(KD2) | bit(KD3) | bit(KD4) | bit(KD5) | bit(KD6) | bit(KD7) | bit(KD8);
constexpr std::uint32_t credited_bits = (std::uint32_t{1} << 20) - 1;
constexpr unsigned late_shift = 20;
constexpr std::uint32_t seen = std::uint32_t{1} << 31;

// What a unit's credit asks beyond being counted: `credit_when: attrs.exam == true`
// (keuzedelen), `valid_for: P1Y` (BHV), `credit_when: level("civil_effect") >= "sector"` (C1).
enum class condition : std::uint8_t { none, exam, alive, sector };
constexpr condition condition_of(unsigned u) {
  if ((keuzedelen & bit(u)) != 0) return condition::exam;
  if (u == BHV) return condition::alive;
  if (u == C1) return condition::sector;
  return condition::none;
}

// The marks, one bit each: mbo (national), vv (valid_for P5Y: sector when
// attrs.points >= 4, else internal), nrto (internal).
constexpr std::uint8_t mbo = 1, vv = 2, nrto = 4;

// The missing leaves, numbered in document order per diploma: D1 0-5, D2 6-9, D3 10-11.
const std::vector<std::string> leaf_names = {"unit:K1",  "unit:K2",  "hours:480", "unit:KD1",
                                             "unit:KD2", "unit:KD3", "unit:K3",   "unit:K4",
                                             "count:3",  "unit:KD4", "unit:BHV",  "unit:C1"};
constexpr std::array<std::uint32_t, 4> first_leaf = {0, 6, 10, 12};  // per diploma, and the end

// What one call reads, resolved once from the columns' categories.
struct inputs {
  const population_view* pop = nullptr;
  std::vector<std::int8_t> unit_of;   // per unit category: kernel unit, -1 for none
  std::vector<std::uint8_t> mark_of;  // per marks category: mark bits
  const attribute_column_view* exam = nullptr;
  const attribute_column_view* points = nullptr;
  std::int32_t as_of = 0, vv_from = 0, bhv_from = 0, eq_from = 0;
};

// The first day d with as_of < d + span (SPEC §10): credits and marks dated from it on are alive.
std::int32_t first_alive_day(civeff::date as_of, const civeff::duration& span) {
  std::int32_t day = civeff::subtract(as_of, span).days_since_epoch() - 2;
  while (!(as_of < civeff::add(civeff::date(day), span))) ++day;
  return day;
}

inputs resolve(const population_view& pop, civeff::date as_of) {
  inputs in;
  in.pop = &pop;
  in.unit_of.assign(pop.unit.categories.size(), -1);
  for (std::size_t c = 0; c < pop.unit.categories.size(); ++c)
    for (std::size_t u = 0; u < unit_names.size(); ++u)
      if (pop.unit.categories[c] == unit_names[u]) in.unit_of[c] = static_cast<std::int8_t>(u);
  in.mark_of.assign(pop.marks.categories.size(), 0);
  for (std::size_t c = 0; c < pop.marks.categories.size(); ++c) {
    std::string_view list = pop.marks.categories[c];
    while (!list.empty()) {
      const std::size_t semi = list.find(';');
      std::string_view id = list.substr(0, semi);
      list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
      while (!id.empty() && (id.front() == ' ' || id.front() == '\t')) id.remove_prefix(1);
      while (!id.empty() && (id.back() == ' ' || id.back() == '\t')) id.remove_suffix(1);
      in.mark_of[c] |= id == "mbo" ? mbo : id == "vv" ? vv : id == "nrto" ? nrto : std::uint8_t{0};
    }
  }
  for (const attribute_column_view& a : pop.attributes) {
    if (a.person_level) continue;
    if (a.name == "exam") in.exam = &a;
    if (a.name == "points") in.points = &a;
  }
  in.as_of = as_of.days_since_epoch();
  in.vv_from = first_alive_day(as_of, {5, 0, 0});
  in.bhv_from = first_alive_day(as_of, {1, 0, 0});
  in.eq_from = civeff::date::from_ymd(2019, 9, 1).days_since_epoch();
  return in;
}

bool holds(const attribute_column_view* a, std::size_t row, attribute_column::cell kind) {
  return a != nullptr && a->kinds[row] == static_cast<std::uint8_t>(kind);
}

// Pass 1 over rows [from, to): each person's credited units into `state`, the
// counted rows per level into `levels`.
void read_rows(const inputs& in, std::size_t from, std::size_t to, std::uint32_t* state,
               std::array<std::uint64_t, 4>& levels) {
  const population_view& pop = *in.pop;
  const bool units = !pop.unit.codes.empty(), marks = !pop.marks.codes.empty(), exempt = !pop.exempt.empty();
  for (std::size_t row = from; row < to; ++row) {
    std::uint32_t& person = state[static_cast<std::size_t>(pop.person.codes[row])];
    person |= seen;
    const std::int32_t day = pop.dates[row].days_since_epoch();
    if (day > in.as_of) continue;  // not counted
    const std::int32_t mark_code = marks ? pop.marks.codes[row] : -1;
    const std::uint8_t m = mark_code >= 0 ? in.mark_of[static_cast<std::size_t>(mark_code)] : 0;
    unsigned level = 0;  // the scale's default, `none`
    if ((m & mbo) != 0) {
      level = 3;
    } else if ((m & vv) != 0 && day >= in.vv_from) {
      level =
          holds(in.points, row, attribute_column::cell::number) && number_at(*in.points, row) >= 4 ? 2 : 1;
    } else if ((m & nrto) != 0) {
      level = 1;
    }
    ++levels[level];
    const std::int32_t unit_code = units ? pop.unit.codes[row] : -1;
    if (unit_code < 0) continue;
    const std::int8_t u = in.unit_of[static_cast<std::size_t>(unit_code)];
    if (u < 0) continue;
    const auto unit = static_cast<unsigned>(u);
    bool credited = true;
    switch (condition_of(unit)) {
      case condition::none: break;
      case condition::alive: credited = day >= in.bhv_from; break;
      case condition::exam:
        credited = (exempt && pop.exempt[row] != 0) ||
                   (holds(in.exam, row, attribute_column::cell::boolean) && number_at(*in.exam, row) != 0);
        break;
      case condition::sector: credited = (exempt && pop.exempt[row] != 0) || level >= 2; break;
    }
    if (!credited) continue;
    person |= bit(unit);
    if (unit < 8 && day >= in.eq_from) person |= bit(unit + late_shift);
  }
}

// The credited units after the equivalences: KDi and LEi (i = 1..4) give each
// other credit from 2019-09-01 on; LE5 and LE6 together count as KD5.
std::uint32_t with_equivalences(std::uint32_t state) {
  const std::uint32_t late = (state >> late_shift) & 0xFF;
  std::uint32_t c = state & credited_bits;
  c |= (late >> 4) & 0xF;  // LEi late -> KDi
  c |= (late & 0xF) << 4;  // KDi late -> LEi
  if ((c & bit(LE5)) != 0 && (c & bit(LE6)) != 0) c |= bit(KD5);
  return c;
}

double round4(double x) { return std::floor(x * 10000 + 0.5) / 10000; }

// One person's three rows: status, progress, and the missing leaves as bits.
struct outcome {
  std::array<diploma_status, 3> status{};
  std::array<double, 3> progress{};
  std::uint32_t missing = 0;
};

diploma_status status_of(bool satisfied, bool any_leaf) {
  return satisfied ? diploma_status::complete : any_leaf ? diploma_status::partial : diploma_status::none;
}

// SPEC §5.5 for D1..D3. Sums run in the children's order from 0, as the
// evaluator's, so that every progress is the same double.
outcome judge(std::uint32_t c) {
  const auto has = [&](unsigned u) { return (c & bit(u)) != 0; };
  const auto one = [](bool b) { return b ? 1.0 : 0.0; };
  const int kd = std::popcount(c & keuzedelen);
  const int of3 = std::popcount(c & (bit(KD1) | bit(KD2) | bit(KD3)));
  outcome o;
  std::uint32_t missing = 0;

  // D1: K1, K2, 480 hours of keuzedelen (240 each), 2 of KD1..KD3.
  const bool hours = kd >= 2, two = of3 >= 2;
  double sum = 0;
  sum += one(has(K1));
  sum += one(has(K2));
  sum += std::clamp(kd * 240.0 / 480.0, 0.0, 1.0);
  sum += std::min(of3, 2) / 2.0;
  o.progress[0] = round4(sum / 4);
  const bool d1 = has(K1) && has(K2) && hours && two;
  o.status[0] = status_of(d1, has(K1) || has(K2) || hours || of3 > 0);
  if (!d1) {
    missing |= (has(K1) ? 0 : bit(0)) | (has(K2) ? 0 : bit(1)) | (hours ? 0 : bit(2));
    // n_of: the 2 - of3 unsatisfied children of highest progress, first on ties (all 0).
    for (unsigned k = 0, need = two ? 0 : 2 - static_cast<unsigned>(of3); k < 3 && need > 0; ++k)
      if (!has(KD1 + k)) {
        missing |= bit(3 + k);
        --need;
      }
  }

  // D2: K3, K4, 3 keuzedelen, KD4 or KD5.
  const bool three = kd >= 3, either = has(KD4) || has(KD5);
  sum = 0;
  sum += one(has(K3));
  sum += one(has(K4));
  sum += std::clamp(kd / 3.0, 0.0, 1.0);
  sum += one(either);
  o.progress[1] = round4(sum / 4);
  const bool d2 = has(K3) && has(K4) && three && either;
  o.status[1] = status_of(d2, has(K3) || has(K4) || three || either);
  if (!d2)  // any_of: the best child, the first on ties: KD4
    missing |= (has(K3) ? 0 : bit(6)) | (has(K4) ? 0 : bit(7)) | (three ? 0 : bit(8)) | (either ? 0 : bit(9));

  // D3: BHV, C1.
  sum = 0;
  sum += one(has(BHV));
  sum += one(has(C1));
  o.progress[2] = round4(sum / 2);
  const bool d3 = has(BHV) && has(C1);
  o.status[2] = status_of(d3, has(BHV) || has(C1));
  if (!d3) missing |= (has(BHV) ? 0 : bit(10)) | (has(C1) ? 0 : bit(11));
  o.missing = missing;
  return o;
}

// Runs `work(t)` for t in [0, threads), the calling thread taking t = 0.
template <typename Work>
void on_threads(unsigned threads, Work&& work) {
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&work, t] { work(t); });
  work(0);
  for (std::thread& t : pool) t.join();
}

std::size_t share_begin(std::size_t n, unsigned threads, unsigned t) { return n * t / threads; }

}  // namespace

civeff::batch_result evaluate(const population_view& pop, civeff::date as_of, unsigned threads) {
  threads = std::max(1U, threads);
  const inputs in = resolve(pop, as_of);
  const std::size_t people = pop.person.categories.size();

  // Pass 1: rows -> states, one array per thread; and whether the ids are sorted already.
  std::vector<std::vector<std::uint32_t>> states(threads);
  std::vector<std::array<std::uint64_t, 4>> levels(threads);
  std::vector<char> sorted(threads, 1);
  on_threads(threads, [&](unsigned t) {
    states[t].assign(people, 0);
    levels[t] = {};
    read_rows(in, share_begin(pop.rows, threads, t), share_begin(pop.rows, threads, t + 1), states[t].data(),
              levels[t]);
    const std::size_t from = std::max<std::size_t>(1, share_begin(people, threads, t));
    for (std::size_t c = from; c < share_begin(people, threads, t + 1) && sorted[t]; ++c)
      sorted[t] = pop.person.categories[c - 1] < pop.person.categories[c] ? 1 : 0;
  });
  // Persons in id order: the codes as they are when the ids are sorted (a Categorical
  // from pandas), else sorted here.
  std::vector<std::int32_t> order;
  const bool in_order = std::all_of(sorted.begin(), sorted.end(), [](char s) { return s != 0; });
  if (!in_order) {
    order.resize(people);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
      return pop.person.categories[static_cast<std::size_t>(a)] <
             pop.person.categories[static_cast<std::size_t>(b)];
    });
  }
  const auto code_at = [&](std::size_t i) { return in_order ? i : static_cast<std::size_t>(order[i]); };

  // Pass 2a: merge the states into the first array and count, per share of persons,
  // the persons seen and their missing leaves, so that pass 2b knows where to write.
  std::vector<std::size_t> seen_in(threads + 1, 0), missing_in(threads + 1, 0);
  on_threads(threads, [&](unsigned t) {
    std::size_t n = 0, m = 0;
    for (std::size_t i = share_begin(people, threads, t); i < share_begin(people, threads, t + 1); ++i) {
      const std::size_t code = code_at(i);
      std::uint32_t s = states[0][code];
      for (unsigned k = 1; k < threads; ++k) s |= states[k][code];
      if ((s & seen) == 0) continue;
      const std::uint32_t c = with_equivalences(s);
      states[0][code] = c | seen;
      ++n;
      m += static_cast<std::size_t>(std::popcount(judge(c).missing));
    }
    seen_in[t + 1] = n;
    missing_in[t + 1] = m;
  });
  std::partial_sum(seen_in.begin(), seen_in.end(), seen_in.begin());
  std::partial_sum(missing_in.begin(), missing_in.end(), missing_in.begin());

  civeff::batch_result r;
  const std::size_t persons = seen_in[threads];
  r.persons.resize(persons);
  r.person_codes.resize(persons);
  r.diplomas = {"D1", "D2", "D3"};
  r.status.resize(persons * 3);
  r.progress.resize(persons * 3);
  r.missing_offsets.resize(persons * 3 + 1);
  r.missing.resize(missing_in[threads]);
  r.leaf_names = leaf_names;

  // Pass 2b: each share writes its persons' rows where 2a said.
  on_threads(threads, [&](unsigned t) {
    std::size_t p = seen_in[t];
    auto m = static_cast<std::uint32_t>(missing_in[t]);
    for (std::size_t i = share_begin(people, threads, t); i < share_begin(people, threads, t + 1); ++i) {
      const std::size_t code = code_at(i);
      const std::uint32_t s = states[0][code];
      if ((s & seen) == 0) continue;
      r.persons[p] = pop.person.categories[code];
      r.person_codes[p] = static_cast<std::int32_t>(code);
      const outcome o = judge(s & credited_bits);
      for (std::size_t d = 0; d < 3; ++d) {
        const std::size_t row = p * 3 + d;
        r.status[row] = o.status[d];
        r.progress[row] = o.progress[d];
        r.missing_offsets[row] = m;
        for (std::uint32_t leaf = first_leaf[d]; leaf < first_leaf[d + 1]; ++leaf)
          if ((o.missing & bit(leaf)) != 0) r.missing[m++] = leaf;
      }
      ++p;
    }
    if (t + 1 == threads) r.missing_offsets[persons * 3] = m;
  });

  r.scales = {"civil_effect"};
  r.scale_levels = {{"none", "internal", "sector", "national"}};
  std::vector<std::uint64_t> counts(5, 0);
  for (const auto& l : levels)
    for (std::size_t k = 0; k < l.size(); ++k) counts[k] += l[k];
  r.level_counts = {counts};
  return r;
}

}  // namespace limit
