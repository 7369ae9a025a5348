// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include "cli.hpp"

namespace civeff::cli {
namespace {

bool same_declarations(const std::vector<attribute_declaration>* a,
                       const std::vector<attribute_declaration>* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return std::equal(a->begin(), a->end(), b->begin(), b->end(), [](const auto& x, const auto& y) {
    return x.name == y.name && x.type == y.type && x.values == y.values && x.min == y.min && x.max == y.max;
  });
}

}  // namespace

bool same_declarations(const ruleset& a, const ruleset& b) {
  return same_declarations(a.declared_attributes(false), b.declared_attributes(false)) &&
         same_declarations(a.declared_attributes(true), b.declared_attributes(true));
}

}  // namespace civeff::cli
