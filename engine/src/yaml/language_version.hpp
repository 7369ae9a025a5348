// SPDX-License-Identifier: Apache-2.0
#pragma once
// `civeff: 1` in a root file or an overlay (SPEC §2, E003).

#include "yaml/reader.hpp"

namespace civeff::detail {

// E003 unless `civeff` is present and the plain scalar 1.
void check_language_version(yaml_reader& r, const yaml_fields& fields);

}  // namespace civeff::detail
