// SPDX-License-Identifier: Apache-2.0
#include "io/input_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "core/diagnostic_codes.hpp"

namespace civeff::detail {

std::string error_reason(int error_number) {
  if (error_number == ENOENT) return "no such file";
  std::string why = std::strerror(error_number);
  if (!why.empty() && why[0] >= 'A' && why[0] <= 'Z') why[0] = static_cast<char>(why[0] - 'A' + 'a');
  return why;
}

void cannot_read(const std::string& file, const std::string& why) {
  throw input_error(
      {{severity::error, codes::input_io, {file, 0, 0}, fmt::format("cannot read '{}': {}", file, why), {}}});
}

}  // namespace civeff::detail
