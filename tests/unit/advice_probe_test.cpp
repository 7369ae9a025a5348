// SPDX-License-Identifier: Apache-2.0
// Not a check: how advice fares on the nl-zorg personas (candidates, steps,
// proven, time, the first plan). Skipped; run it with
//   build/tests/civeff_unit_tests -tc="advice probe*" --no-skip -s

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "support.hpp"

using namespace civeff;

TEST_CASE("advice probe: the nl-zorg personas" * doctest::skip()) {
  const std::filesystem::path root(CIVEFF_SOURCE_DIR);
  const auto rules = load(root / "rules/nl-zorg");
  for (const auto& entry : std::filesystem::directory_iterator(root / "examples/portfolios")) {
    const auto name = entry.path().filename().string();
    if (name.find(".result") != std::string::npos || name.find(".advice") != std::string::npos ||
        name.find(".whatif") != std::string::npos || entry.path().extension() != ".json")
      continue;
    const portfolio p = read_portfolio(entry.path(), *rules);
    for (const auto& d : rules->diploma_ids()) {
      const auto start = std::chrono::steady_clock::now();
      advice_options options;
      if (const char* top = std::getenv("TOP")) options.top = std::strtoul(top, nullptr, 10);
      const advice a = rules->advise(p, d, testing::day("2026-11-01"), options);
      const auto ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      std::string first;
      if (!a.plans.empty()) {
        first = std::to_string(a.plans[0].hours) + ":";
        for (const auto& u : a.plans[0].units) first += " " + u.unit;
      }
      std::string blocking;
      for (const auto& b : a.blocking) blocking += " " + b;
      MESSAGE(name << " " << d << " " << to_string(a.status) << " candidates=" << a.candidates
                   << " steps=" << a.steps << " proven=" << a.proven << " " << ms
                   << " ms plans=" << a.plans.size() << " first=" << first << " blocking=" << blocking);
    }
  }
}

// One persona and diploma, its plans in full: PERSONA=zij-instromer.json DIPLOMA=25655.
TEST_CASE("advice probe: one" * doctest::skip()) {
  const std::filesystem::path root(CIVEFF_SOURCE_DIR);
  const auto rules = load(root / "rules/nl-zorg");
  const char* persona = std::getenv("PERSONA");
  const char* diploma = std::getenv("DIPLOMA");
  const portfolio p =
      read_portfolio(root / "examples/portfolios" / (persona ? persona : "zij-instromer.json"), *rules);
  const advice a = rules->advise(p, diploma ? diploma : "25655", testing::day("2026-11-01"));
  MESSAGE(a.steps << " " << a.proven << " " << (a.plans.empty() ? -1 : a.plans[0].hours));
  for (const auto& plan : a.plans) {
    std::string s;
    for (const auto& u : plan.units) {
      s += " " + u.unit + "(" + std::to_string(static_cast<int>(u.hours)) + ")[";
      for (const auto& c : u.credits) s += c + ",";
      s += "]";
    }
    MESSAGE(plan.hours << ":" << s);
  }
}
