// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading a rules file: a regular file only. A FIFO, a device or a socket is
// refused without waiting for a writer (reliability finding F15), and the reason
// a file cannot be read is the system's ("permission denied"), not a guess.

#include <filesystem>
#include <string>

namespace civeff::detail {

struct file_contents {
  std::string text;
  std::string problem;  // why it could not be read ("no such file", "not a regular file"); empty when read
};

file_contents read_regular_file(const std::filesystem::path& path);

}  // namespace civeff::detail
