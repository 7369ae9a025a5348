// SPDX-License-Identifier: Apache-2.0
// Declared attributes and input dialects (SPEC §11), and the reliability
// findings about reading inputs (F3, F4, F11, F12, F17, F18, F20): what
// Excel and HR systems write is read as meant, or flagged, never misread.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>

#include "core/input_values.hpp"
#include "io/csv_scanner.hpp"
#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const char* const declared_rules = R"(civeff: 1
ruleset: t
version: "1"
attributes:
  exam: {type: bool, title: Examen behaald}
  grade: {type: number, min: 1, max: 10}
  done: {type: date}
person_attributes:
  role: {type: text, values: [helpende, verzorgende]}
  cohort: {type: date}
scales:
  civil_effect: {levels: [none, internal, sector, national]}
marks:
  - {id: nrto, levels: {civil_effect: sector}}
units:
  - {id: K1006, kind: keuzedeel, hours: 240, credit_when: attrs.exam == true}
  - {id: K0618, kind: keuzedeel, hours: 240, credit_when: attrs.grade >= 5.5}
diplomas:
  - id: d
    requires: {all_of: [{unit: K1006}, {unit: K0618}]}
)";

std::string errors_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const input_error& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += d.format() + "\n";
    return out;
  }
  return "";
}

// Diagnostics printed with their file's name only (rules compile in a temporary folder).
std::string named_by_file(std::vector<diagnostic> diagnostics) {
  std::string out;
  for (auto& d : diagnostics) {
    d.where.file = std::filesystem::path(d.where.file).filename().string();
    for (auto& note : d.notes) note.where.file = std::filesystem::path(note.where.file).filename().string();
    out += d.format() + "\n";
  }
  return out;
}

std::string shown(const input_warnings& w) {
  std::string out;
  for (const auto& d : w.shown) out += d.format() + "\n";
  return out;
}

const attribute_column& column(const population& p, const std::string& name) {
  for (const auto& c : p.attributes)
    if (c.name == name) return c;
  throw std::runtime_error("no column " + name);
}

std::string text_at(const string_column& c, std::size_t row) {
  const std::int32_t code = c.codes[row];
  return code < 0 ? std::string() : c.categories[static_cast<std::size_t>(code)];
}

std::string statuses(const ruleset& rules, const population& pop) {
  const batch_result r = rules.evaluate_batch(pop, {.as_of = day("2024-01-01"), .threads = 1});
  return to_csv(r);
}

}  // namespace

TEST_CASE("SPEC 11: input values as people type them") {
  using namespace civeff::detail;
  for (const char* yes : {"true", "TRUE", "Waar", "WAAR", "ja", "JA", "yes", "1"})
    CHECK(parse_bool_spelling(yes) == true);
  for (const char* no : {"false", "ONWAAR", "nee", "No", "0"}) CHECK(parse_bool_spelling(no) == false);
  for (const char* neither : {"", "y", "2", "1.0", "waar ", "t"}) CHECK_FALSE(parse_bool_spelling(neither));

  CHECK(parse_decimal("7,5", false) == 7.5);
  CHECK(parse_decimal("-7.25", false) == -7.25);
  CHECK(parse_decimal("+3", false) == 3);
  CHECK(parse_decimal("1.000", false) == 1);
  CHECK_FALSE(parse_decimal("1.000", true));  // may be a thousand in a ;-file
  CHECK(parse_decimal("1.00", true) == 1);
  CHECK(parse_decimal("1,000", true) == 1);
  for (const char* bad : {"1e3", "1.000,5", "1,", ".5", "7,5,0", "1 000", "inf", "0x10", ""})
    CHECK_FALSE(parse_decimal(bad, false));

  CHECK(parse_typed_date("2023-05-01").day == date::from_ymd(2023, 5, 1));
  CHECK(parse_typed_date("1-5-2023").day == date::from_ymd(2023, 5, 1));
  CHECK(parse_typed_date("01-05-2023").day_first);
  CHECK(parse_typed_date("31-12-2023").day == date::from_ymd(2023, 12, 31));
  for (const char* bad : {"1/5/2023", "1.5.2023", "1-5-23", "2023-5-1", "1-5-2023 10:00", "32-1-2023"})
    CHECK_FALSE(parse_typed_date(bad).day);
  CHECK(parse_typed_date("05-13-2023").looks_month_first);
  CHECK_FALSE(parse_typed_date("13-13-2023").looks_month_first);  // no month 13 either way
  CHECK_FALSE(parse_typed_date("02-30-2023").looks_month_first);  // no 30 February
}

TEST_CASE("date::from_ymd throws for a day that does not exist, try_from_ymd gives nullopt") {
  CHECK_THROWS_AS((void)date::from_ymd(2026, 2, 31), std::invalid_argument);
  CHECK_THROWS_AS((void)date::from_ymd(2026, 13, 1), std::invalid_argument);
  CHECK_FALSE(date::try_from_ymd(2026, 2, 31));
  CHECK_FALSE(date::try_from_ymd(2026, 0, 1));
  CHECK(date::try_from_ymd(2024, 2, 29) == date::from_ymd(2024, 2, 29));
  CHECK_FALSE(date::try_from_ymd(2147483647, 1, 1));  // beyond the days an int32 counts
}

TEST_CASE("F04: Excel-style booleans, decimal commas and stray spaces are read as meant (declared attributes)") {
  const auto rs = rules(declared_rules);
  const std::string csv =
      "person,unit,date,exam,grade\n"
      "p-true,K1006,2023-05-01,true,\n"
      "p-TRUE,K1006,2023-05-01,TRUE,\n"
      "p-WAAR,K1006,2023-05-01,WAAR,\n"
      "p-ja,K1006,2023-05-01,ja,\n"
      "p-1,K1006,2023-05-01,1,\n"
      "p-space, K1006 ,2023-05-01, true ,\n"
      "p-komma,K0618,2023-05-01,,\"7,5\"\n"
      "p-punt,K0618,2023-05-01,,7.5\n";
  const population p = parse_population_csv(csv, "pop.csv", rs.get());
  CHECK(shown(p.warnings) == "");
  CHECK(statuses(*rs, p) ==
        "person,diploma,status,progress,missing\n"
        "p-1,d,partial,0.5,unit:K0618\n"
        "p-TRUE,d,partial,0.5,unit:K0618\n"
        "p-WAAR,d,partial,0.5,unit:K0618\n"
        "p-ja,d,partial,0.5,unit:K0618\n"
        "p-komma,d,partial,0.5,unit:K1006\n"
        "p-punt,d,partial,0.5,unit:K1006\n"
        "p-space,d,partial,0.5,unit:K0618\n"
        "p-true,d,partial,0.5,unit:K0618\n");
}

TEST_CASE("F04: what does not convert is W010 and left out, a unit id off by case is W013") {
  const auto rs = rules(declared_rules);
  const population p = parse_population_csv(
      "person,unit,date,exam,grade,person.role\n"
      "a,k1006,2023-05-01,misschien,11,stagiair\n"
      "b,K1006,2023-05-01,ja,0,helpende\n",
      "pop.csv", rs.get());
  CHECK(shown(p.warnings) ==
        "pop.csv:2:3: warning[W013]: unknown unit 'k1006'; did you mean 'K1006'? (unit ids match with case)\n"
        "pop.csv:2:20: warning[W010]: exam: 'misschien' is not a bool (true/false, ja/nee, waar/onwaar, yes/no, "
        "1/0); the value is left out\n"
        "pop.csv:2:30: warning[W010]: grade: 11 is above the maximum 10; the value is left out\n"
        "pop.csv:2:33: warning[W010]: person.role: 'stagiair' is not one of helpende, verzorgende; the value is left out\n"
        "pop.csv:3:23: warning[W010]: grade: 0 is below the minimum 1; the value is left out\n");
  CHECK(p.warnings.total == 5);
  CHECK(column(p, "exam").kinds[0] == attribute_column::cell::absent);
  CHECK(column(p, "exam").kinds[1] == attribute_column::cell::boolean);
}

TEST_CASE("SPEC 11: an undeclared column is W011 once, with a suggestion, and its values are ignored") {
  const auto rs = rules(declared_rules);
  const population p =
      parse_population_csv("person,date,unit,Exma,person.rol,notes\na,2023-05-01,K1006,true,x,y\n", "pop.csv", rs.get());
  CHECK(shown(p.warnings) ==
        "pop.csv:1:18: warning[W011]: column 'Exma' is not a declared attribute (did you mean 'exam'?); its values "
        "are ignored\n"
        "pop.csv:1:23: warning[W011]: column 'person.rol' is not a declared person attribute (did you mean "
        "'person.role'?); its values are ignored\n"
        "pop.csv:1:34: warning[W011]: column 'notes' is not a declared attribute; its values are ignored\n");
  CHECK(p.attributes.empty());
  // Header names match declared names and the fixed columns without regard to case.
  const population q = parse_population_csv("PERSON, Date ,UNIT,EXAM,Person.Role\na,2023-05-01,K1006,ja,helpende\n",
                                            "pop.csv", rs.get());
  CHECK(shown(q.warnings) == "");
  CHECK(column(q, "exam").kinds[0] == attribute_column::cell::boolean);
  CHECK(text_at(column(q, "role").texts, 0) == "helpende");
}

TEST_CASE("SPEC 11: --strict makes every W010 and W011 an error with the same code") {
  const auto rs = rules(declared_rules);
  const std::string csv = "person,date,exma,exam\na,2023-05-01,x,nope\nb,2023-05-01,x,WAAR\nc,2023-05-01,x,?\n";
  CHECK(errors_of([&] { (void)parse_population_csv(csv, "pop.csv", rs.get(), {.strict = true}); }) ==
        "pop.csv:1:13: error[W011]: column 'exma' is not a declared attribute (did you mean 'exam'?); its values "
        "are ignored\n"
        "pop.csv:2:16: error[W010]: exam: 'nope' is not a bool (true/false, ja/nee, waar/onwaar, yes/no, 1/0); the "
        "value is left out\n"
        "pop.csv:4:16: error[W010]: exam: '?' is not a bool (true/false, ja/nee, waar/onwaar, yes/no, 1/0); the "
        "value is left out\n");
  CHECK_NOTHROW((void)parse_population_csv(csv, "pop.csv", rs.get()));
}

TEST_CASE("SPEC 11: warnings show the first 20 in file order and count them all") {
  const auto rs = rules(declared_rules);
  std::string csv = "person,date,grade\n";
  for (int i = 0; i < 50; ++i) csv += fmt::format("p{},2023-05-01,{}\n", i, i % 2 == 0 ? "x" : "7");
  const population p = parse_population_csv(csv, "pop.csv", rs.get());
  CHECK(p.warnings.total == 25);
  REQUIRE(p.warnings.shown.size() == input_warnings::shown_limit);
  CHECK(p.warnings.shown.front().where.line == 2);
  CHECK(p.warnings.shown.back().where.line == 40);
}

TEST_CASE("SPEC 11: a date column that looks month-first fails its day-first values") {
  const auto rs = rules(declared_rules);
  const population p = parse_population_csv(
      "person,date,done,person.cohort\n"
      "a,2023-05-01,05-13-2023,1-9-2021\n"
      "b,2023-05-01,1-5-2023,2021-09-01\n"
      "c,2023-05-01,2023-05-01,01-09-2021\n",
      "pop.csv", rs.get());
  CHECK(shown(p.warnings) ==
        "pop.csv:2:14: warning[W010]: done: '05-13-2023': this column looks month-first (MM-DD-YYYY); the value is "
        "left out\n"
        "pop.csv:3:14: warning[W010]: done: '1-5-2023': this column looks month-first (MM-DD-YYYY), as "
        "'05-13-2023' on line 2 shows; the value is left out\n");
  CHECK(column(p, "done").kinds[2] == attribute_column::cell::date);
  const auto& cohort = column(p, "cohort");  // day-first throughout: read as such
  CHECK(number_at(cohort, 0) == date::from_ymd(2021, 9, 1).days_since_epoch());
  CHECK(number_at(cohort, 2) == number_at(cohort, 0));
}

TEST_CASE("F12: an Excel-NL file (semicolon, BOM, CRLF, D-M-YYYY) reads as its clean twin") {
  const auto rs = rules(declared_rules);
  const std::string clean =
      "person,unit,title,date,hours,marks,exam,grade,person.role,person.cohort\n"
      "p1,K1006,\"Zorg, palliatief\",2023-05-01,7.5,nrto,true,,verzorgende,2021-08-01\n"
      "p1,K0618,,2023-06-01,,,false,\"6,5\",verzorgende,2021-08-01\n"
      "p2,K1006,,2023-05-09,,,,,,\n";
  const std::string excel =
      "\xEF\xBB\xBFperson;unit;title;date;hours;marks;exam;grade;person.role;person.cohort\r\n"
      "p1;K1006;Zorg, palliatief;1-5-2023;7,5;nrto;WAAR;;verzorgende;01-08-2021\r\n"
      "p1;K0618;;1-6-2023;;;ONWAAR;6,5;verzorgende;1-8-2021\r\n"
      "p2;K1006;;9-5-2023;;;;;;\r\n";
  const population a = parse_population_csv(clean, "clean.csv", rs.get());
  const population b = parse_population_csv(excel, "excel.csv", rs.get());
  CHECK(shown(a.warnings) == "");
  CHECK(shown(b.warnings) == "");
  CHECK(statuses(*rs, a) == statuses(*rs, b));
  CHECK(a.dates == b.dates);
  CHECK(a.hours[0] == b.hours[0]);
  CHECK(text_at(b.title, 0) == "Zorg, palliatief");
  // A tab separates as well.
  const std::string tabs =
      "person\tunit\ttitle\tdate\thours\tmarks\texam\tgrade\tperson.role\tperson.cohort\n"
      "p1\tK1006\tZorg, palliatief\t2023-05-01\t7.5\tnrto\ttrue\t\tverzorgende\t2021-08-01\n"
      "p1\tK0618\t\t2023-06-01\t\t\tfalse\t6.5\tverzorgende\t2021-08-01\n"
      "p2\tK1006\t\t2023-05-09\t\t\t\t\t\t\n";
  CHECK(statuses(*rs, parse_population_csv(tabs, "tabs.tsv", rs.get())) == statuses(*rs, a));
}

TEST_CASE("F11: invalid UTF-8 is E043 at its line and column, Windows-1252 is read with --encoding") {
  const std::string latin1 = "person,title,date\np1,caf\xE9 au lait,2023-05-01\n";
  CHECK(errors_of([&] { (void)parse_population_csv(latin1, "pop.csv"); }) ==
        "pop.csv:2:7: error[E043]: invalid UTF-8 (byte 0xE9); if the file comes from Windows or Excel, read it "
        "as cp1252 (--encoding cp1252, Python encoding=\"cp1252\"), or save it as UTF-8\n");
  // A UTF-8 byte-order mark says the file is UTF-8: the stray byte is a mix, not Windows-1252.
  const std::string mixed = "\xEF\xBB\xBF" + latin1;
  CHECK(errors_of([&] { (void)parse_population_csv(mixed, "pop.csv"); }) ==
        "pop.csv:2:7: error[E043]: invalid UTF-8 (byte 0xE9) in a file that starts with a UTF-8 byte-order mark: "
        "it mixes encodings; save it again as UTF-8\n");
  // Read as cp1252 anyway, the mark is not taken for text: the header still has its person column.
  CHECK(text_at(parse_population_csv(mixed, "pop.csv", nullptr, {.encoding = text_encoding::cp1252}).title, 0) ==
        "caf\xC3\xA9 au lait");
  const population p = parse_population_csv(latin1, "pop.csv", nullptr, {.encoding = text_encoding::cp1252});
  CHECK(text_at(p.title, 0) == "caf\xC3\xA9 au lait");
  const population euro =
      parse_population_csv("person,title,date\np1,\x80 5,2023-05-01\n", "pop.csv", nullptr, {.encoding = text_encoding::cp1252});
  CHECK(text_at(euro.title, 0) == "\xE2\x82\xAC 5");
  const population latin = parse_population_csv("person,title,date\np1,\x80,2023-05-01\n", "pop.csv", nullptr,
                                                {.encoding = text_encoding::latin1});
  CHECK(text_at(latin.title, 0) == "\xC2\x80");
  CHECK(errors_of([&] { (void)parse_population_csv("\xFF\xFEp\0e\0", "pop.csv"); }) ==
        "pop.csv:1:1: error[E043]: the file is UTF-16; save it as CSV UTF-8 (or UTF-8 text)\n");
  const auto rs = rules(declared_rules);
  CHECK(errors_of([&] {
          (void)parse_portfolio("person: p\xE9\nachievements: []\n", "p.yaml", *rs);
        }) == "p.yaml:1:10: error[E041]: invalid UTF-8 (byte 0xE9); if the file comes from Windows or Excel, read "
              "it as cp1252 (--encoding cp1252, Python encoding=\"cp1252\"), or save it as UTF-8\n");
  const portfolio decoded =
      parse_portfolio("person: p\xE9\nachievements: []\n", "p.yaml", *rs, {.encoding = text_encoding::cp1252});
  CHECK(decoded.person == "p\xC3\xA9");
}

TEST_CASE("F11: parse_text_encoding knows the names --encoding takes") {
  CHECK(parse_text_encoding("UTF-8") == text_encoding::utf8);
  CHECK(parse_text_encoding("windows-1252") == text_encoding::cp1252);
  CHECK(parse_text_encoding("CP1252") == text_encoding::cp1252);
  CHECK(parse_text_encoding("ISO-8859-1") == text_encoding::latin1);
  CHECK(parse_text_encoding("latin-1") == text_encoding::latin1);
  CHECK_FALSE(parse_text_encoding("utf-16"));
}

TEST_CASE("F18: line numbers past 2^31 are counted, not overflowed") {
  const std::string text = "a,b\nc,d\n\"e\nf\",g\nh,\"i\n";
  const std::int64_t first = 2147483646;
  detail::csv_scanner scanner(text.data(), text.data() + text.size(), "big.csv", first, false, ',');
  std::vector<detail::cell_ref> cells;
  std::int64_t line = 0;
  REQUIRE(scanner.next_record(cells, line));
  CHECK(line == 2147483646);
  REQUIRE(scanner.next_record(cells, line));
  CHECK(line == 2147483647);
  REQUIRE(scanner.next_record(cells, line));
  CHECK(line == 2147483648);
  CHECK_FALSE(scanner.next_record(cells, line));  // the unterminated quote
  REQUIRE(scanner.diagnostics().all().size() == 1);
  CHECK(scanner.diagnostics().all().front().format() == "big.csv:2147483650:3: error[E043]: unterminated quoted field");
}

TEST_CASE("F20: a bad date, an unknown mark and differing person attributes are reported together") {
  const auto rs = rules(declared_rules);
  CHECK(errors_of([&] {
          (void)parse_population_csv(
              "person,date,marks,person.role\n"
              "a,2023-02-30,,helpende\n"
              "b,2023-05-01,nrto;nrto2,helpende\n"
              "b,2023-05-01,nrto2,verzorgende\n",
              "pop.csv", rs.get());
        }) == "pop.csv:2:3: error[E044]: '2023-02-30' is not a date (YYYY-MM-DD or D-M-YYYY)\n"
              "pop.csv:3:14: error[E042]: unknown mark 'nrto2'; did you mean 'nrto'?\n"
              "pop.csv:4:20: error[E045]: person 'b' has two values for person.role: 'helpende' (line 3) and "
              "'verzorgende'\n");
}

TEST_CASE("F20: a person whose evaluation fails is not counted in the level summary") {
  const auto rs = rules(R"(civeff: 1
ruleset: t
version: "1"
scales:
  civil_effect: {levels: [none, internal]}
marks:
  - {id: m, levels: {civil_effect: internal}}
units:
  - {id: R, kind: course, credit_when: 10 / attrs.n > 1}
diplomas:
  - {id: d, requires: {unit: R}}
)");
  const population p = parse_population_csv(
      "person,unit,date,marks,n\nfails,R,2023-01-01,m,0\nfails,R,2023-02-01,m,0\nfine,R,2023-01-01,m,2\n", "pop.csv",
      rs.get());
  const batch_result r = rs->evaluate_batch(p, {.as_of = day("2024-01-01"), .threads = 1});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.persons == std::vector<std::string>{"fine"});
  CHECK(r.level_counts[0] == std::vector<std::uint64_t>{0, 1, 0});  // none, internal, null: only "fine"
}

TEST_CASE("F03: differing person attributes list the first 100, then one count line") {
  std::string csv = "person,unit,date,person.role\n";
  for (int i = 0; i < 150; ++i) csv += fmt::format("p{:03},U,2023-05-01,verzorgende\np{:03},U,2023-05-01,helpende\n", i, i);
  const std::string errors = errors_of([&] { (void)parse_population_csv(csv, "conflict.csv"); });
  CHECK(errors.find("conflict.csv:3:19: error[E045]: person 'p000' has two values for person.role: "
                    "'verzorgende' (line 2) and 'helpende'\n") == 0);
  CHECK(std::count(errors.begin(), errors.end(), '\n') == 101);
  CHECK(errors.substr(errors.rfind("conflict.csv:", errors.size() - 2)) ==
        "conflict.csv: error[E045]: 50 more persons with two values for a person attribute are not listed; give "
        "every row of a person the value that counts now (the language reference, \"Exports from Excel and HR "
        "systems\")\n");
  // Trimmed texts compare (SPEC 11): a stray space is no second value.
  CHECK_NOTHROW((void)parse_population_csv("person,date,person.role\na,2023-05-01,helpende\na,2023-05-01, helpende\n",
                                           "pop.csv"));
}

TEST_CASE("SPEC 11: declared attributes in a portfolio are converted, undeclared ones are W011 once") {
  const auto rs = rules(declared_rules);
  const portfolio p = parse_portfolio(R"(person: p-1
attrs: {role: " verzorgende ", cohort: 1-8-2021, rol: x}
achievements:
  - {unit: K1006, date: 2023-05-01, attrs: {exam: ja, exma: true}}
  - {unit: K0618, date: 2023-05-01, attrs: {grade: "6,5", exam: 1.0, exma: false}}
  - {unit: K0618, date: 2023-05-01, attrs: {grade: 11, done: 05-13-2023}, exempt: WAAR}
)",
                                      "p.yaml", *rs);
  CHECK(std::get<std::string>(p.attrs.at("role")) == "verzorgende");
  CHECK(std::get<date>(p.attrs.at("cohort")) == date::from_ymd(2021, 8, 1));
  CHECK(std::get<bool>(p.achievements[0].attrs.at("exam")));
  CHECK(std::get<double>(p.achievements[1].attrs.at("grade")) == 6.5);
  CHECK(std::get<bool>(p.achievements[1].attrs.at("exam")));  // a YAML number equal to 1
  CHECK(p.achievements[2].attrs.empty());
  CHECK(p.achievements[2].exempt);
  CHECK(shown(p.warnings) ==
        "p.yaml:2:55: warning[W011]: person attribute 'rol' is not declared (did you mean 'role'?); it is ignored\n"
        "p.yaml:4:61: warning[W011]: attribute 'exma' is not declared (did you mean 'exam'?); it is ignored\n"
        "p.yaml:6:52: warning[W010]: grade: 11 is above the maximum 10; the value is left out\n"
        "p.yaml:6:62: warning[W010]: done: '05-13-2023': this column looks month-first (MM-DD-YYYY); the value "
        "is left out\n");
  CHECK(errors_of([&] { (void)parse_portfolio("person: p\nattrs: {rol: x}\nachievements: []\n", "p.yaml", *rs, {.strict = true}); }) ==
        "p.yaml:2:14: error[W011]: person attribute 'rol' is not declared (did you mean 'role'?); it is ignored\n");
}

TEST_CASE("SPEC 11: E026, E027 and E031 check rules against the declarations") {
  const auto text_of = [](const std::string& yaml) { return named_by_file(diagnostics_of(yaml)); };
  const std::string head = R"(civeff: 1
ruleset: t
version: "1"
attributes:
  exam: {type: bool}
  grade: {type: number}
person_attributes:
  role: {type: text, values: [helpende, verzorgende]}
units:
)";
  CHECK(text_of(head + "  - {id: U, kind: k, credit_when: attrs.exma == true}\n") ==
        "ruleset.yaml:10:35: error[E026]: unknown attribute 'exma'; did you mean 'exam'?\n");
  CHECK(text_of(head + "  - {id: U, kind: k, credit_when: person.rol == \"x\"}\n") ==
        "ruleset.yaml:10:35: error[E026]: unknown person attribute 'rol'; did you mean 'role'?\n");
  CHECK(text_of(head + "  - {id: U, kind: k, credit_when: person.role == \"verzorgend\"}\n") ==
        "ruleset.yaml:10:50: error[E027]: 'verzorgend' is not a value of attribute 'role' (helpende, "
        "verzorgende); did you mean 'verzorgende'?\n");
  CHECK(text_of(head + "  - id: U\n    kind: k\n    credit_when: person.role in [\"helpende\", \"x\"]\n") ==
        "ruleset.yaml:12:46: error[E027]: 'x' is not a value of attribute 'role' (helpende, verzorgende)\n");
  CHECK(text_of(head + "  - {id: U, kind: k, credit_when: attrs.grade >= \"7\"}\n") ==
        "ruleset.yaml:10:50: error[E031]: attribute 'grade' is declared number; a string does not compare with it\n");
  CHECK(text_of(head + "  - {id: U, kind: k, credit_when: true == attrs.exam}\n") == "");
  CHECK(text_of(head + "  - {id: U, kind: k, credit_when: attrs.exam == -1}\n") ==
        "ruleset.yaml:10:49: error[E031]: attribute 'exam' is declared bool; a number does not compare with it\n");
  CHECK(text_of(head + "  - {id: U, kind: k}\ndiplomas:\n  - {id: d, requires: {sum: {attr: exam, min: 1, of: {kind: k}}}}\n") ==
        "ruleset.yaml:12:36: error[E031]: attribute 'exam' is declared bool; `sum` adds numbers\n");
  CHECK(text_of(head + "  - {id: U, kind: k}\ndiplomas:\n  - {id: d, requires: {check: 'avg_of(attr = \"exam\") > 1'}}\n") ==
        "ruleset.yaml:12:47: error[E031]: attribute 'exam' is declared bool; `avg_of` adds numbers\n");
  // A rule that writes attrs. for a person attribute is told which section declares it.
  CHECK(text_of(head + "  - {id: U, kind: k, credit_when: attrs.role == \"x\"}\n") ==
        "ruleset.yaml:10:35: error[E026]: unknown attribute 'role'; did you mean 'person.role'?\n");
  CHECK(text_of(head + "  - {id: U, kind: k}\ndiplomas:\n  - {id: d, requires: {sum: {attr: grde, min: 1, of: {kind: k}}}}\n") ==
        "ruleset.yaml:12:36: error[E026]: unknown attribute 'grde'; did you mean 'grade'?\n");
  // Declaring nothing keeps the language as it was: any name may be read.
  CHECK(text_of("civeff: 1\nruleset: t\nversion: \"1\"\nunits:\n  - {id: U, kind: k, credit_when: attrs.anything == 1}\n") ==
        "");
  // A declared but empty section makes every name unknown.
  CHECK(text_of("civeff: 1\nruleset: t\nversion: \"1\"\nattributes: {}\nunits:\n  - {id: U, kind: k, credit_when: attrs.x == 1}\n") ==
        "ruleset.yaml:6:35: error[E026]: unknown attribute 'x'\n");
}

TEST_CASE("SPEC 11: names equal but for case, or named like a CSV column, are refused") {
  const std::string text = named_by_file(diagnostics_of(
      "civeff: 1\nruleset: t\nversion: \"1\"\nattributes:\n  exam: {type: bool}\n  Exam: {type: bool}\n"
      "  Date: {type: date}\nperson_attributes:\n  date: {type: date}\n"));
  CHECK(text ==
        "ruleset.yaml:6:3: error[E009]: attribute 'Exam' is declared twice: CSV headers match names without regard "
        "to case, and 'exam' is declared already\nruleset.yaml:5:3: note: 'exam' is declared here\n"
        "ruleset.yaml:7:3: error[E007]: attribute 'Date' has the name of a population column (person, unit, title, "
        "date, hours, marks, exempt); choose another name\n");
}

TEST_CASE("SPEC 11: exempt in a portfolio takes the bool spellings and the numbers 1 and 0") {
  const auto rs = rules(declared_rules);
  const portfolio p = parse_portfolio(
      "person: p\nachievements:\n  - {unit: K1006, date: 2023-05-01, exempt: 1.0}\n"
      "  - {unit: K1006, date: 2023-05-01, exempt: \"nee\"}\n  - {unit: K1006, date: 2023-05-01, exempt: WAAR}\n",
      "p.yaml", *rs);
  CHECK(p.achievements[0].exempt);
  CHECK_FALSE(p.achievements[1].exempt);
  CHECK(p.achievements[2].exempt);
  CHECK(errors_of([&] {
          (void)parse_portfolio("person: p\nachievements:\n  - {unit: K1006, date: 2023-05-01, exempt: 2}\n", "p.yaml",
                                *rs);
        }) == "p.yaml:3:45: error[E041]: `exempt` must be true or false (or ja/nee, waar/onwaar, yes/no, 1/0), not "
              "'2'\n");
}

TEST_CASE("SPEC 11: declarations are checked and overlays replace them by name") {
  const auto text_of = [](const std::string& yaml) { return named_by_file(diagnostics_of(yaml)); };
  CHECK(text_of("civeff: 1\nruleset: t\nversion: \"1\"\nattributes:\n  a: {type: integer}\n  b: {type: bool, values: [x]}\n"
                "  c: {type: text, min: 1}\n  d: {type: number, min: 5, max: 1}\n  e: {title: x}\n") ==
        "ruleset.yaml:5:13: error[E007]: attribute 'a': type 'integer' is not one of bool, number, text, date\n"
        "ruleset.yaml:6:3: error[E007]: attribute 'b': `values` belongs to a text attribute, not a bool\n"
        "ruleset.yaml:7:24: error[E007]: attribute 'c': `min` belongs to a number attribute, not a text\n"
        "ruleset.yaml:8:34: error[E012]: attribute 'd': `max` (1) is below `min` (5)\n"
        "ruleset.yaml:9:6: error[E006]: attribute 'e' needs `type`\n");
  temp_dir dir;
  const auto base = dir.write("ruleset.yaml", std::string(declared_rules));
  const auto overlay = dir.write("o.yaml", "civeff: 1\noverlay: o\nattributes:\n  grade: {type: number, min: 1, max: 5}\n");
  const compile_result r = compile(base, {.overlays = {overlay}});
  REQUIRE(r.ok());
  const auto* declared = r.rules->declared_attributes(false);
  REQUIRE(declared != nullptr);
  REQUIRE(declared->size() == 3);
  CHECK((*declared)[1].name == "grade");
  CHECK((*declared)[1].max == 5);
  CHECK(r.rules->declared_attributes(true)->size() == 2);
  CHECK(rules("civeff: 1\nruleset: t\nversion: \"1\"\n")->declared_attributes(false) == nullptr);
}

TEST_CASE("SPEC 11: a test portfolio in the rules converts its declared attributes too") {
  std::string yaml = declared_rules;
  yaml += R"(tests:
  - name: ja is true
    as_of: 2024-01-01
    portfolio:
      - {unit: K1006, date: 2023-05-01, attrs: {exam: ja, grade: tien}}
    expect:
      credited: [K1006]
)";
  const std::string out = named_by_file(diagnostics_of(yaml));
  CHECK(out == "ruleset.yaml:25:66: warning[W010]: grade: 'tien' is not a number (digits with an optional decimal "
               "point or comma); the value is left out\n");
  const auto rs = rules(yaml);
  const auto outcomes = rs->run_tests();
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].passed);
}

TEST_CASE("SPEC 11: a large file read on all cores converts and warns as one pass would") {
  // Over 8 MiB without quotes: read in chunks when there are cores to spare. The
  // findings of every chunk (W010, W013, the month-first column) come out in file order.
  const auto rs = rules(declared_rules);
  const std::size_t n = 200000;
  std::string text = "person;unit;date;exam;grade;done;person.role\n";
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t person = r / 2;
    const char* unit = r == n - 10 ? "k1006" : (r % 2 == 0 ? "K1006" : "K0618");
    const std::string grade = r == n / 2 ? "veel" : fmt::format("{},5", r % 9 + 1);
    const std::string done = r == n - 5 ? "05-13-2023" : fmt::format("{}-{}-2023", r % 28 + 1, r % 12 + 1);
    text += fmt::format("p{};{};{}-{}-2023;{};{};{};{}\n", person, unit, r % 28 + 1, r % 12 + 1,
                        r % 3 == 0 ? "WAAR" : "nee", grade, done, person % 2 == 0 ? "helpende" : "verzorgende");
  }
  REQUIRE(text.size() > (std::size_t{8} << 20));
  const population p = parse_population_csv(text, "big.csv", rs.get());
  REQUIRE(p.rows() == n);
  // Every day-first `done` fails once the last chunk shows the column is month-first.
  CHECK(p.warnings.total == n + 2);
  REQUIRE(p.warnings.shown.size() == 20);
  CHECK(p.warnings.shown[0].format() ==
        "big.csv:2:28: warning[W010]: done: '1-1-2023': this column looks month-first (MM-DD-YYYY), as "
        "'05-13-2023' on line 199997 shows; the value is left out");
  CHECK(p.warnings.shown[19].where.line == 21);
  const auto& exam = column(p, "exam");
  const auto& grade = column(p, "grade");
  std::size_t wrong = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const bool ok =
        exam.kinds[r] == attribute_column::cell::boolean && number_at(exam, r) == (r % 3 == 0 ? 1 : 0) &&
        (r == n / 2 ? grade.kinds[r] == attribute_column::cell::absent
                    : number_at(grade, r) == static_cast<double>(r % 9 + 1) + 0.5) &&
        p.dates[r] == date::from_ymd(2023, static_cast<int>(r % 12 + 1), static_cast<int>(r % 28 + 1));
    wrong += ok ? 0 : 1;
  }
  CHECK(wrong == 0);
  // The same text in one piece, below the size that is cut: the same warnings for the rows it has.
  const population small = parse_population_csv(text.substr(0, text.find("\np1000;") + 1), "big.csv", rs.get());
  CHECK(small.warnings.total == 0);
}

TEST_CASE("SPEC 11: a declared column holds only its type's per-row vector") {
  // A bool, number or date column: numbers as floats when each is exactly one,
  // no text codes; a text column: text codes and no numbers; an empty one neither.
  const auto rs = rules(declared_rules);
  const population p = parse_population_csv(
      "person,date,exam,grade,done,person.role,person.cohort\n"
      "a,2023-05-01,true,7.5,,helpende,2021-09-01\n"
      "b,2023-05-01,false,,,verzorgende,2021-09-01\n",
      "pop.csv", rs.get());
  REQUIRE(p.rows() == 2);
  for (const char* name : {"exam", "grade", "cohort"}) {
    CAPTURE(name);
    const auto& c = column(p, name);
    CHECK(c.floats.size() == 2);
    CHECK(c.numbers.empty());
    CHECK(c.texts.codes.empty());
  }
  CHECK(number_at(column(p, "grade"), 0) == 7.5);
  const auto& role = column(p, "role");
  CHECK(role.texts.codes.size() == 2);
  CHECK(role.numbers.empty());
  CHECK(role.floats.empty());
  const auto& done = column(p, "done");  // every cell empty
  CHECK(done.numbers.empty());
  CHECK(done.floats.empty());
  CHECK(done.texts.codes.empty());

  // A number no float holds exactly keeps the column in doubles, every row exact.
  const population q = parse_population_csv(
      "person,date,grade\n"
      "a,2023-05-01,7.1\n"
      "b,2023-05-01,6\n",
      "pop.csv", rs.get());
  const auto& grade = column(q, "grade");
  CHECK(grade.floats.empty());
  REQUIRE(grade.numbers.size() == 2);
  CHECK(grade.numbers[0] == 7.1);
  CHECK(grade.numbers[1] == 6);
}
