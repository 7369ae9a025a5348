// SPDX-License-Identifier: Apache-2.0
#include "yaml/regular_file.hpp"

#include <array>
#include <cerrno>
#include <cstring>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#include <fstream>
#include <sstream>
#endif

namespace civeff::detail {
namespace {

// strerror's words, lower case, with the two everyone meets said plainly.
std::string reason(int error_number) {
  if (error_number == ENOENT || error_number == ENOTDIR) return "no such file";
  if (error_number == EACCES || error_number == EPERM) return "permission denied";
  std::string why = std::strerror(error_number);
  if (!why.empty() && why[0] >= 'A' && why[0] <= 'Z') why[0] = static_cast<char>(why[0] - 'A' + 'a');
  return why;
}

}  // namespace

#if defined(__unix__) || defined(__APPLE__)

file_contents read_regular_file(const std::filesystem::path& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer. The type is then
  // checked on the open file, so nothing can be swapped in between.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return {{}, reason(errno)};
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } const close_it{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) return {{}, reason(errno)};
  if (S_ISDIR(info.st_mode)) return {{}, "it is a directory"};
  if (!S_ISREG(info.st_mode)) return {{}, "not a regular file"};
  file_contents out;
  out.text.reserve(static_cast<std::size_t>(info.st_size));
  std::array<char, 1 << 16> block{};
  for (;;) {
    const ssize_t got = ::read(fd, block.data(), block.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      return {{}, reason(errno)};
    }
    out.text.append(block.data(), static_cast<std::size_t>(got));
  }
  return out;
}

#else

file_contents read_regular_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec) return {{}, reason(ec.value())};
  if (std::filesystem::is_directory(status)) return {{}, "it is a directory"};
  if (!std::filesystem::is_regular_file(status)) return {{}, "not a regular file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {{}, reason(errno)};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return {{}, "read error"};
  return {std::move(buffer).str(), {}};
}

#endif

}  // namespace civeff::detail
