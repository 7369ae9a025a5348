// SPDX-License-Identifier: Apache-2.0
#pragma once
// Giving back the pages of a mapped input file as passes over it move on.
//
// A population CSV is mapped read-only (MAP_PRIVATE, never written), and every
// page a pass reads stays in the process's resident set until the mapping goes:
// for a file of gigabytes that is as much memory again as the columns read from
// it. madvise(MADV_DONTNEED) drops such pages from this process only; the page
// cache keeps them, and a later read of the same bytes (a factorized category's
// first spelling, an E045 cell found again) maps them in again with the same
// contents, so every view into the text stays valid.

#include <cstddef>

namespace civeff::detail {

class page_release {
 public:
  page_release() = default;  // nothing mapped: release() does nothing
  page_release(const char* begin, const char* end) : begin_(begin), end_(end) {}

  // Drops the whole pages of [from, to) inside the mapping from the resident set.
  void release(const char* from, const char* to) const;
  [[nodiscard]] bool active() const { return begin_ != nullptr; }
  static std::size_t page_size();

 private:
  const char* begin_ = nullptr;
  const char* end_ = nullptr;
};

// Releases what one pass (one thread) has read, every `step` bytes, from `from` on.
class release_behind {
 public:
  static constexpr std::size_t step = std::size_t{8} << 20;
  release_behind(const page_release* pages, const char* from) : pages_(pages), done_(from) {}
  // The pass has read everything before `at`.
  void reached(const char* at) {
    if (pages_ != nullptr && static_cast<std::size_t>(at - done_) >= step) release_to(at);
  }
  void finish(const char* at) {
    if (pages_ != nullptr && at > done_) release_to(at);
  }

 private:
  // Up to `at`; the page `at` is in is released by the next call, not skipped.
  void release_to(const char* at);

  const page_release* pages_;
  const char* done_;
};

}  // namespace civeff::detail
