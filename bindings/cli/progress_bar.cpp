// SPDX-License-Identifier: Apache-2.0
#include "progress_bar.hpp"

#include <fmt/format.h>

#include <cstdio>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

namespace civeff::cli {
namespace {

bool stderr_is_terminal() {
#if defined(__unix__) || defined(__APPLE__)
  return ::isatty(STDERR_FILENO) != 0;
#else
  return false;
#endif
}

}  // namespace

progress_bar::progress_bar(std::string label) : label_(std::move(label)), enabled_(stderr_is_terminal()) {}

progress_bar::~progress_bar() { finish(); }

void progress_bar::attach(batch_options& options) {
  if (!enabled_) return;
  options.progress = &progress_bar::callback;
  options.progress_user = this;
}

void progress_bar::attach(advice_batch_options& options) {
  if (!enabled_) return;
  options.progress = &progress_bar::callback;
  options.progress_user = this;
}

void progress_bar::callback(std::size_t done, std::size_t total, void* user) {
  static_cast<progress_bar*>(user)->update(done, total);
}

void progress_bar::update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  const int permille = static_cast<int>(done * 1000 / total);
  const auto now = std::chrono::steady_clock::now();
  // At most ten redraws a second, and only when the number shown changes.
  if (permille == last_permille_ ||
      (drawn_ && permille < 1000 && now - last_draw_ < std::chrono::milliseconds(100)))
    return;
  last_permille_ = permille;
  last_draw_ = now;
  constexpr int width = 30;
  const int filled = permille * width / 1000;
  fmt::print(
      stderr, "\r{} [{}{}] {:3}.{}% {}/{}\033[K", label_, std::string(static_cast<std::size_t>(filled), '#'),
      std::string(static_cast<std::size_t>(width - filled), ' '), permille / 10, permille % 10, done, total);
  std::fflush(stderr);
  drawn_ = true;
}

void progress_bar::note(std::string_view text) {
  if (!enabled_) return;
  fmt::print(stderr, "\r{}\033[K", text);
  std::fflush(stderr);
  drawn_ = true;
}

void progress_bar::finish() {
  if (!drawn_) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace civeff::cli
