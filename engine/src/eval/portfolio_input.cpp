// SPDX-License-Identifier: Apache-2.0
#include "eval/portfolio_input.hpp"

#include <fmt/format.h>

#include <type_traits>
#include <variant>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "core/suggest.hpp"

namespace civeff::detail {

value to_value(const attribute_value& v) {
  return std::visit(
      [](const auto& x) -> value {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) return value::boolean(x);
        else if constexpr (std::is_same_v<T, double>) return value::number(x);
        else if constexpr (std::is_same_v<T, std::string>) return value::text(x);
        else return value::day(x.days_since_epoch());
      },
      v);
}

void load_portfolio(const program& prog, const portfolio& p, workspace& ws) {
  ws.reset(prog, p.achievements.size());
  std::vector<diagnostic> errors;
  for (std::size_t i = 0; i < p.achievements.size(); ++i) {
    const achievement& a = p.achievements[i];
    const std::int32_t u = a.unit ? prog.find_unit(*a.unit) : no_index;
    ws.unit[i] = u;
    ws.day[i] = a.when.days_since_epoch();
    // SPEC §5.6, §10: own hours, else the unit's, else 0.
    ws.hours[i] = a.hours ? *a.hours : (u >= 0 ? prog.units[static_cast<std::size_t>(u)].hours : 0);
    ws.exempt[i] = a.exempt ? 1 : 0;
    std::uint64_t* bits = ws.marks_of(i);
    for (const auto& m : a.marks) {
      const std::int32_t k = prog.find_mark(m);
      if (k < 0) {
        errors.push_back({severity::error,
                          codes::unknown_mark,
                          a.where,
                          fmt::format("unknown mark '{}'{}", m, did_you_mean_id(m, prog.marks)),
                          {}});
        continue;
      }
      const auto set = [&](std::int32_t j) { bits[j / 64] |= std::uint64_t{1} << (j % 64); };
      set(k);
      for (auto j : prog.marks[static_cast<std::size_t>(k)].implies_closure) set(j);  // SPEC §9
    }
    attribute_cell* slots = ws.attributes_of(i);
    for (std::size_t s = 0; s < prog.attribute_slots.size(); ++s) {
      auto it = a.attrs.find(prog.attribute_slots[s]);
      if (it != a.attrs.end()) slots[s] = attribute_cell::of(to_value(it->second));
    }
  }
  for (std::size_t s = 0; s < prog.person_attribute_slots.size(); ++s) {
    auto it = p.attrs.find(prog.person_attribute_slots[s]);
    if (it != p.attrs.end()) ws.person[s] = to_value(it->second);
  }
  if (!errors.empty()) throw input_error(std::move(errors));
}

result build_result(const program& prog, const portfolio& p, workspace& ws, date as_of) {
  result r;
  r.person = p.person;
  r.as_of = as_of;
  r.ruleset = prog.name;
  r.version = prog.version;
  r.overlays = prog.overlays;
  const std::size_t scales = prog.scales.size();
  for (std::size_t i = 0; i < p.achievements.size(); ++i) {
    const achievement& a = p.achievements[i];
    achievement_result out;
    out.unit = a.unit;
    out.title = a.title;
    out.when = a.when;
    out.known = ws.unit[i] >= 0;
    out.counted = ws.counted[i] != 0;
    if (out.counted) {
      for (std::size_t s = 0; s < scales; ++s) {
        const std::int32_t level = ws.levels[i * scales + s];
        out.levels.emplace_back(
            prog.scales[s].id,
            level >= 0 ? std::optional<std::string>(prog.scales[s].levels[static_cast<std::size_t>(level)])
                       : std::nullopt);
      }
    }
    r.achievements.push_back(std::move(out));
  }
  for (std::size_t u = 0; u < prog.units.size(); ++u) {
    if (((ws.credited_units[u / 64] >> (u % 64)) & 1U) == 0) continue;
    const auto unit = static_cast<std::int32_t>(u);
    const std::int32_t via = ws.via(prog, unit);
    r.credited[prog.units[u].id] =
        credit{date(ws.latest_day(unit)), via == -1   ? "achievement"
                                          : via == -2 ? "exemption"
                                                      : prog.equivalences[static_cast<std::size_t>(via)].id};
  }
  for (std::size_t d = 0; d < prog.diplomas.size(); ++d) {
    diploma_result out;
    out.status = ws.diploma(prog, d, out.progress);
    for (auto leaf : ws.missing) out.missing.push_back(prog.leaf_names[leaf]);
    r.diplomas[prog.diplomas[d].id] = std::move(out);
  }
  return r;
}

diagnostic evaluation_failure(const program& prog, const workspace& ws, std::string_view person) {
  const expression_info& e = prog.expressions.expressions[ws.failed_expression];
  return {
      severity::error,
      codes::division_by_zero,
      e.where,
      capped_message(fmt::format("division by zero in `{}` while evaluating person '{}'", e.text, person)),
      {}};
}

void throw_if_failed(const program& prog, const workspace& ws, std::string_view person) {
  if (ws.failed) throw evaluation_error({evaluation_failure(prog, ws, person)});
}

}  // namespace civeff::detail
