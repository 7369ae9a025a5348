// SPDX-License-Identifier: Apache-2.0
// The root file and its includes (SPEC §2, §10): `civeff: 1`, name and version,
// include globs, sections merged in declaration order, duplicate ids across files.
// Includes stay inside the ruleset folder unless the options allow otherwise; the
// folder is on disk or in memory (rule_source.hpp), read the same way.

#include <fmt/format.h>

#include <map>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "yaml/include_fence.hpp"
#include "yaml/include_glob.hpp"
#include "yaml/language_version.hpp"
#include "yaml/parse_ahead.hpp"
#include "yaml/rule_files.hpp"
#include "yaml/sections.hpp"
#include "yaml/text_language.hpp"

namespace civeff::detail {
namespace {

namespace fs = std::filesystem;

// An included file: sections only (SPEC §10); includes do not nest.
void read_included(const std::optional<yaml_document>& doc, rule_files& files, section_set& sections) {
  if (!doc || doc->root.IsNull()) return;
  yaml_reader r(*doc->source, files.sink());
  auto fields = r.mapping(doc->root,
                          {"scales", "marks", "units", "equivalences", "diplomas", "tests", "attributes",
                           "person_attributes", "badges", "include", "language"},
                          "an included file", doc->source->whole_file());
  if (!fields) return;
  for (const auto& f : fields->items) {
    if (f.key == "include")
      r.error(codes::unknown_key, f.key_where, "includes do not nest: only the root file may have `include`");
    else if (f.key == "language")
      r.error(codes::unknown_key, f.key_where,
              "only the root file may set `language` (the language of the whole ruleset)");
    else read_section(r, f, sections);
  }
}

std::vector<located_text> include_patterns(yaml_reader& r, const yaml_field& f) {
  if (f.value.IsNull()) return {};  // `include:` with nothing under it
  if (f.value.IsScalar()) {         // a single pattern
    if (auto t = r.name(f)) return {std::move(*t)};
    return {};
  }
  return r.name_list(f);
}

// The files the include patterns admit, in order; each problem of a pattern or a
// match reported at the pattern.
std::vector<parse_ahead::file> admitted_includes(yaml_reader& r, const yaml_field& f, const fs::path& root,
                                                 rule_files& files) {
  std::vector<parse_ahead::file> admitted;
  const rule_source& source = files.source();
  const fs::path root_identity = source.identity(root);
  const include_fence fence(source, root, files.options().allow_outside_includes);
  std::map<fs::path, located_text> included;  // file -> the pattern that first included it
  for (const auto& pattern : include_patterns(r, f)) {
    if (!fence.admits_pattern(pattern, r)) continue;
    if (!source.can_list() && has_wildcard(pattern.text)) {
      r.error(codes::include_wildcard, pattern.where,
              fmt::format("include '{}' has a wildcard, but these rules are read through a loader, which "
                          "cannot list a folder; name each file",
                          excerpt(pattern.text)));
      continue;
    }
    glob_result matches = expand_glob(source, root.parent_path(), pattern.text,
                                      [&fence](const fs::path& dir) { return fence.may_list(dir); });
    if (!matches.refused.empty()) {
      fence.refuse_listing(pattern, matches.refused, r);
      continue;
    }
    if (!matches.unlisted.empty())
      r.error(codes::io, pattern.where,
              fmt::format("include '{}': cannot list '{}': {}", excerpt(pattern.text),
                          display_name(matches.unlisted), matches.unlisted_reason));
    if (!matches.problem.empty()) {
      r.error(codes::include_glob, pattern.where, matches.problem);
      continue;
    }
    std::erase_if(matches.files, [&](const fs::path& p) { return source.identity(p) == root_identity; });
    if (matches.files.empty()) {
      if (matches.unlisted.empty())
        r.error(codes::include_glob, pattern.where,
                "include '" + excerpt(pattern.text) + "' matches no file");
      continue;
    }
    for (const auto& file : matches.files) {
      const auto [it, inserted] = included.emplace(source.identity(file), pattern);
      if (!inserted) {
        r.error(codes::include_glob, pattern.where, fmt::format("'{}' is included twice", display_name(file)),
                it->second.where, fmt::format("first included by '{}'", excerpt(it->second.text)));
        continue;
      }
      if (auto read_as = fence.admit(file, pattern.where, r))
        admitted.push_back({std::move(*read_as), display_name(file)});
    }
  }
  return admitted;
}

// The included files in include order; their YAML parsed a few files ahead of the
// reading of their sections (parse_ahead.hpp).
void read_includes(yaml_reader& r, const yaml_field& f, const fs::path& root, rule_files& files,
                   ruleset_syntax& out, section_set& sections) {
  std::vector<parse_ahead::file> admitted = admitted_includes(r, f, root, files);
  const std::size_t count = admitted.size();
  for (const auto& file : admitted) out.files.push_back(file.name);
  parse_ahead reader(files, std::move(admitted));
  for (std::size_t i = 0; i < count; ++i) {
    std::optional<yaml_document> doc = reader.next();
    read_included(doc, files, sections);
    reader.discard(doc);
  }
}

}  // namespace

ruleset_syntax load_ruleset_syntax(const std::filesystem::path& path, rule_files& files) {
  ruleset_syntax out;
  const fs::path root = files.source().kind(path) == entry_kind::folder ? path / "ruleset.yaml" : path;
  const std::string root_name = display_name(root);
  auto doc = files.read(files.source(), root, root_name);
  if (!doc) return out;
  out.files.push_back(root_name);
  yaml_reader r(*doc->source, files.sink());
  auto fields = r.mapping(doc->root,
                          {"civeff", "ruleset", "version", "include", "language", "scales", "marks", "units",
                           "equivalences", "diplomas", "tests", "attributes", "person_attributes", "badges"},
                          "the root file", doc->source->whole_file());
  if (!fields) return out;
  check_language_version(r, *fields);
  if (r.require(*fields, "ruleset", "the root file"))
    if (auto name = r.name(*fields->find("ruleset"))) out.name = std::move(*name);
  if (r.require(*fields, "version", "the root file"))
    if (auto version = r.text(*fields->find("version"))) out.version = std::move(*version);
  if (const auto* f = fields->find("language")) out.language = read_language(r, *f);
  // SPEC §10: the root's sections first, then each include in list order.
  section_set sections;
  for (const auto& f : fields->items)
    if (is_section_name(f.key)) read_section(r, f, sections);
  if (const auto* f = fields->find("include")) read_includes(r, *f, root, files, out, sections);
  report_duplicate_ids(files.sink(), sections);
  move_sections(sections, out);
  return out;
}

}  // namespace civeff::detail
