// SPDX-License-Identifier: Apache-2.0
#pragma once
// Re-scans a scalar in the file text so every byte of its parsed value maps back
// to the file byte it came from (SPEC §4: an expression error names its exact
// line and column, whether the scalar is plain, quoted or a block).

#include <cstddef>
#include <string_view>
#include <vector>

namespace civeff::detail {

struct scalar_offsets {
  // File byte offset of each byte of the value, plus one for the end (the closing
  // quote of a quoted scalar, else just past the last character read).
  std::vector<std::size_t> offsets;
  // False when the re-scan did not reproduce the value (a folding form it does not
  // follow): then every offset is `content_start`.
  bool exact = false;
  std::size_t content_start = 0;  // after any anchor, tag and opening quote
};

// `mark` is the byte offset yaml-cpp's Mark() gives for the node (its first token,
// possibly an anchor or tag); `value` is what yaml-cpp parsed. The re-scan is guided
// by the value: each character is matched against the text under the folding and
// escaping rules of the scalar's style, so a wrong guess shows as a mismatch.
scalar_offsets locate_scalar(std::string_view text, std::size_t mark, std::string_view value);

// locate_scalar(text, mark, value).offsets.front(), the value's first byte; a plain
// scalar written on one line as it reads (most keys and ids) is found at its mark
// without re-scanning it.
std::size_t scalar_start(std::string_view text, std::size_t mark, std::string_view value);

}  // namespace civeff::detail
