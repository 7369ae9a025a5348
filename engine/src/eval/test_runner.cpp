// SPDX-License-Identifier: Apache-2.0
// Runs a ruleset's own `tests:` (SPEC §2.6, §10).
#include "eval/test_runner.hpp"

#include <fmt/format.h>

#include "eval/portfolio_input.hpp"

namespace civeff::detail {
namespace {

std::string show(const std::optional<std::string>& level) { return level ? *level : "null"; }

void compare(const test_case& t, const result& r, std::vector<std::string>& failures) {
  for (const auto& u : t.credited)
    if (!r.credited.count(u)) failures.push_back(fmt::format("expected '{}' to be credited; it is not", u));
  for (const auto& u : t.not_credited)
    if (auto it = r.credited.find(u); it != r.credited.end())
      failures.push_back(fmt::format("expected '{}' not to be credited; it is, at {} via {}", u,
                                     it->second.when.to_string(), it->second.via));
  for (const auto& [id, status] : t.diplomas) {
    auto it = r.diplomas.find(id);
    if (it == r.diplomas.end()) continue;
    if (it->second.status != status) {
      std::string missing;
      for (const auto& m : it->second.missing) missing += (missing.empty() ? "" : ", ") + m;
      failures.push_back(fmt::format("diploma '{}': expected {}, got {} (progress {}, missing: {})", id,
                                     to_string(status), to_string(it->second.status), it->second.progress,
                                     missing.empty() ? "nothing" : missing));
    }
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

std::vector<test_outcome> run_tests(const program& prog) {
  std::vector<test_outcome> outcomes;
  workspace ws;
  as_of_context ctx;
  for (const auto& t : prog.tests) {
    test_outcome out;
    out.name = t.name;
    out.where = t.where;
    try {
      ctx.prepare(prog, t.as_of.days_since_epoch());
      load_portfolio(prog, t.input, ws);
      ws.run(prog, ctx);
      throw_if_failed(prog, ws, t.input.person);
      compare(t, build_result(prog, t.input, ws, t.as_of), out.failures);
    } catch (const civeff::error& e) {
      for (const auto& d : e.diagnostics()) out.failures.push_back(d.format());
    }
    out.passed = out.failures.empty();
    outcomes.push_back(std::move(out));
  }
  return outcomes;
}

}  // namespace civeff::detail
