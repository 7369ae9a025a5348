// SPDX-License-Identifier: Apache-2.0
// A small work-sharing loop for the _core extension: the population builder
// converts columns with it, levels/credits evaluate chunks of persons with it.
// Call it with the GIL released.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
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
// first exception after all threads have stopped. With `watch`, the calling
// thread takes no chunk: it calls watch() about every 100 ms until the threads
// are done (a Python binding checks for Ctrl-C there), and once `*stop` is set
// no further chunk is started.
template <class Body>
void parallel_chunks(std::size_t chunks, unsigned threads, Body body, const std::function<void()>& watch = {},
                     const std::atomic<bool>* stop = nullptr) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto stopped = [&] { return stop != nullptr && stop->load(std::memory_order_relaxed); };
  const auto work = [&] {
    for (std::size_t c = next++; c < chunks && !stopped(); c = next++) {
      try {
        body(c);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = chunks;
      }
    }
  };
  const unsigned count = thread_count(threads, chunks);
  std::vector<std::thread> pool;
  if (!watch) {
    for (unsigned t = 1; t < count; ++t) pool.emplace_back(work);
    work();
  } else {
    std::mutex mutex;
    std::condition_variable finished;
    unsigned running = count;
    for (unsigned t = 0; t < count; ++t)
      pool.emplace_back([&] {
        work();
        const std::lock_guard lock(mutex);
        --running;
        finished.notify_all();
      });
    std::unique_lock lock(mutex);
    while (!finished.wait_for(lock, std::chrono::milliseconds(100), [&] { return running == 0; })) {
      lock.unlock();
      watch();
      lock.lock();
    }
    lock.unlock();
  }
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace civeff::python
