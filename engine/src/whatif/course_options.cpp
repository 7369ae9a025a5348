// SPDX-License-Identifier: Apache-2.0
// The course chooser (docs/language.md, "What if"). The units it weighs are
// advice's candidates for the diploma (advice/candidates.hpp): every other unit
// leaves the diploma's outcome, and so its hours, as they are. Each is taken as
// advice takes it (advice/trial.hpp), and its hours to complete are those of
// advise() on the portfolio with it, the same call what_if() makes: so each
// option's ranking agrees with its what-if by construction. Only the options
// shown get the what-if's other diplomas searched.

#include "whatif/course_options.hpp"

#include <algorithm>

#include "advice/candidates.hpp"
#include "advice/trial.hpp"
#include "eval/portfolio_input.hpp"
#include "whatif/compare.hpp"
#include "whatif/side.hpp"

namespace civeff::detail {
namespace {

// advise()'s candidates for diploma `d`, declaration order.
std::vector<std::int32_t> candidates(const program& prog, const portfolio& p, std::size_t d, date as_of) {
  as_of_context ctx;
  ctx.prepare(prog, as_of.days_since_epoch());
  workspace now;
  load_portfolio(prog, p, now);
  now.run(prog, ctx);
  throw_if_failed(prog, now, p.person);
  const std::vector<std::int32_t> eligible = eligible_units(prog, now, ctx.as_of);
  trial all(prog, p, ctx, eligible);
  const std::vector<std::uint8_t> every(eligible.size(), 1);
  all.run(every.data());
  return relevant_units(prog, prog.diplomas[d].root, now, all, eligible, ctx);
}

struct ranked {
  std::int32_t unit = 0;
  std::optional<double> hours_after;
  bool proven = true;
  double saved = 0, per_hour = 0;
};

}  // namespace

std::vector<course_option> course_options(const ruleset& rules, const portfolio& p, std::size_t d, date as_of,
                                          std::size_t top, const advice_options& options) {
  const program& prog = rules.program();
  const std::string& id = prog.diplomas[d].id;
  if (top == 0) return {};
  // This diploma's hours first: complete, or no plan, and there is nothing to lower.
  bool proven = true;
  const std::optional<double> now = hours_to_complete(rules, p, id, as_of, options, proven);
  if (!now || *now == 0) return {};

  std::vector<ranked> options_found;
  for (const std::int32_t u : candidates(prog, p, d, as_of))
    if (prog.units[static_cast<std::size_t>(u)].hours > 0) {
      ranked r;
      r.unit = u;
      options_found.push_back(r);
    }
  run_jobs(options_found.size(), [&](std::size_t k) {
    ranked& r = options_found[k];
    const portfolio taken = with_extras(prog, p, as_of, {r.unit});
    r.hours_after = hours_to_complete(rules, taken, id, as_of, options, r.proven);
  });
  std::erase_if(options_found, [&](ranked& r) {
    if (!r.hours_after || *r.hours_after >= *now) return true;
    r.saved = *now - *r.hours_after;
    r.per_hour = r.saved / prog.units[static_cast<std::size_t>(r.unit)].hours;
    return false;
  });
  std::sort(options_found.begin(), options_found.end(), [&](const ranked& a, const ranked& b) {
    if (a.per_hour != b.per_hour) return a.per_hour > b.per_hour;
    return prog.units[static_cast<std::size_t>(a.unit)].id < prog.units[static_cast<std::size_t>(b.unit)].id;
  });
  if (options_found.size() > top) options_found.resize(top);

  // The shown options' what-ifs, sharing the side without them: every other diploma
  // searched, this one's hours as found above.
  std::vector<portfolio> taken = {p};
  std::vector<known_hours> known = {{{{id, now}}, proven}};
  for (const ranked& r : options_found) {
    taken.push_back(with_extras(prog, p, as_of, {r.unit}));
    known.push_back({{{id, r.hours_after}}, r.proven});
  }
  const std::vector<what_if_side> sides = evaluate_sides(rules, std::move(taken), as_of, options, known);
  std::vector<course_option> out;
  for (std::size_t k = 0; k < options_found.size(); ++k) {
    const ranked& r = options_found[k];
    const unit_info& unit = prog.units[static_cast<std::size_t>(r.unit)];
    const std::vector<achievement>& all = sides[k + 1].person.achievements;
    const std::vector<achievement> added(all.end() - 1, all.end());
    out.push_back({unit.id, unit.hours, r.saved, r.per_hour, compare(sides[0], sides[k + 1], added, as_of)});
  }
  return out;
}

}  // namespace civeff::detail
