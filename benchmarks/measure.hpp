// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the benchmarks measure with and how they print it: wall and CPU time, the
// peak resident size, a median, and numbers and durations in words.

#include <civeff/civeff.hpp>
#include <sys/resource.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace bench {

using clock_type = std::chrono::steady_clock;

inline double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// User + system CPU seconds of the whole process so far (all threads).
inline double cpu_seconds() {
  rusage now{};
  getrusage(RUSAGE_SELF, &now);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  return seconds(now.ru_utime) + seconds(now.ru_stime);
}

// CPU seconds of the calling thread so far (CLOCK_THREAD_CPUTIME_ID): a call's own
// work, without the time it waited for a core on a shared machine.
inline double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// The process's peak resident size in MiB (getrusage ru_maxrss).
inline double max_rss_mib() {
  rusage now{};
  getrusage(RUSAGE_SELF, &now);
  return static_cast<double>(now.ru_maxrss) / 1024.0;
}

// The process's peak resident size in MiB since start or the last reset_peak():
// VmHWM from /proc/self/status; nullopt where there is none.
inline std::optional<double> peak_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return std::nullopt;
}

// Resets VmHWM to the current resident size (Linux 4.0+, writing 5 to clear_refs),
// after handing freed heap memory back to the system (glibc), so that what the
// previous run freed does not count in the next run's peak. False where that is
// not possible, and then per-run peaks are not reported. It resets ru_maxrss too.
inline bool reset_peak() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

// 1234567 -> "1,234,567".
inline std::string with_commas(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// 0.0000123 -> "12.3 us", 0.0123 -> "12.3 ms", 2.5 -> "2.500 s".
inline std::string format_seconds(double s) {
  std::array<char, 32> buffer{};
  if (s < 1e-3) {
    std::snprintf(buffer.data(), buffer.size(), "%.1f us", s * 1e6);
  } else if (s < 1.0) {
    std::snprintf(buffer.data(), buffer.size(), "%.1f ms", s * 1e3);
  } else {
    std::snprintf(buffer.data(), buffer.size(), "%.3f s", s);
  }
  return buffer.data();
}

// The median of a non-empty list.
inline double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  const std::size_t n = xs.size();
  return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

// The smallest of a non-empty list.
inline double best(const std::vector<double>& xs) { return *std::min_element(xs.begin(), xs.end()); }

// Wall time, CPU time and peak memory of one kind of run over its repeats.
struct series {
  const char* name = "";
  std::vector<double> seconds;  // wall, per repeat
  double cpu = 0;               // CPU seconds of the process over all repeats
  double wall = 0;              // wall seconds over all repeats
  std::optional<double> peak;   // MiB, the highest VmHWM over its runs

  // One repeat: `run(start)` does the work and returns seconds_since(start), taken
  // before its result is freed. With `per_run_peaks` the peak is reset before and read
  // after, once the result is gone (VmHWM keeps the high-water mark, so it counts).
  template <typename Run>
  void repeat(bool per_run_peaks, Run&& run) {
    if (per_run_peaks) reset_peak();
    const double cpu_before = cpu_seconds();
    seconds.push_back(run(clock_type::now()));
    cpu += cpu_seconds() - cpu_before;
    wall += seconds.back();
    if (per_run_peaks)
      if (const std::optional<double> p = peak_mib()) peak = std::max(peak.value_or(0.0), *p);
  }

  // "123.4 MiB", or "-" without per-run peaks.
  [[nodiscard]] std::string peak_text() const {
    std::array<char, 32> buffer{'-', '\0'};
    if (peak) std::snprintf(buffer.data(), buffer.size(), "%.1f MiB", *peak);
    return buffer.data();
  }
};

inline void print_diagnostics(const std::vector<civeff::diagnostic>& diagnostics) {
  for (const civeff::diagnostic& d : diagnostics) std::cerr << d.format() << '\n';
}

}  // namespace bench
