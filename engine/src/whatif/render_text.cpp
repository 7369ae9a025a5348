// SPDX-License-Identifier: Apache-2.0
// A what-if as short sentences in Dutch or English (`civeff whatif`): the
// levels of what is added, the credits it brings or costs, and each diploma
// that changes, before -> after.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/diagnostic_codes.hpp"
#include "core/word_list.hpp"
#include "io/json_writer.hpp"

namespace civeff {
namespace {

using detail::json_number_text;

struct words {
  const char* heading;  // person, date, the added units
  const char* nothing_added;
  const char* levels;  // unit, its levels
  const char* gained;  // the list
  const char* none;
  const char* lost;
  const char* was_via;
  const char* diploma;  // id, status, status, progress, progress, hours, hours
  const char* no_plan;
  const char* unchanged;
  const char* not_proven;
  const char* status[3];
  const char* and_;
};

const words dutch = {
    "Wat als voor {}, per {}: met {} erbij.\n",
    "niets",
    "Niveaus van {}: {}.\n",
    "Erbij behaald: {}.\n",
    "niets",
    "Niet meer behaald: {}.\n",
    "{} (was via {})",
    "Diploma {}: {} -> {}, voortgang {}% -> {}%, uren tot compleet {} -> {}.\n",
    "geen plan",
    "Ongewijzigd: {}.\n",
    "Let op: een zoektocht naar het goedkoopste plan stopte bij zijn grens; die uren zijn de beste die "
    "gevonden zijn, niet bewezen de laagste.\n",
    {"niets", "gedeeltelijk", "compleet"},
    " en ",
};

const words english = {
    "What if for {}, as of {}: with {} added.\n",
    "nothing",
    "Levels of {}: {}.\n",
    "Credits gained: {}.\n",
    "none",
    "Credits lost: {}.\n",
    "{} (was via {})",
    "Diploma {}: {} -> {}, progress {}% -> {}%, hours to complete {} -> {}.\n",
    "no plan",
    "Unchanged: {}.\n",
    "Note: a search for the cheapest plan stopped at its budget; those hours are the best found, not "
    "proven the lowest.\n",
    {"none", "partial", "complete"},
    " and ",
};

std::string list(const std::vector<std::string>& items, const words& w) {
  return detail::word_list(items, w.and_);
}

// 0.8333 -> "83.33": progress has 4 decimals, so a percentage has 2.
std::string percent(double progress) { return json_number_text(std::round(progress * 10000) / 100); }

std::string hours(const std::optional<double>& h, const words& w) {
  return h ? json_number_text(*h) : std::string(w.no_plan);
}

}  // namespace

std::string to_text(const what_if_result& r, std::string_view lang) {
  if (lang != "nl" && lang != "en")
    throw input_error({{severity::error,
                        detail::codes::bad_argument,
                        {},
                        fmt::format("what-if text: the language is nl or en, not '{}'", lang),
                        {}}});
  const words& w = lang == "nl" ? dutch : english;
  std::vector<std::string> units;
  for (const achievement& a : r.added) units.push_back(a.unit.value_or("?"));
  std::string out = fmt::format(fmt::runtime(w.heading), r.person, r.as_of.to_string(),
                                units.empty() ? std::string(w.nothing_added) : list(units, w));
  for (const auto& [unit, levels] : r.levels) {
    std::string shown;
    for (const auto& [scale, level] : levels)
      shown += fmt::format("{}{} {}", shown.empty() ? "" : ", ", scale, level.value_or("-"));
    out += fmt::format(fmt::runtime(w.levels), unit, shown.empty() ? std::string("-") : shown);
  }
  std::vector<std::string> gained;
  for (const std::string& u : r.credits_gained) {
    const auto it = r.after.credited.find(u);
    gained.push_back(it == r.after.credited.end() ? u : fmt::format("{} (via {})", u, it->second.via));
  }
  out += fmt::format(fmt::runtime(w.gained), gained.empty() ? std::string(w.none) : list(gained, w));
  if (!r.credits_lost.empty()) {
    std::vector<std::string> lost;
    for (const std::string& u : r.credits_lost) {
      const auto it = r.before.credited.find(u);
      lost.push_back(it == r.before.credited.end() ? u
                                                   : fmt::format(fmt::runtime(w.was_via), u, it->second.via));
    }
    out += fmt::format(fmt::runtime(w.lost), list(lost, w));
  }
  std::vector<std::string> unchanged;
  for (const auto& [id, d] : r.diplomas) {
    if (d.status_before == d.status_after && d.progress_before == d.progress_after &&
        d.hours_to_complete_before == d.hours_to_complete_after) {
      unchanged.push_back(id);
      continue;
    }
    out += fmt::format(fmt::runtime(w.diploma), id, w.status[static_cast<std::size_t>(d.status_before)],
                       w.status[static_cast<std::size_t>(d.status_after)], percent(d.progress_before),
                       percent(d.progress_after), hours(d.hours_to_complete_before, w),
                       hours(d.hours_to_complete_after, w));
  }
  if (!unchanged.empty()) out += fmt::format(fmt::runtime(w.unchanged), list(unchanged, w));
  if (!r.proven) out += w.not_proven;
  return out;
}

}  // namespace civeff
