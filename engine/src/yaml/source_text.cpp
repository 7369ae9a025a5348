// SPDX-License-Identifier: Apache-2.0
#include "yaml/source_text.hpp"

#include <algorithm>

namespace civeff::detail {
namespace {

constexpr std::size_t checkpoint = 256;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

}  // namespace

source_text::source_text(std::string file, std::string text)
    : file_(std::make_shared<const std::string>(std::move(file))), text_(std::move(text)) {
  if (text_.starts_with("\xEF\xBB\xBF")) text_.erase(0, 3);
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);  // as yaml-cpp counts lines
  }
  std::size_t count = 0;
  for (std::size_t i = 0; i <= text_.size(); ++i) {
    if (i % checkpoint == 0) continuations_.push_back(count);
    if (i < text_.size() && is_continuation(text_[i])) ++count;
  }
  ascii_ = count == 0;
}

std::size_t source_text::continuation_bytes_before(std::size_t offset) const {
  const std::size_t block = offset / checkpoint;
  std::size_t count = continuations_[block];
  for (std::size_t i = block * checkpoint; i < offset; ++i)
    if (is_continuation(text_[i])) ++count;
  return count;
}

std::size_t source_text::offset(int line, int column) const {
  if (line < 0 || column < 0 || static_cast<std::size_t>(line) >= line_starts_.size())
    return std::string::npos;
  const std::size_t at = line_starts_[static_cast<std::size_t>(line)] + static_cast<std::size_t>(column);
  return at <= text_.size() ? at : std::string::npos;
}

std::size_t source_text::continuation_bytes_between(std::size_t from, std::size_t to) const {
  if (ascii_) return 0;
  if (to - from > 2 * checkpoint) return continuation_bytes_before(to) - continuation_bytes_before(from);
  return static_cast<std::size_t>(std::count_if(text_.begin() + static_cast<std::ptrdiff_t>(from),
                                                text_.begin() + static_cast<std::ptrdiff_t>(to),
                                                is_continuation));
}

std::pair<int, int> source_text::line_column(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  const std::size_t start = line_starts_[line];
  // Characters before `offset` on its line, plus one unless `offset` is inside a character.
  std::size_t column = (offset - start) - continuation_bytes_between(start, offset);
  if (offset == text_.size() || !is_continuation(text_[offset])) ++column;
  return {static_cast<int>(line) + 1, static_cast<int>(column)};
}

source_location source_text::at_offset(std::size_t offset) const {
  const auto [line, column] = line_column(offset);
  return {file_.str(), line, column};
}

syntax_location source_text::place(std::size_t offset) const {
  const auto [line, column] = line_column(offset);
  return {file_, line, column};
}

source_location source_text::at_mark(int line, int column) const {
  const std::size_t at = offset(line, column);
  if (at == std::string::npos) return whole_file();
  return at_offset(at);
}

syntax_location source_text::place_of_mark(int line, int column) const {
  const std::size_t at = offset(line, column);
  if (at == std::string::npos) return {file_, 0, 0};
  return place(at);
}

}  // namespace civeff::detail
