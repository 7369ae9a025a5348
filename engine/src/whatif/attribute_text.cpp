// SPDX-License-Identifier: Apache-2.0
// `civeff whatif --attr NAME=VALUE`: the value as typed, converted by the same
// code as a population CSV cell (core/input_values.hpp), so the command line
// reads a value as `batch` and `eval` read it.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include "core/diagnostic_codes.hpp"
#include "core/input_values.hpp"
#include "core/suggest.hpp"

namespace civeff {
namespace {

[[noreturn]] void bad_value(std::string message) {
  throw input_error(
      {{severity::error, detail::codes::what_if_value, {"civeff", 0, 0}, std::move(message), {}}});
}

}  // namespace

attribute_value what_if_attribute(const ruleset& rules, std::string_view name, std::string_view value) {
  if (name.empty()) bad_value(fmt::format("--attr takes NAME=VALUE, not '={}'", value));
  const std::vector<attribute_declaration>* declared = rules.declared_attributes(false);
  if (declared == nullptr) {  // SPEC §3: typed on its own, as a CSV cell of an undeclared column
    bool bad_date = false;
    std::optional<attribute_value> v = detail::type_undeclared(value, bad_date);
    if (bad_date)
      bad_value(fmt::format("--attr {}: '{}' is not a date (YYYY-MM-DD, a day that exists)", name, value));
    if (!v) bad_value(fmt::format("--attr {}: the value is empty", name));
    return std::move(*v);
  }
  const attribute_declaration* d = detail::find_declaration(*declared, name);
  if (d == nullptr) {
    std::vector<std::string_view> names;
    for (const attribute_declaration& a : *declared) names.emplace_back(a.name);
    bad_value(
        fmt::format("--attr: '{}' is not a declared attribute{}", name, detail::did_you_mean(name, names)));
  }
  detail::conversion r = detail::convert_text(*d, value, false);
  if (!r.value) bad_value(fmt::format("--attr {}: {}", name, r.problem));
  return std::move(*r.value);
}

}  // namespace civeff
