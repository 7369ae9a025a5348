// SPDX-License-Identifier: Apache-2.0
#pragma once
// Text as HTML text or attribute value: & < > " ' escaped, everything else as is.
// The catalogue's page and the coverage page write every text through it.

#include <string>
#include <string_view>

namespace civeff::detail {

std::string html_escape(std::string_view text);

}  // namespace civeff::detail
