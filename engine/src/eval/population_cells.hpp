// SPDX-License-Identifier: Apache-2.0
#pragma once
// A population's cells as the evaluator reads them: a category code as its text,
// an attribute cell as a value (SPEC §3, §10).

#include <civeff/civeff.hpp>

#include <cstdint>
#include <string_view>

#include "ir/expression.hpp"

namespace civeff::detail {

// The category a code names, or "" (an empty cell) for -1. Codes were checked by
// check_shape; the bound is tested again because the buffers are someone
// else's and must never be read out of bounds.
inline std::string_view category(const string_column_view& c, std::int32_t code) {
  return code >= 0 && static_cast<std::size_t>(code) < c.categories.size()
             ? c.categories[static_cast<std::size_t>(code)]
             : std::string_view();
}

// An attribute cell of kind `kind`: `number` is read for booleans, numbers and
// dates, `text` for texts (an empty text is no value).
inline value cell_value(attribute_column::cell kind, double number, std::string_view text) {
  using cell = attribute_column::cell;
  switch (kind) {
    case cell::absent: return value::absent();
    case cell::boolean: return value::boolean(number != 0);
    case cell::number: return value::number(number);
    case cell::date: return value::day(static_cast<std::int32_t>(number));
    case cell::text: return text.empty() ? value::absent() : value::text(text);
  }
  return value::absent();
}

// Row `row` of attribute column `c` as a value.
inline value cell_value(const attribute_column_view& c, std::size_t row) {
  using cell = attribute_column::cell;
  const auto kind = static_cast<cell>(c.kinds[row]);
  switch (kind) {
    case cell::boolean:
    case cell::number:
    case cell::date: return cell_value(kind, number_at(c, row), {});
    case cell::text: return cell_value(kind, 0, category(c.texts, c.texts.codes[row]));
    default: return value::absent();
  }
}

}  // namespace civeff::detail
