// SPDX-License-Identifier: Apache-2.0
// Declared attributes (SPEC §11): `attributes` and `person_attributes` lowered
// into the program, each declaration checked on its own (a known type, `values`
// only for text, `min`/`max` only for numbers and in order).

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "core/diagnostic_codes.hpp"
#include "core/input_values.hpp"
#include "core/suggest.hpp"
#include "sema/resolve.hpp"

namespace civeff::detail {
namespace {

std::optional<attribute_type> type_from_word(std::string_view word) {
  if (word == "bool") return attribute_type::boolean;
  if (word == "number") return attribute_type::number;
  if (word == "text") return attribute_type::text;
  if (word == "date") return attribute_type::date;
  return std::nullopt;
}

attribute_declaration lower(compiler_state& state, const attribute_syntax& a) {
  attribute_declaration d;
  d.name = a.id.text;
  d.title = a.meta.title.value_or("");
  d.where = a.id.where;
  if (a.type) {
    if (const auto type = type_from_word(a.type->text)) {
      d.type = *type;
    } else {
      state.sink.error(codes::wrong_shape, a.type->where,
                       fmt::format("attribute '{}': type '{}' is not one of bool, number, text, date",
                                   a.id.text, a.type->text));
    }
  }
  if (a.has_values) {
    if (d.type != attribute_type::text)
      state.sink.error(codes::wrong_shape, a.where,
                       fmt::format("attribute '{}': `values` belongs to a text attribute, not a {}",
                                   a.id.text, to_string(d.type)));
    for (const auto& v : a.values) {
      if (std::find(d.values.begin(), d.values.end(), v.text) != d.values.end())
        state.sink.error(codes::duplicate_id, v.where,
                         fmt::format("attribute '{}': value '{}' is listed twice", a.id.text, v.text));
      else d.values.push_back(v.text);
    }
    if (a.values.empty())
      state.sink.error(codes::wrong_shape, a.where,
                       fmt::format("attribute '{}': `values` needs at least one value", a.id.text));
  }
  for (const auto* bound : {&a.min, &a.max}) {
    if (!*bound) continue;
    if (d.type != attribute_type::number)
      state.sink.error(codes::wrong_shape, (*bound)->where,
                       fmt::format("attribute '{}': `{}` belongs to a number attribute, not a {}", a.id.text,
                                   bound == &a.min ? "min" : "max", to_string(d.type)));
    (bound == &a.min ? d.min : d.max) = (*bound)->value;
  }
  if (d.min && d.max && *d.min > *d.max)
    state.sink.error(
        codes::bad_number, a.max->where,
        fmt::format("attribute '{}': `max` ({}) is below `min` ({})", a.id.text, *d.max, *d.min));
  return d;
}

// SPEC §11: declared names match CSV headers without regard to case, so two
// names that differ only in case could not both be given (E009); an achievement
// attribute named like a fixed CSV column could not be given at all (E007).
void check_names(compiler_state& state, const std::vector<attribute_syntax>& declared, bool person) {
  static constexpr std::array<std::string_view, 7> fixed = {"person", "unit",  "title", "date",
                                                            "hours",  "marks", "exempt"};
  std::map<std::string, const attribute_syntax*> seen;
  for (const auto& a : declared) {
    const std::string folded = fold_case(a.id.text);
    const auto [first, inserted] = seen.emplace(folded, &a);
    if (!inserted && first->second->id.text != a.id.text)  // the same name twice is E009 from the loader
      state.sink.error(
          codes::duplicate_id, a.id.where,
          fmt::format("{}attribute '{}' is declared twice: CSV headers match names without regard to "
                      "case, and '{}' is declared already",
                      person ? "person " : "", a.id.text, first->second->id.text),
          first->second->id.where, fmt::format("'{}' is declared here", first->second->id.text));
    if (!person && std::find(fixed.begin(), fixed.end(), folded) != fixed.end())
      state.sink.error(
          codes::wrong_shape, a.id.where,
          fmt::format("attribute '{}' has the name of a population column (person, unit, title, date, "
                      "hours, marks, exempt); choose another name",
                      a.id.text));
  }
}

}  // namespace

void resolve_declarations(compiler_state& state, const ruleset_syntax& syntax) {
  program& prog = state.prog;
  prog.attributes_declared = syntax.attributes_declared;
  prog.person_attributes_declared = syntax.person_attributes_declared;
  check_names(state, syntax.attributes, false);
  check_names(state, syntax.person_attributes, true);
  for (const auto& a : syntax.attributes) prog.attributes.push_back(lower(state, a));
  for (const auto& a : syntax.person_attributes) prog.person_attributes.push_back(lower(state, a));
}

bool check_declared(compiler_state& state, std::string_view name, bool person, const source_location& where,
                    const attribute_declaration*& out) {
  const program& prog = state.prog;
  out = nullptr;
  if (!(person ? prog.person_attributes_declared : prog.attributes_declared)) return true;
  const auto& declared = person ? prog.person_attributes : prog.attributes;
  out = find_declaration(declared, name);
  if (out) return true;
  std::vector<std::string_view> names;
  names.reserve(declared.size());
  for (const auto& d : declared) names.push_back(d.name);
  std::string hint = did_you_mean(name, names);
  // The other section declares it: the reader wrote attrs. for person. or back.
  const auto& other = person ? prog.attributes : prog.person_attributes;
  if (hint.empty() && find_declaration(other, name) != nullptr)
    hint = fmt::format("; did you mean '{}{}'?", person ? "attrs." : "person.", name);
  state.sink.unknown_name(codes::unknown_attribute, where,
                          fmt::format("unknown {}attribute '{}'{}", person ? "person " : "", name, hint),
                          name);
  return false;
}

bool check_adds_numbers(compiler_state& state, const attribute_declaration* declared,
                        const source_location& where, std::string_view what) {
  if (declared == nullptr || declared->type == attribute_type::number) return true;
  state.sink.error(codes::expr_type, where,
                   fmt::format("attribute '{}' is declared {}; `{}` adds numbers", declared->name,
                               to_string(declared->type), what));
  return false;
}

}  // namespace civeff::detail
