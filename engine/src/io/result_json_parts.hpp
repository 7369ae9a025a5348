// SPDX-License-Identifier: Apache-2.0
#pragma once
// The pieces that the JSON of a result (SPEC §6) and of an explanation (SPEC
// §12) share, so the two stay one layout: the heading that names the person,
// date and rules, and a diploma's status, progress and missing leaves.

#include <civeff/civeff.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "io/json_writer.hpp"

namespace civeff::detail {

// `person`, `as_of`, `ruleset`, `version`, and `overlays` when any were applied.
void write_heading(json_writer& w, std::string_view person, date as_of, std::string_view ruleset,
                   std::string_view version, const std::vector<std::string>& overlays);

// `status`, `progress` and `missing` of one diploma (inside its object).
void write_outcome(json_writer& w, diploma_status s, double progress,
                   const std::vector<std::string>& missing);

}  // namespace civeff::detail
