// SPDX-License-Identifier: Apache-2.0
#include "eval/id_order.hpp"

#include <algorithm>
#include <cstddef>
#include <numeric>

namespace civeff::detail {

namespace {

// Ids share a prefix more often than not ("p0013588", "persoon-000123"): the key
// starts after the prefix every id has, so that it tells them apart.
std::size_t shared_prefix(std::span<const std::string_view> ids) {
  std::size_t length = ids.front().size();
  for (std::string_view id : ids) {
    const std::size_t most = std::min(length, id.size());
    length = static_cast<std::size_t>(
        std::mismatch(id.begin(), id.begin() + static_cast<std::ptrdiff_t>(most), ids.front().begin()).first -
        id.begin());
    if (length == 0) break;
  }
  return length;
}

// Eight bytes from `from` as a big-endian number, zeros past the end: a < b in
// keys means a < b as strings; equal keys leave the strings to be compared.
std::uint64_t key_of(std::string_view id, std::size_t from) {
  std::uint64_t key = 0;
  for (std::size_t k = 0; k < 8; ++k) {
    const std::size_t at = from + k;
    key = (key << 8U) | (at < id.size() ? static_cast<unsigned char>(id[at]) : 0U);
  }
  return key;
}

struct keyed_code {
  std::uint64_t key;
  std::int32_t code;
};

}  // namespace

std::vector<std::int32_t> codes_by_id(std::span<const std::string_view> ids) {
  std::vector<std::int32_t> codes(ids.size());
  std::iota(codes.begin(), codes.end(), 0);
  if (ids.empty() || std::is_sorted(ids.begin(), ids.end())) return codes;
  const std::size_t from = shared_prefix(ids);
  std::vector<keyed_code> keyed(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i)
    keyed[i] = {key_of(ids[i], from), static_cast<std::int32_t>(i)};
  std::sort(keyed.begin(), keyed.end(), [&](const keyed_code& a, const keyed_code& b) {
    if (a.key != b.key) return a.key < b.key;
    const int order = ids[static_cast<std::size_t>(a.code)].substr(from).compare(
        ids[static_cast<std::size_t>(b.code)].substr(from));
    return order != 0 ? order < 0 : a.code < b.code;
  });
  for (std::size_t i = 0; i < keyed.size(); ++i) codes[i] = keyed[i].code;
  return codes;
}

}  // namespace civeff::detail
