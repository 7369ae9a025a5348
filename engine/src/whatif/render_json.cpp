// SPDX-License-Identifier: Apache-2.0
// A what-if as JSON (`civeff whatif --format json`), in the layout of every
// civeff JSON (io/json_writer.hpp).

#include <civeff/civeff.hpp>

#include <type_traits>
#include <variant>

#include "io/json_writer.hpp"

namespace civeff {
namespace {

using detail::json_writer;

void write_optional(json_writer& w, const std::optional<double>& x) {
  if (x) w.number(*x);
  else w.null();
}

// As a portfolio writes the achievement (SPEC §3), every key present.
void write_added(json_writer& w, const achievement& a) {
  w.begin_object();
  w.key("unit");
  w.string(a.unit.value_or(""));
  w.key("date");
  w.string(a.when.to_string());
  w.key("marks");
  w.begin_array();
  for (const std::string& m : a.marks) w.string(m);
  w.end_array();
  w.key("attrs");
  w.begin_object();
  for (const auto& [name, value] : a.attrs) {
    w.key(name);
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, bool>) w.boolean(x);
          else if constexpr (std::is_same_v<T, double>) w.number(x);
          else if constexpr (std::is_same_v<T, std::string>) w.string(x);
          else w.string(x.to_string());
        },
        value);
  }
  w.end_object();
  w.key("hours");
  write_optional(w, a.hours);
  w.key("exempt");
  w.boolean(a.exempt);
  w.end_object();
}

}  // namespace

std::string to_json(const what_if_result& r) {
  json_writer w;
  w.begin_object();
  w.key("person");
  w.string(r.person);
  w.key("as_of");
  w.string(r.as_of.to_string());
  w.key("added");
  w.begin_array();
  for (const achievement& a : r.added) write_added(w, a);
  w.end_array();
  w.key("levels");
  w.begin_object();
  for (const auto& [unit, levels] : r.levels) {
    w.key(unit);
    w.begin_object();
    for (const auto& [scale, level] : levels) {
      w.key(scale);
      if (level) w.string(*level);
      else w.null();
    }
    w.end_object();
  }
  w.end_object();
  w.key("credits");
  w.begin_object();
  w.key("gained");
  w.begin_array();
  for (const std::string& u : r.credits_gained) w.string(u);
  w.end_array();
  w.key("lost");
  w.begin_array();
  for (const std::string& u : r.credits_lost) w.string(u);
  w.end_array();
  w.end_object();
  w.key("diplomas");
  w.begin_object();
  for (const auto& [id, d] : r.diplomas) {
    w.key(id);
    w.begin_object();
    w.key("status_before");
    w.string(to_string(d.status_before));
    w.key("status_after");
    w.string(to_string(d.status_after));
    w.key("progress_before");
    w.number(d.progress_before);
    w.key("progress_after");
    w.number(d.progress_after);
    w.key("hours_to_complete_before");
    write_optional(w, d.hours_to_complete_before);
    w.key("hours_to_complete_after");
    write_optional(w, d.hours_to_complete_after);
    w.end_object();
  }
  w.end_object();
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

}  // namespace civeff
