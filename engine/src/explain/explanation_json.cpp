// SPDX-License-Identifier: Apache-2.0
// `civeff explain --format json` (docs/language.md, "Explanations"): the layout of
// every civeff JSON (io/json_writer.hpp); numbers print like `progress`.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <cmath>

#include "core/round4.hpp"
#include "io/json_writer.hpp"
#include "io/result_json_parts.hpp"

namespace civeff {
namespace {

using detail::json_writer;

void write_level(json_writer& w, const achievement_explanation& a, const level_explanation& l) {
  w.key(l.scale);
  w.begin_object();
  w.key("level");
  if (l.level) w.string(*l.level);
  else w.null();
  w.key("decided_by");
  w.begin_object();
  switch (l.decided_by) {
    case level_explanation::source::mark:
      w.key("mark");
      w.string(l.mark);
      w.key("case");
      if (l.case_index) w.number(static_cast<double>(*l.case_index));
      else w.null();
      break;
    case level_explanation::source::unit:
      w.key("unit");
      w.string(a.unit.value_or(""));
      break;
    case level_explanation::source::scale_default:
      w.key("default");
      w.boolean(true);
      break;
  }
  w.end_object();
  w.key("lapsed");
  w.begin_array();
  for (const auto& lapse : l.lapsed) {
    w.begin_object();
    w.key("mark");
    w.string(lapse.mark);
    w.key("on");
    w.string(lapse.on.to_string());
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

// An achievement read from an Open Badges 3.0 credential: what it was, whether it
// carried a proof (never verified) and the `badges:` entry that mapped it.
void write_credential(json_writer& w, const credential_origin& c) {
  w.key("credential");
  w.begin_object();
  w.key("id");
  if (c.id.empty()) w.null();
  else w.string(c.id);
  w.key("jwt");
  w.boolean(c.jwt);
  w.key("proof");
  w.boolean(c.proof);
  w.key("badge");
  if (c.badge.file.empty()) w.null();
  else w.string(fmt::format("{}:{}:{}", c.badge.file, c.badge.line, c.badge.column));
  w.end_object();
}

void write_derivation(json_writer& w, const derivation& d) {
  w.begin_object();
  w.key("unit");
  w.string(d.unit);
  w.key("via");
  w.string(d.via);
  w.key("date");
  w.string(d.when.to_string());
  if (d.achievement) {
    w.key("achievement");
    w.number(static_cast<double>(*d.achievement));
  }
  if (!d.sources.empty()) {
    w.key("sources");
    w.begin_array();
    for (const auto& s : d.sources) write_derivation(w, s);
    w.end_array();
  }
  w.end_object();
}

void write_requirement(json_writer& w, const requirement_explanation& r) {
  w.begin_object();
  w.key("id");
  if (r.id) w.string(*r.id);
  else w.null();
  w.key("form");
  w.string(r.form);
  if (!r.unit.empty()) {
    w.key("unit");
    w.string(r.unit);
  }
  w.key("holds");
  w.boolean(r.holds);
  w.key("progress");
  w.number(r.progress);
  if (r.value) {
    w.key("value");
    w.number(detail::round4(*r.value));
  }
  if (r.min) {
    w.key("min");
    w.number(*r.min);
  }
  if (r.n_holding) {
    w.key("n_holding");
    w.number(static_cast<double>(*r.n_holding));
  }
  if (r.n) {
    w.key("n");
    w.number(static_cast<double>(*r.n));
  }
  if (r.left_out) {
    w.key("left_out");
    w.boolean(true);
  }
  if (!r.guard.empty()) {
    w.key("guard");
    w.string(r.guard);
  }
  if (!r.where.file.empty() && r.where.line > 0) {
    w.key("where");
    w.string(r.where.column > 0 ? fmt::format("{}:{}:{}", r.where.file, r.where.line, r.where.column)
                                : fmt::format("{}:{}", r.where.file, r.where.line));
  }
  if (!r.children.empty()) {
    w.key("children");
    w.begin_array();
    for (const auto& c : r.children) write_requirement(w, c);
    w.end_array();
  }
  w.end_object();
}

}  // namespace

std::string to_json(const explanation& e) {
  json_writer w;
  w.begin_object();
  detail::write_heading(w, e.person, e.as_of, e.ruleset, e.version, e.overlays);
  w.key("achievements");
  w.begin_array();
  for (const auto& a : e.achievements) {
    w.begin_object();
    w.key("index");
    w.number(static_cast<double>(a.index));
    if (a.unit) {
      w.key("unit");
      w.string(*a.unit);
    }
    if (!a.title.empty()) {
      w.key("title");
      w.string(a.title);
    }
    w.key("date");
    w.string(a.when.to_string());
    w.key("known");
    w.boolean(a.known);
    w.key("counted");
    w.boolean(a.counted);
    if (!a.counted) {
      w.key("not_counted");
      w.string(a.not_counted);
    } else {
      w.key("levels");
      w.begin_object();
      for (const auto& l : a.levels) write_level(w, a, l);
      w.end_object();
    }
    if (a.credential) write_credential(w, *a.credential);
    w.end_object();
  }
  w.end_array();
  w.key("credited");
  w.begin_object();
  for (const auto& [unit, d] : e.credited) {
    w.key(unit);
    w.begin_object();
    w.key("derivation");
    write_derivation(w, d);
    w.end_object();
  }
  w.end_object();
  w.key("not_credited");
  w.begin_object();
  for (const auto& [unit, reasons] : e.not_credited) {
    w.key(unit);
    w.begin_array();
    for (const auto& r : reasons) {
      w.begin_object();
      w.key("reason");
      w.string(r.reason);
      if (r.achievement) {
        w.key("achievement");
        w.number(static_cast<double>(*r.achievement));
      }
      if (!r.equivalence.empty()) {
        w.key("equivalence");
        w.string(r.equivalence);
      }
      if (!r.missing_sources.empty()) {
        w.key("missing_sources");
        w.begin_array();
        for (const auto& s : r.missing_sources) w.string(s);
        w.end_array();
      }
      if (r.on) {
        w.key("on");
        w.string(r.on->to_string());
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  w.key("diplomas");
  w.begin_object();
  for (const auto& [id, d] : e.diplomas) {
    w.key(id);
    w.begin_object();
    detail::write_outcome(w, d.status, d.progress, d.missing);
    w.key("requires");
    if (d.requires_) write_requirement(w, *d.requires_);
    else w.null();
    w.end_object();
  }
  w.end_object();
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

}  // namespace civeff
