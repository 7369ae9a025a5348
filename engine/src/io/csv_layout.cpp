// SPDX-License-Identifier: Apache-2.0
#include "io/csv_layout.hpp"

#include <fmt/format.h>

#include <string>
#include <unordered_set>

#include "core/diagnostic_codes.hpp"
#include "core/input_values.hpp"
#include "core/suggest.hpp"

namespace civeff::detail {
namespace {

std::optional<csv_role> fixed_role(std::string_view lower) {
  if (lower == "person") return csv_role::person;
  if (lower == "unit") return csv_role::unit;
  if (lower == "title") return csv_role::title;
  if (lower == "date") return csv_role::date;
  if (lower == "hours") return csv_role::hours;
  if (lower == "marks") return csv_role::marks;
  if (lower == "exempt") return csv_role::exempt;
  return std::nullopt;
}

// SPEC §11: declared names match without regard to case.
const attribute_declaration* find_without_case(const std::vector<attribute_declaration>& declared,
                                               std::string_view lower) {
  for (const auto& d : declared)
    if (fold_case(d.name) == lower) return &d;
  return nullptr;
}

// " (did you mean 'exam'?)" for a column name, compared without regard to case as headers are.
std::string suggestion(std::string_view name, const program& rules, bool person) {
  const auto& declared = person ? rules.person_attributes : rules.attributes;
  std::vector<std::string> names;
  names.reserve(declared.size());
  for (const auto& d : declared) names.push_back(fold_case(d.name));
  const std::vector<std::string_view> views(names.begin(), names.end());
  if (const std::optional<std::string> best = closest(fold_case(name), views))
    for (const auto& d : declared)
      if (fold_case(d.name) == *best)
        return " (did you mean '" + std::string(person ? "person." : "") + d.name + "'?)";
  // The other section declares it: the export left out `person.`, or put it in.
  const auto& other = person ? rules.attributes : rules.person_attributes;
  if (const attribute_declaration* d = find_without_case(other, fold_case(name)))
    return " (did you mean '" + std::string(person ? "" : "person.") + d->name + "'?)";
  return {};
}

}  // namespace

column_meaning classify_column(std::string_view name, const program* rules) {
  column_meaning out;
  const std::string lower = fold_case(name);
  if (const auto role = fixed_role(lower)) {
    out.role = *role;
    return out;
  }
  // SPEC §9: `person.NAME` is a person attribute; every further column an attribute.
  out.person_level = lower.rfind("person.", 0) == 0;
  out.attribute = out.person_level ? std::string(name.substr(7)) : std::string(name);
  if (out.attribute.empty()) {
    out.error = fmt::format("column '{}' names no attribute", name);
    return out;
  }
  const bool declared_section =
      rules != nullptr && (out.person_level ? rules->person_attributes_declared : rules->attributes_declared);
  out.role = csv_role::attribute;
  if (!declared_section) return out;
  const auto& declared = out.person_level ? rules->person_attributes : rules->attributes;
  out.declared = find_without_case(declared, fold_case(out.attribute));
  if (out.declared == nullptr) {
    out.role = csv_role::ignored;
    out.warning =
        fmt::format("column '{}' is not a declared {}attribute{}; its values are ignored", name,
                    out.person_level ? "person " : "", suggestion(out.attribute, *rules, out.person_level));
    return out;
  }
  out.attribute = out.declared->name;
  return out;
}

bool read_header(csv_scanner& scanner, const std::vector<cell_ref>& cells, const program* rules,
                 population& pop, csv_layout& out, warning_list& warnings) {
  const std::size_t errors_before = scanner.diagnostics().all().size();
  out.columns.assign(cells.size(), {});
  std::unordered_set<std::string> seen;  // folded names: a hash lookup per column (F17)
  seen.reserve(cells.size());
  std::string scratch;
  bool have_person = false, have_date = false;
  csv_scanner::cursor places(scanner);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string name(trim_blanks(csv_scanner::value(cells[i], scratch)));
    const source_location at = places.where(cells[i]);
    if (name.empty()) {
      scanner.error(codes::csv_row, at,
                    "empty column name (Excel leaves empty columns after the last one: delete them)");
      continue;
    }
    const std::string lower = fold_case(name);
    if (!seen.insert(lower).second) {
      scanner.error(codes::csv_row, at, fmt::format("column '{}' appears twice", name));
      continue;
    }
    csv_column& col = out.columns[i];
    column_meaning meaning = classify_column(name, rules);
    if (!meaning.error.empty()) {
      scanner.error(codes::csv_row, at, meaning.error);
      continue;
    }
    if (!meaning.warning.empty()) warnings.add(codes::warn_undeclared, at, meaning.warning);
    col.role = meaning.role;
    col.person_level = meaning.person_level;
    col.declared = meaning.declared;
    have_person = have_person || col.role == csv_role::person;
    have_date = have_date || col.role == csv_role::date;
    out.has_exempt = out.has_exempt || col.role == csv_role::exempt;
    if (col.role != csv_role::attribute) continue;
    // E045 compares an undeclared person attribute's trimmed text (SPEC §11).
    if (col.person_level && col.declared == nullptr) col.text_hash = out.text_hash_columns++;
    std::string attribute = std::move(meaning.attribute);
    col.role = csv_role::attribute;
    col.attribute = pop.attributes.size();
    attribute_column a;
    a.name = std::move(attribute);
    a.person_level = col.person_level;
    pop.attributes.push_back(std::move(a));
    attribute_storage& keep = out.storage.emplace_back();
    if (col.declared != nullptr) {
      keep.texts = col.declared->type == attribute_type::text;
      keep.numbers = !keep.texts;
    }
  }
  const source_location first{scanner.file(), cells.empty() ? 1 : cells.front().line, 1};
  if (!have_person) scanner.error(codes::csv_row, first, "the header has no 'person' column");
  if (!have_date) scanner.error(codes::csv_row, first, "the header has no 'date' column");
  return scanner.diagnostics().all().size() == errors_before;
}

}  // namespace civeff::detail
