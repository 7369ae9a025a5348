// SPDX-License-Identifier: Apache-2.0
#pragma once
// `language: nl|en` in a root file (SPEC §10, E013).

#include <optional>

#include "yaml/reader.hpp"

namespace civeff::detail {

// The value of a root file's `language` field when it is `nl` or `en`; else E013
// at the value, with "did you mean" for a near spelling (`NL`, `nederlands`,
// `engels`, `ne`), and nullopt.
std::optional<located_text> read_language(yaml_reader& r, const yaml_field& f);

}  // namespace civeff::detail
