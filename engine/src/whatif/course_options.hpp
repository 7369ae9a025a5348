// SPDX-License-Identifier: Apache-2.0
#pragma once
// The course chooser (ruleset::course_options): the units that lower a
// diploma's hours to complete most per hour of study, each with its what-if.

#include <civeff/civeff.hpp>

#include <vector>

namespace civeff::detail {

// `diploma`: an index into the program's diplomas.
std::vector<course_option> course_options(const ruleset& rules, const portfolio& p, std::size_t diploma,
                                          date as_of, std::size_t top, const advice_options& options);

}  // namespace civeff::detail
