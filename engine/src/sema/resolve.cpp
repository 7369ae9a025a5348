// SPDX-License-Identifier: Apache-2.0
// Resolves every reference of the syntax tree and lowers the entries into the
// program's flat tables: scales, marks, units, equivalences, diplomas, tests.

#include "sema/resolve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "core/diagnostic_codes.hpp"
#include "core/suggest.hpp"
#include "io/portfolio_attributes.hpp"
#include "sema/fingerprint.hpp"
#include "sema/metadata.hpp"

namespace civeff::detail {
namespace {

std::string number_text(double v) { return fmt::format("{}", v); }

void index_ids(compiler_state& state, std::map<std::string, std::int32_t, std::less<>>& table,
               const std::vector<located_text>& ids) {
  // The loader already reported duplicates (E009); the first definition wins here.
  for (std::size_t i = 0; i < ids.size(); ++i) table.emplace(ids[i].text, static_cast<std::int32_t>(i));
  (void)state;
}

template <class Entries>
std::vector<located_text> ids_of(const Entries& entries) {
  std::vector<located_text> ids;
  ids.reserve(entries.size());
  for (const auto& e : entries) ids.push_back(e.id);
  return ids;
}

void resolve_window(compiler_state& state, const std::optional<effective_window>& window, std::int32_t& from,
                    std::int32_t& to) {
  if (!window) return;
  if (window->from) from = window->from->value.days_since_epoch();
  if (window->to) to = window->to->value.days_since_epoch();
  if (window->from && window->to && from > to)
    state.sink.error(codes::bad_window, window->from->where,
                     fmt::format("`effective` starts ({}) after it ends ({})", window->from->value.to_string(),
                                 window->to->value.to_string()));
}

std::vector<std::int32_t> resolve_levels(compiler_state& state, const std::vector<level_assignment>& assignments) {
  std::vector<std::int32_t> levels(state.prog.scales.size(), no_index);
  for (const auto& a : assignments) {
    auto it = state.scale_index.find(a.scale.text);
    if (it == state.scale_index.end()) {
      state.unknown(codes::unknown_reference, a.scale.where, "scale", a.scale.text, state.scale_index);
      continue;
    }
    const std::int32_t level = state.level_index(it->second, a.level.text);
    if (level == no_index) {
      state.sink.unknown_name(codes::unknown_level, a.level.where,
                              fmt::format("'{}' is not a level of scale '{}'{}", a.level.text, a.scale.text,
                                          state.level_hint(it->second, a.level.text)),
                              a.level.text);
      continue;
    }
    levels[static_cast<std::size_t>(it->second)] = level;
  }
  return levels;
}

void resolve_scales(compiler_state& state, const ruleset_syntax& syntax) {
  for (const auto& s : syntax.scales) {
    scale_info info;
    info.id = s.id.text;
    for (const auto& l : s.levels) {
      if (std::find(info.levels.begin(), info.levels.end(), l.text) != info.levels.end())
        state.sink.error(codes::duplicate_id, l.where, fmt::format("level '{}' appears twice in scale '{}'", l.text, s.id.text));
      info.levels.push_back(l.text);
    }
    if (info.levels.empty())
      state.sink.error(codes::wrong_shape, s.id.where, fmt::format("scale '{}' has no levels", s.id.text));
    info.default_level = 0;
    if (s.has_default) {
      info.default_level = no_index;
      if (s.default_level) {
        auto it = std::find(info.levels.begin(), info.levels.end(), s.default_level->text);
        if (it == info.levels.end())
          state.sink.unknown_name(
              codes::unknown_level, s.default_level->where,
              fmt::format("default '{}' is not a level of scale '{}'{}", s.default_level->text, s.id.text,
                          did_you_mean(s.default_level->text, std::vector<std::string_view>(
                                                                  info.levels.begin(), info.levels.end()))),
              s.default_level->text);
        else
          info.default_level = static_cast<std::int32_t>(it - info.levels.begin());
      }
    }
    state.scale_index.emplace(info.id, static_cast<std::int32_t>(state.prog.scales.size()));
    state.prog.scales.push_back(std::move(info));
  }
}

void resolve_units(compiler_state& state, const ruleset_syntax& syntax) {
  for (const auto& u : syntax.units) {
    unit_info info;
    info.id = u.id.text;
    info.kind = u.kind.text;
    info.kind_id = state.intern_kind(u.kind.text);
    info.title = u.meta.title.value_or("");
    if (u.hours) {
      info.hours = u.hours->value;
      info.has_hours = true;
      if (!(info.hours >= 0) || !std::isfinite(info.hours))
        state.sink.error(codes::bad_number, u.hours->where, "`hours` must be a number >= 0");
    }
    for (const auto& t : u.tags) info.tags.push_back(state.intern_tag(t.text));
    std::sort(info.tags.begin(), info.tags.end());
    info.tags.erase(std::unique(info.tags.begin(), info.tags.end()), info.tags.end());
    info.level = resolve_levels(state, u.level);
    resolve_window(state, u.effective, info.effective_from, info.effective_to);
    if (u.valid_for) {
      info.has_valid_for = true;
      info.valid_for = u.valid_for->value;
    }
    state.prog.units.push_back(std::move(info));
  }
}

// Unit `credit_when` reads marks and scales, so it is compiled once those exist.
void compile_unit_conditions(compiler_state& state, const ruleset_syntax& syntax) {
  for (std::size_t i = 0; i < syntax.units.size(); ++i)
    if (syntax.units[i].credit_when)
      state.prog.units[i].credit_when =
          compile_expression(state, *syntax.units[i].credit_when, expression_context::credit_when);
}

void resolve_marks(compiler_state& state, const ruleset_syntax& syntax) {
  for (const auto& m : syntax.marks) {
    mark_info info;
    info.id = m.id.text;
    if (m.valid_for) {
      info.has_valid_for = true;
      info.valid_for = m.valid_for->value;
    }
    info.cases.resize(state.prog.scales.size());
    info.bare.assign(state.prog.scales.size(), 0);
    info.case_where.resize(state.prog.scales.size());
    for (const auto& per_scale : m.levels) {
      auto it = state.scale_index.find(per_scale.scale.text);
      if (it == state.scale_index.end()) {
        state.unknown(codes::unknown_reference, per_scale.scale.where, "scale", per_scale.scale.text,
                      state.scale_index);
        continue;
      }
      auto& cases = info.cases[static_cast<std::size_t>(it->second)];
      info.bare[static_cast<std::size_t>(it->second)] = per_scale.bare ? 1 : 0;
      for (const auto& c : per_scale.cases) {
        mark_case mc;
        mc.level = state.level_index(it->second, c.level.text);
        if (mc.level == no_index)
          state.sink.unknown_name(
              codes::unknown_level, c.level.where,
              fmt::format("'{}' is not a level of scale '{}'{}", c.level.text, per_scale.scale.text,
                          state.level_hint(it->second, c.level.text)),
              c.level.text);
        if (c.when) mc.when = compile_expression(state, *c.when, expression_context::mark_case);
        cases.push_back(mc);
        info.case_where[static_cast<std::size_t>(it->second)].push_back(c.where);
      }
    }
    state.prog.marks.push_back(std::move(info));
  }
}

void resolve_equivalences(compiler_state& state, const ruleset_syntax& syntax) {
  for (const auto& e : syntax.equivalences) {
    equivalence_info info;
    info.id = e.id.text;
    info.symmetric = e.symmetric;
    const auto resolve = [&](const std::vector<located_text>& names, std::vector<std::int32_t>& out) {
      for (const auto& n : names) {
        auto it = state.unit_index.find(n.text);
        if (it == state.unit_index.end()) {
          state.unknown(codes::unknown_reference, n.where, "unit", n.text, state.unit_index);
          continue;
        }
        if (std::find(out.begin(), out.end(), it->second) != out.end()) {
          state.sink.error(codes::duplicate_id, n.where, fmt::format("unit '{}' is listed twice", n.text));
          continue;
        }
        out.push_back(it->second);
      }
    };
    resolve(e.members, info.sources);
    resolve(e.targets, info.targets);
    if (e.symmetric && e.members.size() < 2)
      state.sink.error(codes::bad_requirement, e.where, "an `equivalent` group needs at least two units");
    if (!e.symmetric && (e.members.empty() || e.targets.empty()))
      state.sink.error(codes::bad_requirement, e.where, "`from` and `counts_as` each need at least one unit");
    resolve_window(state, e.effective, info.effective_from, info.effective_to);
    for (auto s : info.sources) info.source_hours += state.prog.units[static_cast<std::size_t>(s)].hours;
    if (e.when) {
      info.when = compile_expression(state, *e.when, expression_context::equivalence_when);
      if (info.when != no_index)
        info.when_reads_hours = state.prog.expressions.expressions[static_cast<std::size_t>(info.when)].reads_rule_hours;
    }
    state.prog.equivalences.push_back(std::move(info));
  }
}

std::int32_t compile_selector(compiler_state& state, const selector_syntax& s, bool picks_achievements) {
  selector_parts parts;
  parts.units = s.units;
  parts.kind = s.kind;
  parts.tags = s.tags;
  parts.marks = s.marks;
  parts.has_units = s.has_units;
  parts.has_tags = s.has_tags;
  parts.has_marks = s.has_marks;
  if (s.where_expr) {
    parts.where = compile_expression(state, *s.where_expr, expression_context::selector_where);
    if (parts.where == no_index) return no_index;
  }
  return build_selector(state, parts, picks_achievements);
}

// SPEC §10: "two equivalent units that both match count both (analysis may warn
// of it)". Warn when one `hours` selector picks both sides of an equivalence.
void warn_double_count(compiler_state& state, std::int32_t selector, const source_location& where,
                       const std::string& leaf) {
  for (const double_count& pair : double_counts(state, selector))
    state.sink.warning(
        codes::warn_double_count, where,
        fmt::format("'{}' and '{}' are linked by equivalence '{}' and both count toward `{}`",
                    state.prog.units[static_cast<std::size_t>(pair.a)].id,
                    state.prog.units[static_cast<std::size_t>(pair.b)].id,
                    state.prog.equivalences[static_cast<std::size_t>(pair.equivalence)].id, leaf));
}

class requirement_lowering {
 public:
  explicit requirement_lowering(compiler_state& state) : state_(state) {}

  std::int32_t lower(const requirement_syntax& r) {
    requirement_info info;
    info.form = static_cast<requirement_form>(r.kind);
    if (r.when) info.guard = compile_expression(state_, *r.when, expression_context::guard);
    using form = requirement_syntax::form;
    std::string name = r.id ? r.id->text : std::string();
    const auto check_min = [&](const char* what) {
      if (!r.min) {
        state_.sink.error(codes::missing_key, r.where, fmt::format("`{}` needs `min`", what));
        return;
      }
      info.min = r.min->value;
      if (!(info.min > 0) || !std::isfinite(info.min))
        state_.sink.error(codes::bad_requirement, r.min->where, fmt::format("`{}` needs a `min` > 0", what));
    };
    switch (r.kind) {
      case form::unit: {
        auto it = state_.unit_index.find(r.unit.text);
        if (it == state_.unit_index.end())
          state_.unknown(codes::unknown_reference, r.unit.where, "unit", r.unit.text, state_.unit_index);
        else
          info.unit = it->second;
        if (name.empty()) name = "unit:" + r.unit.text;
        break;
      }
      case form::all_of:
      case form::any_of:
      case form::n_of: {
        const char* what = r.kind == form::all_of ? "all_of" : r.kind == form::any_of ? "any_of" : "n_of";
        if (r.children.empty())
          state_.sink.error(codes::bad_requirement, r.where, fmt::format("`{}` needs at least one requirement", what));
        if (r.kind == form::n_of) {
          if (!r.n) {
            state_.sink.error(codes::missing_key, r.where, "`n_of` needs `n`");
          } else {
            const double n = r.n->value;
            if (n != std::floor(n) || n < 1 || n > static_cast<double>(r.children.size()))
              state_.sink.error(codes::bad_requirement, r.n->where,
                                fmt::format("`n` must be a whole number from 1 to {} (the number of requirements)",
                                            r.children.size()));
            else
              info.n = static_cast<std::int32_t>(n);
          }
        }
        std::vector<std::uint32_t> children;
        for (const auto& c : r.children) {
          const std::int32_t child = lower(c);
          if (child != no_index) children.push_back(static_cast<std::uint32_t>(child));
        }
        info.first_child = static_cast<std::uint32_t>(state_.prog.requirement_children.size());
        info.child_count = static_cast<std::uint32_t>(children.size());
        state_.prog.requirement_children.insert(state_.prog.requirement_children.end(), children.begin(), children.end());
        break;
      }
      case form::hours:
        check_min("hours");
        if (r.of.has_marks || r.of.where_expr)
          state_.sink.error(codes::bad_requirement, r.of.where,
                            "`hours` adds units' declared hours; `marks` and `where` pick achievements "
                            "(use `sum: {attr: hours, ...}`)");
        else
          info.selector = compile_selector(state_, r.of, false);
        if (name.empty()) name = "hours:" + (r.min ? number_text(r.min->value) : std::string("?"));
        if (info.selector != no_index) warn_double_count(state_, info.selector, r.where, name);
        break;
      case form::count: {
        check_min("count");
        const bool achievements = r.of.has_marks || r.of.where_expr.has_value();
        info.selector = compile_selector(state_, r.of, achievements);
        if (name.empty()) name = "count:" + (r.min ? number_text(r.min->value) : std::string("?"));
        break;
      }
      case form::sum:
      case form::avg: {
        const char* what = r.kind == form::sum ? "sum" : "avg";
        check_min(what);
        if (!r.attr) {
          state_.sink.error(codes::missing_key, r.where, fmt::format("`{}` needs `attr`", what));
        } else {
          const attribute_declaration* declared = nullptr;
          if (r.attr->text != "hours") {
            if (check_declared(state_, r.attr->text, false, r.attr->where, declared))
              check_adds_numbers(state_, declared, r.attr->where, what);
            info.attr_slot = state_.intern_attribute(r.attr->text);
          }
        }
        if (r.within) {
          info.has_within = true;
          info.within = r.within->value;
        }
        info.selector = compile_selector(state_, r.of, true);
        if (name.empty())
          name = fmt::format("{}:{}:{}", what, r.attr ? r.attr->text : "?", r.min ? number_text(r.min->value) : "?");
        break;
      }
      case form::check:
        if (r.check) {
          info.check = compile_expression(state_, *r.check, expression_context::diploma_check);
          if (name.empty() && info.check != no_index)
            name = state_.prog.expressions.expressions[static_cast<std::size_t>(info.check)].text;
          if (name.empty()) {
            // Trimmed text even when the expression did not compile (errors were reported).
            name = r.check->text;
          }
        }
        break;
    }
    if (info.is_leaf()) {
      info.leaf_name = static_cast<std::uint32_t>(state_.prog.leaf_names.size());
      state_.prog.leaf_names.push_back(std::move(name));
    }
    state_.prog.requirements.push_back(info);
    state_.prog.requirement_ids.push_back(r.id ? r.id->text : std::string());
    state_.prog.requirement_where.push_back(r.where);
    return static_cast<std::int32_t>(state_.prog.requirements.size() - 1);
  }

 private:
  compiler_state& state_;
};

void resolve_diplomas(compiler_state& state, const ruleset_syntax& syntax) {
  requirement_lowering lowering(state);
  for (const auto& d : syntax.diplomas) {
    diploma_info info;
    info.id = d.id.text;
    info.title = d.meta.title.value_or("");
    (void)resolve_levels(state, d.level);  // informational (SPEC §10), but still checked
    if (d.requires_) info.root = lowering.lower(*d.requires_);
    state.prog.diplomas.push_back(std::move(info));
  }
  std::stable_sort(state.prog.diplomas.begin(), state.prog.diplomas.end(),
                   [](const diploma_info& a, const diploma_info& b) { return a.id < b.id; });
}

std::optional<diploma_status> status_from_word(std::string_view w) {
  if (w == "complete") return diploma_status::complete;
  if (w == "partial") return diploma_status::partial;
  if (w == "none") return diploma_status::none;
  return std::nullopt;
}

// The leaf names of a diploma's requirement tree, in document order.
void leaf_names_under(const program& prog, std::uint32_t r, std::vector<std::string>& out) {
  const requirement_info& info = prog.requirements[r];
  if (info.is_leaf()) {
    out.push_back(prog.leaf_names[info.leaf_name]);
    return;
  }
  for (std::uint32_t k = 0; k < info.child_count; ++k)
    leaf_names_under(prog, prog.requirement_children[info.first_child + k], out);
}

test_diploma resolve_test_diploma(compiler_state& state, const test_diploma_syntax& expected) {
  const located_text& id = expected.id;
  test_diploma out{id.text, {}, {}, {}};
  // prog.diplomas is sorted by id: the last of equal ids, as a scan that keeps the last finds.
  const auto& all = state.prog.diplomas;
  const auto after =
      std::upper_bound(all.begin(), all.end(), id.text,
                       [](const std::string& key, const diploma_info& d) { return key < d.id; });
  const diploma_info* diploma =
      after != all.begin() && std::prev(after)->id == id.text ? &*std::prev(after) : nullptr;
  if (!diploma) {
    std::vector<std::string_view> diplomas;
    for (const auto& d : all) diplomas.emplace_back(d.id);
    state.sink.unknown_name(codes::unknown_reference, id.where,
                            fmt::format("unknown diploma '{}'{}", id.text, did_you_mean(id.text, diplomas)),
                            id.text);
  }
  if (expected.status) {
    const std::string& word = expected.status->text;
    out.status = status_from_word(word);
    if (!out.status)
      state.sink.error(codes::wrong_shape, expected.status->where,
                       fmt::format("'{}' is not a diploma status (complete, partial, none){}", word,
                                   did_you_mean(word, {"complete", "partial", "none"})));
  }
  if (expected.progress) out.progress = expected.progress->value;
  if (expected.missing) {
    std::vector<std::string> leaves;
    if (diploma && diploma->root != no_index)
      leaf_names_under(state.prog, static_cast<std::uint32_t>(diploma->root), leaves);
    out.missing.emplace();
    for (const auto& m : *expected.missing) {
      if (diploma && std::find(leaves.begin(), leaves.end(), m.text) == leaves.end()) {
        std::string known;
        for (const auto& l : leaves) known += (known.empty() ? "'" : ", '") + l + "'";
        state.sink.error(
            codes::bad_test, m.where,
            fmt::format("'{}' is not a requirement of diploma '{}', so it cannot be missing (its "
                        "requirements: {})",
                        m.text, id.text, known.empty() ? "none" : known));
      }
      out.missing->push_back(m.text);
    }
  }
  return out;
}

void resolve_tests(compiler_state& state, const ruleset_syntax& syntax) {
  for (const auto& t : syntax.tests) {
    test_case tc;
    tc.name = t.name.text;
    tc.where = t.where;
    if (t.overlay) {
      // Resolved against the rules plus its overlay, by compile.cpp.
      tc.overlay = t.overlay->text;
      state.prog.tests.push_back(std::move(tc));
      continue;
    }
    if (!t.as_of) continue;  // the loader reported it (E006 or E010)
    tc.as_of = t.as_of->value;
    tc.input.person = t.portfolio.person ? t.portfolio.person->text : t.name.text;
    for (const auto& a : t.portfolio.achievements) {
      achievement out;
      if (a.unit) out.unit = a.unit->text;
      out.title = a.title.value_or("");
      if (a.when) out.when = a.when->value;
      if (a.hours) out.hours = a.hours->value;
      for (const auto& m : a.marks) {
        if (!state.mark_index.count(m.text))
          state.unknown(codes::unknown_mark, m.where, "mark", m.text, state.mark_index);
        out.marks.push_back(m.text);
      }
      out.exempt = a.exempt;
      out.where = a.where;
      tc.input.achievements.push_back(std::move(out));
    }
    // SPEC §11: a test's portfolio is read as any portfolio; its warnings are the rules' own.
    warning_list warnings(false, std::numeric_limits<std::size_t>::max());
    convert_portfolio_attributes(state.prog, t.portfolio, tc.input, warnings);
    for (diagnostic& d : warnings.finish().shown) state.sink.add(std::move(d));
    const auto known_unit = [&](const located_text& u) {
      if (!state.unit_index.count(u.text))
        state.unknown(codes::unknown_reference, u.where, "unit", u.text, state.unit_index);
      return u.text;
    };
    for (const auto& u : t.credited) tc.credited.push_back(known_unit(u));
    for (const auto& u : t.not_credited) tc.not_credited.push_back(known_unit(u));
    for (const auto& expected : t.diplomas) tc.diplomas.push_back(resolve_test_diploma(state, expected));
    for (const auto& per_achievement : t.levels) {
      std::vector<std::pair<std::string, std::optional<std::string>>> expected;
      for (const auto& [scale, level] : per_achievement) {
        auto it = state.scale_index.find(scale.text);
        if (it == state.scale_index.end()) {
          state.unknown(codes::unknown_reference, scale.where, "scale", scale.text, state.scale_index);
          continue;
        }
        if (level && state.level_index(it->second, level->text) == no_index)
          state.sink.unknown_name(codes::unknown_level, level->where,
                                  fmt::format("'{}' is not a level of scale '{}'{}", level->text, scale.text,
                                              state.level_hint(it->second, level->text)),
                                  level->text);
        expected.emplace_back(scale.text, level ? std::optional<std::string>(level->text) : std::nullopt);
      }
      tc.levels.push_back(std::move(expected));
    }
    state.prog.tests.push_back(std::move(tc));
  }
}

void build_lookups(program& prog) {
  for (std::size_t i = 0; i < prog.units.size(); ++i)
    prog.unit_lookup.emplace_back(prog.units[i].id, static_cast<std::int32_t>(i));
  for (std::size_t i = 0; i < prog.marks.size(); ++i)
    prog.mark_lookup.emplace_back(prog.marks[i].id, static_cast<std::int32_t>(i));
  std::sort(prog.unit_lookup.begin(), prog.unit_lookup.end());
  std::sort(prog.mark_lookup.begin(), prog.mark_lookup.end());
}

}  // namespace

void resolve(compiler_state& state, const ruleset_syntax& syntax) {
  program& prog = state.prog;
  prog.name = syntax.name.text;
  prog.version = syntax.version.text;
  if (syntax.language) prog.language = syntax.language->text;
  prog.overlays = syntax.overlays;
  prog.files = syntax.files;
  resolve_declarations(state, syntax);  // expressions are checked against them
  // Ids first, so any entry may refer to any other whatever the order of files.
  index_ids(state, state.mark_index, ids_of(syntax.marks));
  index_ids(state, state.unit_index, ids_of(syntax.units));
  index_ids(state, state.equivalence_index, ids_of(syntax.equivalences));
  resolve_scales(state, syntax);
  resolve_units(state, syntax);
  resolve_marks(state, syntax);  // before credit_when: has_mark() and level() need marks and scales
  compile_unit_conditions(state, syntax);
  resolve_equivalences(state, syntax);
  resolve_diplomas(state, syntax);
  resolve_badges(state, syntax);
  build_lookups(prog);
  resolve_tests(state, syntax);
  compute_fingerprints(prog, syntax);  // SPEC §12: what `civeff diff` compares
  // Rule metadata, for reports only; it reads the program, so only a clean one.
  if (!state.sink.has_errors()) build_metadata(syntax, prog);
}

void resolve_implications(compiler_state& state, const ruleset_syntax& syntax,
                          std::vector<std::vector<std::int32_t>>& implies) {
  implies.assign(syntax.marks.size(), {});
  for (std::size_t i = 0; i < syntax.marks.size(); ++i) {
    for (const auto& target : syntax.marks[i].implies) {
      auto it = state.mark_index.find(target.text);
      if (it == state.mark_index.end())
        state.unknown(codes::unknown_reference, target.where, "mark", target.text, state.mark_index);
      else
        implies[i].push_back(it->second);
    }
  }
}

}  // namespace civeff::detail
