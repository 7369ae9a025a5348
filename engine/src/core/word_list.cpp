// SPDX-License-Identifier: Apache-2.0
#include "core/word_list.hpp"

namespace civeff::detail {

std::string word_list(const std::vector<std::string>& items, std::string_view last) {
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += k + 1 == items.size() ? last : ", ";
    out += items[k];
  }
  return out;
}

}  // namespace civeff::detail
