// SPDX-License-Identifier: Apache-2.0
#pragma once
// The warnings of one input read (SPEC §11): W010, W011 and W016 become errors
// under `--strict` (all of them); otherwise warnings are kept for the caller to show,
// the first `input_warnings::shown_limit` in file order and a count of all.

#include <civeff/civeff.hpp>

#include <vector>

namespace civeff::detail {

class warning_list {
 public:
  // `limit`: how many warnings to keep for showing (the rules' own tests keep all).
  explicit warning_list(bool strict, std::size_t limit = input_warnings::shown_limit)
      : strict_(strict), limit_(limit) {}

  // A W010/W011/W013/W016/W017 finding. Under strict, W010, W011 and W016 are kept as errors.
  void add(const char* code, source_location where, std::string message);
  // Another list's findings (a later part of the same file).
  void append(warning_list&& later);

  [[nodiscard]] bool strict() const { return strict_; }
  // Strict: every W010, W011 and W016, as errors with their codes, in file order.
  [[nodiscard]] std::vector<diagnostic> take_errors();
  // The warnings, the first shown_limit in file order, and their count.
  [[nodiscard]] input_warnings finish();

 private:
  void keep(diagnostic d);

  bool strict_;
  std::size_t limit_;
  std::vector<diagnostic> errors_;
  std::vector<diagnostic> warnings_;  // the first shown_limit by place
  std::size_t total_ = 0;
};

}  // namespace civeff::detail
