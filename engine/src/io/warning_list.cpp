// SPDX-License-Identifier: Apache-2.0
#include "io/warning_list.hpp"

#include <algorithm>
#include <string_view>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"

namespace civeff::detail {
namespace {

void sort_by_place(std::vector<diagnostic>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const diagnostic& a, const diagnostic& b) { return a.where < b.where; });
}

}  // namespace

void warning_list::add(const char* code, source_location where, std::string message) {
  // A cell may hold anything, line breaks included: quoted values are cut to one line.
  message = capped_message(message);
  const std::string_view c = code;
  if (strict_ &&
      (c == codes::warn_conversion || c == codes::warn_undeclared || c == codes::warn_badge_unmatched)) {
    errors_.push_back({severity::error, code, std::move(where), std::move(message), {}});
    return;
  }
  ++total_;
  keep({severity::warning, code, std::move(where), std::move(message), {}});
}

void warning_list::keep(diagnostic d) {
  // The first shown_limit by place, whatever order they come in; findings
  // mostly come in file order, so a full list usually just compares with its last.
  if (warnings_.size() < limit_) {
    warnings_.push_back(std::move(d));
    return;
  }
  auto last = std::max_element(warnings_.begin(), warnings_.end(),
                               [](const diagnostic& a, const diagnostic& b) { return a.where < b.where; });
  if (last != warnings_.end() && d.where < last->where) *last = std::move(d);
}

void warning_list::append(warning_list&& later) {
  errors_.insert(errors_.end(), std::make_move_iterator(later.errors_.begin()),
                 std::make_move_iterator(later.errors_.end()));
  for (auto& d : later.warnings_) keep(std::move(d));
  total_ += later.total_;
}

std::vector<diagnostic> warning_list::take_errors() {
  sort_by_place(errors_);
  return std::move(errors_);
}

input_warnings warning_list::finish() {
  sort_by_place(warnings_);
  input_warnings out;
  out.shown = std::move(warnings_);
  out.total = total_;
  return out;
}

}  // namespace civeff::detail
