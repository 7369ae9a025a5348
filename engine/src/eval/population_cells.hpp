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

// Row `row` of attribute column `c` as the evaluator holds it (an empty text is
// no value).
inline attribute_cell cell_at(const attribute_column_view& c, std::size_t row) {
  using cell = attribute_column::cell;
  attribute_cell out;
  switch (static_cast<cell>(c.kinds[row])) {
    case cell::absent: break;
    case cell::boolean:
      out.t = value::tag::boolean;
      out.n = number_at(c, row) != 0 ? 1 : 0;
      break;
    case cell::number:
      out.t = value::tag::number;
      out.n = number_at(c, row);
      break;
    case cell::date:
      out.t = value::tag::day;
      out.n = static_cast<std::int32_t>(number_at(c, row));
      break;
    case cell::text:
      out.s = category(c.texts, c.texts.codes[row]);
      if (!out.s.empty()) out.t = value::tag::text;
      break;
  }
  return out;
}

// Row `row` of attribute column `c` as a value.
inline value cell_value(const attribute_column_view& c, std::size_t row) {
  return cell_at(c, row).to_value();
}

}  // namespace civeff::detail
