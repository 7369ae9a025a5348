// SPDX-License-Identifier: Apache-2.0
#pragma once
// E045, one person with two values for a person attribute (SPEC §9, §11): the
// same words and the same limit whether the CSV reader finds it (with the cells
// as written) or the batch finds it in columns someone else built.

#include <cstddef>
#include <string>
#include <string_view>

namespace civeff::detail {

// At most this many E045 are listed; one line then counts the persons left.
inline constexpr std::size_t max_listed_conflicts = 100;

// "person 'p-017' has two values for person.role: 'helpende' (line 3) and 'verzorgende'".
// The values are shown as written (an empty cell as "an empty cell"); `first_place`
// says where the first was ("line 3", "row 17"), or is empty.
std::string conflict_message(std::string_view person, std::string_view attribute,
                             std::string_view first_value, std::string_view first_place,
                             std::string_view other_value);

// The count line after the listed ones: "N more persons have two values for a person attribute ...".
std::string more_conflicts_message(std::size_t persons);

}  // namespace civeff::detail
