// SPDX-License-Identifier: Apache-2.0
// print_pdf (civeff.hpp): a page printed by headless Chromium, Debian's `chromium`
// package (installed by scripts/setup.sh; never a browser download). Chromium is
// started with posix_spawn, no shell in between, on a page in a fresh temporary
// folder that also holds its profile and its log, and is waited for with a
// timeout. Its own HOME and XDG folders point into that folder, so a print leaves
// nothing behind in the user's home; the folder is removed afterwards.

#include <civeff/civeff.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>
#include <vector>

#include "core/diagnostic_codes.hpp"

extern char** environ;  // NOLINT: POSIX declares it nowhere in a header

namespace civeff {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const char* code, std::string where, std::string message) {
  throw input_error({{severity::error, code, {std::move(where), 0, 0}, std::move(message), {}}});
}

bool executable(const fs::path& p) {
  return !p.empty() && ::access(p.c_str(), X_OK) == 0 && !fs::is_directory(p);
}

// The browser: options.chromium, else $CIVEFF_CHROMIUM, else `chromium` on PATH.
std::string find_chromium(const pdf_options& options) {
  std::string asked = options.chromium;
  if (asked.empty())
    if (const char* env = std::getenv("CIVEFF_CHROMIUM"); env && *env) asked = env;
  if (!asked.empty()) {
    if (!executable(asked))
      fail(detail::codes::pdf_no_chromium, asked,
           "cannot print a PDF: this Chromium is not an executable file (CIVEFF_CHROMIUM or the chromium "
           "given)");
    return asked;
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && executable(fs::path(dir) / "chromium")) return (fs::path(dir) / "chromium").string();
  fail(detail::codes::pdf_no_chromium, "chromium",
       "cannot print a PDF: no `chromium` on PATH; install Debian's package (apt-get install chromium, as "
       "scripts/setup.sh does) or set CIVEFF_CHROMIUM to a Chromium binary");
}

// A fresh folder under the system's temporary folder, removed with everything in it.
class scratch_folder {
 public:
  scratch_folder() {
    std::error_code ec;
    const fs::path base = fs::temp_directory_path(ec);
    std::string pattern = ((ec ? fs::path("/tmp") : base) / "civeff-pdf-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      fail(detail::codes::pdf_files, pattern,
           fmt::format("cannot make a temporary folder to print the PDF in: {}", std::strerror(errno)));
    path_ = pattern;
  }
  ~scratch_folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);  // best effort: a browser child may still be closing a file
  }
  scratch_folder(const scratch_folder&) = delete;
  scratch_folder& operator=(const scratch_folder&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& file, std::string_view text) {
  std::ofstream out(file, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) fail(detail::codes::pdf_files, file.string(), "cannot write the page to print");
}

std::optional<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return text;
}

// The last non-empty lines of Chromium's log, for a message.
std::string log_tail(const fs::path& log) {
  const std::string text = read_file(log).value_or("");
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  std::string out;
  for (std::size_t k = lines.size() > 3 ? lines.size() - 3 : 0; k < lines.size(); ++k)
    out += "\n  " + lines[k];
  return out;
}

// The environment of the child: ours, with HOME and the XDG folders inside `home`.
std::vector<std::string> child_environment(const fs::path& home) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    if (entry.starts_with("HOME=") || entry.starts_with("XDG_CONFIG_HOME=") ||
        entry.starts_with("XDG_CACHE_HOME="))
      continue;
    env.emplace_back(entry);
  }
  env.push_back("HOME=" + home.string());
  env.push_back("XDG_CONFIG_HOME=" + (home / ".config").string());
  env.push_back("XDG_CACHE_HOME=" + (home / ".cache").string());
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& texts) {
  std::vector<char*> out;
  for (std::string& t : texts) out.push_back(t.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string print_pdf(std::string_view html, const pdf_options& options) {
  const std::string browser = find_chromium(options);
  const scratch_folder folder;
  const fs::path page = folder.path() / "page.html", pdf = folder.path() / "page.pdf",
                 log = folder.path() / "chromium.log", home = folder.path() / "home";
  write_file(page, html);
  std::error_code ec;
  fs::create_directories(home, ec);

  std::vector<std::string> args = {browser,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-dev-shm-usage",
                                   "--no-first-run",
                                   "--no-default-browser-check",
                                   "--disable-extensions",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-breakpad",
                                   "--mute-audio",
                                   "--no-pdf-header-footer",
                                   "--user-data-dir=" + (folder.path() / "profile").string(),
                                   "--print-to-pdf=" + pdf.string(),
                                   "file://" + page.string()};
  std::vector<std::string> env = child_environment(home);
  std::vector<char*> argv = pointers(args), envp = pointers(env);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, browser.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    fail(detail::codes::pdf_failed, browser,
         fmt::format("cannot start Chromium: {}", std::strerror(spawned)));

  // Wait, polling, until it ends or the time is up; then it is stopped.
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done == -1 && errno != EINTR)
      fail(detail::codes::pdf_failed, browser,
           fmt::format("cannot wait for Chromium: {}", std::strerror(errno)));
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) == -1 && errno == EINTR) {
      }
      fail(detail::codes::pdf_timeout, browser,
           fmt::format("Chromium took longer than {} ms to print the PDF and was stopped",
                       options.timeout.count()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail(detail::codes::pdf_failed, browser,
         fmt::format("Chromium failed to print the PDF ({} {}); its last words:{}",
                     WIFEXITED(status) ? "exit status" : "signal",
                     WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), log_tail(log)));
  std::optional<std::string> bytes = read_file(pdf);
  if (!bytes || !bytes->starts_with("%PDF"))
    fail(detail::codes::pdf_failed, browser,
         fmt::format("Chromium ended without writing a PDF; its last words:{}", log_tail(log)));
  return std::move(*bytes);
}

}  // namespace civeff
