// SPDX-License-Identifier: Apache-2.0
// The `tests:` section (SPEC §2.6, §9): name, as_of, portfolio, expect.

#include "core/diagnostic_codes.hpp"
#include "yaml/sections.hpp"

namespace civeff::detail {
namespace {

// `ID: STATUS`, or `ID: {status?, progress?, missing?}`.
void read_diploma(yaml_reader& r, const yaml_field& item, test_syntax& t) {
  test_diploma_syntax d;
  d.id = located_text{item.key, item.key_where};
  if (!item.value.IsMap()) {
    d.status = r.name(item);
    if (d.status) t.diplomas.push_back(std::move(d));
    return;
  }
  auto fields = r.mapping(item.value, {"status", "progress", "missing"},
                          "the expectation of diploma '" + item.key + "'", item.key_where);
  if (!fields) return;
  if (fields->items.empty()) {
    r.error(codes::bad_test, item.key_where,
            "the expectation of diploma '" + item.key + "' is empty: give `status`, `progress` or `missing`");
    return;
  }
  if (const auto* s = fields->find("status")) d.status = r.name(*s);
  if (const auto* p = fields->find("progress")) {
    d.progress = r.number(*p);
    if (d.progress && !(d.progress->value >= 0 && d.progress->value <= 1)) {
      r.error(codes::bad_test, d.progress->where,
              "`progress` is a fraction from 0 to 1, not " + r.shown(p->value));
      d.progress.reset();
    }
  }
  if (const auto* m = fields->find("missing")) {
    // `missing: []` expects nothing missing; a scalar is E007 from name_list.
    if (m->value.IsSequence()) d.missing = r.name_list(*m);
    else (void)r.name_list(*m);
  }
  t.diplomas.push_back(std::move(d));
}

void read_expect(yaml_reader& r, const yaml_field& f, test_syntax& t) {
  auto fields =
      r.mapping(f.value, {"credited", "not_credited", "diplomas", "levels"}, "`expect`", f.key_where);
  if (!fields) return;
  if (const auto* c = fields->find("credited")) t.credited = r.name_list(*c);
  if (const auto* c = fields->find("not_credited")) t.not_credited = r.name_list(*c);
  if (const auto* d = fields->find("diplomas")) {
    if (auto diplomas = r.keyed(d->value, "`diplomas`", d->key_where))
      for (const auto& item : diplomas->items) read_diploma(r, item, t);
  }
  if (const auto* l = fields->find("levels")) {
    // By achievement position: each a mapping scale -> level or null; an empty item expects nothing.
    const auto items = r.list(*l);
    if (!items) return;
    for (const auto& item : *items) {
      auto& expected = t.levels.emplace_back();
      if (item.IsNull()) continue;
      auto scales = r.keyed(item, "an item of `levels`", r.place(*l));
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

void read_test(yaml_reader& r, const YAML::Node& node, const syntax_location& fallback,
               std::vector<test_syntax>& out) {
  auto fields =
      r.mapping(node, {"name", "as_of", "portfolio", "expect", "overlay", "title", "source", "notes"},
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
  if (const auto* o = fields->find("overlay")) t.overlay = r.name(*o);
  if (ok) out.push_back(std::move(t));
}

}  // namespace

void read_tests(yaml_reader& r, const yaml_field& f, std::vector<test_syntax>& out) {
  const auto items = r.list(f);
  if (!items) return;
  for (const auto& item : *items) read_test(r, item, r.place(f), out);
}

}  // namespace civeff::detail
