// SPDX-License-Identifier: Apache-2.0
// The `tests:` section (SPEC §2.6, §9): name, as_of, portfolio, expect.

#include "yaml/sections.hpp"

namespace civeff::detail {
namespace {

void read_expect(yaml_reader& r, const yaml_field& f, test_syntax& t) {
  auto fields =
      r.mapping(f.value, {"credited", "not_credited", "diplomas", "levels"}, "`expect`", f.key_where);
  if (!fields) return;
  if (const auto* c = fields->find("credited")) t.credited = r.name_list(*c);
  if (const auto* c = fields->find("not_credited")) t.not_credited = r.name_list(*c);
  if (const auto* d = fields->find("diplomas")) {
    if (auto diplomas = r.keyed(d->value, "`diplomas`", d->key_where))
      for (const auto& item : diplomas->items)
        if (auto status = r.name(item))
          t.diplomas.emplace_back(located_text{item.key, item.key_where}, std::move(*status));
  }
  if (const auto* l = fields->find("levels")) {
    // By achievement position: each a mapping scale -> level or null; an empty item expects nothing.
    const auto items = r.list(*l);
    if (!items) return;
    for (const auto& item : *items) {
      auto& expected = t.levels.emplace_back();
      if (item.IsNull()) continue;
      auto scales = r.keyed(item, "an item of `levels`", r.where(*l));
      if (!scales) continue;
      for (const auto& s : scales->items) {
        std::optional<located_text> level;
        if (!s.value.IsNull()) {
          level = r.name(s);
          if (!level) continue;
        }
        expected.emplace_back(located_text{s.key, s.key_where}, std::move(level));
      }
    }
  }
}

void read_test(yaml_reader& r, const YAML::Node& node, source_location fallback,
               std::vector<test_syntax>& out) {
  auto fields = r.mapping(node, {"name", "as_of", "portfolio", "expect", "title", "source", "notes"},
                          "a test", fallback);
  if (!fields) return;
  test_syntax t;
  t.where = fields->where;
  bool ok = true;
  if (r.require(*fields, "name", "a test")) {
    auto name = r.text(*fields->find("name"));
    ok = name.has_value();
    if (name) t.name = std::move(*name);
  } else {
    ok = false;
  }
  if (r.require(*fields, "as_of", "a test")) t.as_of = r.date_value(*fields->find("as_of"));
  if (const auto* p = fields->find("portfolio"))
    t.portfolio = read_portfolio(r, p->value, p->key_where, true);
  if (const auto* e = fields->find("expect")) read_expect(r, *e, t);
  if (ok) out.push_back(std::move(t));
}

}  // namespace

void read_tests(yaml_reader& r, const yaml_field& f, std::vector<test_syntax>& out) {
  const auto items = r.list(f);
  if (!items) return;
  for (const auto& item : *items) read_test(r, item, r.where(f), out);
}

}  // namespace civeff::detail
