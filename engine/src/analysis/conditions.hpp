// SPDX-License-Identifier: Apache-2.0
#pragma once
// A sound, simple prover over checked condition expressions (the flat IR of
// ir/expression.hpp; no parser here). It answers two questions, "can this never
// hold?" and "does this hold whenever that one does?", and says yes only when it
// has proved it; every doubt is a no. So a warning built on it is never a false
// positive; it may miss some.
//
// How: the condition is put in disjunctive normal form (at most `max_terms`
// conjunctions, else no answer). Its atoms are comparisons of a term with a
// constant (`attrs.points >= 4`, `date < 2016-08-01`, `x in ["a", "b"]`), a term
// used alone as a condition (`attrs.exam`) and constants; any other condition
// (`has_mark("m")`, `credited("K1")`, `attrs.a < attrs.b`) is an opaque atom,
// equal only to itself. A term is known by its structure, so `hours_of(kind =
// "keuzedeel")` written twice is one variable. Each conjunction keeps, per
// variable, the set of values it allows (analysis/value_sets.hpp), missing and
// wrongly typed values included (SPEC §10: a comparison with them is false, its
// `not` true). A conjunction is impossible when one variable has no value left.
// Different variables are taken to be independent, which only ever lets more
// through.

#include <cstdint>
#include <map>
#include <string>

#include "analysis/value_sets.hpp"
#include "ir/program.hpp"

namespace civeff::detail::analysis {

// What is known about variables in a context, e.g. that a credit_when's `date`
// lies in its unit's `effective` window. Keys are the names term_key() gives.
using facts = std::map<std::string, value_set>;

class condition_prover {
 public:
  explicit condition_prover(const program& prog) : prog_(prog) {}

  // True when expression `expr` (an index into the program's expressions;
  // no_index: no condition, which always holds) can never hold under `known`.
  [[nodiscard]] bool never_holds(std::int32_t expr, const facts& known = {}) const;
  // True when `then` holds whenever `given` holds, under `known`.
  [[nodiscard]] bool implies(std::int32_t given, std::int32_t then, const facts& known = {}) const;
  // True when `a` and `b` never hold together.
  [[nodiscard]] bool exclusive(std::int32_t a, std::int32_t b, const facts& known = {}) const;

  // The names facts give the context variables (a term's name, then its kind).
  static constexpr const char* achievement_date = "date@day";
  static constexpr const char* rule_date = "rule_date@day";
  static constexpr const char* rule_hours = "rule_hours@number";

  static constexpr std::size_t max_terms = 256;

 private:
  const program& prog_;
};

// A set of whole days [from, to] (program days; min_day/max_day: unbounded).
value_set days_between(std::int32_t from, std::int32_t to);
// A set of numbers: exactly the given ones.
value_set numbers_among(const std::vector<double>& values);
// What an equivalence's `when` may assume: `date` inside its window, `hours` its
// sources' declared hours (one member's for a symmetric group).
facts equivalence_facts(const program& prog, const equivalence_info& e);

}  // namespace civeff::detail::analysis
