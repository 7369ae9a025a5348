// SPDX-License-Identifier: Apache-2.0
#pragma once
// A one-line progress bar on stderr for long batch runs (SPEC §7 "long runs show
// progress on a terminal"). It draws only when stderr is a terminal, so redirected
// output and CI logs stay clean, and it erases itself when done.

#include <civeff/civeff.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace civeff::cli {

class progress_bar {
 public:
  explicit progress_bar(std::string label);
  ~progress_bar();
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;

  // Points `options.progress` at this bar (nothing when stderr is no terminal).
  void attach(batch_options& options);
  void attach(advice_batch_options& options);
  void update(std::size_t done, std::size_t total);
  // A line of text in the bar's place ("reading people.csv"), until the next update.
  void note(std::string_view text);
  // Erases the bar's line.
  void finish();

 private:
  static void callback(std::size_t done, std::size_t total, void* user);

  std::string label_;
  bool enabled_ = false;
  bool drawn_ = false;
  int last_permille_ = -1;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace civeff::cli
