// SPDX-License-Identifier: Apache-2.0
// Core value types: dates, durations (SPEC §10) and the diagnostic format (SPEC §7).

#include <civeff/civeff.hpp>
#include <doctest/doctest.h>

#include <string>

#include "core/diagnostic_sink.hpp"

using civeff::date;
using civeff::duration;

namespace {

date d(const char* text) { return date::parse(text).value(); }

}  // namespace

TEST_CASE("date: parse accepts exactly YYYY-MM-DD with a day that exists") {
  struct row {
    const char* text;
    bool ok;
  };
  const row rows[] = {
      {"2024-01-01", true},
      {"2024-02-29", true},
      {"2023-02-29", false},
      {"1900-02-29", false},
      {"2000-02-29", true},
      {"2024-04-31", false},
      {"2024-12-31", true},
      {"2024-13-01", false},
      {"2024-00-10", false},
      {"2024-01-00", false},
      {"2024-1-01", false},
      {"24-01-01", false},
      {"2024-01-01 ", false},
      {" 2024-01-01", false},
      {"2024/01/01", false},
      {"2024-01-0a", false},
      {"", false},
      {"+024-01-01", false},
      {"0001-01-01", true},
      {"9999-12-31", true},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    CHECK(date::parse(r.text).has_value() == r.ok);
  }
}

TEST_CASE("date: days since the epoch and back") {
  CHECK(d("1970-01-01").days_since_epoch() == 0);
  CHECK(d("1970-01-02").days_since_epoch() == 1);
  CHECK(d("1969-12-31").days_since_epoch() == -1);
  CHECK(d("2000-03-01").days_since_epoch() == 11017);
  CHECK(d("2024-01-01").days_since_epoch() == 19723);
  CHECK(date::from_ymd(2024, 2, 29) == d("2024-02-29"));
  for (const char* text : {"0001-01-01", "1600-02-29", "1899-12-31", "2024-02-29", "9999-12-31"}) {
    CAPTURE(text);
    CHECK(d(text).to_string() == text);
  }
  int y = 0, m = 0, day = 0;
  d("2023-05-01").to_ymd(y, m, day);
  CHECK(y == 2023);
  CHECK(m == 5);
  CHECK(day == 1);
  CHECK(d("2023-05-01") < d("2023-05-02"));
}

TEST_CASE("date: every day of 1999-2001 round-trips") {
  for (std::int32_t n = d("1999-01-01").days_since_epoch(); n <= d("2001-12-31").days_since_epoch(); ++n) {
    const date x(n);
    REQUIRE(date::parse(x.to_string()) == x);
  }
}

TEST_CASE("date: today_utc is a plausible day") {
  CHECK(date::today_utc() > d("2024-01-01"));
  CHECK(date::today_utc() < d("2200-01-01"));
}

TEST_CASE("duration: parse and print") {
  struct row {
    const char* text;
    bool ok;
    int y, m, dd;
  };
  const row rows[] = {
      {"P5Y", true, 5, 0, 0},
      {"P18M", true, 0, 18, 0},
      {"P30D", true, 0, 0, 30},
      {"P1Y2M3D", true, 1, 2, 3},
      {"P1Y3D", true, 1, 0, 3},
      {"P0D", true, 0, 0, 0},
      {"P", false, 0, 0, 0},
      {"", false, 0, 0, 0},
      {"5Y", false, 0, 0, 0},
      {"P1M2Y", false, 0, 0, 0},
      {"P1Y1Y", false, 0, 0, 0},
      {"P-1Y", false, 0, 0, 0},
      {"P1.5Y", false, 0, 0, 0},
      {"P2W", false, 0, 0, 0},
      {"PT5H", false, 0, 0, 0},
      {"p5y", false, 0, 0, 0},
      {"P5", false, 0, 0, 0},
      {"PY", false, 0, 0, 0},
      {"P99999999999Y", false, 0, 0, 0},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    const auto parsed = duration::parse(r.text);
    REQUIRE(parsed.has_value() == r.ok);
    if (!parsed) continue;
    CHECK(parsed->years == r.y);
    CHECK(parsed->months == r.m);
    CHECK(parsed->days == r.dd);
    CHECK(parsed->to_string() == r.text);
  }
  CHECK(duration{}.to_string() == "P0D");
}

TEST_CASE("duration: add and subtract clamp to the month's end, then add days") {
  struct row {
    const char* from;
    const char* by;
    const char* plus;
    const char* minus;
  };
  const row rows[] = {
      {"2024-01-31", "P1M", "2024-02-29", "2023-12-31"},   {"2023-01-31", "P1M", "2023-02-28", "2022-12-31"},
      {"2024-02-29", "P1Y", "2025-02-28", "2023-02-28"},   {"2024-02-29", "P4Y", "2028-02-29", "2020-02-29"},
      {"2023-05-01", "P5Y", "2028-05-01", "2018-05-01"},   {"2023-05-31", "P18M", "2024-11-30", "2021-11-30"},
      {"2024-01-31", "P1M1D", "2024-03-01", "2023-12-30"}, {"2024-12-15", "P30D", "2025-01-14", "2024-11-15"},
      {"2024-03-31", "P1Y1M", "2025-04-30", "2023-02-28"}, {"2024-06-10", "P0D", "2024-06-10", "2024-06-10"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.from);
    CAPTURE(r.by);
    const auto by = duration::parse(r.by).value();
    CHECK(add(d(r.from), by).to_string() == r.plus);
    CHECK(subtract(d(r.from), by).to_string() == r.minus);
  }
}

TEST_CASE("duration: huge durations saturate instead of overflowing") {
  const duration huge{2000000000, 2000000000, 2000000000};
  CHECK(add(d("2024-01-01"), huge) > d("9999-12-31"));
  CHECK(subtract(d("2024-01-01"), huge) < d("0001-01-01"));
}

TEST_CASE("diagnostic: the compilers' format, notes on the following lines") {
  civeff::diagnostic e{
      civeff::severity::error, "E009", {"rules/units.yaml", 12, 7}, "unit 'K1006' is defined twice", {}};
  e.notes.push_back(
      {civeff::severity::note, "", {"rules/ruleset.yaml", 3, 9}, "'K1006' is first defined here", {}});
  CHECK(e.format() ==
        "rules/units.yaml:12:7: error[E009]: unit 'K1006' is defined twice\n"
        "rules/ruleset.yaml:3:9: note: 'K1006' is first defined here");
  const civeff::diagnostic w{civeff::severity::warning, "W001", {"r.yaml", 1, 2}, "counted twice", {}};
  CHECK(w.format() == "r.yaml:1:2: warning[W001]: counted twice");
  const civeff::diagnostic whole{civeff::severity::error, "E001", {"missing.yaml", 0, 0}, "cannot read", {}};
  CHECK(whole.format() == "missing.yaml: error[E001]: cannot read");
  const civeff::rule_error err({e, whole});
  CHECK(std::string(err.what()) == e.format() + "\n" + whole.format());
  CHECK(err.diagnostics().size() == 2);
  CHECK(civeff::to_string(civeff::diploma_status::none) == "none");
  CHECK(civeff::to_string(civeff::diploma_status::partial) == "partial");
  CHECK(civeff::to_string(civeff::diploma_status::complete) == "complete");
}

TEST_CASE("diagnostic_sink: counts errors and sorts deterministically") {
  civeff::detail::diagnostic_sink sink;
  sink.warning("W001", {"b.yaml", 1, 1}, "w");
  CHECK_FALSE(sink.has_errors());
  sink.error("E004", {"b.yaml", 2, 1}, "second");
  sink.error("E009", {"a.yaml", 5, 3}, "dup", {"a.yaml", 1, 3}, "first");
  sink.error("E002", {"b.yaml", 2, 1}, "first at same place");
  CHECK(sink.has_errors());
  const auto sorted = sink.sorted();
  REQUIRE(sorted.size() == 4);
  CHECK(sorted[0].code == "E009");
  REQUIRE(sorted[0].notes.size() == 1);
  CHECK(sorted[0].notes[0].where.line == 1);
  CHECK(sorted[1].code == "W001");
  CHECK(sorted[2].code == "E002");
  CHECK(sorted[3].code == "E004");
  CHECK(sink.all().front().code == "W001");  // insertion order kept in all()
}
