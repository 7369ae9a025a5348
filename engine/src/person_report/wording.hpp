// SPDX-License-Identifier: Apache-2.0
#pragma once
// The report's sentences, as plain text for both writers to escape: what decided a
// level, how a unit is credited ("LE-x en LE-y samen gelden als keuzedeel K0618"),
// why a unit is not, what a diploma still misses, and each requirement against its
// threshold. Each is read from the explanation or the advice; conditions are put in
// words by the catalogue's phraser (catalog/phrase.hpp), or shown as written.

#include <optional>
#include <string>
#include <string_view>

#include "catalog/phrase.hpp"
#include "person_report/report_model.hpp"
#include "person_report/texts.hpp"

namespace civeff::detail::person_report {

class wording {
 public:
  explicit wording(const model& m) : m_(m), w_(m.language), p_(m.catalog, w_) {}

  [[nodiscard]] const words& phrases() const { return w_; }
  [[nodiscard]] const catalog::phraser& phraser() const { return p_; }

  // ---------------------------------------------------------------- figures
  [[nodiscard]] std::string day(date d) const;                                  // "1 november 2026"
  [[nodiscard]] std::string number(double x) const;                             // "6,7" in Dutch
  [[nodiscard]] std::string hours(double x) const;                              // "160 uur"
  [[nodiscard]] std::string percent(double progress) const;                     // "83%"
  [[nodiscard]] std::string status(diploma_status s) const;                     // "deels gehaald"
  [[nodiscard]] std::string list(const std::vector<std::string>& items) const;  // "a, b en c"

  // ---------------------------------------------------------------- names
  // "K0024 Diversiteit" (its title when the rules give one).
  [[nodiscard]] std::string unit_name(std::string_view id) const;
  // "keuzedeel K0024 (Diversiteit)".
  [[nodiscard]] std::string unit_with_kind(std::string_view id) const;
  [[nodiscard]] std::string mark_name(std::string_view id) const;
  [[nodiscard]] std::string scale_name(std::string_view id) const;
  [[nodiscard]] std::string diploma_name(std::string_view id) const;
  [[nodiscard]] std::string training_name(const achievement_explanation& a) const;
  // A condition in words, "als ..." unless the words open with their own
  // preposition; the expression as written when it cannot be phrased.
  [[nodiscard]] std::string condition(std::string_view expression) const;

  // ---------------------------------------------------------------- trainings
  [[nodiscard]] std::string decided_by(const level_explanation& l) const;
  [[nodiscard]] std::string lapsed(const level_explanation::lapse& l) const;
  [[nodiscard]] std::string holds_until(const level_explanation& l, const std::optional<date>& until) const;
  [[nodiscard]] std::string not_counted(const achievement_explanation& a) const;
  [[nodiscard]] std::string credential(const credential_origin& c) const;

  // ---------------------------------------------------------------- credits
  // How a credit came about: "behaald met scholing #3 van 7 juli 2023", or the
  // equivalence's sentence.
  [[nodiscard]] std::string route(const derivation& d) const;
  [[nodiscard]] std::string not_credited(const not_credited_reason& r) const;

  // ---------------------------------------------------------------- diplomas
  // A `missing` (or `blocking`) leaf of `diploma` in words, with what it lacks.
  [[nodiscard]] std::string missing(std::string_view diploma, std::string_view leaf) const;
  // A requirement node's name and its state against its threshold.
  [[nodiscard]] std::string node_name(std::string_view diploma, const requirement_explanation& r) const;
  [[nodiscard]] std::string node_state(const requirement_explanation& r) const;
  // What a plan unit newly credits besides itself, in words; empty when nothing.
  [[nodiscard]] std::string also_credits(const advised_unit& u) const;

  // ---------------------------------------------------------------- what a course adds
  // One diploma of a what-if before -> after: "Verzorgende-IG: deels gehaald 83%, 160
  // uur → behaald 100%, 0 uur"; empty when its status, progress and hours stay.
  [[nodiscard]] std::string diploma_change(std::string_view id, const what_if_diploma& d) const;

  // ---------------------------------------------------------------- sources
  // What a cited entry is: "keurmerk", "schaal", a unit's kind, ...
  [[nodiscard]] std::string what(const citation& c) const;

 private:
  const model& m_;
  words w_;
  catalog::phraser p_;
};

// The node of a diploma's explanation named `leaf` as `missing` names it, or nullptr.
const requirement_explanation* find_node(const diploma_explanation& d, std::string_view leaf);

}  // namespace civeff::detail::person_report
