// SPDX-License-Identifier: Apache-2.0
// W020: a diploma that no set of units completes. Every unit is taken to be
// creditable (an exemption credits any unit inside its window), so the question
// is whether the requirement tree can hold at some `as_of` when every unit whose
// credit can count then is credited (analysis/credit_windows.hpp). Requirements
// only gain from more credits, so the largest such sets decide: one per date at
// which some unit's credits start. `check`s, guards and achievement selectors are
// taken to go either way unless the condition prover shows otherwise, so a
// warning is given only where no portfolio can complete the diploma.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "analysis/checks.hpp"
#include "analysis/credit_windows.hpp"
#include "analysis/uses.hpp"
#include "core/diagnostic_codes.hpp"

namespace civeff::detail::analysis {
namespace {

struct outcome {
  bool holds = false;     // the requirement can hold
  bool left_out = false;  // its guards can leave it out
};

class completion {
 public:
  completion(const program& prog, const condition_prover& prover)
      : prog_(prog), prover_(prover), windows_(credit_windows(prog, prover)) {
    std::set<std::int64_t> starts;
    for (const auto& w : windows_) starts.insert(w.first);
    dates_.assign(starts.begin(), starts.end());
    if (dates_.empty()) dates_.push_back(0);
    // What the prover says depends on no date: ask once per requirement and selector.
    for (const auto& r : prog.requirements) {
      guard_never_.push_back(r.guard != no_index && prover.never_holds(r.guard));
      guard_may_leave_.push_back(r.guard != no_index && !prover.implies(no_index, r.guard));
      check_may_hold_.push_back(r.check == no_index || !prover.never_holds(r.check));
    }
    for (std::size_t sel = 0; sel < prog.selectors.size(); ++sel)
      picks_.push_back(picks_something(static_cast<std::int32_t>(sel)));
  }

  const std::vector<std::int64_t>& dates() const { return dates_; }

  bool counts(std::int32_t u, std::int64_t t) const {
    const credit_window& w = windows_[static_cast<std::size_t>(u)];
    return w.first <= t && t < w.counts_until;
  }

  outcome at(std::int32_t r, std::int64_t t) const {
    const requirement_info& req = prog_.requirements[static_cast<std::size_t>(r)];
    outcome out;
    out.left_out = guard_may_leave_[static_cast<std::size_t>(r)];
    if (guard_never_[static_cast<std::size_t>(r)]) return out;
    const outcome self = form_at(req, t);
    out.holds = self.holds;
    out.left_out = out.left_out || self.left_out;
    return out;
  }

  bool ever(std::int32_t r) const {
    return std::any_of(dates_.begin(), dates_.end(), [&](std::int64_t t) { return at(r, t).holds; });
  }
  bool ever_left_out(std::int32_t r) const { return at(r, dates_.front()).left_out; }
  bool guard_never_holds(std::int32_t r) const { return guard_never_[static_cast<std::size_t>(r)]; }

  std::int32_t child(const requirement_info& req, std::uint32_t k) const {
    return static_cast<std::int32_t>(prog_.requirement_children[req.first_child + k]);
  }

  double selected_hours(const requirement_info& req, std::int64_t t) const {
    double sum = 0;
    for (std::size_t u = 0; u < prog_.units.size(); ++u)
      if (selects(prog_, req.selector, static_cast<std::int32_t>(u)) &&
          counts(static_cast<std::int32_t>(u), t))
        sum += req.form == requirement_form::hours ? prog_.units[u].hours : 1;
    return sum;
  }

  // Whether an achievement selector can pick anything at all.
  bool picks_something(std::int32_t sel) const {
    const selector_info& s = prog_.selectors[static_cast<std::size_t>(sel)];
    if (prover_.never_holds(s.where)) return false;
    if (!s.restricts_units) return true;
    for (std::size_t u = 0; u < prog_.units.size(); ++u)
      if (selects(prog_, sel, static_cast<std::int32_t>(u))) return true;
    return false;
  }

  const attribute_declaration* declared(std::int32_t slot) const {
    if (slot == no_index) return nullptr;
    const std::string& name = prog_.attribute_slots[static_cast<std::size_t>(slot)];
    for (const auto& a : prog_.attributes)
      if (a.name == name) return &a;
    return nullptr;
  }

  // Whether a sum or avg can reach its min at all, by the attribute's declared `max`.
  bool reachable_by_values(const requirement_info& req) const {
    const attribute_declaration* a = declared(req.attr_slot);
    if (a == nullptr || !a->max) return true;
    return req.form == requirement_form::avg ? *a->max >= req.min : *a->max > 0;
  }

 private:
  const program& prog_;
  const condition_prover& prover_;
  std::vector<credit_window> windows_;
  std::vector<std::int64_t> dates_;
  std::vector<bool> guard_never_, guard_may_leave_, check_may_hold_, picks_;

  outcome form_at(const requirement_info& req, std::int64_t t) const {
    outcome out;
    switch (req.form) {
      case requirement_form::unit: out.holds = req.unit != no_index && counts(req.unit, t); break;
      case requirement_form::all_of:
      case requirement_form::any_of:
      case requirement_form::n_of: {
        std::uint32_t holding = 0, fitting = 0, leaving = 0;
        for (std::uint32_t k = 0; k < req.child_count; ++k) {
          const outcome c = at(child(req, k), t);
          holding += c.holds ? 1 : 0;
          fitting += c.holds || c.left_out ? 1 : 0;
          leaving += c.left_out ? 1 : 0;
        }
        out.left_out = leaving == req.child_count;
        if (req.form == requirement_form::all_of) out.holds = fitting == req.child_count && holding > 0;
        else if (req.form == requirement_form::any_of) out.holds = holding > 0;
        else out.holds = holding >= static_cast<std::uint32_t>(req.n);
        break;
      }
      case requirement_form::hours: out.holds = selected_hours(req, t) >= req.min; break;
      case requirement_form::count: {
        const selector_info& s = prog_.selectors[static_cast<std::size_t>(req.selector)];
        out.holds = s.picks_achievements ? picks_[static_cast<std::size_t>(req.selector)]
                                         : selected_hours(req, t) >= req.min;
        break;
      }
      case requirement_form::sum:
      case requirement_form::avg:
        out.holds = picks_[static_cast<std::size_t>(req.selector)] && reachable_by_values(req);
        break;
      case requirement_form::check:
        out.holds = check_may_hold_[static_cast<std::size_t>(&req - prog_.requirements.data())];
        break;
    }
    return out;
  }
};

// Why requirement r never holds, and where: the first child of an all_of that
// never holds (nor can be left out), else r itself.
std::pair<std::int32_t, std::string> culprit(const program& prog, const completion& c, std::int32_t r) {
  for (;;) {
    const requirement_info& req = prog.requirements[static_cast<std::size_t>(r)];
    if (req.form == requirement_form::all_of) {
      std::int32_t next = no_index;
      for (std::uint32_t k = 0; k < req.child_count && next == no_index; ++k) {
        const std::int32_t ch = c.child(req, k);
        if (!c.ever(ch) && !c.ever_left_out(ch)) next = ch;
      }
      if (next != no_index) {
        r = next;
        continue;
      }
    }
    double most = 0;
    std::uint32_t best_count = 0;
    for (auto t : c.dates()) {
      if (req.form == requirement_form::hours || req.form == requirement_form::count)
        most = std::max(most, c.selected_hours(req, t));
      std::uint32_t holding = 0;
      for (std::uint32_t k = 0; k < req.child_count; ++k) holding += c.at(c.child(req, k), t).holds ? 1 : 0;
      best_count = std::max(best_count, holding);
    }
    const selector_info* s =
        req.selector != no_index ? &prog.selectors[static_cast<std::size_t>(req.selector)] : nullptr;
    std::string why;
    switch (req.form) {
      case requirement_form::hours:
        why = fmt::format("the units it selects add up to {} h at most, below its min of {}", most, req.min);
        break;
      case requirement_form::count:
        why = s != nullptr && s->picks_achievements
                  ? std::string("its selector picks nothing")
                  : fmt::format("it selects {} unit{} at most, below its min of {}", most,
                                most == 1 ? "" : "s", req.min);
        break;
      case requirement_form::n_of:
        why =
            fmt::format("at most {} of its requirements hold together, fewer than n = {}", best_count, req.n);
        break;
      case requirement_form::any_of: why = "none of its requirements can hold"; break;
      case requirement_form::all_of:
        why = "its requirements never hold at one date: credits of some lapse before others can start";
        break;
      case requirement_form::unit: why = "this unit's credits never count (they lapse at once)"; break;
      case requirement_form::check: why = "this check never holds"; break;
      case requirement_form::sum:
      case requirement_form::avg:
        why = c.reachable_by_values(req) ? "its selector picks nothing"
                                         : "the attribute's declared `max` cannot reach its min";
        break;
    }
    if (c.guard_never_holds(r)) why = "its `when` never holds, so it is always left out";
    return {r, why};
  }
}

}  // namespace

void check_diplomas(const program& prog, const ruleset_syntax& syntax, const condition_prover& prover,
                    diagnostic_sink& sink) {
  const completion c(prog, prover);
  for (const auto& written : syntax.diplomas) {
    const auto d = std::find_if(prog.diplomas.begin(), prog.diplomas.end(),
                                [&](const diploma_info& x) { return x.id == written.id.text; });
    if (d == prog.diplomas.end() || d->root == no_index || c.ever(d->root)) continue;
    const auto [r, why] = culprit(prog, c, d->root);
    warn(sink, codes::warn_unreachable_diploma, written.id.where,
         fmt::format("diploma '{}' can never be complete: no set of units meets its requirements", d->id),
         prog.requirement_where[static_cast<std::size_t>(r)], why);
  }
}

}  // namespace civeff::detail::analysis
