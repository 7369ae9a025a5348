// SPDX-License-Identifier: Apache-2.0
// Overlays (SPEC §2.7, §10): loading a file or an in-memory text, and applying on
// top of a ruleset's syntax — removals first, then a replacing entry takes the
// replaced one's place and a new id is appended.

#include <algorithm>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "core/utf8.hpp"
#include "yaml/language_version.hpp"
#include "yaml/rule_files.hpp"
#include "yaml/sections.hpp"

namespace civeff::detail {
namespace {

template <class Entry>
void remove_ids(std::vector<Entry>& entries, const std::vector<located_text>& ids, std::string_view what,
                diagnostic_sink& sink) {
  for (const auto& id : ids) {
    auto it =
        std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.id.text == id.text; });
    if (it == entries.end()) {
      sink.error(codes::overlay_error, id.where,
                 "cannot remove " + std::string(what) + " '" + excerpt(id.text) +
                     "': the ruleset has no such " + std::string(what));
      continue;
    }
    entries.erase(it);
  }
}

template <class Entry>
void replace_or_append(std::vector<Entry>& entries, const std::vector<Entry>& incoming) {
  for (const auto& entry : incoming) {
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&](const Entry& e) { return e.id.text == entry.id.text; });
    if (it != entries.end()) *it = entry;
    else entries.push_back(entry);
  }
}

}  // namespace

overlay_syntax load_overlay_syntax(std::size_t index, rule_files& files) {
  const overlay_source& overlay = files.options().overlays.at(index);
  if (const overlay_text* text = overlay.text()) {
    std::string file =
        text->name.empty() ? "<overlay " + std::to_string(index + 1) + ">" : repair_utf8(text->name);
    auto doc = files.read_text(file, text->yaml);
    return read_overlay(doc, std::move(file), files);
  }
  return load_overlay_file(file_system(), *overlay.file(), files);
}

overlay_syntax load_overlay_file(const rule_source& from, const std::filesystem::path& path,
                                 rule_files& files) {
  std::string file = display_name(path);
  auto doc = files.read(from, path, file);
  return read_overlay(doc, std::move(file), files);
}

overlay_syntax read_overlay(const std::optional<yaml_document>& doc, std::string file, rule_files& files) {
  overlay_syntax out;
  out.file = std::move(file);
  if (!doc) return out;
  diagnostic_sink& sink = files.sink();
  yaml_reader r(*doc->source, sink);
  auto fields = r.mapping(doc->root,
                          {"civeff", "overlay", "remove", "ruleset", "version", "language", "scales", "marks",
                           "units", "equivalences", "diplomas", "tests", "attributes", "person_attributes",
                           "badges"},
                          "an overlay", doc->source->whole_file());
  if (!fields) return out;
  check_language_version(r, *fields);
  if (r.require(*fields, "overlay", "an overlay"))
    if (auto name = r.name(*fields->find("overlay"))) out.name = std::move(*name);
  section_set sections;
  for (const auto& f : fields->items) {
    if (f.key == "ruleset" || f.key == "version")
      r.error(codes::overlay_error, f.key_where, "an overlay cannot change `" + f.key + "`");
    else if (f.key == "language")
      // SPEC §10: the language belongs to the ruleset; `--lang` overrides it per command.
      r.error(codes::overlay_error, f.key_where,
              "an overlay cannot set `language`: it is the ruleset's (set it in the root file, or choose "
              "the language of one command with --lang)");
    else if (is_section_name(f.key)) read_section(r, f, sections);
  }
  if (const auto* f = fields->find("remove")) {
    if (auto removals = r.mapping(f->value,
                                  {"scales", "marks", "units", "equivalences", "diplomas", "attributes",
                                   "person_attributes"},
                                  "`remove`", f->key_where))
      for (const auto& section : removals->items) out.remove.emplace_back(section.key, r.name_list(section));
  }
  report_duplicate_ids(sink, sections);
  move_sections(sections, out);
  return out;
}

void apply_overlay(ruleset_syntax& rules, const overlay_syntax& overlay, diagnostic_sink& sink) {
  for (const auto& [section, ids] : overlay.remove) {
    if (section == "scales") remove_ids(rules.scales, ids, "scale", sink);
    else if (section == "marks") remove_ids(rules.marks, ids, "mark", sink);
    else if (section == "units") remove_ids(rules.units, ids, "unit", sink);
    else if (section == "equivalences") remove_ids(rules.equivalences, ids, "equivalence", sink);
    else if (section == "diplomas") remove_ids(rules.diplomas, ids, "diploma", sink);
    else if (section == "attributes") remove_ids(rules.attributes, ids, "attribute", sink);
    else if (section == "person_attributes")
      remove_ids(rules.person_attributes, ids, "person attribute", sink);
  }
  replace_or_append(rules.scales, overlay.scales);
  replace_or_append(rules.marks, overlay.marks);
  replace_or_append(rules.units, overlay.units);
  replace_or_append(rules.equivalences, overlay.equivalences);
  replace_or_append(rules.diplomas, overlay.diplomas);
  // SPEC §11: an overlay entry replaces the declaration of the same name.
  replace_or_append(rules.attributes, overlay.attributes);
  replace_or_append(rules.person_attributes, overlay.person_attributes);
  rules.attributes_declared = rules.attributes_declared || overlay.attributes_declared;
  rules.person_attributes_declared = rules.person_attributes_declared || overlay.person_attributes_declared;
  // Badges entries have no ids: the overlay's come first, so that they win the first match.
  rules.badges.insert(rules.badges.begin(), overlay.badges.begin(), overlay.badges.end());
  rules.tests.insert(rules.tests.end(), overlay.tests.begin(),
                     overlay.tests.end());  // tests have no ids: added
  rules.files.push_back(overlay.file);
  rules.overlays.push_back(overlay.name.text);
}

}  // namespace civeff::detail
