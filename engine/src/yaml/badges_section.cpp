// SPDX-License-Identifier: Apache-2.0
// `badges:` (docs/language.md, "Open Badges 3.0 portfolios"): how the credentials of
// an Open Badges 3.0 portfolio become achievements. Each entry names one way to
// recognise a credential and what the achievement then is; the first match wins.

#include "yaml/sections.hpp"

namespace civeff::detail {
namespace {

// `targetType` and `targetCode` keep the spelling of Open Badges 3.0's Alignment.
void read_alignment(yaml_reader& r, const yaml_field& f, badge_syntax& b) {
  auto fields = r.mapping(f.value, {"targetType", "targetCode"}, "`alignment`", f.key_where);
  if (!fields) return;
  if (r.require(*fields, "targetCode", "`alignment`"))
    if (auto code = r.name(*fields->find("targetCode"))) b.value = std::move(*code);
  if (const auto* t = fields->find("targetType")) b.target_type = r.name(*t);
}

// `match`: exactly one of achievement_id, education_program_identifier, alignment.
bool read_match(yaml_reader& r, const yaml_field& f, badge_syntax& b) {
  auto fields = r.mapping(f.value, {"achievement_id", "education_program_identifier", "alignment"}, "`match`",
                          f.key_where);
  if (!fields) return false;
  b.match_where = fields->where;
  if (fields->items.empty()) {
    r.error(codes::missing_key, fields->where,
            "`match` needs one of `achievement_id`, `education_program_identifier` or `alignment`");
    return false;
  }
  if (fields->items.size() > 1) {
    r.error(codes::wrong_shape, fields->items[1].key_where,
            "`match` takes one of `achievement_id`, `education_program_identifier` or `alignment`, not `" +
                fields->items[0].key + "` and `" + fields->items[1].key + "` together (write two entries)");
    return false;
  }
  const yaml_field& how = fields->items.front();
  if (how.key == "alignment") {
    b.kind = badge_syntax::match_kind::alignment;
    read_alignment(r, how, b);
    return !b.value.text.empty();
  }
  b.kind = how.key == "achievement_id" ? badge_syntax::match_kind::achievement_id
                                       : badge_syntax::match_kind::education_program_identifier;
  auto value = r.name(how);
  if (!value) return false;
  b.value = std::move(*value);
  return true;
}

// `hours`: a dotted path of member names from the credential (its top level) to a number.
std::optional<located_text> read_hours_path(yaml_reader& r, const yaml_field& f) {
  auto path = r.name(f);
  if (!path) return std::nullopt;
  const std::string& t = path->text;
  if (t.front() == '.' || t.back() == '.' || t.find("..") != std::string::npos) {
    r.error(codes::wrong_shape, path->where,
            "`hours` is a path of member names joined by dots (such as "
            "credentialSubject.achievement.SBU), not '" +
                t + "'");
    return std::nullopt;
  }
  return path;
}

void read_badge(yaml_reader& r, const YAML::Node& node, const syntax_location& fallback,
                std::vector<badge_syntax>& out) {
  auto fields = r.mapping(node, {"match", "unit", "marks", "hours", "title", "name", "source", "notes"},
                          "a badges entry", fallback);
  if (!fields) return;
  badge_syntax b;
  b.where = fields->where;
  bool ok = false;
  if (r.require(*fields, "match", "a badges entry")) ok = read_match(r, *fields->find("match"), b);
  if (const auto* f = fields->find("unit")) {
    b.unit = r.name(*f);
    ok = ok && b.unit.has_value();
  }
  if (const auto* f = fields->find("marks")) b.marks = r.name_list(*f);
  if (const auto* f = fields->find("hours")) {
    b.hours = read_hours_path(r, *f);
    ok = ok && b.hours.has_value();
  }
  r.meta(*fields, b.meta);
  // An entry that failed is dropped (its errors are reported): a half-read entry
  // could match credentials it was not written for.
  if (ok) out.push_back(std::move(b));
}

}  // namespace

void read_badges(yaml_reader& r, const yaml_field& f, std::vector<badge_syntax>& out) {
  const auto items = r.list(f);
  if (!items) return;
  for (const auto& item : *items) read_badge(r, item, r.place(f), out);
}

}  // namespace civeff::detail
