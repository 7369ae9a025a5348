// SPDX-License-Identifier: Apache-2.0
// population::view(): a population's vectors lent as spans, so the batch
// evaluator has one input type whether the columns came from a CSV file or
// from someone else's buffers.
#include <civeff/civeff.hpp>

namespace civeff {
namespace {

string_column_view view_of(const string_column& c) {
  string_column_view v;
  v.codes = c.codes;
  v.categories.assign(c.categories.begin(), c.categories.end());
  return v;
}

}  // namespace

population_view population::view() const {
  population_view v;
  v.rows = rows();
  v.person = view_of(person);
  v.unit = view_of(unit);
  v.title = view_of(title);
  v.marks = view_of(marks);
  v.dates = dates;
  v.hours = hours;
  v.exempt = exempt;
  v.attributes.reserve(attributes.size());
  for (const attribute_column& c : attributes) {
    // An enum with uint8_t underneath may be read through unsigned char.
    const auto* kinds = reinterpret_cast<const std::uint8_t*>(c.kinds.data());
    v.attributes.push_back(
        {c.name, c.person_level, {kinds, c.kinds.size()}, c.numbers, view_of(c.texts), c.floats});
  }
  v.file = file;
  v.lines = lines;
  v.first_line = first_line;
  return v;
}

}  // namespace civeff
