// SPDX-License-Identifier: Apache-2.0
#include "advice/trial.hpp"

#include <limits>

#include "eval/portfolio_input.hpp"

namespace civeff::detail {

portfolio with_extras(const program& prog, const portfolio& p, date as_of,
                      const std::vector<std::int32_t>& units) {
  portfolio out = p;
  out.achievements.reserve(p.achievements.size() + units.size());
  for (const std::int32_t u : units) {
    achievement a;
    a.unit = prog.units[static_cast<std::size_t>(u)].id;
    a.when = as_of;
    a.exempt = true;  // SPEC §12: taken, it credits its unit directly; SPEC §9: ignoring credit_when
    out.achievements.push_back(std::move(a));
  }
  return out;
}

trial::trial(const program& prog, const portfolio& p, const as_of_context& ctx,
             const std::vector<std::int32_t>& units)
    : prog_(prog), ctx_(ctx), base_(p.achievements.size()), extras_(units.size()) {
  // as_of is a date, so as_of + 1 fits unless as_of is the last day an int32 counts;
  // there every extra would count, which no real as_of reaches.
  later_ = ctx.as_of < std::numeric_limits<std::int32_t>::max() ? ctx.as_of + 1 : ctx.as_of;
  extended_ = with_extras(prog, p, date(ctx.as_of), units);
  load_portfolio(prog, extended_, ws_);
}

void trial::run(const std::uint8_t* taken) {
  for (std::size_t j = 0; j < extras_; ++j) ws_.day[base_ + j] = taken[j] ? ctx_.as_of : later_;
  ws_.failed = false;
  ws_.run(prog_, ctx_);
}

bool trial::complete(std::int32_t root) const {
  if (root < 0 || ws_.failed) return false;
  const requirement_outcome& o = ws_.outcomes[static_cast<std::size_t>(root)];
  return o.applicable && o.satisfied;
}

}  // namespace civeff::detail
