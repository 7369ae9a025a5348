// SPDX-License-Identifier: Apache-2.0
#pragma once
// Strings to small integer codes for one string_column (SPEC §3 populations are
// stored factorized): one open-addressing hash table whose keys point into the
// input buffer, so a row costs a hash and, for a new value, one string.

#include <civeff/civeff.hpp>

#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace civeff::detail {

std::uint64_t hash_bytes(std::string_view s);

class factorizer {
 public:
  explicit factorizer(string_column& out) : out_(&out) { slots_.assign(64, -1); }

  // The code of `s` (-1 for an empty string). A `stable` view stays valid while
  // this factorizer lives (it points into the file buffer); others are copied.
  // `created` is set when `s` was new.
  std::int32_t code(std::string_view s, bool stable, bool* created = nullptr);

 private:
  void insert(std::uint64_t h, std::int32_t c);
  void rehash(std::size_t size);

  string_column* out_;
  std::vector<std::int32_t> slots_;
  std::vector<std::string_view> keys_;
  std::vector<std::uint64_t> hashes_;
  std::deque<std::string> owned_;
  std::string_view last_;
  std::int32_t last_code_ = -1;
};

}  // namespace civeff::detail
