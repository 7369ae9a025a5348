// SPDX-License-Identifier: Apache-2.0
// civeff: the civil effect of trainings in Dutch care, decided by a YAML rule language.
//
// Usage:
//
//   #include <civeff/civeff.hpp>
//
//   civeff::compile_result compiled = civeff::compile("rules/nl-zorg");
//   if (!compiled.ok()) {
//     for (const auto& d : compiled.diagnostics) std::cerr << d.format() << '\n';
//     return 1;
//   }
//   const civeff::ruleset& rules = *compiled.rules;       // immutable, share across threads
//   civeff::portfolio p = civeff::read_portfolio("p-001.json", rules);  // throws input_error
//   civeff::result r = rules.evaluate(p, civeff::date::parse("2024-01-01").value());
//   std::cout << civeff::to_json(r);                      // SPEC §6, byte-identical per input
//
//   // A whole population, column by column, on all cores:
//   civeff::population pop = civeff::read_population_csv("people.csv");
//   civeff::batch_result rows = rules.evaluate_batch(pop, {.as_of = r.as_of});
//
// Conventions: every diagnostic carries 1-based line and column (columns count
// characters, not bytes); 0 means "unknown". Functions document what they throw;
// rule outcomes (a diploma that is only partial, a missing attribute) are values,
// only misuse and bad input are exceptions.
#pragma once

#include <atomic>
#include <chrono>
#include <compare>
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

// CIVEFF_VERSION_MAJOR/MINOR/PATCH, CIVEFF_VERSION_STRING and civeff::version().
#include <civeff/version.hpp>

namespace civeff {

// ---------------------------------------------------------------- dates

// A calendar day (proleptic Gregorian), stored as days since 1970-01-01.
class date {
 public:
  constexpr date() = default;
  constexpr explicit date(std::int32_t days_since_epoch) : days_(days_since_epoch) {}
  // The day YEAR-MONTH-DAY; throws std::invalid_argument when there is no such
  // day (2026-02-31) or it lies outside the days an int32 counts.
  static date from_ymd(int year, int month, int day);
  // The same, nullopt instead of throwing.
  static std::optional<date> try_from_ymd(int year, int month, int day);
  // Parses exactly `YYYY-MM-DD` with a valid day of month; nullopt otherwise.
  static std::optional<date> parse(std::string_view text);
  // Today's date in UTC (the default `as_of`, SPEC §10).
  static date today_utc();
  [[nodiscard]] constexpr std::int32_t days_since_epoch() const { return days_; }
  [[nodiscard]] std::string to_string() const;  // YYYY-MM-DD
  void to_ymd(int& year, int& month, int& day) const;
  friend constexpr auto operator<=>(date, date) = default;

 private:
  std::int32_t days_ = 0;
};

// An ISO 8601 `PnYnMnD` duration (SPEC §10): years and months are added first,
// clamping to the month's last day, then days.
struct duration {
  std::int32_t years = 0;
  std::int32_t months = 0;
  std::int32_t days = 0;
  // Parses `P` then optional nY, nM, nD in that order, at least one; nullopt otherwise.
  static std::optional<duration> parse(std::string_view text);
  [[nodiscard]] std::string to_string() const;
  friend constexpr bool operator==(const duration&, const duration&) = default;
};
date add(date d, const duration& by);
date subtract(date d, const duration& by);

// ---------------------------------------------------------------- diagnostics

enum class severity : std::uint8_t { error, warning, note };

// A position in a source file. Stored and printed 1-based; 0 means unknown.
// Lines are 64-bit: a population CSV may have more than 2^31 of them.
struct source_location {
  std::string file;
  std::int64_t line = 0;
  int column = 0;
  friend auto operator<=>(const source_location&, const source_location&) = default;
};

// One finding, printed as `FILE:LINE:COLUMN: error[CODE]: MESSAGE`. Codes are
// stable (E001...) and listed with examples in docs/language.md.
struct diagnostic {
  severity level = severity::error;
  std::string code;
  source_location where;
  std::string message;
  std::vector<diagnostic> notes;  // "first defined here" and the like
  // This error follows from an earlier one: it is in a file that did not parse,
  // or it names an id whose definition failed. `check` shows it only with `--all`.
  bool follow_on = false;
  // The compiler-style line(s): the diagnostic, then one line per note.
  [[nodiscard]] std::string format() const;
};

// How a command writes its diagnostics (`--format text|json|sarif`; docs/language.md,
// "Diagnostics for machines"): text is format() per diagnostic; json is
// {"diagnostics": [...], "errors": N, "warnings": N, "further_errors": N};
// sarif is a SARIF 2.1.0 log of one run.
enum class diagnostic_format : std::uint8_t { text, json, sarif };
std::optional<diagnostic_format> parse_diagnostic_format(std::string_view name);  // "text", "json", "sarif"
std::string_view to_string(diagnostic_format f);

struct diagnostic_report_options {
  std::string tool_version;        // SARIF's tool.driver.version; left out when empty
  std::size_t further_errors = 0;  // errors left out of the list (follow_on ones): text's last line,
                                   // json's "further_errors", SARIF's run property "furtherErrors"
};
// The diagnostics, exactly those given and in that order, in `format`. Text ends
// with a newline unless empty. Thread-safe; never throws but std::bad_alloc.
std::string render_diagnostics(const std::vector<diagnostic>& diagnostics, diagnostic_format format,
                               const diagnostic_report_options& options = {});
// The diagnostics without the follow_on ones, and how many errors that leaves out.
struct first_causes {
  std::vector<diagnostic> shown;
  std::size_t further_errors = 0;
};
first_causes first_causes_of(const std::vector<diagnostic>& diagnostics);
// "N further error(s) follow(s) from these (`--all` shows them)", the last line of
// text when further_errors > 0.
std::string further_errors_line(std::size_t further_errors);

// Base of civeff's exceptions: a message plus the diagnostics behind it.
class error : public std::runtime_error {
 public:
  explicit error(std::vector<diagnostic> diagnostics);
  [[nodiscard]] const std::vector<diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<diagnostic> diagnostics_;
};
// The rules are broken (CLI exit 1).
class rule_error : public error {
 public:
  using error::error;
};
// A portfolio, population, overlay path or argument is bad (CLI exit 2).
class input_error : public error {
 public:
  using error::error;
};
// An expression failed while evaluating one person (division by zero; CLI exit 1).
class evaluation_error : public error {
 public:
  using error::error;
};

// ---------------------------------------------------------------- inputs

// An attribute value from a portfolio or CSV cell (SPEC §3): bool, number, text or date.
using attribute_value = std::variant<bool, double, std::string, date>;
using attribute_map = std::map<std::string, attribute_value, std::less<>>;

// Where an achievement came from when it was read from an Open Badges 3.0
// credential (docs/language.md, "Open Badges 3.0 portfolios"). civeff verifies
// no proof and fetches no JSON-LD context; evaluation never reads this.
struct credential_origin {
  std::string id = {};    // the credential's `id`; empty when it has none
  bool jwt = false;       // given as a JWT-VC (compact JWS), decoded without verification
  bool proof = false;     // it carries a `proof`, or is a JWT with a signature (neither is checked)
  source_location badge = {};  // the `badges:` entry that matched it; file "" when none did
};

// One achievement of a portfolio (SPEC §3).
struct achievement {
  std::optional<std::string> unit;  // absent: an unlisted course
  std::string title;
  date when;                    // the `date` field
  std::optional<double> hours;  // absent: the unit's declared hours
  std::vector<std::string> marks;
  attribute_map attrs;
  bool exempt = false;    // SPEC §9 exemption (vrijstelling)
  source_location where;  // where it was read, for diagnostics; may be empty
  std::optional<credential_origin> credential = std::nullopt;  // read from an Open Badges 3.0 credential
};

// Warnings found while reading one input (SPEC §11: W010, W011, W013): the
// first `shown_limit` in file order, and how many there were in all.
struct input_warnings {
  static constexpr std::size_t shown_limit = 20;
  std::vector<diagnostic> shown;
  std::size_t total = 0;
};

struct portfolio {
  std::string person;
  attribute_map attrs;  // person attributes, read as `person.NAME`
  std::vector<achievement> achievements;
  input_warnings warnings;  // from read_portfolio / parse_portfolio
};

// ---------------------------------------------------------------- declared attributes, input dialects

// A declared attribute (SPEC §11): `attributes:` (read as attrs.NAME) or
// `person_attributes:` (read as person.NAME).
enum class attribute_type : std::uint8_t { boolean, number, text, date };
std::string_view to_string(attribute_type t);  // "bool", "number", "text", "date"
struct attribute_declaration {
  std::string name;
  attribute_type type = attribute_type::text;
  std::string title;                // may be empty
  std::vector<std::string> values;  // text only: the allowed values; empty: any
  std::optional<double> min, max;   // number only, inclusive
  source_location where;            // the declaration's name in its rules file
};

// The text encoding of a population CSV or portfolio file (`--encoding`,
// SPEC §11). Rule files are always UTF-8.
enum class text_encoding : std::uint8_t { utf8, cp1252, latin1 };
// "utf-8" (or "utf8"), "cp1252" / "windows-1252", "latin-1" / "iso-8859-1", in
// any case; nullopt for anything else.
std::optional<text_encoding> parse_text_encoding(std::string_view name);

class ruleset;

// How a portfolio or population is read (SPEC §11).
struct read_options {
  text_encoding encoding = text_encoding::utf8;
  // `--strict`: every W010 and W011 (and W016, a credential no `badges:` entry
  // matches) is an error with the same code: the reader throws input_error
  // listing all of them, and nothing is evaluated.
  bool strict = false;
  // `civeff diff`: the ruleset on the other side. A mark id it knows is no
  // E042 here; the diff counts it as absent on the side without it (SPEC §12, W012).
  const ruleset* compared_with = nullptr;
  // `--person`: the person the portfolio is about. A portfolio file takes it
  // instead of its `person` (which may then be absent); an Open Badges 3.0
  // portfolio instead of its credentials' subject, which then need not agree.
  std::optional<std::string> person = std::nullopt;
  // false: a population's `title` column is not kept (its codes and categories
  // stay empty), for what never shows a title (`civeff batch`).
  bool titles = true;
};

struct population_view;

// A population in long form, one achievement a row, held column by column (SPEC §3).
// Strings are factorized: `codes[row]` indexes `categories`, -1 means an empty cell.
struct string_column {
  std::vector<std::int32_t> codes;
  std::vector<std::string> categories;
};
// A further CSV column: an achievement attribute, or with `person_level` a
// `person.NAME` column. Each cell is typed on its own (SPEC §3). A column holds
// only the per-row vectors its cells need, read by `kinds[row]`: the numbers of
// bool, number and date cells in `floats` when every one of them is exactly a
// float (0/1, a date's days, 6.5, 120), else in `numbers` (the other one empty,
// both when there are none: read them with number_at); the text codes only when
// some cell is text (else `texts.codes` is empty).
struct attribute_column {
  enum class cell : std::uint8_t { absent, boolean, number, text, date };
  std::string name;  // without the `person.` prefix
  bool person_level = false;
  std::vector<cell> kinds;      // per row
  std::vector<double> numbers;  // per row: the number, the bool (0/1) or the date's days; or empty
  string_column texts;          // per row: the text of `text` cells, else -1; or empty
  std::vector<float> floats;    // per row, instead of `numbers` when that is empty
};
struct population {
  string_column person;
  string_column unit;
  string_column title;
  std::vector<date> dates;
  std::vector<double> hours;         // NaN: the unit's hours
  string_column marks;               // each category is a `;`-separated list of mark ids
  std::vector<std::uint8_t> exempt;  // 0 or 1 per row (empty when no `exempt` column)
  std::vector<attribute_column> attributes;
  std::string file;                 // for diagnostics
  std::vector<std::int64_t> lines;  // source line per row (CSV), empty when built in memory
  // With `lines` empty and this > 0: row r is on line first_line + r. The CSV
  // reader keeps that instead of `lines` when every row is one line and none is blank.
  std::int64_t first_line = 0;
  input_warnings warnings;  // W010, W011, W013 found while reading (SPEC §11)
  [[nodiscard]] std::size_t rows() const { return dates.size(); }
  // This population's columns lent as a population_view (valid while this lives).
  [[nodiscard]] population_view view() const;
};

// A population lent column by column: the columns of `population` as spans over
// buffers that someone else owns and keeps unchanged while the view is used
// (numpy arrays in the Python module, or a population's own vectors). Only the
// per-category string views are held here, so making a view of twenty million
// rows touches no row. An empty span is an absent column (every cell empty),
// and an empty category string is an empty cell, as in a CSV.
struct string_column_view {
  std::span<const std::int32_t> codes;
  std::vector<std::string_view> categories;
};
struct attribute_column_view {
  std::string_view name;
  bool person_level = false;
  std::span<const std::uint8_t> kinds;  // attribute_column::cell values
  std::span<const double> numbers;      // read for boolean, number and date cells; may be empty without them
  string_column_view texts;             // read for text cells; may be empty when there are none
  std::span<const float> floats;        // read instead of `numbers` when that is empty
};

// The number of a bool (0/1), number or date (days) cell of row `row`: from
// `numbers`, or from `floats` when a column holds its numbers as floats.
inline double number_at(const attribute_column_view& c, std::size_t row) {
  return c.numbers.empty() ? static_cast<double>(c.floats[row]) : c.numbers[row];
}
inline double number_at(const attribute_column& c, std::size_t row) {
  return c.numbers.empty() ? static_cast<double>(c.floats[row]) : c.numbers[row];
}
struct population_view {
  std::size_t rows = 0;
  string_column_view person;  // required: one code per row
  string_column_view unit;
  string_column_view title;
  string_column_view marks;
  std::span<const date> dates;           // required: one date per row
  std::span<const double> hours;         // NaN: the unit's hours
  std::span<const std::uint8_t> exempt;  // nonzero: exempt
  std::vector<attribute_column_view> attributes;
  std::string_view file;                // for diagnostics
  std::span<const std::int64_t> lines;  // source line per row, or empty
  std::int64_t first_line = 0;          // lines empty and > 0: row r is on line first_line + r
};

// One person's rows of a population as a portfolio, read as evaluate_batch reads
// them, for what takes a portfolio: the advice of a population, the Python
// module's frames. Each category of the marks column is split into its ids once,
// here. Holds `pop` by reference: the view must outlive this.
class population_portfolios {
 public:
  explicit population_portfolios(const population_view& pop);
  // `rows`: the positions in the view of one person's rows, in the order their
  // achievements take; the person and its attributes are read from rows.front().
  [[nodiscard]] portfolio of(std::span<const std::uint32_t> rows) const;

 private:
  const population_view* pop_;
  std::vector<std::vector<std::string>> mark_lists_;
};

// ---------------------------------------------------------------- results

struct achievement_result {
  std::optional<std::string> unit;
  std::string title;
  date when;
  bool known = false;
  bool counted = false;
  // Per scale, in declaration order; nullopt is a null level. Empty when not counted.
  std::vector<std::pair<std::string, std::optional<std::string>>> levels;
};

struct credit {
  date when;
  std::string via;  // "achievement", "exemption" or an equivalence id
};

enum class diploma_status : std::uint8_t { none, partial, complete };
std::string_view to_string(diploma_status s);

struct diploma_result {
  diploma_status status = diploma_status::none;
  double progress = 0;               // rounded half up to 4 decimals
  std::vector<std::string> missing;  // leaf names, document order (SPEC §5.5)
};

// The outcome for one person (SPEC §6).
struct result {
  std::string person;
  date as_of;
  std::string ruleset;
  std::string version;
  std::vector<std::string> overlays;
  std::vector<achievement_result> achievements;
  std::map<std::string, credit> credited;
  std::map<std::string, diploma_result> diplomas;
};

// The JSON of SPEC §6, 2-space indented, keys in the spec's order, ending in '\n'.
std::string to_json(const result& r);
// A short human-readable rendering of the same result.
std::string to_text(const result& r);

// The outcome of a batch: one row per person and diploma, sorted by person then
// diploma (SPEC §7). `missing` names are shared: row i's missing leaves are
// leaf_names[missing[missing_offsets[i] .. missing_offsets[i+1])].
struct batch_result {
  std::vector<std::string> persons;        // sorted
  std::vector<std::int32_t> person_codes;  // per person: its code in the input's person column
  std::vector<std::string> diplomas;       // sorted ids
  std::vector<diploma_status> status;      // persons.size() * diplomas.size(), row-major
  std::vector<double> progress;
  std::vector<std::uint32_t> missing_offsets;  // size rows + 1
  std::vector<std::uint32_t> missing;
  std::vector<std::string> leaf_names;
  std::vector<diagnostic> errors;  // evaluation errors, one per failed person
  // Per scale, in declaration order: how many counted achievements got each level
  // (level_counts[s][i] for scale_levels[s][i]; the extra last entry counts null).
  std::vector<std::string> scales;
  std::vector<std::vector<std::string>> scale_levels;
  std::vector<std::vector<std::uint64_t>> level_counts;
  [[nodiscard]] std::size_t rows() const { return status.size(); }
};

struct batch_options {
  date as_of = date::today_utc();
  unsigned threads = 0;  // 0: all cores
  // Called from the calling thread with (done, total) persons: about every
  // 100 ms while the batch runs, whatever the thread count (with a callback the
  // calling thread only watches and `threads` other threads evaluate), and once
  // at the end. It may set `*stop` (a Python binding checks for Ctrl-C here).
  void (*progress)(std::size_t done, std::size_t total, void* user) = nullptr;
  void* progress_user = nullptr;
  // Cancellation: when `*stop` becomes true (from the callback or any other
  // thread), every thread stops after the person it is evaluating and
  // evaluate_batch returns an empty batch_result. Whoever set it knows why; the
  // flag must outlive the call. nullptr: the batch always runs to the end.
  const std::atomic<bool>* stop = nullptr;
};

// The advice of a whole population for one diploma (`civeff advise POP.csv
// --out F`, Python `Ruleset.advise_frame`): one row per person, sorted by person.
struct advice_batch {
  std::string diploma;
  std::vector<std::string> persons;         // sorted
  std::vector<diploma_status> status;       // per person: the diploma's status now
  std::vector<double> hours_to_complete;    // the cheapest plan's hours; NaN: no plan
  std::vector<std::vector<std::string>> units;  // the cheapest plan's ids, byte order
  std::vector<std::uint8_t> proven;         // 1: the search ended by itself
  std::vector<diagnostic> errors;           // evaluation errors, one per failed person
  [[nodiscard]] std::size_t rows() const { return persons.size(); }
};

struct advice_batch_options {
  date as_of = date::today_utc();
  std::uint64_t max_steps = 1'000'000;  // per person, as advice_options::max_steps
  unsigned threads = 0;                 // 0: all cores
  // As batch_options: progress about every 100 ms from the calling thread, and stop.
  void (*progress)(std::size_t done, std::size_t total, void* user) = nullptr;
  void* progress_user = nullptr;
  const std::atomic<bool>* stop = nullptr;
};

// ---------------------------------------------------------------- explanations (SPEC §12)

// How an achievement got its level on one scale.
struct level_explanation {
  enum class source : std::uint8_t { mark, unit, scale_default };
  std::string scale;
  std::optional<std::string> level;  // nullopt: no level
  source decided_by = source::scale_default;
  // decided_by == mark: the mark and the 0-based index of its case for this
  // scale (nullopt for a mark with a single plain level). On a tie, the first
  // source: the achievement's marks in the order written, then implied marks
  // in declaration order, then the unit.
  std::string mark;
  std::optional<std::size_t> case_index;
  // Marks that would have placed the achievement on this scale but had lapsed,
  // with the first day they no longer count (date + valid_for).
  struct lapse {
    std::string mark;
    date on;
    std::string level;
  };
  std::vector<lapse> lapsed;
};

struct achievement_explanation {
  std::size_t index = 0;  // 0-based, in input order
  std::optional<std::string> unit;
  std::string title;
  date when;
  bool known = false;
  bool counted = false;
  std::string not_counted;                  // why not, when not counted
  std::vector<level_explanation> levels;    // per scale, when counted
  std::optional<credential_origin> credential = std::nullopt;  // the achievement's, when it came from a credential
};

// How a unit is credited: a tree (SPEC §12).
struct derivation {
  std::string unit;
  std::string via;  // "achievement", "exemption" or the equivalence id
  date when;
  std::optional<std::size_t> achievement;  // direct credit or exemption: the achievement
  std::vector<derivation> sources;         // an equivalence: the credits it used
};

// Why a unit named by a requirement is not credited; one reason per
// achievement or equivalence that could have credited it.
struct not_credited_reason {
  // no_achievement, credit_when, effective, lapsed, equivalence_window,
  // equivalence_when, equivalence_sources
  std::string reason;
  std::optional<std::size_t> achievement;
  std::string equivalence;
  std::vector<std::string> missing_sources;  // equivalence_sources: the sources not credited
  std::optional<date> on;                    // lapsed: the first day it no longer counts
};

// One node of a diploma's requirement tree, evaluated.
struct requirement_explanation {
  std::optional<std::string> id;  // its id, else its leaf name as in `missing`, else nullopt
  std::string form;               // unit, all_of, any_of, n_of, hours, count, sum, avg, check
  std::string unit;               // form unit: the unit's id
  bool holds = false;
  double progress = 0;            // rounded as `progress` is
  std::optional<double> value;    // hours, count, sum, avg: the value reached
  std::optional<double> min;
  std::optional<std::size_t> n_holding, n;  // n_of
  bool left_out = false;          // its guard is false: left out as if not written
  std::string guard;              // the guard's text, when it has one
  std::vector<requirement_explanation> children;
  source_location where;          // where it is written
};

struct diploma_explanation {
  std::string title;
  diploma_status status = diploma_status::none;
  double progress = 0;
  std::vector<std::string> missing;
  std::optional<requirement_explanation> requires_;  // nullopt when the diploma has no requirement
};

// The evaluation of one person with its reasons. It agrees exactly with
// ruleset::evaluate: the same evaluator, run with a trace (SPEC §12).
struct explanation {
  std::string person;
  date as_of;
  std::string ruleset;
  std::string version;
  std::vector<std::string> overlays;
  std::vector<achievement_explanation> achievements;
  std::map<std::string, derivation> credited;                            // by unit
  std::map<std::string, std::vector<not_credited_reason>> not_credited;  // units named by requirements
  std::map<std::string, diploma_explanation> diplomas;
};

// The JSON of `civeff explain --format json` (docs/language.md), 2-space
// indented, ending in '\n'.
std::string to_json(const explanation& e);
// A readable tree per diploma (`civeff explain`); `diploma` limits it to one.
std::string to_text(const explanation& e, std::string_view diploma = {});

// ---------------------------------------------------------------- advice (SPEC §12)

// How ruleset::advise searches (docs/language.md, "Advice").
struct advice_options {
  std::size_t top = 3;                  // how many minimal plans to list (`--top K`)
  std::uint64_t max_steps = 1'000'000;  // the search's budget of steps (`--max-steps N`)
};

// One unit of a plan: its declared hours and the units taking it newly credits
// (itself and every unit whose derivation in the plan uses it), byte order.
struct advised_unit {
  std::string unit;
  double hours = 0;
  std::vector<std::string> credits;
};

// A minimal plan: units, none credited now, whose taking completes the diploma.
struct advice_plan {
  double hours = 0;                 // the cost: the sum of its units' declared hours
  std::vector<advised_unit> units;  // byte order of their ids
};

// What a person still needs for a diploma, and the cheapest ways to it (SPEC §12).
struct advice {
  std::string person;
  date as_of;
  std::string diploma;
  diploma_status status = diploma_status::none;  // the diploma's status now
  // The minimal plans in the order of SPEC §12 (cost, number of units, the
  // byte-ordered list of ids), at most options.top; the first is the cheapest.
  // A complete diploma has one plan of 0 hours and no units; none completes: empty.
  std::vector<advice_plan> plans;
  // When no plan completes the diploma: the `missing` leaves of the evaluation
  // with every candidate unit taken (`guard: TEXT` when the diploma's `requires`
  // is left out by its guard); otherwise empty.
  std::vector<std::string> blocking;
  // The search ended before options.max_steps: the plans are exactly the first
  // minimal ones. False: they are the best found within the budget.
  bool proven = false;
  std::uint64_t steps = 0;     // steps used (evaluations and search nodes)
  std::size_t candidates = 0;  // units the search chose among
};

// `civeff advise --format json`: `{person, as_of, diploma, status, plans:
// [{hours, units: [{unit, hours, credits}]}], blocking, proven}` in that key
// order, as the other JSON outputs (2-space indented, shortest numbers, ending
// in '\n'); `steps` and `candidates` are not written.
std::string to_json(const advice& a);
// `civeff advise`: the plans as short sentences in `lang`, "nl" or "en" (any
// other is input_error E046): per plan its hours and each unit with its hours,
// what the units newly credit through equivalences, the blocking leaves when
// no plan exists, and a note when the search stopped at its budget.
std::string to_text(const advice& a, std::string_view lang);

// ---------------------------------------------------------------- what if (docs/language.md, "What if")

// One diploma before and after achievements are added (ruleset::what_if).
struct what_if_diploma {
  diploma_status status_before = diploma_status::none, status_after = diploma_status::none;
  double progress_before = 0, progress_after = 0;  // as diploma_result::progress
  // The cheapest plan's hours (ruleset::advise, its first plan): 0 when the
  // diploma is complete (no search is run), nullopt when no plan completes it.
  std::optional<double> hours_to_complete_before, hours_to_complete_after;
  friend bool operator==(const what_if_diploma&, const what_if_diploma&) = default;
};

// What adding achievements to a portfolio changes for that person at `as_of`:
// the difference between two runs of the one evaluator (the portfolio with and
// without them) and between two advice searches per diploma.
struct what_if_result {
  std::string person;
  date as_of;
  std::vector<achievement> added;  // as given, in that order
  // Per added achievement, by its unit id: its level on each scale, in
  // declaration order (achievement_result::levels of the evaluation with it).
  std::map<std::string, std::vector<std::pair<std::string, std::optional<std::string>>>> levels;
  // Units credited with the added achievements and not without them, and the
  // reverse; byte order. A credit whose date or `via` changes is neither.
  std::vector<std::string> credits_gained, credits_lost;
  std::map<std::string, what_if_diploma> diplomas;  // every diploma of the rules, by id
  // Every advice search behind the hours ended by itself (advice::proven);
  // false: some hours are the best plan found within the step budget.
  bool proven = true;
  // The two evaluations compared (the `via` of a credit, say); to_json does not write them.
  result before, after;
};

// `civeff whatif --format json`: `{person, as_of, added: [{unit, date, marks,
// attrs, hours, exempt}], levels: {UNIT: {SCALE: LEVEL}}, credits: {gained,
// lost}, diplomas: {ID: {status_before, status_after, progress_before,
// progress_after, hours_to_complete_before, hours_to_complete_after}}}` in that
// key order, as the other JSON outputs (2-space indented, ending in '\n'); a
// null level, an achievement's absent `hours` and hours with no plan are null.
std::string to_json(const what_if_result& w);
// `civeff whatif`: short sentences in `lang`, "nl" or "en" (any other is
// input_error E046): the levels of the added achievements, the credits gained
// (with their `via`) and lost, each diploma that changes (status, progress,
// hours to complete before -> after), the ones that do not, and a note when an
// advice search stopped at its budget.
std::string to_text(const what_if_result& w, std::string_view lang);

// One unit to take for a diploma, with what taking it changes (ruleset::course_options).
struct course_option {
  std::string unit;
  double hours = 0;           // the unit's declared hours
  double hours_saved = 0;     // the diploma's hours_to_complete before minus after (> 0)
  double saved_per_hour = 0;  // hours_saved / hours
  what_if_result what_if;     // ruleset::what_if with the unit taken as advice takes it
};

// `civeff whatif --attr NAME=VALUE`: VALUE, as typed, for the achievement
// attribute NAME, converted as a population CSV cell of that column (SPEC §11):
// by the declared attribute's type, `values`, `min` and `max`; where the rules
// declare no `attributes`, typed on its own (SPEC §3). Throws input_error
// (E082) for a value that does not convert, or a NAME the declared
// `attributes` do not hold (with a suggestion). Thread-safe.
attribute_value what_if_attribute(const ruleset& rules, std::string_view name, std::string_view value);

// One `tests:` case outcome (SPEC §2.6).
struct test_outcome {
  std::string name;
  source_location where;
  bool passed = false;
  std::vector<std::string> failures;  // one line per unmet expectation
};

// `civeff test --format json`: `{"tests": [{name, file, line, passed,
// failures}], "passed": N, "failed": N}`, 2-space indented, ending in '\n'.
std::string tests_to_json(const std::vector<test_outcome>& outcomes);
// `civeff test --junit F`: JUnit XML, one <testsuite> named `suite` with one
// <testcase> per outcome (classname its file, name its name) and a <failure>
// per failing one, holding its E060 lines.
std::string tests_to_junit(const std::vector<test_outcome>& outcomes, std::string_view suite);

// ---------------------------------------------------------------- rule metadata

// The entries of a compiled ruleset as written (SPEC §2, §9), after overlays:
// what a report needs to show an id's title, hours or kind without reading the
// YAML. Names follow the YAML keys. An optional key that is absent is nullopt;
// a list-valued key that is absent is an empty list (the engine reads it so),
// except in a selector, where `units: []` and no `units` differ. Expression
// texts (`when`, `credit_when`, `where`, `check`) are as written, trimmed, as
// `missing` names a `check` (SPEC §6). Metadata never affects evaluation.

// What every entry may carry (SPEC §2), and where it is defined.
struct rule_entry {
  std::string id;  // a scale: its name (the key under `scales:`)
  std::optional<std::string> title, name, source, notes;
  source_location where;  // the entry's mapping in its rules file (a scale: its name)
};

// A level on a scale, as `level: {nlqf: "3"}` writes it.
struct scale_level {
  std::string scale;
  std::string level;
};

// A scale (SPEC §2.1).
struct scale_entry : rule_entry {
  std::vector<std::string> levels;  // low -> high
  bool has_default = false;         // `default:` was written
  // The level of an achievement that nothing places on the scale: `default`,
  // else the first level; nullopt for `default: null` (no level).
  std::optional<std::string> default_level;
};

// One case of a mark on one scale (SPEC §2.2).
struct mark_case_entry {
  std::optional<std::string> when;  // nullopt: always matches
  std::string level;
};
// A mark's cases on one scale, first match wins; a bare level is one case without `when`.
struct mark_scale_entry {
  std::string scale;
  std::vector<mark_case_entry> cases;  // the 0-based case index of SPEC §12 indexes this
  // Written as a bare level (`civil_effect: national`), not a list: one case
  // that an explanation names without an index (SPEC §12, `case: null`).
  bool bare = false;
};
// A quality mark (SPEC §2.2, §9).
struct mark_entry : rule_entry {
  std::optional<std::string> issuer, attests;
  std::optional<duration> valid_for;
  std::vector<mark_scale_entry> levels;  // in the order written
  std::vector<std::string> implies;      // as written: the direct implications only
};

// A unit (SPEC §2.3).
struct unit_entry : rule_entry {
  std::string kind;
  double hours = 0;                // declared study load; 0 when not given (SPEC §2.3)
  std::vector<std::string> tags;   // as written
  std::vector<scale_level> level;  // intrinsic levels, as written
  // `effective`, inclusive at both ends; nullopt: unbounded on that side.
  std::optional<date> effective_from, effective_to;
  std::optional<duration> valid_for;
  std::optional<std::string> credit_when;
};

// An equivalence (SPEC §2.4): symmetric (`equivalent`) or directed (`from` + `counts_as`).
struct equivalence_entry : rule_entry {
  bool symmetric = false;
  std::vector<std::string> equivalent;       // symmetric only
  std::vector<std::string> from, counts_as;  // directed only
  // `effective`, inclusive at both ends; nullopt: unbounded on that side.
  std::optional<date> effective_from, effective_to;
  std::optional<std::string> when;
};

// A requirement's selector `of` (SPEC §2.5, §9); nullopt: that key is not given.
struct selector_entry {
  std::optional<std::vector<std::string>> units;
  std::optional<std::string> kind;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::vector<std::string>> marks;
  std::optional<std::string> where;  // an achievement expression
};

// One node of a diploma's requirement tree (SPEC §2.5, §9).
struct requirement_entry {
  std::int32_t parent = -1;  // the parent's index in diploma_entry::requirements; -1: the root
  // The form's key: "unit", "all_of", "any_of", "n_of", "hours", "count", "sum", "avg" or "check".
  std::string form;
  std::optional<std::string> id, title;
  // A leaf's name in `missing` (SPEC §6, §9): its id, else `unit:ID`, `hours:MIN`,
  // `count:MIN`, `sum:ATTR:MIN`, `avg:ATTR:MIN` or the check's text. Empty for a group.
  std::string leaf_name;
  std::optional<std::string> when;   // the guard (SPEC §9)
  std::optional<std::string> unit;   // unit
  std::optional<std::int32_t> n;     // n_of
  std::optional<double> min;         // hours, count, sum, avg
  std::optional<std::string> attr;   // sum, avg
  std::optional<duration> within;    // sum
  std::optional<selector_entry> of;  // hours, count, sum, avg
  std::optional<std::string> check;  // check
  source_location where;             // the requirement's mapping
};

// A diploma (SPEC §2.5).
struct diploma_entry : rule_entry {
  std::vector<scale_level> level;  // informational (SPEC §10), as written
  // `requires`, flattened in document order (pre-order): node 0 is the root,
  // every node comes after its parent, children in the order written.
  std::vector<requirement_entry> requirements;
};

// ---------------------------------------------------------------- rulesets

namespace detail {
struct program;
class ruleset_factory;  // compile()'s, the one maker of rulesets (engine/src/compile.cpp)
}  // namespace detail

// A compiled ruleset: immutable, thread-safe to share, cheap to copy by pointer.
// The language of texts written for people (SPEC §10): the catalogue now, later
// every command that writes such text. A ruleset's root file sets it with
// `language: nl|en`; the default is English.
enum class text_language : std::uint8_t { en, nl };

// Made by compile() and load() only (no public constructor), so every ruleset
// holds a program that compiled without errors.
class ruleset {
 public:
  [[nodiscard]] const std::string& name() const;
  [[nodiscard]] const std::string& version() const;
  // `language:` of the root file (SPEC §10); en when absent.
  [[nodiscard]] text_language language() const;
  [[nodiscard]] const std::vector<std::string>& overlays() const;
  [[nodiscard]] std::vector<std::string> scale_names() const;
  [[nodiscard]] std::vector<std::string> mark_ids() const;
  [[nodiscard]] std::vector<std::string> unit_ids() const;
  [[nodiscard]] std::vector<std::string> equivalence_ids() const;
  [[nodiscard]] std::vector<std::string> diploma_ids() const;  // sorted
  [[nodiscard]] std::size_t test_count() const;                // `tests:` cases
  // SPEC §11: the declarations of `attributes` (person = false) or
  // `person_attributes` (person = true); nullptr when that section is not declared.
  [[nodiscard]] const std::vector<attribute_declaration>* declared_attributes(bool person) const;

  // Rule metadata (the section above): every entry as written, after overlays.
  // Built once by compile and never changed, so safe to read from any thread;
  // the references stay valid while this ruleset lives.
  // Scales, marks, units and equivalences in declaration order (SPEC §10);
  // diplomas sorted by id, as diploma_ids() and every result list them.
  [[nodiscard]] const std::vector<scale_entry>& scales() const;
  [[nodiscard]] const std::vector<mark_entry>& marks() const;
  [[nodiscard]] const std::vector<unit_entry>& units() const;
  [[nodiscard]] const std::vector<equivalence_entry>& equivalences() const;
  [[nodiscard]] const std::vector<diploma_entry>& diplomas() const;

  // Evaluates one portfolio (SPEC §5). Throws input_error for an unknown mark id,
  // evaluation_error for a division by zero. Thread-safe.
  [[nodiscard]] result evaluate(const portfolio& p, date as_of) const;
  // The same evaluation with its reasons (SPEC §12): what decided each level,
  // how each unit is credited, why a unit named by a requirement is not, and
  // every requirement node's value. Throws as evaluate() does. Thread-safe.
  [[nodiscard]] explanation explain(const portfolio& p, date as_of) const;
  // The advice of SPEC §12 for `diploma`: the minimal plans of units to take,
  // found by an exact search that runs this evaluator on the portfolio with the
  // plan's units added (docs/language.md, "Advice"); deterministic for the same
  // inputs and options. Throws input_error (E046) for an unknown diploma id and
  // as evaluate() does. Thread-safe.
  [[nodiscard]] advice advise(const portfolio& p, std::string_view diploma, date as_of,
                              const advice_options& options = {}) const;
  // The cheapest plan of every person of a population for `diploma` (top 1), on
  // `options.threads` threads. Throws input_error (E046) for an unknown diploma
  // and as evaluate_batch() does for bad input. Thread-safe.
  [[nodiscard]] advice_batch advise_batch(const population_view& pop, std::string_view diploma,
                                          const advice_batch_options& options) const;

  // What adding `added` to `p` changes at `as_of` (docs/language.md, "What
  // if"): `p` and `p` with `added` appended are each evaluated as evaluate()
  // does, and each diploma's hours to complete come from advise() on each
  // (its first plan, options.max_steps per search; options.top is not used),
  // for every diploma not complete on that side. Each added achievement needs
  // a unit the rules have, no two the same unit, and a date on or before
  // `as_of` (else input_error E080); its marks must be the rules' (E081) and
  // its `hours` a number >= 0 (E082). Throws as advise() does otherwise.
  // The searches run on all cores. Thread-safe.
  [[nodiscard]] what_if_result what_if(const portfolio& p, const std::vector<achievement>& added, date as_of,
                                       const advice_options& options = {}) const;
  // The course chooser: among the candidate units of advise() for `diploma`
  // (eligible, and able to change the diploma's outcome) with declared hours
  // > 0, the up to `top` that lower its hours to complete most per hour of
  // study, each with its what_if() for the achievement advice takes for a unit
  // ({unit, date: as_of, exempt: true}: its credit_when taken to hold). Ordered
  // by saved_per_hour, highest first, then unit id in byte order; a unit that
  // lowers nothing is left out, and so is every unit when the diploma is
  // complete or no plan completes it. Throws input_error (E046) for an unknown
  // diploma and as what_if() does. The searches run on all cores. Thread-safe.
  [[nodiscard]] std::vector<course_option> course_options(const portfolio& p, std::string_view diploma,
                                                          date as_of, std::size_t top = 5,
                                                          const advice_options& options = {}) const;

  // Evaluates a whole population on `options.threads` threads. Throws input_error
  // for bad input (unknown mark, inconsistent person attribute), naming file:line
  // when the population came from a CSV file. Evaluation errors are collected per person.
  [[nodiscard]] batch_result evaluate_batch(const population& pop, const batch_options& options) const;
  // The same over borrowed columns. Every column's size and code is checked
  // first: a malformed view is an input_error, never a read out of bounds.
  [[nodiscard]] batch_result evaluate_batch(const population_view& pop, const batch_options& options) const;

  // Runs the ruleset's own `tests:` (SPEC §2.6): those whose name contains
  // `name_filter` (case-sensitive; empty: all), in the order written.
  [[nodiscard]] std::vector<test_outcome> run_tests(std::string_view name_filter = {}) const;

  // The reference graph (units, equivalences, diplomas, requirements) in Graphviz dot.
  [[nodiscard]] std::string graph_dot() const;

  [[nodiscard]] const detail::program& program() const { return *program_; }

 private:
  friend class detail::ruleset_factory;
  explicit ruleset(std::shared_ptr<const detail::program> program);

  std::shared_ptr<const detail::program> program_;
};

// An overlay held in memory (a scenario built in code): its YAML text, checked as
// a rules file is (UTF-8, the node budget), and the name diagnostics give it.
struct overlay_text {
  std::string yaml;
  std::string name;  // empty: `<overlay N>`, N its 1-based place in compile_options::overlays
};

// One overlay of compile_options::overlays: a file, or an overlay_text. Anything
// a std::filesystem::path is made from (a path, a std::string, a C string) is a
// file, read as rules files are (regular files only); a text is an overlay_text:
//   options.overlays = {"scenarios/nrto-national.yaml", civeff::overlay_text{yaml}};
class overlay_source {
 public:
  // Implicit, as the element type of a list of paths.
  template <std::convertible_to<std::filesystem::path> Path>
  overlay_source(const Path& file) : source_(std::filesystem::path(file)) {}
  overlay_source(overlay_text text) : source_(std::move(text)) {}

  // The file; nullptr for a text.
  [[nodiscard]] const std::filesystem::path* file() const {
    return std::get_if<std::filesystem::path>(&source_);
  }
  // The text; nullptr for a file.
  [[nodiscard]] const overlay_text* text() const { return std::get_if<overlay_text>(&source_); }

 private:
  std::variant<std::filesystem::path, overlay_text> source_;
};

struct compile_options {
  // Applied in order (SPEC §2.7), files and texts alike. A file is read from the
  // file system, also when the ruleset itself is in memory.
  std::vector<overlay_source> overlays;
  // An include (or glob match) that resolves outside the folder of the root
  // file, by `..`, an absolute path or a symlink, is E008 unless this is set.
  bool allow_outside_includes = false;
  // Called with each rule file (root, includes, overlays) before it is read from
  // the file system (not for in-memory files or overlay texts). It may throw (an
  // input_error, say) to stop: the command-line tool refuses to read a rules file
  // that its `--out` would overwrite. The exception leaves compile().
  std::function<void(const std::filesystem::path&)> before_read = nullptr;
  // Runs the deep checks (warnings W020-W027, docs/language.md "Deep checks")
  // on a ruleset without errors, as `civeff check` does. They never make an error.
  bool deep_checks = false;
};

// A rules text as compile() read it: the name diagnostics give it and its bytes.
struct rule_text {
  std::string name;
  std::string text;
};

struct compile_result {
  std::shared_ptr<const ruleset> rules;  // null when there are errors
  std::vector<diagnostic> diagnostics;   // sorted by file, line, column
  // Every rules text read, in reading order (the root, its includes, then the
  // overlays), as read: what the rules were compiled from, e.g. to hash for a
  // cache key. A file that could not be read is not here.
  std::vector<rule_text> sources;
  [[nodiscard]] bool ok() const { return rules != nullptr; }
};

// Loads, checks and compiles a ruleset directory (with ruleset.yaml) or file.
// Never throws for bad rules: every problem found is a diagnostic. The YAML of
// the included files is parsed a few files ahead on helper threads (one per core,
// at most 8; none on one core), which the call joins before it returns; every
// callback (before_read, a rule_loader) and everything else runs on the calling
// thread, in include order, so results and diagnostics do not depend on it.
compile_result compile(const std::filesystem::path& path, const compile_options& options = {});

// The same for a ruleset held in memory: `files` maps relative names with `/`
// separators to texts, the root being `ruleset.yaml` (`units/a.yaml` is what an
// include `units/*.yaml` matches). Diagnostics name files by these names; a name
// that is not such a path is E001. Includes never leave these files (an absolute
// or `..` pattern is E008, whatever options.allow_outside_includes says) and no
// include reads the file system; overlay files in `options` are read from it.
compile_result compile(const std::map<std::string, std::string>& files, const compile_options& options = {});

// Reads one rules file for compile() (rules kept in a database, say): the text of
// the file at `path`, or nullopt when there is none. `path` is the root as given
// to compile(), or an include's pattern joined to the root's folder and made
// lexically normal (`db/nl-zorg/units/a.yaml` for the include `units/a.yaml` of
// the root `db/nl-zorg/ruleset.yaml`), with `/` separators.
using rule_loader = std::function<std::optional<std::string>(std::string_view path)>;

// The same with every rules file read through `loader`, starting at `root`: a
// relative path with `/` separators as the in-memory names above (anything else
// is E001). Diagnostics and compile_result::sources name files by the paths the
// loader was given; nullopt for the root is E001, for an include E008 (it matches
// no file). The loader cannot list a folder, so an include names its files: a
// wildcard (`units/*.yaml`) is E066. Includes stay in the root's folder (E008, as
// for in-memory files) and never read the file system; overlay files in `options`
// are read from it, and a test's `overlay:` through the loader. The loader is
// called from the calling thread, at most once per path; what it throws leaves
// compile(). An empty `loader` is std::invalid_argument.
compile_result compile(const rule_loader& loader, std::string_view root = "ruleset.yaml",
                       const compile_options& options = {});

// compile() that throws rule_error with all diagnostics when there is any error.
std::shared_ptr<const ruleset> load(const std::filesystem::path& path, const compile_options& options = {});
std::shared_ptr<const ruleset> load(const std::map<std::string, std::string>& files,
                                    const compile_options& options = {});
std::shared_ptr<const ruleset> load(const rule_loader& loader, std::string_view root = "ruleset.yaml",
                                    const compile_options& options = {});

// ---------------------------------------------------------------- the overview

enum class catalog_format : std::uint8_t { html, markdown };

// The overview the care field asks for: every quality mark (issuer, what it
// attests, the level it gives under which conditions and for how long), every
// unit with its equivalences, every diploma with its requirement tree, sources as
// links. HTML is one self-contained page (no network) with a search box.
// `language` overrides the ruleset's `language:` (nullopt: the ruleset's, else
// English); headings, explanations, statuses and conditions are written in it,
// while titles, notes and sources stay as the rules wrote them.
// The page is drawn from the rules as compile() read them (overlays applied), so
// it shows rules from files, in-memory files or a loader alike. Thread-safe.
std::string render_catalog(const ruleset& rules, catalog_format format,
                           std::optional<text_language> language = std::nullopt);

// ---------------------------------------------------------------- the person's report

enum class report_format : std::uint8_t { html, markdown };

struct report_options {
  // The language of the page's own texts; nullopt: the ruleset's `language:`,
  // else English. Titles and sources stay as the rules wrote them.
  std::optional<text_language> language = std::nullopt;
  // How the header's `civeff eval` command names the inputs. Empty: RULESET,
  // PORTFOLIO and each overlay as NAME.yaml, for the reader to fill in.
  std::string ruleset_path = {}, portfolio_path = {};
  std::vector<std::string> overlay_paths = {};
  // Further arguments the portfolio was read with (`--person ID`, `--encoding E`).
  std::vector<std::string> read_arguments = {};
  // The search of each diploma's cheapest plan (ruleset::advise); `top` is always 1.
  advice_options advice = {};
};

// One person's civil-effect statement (`civeff report`, docs/report.md): who and
// as of when, the ruleset, its version, overlays and a content hash of rules and
// portfolio, the `civeff eval` command that reproduces every figure; every
// training with its level per scale, what decided it, until when it holds and
// whether it counts; each credited unit and its route in words; each diploma's
// status, progress, missing parts, hours to complete with the cheapest plan, and
// its requirement tree; the sources of every rule the page names. Every figure is
// the engine's (ruleset::explain, ruleset::advise per diploma). HTML is one
// self-contained page (no network, no script, print CSS) whose figures carry
// `data-` attributes; Markdown holds the same text. Deterministic: no clock is
// read. Throws as ruleset::explain and ruleset::advise do. Thread-safe.
std::string render_report(const ruleset& rules, const portfolio& p, date as_of, report_format format,
                          const report_options& options = {});

struct pdf_options {
  // How long Chromium may take; longer is input_error E086 (it is stopped).
  std::chrono::milliseconds timeout{60'000};
  // The browser; empty: $CIVEFF_CHROMIUM, else `chromium` on PATH (Debian's package).
  std::string chromium = {};
};

// `html` printed to PDF by headless Chromium (`chromium --headless --no-sandbox
// --print-to-pdf`), run without a shell on a page in a fresh temporary folder
// (removed afterwards) with a profile of its own; the PDF's bytes. Throws
// input_error E084 when no Chromium is found, E085 when it fails or writes no
// PDF, E086 when it takes longer than options.timeout, E087 when the temporary
// files cannot be written. Thread-safe (each call its own folder).
std::string print_pdf(std::string_view html, const pdf_options& options = {});

// ---------------------------------------------------------------- input readers

// Reads a portfolio in YAML or JSON (SPEC §3), checks its marks against `rules`
// and converts the values of `rules`' declared attributes (SPEC §11); the
// warnings of that conversion are in the result's `warnings`. A file whose top
// level is a list is an Open Badges 3.0 portfolio: each credential (an
// OpenBadgeCredential object, or a JWT-VC string decoded without verification)
// becomes an achievement through `rules`' `badges:` entries, W016 when none
// matches, W017 for one without a proof (docs/language.md, "Open Badges 3.0
// portfolios"). Throws input_error with file:line:column for any problem (with
// options.strict, for every W010, W011 and W016 as well). A FIFO is read once,
// as a stream.
portfolio read_portfolio(const std::filesystem::path& path, const ruleset& rules, const read_options& options = {});
// The same from text in `options.encoding`; `file_name` is used in diagnostics.
portfolio parse_portfolio(std::string_view text, std::string_view file_name, const ruleset& rules,
                          const read_options& options = {});

// Reads a population CSV (SPEC §3, §9, §11): the separator of the header line
// (`,`, `;` or TAB), RFC 4180 quoting, CRLF or LF, a UTF-8 byte-order mark
// skipped, empty cells absent. With `rules`, the values of its declared
// attributes are converted, unknown marks (E042) and unknown columns (W011)
// are found while reading, and unit ids differing only in case are W013.
// Person attributes that differ between one person's rows are E045 either way.
// Throws input_error with file:line:column naming every independent problem
// (at most 100, then a count). A FIFO is read once, as a stream.
population read_population_csv(const std::filesystem::path& path, const ruleset* rules = nullptr,
                               const read_options& options = {});
population parse_population_csv(std::string_view text, std::string_view file_name, const ruleset* rules = nullptr,
                                const read_options& options = {});

// ---------------------------------------------------------------- writing CSV

// `--csv-dialect`: RFC 4180 (`,`, `.` decimals, LF) or what Dutch Excel opens
// as it is (`;`, decimal comma, CRLF, a UTF-8 byte-order mark first).
enum class csv_dialect : std::uint8_t { rfc4180, excel_nl };
// "rfc4180" or "excel-nl"; nullopt otherwise.
std::optional<csv_dialect> parse_csv_dialect(std::string_view name);

// The pieces of a CSV file in one dialect, for writers of their own tables.
struct csv_format {
  csv_dialect dialect = csv_dialect::rfc4180;
  [[nodiscard]] std::string_view preamble() const;  // the byte-order mark for excel_nl, else ""
  [[nodiscard]] char separator() const;
  [[nodiscard]] std::string_view line_end() const;
  // `s` as one field: quoted (`""` escapes) when it holds the separator, a quote, CR or LF.
  [[nodiscard]] std::string field(std::string_view s) const;
  // Shortest form (`1`, `0.5`, `0.3333`), with a decimal comma in excel_nl; 0 for non-finite.
  [[nodiscard]] std::string number(double x) const;
};

// Writes `batch` rows as the CSV of SPEC §7 (header included), in `dialect`.
std::string to_csv(const batch_result& batch, csv_dialect dialect = csv_dialect::rfc4180);
// The same text handed to `write` in pieces of about a megabyte, in order: a
// large batch is written out without holding its whole text (`civeff batch`).
void write_csv(const batch_result& batch, csv_dialect dialect,
               const std::function<void(std::string_view)>& write);
// Writes an advice_batch as `person,diploma,status,hours_to_complete,units,proven`
// (issue 12): hours empty when no plan exists, units `;`-joined in byte order.
std::string to_csv(const advice_batch& batch, csv_dialect dialect = csv_dialect::rfc4180);

// ---------------------------------------------------------------- full diff (SPEC §12)

// The three kinds of outcome a diff compares, in the order its rows are sorted.
enum class change_kind : std::uint8_t { diploma, level, credit };
std::string_view to_string(change_kind k);  // "diploma", "level", "credit"

// One changed outcome of one person. Text cells are indices into
// diff_result::texts; `no_text` is an empty cell: the outcome does not exist on
// that side (no such diploma or scale, a null level, a unit not credited) or
// the cell does not apply to the row's kind.
struct change_row {
  static constexpr std::int32_t no_text = -1;
  change_kind kind = change_kind::diploma;
  std::uint32_t person = 0;       // index into diff_result::persons
  std::int32_t subject = no_text;  // diploma: its id; credit: the unit's id; level: no_text
  std::uint32_t achievement = 0;  // level: the achievement's 0-based position among the person's rows
  std::int32_t scale = no_text;   // level: the scale
  std::int32_t unit = no_text;    // level: the achievement's unit, else its title
  std::optional<date> when;       // level: the achievement's date
  // diploma: the status; level: the level's name; credit: the `via`.
  std::int32_t before = no_text, after = no_text;
  std::optional<date> date_before, date_after;            // credit: the credit's date
  std::optional<double> progress_before, progress_after;  // diploma
  std::int32_t missing_before = no_text, missing_after = no_text;  // diploma: the leaves, `;`-joined
  std::int32_t change = no_text;  // the summary's change: `none->partial`, `gained`, `via a->b`...
  std::int32_t cause = no_text;   // the changed rules the outcome uses, byte-ordered, `;`-joined
};

// A line of the summary: the changed rows of one kind, change and cause.
struct change_group {
  change_kind kind = change_kind::diploma;
  std::string change, cause;
  std::size_t rows = 0, people = 0;
  std::string example;  // the first of its people in byte order
};

struct diff_result {
  std::size_t compared = 0;                // persons evaluated on both sides
  std::vector<std::string> changed_rules;  // `section:id`, byte order
  std::vector<std::string> persons;        // the persons with a changed row, byte order
  std::vector<std::int32_t> person_codes;  // per person: its code in the population's person column
  std::vector<std::string> texts;          // every distinct text cell, once
  std::vector<change_row> rows;            // by person, kind, subject (positions as numbers), scale
  std::vector<change_group> summary;       // by kind, then most rows first, then change and cause
  std::vector<diagnostic> warnings;        // W012, once per mark of one side only
  std::vector<diagnostic> errors;          // evaluation errors; those persons are not compared
  // The text of a cell; "" for no_text.
  [[nodiscard]] std::string_view text(std::int32_t index) const;
};

// Compares a population's outcomes under `before` and `after` (SPEC §12). Per
// person: each diploma's status, progress and missing leaves (by id), each
// counted achievement's level per scale (achievements matched by position,
// levels by name), and each credit (by unit: credited or not, `via`, date).
// Every changed row names its cause: the changed rules (entries added, removed
// or defined differently, metadata ignored) that its outcome uses before or
// after. `before_pop` and `after_pop` are the same rows as each side's rules
// read them (pass one view twice when both declare the same attributes).
// Runs on options.threads threads with options.progress and options.stop as
// evaluate_batch does (stopped: an empty result). Throws input_error as
// evaluate_batch does, except that a mark only one side knows is absent on the
// other side and warning W012 in `warnings`; std::logic_error for a changed row
// without a cause (a bug in civeff). Thread-safe.
diff_result diff(const ruleset& before, const ruleset& after, const population_view& before_pop,
                 const population_view& after_pop, const batch_options& options);
diff_result diff(const ruleset& before, const ruleset& after, const population& pop, const batch_options& options);

// The rows as CSV (header `kind,person,subject,scale,unit,date,before,after,
// date_before,date_after,progress_before,progress_after,missing_before,
// missing_after,cause`), in `dialect`.
std::string to_csv(const diff_result& d, csv_dialect dialect = csv_dialect::rfc4180);
// `{"summary": [...], "rows": [...]}`: the summary's groups, and the rows with
// the CSV's keys and cells (a number for progress, null for an empty cell),
// 2-space indented, ending in '\n'.
std::string to_json(const diff_result& d);

// ---------------------------------------------------------------- snapshots

// The SHA-256 of `bytes`, as 64 lowercase hex digits (OpenSSL's libcrypto).
std::string sha256_hex(std::string_view bytes);

// One outcome of one person, as a row of the diff's CSV with one side: the
// cells of docs/language.md "Snapshots". `rules` are the rules the outcome uses
// (SPEC §12, as a diff's cause is found), `section:id`, byte order.
struct snapshot_row {
  change_kind kind = change_kind::diploma;
  std::string person;
  std::string subject;                        // diploma or unit id; a level's achievement position
  std::string scale, unit, date;              // level rows
  std::string value;                          // status, level or `via`
  std::string value_date, progress, missing;  // credit date; diploma progress and missing
  std::vector<std::string> rules;
  std::int64_t line = 0;  // where it was read; 0 for a row taken
};

// A population's outcomes under a ruleset at a date (`civeff snapshot`): every
// diploma of every person, every non-null level of a counted achievement, every
// credited unit, sorted by person, kind, subject (positions as numbers), scale.
struct snapshot {
  date as_of;
  std::string population_sha256;  // of the population file's bytes
  // Every rule of the ruleset (`section:id`) and the SHA-256 of its content
  // (its fingerprint, SPEC §12), by name.
  std::vector<std::pair<std::string, std::string>> rule_hashes;
  std::vector<snapshot_row> rows;
};

// Evaluates every person of `pop` at `as_of` with a trace and records each
// outcome with the rules it uses. Throws input_error as evaluate_batch does, and
// evaluation_error for the first person whose evaluation fails.
snapshot take_snapshot(const ruleset& rules, const population& pop, date as_of,
                       std::string population_sha256);

// The snapshot file: `# civeff snapshot as_of=D population=SHA256`, `# rules
// NAME=HASH;...`, then the CSV (RFC 4180) with the header `kind,person,subject,
// scale,unit,date,value,value_date,progress,missing,rules`.
std::string to_csv(const snapshot& s);
// Reads what to_csv wrote; anything else is input_error E063 at FILE:LINE:COLUMN.
snapshot parse_snapshot(std::string_view text, const std::string& file);

// A row whose outcome moved between two snapshots of one population: changed,
// or present on one side only. `cause` is the rules either side's row uses
// whose hash differs between the two snapshots (absent on a side: no hash),
// byte order.
struct snapshot_move {
  std::optional<snapshot_row> before, after;
  std::vector<std::string> cause;
};
// The moved rows, in row order (by the key of each); `unchanged` counts the rest.
std::vector<snapshot_move> compare_snapshots(const snapshot& before, const snapshot& after,
                                             std::size_t& unchanged);

// ---------------------------------------------------------------- coverage (docs/language.md, "Coverage")

// What kind of rule a coverage row counts, and what `fired` and `of` count for it:
// mark_case    a case of a mark on one scale: `of` the counted achievements carrying
//              the mark (implied ones too), `fired` those whose first matching case
//              on that scale it is (a lapsed mark's too: its case matched).
// credit_when  a unit's `credit_when`: `of` the counted, not exempted achievements of
//              the unit dated inside its window (`effective`, not lapsed at as_of),
//              where it is evaluated; `fired` those for which it holds.
// equivalence  `of` the persons whose credits include every source (a symmetric
//              group: one member at least); `fired` those to whom it adds a credit.
// requirement  a node of a diploma's requirement tree: `of` the persons for whom it
//              is evaluated and not left out; `fired` those for whom it holds.
enum class rule_kind : std::uint8_t { mark_case, credit_when, equivalence, requirement };
std::string_view to_string(rule_kind k);  // "mark_case", "credit_when", "equivalence", "requirement"

struct coverage_row {
  // `mark:ID/SCALE/CASE` (`mark:ID/SCALE` for a bare level), `unit:ID/credit_when`,
  // `equivalence:ID`, `diploma:ID/NODE` (NODE: the node's id, else its leaf name
  // as in `missing`, else its form; with `where` it names one node).
  std::string rule;
  rule_kind kind = rule_kind::mark_case;
  source_location where;  // where the rule is written
  std::uint64_t fired = 0, of = 0;
};

struct coverage_result {
  std::string ruleset, version;
  std::vector<std::string> overlays;
  date as_of;
  std::size_t persons = 0;       // persons evaluated (those that failed are not counted)
  std::size_t achievements = 0;  // their achievements (rows)
  std::size_t counted = 0;       // of which dated on or before as_of
  std::vector<coverage_row> rows;  // never fired first, then by file, line, column, rule
  std::vector<diagnostic> errors;  // evaluation errors, one per failed person, person order
  [[nodiscard]] std::size_t never_fired() const;
};

// How often each rule fires over a population: the same traced evaluation as
// `explain`, on options.threads threads with options.progress and options.stop
// as evaluate_batch (stopped: an empty result). Throws input_error as
// evaluate_batch does. Thread-safe.
coverage_result coverage(const ruleset& rules, const population_view& pop, const batch_options& options);
coverage_result coverage(const ruleset& rules, const population& pop, const batch_options& options);

// A summary line and the rows as an aligned table `rule kind file line fired of`.
std::string to_text(const coverage_result& c);
// `{"ruleset", "version", "overlays", "as_of", "persons", "achievements", "counted",
// "never_fired", "rules": [{rule, kind, file, line, fired, of}]}`, as to_json(result).
std::string to_json(const coverage_result& c);
// One self-contained HTML page (no network): the summary and the table, the rules
// that never fire marked. Every text is escaped.
std::string to_html(const coverage_result& c);

}  // namespace civeff
