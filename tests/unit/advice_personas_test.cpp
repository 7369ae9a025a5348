// SPDX-License-Identifier: Apache-2.0
// Issue 12's persona check: for each persona of examples/portfolios and the
// diploma its advice is pinned for, the advised cheapest plan, taken, makes
// the diploma complete under the public evaluate(); and no set of relevant
// units cheaper than that plan completes it. Relevant: the eligible units
// (SPEC §12: not credited, declared hours, effective at as_of) that the
// diploma's requirements name, and transitively the sources of equivalences
// toward them. The cheaper sets are enumerated and evaluated one by one, each
// with the public evaluate(), when there are at most `enumerable` of them;
// otherwise the case says how many there are and relies on `proven`.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "eval/evaluator.hpp"
#include "ir/expression_walk.hpp"
#include "support.hpp"

using namespace civeff;

namespace {

constexpr std::uint64_t enumerable = 10'000'000;  // the limit

const date as_of = testing::day("2026-11-01");

// The personas whose advice is pinned (examples/portfolios/NAME.advice.json), each
// with the diploma that JSON names, in name order.
std::vector<std::pair<std::string, std::string>> pinned_personas(const std::filesystem::path& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = ".advice.json";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    std::ifstream in(entry.path());
    const std::string key = "  \"diploma\": \"";
    for (std::string line; std::getline(in, line);)
      if (line.rfind(key, 0) == 0) {
        out.emplace_back(name.substr(0, name.size() - suffix.size()) + ".json",
                         line.substr(key.size(), line.rfind('"') - key.size()));
        break;
      }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool bit(const std::vector<std::uint64_t>& bits, std::size_t i) {
  return ((bits[i / 64] >> (i % 64)) & 1U) != 0;
}

// Units the requirements under `root` name, with the sources of equivalences toward them.
std::vector<std::uint8_t> named_units(const detail::program& prog, std::int32_t root) {
  std::vector<std::uint8_t> named(prog.units.size(), 0);
  const auto selector = [&](std::int32_t s) {
    const auto& sel = prog.selectors[static_cast<std::size_t>(s)];
    for (std::size_t u = 0; u < prog.units.size(); ++u)
      if (bit(sel.unit_mask, u) || !sel.restricts_units) named[u] = 1;
  };
  const std::function<void(std::uint32_t)> walk = [&](std::uint32_t r) {
    const auto& req = prog.requirements[r];
    if (req.unit >= 0) named[static_cast<std::size_t>(req.unit)] = 1;
    if (req.selector >= 0) selector(req.selector);
    detail::each_node(prog, req.check, [&](const detail::expression_node& n) {
      if (n.op == detail::opcode::credited) named[static_cast<std::size_t>(n.index)] = 1;
      if (n.op == detail::opcode::hours_of || n.op == detail::opcode::count_of ||
          n.op == detail::opcode::sum_of || n.op == detail::opcode::avg_of)
        selector(n.index);
    });
    for (std::uint32_t k = 0; k < req.child_count; ++k) walk(prog.requirement_children[req.first_child + k]);
  };
  if (root >= 0) walk(static_cast<std::uint32_t>(root));
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t u = 0; u < prog.units.size(); ++u) {
      if (!named[u]) continue;
      for (const std::int32_t e : prog.equivalences_into[u])
        for (const std::int32_t s : prog.equivalences[static_cast<std::size_t>(e)].sources)
          if (!named[static_cast<std::size_t>(s)]) named[static_cast<std::size_t>(s)] = changed = 1;
    }
  }
  return named;
}

portfolio taking(const portfolio& p, const std::vector<std::string>& units) {
  portfolio out = p;
  for (const auto& u : units) {
    achievement a;
    a.unit = u;
    a.when = as_of;
    a.exempt = true;  // SPEC §12: it credits its unit directly
    out.achievements.push_back(std::move(a));
  }
  return out;
}

bool completes(const ruleset& rules, const portfolio& p, const std::string& diploma,
               const std::vector<std::string>& units) {
  const result r = rules.evaluate(taking(p, units), as_of);
  const auto d = r.diplomas.find(diploma);
  REQUIRE(d != r.diplomas.end());
  return d->second.status == diploma_status::complete;
}

}  // namespace

TEST_CASE("issue 12 personas: the cheapest plan completes, and no cheaper set of relevant units does") {
  const std::filesystem::path root(CIVEFF_SOURCE_DIR);
  const auto rules = load(root / "rules/nl-zorg");
  const detail::program& prog = rules->program();
  const auto personas = pinned_personas(root / "examples/portfolios");
  REQUIRE(personas.size() == 5);
  for (const auto& [file, diploma] : personas) {
    const std::string name = file + " " + diploma;
    CAPTURE(name);
    const portfolio p = read_portfolio(root / "examples/portfolios" / file, *rules);
    const advice a = rules->advise(p, diploma, as_of);
    REQUIRE(a.proven);

    // The plan, taken, completes the diploma.
    double cost = 0;
    if (!a.plans.empty()) {
      std::vector<std::string> plan;
      for (const auto& u : a.plans[0].units) plan.push_back(u.unit);
      CHECK(completes(*rules, p, diploma, plan));
      cost = a.plans[0].hours;
    }

    // The relevant units, and every set of them cheaper than the plan.
    std::int32_t diploma_root = -1;
    for (const auto& info : prog.diplomas)
      if (info.id == diploma) diploma_root = info.root;
    const std::vector<std::uint8_t> named = named_units(prog, diploma_root);
    const result now = rules->evaluate(p, as_of);
    std::vector<std::pair<double, std::string>> relevant;
    for (std::size_t u = 0; u < prog.units.size(); ++u) {
      const auto& info = prog.units[u];
      if (!named[u] || !info.has_hours) continue;
      if (as_of.days_since_epoch() < info.effective_from || as_of.days_since_epoch() > info.effective_to)
        continue;
      if (now.credited.count(info.id) != 0) continue;
      relevant.emplace_back(info.hours, info.id);
    }
    std::sort(relevant.begin(), relevant.end(), std::greater<>());
    // With no plan, every set is "cheaper": all of them must fail.
    const double limit = a.plans.empty() ? 1e300 : cost;

    std::uint64_t sets = 0;
    std::vector<std::string> chosen;
    const std::function<void(std::size_t, double)> count = [&](std::size_t i, double spent) {
      if (sets > enumerable) return;
      if (i == relevant.size()) {
        ++sets;
        return;
      }
      if (spent + relevant[i].first < limit) count(i + 1, spent + relevant[i].first);
      count(i + 1, spent);
    };
    count(0, 0);
    if (sets > enumerable) {
      MESSAGE(name << ": more than " << enumerable << " sets of " << relevant.size() << " relevant units "
                   << (a.plans.empty() ? std::string("(no plan)")
                                       : "cost less than " + std::to_string(cost) + " h")
                   << "; relying on proven: true");
      continue;
    }
    std::uint64_t completing = 0;
    const std::function<void(std::size_t, double)> visit = [&](std::size_t i, double spent) {
      if (i == relevant.size()) {
        if (completes(*rules, p, diploma, chosen)) ++completing;
        return;
      }
      if (spent + relevant[i].first < limit) {
        chosen.push_back(relevant[i].second);
        visit(i + 1, spent + relevant[i].first);
        chosen.pop_back();
      }
      visit(i + 1, spent);
    };
    visit(0, 0);
    MESSAGE(name << ": " << sets << " sets of " << relevant.size() << " relevant units cost less than "
                 << (a.plans.empty() ? 0.0 : cost) << " h; none completes");
    CHECK(completing == 0);
  }
}
