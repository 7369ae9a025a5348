// SPDX-License-Identifier: Apache-2.0
// The public face of the full diff (SPEC §12): civeff::diff, and its rows as CSV
// and JSON.
//
// CSV: `kind,person,subject,scale,unit,date,before,after,date_before,date_after,
// progress_before,progress_after,missing_before,missing_after,cause`, one row per
// changed outcome in the order stored; cells that do not apply, and outcomes that
// do not exist on a side, are empty; dates YYYY-MM-DD, progress in shortest form.
// JSON: the same cells under the same keys, as text, except progress (a number)
// and an empty cell (null); `missing_*` of a diploma that exists is text, "" when
// nothing is missing.

#include <civeff/civeff.hpp>

#include <string>

#include "diff/population_diff.hpp"
#include "io/json_writer.hpp"

namespace civeff {
namespace {

constexpr std::string_view columns[] = {"kind",
                                        "person",
                                        "subject",
                                        "scale",
                                        "unit",
                                        "date",
                                        "before",
                                        "after",
                                        "date_before",
                                        "date_after",
                                        "progress_before",
                                        "progress_after",
                                        "missing_before",
                                        "missing_after",
                                        "cause"};

// The cells of a row, in the order of `columns`; nullopt for an empty cell that is
// no text (a cell that does not apply, or an outcome that does not exist).
struct cells {
  std::optional<std::string> text[std::size(columns)];
  std::optional<double> progress_before, progress_after;
};

cells cells_of(const diff_result& d, const change_row& r) {
  cells c;
  const auto text = [&](std::int32_t code) -> std::optional<std::string> {
    if (code == change_row::no_text) return std::nullopt;
    return std::string(d.text(code));
  };
  const auto day = [](const std::optional<date>& x) -> std::optional<std::string> {
    if (!x) return std::nullopt;
    return x->to_string();
  };
  c.text[0] = std::string(to_string(r.kind));
  c.text[1] = d.persons[r.person];
  c.text[2] = r.kind == change_kind::level ? std::optional<std::string>(std::to_string(r.achievement))
                                           : text(r.subject);
  c.text[3] = text(r.scale);
  c.text[4] = text(r.unit);
  c.text[5] = day(r.when);
  c.text[6] = text(r.before);
  c.text[7] = text(r.after);
  c.text[8] = day(r.date_before);
  c.text[9] = day(r.date_after);
  c.progress_before = r.progress_before;
  c.progress_after = r.progress_after;
  c.text[12] = text(r.missing_before);
  c.text[13] = text(r.missing_after);
  c.text[14] = text(r.cause);
  return c;
}

}  // namespace

std::string_view to_string(change_kind k) {
  switch (k) {
    case change_kind::diploma: return "diploma";
    case change_kind::level: return "level";
    case change_kind::credit: return "credit";
  }
  return "?";
}

std::string_view diff_result::text(std::int32_t index) const {
  if (index < 0 || static_cast<std::size_t>(index) >= texts.size()) return {};
  return texts[static_cast<std::size_t>(index)];
}

diff_result diff(const ruleset& before, const ruleset& after, const population_view& before_pop,
                 const population_view& after_pop, const batch_options& options) {
  return detail::diff_population(before.program(), after.program(), before_pop, after_pop, options);
}

diff_result diff(const ruleset& before, const ruleset& after, const population& pop,
                 const batch_options& options) {
  const population_view view = pop.view();
  return detail::diff_population(before.program(), after.program(), view, view, options);
}

std::string to_csv(const diff_result& d, csv_dialect dialect) {
  const csv_format format{dialect};
  const char sep = format.separator();
  std::string out(format.preamble());
  for (std::size_t k = 0; k < std::size(columns); ++k) {
    if (k > 0) out += sep;
    out += columns[k];
  }
  out += format.line_end();
  for (const change_row& r : d.rows) {
    const cells c = cells_of(d, r);
    for (std::size_t k = 0; k < std::size(columns); ++k) {
      if (k > 0) out += sep;
      if (k == 10 && c.progress_before) out += format.number(*c.progress_before);
      else if (k == 11 && c.progress_after) out += format.number(*c.progress_after);
      else if (c.text[k]) out += format.field(*c.text[k]);
    }
    out += format.line_end();
  }
  return out;
}

std::string to_json(const diff_result& d) {
  detail::json_writer w;
  w.begin_object();
  w.key("summary");
  w.begin_array();
  for (const change_group& g : d.summary) {
    w.begin_object();
    w.key("kind");
    w.string(to_string(g.kind));
    w.key("change");
    w.string(g.change);
    w.key("cause");
    w.string(g.cause);
    w.key("rows");
    w.number(static_cast<double>(g.rows));
    w.key("people");
    w.number(static_cast<double>(g.people));
    w.key("example");
    w.string(g.example);
    w.end_object();
  }
  w.end_array();
  w.key("rows");
  w.begin_array();
  for (const change_row& r : d.rows) {
    const cells c = cells_of(d, r);
    w.begin_object();
    for (std::size_t k = 0; k < std::size(columns); ++k) {
      w.key(columns[k]);
      const std::optional<double>& progress = k == 10 ? c.progress_before : c.progress_after;
      if (k == 10 || k == 11) progress ? w.number(*progress) : w.null();
      else if (c.text[k]) w.string(*c.text[k]);
      else w.null();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

}  // namespace civeff
