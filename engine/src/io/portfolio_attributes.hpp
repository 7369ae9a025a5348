// SPDX-License-Identifier: Apache-2.0
#pragma once
// SPEC §11 for portfolios (files and the rules' own `tests:`): the values of
// declared attributes converted from what was written, undeclared names warned
// about. Sections the ruleset does not declare keep SPEC §3's typing.

#include "io/warning_list.hpp"
#include "ir/program.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail {

// Fills the person attributes of `out` and the attributes of its achievements
// (index for index with `syntax.achievements`): W010 for a declared value that
// does not convert (left out), W011 once per undeclared name (ignored).
void convert_portfolio_attributes(const program& prog, const portfolio_syntax& syntax, portfolio& out,
                                  warning_list& warnings);

}  // namespace civeff::detail
