// SPDX-License-Identifier: Apache-2.0
#include "output_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <optional>

#include "cli.hpp"

namespace civeff::cli {
namespace {

// ---------------------------------------------------------------- the temporary file and signals

// The temporary file being written, for the signal handlers: set before the file
// is created, cleared once it is renamed or removed. Only async-signal-safe calls
// (unlink, signal, raise) touch it from a handler.
constexpr std::size_t temp_path_capacity = 4096;  // PATH_MAX: a longer path cannot be opened anyway
std::array<char, temp_path_capacity> temp_path{};
volatile std::sig_atomic_t temp_path_set = 0;

void remove_temp_and_reraise(int signal) {
  if (temp_path_set != 0) ::unlink(temp_path.data());
  // The default action, re-raised: the exit status is the signal's (130 for SIGINT in a shell).
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

// Removes its file when destroyed unless committed: on every failure, exception or not.
class temp_file {
 public:
  explicit temp_file(std::string path) : path_(std::move(path)) {
    if (path_.size() >= temp_path_capacity) return;
    std::memcpy(temp_path.data(), path_.c_str(), path_.size() + 1);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    temp_path_set = 1;
  }
  ~temp_file() {
    if (!committed_) ::unlink(path_.c_str());
    temp_path_set = 0;
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }
  // The file was renamed: nothing left to remove.
  void commit() { committed_ = true; }

 private:
  std::string path_;
  bool committed_ = false;
};

// Closes a descriptor when destroyed (the error of an explicit close() is checked).
class descriptor {
 public:
  explicit descriptor(int fd) : fd_(fd) {}
  ~descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  descriptor(const descriptor&) = delete;
  descriptor& operator=(const descriptor&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  // close(), 0 or the errno.
  int close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

// ---------------------------------------------------------------- errors

[[noreturn]] void throw_e048(std::string message) {
  throw input_error({{severity::error, "E048", {"civeff", 0, 0}, std::move(message), {}}});
}

// E048 naming OUT as the user wrote it.
[[noreturn]] void file_error(const std::string& out, int error) {
  throw_e048(fmt::format("cannot write '{}': {}", out, std::strerror(error)));
}

// ---------------------------------------------------------------- writing

// Writes all of `content` to `fd`: 0 or the errno (EINTR is retried).
int write_all(int fd, std::string_view content) {
  const char* at = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    // At most 1 GiB a call: some systems refuse larger counts.
    const std::size_t chunk = std::min<std::size_t>(left, std::size_t{1} << 30);
    const ssize_t n = ::write(fd, at, chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    at += n;
    left -= static_cast<std::size_t>(n);
  }
  return 0;
}

// The final target of `path` after following symlinks, which need not exist (a
// dangling link names the file to create). Throws E048 for a loop and the like.
std::filesystem::path resolve_symlinks(const std::string& out) {
  std::filesystem::path path(out);
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) return path;  // to be created
      file_error(out, errno);
    }
    if (!S_ISLNK(st.st_mode)) return path;
    std::string link(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 255) + 1, '\0');
    for (;;) {
      const ssize_t n = ::readlink(path.c_str(), link.data(), link.size());
      if (n < 0) file_error(out, errno);
      if (static_cast<std::size_t>(n) < link.size()) {
        link.resize(static_cast<std::size_t>(n));
        break;
      }
      link.resize(link.size() * 2);  // the link grew since lstat
    }
    const std::filesystem::path next(link);
    path = next.is_absolute() ? next : path.parent_path() / next;
  }
  file_error(out, ELOOP);
}

// `.NAME.civeff-PID.tmp` (or `-PID-K` when that exists): beside the target (a
// rename never crosses file systems), hidden and recognisably civeff's. It is
// created with O_EXCL, so two runs never share one, even two with the same
// process id in different containers writing to one shared folder.
std::string temp_name(const std::string& name, long pid, int attempt) {
  return attempt == 0 ? fmt::format(".{}.civeff-{}.tmp", name, pid)
                      : fmt::format(".{}.civeff-{}-{}.tmp", name, pid, attempt);
}

// A temporary file untouched this long belongs to a run that is gone, even when
// its process id is alive here for some other process or in another container.
constexpr long stale_after_seconds = 600;

// Removes the temporary files of earlier runs for the same target whose process
// is gone (killed by SIGKILL or a power loss) and which have not been written for
// ten minutes, so interrupted runs do not pile up and a live one is never touched.
void remove_stale_temps(const std::filesystem::path& folder, const std::string& name) {
  const std::string prefix = fmt::format(".{}.civeff-", name);
  const std::string_view suffix = ".tmp";
  DIR* dir = ::opendir(folder.empty() ? "." : folder.c_str());
  if (dir == nullptr) return;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view entry_name(entry->d_name);
    if (entry_name.size() <= prefix.size() + suffix.size() || !entry_name.starts_with(prefix) ||
        !entry_name.ends_with(suffix))
      continue;
    std::string_view digits =
        entry_name.substr(prefix.size(), entry_name.size() - prefix.size() - suffix.size());
    digits = digits.substr(0, digits.find('-'));  // PID, or PID-K
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos)
      continue;
    const long pid = std::stol(std::string(digits));
    if (pid <= 0 || pid == static_cast<long>(::getpid())) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    struct stat st {};
    if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
        std::time(nullptr) - st.st_mtime >= stale_after_seconds)
      ::unlinkat(::dirfd(dir), entry->d_name, 0);
  }
  ::closedir(dir);
}

// An existing target that is not a regular file (a device, a FIFO, a socket,
// /proc/self/fd/1): opened and written where it is, never truncated or replaced.
void write_in_place(const std::string& out, const std::function<void(const output_sink&)>& produce) {
  descriptor fd(::open(out.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) file_error(out, errno);
  produce([&](std::string_view piece) {
    if (const int error = write_all(fd.get(), piece)) file_error(out, error);
  });
  // A device may hold data in a cache; pipes, terminals and /dev/null cannot be synced (EINVAL).
  if (::fsync(fd.get()) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP) file_error(out, errno);
  if (const int error = fd.close()) file_error(out, error);
}

// A regular file or none: a temporary file beside the final target, renamed over it.
void write_replacing(const std::string& out, const std::function<void(const output_sink&)>& produce) {
  const std::filesystem::path target = resolve_symlinks(out);
  const std::filesystem::path folder = target.parent_path();
  const std::string name = target.filename().string();
  struct stat existing {};
  const bool exists = ::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode);
  remove_stale_temps(folder, name);

  // A name that exists is someone's (a run with our process id elsewhere, or a
  // stale one): it is never removed here, another name is taken.
  const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC;
  const mode_t create_mode = exists ? 0600 : 0666;  // 0666 & ~umask for a new file
  const auto pid = static_cast<long>(::getpid());
  std::optional<temp_file> temp;
  int raw = -1;
  for (int attempt = 0; attempt < 100 && raw < 0; ++attempt) {
    temp.emplace((folder / temp_name(name, pid, attempt)).string());
    raw = ::open(temp->path().c_str(), flags, create_mode);
    if (raw < 0 && errno != EEXIST) break;
    if (raw < 0) temp->commit();  // not ours: leave it
  }
  if (raw < 0) file_error(out, errno);
  descriptor fd(raw);
  if (exists) {
    // The owner where allowed (root, or a group the user is in), then the mode:
    // chown may clear set-id bits. A failure of either leaves the temporary
    // file's own; the contents matter more.
    if (::fchown(fd.get(), existing.st_uid, existing.st_gid) != 0) {
    }
    if (::fchmod(fd.get(), existing.st_mode & 07777) != 0) {
    }
  }
  produce([&](std::string_view piece) {
    if (const int error = write_all(fd.get(), piece)) file_error(out, error);
  });
  if (::fsync(fd.get()) != 0) file_error(out, errno);
  if (const int error = fd.close()) file_error(out, error);
  if (::rename(temp->path().c_str(), target.c_str()) != 0) file_error(out, errno);
  temp->commit();
  // The rename itself survives a power loss once the folder is synced. Some file
  // systems cannot sync a folder; the file is in place either way.
  descriptor dir(::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
}

void write_standard_output(const std::function<void(const output_sink&)>& produce) {
  produce([](std::string_view piece) {
    errno = 0;
    if (std::fwrite(piece.data(), 1, piece.size(), stdout) != piece.size() || std::ferror(stdout) != 0)
      standard_output_error(errno != 0 ? errno : EIO);
  });
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) standard_output_error(errno != 0 ? errno : EIO);
}

}  // namespace

// ---------------------------------------------------------------- public

void prepare_output_signals() {
  // EPIPE and EFBIG as errors to report (E048), not a silent death.
  std::signal(SIGPIPE, SIG_IGN);
#ifdef SIGXFSZ
  std::signal(SIGXFSZ, SIG_IGN);
#endif
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction action {};
    if (::sigaction(signal, nullptr, &action) != 0 || action.sa_handler == SIG_IGN) continue;  // nohup, `&`
    action = {};
    action.sa_handler = &remove_temp_and_reraise;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal, &action, nullptr);
  }
}

out_guard::out_guard(const std::string& out) {
  if (out.empty() || is_standard_output(out)) return;
  struct stat st {};
  if (::stat(out.c_str(), &st) != 0) return;  // a new file overwrites nothing
  active_ = true;
  device_ = static_cast<std::uint64_t>(st.st_dev);
  inode_ = static_cast<std::uint64_t>(st.st_ino);
}

void out_guard::check(const std::string& input) const {
  if (!active_) return;
  struct stat st {};
  if (::stat(input.c_str(), &st) != 0) return;  // missing: the reader says so
  if (static_cast<std::uint64_t>(st.st_dev) == device_ && static_cast<std::uint64_t>(st.st_ino) == inode_)
    argument_error(fmt::format("--out would overwrite the input {}", input), "E047");
}

void out_guard::check_rules(const std::string& ruleset) const {
  if (!active_) return;
  std::error_code ec;
  const bool folder = std::filesystem::is_directory(ruleset, ec);
  check(folder ? (std::filesystem::path(ruleset) / "ruleset.yaml").string() : ruleset);
}

std::function<void(const std::filesystem::path&)> out_guard::before_read() const {
  if (!active_) return {};
  return [guard = *this](const std::filesystem::path& file) { guard.check(file.string()); };
}

namespace {

// 1 or 2 when OUT is this process's standard output or error, after symlinks:
// `-`, /dev/stdout, /proc/self/fd/1, or the very file the shell redirected
// stdout to. Such an OUT is written through that stream, where the shell put it
// (appending after `>>`), and never replaced by a rename (F2). 0 otherwise.
int standard_stream_of(const std::string& out) {
  if (out == "-") return 1;
  struct stat target {};
  if (out.empty() || ::stat(out.c_str(), &target) != 0) return 0;
  for (const int fd : {1, 2}) {
    struct stat stream {};
    if (::fstat(fd, &stream) == 0 && stream.st_dev == target.st_dev && stream.st_ino == target.st_ino)
      return fd;
  }
  return 0;
}

}  // namespace

bool is_standard_output(const std::string& out) { return standard_stream_of(out) == 1; }

std::FILE* summary_stream(const std::string& out) { return is_standard_output(out) ? stderr : stdout; }

void write_output(const std::string& out, std::string_view content) {
  write_output(out, [content](const output_sink& write) { write(content); });
}

void write_output(const std::string& out, const std::function<void(const output_sink&)>& produce) {
  const int stream = standard_stream_of(out);
  if (stream == 1) {
    write_standard_output(produce);
    return;
  }
  if (stream == 2) {
    std::fflush(stderr);
    produce([](std::string_view piece) {
      if (const int error = write_all(2, piece))
        throw_e048(fmt::format("cannot write to standard error: {}", std::strerror(error)));
    });
    return;
  }
  struct stat st {};
  if (::stat(out.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) argument_error(fmt::format("--out: '{}' is a directory", out));
    if (!S_ISREG(st.st_mode)) {
      write_in_place(out, produce);
      return;
    }
  }
  write_replacing(out, produce);
}

void standard_output_error(int error) {
  throw_e048(fmt::format("cannot write to standard output: {}", std::strerror(error)));
}

}  // namespace civeff::cli
