// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a population CSV's header says (SPEC §3, §9, §11): which column is the
// person, the date, ..., which are attributes (declared or not), and which are
// ignored because a declared section does not name them (W011).

#include <civeff/civeff.hpp>

#include <cstdint>
#include <limits>
#include <vector>

#include "io/csv_scanner.hpp"
#include "io/warning_list.hpp"
#include "ir/program.hpp"

namespace civeff::detail {

enum class csv_role : std::uint8_t { person, unit, title, date, hours, marks, exempt, attribute, ignored };

struct csv_column {
  csv_role role = csv_role::ignored;
  std::size_t attribute = 0;                        // attribute: index into population::attributes
  const attribute_declaration* declared = nullptr;  // attribute: converted by SPEC §11; nullptr: typed by §3
  bool person_level = false;
  // An undeclared person attribute: its slot among the per-row hashes of the
  // trimmed text that E045 compares (SPEC §11); npos otherwise.
  std::size_t text_hash = std::numeric_limits<std::size_t>::max();
};

// Which per-row vectors an attribute column fills: a declared attribute's cells
// all have its type (SPEC §11), so it needs only numbers (bool, number, date) or
// only text codes; an undeclared one may hold either until its rows are read.
struct attribute_storage {
  bool numbers = true;
  bool texts = true;
};

struct csv_layout {
  std::vector<csv_column> columns;
  bool has_exempt = false;
  std::size_t text_hash_columns = 0;
  std::vector<attribute_storage> storage;  // per attribute of the population
};

// What one column name means (SPEC §9, §11), by the same rules for a CSV
// header and a DataFrame's columns. `name` is trimmed and not empty; fixed
// names, declared names and the `person.` prefix match without regard to case.
struct column_meaning {
  csv_role role = csv_role::ignored;
  std::string attribute;  // an attribute's name: the declared spelling when declared
  bool person_level = false;
  const attribute_declaration* declared = nullptr;
  std::string warning;  // W011's message for a column ignored as not declared
  std::string error;    // E043 (E041 in a DataFrame) for `person.` with no name after it
};
column_meaning classify_column(std::string_view name, const program* rules);

// Reads the header record `cells`: attribute columns are appended to `pop`,
// errors (E043: empty or duplicate names, no person or date column) go to the
// scanner, W011 to `warnings`. `rules` may be null (nothing is declared then).
// False when the header has errors.
bool read_header(csv_scanner& scanner, const std::vector<cell_ref>& cells, const program* rules,
                 population& pop, csv_layout& out, warning_list& warnings);

}  // namespace civeff::detail
