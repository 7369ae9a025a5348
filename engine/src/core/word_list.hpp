// SPDX-License-Identifier: Apache-2.0
#pragma once
// A list in a sentence, as the texts for people write it (advice, what-if).

#include <string>
#include <string_view>
#include <vector>

namespace civeff::detail {

// "A, B en C" with `last` " en ": items joined by ", ", the last two by `last`.
std::string word_list(const std::vector<std::string>& items, std::string_view last);

}  // namespace civeff::detail
