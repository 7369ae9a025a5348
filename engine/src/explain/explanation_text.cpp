// SPDX-License-Identifier: Apache-2.0
// `civeff explain` as a reader sees it: the achievements with what decided their
// levels, then a tree per diploma (like `cargo tree`) with ✓ / ✗ at each node,
// values against thresholds, the route of every credited unit, the reasons of
// every unit that is not, and where each requirement is written.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <cmath>

namespace civeff {
namespace {

std::string number(double x) {
  const double rounded = std::floor(x * 10000 + 0.5) / 10000;
  return rounded == 0 ? std::string("0") : fmt::format("{}", rounded);
}

std::string place(const source_location& where) {
  if (where.file.empty() || where.line == 0) return {};
  return where.column > 0 ? fmt::format("  [{}:{}:{}]", where.file, where.line, where.column)
                          : fmt::format("  [{}:{}]", where.file, where.line);
}

std::string achievement_name(const explanation& e, std::size_t i) {
  if (i >= e.achievements.size()) return fmt::format("#{}", i);
  const auto& a = e.achievements[i];
  return fmt::format("#{} {}", i, a.unit ? *a.unit : a.title);
}

// "achievement #0 LE-a" / "eq-x from LE-a (achievement #0 LE-a, 2023-05-01)".
std::string route(const explanation& e, const derivation& d) {
  if (d.via == "achievement" || d.via == "exemption")
    return d.achievement ? fmt::format("{} {}", d.via, achievement_name(e, *d.achievement)) : d.via;
  std::string out = d.via + " from ";
  for (std::size_t k = 0; k < d.sources.size(); ++k) {
    const derivation& s = d.sources[k];
    if (k > 0) out += " + ";
    out += fmt::format("{} ({}, {})", s.unit, route(e, s), s.when.to_string());
  }
  return out;
}

std::string reason_text(const explanation& e, const not_credited_reason& r) {
  const std::string who = r.achievement ? " for " + achievement_name(e, *r.achievement) : std::string();
  if (r.reason == "no_achievement") return "no counted achievement of it";
  if (r.reason == "credit_when") return "its credit_when does not hold" + who;
  if (r.reason == "effective") return "dated outside its effective window" + who;
  if (r.reason == "lapsed")
    return fmt::format("{} lapsed on {}",
                       r.equivalence.empty() ? "the credit" + who : "the credit through " + r.equivalence,
                       r.on ? r.on->to_string() : std::string("?"));
  if (r.reason == "equivalence_window") return r.equivalence + ": outside its effective window";
  if (r.reason == "equivalence_when") return r.equivalence + ": its `when` does not hold";
  if (r.reason == "equivalence_sources") {
    std::string missing;
    for (const auto& s : r.missing_sources) missing += (missing.empty() ? "" : ", ") + s;
    return r.equivalence + ": not credited yet: " + missing;
  }
  return r.reason;
}

void node(std::string& out, const explanation& e, const requirement_explanation& r, const std::string& prefix,
          bool last, bool root) {
  const std::string branch = root ? "" : (last ? "└── " : "├── ");
  const std::string mark = r.left_out ? "–" : (r.holds ? "✓" : "✗");
  std::string what = r.id ? *r.id : r.form;
  if (r.id && r.form != "unit" && r.form != "check" && *r.id != r.form &&
      r.id->find(':') == std::string::npos)
    what += " (" + r.form + ")";
  std::string detail;
  if (r.left_out) {
    detail = "left out" +
             (r.guard.empty() ? std::string(": nothing in it applies") : ": `" + r.guard + "` is false");
  } else if (r.value || r.min) {
    detail = fmt::format("{} of {}", r.value ? number(*r.value) : std::string("nothing"),
                         r.min ? number(*r.min) : "?");
  } else if (r.n) {
    detail = fmt::format("{} of {} hold, {} needed", r.n_holding.value_or(0), r.children.size(), *r.n);
  } else if (!r.children.empty()) {
    detail = "progress " + number(r.progress);
  }
  out += fmt::format("{}{}{} {}{}{}\n", prefix, branch, mark, what, detail.empty() ? "" : "  " + detail,
                     place(r.where));
  const std::string inner = root ? prefix : prefix + (last ? "    " : "│   ");
  if (r.form == "unit" && !r.unit.empty()) {
    if (const auto it = e.credited.find(r.unit); it != e.credited.end()) {
      out += fmt::format("{}      credited {} via {}\n", inner, it->second.when.to_string(),
                         route(e, it->second));
    } else if (const auto why = e.not_credited.find(r.unit); why != e.not_credited.end()) {
      for (const auto& reason : why->second)
        out += fmt::format("{}      not credited: {}\n", inner, reason_text(e, reason));
    }
  }
  for (std::size_t k = 0; k < r.children.size(); ++k)
    node(out, e, r.children[k], inner, k + 1 == r.children.size(), false);
}

// "      from credential ID (proof present, not verified) ← badges entry FILE:LINE:COLUMN".
std::string credential_line(const credential_origin& c) {
  const std::string what = c.jwt ? (c.proof ? "JWT-VC, signature not verified" : "JWT-VC without a signature")
                                 : (c.proof ? "proof present, not verified" : "no proof");
  const std::string id = c.id.empty() ? std::string("without an id") : c.id;
  const std::string badge =
      c.badge.file.empty() ? std::string("no badges entry matched")
                           : fmt::format("badges entry {}:{}:{}", c.badge.file, c.badge.line, c.badge.column);
  return fmt::format("      from credential {} ({}) ← {}\n", id, what, badge);
}

}  // namespace

std::string to_text(const explanation& e, std::string_view only) {
  std::string out = fmt::format("{} as of {} ({} {}", e.person, e.as_of.to_string(), e.ruleset, e.version);
  for (const auto& o : e.overlays) out += " + " + o;
  out += ")\n\nAchievements\n";
  if (e.achievements.empty()) out += "  (none)\n";
  for (const auto& a : e.achievements) {
    out += fmt::format("  {}, {}", achievement_name(e, a.index), a.when.to_string());
    if (!a.counted) {
      out += fmt::format(": not counted ({})\n", a.not_counted);
      if (a.credential) out += credential_line(*a.credential);
      continue;
    }
    out += a.known || !a.unit ? "\n" : " (a unit the rules do not know)\n";
    if (a.credential) out += credential_line(*a.credential);
    for (const auto& l : a.levels) {
      std::string by;
      switch (l.decided_by) {
        case level_explanation::source::mark:
          by = "mark " + l.mark + (l.case_index ? fmt::format(", case {}", *l.case_index) : std::string());
          break;
        case level_explanation::source::unit: by = "the unit's own level"; break;
        case level_explanation::source::scale_default: by = "the scale's default"; break;
      }
      out += fmt::format("      {} {} ← {}\n", l.scale, l.level ? *l.level : std::string("(no level)"), by);
      for (const auto& lapse : l.lapsed)
        out += fmt::format("        (mark {} would give {}, but lapsed on {})\n", lapse.mark, lapse.level,
                           lapse.on.to_string());
    }
  }
  for (const auto& [id, d] : e.diplomas) {
    if (!only.empty() && id != only) continue;
    out += fmt::format("\nDiploma {}{}: {}, progress {}\n", id, d.title.empty() ? "" : " — " + d.title,
                       to_string(d.status), number(d.progress));
    if (d.requires_) node(out, e, *d.requires_, "", true, true);
    if (!d.missing.empty()) {
      std::string missing;
      for (const auto& m : d.missing) missing += (missing.empty() ? "" : ", ") + m;
      out += "  missing: " + missing + "\n";
    }
  }
  return out;
}

}  // namespace civeff
