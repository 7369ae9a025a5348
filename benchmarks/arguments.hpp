// SPDX-License-Identifier: Apache-2.0
#pragma once
// The command lines of the benchmarks: `--flag value` pairs walked by
// each_flag, and the values they share: a bounded whole number, a date and the
// portfolio files a folder holds. Each value reader prints `PROGRAM: FLAG takes
// ...` to stderr and gives nullopt when the value is wrong, so a benchmark's
// parser can stop with its usage.

#include <civeff/civeff.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

// What a benchmark's parser says of one `--flag value` pair.
enum class taken : std::uint8_t { yes, bad_value, unknown_flag };

// Walks the command line as `--flag value` pairs. `--help` or `-h` prints `usage`
// and exits 0; every pair goes to `take(flag, value)`. False, after a message and
// the usage, when a flag has no value or `take` does not know it; false when
// `take` found the value bad (it has said why).
template <typename Take>
bool each_flag(int argc, char** argv, std::string_view program, std::string_view usage, Take&& take) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << usage;
      std::exit(0);
    }
    if (i + 1 >= argc) {
      std::cerr << program << ": " << flag << " needs a value\n" << usage;
      return false;
    }
    switch (take(flag, std::string(argv[++i]))) {
      case taken::yes: break;
      case taken::bad_value: return false;
      case taken::unknown_flag:
        std::cerr << program << ": unknown argument '" << flag << "'\n" << usage;
        return false;
    }
  }
  return true;
}

// `out = *value` when a value reader gave one: what `take` returns for it.
template <typename T, typename V>
taken set(T& out, const std::optional<V>& value) {
  if (!value) return taken::bad_value;
  out = static_cast<T>(*value);
  return taken::yes;
}

// A whole number from `low` to `high`.
inline std::optional<long> whole_number(std::string_view program, std::string_view flag,
                                        const std::string& value, long low, long high) {
  char* end = nullptr;
  const long n = std::strtol(value.c_str(), &end, 10);
  if (end == value.c_str() || *end != '\0' || n < low || n > high) {
    std::cerr << program << ": " << flag << " takes a whole number from " << low << " to " << high
              << ", not '" << value << "'\n";
    return std::nullopt;
  }
  return n;
}

// `--as-of YYYY-MM-DD`.
inline std::optional<civeff::date> as_of_date(std::string_view program, const std::string& value) {
  const std::optional<civeff::date> d = civeff::date::parse(value);
  if (!d) std::cerr << program << ": --as-of takes a date YYYY-MM-DD, not '" << value << "'\n";
  return d;
}

// The portfolio files named: a folder's `*.json`, `*.yaml` and `*.yml` other than
// the committed outputs beside the personas (`*.result.json`, `*.advice.json`),
// sorted; a file as it is. Throws std::runtime_error when one is neither.
inline std::vector<std::filesystem::path> portfolio_files(const std::vector<std::string>& named) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const std::string& name : named) {
    if (fs::is_directory(name)) {
      std::vector<fs::path> here;
      for (const fs::directory_entry& e : fs::directory_iterator(name)) {
        const std::string file = e.path().filename().string();
        const bool portfolio = file.ends_with(".json") || file.ends_with(".yaml") || file.ends_with(".yml");
        const bool output = file.ends_with(".result.json") || file.ends_with(".advice.json") ||
                            file.ends_with(".whatif.json");
        if (e.is_regular_file() && portfolio && !output) here.push_back(e.path());
      }
      std::sort(here.begin(), here.end());
      files.insert(files.end(), here.begin(), here.end());
    } else if (fs::is_regular_file(name)) {
      files.emplace_back(name);
    } else {
      throw std::runtime_error("no portfolio file or folder '" + name + "'");
    }
  }
  return files;
}

// A portfolio's name in a report: its file name up to the first dot.
inline std::string portfolio_name(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  return name.substr(0, name.find('.'));
}

}  // namespace bench
