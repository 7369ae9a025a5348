// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "yaml/reader.hpp"

namespace civeff::detail {
// The scalars of an `attrs:` mapping as written, in document order; nulls (absent)
// and malformed entries (reported by yaml_reader::attributes) are left out.
std::vector<raw_attribute> read_raw_attributes(yaml_reader& r, const yaml_field& f);
}  // namespace civeff::detail
