// SPDX-License-Identifier: Apache-2.0
#include "core/person_conflicts.hpp"

#include <fmt/format.h>

#include "core/excerpt.hpp"

namespace civeff::detail {
namespace {

std::string shown(std::string_view value) {
  return value.empty() ? std::string("an empty cell") : "'" + excerpt(value) + "'";
}

}  // namespace

std::string conflict_message(std::string_view person, std::string_view attribute,
                             std::string_view first_value, std::string_view first_place,
                             std::string_view other_value) {
  return capped_message(fmt::format(
      "person '{}' has two values for person.{}: {}{} and {}", person, attribute, shown(first_value),
      first_place.empty() ? "" : " (" + std::string(first_place) + ")", shown(other_value)));
}

std::string more_conflicts_message(std::size_t persons) {
  return fmt::format(
      "{} more person{} with two values for a person attribute {} not listed; give every row of a person the "
      "value "
      "that counts now (the language reference, \"Exports from Excel and HR systems\")",
      persons, persons == 1 ? "" : "s", persons == 1 ? "is" : "are");
}

}  // namespace civeff::detail
