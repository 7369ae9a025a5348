// SPDX-License-Identifier: Apache-2.0
// Advice written out (docs/language.md, "Advice"): one person's as JSON in the
// layout of every civeff JSON (io/json_writer.hpp) or as short sentences in
// Dutch or English, and a population's as CSV in the dialects of `batch`.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/diagnostic_codes.hpp"
#include "core/word_list.hpp"
#include "io/json_writer.hpp"

namespace civeff {
namespace {

using detail::json_number_text;

// The words of the text, per language.
struct words {
  const char* heading;           // person, diploma, date, status
  const char* status[3];         // none, partial, complete
  const char* hours;             // "40 u"
  const char* and_;              // the last separator of a list
  const char* take;              // "neem" + units
  const char* together_they;     // all the plan's units credit the same targets
  const char* it_also;           // a one-unit plan credits targets
  const char* one_also;          // unit + targets
  const char* several_together;  // units + targets
  const char* complete;
  const char* no_plan;
  const char* blocking;
  const char* budget_plans;
  const char* budget_no_plan;
};

const words dutch = {
    "Advies voor {}, diploma {}, per {} (nu: {}).\n",
    {"niets", "gedeeltelijk", "compleet"},
    "{} u",
    " en ",
    "neem {}",
    "samen gelden ze als {}",
    "die geldt ook als {}",
    "{} geldt ook als {}",
    "{} gelden samen als {}",
    "Het diploma is al compleet: er hoeft niets bij.\n",
    "Geen combinatie van eenheden maakt het diploma compleet.\n",
    "Wat in de weg staat: {}.\n",
    "Let op: het zoeken stopte bij zijn grens ({} stappen); dit zijn de beste plannen die gevonden zijn, "
    "niet bewezen de goedkoopste.\n",
    "Het zoeken stopte bij zijn grens ({} stappen) voordat het een plan vond.\n",
};

const words english = {
    "Advice for {}, diploma {}, as of {} (now: {}).\n",
    {"none", "partial", "complete"},
    "{} h",
    " and ",
    "take {}",
    "together they count as {}",
    "it also counts as {}",
    "{} also counts as {}",
    "{} together count as {}",
    "The diploma is already complete: nothing more to take.\n",
    "No set of units completes the diploma.\n",
    "In the way: {}.\n",
    "Note: the search stopped at its budget ({} steps); these are the best plans found, not proven the "
    "cheapest.\n",
    "The search stopped at its budget ({} steps) before it found a plan.\n",
};

// "A, B en C" / "A, B and C".
std::string list(const std::vector<std::string>& items, const words& w) {
  return detail::word_list(items, w.and_);
}

// "1. 80 u: neem A (40 u) en B (40 u); samen gelden ze als K.", or with
// targets credited by some of the plan's units, a line for each of those.
std::string plan_sentence(const advice_plan& plan, std::size_t number, const words& w) {
  std::vector<std::string> taken;
  for (const advised_unit& u : plan.units)
    taken.push_back(
        fmt::format("{} ({})", u.unit, fmt::format(fmt::runtime(w.hours), json_number_text(u.hours))));
  // The units each plan unit newly credits besides itself (through equivalences),
  // grouped by the plan units that credit them: a target of a two-source
  // equivalence is credited by both together.
  std::map<std::string, std::vector<std::string>> sources_of;
  for (const advised_unit& u : plan.units)
    for (const std::string& c : u.credits)
      if (c != u.unit) sources_of[c].push_back(u.unit);
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> groups;  // sources, targets
  for (const auto& entry : sources_of) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    const std::string& target = entry.first;
    const std::vector<std::string>& sources = entry.second;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == sources; });
    if (it == groups.end()) groups.push_back({sources, {target}});
    else it->second.push_back(target);
  }
  std::string out =
      fmt::format("{}. {}: {}", number, fmt::format(fmt::runtime(w.hours), json_number_text(plan.hours)),
                  fmt::format(fmt::runtime(w.take), list(taken, w)));
  // One group credited by every unit of the plan reads as one sentence; more
  // get a line each below it.
  if (groups.size() == 1 && groups.front().first.size() == plan.units.size()) {
    const auto& [sources, targets] = groups.front();
    return out + "; " +
           fmt::format(fmt::runtime(sources.size() == 1 ? w.it_also : w.together_they), list(targets, w)) +
           ".\n";
  }
  out += ".\n";
  for (const auto& [sources, targets] : groups)
    out += "   " +
           fmt::format(fmt::runtime(sources.size() == 1 ? w.one_also : w.several_together), list(sources, w),
                       list(targets, w)) +
           ".\n";
  return out;
}

}  // namespace

std::string to_json(const advice& a) {
  detail::json_writer w;
  w.begin_object();
  w.key("person");
  w.string(a.person);
  w.key("as_of");
  w.string(a.as_of.to_string());
  w.key("diploma");
  w.string(a.diploma);
  w.key("status");
  w.string(to_string(a.status));
  w.key("plans");
  w.begin_array();
  for (const advice_plan& plan : a.plans) {
    w.begin_object();
    w.key("hours");
    w.number(plan.hours);
    w.key("units");
    w.begin_array();
    for (const advised_unit& u : plan.units) {
      w.begin_object();
      w.key("unit");
      w.string(u.unit);
      w.key("hours");
      w.number(u.hours);
      w.key("credits");
      w.begin_array();
      for (const std::string& c : u.credits) w.string(c);
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("blocking");
  w.begin_array();
  for (const std::string& b : a.blocking) w.string(b);
  w.end_array();
  w.key("proven");
  w.boolean(a.proven);
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

std::string to_text(const advice& a, std::string_view lang) {
  if (lang != "nl" && lang != "en")
    throw input_error({{severity::error,
                        detail::codes::bad_argument,
                        {},
                        fmt::format("advice text: the language is nl or en, not '{}'", lang),
                        {}}});
  const words& w = lang == "nl" ? dutch : english;
  std::string out = fmt::format(fmt::runtime(w.heading), a.person, a.diploma, a.as_of.to_string(),
                                w.status[static_cast<std::size_t>(a.status)]);
  if (a.status == diploma_status::complete) return out + w.complete;
  for (std::size_t k = 0; k < a.plans.size(); ++k) out += plan_sentence(a.plans[k], k + 1, w);
  if (a.plans.empty()) {
    out += a.proven ? std::string(w.no_plan) : fmt::format(fmt::runtime(w.budget_no_plan), a.steps);
    if (!a.blocking.empty()) out += fmt::format(fmt::runtime(w.blocking), list(a.blocking, w));
  } else if (!a.proven) {
    out += fmt::format(fmt::runtime(w.budget_plans), a.steps);
  }
  return out;
}

std::string to_csv(const advice_batch& batch, csv_dialect dialect) {
  const csv_format format{dialect};
  const char sep = format.separator();
  const std::string_view eol = format.line_end();
  std::string out(format.preamble());
  bool first = true;
  for (const std::string_view name :
       {"person", "diploma", "status", "hours_to_complete", "units", "proven"}) {
    if (!first) out += sep;
    out += name;
    first = false;
  }
  out += eol;
  const std::string diploma = format.field(batch.diploma);
  std::string units;
  for (std::size_t row = 0; row < batch.rows(); ++row) {
    out += format.field(batch.persons[row]);
    out += sep;
    out += diploma;
    out += sep;
    out += to_string(batch.status[row]);
    out += sep;
    if (!std::isnan(batch.hours_to_complete[row])) out += format.number(batch.hours_to_complete[row]);
    out += sep;
    units.clear();
    for (std::size_t k = 0; k < batch.units[row].size(); ++k) {
      if (k > 0) units += ';';
      units += batch.units[row][k];
    }
    out += format.field(units);
    out += sep;
    out += batch.proven[row] != 0 ? "true" : "false";
    out += eol;
  }
  return out;
}

}  // namespace civeff
