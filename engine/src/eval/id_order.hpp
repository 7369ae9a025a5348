// SPDX-License-Identifier: Apache-2.0
#pragma once
// The persons of a population in id order, as batch results list them. Sorting
// the ids as strings compared them byte by byte through memcmp, a serial step of
// every batch that grew to about a tenth of a million-person run on shuffled rows.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace civeff::detail {

// The category codes 0..ids.size()-1 ordered by their ids, compared as
// std::string_view compares (byte by byte, unsigned); equal ids by code.
std::vector<std::int32_t> codes_by_id(std::span<const std::string_view> ids);

}  // namespace civeff::detail
