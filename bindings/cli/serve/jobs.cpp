// SPDX-License-Identifier: Apache-2.0
#include "jobs.hpp"

#include <memory>
#include <system_error>
#include <thread>
#include <utility>

namespace civeff::cli::serve {
namespace {

// Shared by the waiting request thread and the worker, whichever ends last frees it.
struct job {
  std::mutex mutex;
  std::condition_variable done_signal;
  std::optional<response> result;
  std::chrono::steady_clock::time_point finished;
  std::atomic<bool> stop{false};
};

}  // namespace

jobs::outcome jobs::run(std::function<response(const std::atomic<bool>& stop)> work,
                        std::chrono::milliseconds timeout, response& out) {
  // The time limit runs from here, not from when this thread starts waiting: on a
  // busy machine the work can be done before the wait begins, and must still
  // count as overrun when it took longer than `timeout`.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  {
    const std::lock_guard lock(mutex_);
    if (running_ >= limit_) return outcome::busy;
    ++running_;
  }
  auto state = std::make_shared<job>();
  std::thread worker;
  try {
    worker = std::thread([this, state, work = std::move(work)]() mutable {
      response r = work(state->stop);
      {
        const std::lock_guard lock(state->mutex);
        state->result = std::move(r);
        state->finished = std::chrono::steady_clock::now();
      }
      state->done_signal.notify_all();
      // Nothing of the work (its rules, its body) may outlive drain(): release it first.
      work = nullptr;
      state.reset();
      const std::lock_guard lock(mutex_);
      --running_;
      idle_.notify_all();  // under the lock: drain() cannot return, and `this` end, before it is done
    });
  } catch (const std::system_error&) {  // no thread to be had
    const std::lock_guard lock(mutex_);
    --running_;
    idle_.notify_all();
    return outcome::busy;
  }
  worker.detach();
  std::unique_lock lock(state->mutex);
  if (!state->done_signal.wait_until(lock, deadline, [&] { return state->result.has_value(); }) ||
      state->finished > deadline) {
    state->stop = true;
    return outcome::timed_out;
  }
  out = std::move(*state->result);
  return outcome::done;
}

void jobs::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return running_ == 0; });
}

}  // namespace civeff::cli::serve
