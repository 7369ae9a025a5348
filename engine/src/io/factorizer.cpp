// SPDX-License-Identifier: Apache-2.0
#include "io/factorizer.hpp"

namespace civeff::detail {

std::uint64_t hash_bytes(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0x94D049BB133111EBULL;
    h ^= h >> 32;
  }
  h *= 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 31);
}

std::int32_t factorizer::code(std::string_view s, bool stable, bool* created) {
  if (created) *created = false;
  if (s.empty()) return -1;
  if (last_code_ >= 0 && s == last_) return last_code_;  // rows of one person are often adjacent
  const std::uint64_t h = hash_bytes(s);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const std::int32_t c = slots_[i];
    if (c < 0) break;
    const auto k = static_cast<std::size_t>(c);
    if (hashes_[k] == h && keys_[k] == s) {
      last_ = keys_[k];
      return last_code_ = c;
    }
  }
  const auto c = static_cast<std::int32_t>(keys_.size());
  if (!stable) s = owned_.emplace_back(s);
  keys_.push_back(s);
  hashes_.push_back(h);
  out_->categories.emplace_back(s);
  if (keys_.size() * 2 > slots_.size()) {
    rehash(slots_.size() * 2);
  } else {
    insert(h, c);
  }
  last_ = s;
  if (created) *created = true;
  return last_code_ = c;
}

void factorizer::insert(std::uint64_t h, std::int32_t c) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i] >= 0) i = (i + 1) & mask;
  slots_[i] = c;
}

void factorizer::rehash(std::size_t size) {
  slots_.assign(size, -1);
  for (std::size_t k = 0; k < keys_.size(); ++k) insert(hashes_[k], static_cast<std::int32_t>(k));
}

}  // namespace civeff::detail
