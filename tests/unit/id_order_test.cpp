// SPDX-License-Identifier: Apache-2.0
// codes_by_id() sorts by eight-byte keys and compares strings only on equal keys;
// it must give exactly the order of comparing the ids as strings.
#include "eval/id_order.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using civeff::detail::codes_by_id;

// The order the batch results promise: ids as std::string_view compares them, equal ids by code.
std::vector<std::int32_t> reference_order(const std::vector<std::string_view>& ids) {
  std::vector<std::int32_t> codes(ids.size());
  std::iota(codes.begin(), codes.end(), 0);
  std::stable_sort(codes.begin(), codes.end(), [&](std::int32_t a, std::int32_t b) {
    return ids[static_cast<std::size_t>(a)] < ids[static_cast<std::size_t>(b)];
  });
  return codes;
}

std::vector<std::string_view> views(const std::vector<std::string>& texts) {
  return {texts.begin(), texts.end()};
}

}  // namespace

TEST_CASE("codes_by_id orders ids byte by byte, past a shared prefix and past eight bytes") {
  const std::vector<std::string> texts = {"p0000010",
                                          "p0000002",
                                          "p00000100",
                                          "p000001",
                                          "p0000001\x01",
                                          "p0000001",
                                          std::string("p0000001\0", 9),
                                          "p0000001\xff"};
  const auto ids = views(texts);
  CHECK(codes_by_id(ids) == reference_order(ids));
  // Known answer: a prefix before what extends it, NUL before 0x01, 0xff (unsigned) after both.
  CHECK(codes_by_id(ids) == std::vector<std::int32_t>{5, 6, 4, 7, 1, 3, 0, 2});
}

TEST_CASE("codes_by_id keeps ids already in order, and an empty or single list") {
  const std::vector<std::string> sorted = {"a", "b", "b", "persoon-000123", "persoon-000124"};
  CHECK(codes_by_id(views(sorted)) == std::vector<std::int32_t>{0, 1, 2, 3, 4});
  CHECK(codes_by_id({}).empty());
  const std::vector<std::string> one = {""};
  CHECK(codes_by_id(views(one)) == std::vector<std::int32_t>{0});
}

TEST_CASE("codes_by_id agrees with comparing strings on random ids with long shared prefixes") {
  std::mt19937 random(7);
  const std::string alphabet(
      "\0\x01"
      "ab\x7f\x80\xff",
      7);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> texts(1 + random() % 300);
    const std::string prefix = round % 2 == 0 ? "persoon-" : "";
    for (std::string& t : texts) {
      t = prefix;
      const std::size_t length = random() % 14;
      for (std::size_t k = 0; k < length; ++k) t += alphabet[random() % alphabet.size()];
    }
    const auto ids = views(texts);
    REQUIRE(codes_by_id(ids) == reference_order(ids));
  }
}
