// SPDX-License-Identifier: Apache-2.0
#pragma once
// Input values as people type them (SPEC §11): bool spellings, numbers with a
// decimal point or comma, day-first dates, and the conversion of a value to a
// declared attribute's type. CSV cells, portfolio values and DataFrame cells
// all go through here, so the command line and Python read alike.

#include <civeff/civeff.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace civeff::detail {

// Spaces and tabs off both ends.
std::string_view trim_blanks(std::string_view s);

// ASCII letters in lower case: how headers and declared names match (SPEC §11).
std::string fold_case(std::string_view s);

// The declaration of `name` (exactly as written), or nullptr.
const attribute_declaration* find_declaration(const std::vector<attribute_declaration>& declared,
                                              std::string_view name);

// `true`/`false`, `1`/`0`, `ja`/`nee`, `waar`/`onwaar`, `yes`/`no`, in any case.
std::optional<bool> parse_bool_spelling(std::string_view text);

// An optional sign, digits, optionally one `.` or `,` and more digits; no
// exponent, no thousands separator. In a `;`-separated file (`semicolon_file`)
// digits, one `.` and exactly three digits (`1.000`) do not convert: the dot
// may be a thousands separator. nullopt also for a value no double holds.
std::optional<double> parse_decimal(std::string_view text, bool semicolon_file);

// A date as typed: `YYYY-MM-DD` or day-first `D-M-YYYY` (one or two digits for
// day and month, four for the year, `-` only).
struct typed_date {
  std::optional<date> day;
  bool day_first = false;  // written D-M-YYYY (whether or not it is a day)
  // Not a day-first date only because its middle field exceeds 12 (while it is
  // a day of the month the first field names): the column may be month-first.
  bool looks_month_first = false;
};
typed_date parse_typed_date(std::string_view text);

// SPEC §3: a cell of an attribute nobody declared, typed on its own: `true` /
// `false`, a number (sign, fraction and exponent allowed; finite), a
// `YYYY-MM-DD` day, else the text as it is. nullopt for an empty cell.
// `bad_date` is set for a YYYY-MM-DD shape that is no day (an input error).
std::optional<attribute_value> type_undeclared(std::string_view text, bool& bad_date);

// The message of a day-first value in a column that looks month-first.
inline constexpr std::string_view month_first_message = "this column looks month-first (MM-DD-YYYY)";

// "'1-5-2023': this column looks month-first (MM-DD-YYYY), as '05-13-2023' on line 2 shows";
// `evidence` names the value that shows it ("'05-13-2023' on line 2"); it is left out
// when `value` is that value.
std::string month_first_problem(std::string_view value, std::string_view evidence);

// A value converted for a declared attribute, or why it was not.
struct conversion {
  std::optional<attribute_value> value;
  std::string problem;     // set when `value` is not
  bool day_first = false;  // a date written day-first (the month-first rule may undo it)
  bool looks_month_first = false;
};

// Text (a CSV cell, a quoted YAML scalar, a DataFrame string) for `d` (SPEC §11):
// trimmed, then converted by type and checked against `values`/`min`/`max`.
conversion convert_text(const attribute_declaration& d, std::string_view text, bool semicolon_file);

// A value that arrived typed (a plain YAML/JSON scalar, a DataFrame number,
// bool or date) for `d`. `source_text` is how it was written, which a text
// attribute takes as its value.
conversion convert_typed(const attribute_declaration& d, const attribute_value& v,
                         std::string_view source_text);

// Checks a converted value against `values` / `min` / `max`; the problem or "".
std::string out_of_bounds(const attribute_declaration& d, const attribute_value& v);

// How a value is shown in a message: quoted text, or the number/date/bool as written.
std::string quote_value(const attribute_value& v);

}  // namespace civeff::detail
