// SPDX-License-Identifier: Apache-2.0
#pragma once
// The evaluator of SPEC §5. A `workspace` holds every buffer one evaluation needs;
// reused across portfolios it stops allocating once it has seen the largest one.

#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

#include "eval/trace.hpp"
#include "ir/program.hpp"

namespace civeff::detail {

// Days derived from `as_of` once per evaluation date: the first achievement day at
// which a credit, mark or `within` window is still alive (SPEC §5.4, §9, §10).
struct as_of_context {
  std::int32_t as_of = 0;
  std::vector<std::int32_t> unit_alive_from;          // per unit (min_day when no valid_for)
  std::vector<std::int32_t> mark_alive_from;          // per mark
  std::vector<std::int32_t> requirement_within_from;  // per requirement (sum.within)
  // Per requirement: the total over achievements its hours, count, sum or avg
  // reads, or -1. Requirements over alike selectors with the same attribute and
  // `within` window share one, so a person's achievements are scanned once for
  // all of them (nl-zorg: one scan for the six diplomas' grade averages).
  std::vector<std::int32_t> requirement_total;
  std::vector<std::int32_t> node_total;  // the same per expression node (hours_of, count_of, ...)
  // Per total: its canonical selector, attribute slot (-1: hours) and first day.
  std::vector<std::tuple<std::int32_t, std::int32_t, std::int32_t>> total_keys;
  void prepare(const program& prog, std::int32_t as_of_day);
};

// The first day d with as_of < d + span; every later day qualifies too.
std::int32_t first_alive_day(std::int32_t as_of, const duration& span);

struct requirement_outcome {
  bool applicable = false;
  bool satisfied = false;
  bool any_leaf = false;
  double progress = 0;
};

class workspace {
 public:
  // ---- input, filled by an adapter (portfolio or population rows)
  std::size_t count = 0;           // achievements
  std::vector<std::int32_t> unit;  // -1: none or unknown
  std::vector<std::int32_t> day;
  std::vector<double> hours;  // resolved: own or the unit's
  std::vector<std::uint8_t> exempt;
  std::vector<std::uint64_t> marks;        // count * mark_words, implied marks included
  std::vector<attribute_cell> attributes;  // count * attribute slots
  std::vector<value> person;               // person attribute slots
  // Sizes the input buffers for `n` achievements and clears them.
  void reset(const program& prog, std::size_t n);
  // Sizes them without clearing: the caller writes every unit, day, hours,
  // exempt and marks entry, and every attribute (person attribute) slot unless
  // `clear_attributes` (`clear_person`) asks for them to start absent.
  void resize(const program& prog, std::size_t n, bool clear_attributes, bool clear_person);
  std::uint64_t* marks_of(std::size_t i) { return marks.data() + i * mark_words_; }
  attribute_cell* attributes_of(std::size_t i) { return attributes.data() + i * attribute_slots_; }

  // ---- results of run()
  std::vector<std::uint8_t> counted;
  std::vector<std::int32_t> levels;             // count * scales (-1: null), counted only
  std::vector<std::int32_t> days;               // sorted distinct counted days
  std::size_t words = 0;                        // words per date bitset
  std::vector<std::uint64_t> credit;            // units * words (at least): alive credit days
  std::vector<std::uint64_t> direct, exempted;  // units * words
  std::vector<std::uint64_t> credited_units;    // unit_words
  std::vector<requirement_outcome> outcomes;    // per requirement
  std::vector<std::uint32_t> missing;           // leaf_name indices of one diploma (scratch)
  bool failed = false;                          // division by zero
  std::uint32_t failed_expression = 0;
  // When >= 0, run() evaluates only this requirement tree (advice's trials ask
  // about one diploma); the other diplomas' outcomes are then left unset.
  std::int32_t only_root = -1;

  // Evaluates the loaded input at `ctx.as_of`: levels, credits, diploma outcomes.
  void run(const program& prog, const as_of_context& ctx);
  // The same, telling `t` what the final state does not keep (eval/trace.hpp).
  // Instantiated for no_trace (what run() is) and trace.
  template <class Trace>
  void run(const program& prog, const as_of_context& ctx, Trace& t);
  // Status, progress (rounded) and missing leaves (into `missing`) of diploma `d`.
  diploma_status diploma(const program& prog, std::size_t d, double& progress);

  // `via` of credited unit `u` at its latest day: -1 achievement, -2 exemption, else equivalence.
  std::int32_t via(const program& prog, std::int32_t u);
  // The same at the day of bit `day_bit` (a day the unit is credited at).
  std::int32_t via_at(const program& prog, std::int32_t u, std::size_t day_bit);
  std::int32_t latest_day(std::int32_t u) const;

 private:
  friend class credit_probe;
  friend class explainer;
  friend class rule_uses;
  std::size_t mark_words_ = 0, attribute_slots_ = 0;
  std::size_t credit_words_ = 0;  // words per unit of the credit bits the last run left
  std::vector<achievement_view> views_;
  std::vector<std::uint64_t> scratch_, when_known_, when_true_;
  std::vector<std::int32_t> when_filled_;  // equivalences whose `when` cache the last run filled
  std::size_t when_words_ = 0;
  // A total over achievements (as_of_context::requirement_total) once scanned.
  struct achievement_total {
    bool known = false;
    std::size_t selected = 0, numeric = 0;  // achievements picked; those with a number
    double sum = 0;                         // of their hours or attribute
  };
  std::vector<achievement_total> totals_;
  // The achievements `sel` picks from `within_from` on, with their hours (slot
  // -1) or attribute `slot` summed, in achievement order.
  achievement_total scan(const program& prog, const selector_info& sel, std::int32_t slot,
                         std::int32_t within_from, environment& env) const;
  // What `form` (count, hours, sum or avg) makes of a scanned total.
  static std::optional<double> total_value(requirement_form form, const achievement_total& t);
  // The outcome of a unit requirement: applicable, satisfied when the unit is credited.
  requirement_outcome unit_outcome(const requirement_info& req) const;
  // The aggregate of `form` over the achievements of total `total` (`selector`
  // is one of its alike selectors), scanned once per run.
  std::optional<double> shared_total(const program& prog, requirement_form form, std::int32_t selector,
                                     std::int32_t attr_slot, std::int32_t total, environment& env);
  std::vector<double> progress_stack_;
  std::vector<std::uint32_t> index_stack_;
  const as_of_context* ctx_ = nullptr;

  template <class Trace>
  void compute_levels(const program& prog, const environment& env, Trace& t);
  void compute_days();
  template <class Trace>
  void direct_credits(const program& prog, environment& env, Trace& t);
  template <class Trace>
  void derive(const program& prog, environment& env, Trace& t);
  template <class Trace>
  bool apply(const program& prog, std::size_t e, environment& env, Trace& t);
  // Days at which equivalence `e` may apply, from `sources`, into `out`; an
  // explanation also asks for them before the rule's `when` (`apply_when` false).
  void candidates(const program& prog, std::size_t e, const std::int32_t* sources, std::size_t source_count,
                  double hours, environment& env, std::uint64_t* out, bool apply_when = true);
  template <class Trace>
  void evaluate_requirement(const program& prog, std::uint32_t r, environment& env, Trace& t);
  void collect_missing(const program& prog, std::uint32_t r);

 public:
  // Whether achievement selector `sel` picks achievement `i` (SPEC §9).
  bool selects(const program& prog, const selector_info& sel, std::size_t i, std::int32_t within_from,
               environment& env) const;
  // hours_of / count_of / sum_of / avg_of and the leaves they share (SPEC §2.5, §9).
  std::optional<double> aggregate(const program& prog, requirement_form form, std::int32_t selector,
                                  std::int32_t slot, std::int32_t within_from, environment& env);

 private:
  std::size_t alive_index(std::int32_t unit) const;
};

}  // namespace civeff::detail
