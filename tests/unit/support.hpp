// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers for tests that compile small rulesets written inline.

#include <civeff/civeff.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace civeff::testing {

// A fresh temporary directory, removed when the object goes.
class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("civeff-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Random choices for property tests. One std::mt19937 seeded per case, so a
// seed names a case for good.
class dice {
 public:
  explicit dice(std::uint32_t seed) : g_(seed) {}
  // Not std::uniform_int_distribution nor std::shuffle: their results differ
  // between standard libraries, and a seed should name the same case everywhere.
  int between(int lo, int hi) {
    return lo + static_cast<int>(g_() % static_cast<std::uint32_t>(hi - lo + 1));
  }
  bool chance(int percent) { return between(0, 99) < percent; }
  template <class C>
  const auto& pick(const C& c) {
    return c[static_cast<std::size_t>(between(0, static_cast<int>(c.size()) - 1))];
  }
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i)
      std::swap(items[i - 1], items[static_cast<std::size_t>(between(0, static_cast<int>(i) - 1))]);
  }
  std::string day(int first_year, int last_year) {
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", between(first_year, last_year), between(1, 12),
                  between(1, 28));
    return text;
  }

 private:
  std::mt19937 g_;
};

inline date day(const char* text) { return date::parse(text).value(); }

// Compiles `yaml` (a whole root file); fails the test with the diagnostics if it has errors.
inline std::shared_ptr<const ruleset> rules(const std::string& yaml) {
  temp_dir dir;
  const auto file = dir.write("ruleset.yaml", yaml);
  compile_result r = compile(file);
  if (!r.ok()) {
    std::string all;
    for (const auto& d : r.diagnostics) all += d.format() + "\n";
    throw std::runtime_error("ruleset does not compile:\n" + all);
  }
  return r.rules;
}

// "FILE:LINE:COLUMN CODE" per diagnostic, joined by "; ".
inline std::string places(const std::vector<diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += "; ";
    out += d.where.file + ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " +
           d.code;
  }
  return out;
}

// Diagnostics of compiling `yaml`.
inline std::vector<diagnostic> diagnostics_of(const std::string& yaml) {
  temp_dir dir;
  return compile(dir.write("ruleset.yaml", yaml)).diagnostics;
}

struct achievement_builder {
  achievement a;
  achievement_builder& marks(std::vector<std::string> m) {
    a.marks = std::move(m);
    return *this;
  }
  achievement_builder& hours(double h) {
    a.hours = h;
    return *this;
  }
  achievement_builder& attr(const std::string& name, attribute_value v) {
    a.attrs[name] = std::move(v);
    return *this;
  }
  achievement_builder& exempt() {
    a.exempt = true;
    return *this;
  }
  operator achievement() const { return a; }  // NOLINT: builder converts implicitly by design
};

inline achievement_builder took(const char* unit, const char* when) {
  achievement_builder b;
  if (unit && *unit) b.a.unit = unit;
  b.a.when = day(when);
  return b;
}

inline portfolio person(std::vector<achievement> achievements, attribute_map attrs = {}) {
  portfolio p;
  p.person = "p-1";
  p.attrs = std::move(attrs);
  p.achievements = std::move(achievements);
  return p;
}

}  // namespace civeff::testing
