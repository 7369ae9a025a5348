// SPDX-License-Identifier: Apache-2.0
#pragma once
// Conditions in words: a rule's expression (a mark case's `when`, a unit's
// `credit_when`, a guard, a selector's `where`) phrased for people from its syntax
// tree (expr/ast.hpp), with attribute words from the declared attributes' titles:
// `attrs.points >= 4` is "bij minstens 4 accreditatiepunten". An expression with a
// part the phraser does not know is not phrased at all: the catalogue then shows
// its code, never a guess.

#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog_model.hpp"
#include "catalog/texts.hpp"

namespace civeff::detail::catalog {

class phraser {
 public:
  // Both must outlive the phraser.
  phraser(const model& m, const words& w) : m_(m), w_(w) {}

  // The expression in words, plain text (not escaped); nullopt when some part of
  // it cannot be phrased or the text does not parse.
  [[nodiscard]] std::optional<std::string> phrase(std::string_view expression) const;

  // Whether phrased words read as a condition without "when"/"als" before them:
  // they open with a preposition ("bij minstens 4 ...", "vanaf 1 juli 2027").
  [[nodiscard]] bool reads_alone(std::string_view said) const;

  // A date written `YYYY-MM-DD` as people read it: "1 augustus 2020", "1 August 2020";
  // anything else as given.
  [[nodiscard]] std::string date_words(std::string_view iso) const;
  // A number as people read it: 4.5 in English, 4,5 in Dutch.
  [[nodiscard]] std::string number_words(double value) const;

 private:
  const model& m_;
  const words& w_;
};

}  // namespace civeff::detail::catalog
