// SPDX-License-Identifier: Apache-2.0
// Coverage as text: a summary, then the rows as a table with aligned columns
// (counts and lines right-aligned, texts left-aligned, no trailing blanks).

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace civeff {
namespace {

// Characters, not bytes: what a terminal column counts.
std::size_t width_of(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string plural(std::size_t n, std::string_view what) {
  return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
}

}  // namespace

std::string to_text(const coverage_result& c) {
  std::string out;
  std::string rules = c.ruleset + " " + c.version;
  for (const auto& o : c.overlays) rules += " + " + o;
  const std::size_t never = c.never_fired();
  out += fmt::format("{}, as of {}: {}, {} ({} counted)\n", rules, c.as_of.to_string(),
                     plural(c.persons, "person"), plural(c.achievements, "achievement"), c.counted);
  out +=
      fmt::format("{}, {} never {}\n", plural(c.rows.size(), "rule"), never, never == 1 ? "fires" : "fire");
  constexpr std::size_t columns = 6;
  std::vector<std::array<std::string, columns>> lines{{"rule", "kind", "file", "line", "fired", "of"}};
  lines.reserve(c.rows.size() + 1);
  for (const coverage_row& r : c.rows)
    lines.push_back({r.rule, std::string(to_string(r.kind)), r.where.file,
                     r.where.line > 0 ? std::to_string(r.where.line) : std::string(), std::to_string(r.fired),
                     std::to_string(r.of)});
  std::array<std::size_t, columns> width{};
  for (const auto& line : lines)
    for (std::size_t k = 0; k < columns; ++k) width[k] = std::max(width[k], width_of(line[k]));
  for (const auto& line : lines) {
    out += ' ';
    for (std::size_t k = 0; k < columns; ++k) {
      const std::size_t pad = width[k] - width_of(line[k]);
      const bool number = k >= 3;
      out += ' ';
      if (number) out.append(pad, ' ');
      out += line[k];
      if (!number) out.append(pad, ' ');
    }
    out += '\n';
  }
  return out;
}

}  // namespace civeff
