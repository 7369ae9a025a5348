// SPDX-License-Identifier: Apache-2.0
// The result of one person as JSON (SPEC §6) and as short text.
//
// Layout: exactly what Python prints with `json.dumps(x, indent=2, ensure_ascii=False)`
// plus a final newline. Every object and array with members is expanded, one member a
// line, indented by 2 spaces per level, `": "` after a key and `,` at the line's end;
// an empty object is `{}`, an empty array `[]`. So the output is byte-identical to
//   json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
// which is how tests check it. Non-ASCII text is written as UTF-8, not \u-escaped;
// `"`, `\` and control characters are escaped (RFC 8259). Numbers (only `progress`)
// are printed in shortest form: `1`, `0.5`, `0.3333`.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <cmath>

#include "io/json_writer.hpp"
#include "io/result_json_parts.hpp"

namespace civeff {

namespace detail {

void write_heading(json_writer& w, std::string_view person, date as_of, std::string_view ruleset,
                   std::string_view version, const std::vector<std::string>& overlays) {
  w.key("person");
  w.string(person);
  w.key("as_of");
  w.string(as_of.to_string());
  w.key("ruleset");
  w.string(ruleset);
  w.key("version");
  w.string(version);
  if (!overlays.empty()) {  // SPEC §6: only when overlays were applied
    w.key("overlays");
    w.begin_array();
    for (const auto& o : overlays) w.string(o);
    w.end_array();
  }
}

void write_outcome(json_writer& w, diploma_status s, double progress,
                   const std::vector<std::string>& missing) {
  w.key("status");
  w.string(to_string(s));
  w.key("progress");
  w.number(progress);
  w.key("missing");
  w.begin_array();
  for (const auto& m : missing) w.string(m);
  w.end_array();
}

}  // namespace detail

using detail::json_writer;

std::string to_json(const result& r) {
  json_writer w;
  w.begin_object();
  detail::write_heading(w, r.person, r.as_of, r.ruleset, r.version, r.overlays);
  w.key("achievements");
  w.begin_array();
  for (const auto& a : r.achievements) {
    w.begin_object();
    if (a.unit) {
      w.key("unit");
      w.string(*a.unit);
    }
    w.key("date");
    w.string(a.when.to_string());
    w.key("known");
    w.boolean(a.known);
    w.key("counted");
    w.boolean(a.counted);
    if (a.counted) {
      w.key("levels");
      w.begin_object();
      for (const auto& [scale, level] : a.levels) {
        w.key(scale);
        if (level) {
          w.string(*level);
        } else {
          w.null();
        }
      }
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
  w.key("credited");
  w.begin_object();
  for (const auto& [unit, c] : r.credited) {
    w.key(unit);
    w.begin_object();
    w.key("date");
    w.string(c.when.to_string());
    w.key("via");
    w.string(c.via);
    w.end_object();
  }
  w.end_object();
  w.key("diplomas");
  w.begin_object();
  for (const auto& [id, d] : r.diplomas) {
    w.key(id);
    w.begin_object();
    detail::write_outcome(w, d.status, d.progress, d.missing);
    w.end_object();
  }
  w.end_object();
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

std::string to_text(const result& r) {
  std::string out = fmt::format("{} as of {}: {} {}", r.person, r.as_of.to_string(), r.ruleset, r.version);
  for (std::size_t i = 0; i < r.overlays.size(); ++i) out += (i == 0 ? " + " : ", ") + r.overlays[i];
  out += '\n';

  out += "achievements:";
  if (r.achievements.empty()) out += " none";
  out += '\n';
  for (const auto& a : r.achievements) {
    std::string name = a.unit            ? *a.unit
                       : a.title.empty() ? std::string("(no unit)")
                                         : fmt::format("\"{}\"", a.title);
    out += fmt::format("  {} {}", a.when.to_string(), name);
    if (a.unit && !a.known) out += " (not in the ruleset)";
    if (!a.counted) {
      out += ": not counted (dated after as_of)\n";
      continue;
    }
    out += ':';
    if (a.levels.empty()) out += " no scales";
    for (std::size_t k = 0; k < a.levels.size(); ++k)
      out += fmt::format("{} {} {}", k == 0 ? "" : ",", a.levels[k].first,
                         a.levels[k].second ? *a.levels[k].second : std::string("-"));
    out += '\n';
  }

  out += "credited:";
  if (r.credited.empty()) out += " none";
  out += '\n';
  for (const auto& [unit, c] : r.credited)
    out += fmt::format("  {} {} via {}\n", unit, c.when.to_string(), c.via);

  out += "diplomas:";
  if (r.diplomas.empty()) out += " none";
  out += '\n';
  for (const auto& [id, d] : r.diplomas) {
    out +=
        fmt::format("  {}: {}, progress {}", id, to_string(d.status), detail::json_number_text(d.progress));
    if (!d.missing.empty()) {
      out += "; missing ";
      for (std::size_t k = 0; k < d.missing.size(); ++k) out += (k == 0 ? "" : ", ") + d.missing[k];
    }
    out += '\n';
  }
  return out;
}

}  // namespace civeff
