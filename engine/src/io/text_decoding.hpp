// SPDX-License-Identifier: Apache-2.0
#pragma once
// Input bytes to UTF-8 text (SPEC §11 `--encoding`): UTF-8 is checked, Windows-1252
// and Latin-1 are converted, and a UTF-16 file is recognised by its byte-order mark.
// Everything after this works on valid UTF-8, so columns count characters and
// nothing invalid reaches a result or a diagnostic.

#include <civeff/civeff.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "io/page_release.hpp"

namespace civeff::detail {

// `bytes` in Windows-1252 or Latin-1, as UTF-8.
std::string to_utf8(std::string_view bytes, text_encoding from);

// `bytes` as UTF-8 text in `storage` or in place: a UTF-8 byte-order mark is
// kept (the readers skip it, as they do in files they map), other encodings are
// converted into `storage`. Throws input_error with `code` (E043 for CSV, E041
// for portfolios) at the line and column of the first invalid byte, or for a
// UTF-16 file. With `pages` (the mapping `bytes` is in), what has been read is
// given back as the check goes (page_release.hpp).
std::string_view decode_input(std::string_view bytes, text_encoding encoding, const std::string& file,
                              const char* code, std::string& storage, const page_release* pages = nullptr);

// The 1-based line and character column of byte `offset` in UTF-8 `text`
// (LF, CRLF and a lone CR end a line).
source_location locate_offset(std::string_view text, std::size_t offset, const std::string& file);

}  // namespace civeff::detail
