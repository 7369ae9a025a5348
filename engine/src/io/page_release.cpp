// SPDX-License-Identifier: Apache-2.0
#include "io/page_release.hpp"

#include <algorithm>
#include <cstdint>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace civeff::detail {

std::size_t page_release::page_size() {
#if defined(__unix__) || defined(__APPLE__)
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return page;
#else
  return 4096;
#endif
}

void page_release::release(const char* from, const char* to) const {
#if defined(__unix__) || defined(__APPLE__)
  if (begin_ == nullptr) return;
  const std::uintptr_t page = page_size();
  // Only pages wholly inside both [from, to) and the mapping: a page shared with
  // bytes another pass still reads is left to that pass.
  const auto lo = (reinterpret_cast<std::uintptr_t>(std::max(from, begin_)) + page - 1) / page * page;
  const auto hi = reinterpret_cast<std::uintptr_t>(std::min(to, end_)) / page * page;
  if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
#else
  (void)from;
  (void)to;
#endif
}

void release_behind::release_to(const char* at) {
  pages_->release(done_, at);
  const std::size_t into_page = reinterpret_cast<std::uintptr_t>(at) % page_release::page_size();
  done_ = std::max(done_, at - into_page);
}

}  // namespace civeff::detail
