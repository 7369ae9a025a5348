// SPDX-License-Identifier: Apache-2.0
// Diplomas and their requirement trees (SPEC §2.5, §9): exactly one form per
// requirement, selectors, and the shapes of `n_of`, `hours`, `count`, `sum`, `avg`.

#include <array>

#include "yaml/sections.hpp"

namespace civeff::detail {
namespace {

using form = requirement_syntax::form;

constexpr std::array<std::pair<std::string_view, form>, 9> forms = {{{"unit", form::unit},
                                                                     {"all_of", form::all_of},
                                                                     {"any_of", form::any_of},
                                                                     {"n_of", form::n_of},
                                                                     {"hours", form::hours},
                                                                     {"count", form::count},
                                                                     {"sum", form::sum},
                                                                     {"avg", form::avg},
                                                                     {"check", form::check}}};

class requirement_reader {
 public:
  explicit requirement_reader(yaml_reader& r) : r_(r) {}

  // Recursive: the nesting and the size of a tree, aliases expanded, are bounded
  // when the file is parsed (document_scan.hpp).
  std::optional<requirement_syntax> read(const YAML::Node& node, const syntax_location& fallback) {
    auto fields = r_.mapping(
        node,
        {"id", "title", "when", "unit", "all_of", "any_of", "n_of", "hours", "count", "sum", "avg", "check"},
        "a requirement", fallback);
    if (!fields) return std::nullopt;
    requirement_syntax out;
    out.where = fields->where;
    const yaml_field* form_field = nullptr;
    for (const auto& f : fields->items) {
      for (const auto& [name, kind] : forms) {
        if (f.key != name) continue;
        if (form_field) {
          r_.error(codes::wrong_shape, f.key_where,
                   "a requirement has exactly one form; `" + f.key + "` follows `" + form_field->key + "`",
                   form_field->key_where, "the form is given here");
          continue;
        }
        form_field = &f;
        out.kind = kind;
      }
    }
    if (!form_field) {
      r_.error(codes::wrong_shape, fields->where,
               "a requirement needs one of unit, all_of, any_of, n_of, hours, count, sum, avg, check");
      return std::nullopt;
    }
    if (const auto* f = fields->find("id")) out.id = r_.name(*f);
    if (const auto* f = fields->find("title"))
      if (auto t = r_.text(*f)) out.title = std::move(t->text);
    if (const auto* f = fields->find("when")) out.when = r_.expression(*f);
    read_form(*form_field, out);
    return out;
  }

 private:
  void read_form(const yaml_field& f, requirement_syntax& out) {
    switch (out.kind) {
      case form::unit:
        if (auto u = r_.name(f)) out.unit = std::move(*u);
        break;
      case form::all_of:
      case form::any_of: read_children(f, out); break;
      case form::n_of:
        if (auto fields = r_.mapping(f.value, {"n", "of"}, "`n_of`", f.key_where)) {
          if (const auto* n = fields->find("n")) out.n = r_.number(*n);
          if (r_.require(*fields, "of", "`n_of`")) read_children(*fields->find("of"), out);
        }
        break;
      case form::hours:
      case form::count:
        if (auto fields = r_.mapping(f.value, {"min", "of"}, "`" + f.key + "`", f.key_where))
          read_measure(*fields, f.key, out);
        break;
      case form::sum:
        if (auto fields = r_.mapping(f.value, {"attr", "min", "of", "within"}, "`sum`", f.key_where)) {
          read_measure(*fields, f.key, out);
          if (const auto* within = fields->find("within")) out.within = r_.duration_value(*within);
        }
        break;
      case form::avg:
        if (auto fields = r_.mapping(f.value, {"attr", "min", "of"}, "`avg`", f.key_where))
          read_measure(*fields, f.key, out);
        break;
      case form::check: out.check = r_.expression(f); break;
    }
  }

  void read_children(const yaml_field& f, requirement_syntax& out) {
    const auto items = r_.list(f);
    if (!items) return;
    for (const auto& item : *items)
      if (auto child = read(item, r_.where(f))) out.children.push_back(std::move(*child));
  }

  // `min`, `of` and, for sum and avg, `attr`. A missing `min` or `attr` is left to
  // the compiler, which reports it with the form's context; `of` is required here.
  void read_measure(const yaml_fields& fields, const std::string& what, requirement_syntax& out) {
    if (const auto* min = fields.find("min")) out.min = r_.number(*min);
    if (const auto* attr = fields.find("attr")) out.attr = r_.name(*attr);
    if (r_.require(fields, "of", "`" + what + "`")) read_selector(*fields.find("of"), out.of);
  }

  void read_selector(const yaml_field& f, selector_syntax& out) {
    auto fields =
        r_.mapping(f.value, {"units", "kind", "tags", "marks", "where"}, "a selector (`of`)", f.key_where);
    if (!fields) return;
    out.where = fields->where;
    if (const auto* units = fields->find("units")) {
      out.has_units = true;
      out.units = r_.name_list(*units);
    }
    if (const auto* kind = fields->find("kind")) out.kind = r_.name(*kind);
    if (const auto* tags = fields->find("tags")) {
      out.has_tags = true;
      out.tags = r_.name_list(*tags);
    }
    if (const auto* marks = fields->find("marks")) {
      out.has_marks = true;
      out.marks = r_.name_list(*marks);
    }
    if (const auto* where = fields->find("where")) out.where_expr = r_.expression(*where);
  }

  yaml_reader& r_;
};

void read_diploma(yaml_reader& r, requirement_reader& requirements, const YAML::Node& node,
                  const syntax_location& fallback, std::vector<diploma_syntax>& out) {
  auto fields =
      r.mapping(node, {"id", "level", "requires", "title", "name", "source", "notes"}, "a diploma", fallback);
  if (!fields) return;
  diploma_syntax d;
  d.where = fields->where;
  std::optional<located_text> id;
  if (r.require(*fields, "id", "a diploma")) id = r.name(*fields->find("id"));
  if (const auto* f = fields->find("level")) d.level = read_level_assignments(r, *f);
  if (r.require(*fields, "requires", "a diploma")) {
    const auto* f = fields->find("requires");
    d.requires_ = requirements.read(f->value, f->key_where);
  }
  r.meta(*fields, d.meta);
  if (!id) {
    r.lose_names(node);
    return;
  }
  d.id = std::move(*id);
  out.push_back(std::move(d));
}

}  // namespace

void read_diplomas(yaml_reader& r, const yaml_field& f, std::vector<diploma_syntax>& out) {
  const auto items = r.list(f);
  if (!items) return;
  requirement_reader requirements(r);
  for (const auto& item : *items) read_diploma(r, requirements, item, r.place(f), out);
}

}  // namespace civeff::detail
