// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the expression parser (SPEC §4): parse must never crash, hang or
// throw, must set exactly one of tree and error, and must keep offsets inside the input.
// Built only with clang (CIVEFF_BUILD_FUZZERS): clang++ -fsanitize=fuzzer,address,undefined.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "expr/ast.hpp"

namespace {

using civeff::detail::expr::node;

// Every node lies inside [begin, end) of its parent, the whole inside the input.
bool ranges_nest(const node& n, std::size_t begin, std::size_t end) {
  if (n.begin > n.end || n.begin < begin || n.end > end) return false;
  for (const node& c : n.children)
    if (!ranges_nest(c, n.begin, n.end)) return false;
  for (const auto& a : n.named)
    if (a.value.size() != 1 || !ranges_nest(a.value[0], n.begin, n.end)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // As RE2's fuzzer does: longer inputs only find slowness, not bugs.
  if (size > 4096) return -1;  // -1: do not add to the corpus
  std::string_view const text(reinterpret_cast<const char*>(data), size);

  const auto result = civeff::detail::expr::parse(text);
  if (result.ast.has_value() == result.error.has_value()) std::abort();
  if (result.error) {
    if (result.error->offset > size || result.error->message.empty()) std::abort();
    return 0;
  }
  if (!ranges_nest(*result.ast, 0, size)) std::abort();
  std::string const printed = civeff::detail::expr::print(*result.ast);
  if (printed.empty()) std::abort();
  return 0;
}
