// SPDX-License-Identifier: Apache-2.0
#pragma once
// Outputs that never destroy anything (SPEC §7; reliability findings F1, F2, F9, F10).
//
// - An `--out` that is the same file (device and inode, after symlinks) as any input
//   of the same command is refused with E047 before that input is read; out_guard
//   does that check.
// - `--out -` is standard output.
// - An existing target that is not a regular file (a device, a FIFO, a symlink to
//   /proc/self/fd/1) is written in place, never replaced.
// - Anything else is written to `.NAME.civeff-PID.tmp` beside the symlinks'
//   final target, flushed and fsynced, then renamed over it; the folder is
//   fsynced after that. An existing file keeps its mode (and, where allowed, its owner).
// - The temporary file is removed on every failure and on SIGINT, SIGTERM and SIGHUP.
// - A failed write (ENOSPC, EPIPE, EFBIG, EIO...) is E048, exit 2, naming the file
//   or "standard output"; SIGPIPE and SIGXFSZ are ignored so that those come back
//   as errors.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace civeff::cli {

// Called once at the start of main(): ignores SIGPIPE and SIGXFSZ, and installs
// the SIGINT/SIGTERM/SIGHUP handlers that remove a temporary output file
// before the signal ends the process as it would have without them.
void prepare_output_signals();

// The inputs that `--out OUT` must not be (E047). With no `--out`, or `--out -`,
// or an OUT that does not exist yet, every check passes.
class out_guard {
 public:
  out_guard() = default;
  explicit out_guard(const std::string& out);

  // Throws input_error E047 "--out would overwrite the input FILE" (FILE as given)
  // when `input` exists and is the same file as OUT.
  void check(const std::string& input) const;
  // The same for a RULESET argument: the file itself, or FOLDER/ruleset.yaml.
  void check_rules(const std::string& ruleset) const;
  // check() as a compile_options::before_read callback (every rule file).
  [[nodiscard]] std::function<void(const std::filesystem::path&)> before_read() const;

 private:
  bool active_ = false;
  std::uint64_t device_ = 0, inode_ = 0;
};

// True for `--out -`.
bool is_standard_output(const std::string& out);

// Where a command's summary goes: stderr when the output itself goes to stdout.
std::FILE* summary_stream(const std::string& out);

// Writes `content` to OUT (a path, or "-" for standard output) as described above.
// Throws input_error E048 (exit 2) when it cannot; the previous OUT is then untouched.
void write_output(const std::string& out, std::string_view content);

// The same for a content too large to hold whole: `produce` hands its pieces, in
// order, to the sink it is given, which writes each one before it returns.
using output_sink = std::function<void(std::string_view piece)>;
void write_output(const std::string& out, const std::function<void(const output_sink&)>& produce);

// Throws input_error E048 "cannot write to standard output: REASON" for errno `error`.
[[noreturn]] void standard_output_error(int error);

}  // namespace civeff::cli
