// SPDX-License-Identifier: Apache-2.0
#pragma once
// One file's text with its line starts: turns yaml-cpp's 0-based (line, byte
// column) marks and byte offsets into our 1-based (line, character column).

#include <civeff/civeff.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yaml/syntax_location.hpp"

namespace civeff::detail {

class source_text {
 public:
  // `text` is kept as given, minus a leading UTF-8 byte-order mark (which yaml-cpp
  // skips too, so its marks count from after it).
  source_text(std::string file, std::string text);

  [[nodiscard]] const std::string& file() const { return file_.str(); }
  // The file name every place in this file shares (syntax_location).
  [[nodiscard]] const shared_name& shared_file() const { return file_; }
  [[nodiscard]] const std::string& text() const { return text_; }

  // The byte offset of yaml-cpp's 0-based (line, byte column); npos when outside the text.
  [[nodiscard]] std::size_t offset(int line, int column) const;
  // The 1-based location of a byte offset; columns count UTF-8 code points, and a
  // continuation byte maps to its character's column.
  [[nodiscard]] source_location at_offset(std::size_t offset) const;
  // at_offset() with the file name shared, not copied: for the syntax tree.
  [[nodiscard]] syntax_location place(std::size_t offset) const;
  // The same 1-based line and column without the file name (no string copied: an
  // expression asks this for each of its characters).
  [[nodiscard]] std::pair<int, int> line_column(std::size_t offset) const;
  // The 1-based location of a 0-based yaml-cpp mark; {file, 0, 0} when it is unknown.
  [[nodiscard]] source_location at_mark(int line, int column) const;
  // at_mark() with the file name shared.
  [[nodiscard]] syntax_location place_of_mark(int line, int column) const;
  // The whole file (line 0): for problems with no better place.
  [[nodiscard]] source_location whole_file() const { return {file_.str(), 0, 0}; }

 private:
  shared_name file_;
  std::string text_;
  // UTF-8 continuation bytes before `offset`, from a checkpoint every 256 bytes:
  // columns stay cheap on a minified one-line JSON file.
  [[nodiscard]] std::size_t continuation_bytes_before(std::size_t offset) const;
  // Continuation bytes in [from, to): counted there when the span is short (a line, mostly).
  [[nodiscard]] std::size_t continuation_bytes_between(std::size_t from, std::size_t to) const;

  std::vector<std::size_t> line_starts_;    // byte offset of each line's first byte
  std::vector<std::size_t> continuations_;  // continuation bytes before each multiple of 256
  bool ascii_ = true;                       // no continuation byte at all
};

}  // namespace civeff::detail
