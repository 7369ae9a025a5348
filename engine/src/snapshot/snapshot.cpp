// SPDX-License-Identifier: Apache-2.0
// Snapshots (docs/language.md "Snapshots"): every outcome of a population with the
// rules it uses, written once and compared with later; a moved row's cause is
// the rules it uses whose content hash changed.
//
// Outcomes are read from one traced evaluation per person, and what each uses
// from explain/rule_uses, as the full diff finds its causes.

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/diagnostic_codes.hpp"
#include "eval/batch.hpp"
#include "eval/bits.hpp"
#include "eval/evaluator.hpp"
#include "eval/portfolio_input.hpp"
#include "explain/explainer.hpp"
#include "explain/rule_uses.hpp"
#include "io/csv_scanner.hpp"

namespace civeff {
namespace {

constexpr std::string_view header_prefix = "# civeff snapshot ";
constexpr std::string_view rules_prefix = "# rules ";
constexpr std::string_view columns[] = {"kind",  "person",     "subject",  "scale",   "unit", "date",
                                        "value", "value_date", "progress", "missing", "rules"};

std::string_view via_name(const detail::program& prog, std::int32_t via) {
  if (via == -1) return "achievement";
  if (via == -2) return "exemption";
  return prog.equivalences[static_cast<std::size_t>(via)].id;
}

// The content hash of every rule: the SHA-256 of its fingerprint. An
// equivalence's place in declaration order is not in it (the diff compares it
// apart, and a hash of the position would change with every removal before it).
std::vector<std::pair<std::string, std::string>> rule_hashes(const detail::program& prog) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, text] : prog.fingerprints) out.emplace_back(name, sha256_hex(text));
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ';';
    out += n;
  }
  return out;
}

void sort_unique(std::vector<std::string>& names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
}

// The row order: person, kind, subject (a level's position as a number), scale.
bool row_less(const snapshot_row& x, const snapshot_row& y) {
  if (x.person != y.person) return x.person < y.person;
  if (x.kind != y.kind) return x.kind < y.kind;
  if (x.subject != y.subject) {
    if (x.kind == change_kind::level && x.subject.size() != y.subject.size())
      return x.subject.size() < y.subject.size();  // digits only: shorter is smaller
    return x.subject < y.subject;
  }
  return x.scale < y.scale;
}

bool same_outcome(const snapshot_row& x, const snapshot_row& y) {
  return x.value == y.value && x.value_date == y.value_date && x.progress == y.progress &&
         x.missing == y.missing;
}

[[noreturn]] void malformed(const std::string& file, std::int64_t line, int column, std::string message) {
  throw input_error({{severity::error,
                      detail::codes::snapshot_format,
                      {file, line, column},
                      std::move(message) + " (is it a file `civeff snapshot` wrote?)",
                      {}}});
}

}  // namespace

snapshot take_snapshot(const ruleset& rules, const population& pop, date as_of,
                       std::string population_sha256) {
  using namespace detail;
  const program& prog = rules.program();
  const population_view view = pop.view();
  population_errors found;
  const person_groups groups = group_persons(view, found);
  const population_reading reading = read_categories(prog, view, found);
  found.throw_if_any(view);

  snapshot out;
  out.as_of = as_of;
  out.population_sha256 = std::move(population_sha256);
  out.rule_hashes = rule_hashes(prog);

  as_of_context ctx;
  ctx.prepare(prog, as_of.days_since_epoch());
  workspace ws;
  trace t;
  static const portfolio unused;  // rule_uses reads the workspace and the trace only
  std::vector<std::size_t> scales_by_id(prog.scales.size());
  for (std::size_t s = 0; s < scales_by_id.size(); ++s) scales_by_id[s] = s;
  std::sort(scales_by_id.begin(), scales_by_id.end(),
            [&](std::size_t x, std::size_t y) { return prog.scales[x].id < prog.scales[y].id; });
  const csv_format numbers{};
  for (std::size_t person = 0; person < groups.size(); ++person) {
    const std::string id(view.person.categories[static_cast<std::size_t>(groups.person_order[person])]);
    load_person(prog, view, groups, reading, person, ws);
    t.clear();
    ws.run(prog, ctx, t);
    if (ws.failed) throw evaluation_error({evaluation_failure(prog, ws, id)});
    const explainer why(prog, unused, ws, ctx, t);
    const rule_uses uses(prog, ws, why);
    const auto add = [&](snapshot_row row) {
      sort_unique(row.rules);
      out.rows.push_back(std::move(row));
    };
    for (std::size_t d = 0; d < prog.diplomas.size(); ++d) {
      snapshot_row row;
      row.kind = change_kind::diploma;
      row.person = id;
      row.subject = prog.diplomas[d].id;
      double progress = 0;
      row.value = to_string(ws.diploma(prog, d, progress));
      row.progress = numbers.number(progress);
      std::vector<std::string> missing;
      for (const std::uint32_t leaf : ws.missing) missing.push_back(prog.leaf_names[leaf]);
      row.missing = joined(missing);
      uses.diploma(d, row.rules);
      add(std::move(row));
    }
    const std::uint32_t begin = groups.row_offsets[person];
    for (std::size_t i = 0; i < ws.count; ++i) {
      if (!ws.counted[i]) continue;
      const std::size_t input_row = groups.rows[begin + i];
      std::string unit;
      const std::int32_t ucode = view.unit.codes.empty() ? -1 : view.unit.codes[input_row];
      if (ucode >= 0) unit = view.unit.categories[static_cast<std::size_t>(ucode)];
      if (unit.empty()) {
        const std::int32_t tcode = view.title.codes.empty() ? -1 : view.title.codes[input_row];
        if (tcode >= 0) unit = view.title.categories[static_cast<std::size_t>(tcode)];
      }
      for (const std::size_t s : scales_by_id) {
        const std::int32_t level = ws.levels[i * prog.scales.size() + s];
        if (level < 0) continue;
        snapshot_row row;
        row.kind = change_kind::level;
        row.person = id;
        row.subject = std::to_string(i);
        row.scale = prog.scales[s].id;
        row.unit = unit;
        row.date = date(ws.day[i]).to_string();
        row.value = prog.scales[s].levels[static_cast<std::size_t>(level)];
        uses.level(i, s, row.rules);
        add(std::move(row));
      }
    }
    for (const auto& [unit_id, u] : prog.unit_lookup) {
      if (!test_bit(ws.credited_units, static_cast<std::size_t>(u))) continue;
      snapshot_row row;
      row.kind = change_kind::credit;
      row.person = id;
      row.subject = std::string(unit_id);
      row.value = via_name(prog, ws.via(prog, u));
      row.value_date = date(ws.latest_day(u)).to_string();
      uses.unit_read(u, row.rules);
      add(std::move(row));
    }
  }
  std::stable_sort(out.rows.begin(), out.rows.end(), row_less);
  return out;
}

std::string to_csv(const snapshot& s) {
  const csv_format format{};
  std::string out = fmt::format("{}as_of={} population={}\n{}", header_prefix, s.as_of.to_string(),
                                s.population_sha256, rules_prefix);
  for (std::size_t k = 0; k < s.rule_hashes.size(); ++k)
    out += fmt::format("{}{}={}", k > 0 ? ";" : "", s.rule_hashes[k].first, s.rule_hashes[k].second);
  out += '\n';
  for (std::size_t k = 0; k < std::size(columns); ++k)
    out += fmt::format("{}{}", k > 0 ? "," : "", columns[k]);
  out += '\n';
  for (const snapshot_row& r : s.rows) {
    const std::string rules = joined(r.rules);
    const std::string_view cells[] = {to_string(r.kind), r.person,     r.subject,  r.scale,   r.unit, r.date,
                                      r.value,           r.value_date, r.progress, r.missing, rules};
    for (std::size_t k = 0; k < std::size(cells); ++k) {
      if (k > 0) out += ',';
      out += format.field(cells[k]);
    }
    out += '\n';
  }
  return out;
}

snapshot parse_snapshot(std::string_view text, const std::string& file) {
  snapshot out;
  // Line 1: the header; line 2: the rules and their hashes.
  const std::size_t end1 = text.find('\n');
  const std::string_view line1 = text.substr(0, end1);
  if (!line1.starts_with(header_prefix))
    malformed(file, 1, 1,
              fmt::format("the first line must be `{}as_of=YYYY-MM-DD population=SHA256`", header_prefix));
  std::string_view rest = line1.substr(header_prefix.size());
  const std::size_t space = rest.find(' ');
  const std::string_view as_of = rest.substr(0, space);
  const auto column_of = [&](std::string_view part) {
    return static_cast<int>(part.data() - text.data()) + 1;
  };
  std::optional<date> day;
  if (as_of.starts_with("as_of=")) day = date::parse(as_of.substr(6));
  if (!day) malformed(file, 1, column_of(as_of), "expected `as_of=YYYY-MM-DD` here");
  out.as_of = *day;
  const std::string_view hash = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  const bool hex = hash.size() == 11 + 64 && hash.starts_with("population=") &&
                   hash.substr(11).find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if (!hex)
    malformed(file, 1, hash.empty() ? static_cast<int>(line1.size()) + 1 : column_of(hash),
              "expected `population=` and 64 hex digits here");
  out.population_sha256 = std::string(hash.substr(11));
  if (end1 == std::string_view::npos) malformed(file, 2, 1, "the `# rules` line is missing");
  const std::size_t start2 = end1 + 1;
  const std::size_t end2 = text.find('\n', start2);
  const std::string_view line2 =
      text.substr(start2, end2 == std::string_view::npos ? text.npos : end2 - start2);
  if (!line2.starts_with(rules_prefix))
    malformed(file, 2, 1, fmt::format("the second line must be `{}NAME=SHA256;...`", rules_prefix));
  for (std::string_view entries = line2.substr(rules_prefix.size()); !entries.empty();) {
    const std::size_t semi = entries.find(';');
    const std::string_view entry = entries.substr(0, semi);
    const std::size_t eq = entry.rfind('=');
    if (eq == std::string_view::npos || eq == 0 || entry.size() - eq - 1 != 64)
      malformed(file, 2, static_cast<int>(entry.data() - line2.data()) + 1,
                fmt::format("expected NAME=SHA256, not '{}'", entry.substr(0, 80)));
    out.rule_hashes.emplace_back(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    entries = semi == std::string_view::npos ? std::string_view() : entries.substr(semi + 1);
  }
  std::sort(out.rule_hashes.begin(), out.rule_hashes.end());
  if (end2 == std::string_view::npos) malformed(file, 3, 1, "the CSV header is missing");

  const std::string_view csv = text.substr(end2 + 1);
  detail::csv_scanner scanner(csv.data(), csv.data() + csv.size(), file, 3, false, ',');
  std::vector<detail::cell_ref> cells;
  std::int64_t line = 0;
  std::string scratch;
  bool header = true;
  while (scanner.next_record(cells, line)) {
    if (cells.size() != std::size(columns))
      malformed(file, line, 1,
                fmt::format("a row has {} cells, the snapshot's {}", cells.size(), std::size(columns)));
    if (header) {
      for (std::size_t k = 0; k < cells.size(); ++k)
        if (detail::csv_scanner::value(cells[k], scratch) != columns[k])
          malformed(file, line, scanner.where(cells[k]).column,
                    fmt::format("column {} of the header must be '{}'", k + 1, columns[k]));
      header = false;
      continue;
    }
    snapshot_row r;
    r.line = line;
    const std::string_view kind = detail::csv_scanner::value(cells[0], scratch);
    if (kind == "diploma") r.kind = change_kind::diploma;
    else if (kind == "level") r.kind = change_kind::level;
    else if (kind == "credit") r.kind = change_kind::credit;
    else
      malformed(file, line, scanner.where(cells[0]).column,
                fmt::format("'{}' is not a kind (diploma, level, credit)", kind));
    std::string* fields[] = {&r.person, &r.subject,    &r.scale,    &r.unit,   &r.date,
                             &r.value,  &r.value_date, &r.progress, &r.missing};
    for (std::size_t k = 0; k < std::size(fields); ++k)
      *fields[k] = std::string(detail::csv_scanner::value(cells[k + 1], scratch));
    const std::string_view rules = detail::csv_scanner::value(cells[10], scratch);
    for (std::string_view left = rules; !left.empty();) {
      const std::size_t semi = left.find(';');
      r.rules.emplace_back(left.substr(0, semi));
      left = semi == std::string_view::npos ? std::string_view() : left.substr(semi + 1);
    }
    if (!out.rows.empty() && !row_less(out.rows.back(), r))
      malformed(file, line, 1,
                "the rows are not in snapshot order (person, kind, subject, scale), or one repeats");
    out.rows.push_back(std::move(r));
  }
  for (const diagnostic& d : scanner.diagnostics().sorted()) {
    diagnostic e = d;
    e.code = detail::codes::snapshot_format;
    throw input_error({e});
  }
  if (header) malformed(file, 3, 1, "the CSV header is missing");
  return out;
}

std::vector<snapshot_move> compare_snapshots(const snapshot& before, const snapshot& after,
                                             std::size_t& unchanged) {
  const std::map<std::string_view, std::string_view> hash_before(before.rule_hashes.begin(),
                                                                 before.rule_hashes.end());
  const std::map<std::string_view, std::string_view> hash_after(after.rule_hashes.begin(),
                                                                after.rule_hashes.end());
  const auto hash_of = [](const std::map<std::string_view, std::string_view>& m, const std::string& name) {
    const auto it = m.find(name);
    return it == m.end() ? std::string_view() : it->second;
  };
  std::vector<snapshot_move> moved;
  unchanged = 0;
  const auto add = [&](const snapshot_row* b, const snapshot_row* a) {
    snapshot_move m;
    std::vector<std::string> used;
    if (b) {
      m.before = *b;
      used.insert(used.end(), b->rules.begin(), b->rules.end());
    }
    if (a) {
      m.after = *a;
      used.insert(used.end(), a->rules.begin(), a->rules.end());
    }
    sort_unique(used);
    for (const std::string& name : used)
      if (hash_of(hash_before, name) != hash_of(hash_after, name)) m.cause.push_back(name);
    moved.push_back(std::move(m));
  };
  std::size_t i = 0, j = 0;
  while (i < before.rows.size() || j < after.rows.size()) {
    if (j == after.rows.size() || (i < before.rows.size() && row_less(before.rows[i], after.rows[j]))) {
      add(&before.rows[i++], nullptr);
    } else if (i == before.rows.size() || row_less(after.rows[j], before.rows[i])) {
      add(nullptr, &after.rows[j++]);
    } else {
      if (same_outcome(before.rows[i], after.rows[j])) ++unchanged;
      else add(&before.rows[i], &after.rows[j]);
      ++i;
      ++j;
    }
  }
  return moved;
}

}  // namespace civeff
