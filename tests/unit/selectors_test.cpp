// SPDX-License-Identifier: Apache-2.0
// Selector unit masks, made from the units indexed by kind and tag and shared between
// selectors that select alike (issue 15): each mask is the set SPEC §2.5 defines, and W001
// is reported at every selector that picks both units of an equivalence.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "eval/bits.hpp"
#include "ir/program.hpp"
#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

// The ids of the units selector `s` picks, in unit order.
std::string picked(const detail::program& prog, std::size_t s) {
  std::string out;
  for (std::size_t u = 0; u < prog.units.size(); ++u)
    if (detail::test_bit(prog.selectors.at(s).unit_mask, u)) out += prog.units[u].id;
  return out;
}

}  // namespace

TEST_CASE("issue 15: selector masks by kind, tags and units, alike or written differently") {
  const auto compiled = rules(R"(civeff: 1
ruleset: t
version: "1"
scales: {s: {levels: [a]}}
marks: [{id: m, levels: {s: a}}]
units:
  - {id: A, kind: k, tags: [x, y]}
  - {id: B, kind: k, tags: [x]}
  - {id: C, kind: j, tags: [y, x]}
  - {id: D, kind: j}
  - {id: E, kind: i, tags: [y]}
diplomas:
  - id: d
    requires:
      all_of:
        - count: {min: 1, of: {kind: k}}
        - count: {min: 1, of: {tags: [x]}}
        - count: {min: 1, of: {tags: [y, x]}}
        - count: {min: 1, of: {kind: j, tags: [x]}}
        - count: {min: 1, of: {units: [D, A, D]}}
        - count: {min: 1, of: {units: [A, C], kind: j}}
        - count: {min: 1, of: {marks: [m]}}
        - count: {min: 1, of: {kind: k}}
        - count: {min: 1, of: {tags: [x, y, x]}}
        - count: {min: 1, of: {kind: j, tags: [y]}}
        - count: {min: 1, of: {units: [E], tags: [y]}}
        - check: count_of(kind = "i") >= 1 and count_of(tags = ["x"]) >= 1
)");
  const detail::program& prog = compiled->program();
  const std::vector<std::string> expected = {"AB", "ABC", "AC", "C", "AD", "C",  "ABCDE",
                                             "AB", "AC",  "C",  "E", "E",  "ABC"};
  REQUIRE(prog.selectors.size() == expected.size());
  for (std::size_t s = 0; s < expected.size(); ++s) {
    CAPTURE(s);
    CHECK(picked(prog, s) == expected[s]);
  }
}

TEST_CASE("issue 15: a kind or tag no unit has selects nothing and is W014 at each selector") {
  const auto diags = diagnostics_of(R"(civeff: 1
ruleset: t
version: "1"
units: [{id: A, kind: k, tags: [x]}]
diplomas:
  - {id: d, requires: {count: {min: 1, of: {kind: kk}}}}
  - {id: e, requires: {count: {min: 1, of: {kind: kk}}}}
  - {id: f, requires: {count: {min: 1, of: {kind: k, tags: [z]}}}}
)");
  std::string found;
  for (const auto& d : diags)
    found += std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " + d.code + "; ";
  CHECK(found == "6:51 W014; 7:51 W014; 8:61 W014; ");
}

TEST_CASE("issue 15: W001 at every hours requirement whose selector picks two equivalent units") {
  const auto diags = diagnostics_of(R"(civeff: 1
ruleset: t
version: "1"
units:
  - {id: LE, kind: keuzedeel, hours: 240, tags: [t]}
  - {id: KD, kind: keuzedeel, hours: 240, tags: [t]}
  - {id: X, kind: keuzedeel, hours: 240}
  - {id: Y, kind: leereenheid, hours: 240, tags: [t]}
equivalences:
  - {id: other, from: [X], counts_as: [Y]}
  - {id: eq, equivalent: [LE, KD]}
  - {id: wide, from: [X], counts_as: [KD]}
diplomas:
  - {id: a, requires: {id: a-uren, hours: {min: 480, of: {kind: keuzedeel}}}}
  - {id: b, requires: {id: b-uren, hours: {min: 480, of: {kind: keuzedeel}}}}
  - {id: c, requires: {id: c-uren, hours: {min: 480, of: {tags: [t]}}}}
)");
  std::vector<std::string> messages;
  for (const auto& d : diags)
    messages.push_back(std::to_string(d.where.line) + " " + d.code + " " + d.message);
  const std::vector<std::string> expected = {
      "14 W001 'LE' and 'KD' are linked by equivalence 'eq' and both count toward `a-uren`",
      "14 W001 'X' and 'KD' are linked by equivalence 'wide' and both count toward `a-uren`",
      "15 W001 'LE' and 'KD' are linked by equivalence 'eq' and both count toward `b-uren`",
      "15 W001 'X' and 'KD' are linked by equivalence 'wide' and both count toward `b-uren`",
      "16 W001 'LE' and 'KD' are linked by equivalence 'eq' and both count toward `c-uren`",
  };
  CHECK(messages == expected);
}
