// SPDX-License-Identifier: Apache-2.0
// What the libFuzzer targets share: a scratch file, the small ruleset that the input
// readers are fuzzed against, the flag byte that chooses read_options, and the checks
// every civeff::error must pass. Header-only: each target is one executable.
#pragma once

#include <civeff/civeff.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <string_view>

namespace civeff::fuzz {

inline void require(bool ok) {
  if (!ok) std::abort();
}

// A file in the temporary directory, removed when this goes: the rules loaders
// read paths, not text.
class scratch_file {
 public:
  explicit scratch_file(std::string_view stem) {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            (std::string(stem) + "-" + std::to_string(random()) + std::to_string(random()) + ".yaml");
  }
  ~scratch_file() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  scratch_file(const scratch_file&) = delete;
  scratch_file& operator=(const scratch_file&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  void write(std::string_view text) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }

 private:
  std::filesystem::path path_;
};

// Every reader's error is a civeff::error with at least one diagnostic that
// formats; an empty list would leave the user with no reason.
inline void check(const civeff::error& e) {
  require(!e.diagnostics().empty());
  for (const auto& d : e.diagnostics()) {
    require(!d.code.empty() && !d.message.empty() && !d.format().empty());
    require(d.where.line >= 0 && d.where.column >= 0);
  }
}

// SPEC §11: at most `shown_limit` shown, the total counts them all, and with
// --strict no W010 or W011 survives as a warning (it must have been thrown).
inline void check(const civeff::input_warnings& w, bool strict) {
  require(w.shown.size() <= civeff::input_warnings::shown_limit && w.total >= w.shown.size());
  for (const auto& d : w.shown) {
    require(d.level == civeff::severity::warning && !d.format().empty());
    if (strict) require(d.code != "W010" && d.code != "W011");
  }
}

// The rules the input readers are fuzzed against: small, but with every place an
// input value reaches (mark cases, credit_when, equivalence when, guards, sum, avg,
// count with where, check with a division that can be by zero, implies, lapse).
// The attribute names are the ones the seed corpora use.
constexpr std::string_view plain_rules_yaml = R"(civeff: 1
ruleset: fuzz
version: "1"
scales:
  civil_effect: {levels: [none, internal, sector, national]}
  nlqf: {levels: ["1", "2", "3", "4"], default: null}
marks:
  - id: accredited
    valid_for: P5Y
    levels:
      civil_effect:
        - {when: attrs.points >= 4 and has_mark("accredited"), level: sector}
        - level: internal
      nlqf: "3"
  - id: mbo
    implies: [accredited]
    levels: {civil_effect: national}
units:
  - id: K1006
    kind: keuzedeel
    hours: 240
    tags: [zorg]
    level: {nlqf: "2"}
    effective: {from: 2016-08-01, to: 2030-07-31}
    credit_when: attrs.exam == true and attrs.grade >= 5.5 or person.cohort < 2020-08-01
  - id: LE-1
    kind: leereenheid
    hours: 40
    valid_for: P2Y
    credit_when: level("civil_effect") >= "sector" and date + P1Y > as_of
  - id: LE-2
    kind: leereenheid
  - id: KD-2
    kind: keuzedeel
    hours: 240
    credit_when: attrs.passed_on <= date and person.role in ["helpende", "verzorgende"]
equivalences:
  - id: eq-1
    equivalent: [LE-1, KD-2]
    when: hours >= 40 and date - as_of < 3650
  - id: stack
    from: [LE-1, LE-2]
    counts_as: [K1006]
    effective: {from: 2019-09-01}
diplomas:
  - id: d-1
    requires:
      all_of:
        - unit: K1006
        - {id: kd-hours, hours: {min: 480, of: {kind: keuzedeel, tags: [zorg]}}}
        - n_of: {n: 1, of: [{unit: LE-1}, {unit: KD-2}]}
        - when: person.role == "verpleegkundige"
          sum: {attr: points, min: 80, of: {marks: [accredited]}, within: P5Y}
        - when: person.cohort >= 2020-08-01
          avg: {attr: grade, min: 5.5, of: {kind: keuzedeel}}
        - count: {min: 2, of: {where: attrs.exam == true}}
  - id: d-2
    requires:
      any_of:
        - check: count_of(kind = "keuzedeel") > 0 and hours_of(kind = "keuzedeel") / count_of(kind = "keuzedeel") >= 100
        - check: sum_of(attr = "points") / (sum_of(attr = "grade") - 7) > 1
        - check: sum_of(attr = "points", marks = ["mbo"]) + avg_of(attr = "grade") > 10
        - {count: {min: 1, of: {units: [LE-2]}}}
)";

// SPEC §11 declarations: the declared ruleset converts cells and portfolio values
// (W010, W011, strict mode) under the fuzzer.
constexpr std::string_view declarations_yaml = R"(attributes:
  exam: {type: bool, title: Examen behaald}
  grade: {type: number, min: 1, max: 10}
  points: {type: number, min: 0}
  passed_on: {type: date}
  note: {type: text}
person_attributes:
  role: {type: text, values: [helpende, verzorgende, verpleegkundige]}
  cohort: {type: date}
)";
// Compiles `yaml` once per process; a ruleset that does not compile is a broken
// fuzzer, not a finding, so it says why and stops.
inline std::shared_ptr<const civeff::ruleset> compile_rules(std::string_view yaml) {
  const scratch_file file("civeff-fuzz-rules");
  file.write(yaml);
  civeff::compile_result compiled = civeff::compile(file.path());
  if (!compiled.ok()) {
    for (const auto& d : compiled.diagnostics) std::fprintf(stderr, "%s\n", d.format().c_str());
    std::fprintf(stderr, "the fuzzer's own ruleset does not compile\n");
    std::abort();
  }
  return compiled.rules;
}

inline const civeff::ruleset& plain_rules() {
  static const std::shared_ptr<const civeff::ruleset> rules = compile_rules(plain_rules_yaml);
  return *rules;
}

inline const civeff::ruleset& declared_rules() {
  static const std::shared_ptr<const civeff::ruleset> rules =
      compile_rules(std::string(plain_rules_yaml) + std::string(declarations_yaml));
  return *rules;
}

// One input of the reader targets: a flag byte, then the file's bytes. The flag
// byte comes first so that a corpus file reads as a digit and then an ordinary
// CSV or portfolio: '0'..'5' are utf8, cp1252, latin1, then the same with strict,
// against the plain ruleset; '6'..';' the same against the declared one.
struct reader_input {
  civeff::read_options options;
  bool declared = false;
  std::string_view text;
};

inline reader_input split_input(const std::uint8_t* data, std::size_t size) {
  reader_input in;
  const unsigned flags = size == 0 ? 0U : data[0];
  static constexpr civeff::text_encoding encodings[] = {
      civeff::text_encoding::utf8, civeff::text_encoding::cp1252, civeff::text_encoding::latin1};
  in.options.encoding = encodings[flags % 3];
  in.options.strict = (flags / 3) % 2 == 1;
  in.declared = (flags / 6) % 2 == 1;
  if (size > 0) in.text = std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1);
  return in;
}

// The day every evaluation is made at: inside the rules' windows, so that
// credits, lapses and guards all take both ways on dates near it.
inline civeff::date fuzz_as_of() { return civeff::date::from_ymd(2024, 6, 30); }

}  // namespace civeff::fuzz
