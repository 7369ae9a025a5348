// SPDX-License-Identifier: Apache-2.0
// Not a check: how long the course chooser takes on the nl-zorg personas, for
// every diploma with hours to complete > 0 (what the person's page asks), and
// what it finds. Skipped; run it with
//   build/tests/civeff_unit_tests -tc="what-if probe*" --no-skip -s

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>

#include "support.hpp"

using namespace civeff;

TEST_CASE("what-if probe: course options of the nl-zorg personas" * doctest::skip()) {
  const std::filesystem::path root(CIVEFF_SOURCE_DIR);
  const auto rules = load(root / "rules/nl-zorg");
  const date as_of = testing::day("2026-11-01");
  double total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root / "examples/portfolios")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || std::count(name.begin(), name.end(), '.') != 1) continue;
    const portfolio p = read_portfolio(entry.path(), *rules);
    const result now = rules->evaluate(p, as_of);
    double persona = 0;
    for (const auto& [d, outcome] : now.diplomas) {
      if (outcome.status == diploma_status::complete) continue;
      const auto start = std::chrono::steady_clock::now();
      const std::vector<course_option> found = rules->course_options(p, d, as_of);
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      persona += ms;
      std::string shown;
      for (const course_option& o : found)
        shown += " " + o.unit + "(" + std::to_string(o.hours_saved) + "/" + std::to_string(o.hours) + ")";
      MESSAGE(name << " " << d << " " << to_string(outcome.status) << " " << ms << " ms:" << shown);
    }
    MESSAGE(name << ": " << persona << " ms for every diploma not complete");
    total += persona;
  }
  MESSAGE("all personas: " << total << " ms");
}
