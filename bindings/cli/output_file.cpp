// SPDX-License-Identifier: Apache-2.0
#include "output_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>

#include "cli.hpp"

namespace civeff::cli {

void write_output_file(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) argument_error(fmt::format("--out: '{}' is a directory", path));
  std::random_device random;
  const fs::path temp =
      target.parent_path() / fmt::format(".{}.{:08x}.tmp", target.filename().string(), random());
  const auto fail = [&](const char* step) {
    const std::string why = std::strerror(errno);
    fs::remove(temp, ec);
    argument_error(fmt::format("--out: cannot {} '{}': {}", step, path, why));
  };
  std::FILE* out = std::fopen(temp.string().c_str(), "wb");
  if (out == nullptr) {
    fail("write");
    return;
  }
  const bool written = std::fwrite(content.data(), 1, content.size(), out) == content.size();
  const bool closed = std::fclose(out) == 0;
  if (!written || !closed) {
    fail("write");
    return;
  }
  fs::rename(temp, target, ec);
  if (ec) {
    errno = ec.value();
    fail("replace");
  }
}

}  // namespace civeff::cli
