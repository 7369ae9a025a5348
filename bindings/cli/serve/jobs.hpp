// SPDX-License-Identifier: Apache-2.0
#pragma once
// `--timeout`: a POST request's work runs on a thread of its own, and the
// request thread waits for it at most the timeout. The engine cannot be
// interrupted inside one person's evaluation, so work that overran is told to
// stop (a population stops after the person at hand) and finishes unseen; at
// shutdown the server waits for it (drain), so no work outlives the rules.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>

#include "service.hpp"

namespace civeff::cli::serve {

class jobs {
 public:
  // At most `limit` pieces of work at once, overrun ones included.
  explicit jobs(std::size_t limit) : limit_(limit) {}
  jobs(const jobs&) = delete;
  jobs& operator=(const jobs&) = delete;
  ~jobs() { drain(); }

  enum class outcome : std::uint8_t { done, timed_out, busy };
  // done: `out` is what `work(stop)` returned. timed_out: it did not return
  // within `timeout` of this call (stop is then set), whenever this thread saw it. busy: `limit` pieces already run, or no
  // thread could be started. `work` must not throw.
  outcome run(std::function<response(const std::atomic<bool>& stop)> work, std::chrono::milliseconds timeout,
              response& out);
  // Waits until no work runs.
  void drain();

 private:
  std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable idle_;
  std::size_t running_ = 0;
};

}  // namespace civeff::cli::serve
