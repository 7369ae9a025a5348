// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the portfolio reader (SPEC §3, §9, §11): one flag byte choosing
// encoding, strict and ruleset (fuzz_support.hpp), then a portfolio in YAML or JSON,
// read and evaluated. A civeff::error is an answer; a crash, UB, a hang or any other
// exception is a finding.

#include <civeff/civeff.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace civeff::fuzz;
  if (size > 16 * 1024) return -1;  // a portfolio is one person: 16 KiB is plenty
  const reader_input in = split_input(data, size);
  const civeff::ruleset& rules = in.declared ? declared_rules() : plain_rules();
  try {
    const civeff::portfolio p = civeff::parse_portfolio(in.text, "fuzz.yaml", rules, in.options);
    check(p.warnings, in.options.strict);
    const civeff::result r = rules.evaluate(p, fuzz_as_of());
    require(r.achievements.size() == p.achievements.size());
    require(!civeff::to_json(r).empty() && !civeff::to_text(r).empty());
  } catch (const civeff::error& e) {
    check(e);
  }
  return 0;
}
