// SPDX-License-Identifier: Apache-2.0
// Runs a ruleset's own `tests:` (SPEC §2.6, §10).
#include "eval/test_runner.hpp"

#include <fmt/format.h>

#include <cmath>

#include "eval/portfolio_input.hpp"

namespace civeff::detail {
namespace {

std::string show(const std::optional<std::string>& level) { return level ? *level : "null"; }

std::string joined(const std::vector<std::string>& names, std::string_view none = "nothing") {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? std::string(none) : out;
}

// A progress as results round it (half up, 4 decimals), in units of 0.0001.
long long ten_thousandths(double progress) { return std::llround(std::floor(progress * 10000 + 0.5)); }

void compare(const test_case& t, const result& r, std::vector<std::string>& failures) {
  for (const auto& u : t.credited)
    if (!r.credited.count(u)) failures.push_back(fmt::format("expected '{}' to be credited; it is not", u));
  for (const auto& u : t.not_credited)
    if (auto it = r.credited.find(u); it != r.credited.end())
      failures.push_back(fmt::format("expected '{}' not to be credited; it is, at {} via {}", u,
                                     it->second.when.to_string(), it->second.via));
  for (const test_diploma& expected : t.diplomas) {
    auto it = r.diplomas.find(expected.id);
    if (it == r.diplomas.end()) continue;
    const diploma_result& got = it->second;
    if (expected.status && got.status != *expected.status)
      failures.push_back(fmt::format("diploma '{}': expected {}, got {} (progress {}, missing: {})",
                                     expected.id, to_string(*expected.status), to_string(got.status),
                                     got.progress, joined(got.missing)));
    if (expected.progress && ten_thousandths(*expected.progress) != ten_thousandths(got.progress))
      failures.push_back(fmt::format("diploma '{}': expected progress {}, got {}", expected.id,
                                     static_cast<double>(ten_thousandths(*expected.progress)) / 10000,
                                     got.progress));
    if (expected.missing && *expected.missing != got.missing)
      failures.push_back(fmt::format("diploma '{}': expected missing [{}], got [{}]", expected.id,
                                     joined(*expected.missing, ""), joined(got.missing, "")));
  }
  // SPEC §10: subset match, by position among all achievements, counted or not.
  for (std::size_t i = 0; i < t.levels.size(); ++i) {
    if (t.levels[i].empty()) continue;
    if (i >= r.achievements.size()) {
      failures.push_back(fmt::format("levels: there is no achievement #{}", i + 1));
      continue;
    }
    const auto& got = r.achievements[i];
    if (!got.counted) {
      failures.push_back(fmt::format("levels: achievement #{} is not counted (dated after as_of)", i + 1));
      continue;
    }
    for (const auto& [scale, level] : t.levels[i]) {
      for (const auto& [s, l] : got.levels)
        if (s == scale && l != level)
          failures.push_back(fmt::format("levels: achievement #{} on '{}': expected {}, got {}", i + 1, scale,
                                         show(level), show(l)));
    }
  }
}

}  // namespace

std::vector<test_outcome> run_tests(const program& prog, std::string_view name_filter) {
  std::vector<test_outcome> outcomes;
  workspace ws;
  as_of_context ctx;
  for (const auto& listed : prog.tests) {
    if (listed.name.find(name_filter) == std::string::npos) continue;
    test_outcome out;
    out.name = listed.name;
    out.where = listed.where;
    // A test with `overlay:` runs in the program of the rules plus that overlay.
    const program& in = listed.variant ? *listed.variant : prog;
    const test_case& t = listed.variant ? listed.variant->tests.at(listed.variant_test) : listed;
    try {
      ctx.prepare(in, t.as_of.days_since_epoch());
      load_portfolio(in, t.input, ws);
      ws.run(in, ctx);
      throw_if_failed(in, ws, t.input.person);
      compare(t, build_result(in, t.input, ws, t.as_of), out.failures);
    } catch (const civeff::error& e) {
      for (const auto& d : e.diagnostics()) out.failures.push_back(d.format());
    }
    out.passed = out.failures.empty();
    outcomes.push_back(std::move(out));
  }
  return outcomes;
}

}  // namespace civeff::detail
