// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading an input file (population CSV, portfolio) whole, once: a FIFO or a
// process substitution is read as a stream, a regular file may be mapped.

#include <civeff/civeff.hpp>

#include <string>

namespace civeff::detail {

// "no such file", "permission denied": strerror's words, in lower case.
std::string error_reason(int error_number);

// input_error E040 "cannot read 'FILE': WHY".
[[noreturn]] void cannot_read(const std::string& file, const std::string& why);

}  // namespace civeff::detail
