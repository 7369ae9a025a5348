// SPDX-License-Identifier: Apache-2.0
// Coverage as JSON, in the layout of every civeff JSON (io/json_writer.hpp).

#include "io/json_writer.hpp"

#include <civeff/civeff.hpp>

namespace civeff {

std::string to_json(const coverage_result& c) {
  detail::json_writer w;
  w.begin_object();
  w.key("ruleset");
  w.string(c.ruleset);
  w.key("version");
  w.string(c.version);
  w.key("overlays");
  w.begin_array();
  for (const auto& o : c.overlays) w.string(o);
  w.end_array();
  w.key("as_of");
  w.string(c.as_of.to_string());
  w.key("persons");
  w.number(static_cast<double>(c.persons));
  w.key("achievements");
  w.number(static_cast<double>(c.achievements));
  w.key("counted");
  w.number(static_cast<double>(c.counted));
  w.key("never_fired");
  w.number(static_cast<double>(c.never_fired()));
  w.key("rules");
  w.begin_array();
  for (const coverage_row& r : c.rows) {
    w.begin_object();
    w.key("rule");
    w.string(r.rule);
    w.key("kind");
    w.string(to_string(r.kind));
    w.key("file");
    w.string(r.where.file);
    w.key("line");
    w.number(static_cast<double>(r.where.line));
    w.key("fired");
    w.number(static_cast<double>(r.fired));
    w.key("of");
    w.number(static_cast<double>(r.of));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

}  // namespace civeff
