// SPDX-License-Identifier: Apache-2.0
// A small work-sharing loop for the _core extension: the population builder
// converts columns with it, levels/credits evaluate chunks of persons with it.
// Call it with the GIL released.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace civeff::python {

// `requested` threads (0: every core), never more than there is work.
inline unsigned thread_count(unsigned requested, std::size_t work_items) {
  unsigned t = requested ? requested : std::max(1U, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<std::size_t>(t, std::max<std::size_t>(1, work_items)));
}

// Runs body(chunk) for chunk in [0, chunks) on `threads` threads; rethrows the
// first exception after all threads have stopped.
template <class Body>
void parallel_chunks(std::size_t chunks, unsigned threads, Body body) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work = [&] {
    for (std::size_t c = next++; c < chunks; c = next++) {
      try {
        body(c);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = chunks;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < thread_count(threads, chunks); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace civeff::python
