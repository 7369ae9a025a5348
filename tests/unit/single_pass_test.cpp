// SPDX-License-Identifier: Apache-2.0
// Which rules texts are read with one YAML parse (yaml/single_pass.hpp): a text
// that might hold an alias or a second document, or is too long, is scanned first;
// a loaded tree past the nesting limit is scanned too, so the diagnostics are the
// scan's (tests/unit/rules_input_test.cpp checks those).

#include "yaml/single_pass.hpp"

#include <doctest/doctest.h>

#include <string>

using civeff::detail::may_skip_scan;
using civeff::detail::within_limits;

TEST_CASE("single pass: texts without an alias or a second document skip the scan") {
  CHECK(may_skip_scan(""));
  CHECK(may_skip_scan("civeff: 1\nunits:\n  - {id: a, kind: k, tags: [x, y]}\n"));
  CHECK(may_skip_scan("---\nciveff: 1\n"));                          // the first document's marker
  CHECK(may_skip_scan("include:\n  - \"units/*.yaml\"\n"));          // a `*` inside a word
  CHECK(may_skip_scan("check: count_of(kind = \"k\") * 2 >= 3\n"));  // a `*` before a blank
  CHECK(may_skip_scan("a: --- not a marker\nb: x...\n"));            // markers start a line

  CHECK_FALSE(may_skip_scan("a: &x 1\nb: *x\n"));
  CHECK_FALSE(may_skip_scan("a: [*x]\n"));
  CHECK_FALSE(may_skip_scan("{\"a\":*x}\n"));
  CHECK_FALSE(may_skip_scan("*x\n"));
  CHECK_FALSE(may_skip_scan("# *all* of them\na: 1\n"));  // could be an alias: scanned, to be safe
  CHECK_FALSE(may_skip_scan("a: 1\n---\nb: 2\n"));
  CHECK_FALSE(may_skip_scan("a: 1\n...\n"));
  CHECK_FALSE(may_skip_scan("a: 1\r---\r"));
  CHECK_FALSE(may_skip_scan("...\n"));
  CHECK_FALSE(may_skip_scan("a: " + std::string(600'000, 'x') + "\n"));  // too long to vouch for its nodes
}

TEST_CASE("single pass: a loaded tree within the nesting limit needs no scan") {
  const auto nested = [](int levels) {
    return YAML::Load("a: " + std::string(static_cast<std::size_t>(levels) - 1, '[') + "{b: 1}" +
                      std::string(static_cast<std::size_t>(levels) - 1, ']'));
  };
  CHECK(within_limits(YAML::Load("")));
  CHECK(within_limits(YAML::Load("a: 1\nb: [1, 2, {c: d}]\n")));
  CHECK(within_limits(nested(199)));  // 199 + the top mapping: 200 levels
  CHECK_FALSE(within_limits(nested(200)));
  CHECK_FALSE(within_limits(
      YAML::Load("? " + std::string(250, '[') + std::string(250, ']') + "\n: 1\n")));  // in a key too
}
