// SPDX-License-Identifier: Apache-2.0
// The result writers: to_json (SPEC §6) and to_text.

#include <doctest/doctest.h>

#include <string>

#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

// The result SPEC §6 shows.
result spec_example() {
  result r;
  r.person = "p-001";
  r.as_of = day("2024-01-01");
  r.ruleset = "nl-zorg";
  r.version = "2026.1";
  achievement_result a;
  a.unit = "LE-medicatie";
  a.when = day("2023-05-01");
  a.known = true;
  a.counted = true;
  a.levels = {{"civil_effect", "national"}, {"nlqf", std::nullopt}};
  r.achievements.push_back(a);
  r.credited["LE-medicatie"] = {day("2023-05-01"), "achievement"};
  r.credited["KD-medicatie"] = {day("2023-05-01"), "eq-medicatie"};
  r.diplomas["helpende-zw"] = {diploma_status::partial, 0.3333, {"unit:B1-K1", "keuzedelen", "unit:K1006"}};
  return r;
}

const char* const spec_json = R"({
  "person": "p-001",
  "as_of": "2024-01-01",
  "ruleset": "nl-zorg",
  "version": "2026.1",
  "achievements": [
    {
      "unit": "LE-medicatie",
      "date": "2023-05-01",
      "known": true,
      "counted": true,
      "levels": {
        "civil_effect": "national",
        "nlqf": null
      }
    }
  ],
  "credited": {
    "KD-medicatie": {
      "date": "2023-05-01",
      "via": "eq-medicatie"
    },
    "LE-medicatie": {
      "date": "2023-05-01",
      "via": "achievement"
    }
  },
  "diplomas": {
    "helpende-zw": {
      "status": "partial",
      "progress": 0.3333,
      "missing": [
        "unit:B1-K1",
        "keuzedelen",
        "unit:K1006"
      ]
    }
  }
}
)";

std::string progress_json(double p) {
  result r;
  r.diplomas["d"] = {diploma_status::none, p, {}};
  const std::string json = to_json(r);
  const std::string key = "\"progress\": ";
  const auto at = json.find(key) + key.size();
  return json.substr(at, json.find(',', at) - at);
}

}  // namespace

TEST_CASE("to_json: the SPEC 6 example, 2-space indented, keys in order") {
  CHECK(to_json(spec_example()) == spec_json);
}

TEST_CASE("to_json: empty containers, overlays, no unit, not counted") {
  result r;
  r.person = "p";
  r.as_of = day("2024-01-01");
  r.ruleset = "rs";
  r.version = "1";
  CHECK(to_json(r) == R"({
  "person": "p",
  "as_of": "2024-01-01",
  "ruleset": "rs",
  "version": "1",
  "achievements": [],
  "credited": {},
  "diplomas": {}
}
)");

  r.overlays = {"nrto-national", "second"};
  achievement_result unlisted;  // no unit, not in the ruleset, counted, no scales
  unlisted.title = "Agressietraining";
  unlisted.when = day("2023-01-01");
  unlisted.counted = true;
  achievement_result later;  // dated after as_of: no levels key
  later.unit = "X";
  later.when = day("2025-01-01");
  later.known = true;
  r.achievements = {unlisted, later};
  r.diplomas["d"] = {diploma_status::complete, 1, {}};
  CHECK(to_json(r) == R"({
  "person": "p",
  "as_of": "2024-01-01",
  "ruleset": "rs",
  "version": "1",
  "overlays": [
    "nrto-national",
    "second"
  ],
  "achievements": [
    {
      "date": "2023-01-01",
      "known": false,
      "counted": true,
      "levels": {}
    },
    {
      "unit": "X",
      "date": "2025-01-01",
      "known": true,
      "counted": false
    }
  ],
  "credited": {},
  "diplomas": {
    "d": {
      "status": "complete",
      "progress": 1,
      "missing": []
    }
  }
}
)");
}

TEST_CASE("to_json: string escaping (RFC 8259)") {
  result r;
  r.person = "a\"b\\c/d\n\t\r\b\f\x01\x1f\x7f é ✓";
  const std::string json = to_json(r);
  CHECK(json.find(R"("person": "a\"b\\c/d\n\t\r\b\f\u0001\u001f)"
                  "\x7f"
                  R"( é ✓",)") != std::string::npos);
}

TEST_CASE("to_json: progress in shortest form") {
  CHECK(progress_json(0) == "0");
  CHECK(progress_json(1) == "1");
  CHECK(progress_json(0.5) == "0.5");
  CHECK(progress_json(0.3333) == "0.3333");
  CHECK(progress_json(0.8333) == "0.8333");
  CHECK(progress_json(0.0001) == "0.0001");
  CHECK(progress_json(0.1) == "0.1");
}

TEST_CASE("to_text: a readable summary") {
  const std::string text = to_text(spec_example());
  CHECK(text ==
        "p-001 as of 2024-01-01: nl-zorg 2026.1\n"
        "achievements:\n"
        "  2023-05-01 LE-medicatie: civil_effect national, nlqf -\n"
        "credited:\n"
        "  KD-medicatie 2023-05-01 via eq-medicatie\n"
        "  LE-medicatie 2023-05-01 via achievement\n"
        "diplomas:\n"
        "  helpende-zw: partial, progress 0.3333; missing unit:B1-K1, keuzedelen, unit:K1006\n");
  result empty;
  empty.person = "p";
  empty.ruleset = "rs";
  empty.version = "1";
  empty.overlays = {"o1", "o2"};
  CHECK(to_text(empty) ==
        "p as of 1970-01-01: rs 1 + o1, o2\n"
        "achievements: none\n"
        "credited: none\n"
        "diplomas: none\n");
}
