// SPDX-License-Identifier: Apache-2.0
#pragma once
// The sections a rule file may hold (SPEC §2.1-§2.6), read entry by entry, and the
// duplicate-id check that runs once they are merged across files.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "yaml/reader.hpp"

namespace civeff::detail {

struct section_set {
  std::vector<scale_syntax> scales;
  std::vector<mark_syntax> marks;
  std::vector<unit_syntax> units;
  std::vector<equivalence_syntax> equivalences;
  std::vector<diploma_syntax> diplomas;
  std::vector<test_syntax> tests;
  std::vector<attribute_syntax> attributes, person_attributes;  // SPEC §11
  bool attributes_declared = false, person_attributes_declared = false;
  std::vector<badge_syntax> badges;  // Open Badges 3.0 input
};

// Moves every section into `out` (a ruleset_syntax or an overlay_syntax).
template <class Syntax>
void move_sections(section_set& sections, Syntax& out) {
  out.scales = std::move(sections.scales);
  out.marks = std::move(sections.marks);
  out.units = std::move(sections.units);
  out.equivalences = std::move(sections.equivalences);
  out.diplomas = std::move(sections.diplomas);
  out.tests = std::move(sections.tests);
  out.attributes = std::move(sections.attributes);
  out.person_attributes = std::move(sections.person_attributes);
  out.attributes_declared = sections.attributes_declared;
  out.person_attributes_declared = sections.person_attributes_declared;
  out.badges = std::move(sections.badges);
}

bool is_section_name(std::string_view key);

// Reads the value of a section key (`f.key` is a section name) into `out`, in order.
void read_section(yaml_reader& r, const yaml_field& f, section_set& out);

// One section each; defined in sections.cpp, requirements.cpp and tests_section.cpp.
void read_scales(yaml_reader& r, const yaml_field& f, std::vector<scale_syntax>& out);
void read_marks(yaml_reader& r, const yaml_field& f, std::vector<mark_syntax>& out);
void read_units(yaml_reader& r, const yaml_field& f, std::vector<unit_syntax>& out);
void read_equivalences(yaml_reader& r, const yaml_field& f, std::vector<equivalence_syntax>& out);
void read_diplomas(yaml_reader& r, const yaml_field& f, std::vector<diploma_syntax>& out);
void read_tests(yaml_reader& r, const yaml_field& f, std::vector<test_syntax>& out);
// `attributes:` / `person_attributes:` (SPEC §11): name -> {type, title, values, min, max}.
void read_attribute_declarations(yaml_reader& r, const yaml_field& f, std::vector<attribute_syntax>& out);
// `badges:` (badges_section.cpp): a list of {match, unit, marks, hours}.
void read_badges(yaml_reader& r, const yaml_field& f, std::vector<badge_syntax>& out);

// A portfolio (SPEC §3, §9): a mapping {person, attrs, achievements}; in a test
// (`in_test`) also a bare list of achievements.
portfolio_syntax read_portfolio(yaml_reader& r, const YAML::Node& node, const syntax_location& fallback,
                                bool in_test);

// An entry's `effective: {from, to}` (at least one of them).
std::optional<effective_window> read_window(yaml_reader& r, const yaml_field& f);
// `level: {scale: level, ...}` of a unit or diploma.
std::vector<level_assignment> read_level_assignments(yaml_reader& r, const yaml_field& f);

// E009 for each id defined again in one section (merged across files), naming both places.
template <class Entry>
void report_duplicate_ids(diagnostic_sink& sink, const std::vector<Entry>& entries, std::string_view what) {
  std::map<std::string, const located_text*, std::less<>> first;
  for (const auto& e : entries) {
    const auto [it, inserted] = first.emplace(e.id.text, &e.id);
    if (!inserted)
      sink.error(codes::duplicate_id, e.id.where,
                 std::string(what) + " '" + excerpt(e.id.text) + "' is defined twice", it->second->where,
                 "'" + excerpt(e.id.text) + "' is first defined here");
  }
}

void report_duplicate_ids(diagnostic_sink& sink, const section_set& sections);

// Appends `more` to `into`, section by section.
void append_sections(section_set& into, section_set&& more);

}  // namespace civeff::detail
