// SPDX-License-Identifier: Apache-2.0
// The population CSV reader (SPEC §3, §9) and the batch CSV writer (SPEC §7).

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <set>
#include <string>

#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

// The text of row `row` in a string column, "" for an empty cell.
std::string text_at(const string_column& c, std::size_t row) {
  const std::int32_t code = c.codes.at(row);
  return code < 0 ? std::string() : c.categories.at(static_cast<std::size_t>(code));
}

// The line each row was read from, however the reader keeps them.
std::vector<std::int64_t> lines_of(const population& p) {
  if (!p.lines.empty()) return p.lines;
  std::vector<std::int64_t> out;
  for (std::size_t r = 0; r < p.rows(); ++r) out.push_back(p.first_line + static_cast<std::int64_t>(r));
  return out;
}

const attribute_column& column(const population& p, const std::string& name) {
  for (const auto& a : p.attributes)
    if (a.name == name) return a;
  FAIL("no attribute column " << name);
  return p.attributes.front();
}

// The diagnostics of reading `text`, formatted; "" when it reads.
std::string errors_of(const std::string& text) {
  try {
    (void)parse_population_csv(text, "pop.csv");
  } catch (const input_error& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += d.format() + "\n";
    return out;
  }
  return "";
}

}  // namespace

TEST_CASE("csv: the header of SPEC 3, typed columns and empty cells") {
  const population p = parse_population_csv(
      "person,unit,title,date,hours,marks\n"
      "p-001,LE-medicatie,,2023-05-01,,mbo-certificaat\n"
      "p-001,,Agressietraining,2022-01-10,8,nrto;crkbo\n",
      "pop.csv");
  REQUIRE(p.rows() == 2);
  CHECK(p.file == "pop.csv");
  CHECK(text_at(p.person, 0) == "p-001");
  CHECK(p.person.codes[0] == p.person.codes[1]);
  CHECK(p.person.categories.size() == 1);
  CHECK(text_at(p.unit, 0) == "LE-medicatie");
  CHECK(p.unit.codes[1] == -1);
  CHECK(p.title.codes[0] == -1);
  CHECK(text_at(p.title, 1) == "Agressietraining");
  CHECK(p.dates[0] == day("2023-05-01"));
  CHECK(p.dates[1] == day("2022-01-10"));
  CHECK(std::isnan(p.hours[0]));
  CHECK(p.hours[1] == 8);
  CHECK(text_at(p.marks, 0) == "mbo-certificaat");
  CHECK(text_at(p.marks, 1) == "nrto;crkbo");
  CHECK(p.exempt.empty());
  CHECK(p.attributes.empty());
  CHECK(lines_of(p) == std::vector<std::int64_t>{2, 3});
}

TEST_CASE("csv: column order is free and only person and date are required") {
  const population p = parse_population_csv("date,person\n2024-01-01,a\n2024-02-01,b\n", "pop.csv");
  REQUIRE(p.rows() == 2);
  CHECK(text_at(p.person, 1) == "b");
  CHECK(p.dates[1] == day("2024-02-01"));
  // Absent columns read as empty cells.
  CHECK(p.unit.codes == std::vector<std::int32_t>{-1, -1});
  CHECK(p.marks.codes == std::vector<std::int32_t>{-1, -1});
  CHECK(std::isnan(p.hours[0]));
}

TEST_CASE("csv: RFC 4180 quoting") {
  const population p = parse_population_csv(
      "person,title,date\n"
      "\"p,1\",\"say \"\"hi\"\"\",2024-01-01\n"
      "p2,\"two\nlines\",2024-01-02\n"
      "p3,\"\",\"2024-01-03\"\n"
      "p4,a\"b,2024-01-04\n",
      "pop.csv");
  REQUIRE(p.rows() == 4);
  CHECK(text_at(p.person, 0) == "p,1");
  CHECK(text_at(p.title, 0) == "say \"hi\"");
  CHECK(text_at(p.title, 1) == "two\nlines");
  CHECK(p.title.codes[2] == -1);  // a quoted empty cell is empty too
  CHECK(p.dates[2] == day("2024-01-03"));
  CHECK(text_at(p.title, 3) == "a\"b");  // a quote inside an unquoted cell is a character
  // A record spanning two lines is reported at the line it starts on; the next follows on.
  CHECK(p.lines == std::vector<std::int64_t>{2, 3, 5, 6});
}

TEST_CASE("csv: CRLF, a BOM, no final newline, blank lines") {
  SUBCASE("CRLF with a BOM") {
    const population p =
        parse_population_csv("\xEF\xBB\xBFperson,date\r\na,2024-01-01\r\nb,2024-01-02\r\n", "pop.csv");
    REQUIRE(p.rows() == 2);
    CHECK(text_at(p.person, 0) == "a");
    CHECK(p.dates[1] == day("2024-01-02"));
  }
  SUBCASE("no newline after the last row") {
    const population p = parse_population_csv("person,date\na,2024-01-01", "pop.csv");
    REQUIRE(p.rows() == 1);
    CHECK(p.dates[0] == day("2024-01-01"));
  }
  SUBCASE("a quoted cell with CRLF inside") {
    const population p = parse_population_csv("person,title,date\r\na,\"x\r\ny\",2024-01-01\r\n", "pop.csv");
    REQUIRE(p.rows() == 1);
    CHECK(text_at(p.title, 0) == "x\r\ny");
  }
  SUBCASE("blank lines are skipped, line numbers still count them") {
    const population p = parse_population_csv("person,date\n\na,2024-01-01\n\n\nb,2024-01-02\n\n", "pop.csv");
    REQUIRE(p.rows() == 2);
    CHECK(p.lines == std::vector<std::int64_t>{3, 6});
  }
  SUBCASE("only a header") {
    const population p = parse_population_csv("person,date\n", "pop.csv");
    CHECK(p.rows() == 0);
  }
}

TEST_CASE("csv: rows of one person need not be adjacent, strings are factorized") {
  const population p = parse_population_csv(
      "person,unit,date\nb,U1,2024-01-01\na,U2,2024-01-01\nb,U2,2024-01-01\na,U1,2024-01-01\n", "pop.csv");
  REQUIRE(p.rows() == 4);
  CHECK(p.person.categories == std::vector<std::string>{"b", "a"});
  CHECK(p.person.codes == std::vector<std::int32_t>{0, 1, 0, 1});
  CHECK(p.unit.categories == std::vector<std::string>{"U1", "U2"});
  CHECK(p.unit.codes == std::vector<std::int32_t>{0, 1, 1, 0});
}

TEST_CASE("csv: many distinct values keep their codes through rehashing") {
  std::string text = "person,unit,date\n";
  for (int i = 0; i < 5000; ++i)
    text += "p" + std::to_string(i % 1000) + ",u" + std::to_string(i) + ",2024-01-01\n";
  const population p = parse_population_csv(text, "pop.csv");
  REQUIRE(p.rows() == 5000);
  CHECK(p.person.categories.size() == 1000);
  CHECK(p.unit.categories.size() == 5000);
  for (std::size_t r : {0U, 999U, 1000U, 4321U, 4999U}) {
    CAPTURE(r);
    CHECK(text_at(p.person, r) == "p" + std::to_string(r % 1000));
    CHECK(text_at(p.unit, r) == "u" + std::to_string(r));
  }
}

TEST_CASE("csv: person.NAME, exempt and typed attribute cells (SPEC 9)") {
  const population p = parse_population_csv(
      "person,date,exempt,person.role,person.cohort,points,exam,grade,code,when\n"
      "a,2024-01-01,true,verzorgende,2021-08-01,4,true,7.5,\"x,y\",2023-12-31\n"
      "a,2024-01-02,,verzorgende,2021-08-01,-1.5e1,false,,007,yes\n"
      "b,2024-01-03,false,,,,,,,\n",
      "pop.csv");
  REQUIRE(p.rows() == 3);
  CHECK(p.exempt == std::vector<std::uint8_t>{1, 0, 0});
  using cell = attribute_column::cell;

  const auto& role = column(p, "role");
  CHECK(role.person_level);
  CHECK(role.kinds == std::vector<cell>{cell::text, cell::text, cell::absent});
  CHECK(text_at(role.texts, 0) == "verzorgende");
  CHECK(role.texts.codes[2] == -1);

  const auto& cohort = column(p, "cohort");
  CHECK(cohort.person_level);
  CHECK(cohort.kinds[0] == cell::date);
  CHECK(number_at(cohort, 0) == day("2021-08-01").days_since_epoch());

  const auto& points = column(p, "points");
  CHECK_FALSE(points.person_level);
  CHECK(points.kinds == std::vector<cell>{cell::number, cell::number, cell::absent});
  CHECK(number_at(points, 0) == 4);
  CHECK(number_at(points, 1) == -15);

  const auto& exam = column(p, "exam");
  CHECK(exam.kinds == std::vector<cell>{cell::boolean, cell::boolean, cell::absent});
  CHECK(number_at(exam, 0) == 1);
  CHECK(number_at(exam, 1) == 0);

  const auto& grade = column(p, "grade");
  CHECK(grade.kinds[0] == cell::number);
  CHECK(number_at(grade, 0) == 7.5);
  CHECK(grade.kinds[1] == cell::absent);

  const auto& code = column(p, "code");
  CHECK(code.kinds[0] == cell::text);
  CHECK(text_at(code.texts, 0) == "x,y");
  CHECK(code.kinds[1] == cell::number);  // numbers are typed, leading zeros and all
  CHECK(number_at(code, 1) == 7);
  CHECK(code.texts.codes[1] == -1);

  const auto& when = column(p, "when");
  CHECK(when.kinds[0] == cell::date);
  CHECK(when.kinds[1] == cell::text);  // `yes` is a word (SPEC 10)
  CHECK(text_at(when.texts, 1) == "yes");
}

TEST_CASE("csv: each error with its line and column") {
  struct row {
    const char* name;
    std::string text;
    std::string expected;
  };
  const std::vector<row> rows = {
      {"unterminated quote", "person,title,date\na,\"open,2024-01-01\nb,x,2024-01-01\n",
       "pop.csv:2:3: error[E043]: unterminated quoted field\n"},
      {"text after a closing quote", "person,title,date\na,\"t\"x,2024-01-01\n",
       "pop.csv:2:6: error[E043]: unexpected character after a closing quote (write \"\" for a quote)\n"},
      {"too many fields", "person,date\na,2024-01-01,extra\n",
       "pop.csv:2:14: error[E043]: row has 3 cells, the header 2\n"},
      {"too few fields", "person,unit,date\na,2024-01-01\n",
       "pop.csv:2:13: error[E043]: row has 2 cells, the header 3\n"},
      {"bad date", "person,date\na,2024-02-30\n",
       "pop.csv:2:3: error[E044]: '2024-02-30' is not a date (YYYY-MM-DD or D-M-YYYY)\n"},
      {"date with slashes", "person,date\na,1/5/2023\n",
       "pop.csv:2:3: error[E044]: '1/5/2023' is not a date (YYYY-MM-DD or D-M-YYYY)\n"},
      {"a month-first date column (SPEC 11)", "person,date\na,05-13-2023\nb,1-5-2023\nc,2023-05-01\n",
       "pop.csv:2:3: error[E044]: '05-13-2023': this column looks month-first (MM-DD-YYYY)\n"
       "pop.csv:3:3: error[E044]: '1-5-2023': this column looks month-first (MM-DD-YYYY), as '05-13-2023' on line "
       "2 shows\n"},
      {"hours with an exponent", "person,date,hours\na,2024-01-01,1e3\n",
       "pop.csv:2:14: error[E044]: hours: '1e3' is not a number >= 0\n"},
      {"hours like a thousand in a ;-file", "person;date;hours\na;2024-01-01;1.000\n",
       "pop.csv:2:14: error[E044]: hours: '1.000' may use '.' as a thousands separator in a ';'-separated file; "
       "write it without one, or with a decimal comma\n"},
      {"empty date", "person,unit,date\na,U,\n",
       "pop.csv:2:5: error[E044]: empty date: every row needs one\n"},
      {"negative hours", "person,date,hours\na,2024-01-01,-4\n",
       "pop.csv:2:14: error[E044]: hours: '-4' is not a number >= 0\n"},
      {"hours not a number", "person,date,hours\na,2024-01-01,veel\n",
       "pop.csv:2:14: error[E044]: hours: 'veel' is not a number >= 0\n"},
      {"exempt not a bool", "person,date,exempt\na,2024-01-01,misschien\n",
       "pop.csv:2:14: error[E044]: exempt must be true or false (or ja/nee, waar/onwaar, yes/no, 1/0), not "
       "'misschien'\n"},
      {"empty person", "person,date\n,2024-01-01\n",
       "pop.csv:2:1: error[E044]: empty person: every row needs one\n"},
      {"bad date in an attribute", "person,date,cohort\na,2024-01-01,2021-13-01\n",
       "pop.csv:2:14: error[E044]: cohort: '2021-13-01' is not a date (YYYY-MM-DD)\n"},
      {"columns count characters, not bytes", "person,title,date\né,Zoë,2024-13-01\n",
       "pop.csv:2:7: error[E044]: '2024-13-01' is not a date (YYYY-MM-DD or D-M-YYYY)\n"},
      {"a cell after a quoted newline", "person,title,date\na,\"x\ny\",bad\n",
       "pop.csv:3:4: error[E044]: 'bad' is not a date (YYYY-MM-DD or D-M-YYYY)\n"},
      {"missing person column", "unit,date\nU,2024-01-01\n",
       "pop.csv:1:1: error[E043]: the header has no 'person' column\n"},
      {"missing date column", "person,unit\na,U\n",
       "pop.csv:1:1: error[E043]: the header has no 'date' column\n"},
      {"duplicate column", "person,date,unit,unit\n",
       "pop.csv:1:18: error[E043]: column 'unit' appears twice\n"},
      {"empty column name", "person,,date\n",
       "pop.csv:1:8: error[E043]: empty column name (Excel leaves empty columns after the last one: delete them)\n"},
      {"duplicate column without regard to case", "person,date,Unit,unit\n",
       "pop.csv:1:18: error[E043]: column 'unit' appears twice\n"},
      {"empty file", "", "pop.csv:1:1: error[E043]: empty file: expected a header line\n"},
      {"all errors, in order", "person,date,hours\na,2024-01-01,-1\n,2024-01-01,2\nb,x,1\n",
       "pop.csv:2:14: error[E044]: hours: '-1' is not a number >= 0\n"
       "pop.csv:3:1: error[E044]: empty person: every row needs one\n"
       "pop.csv:4:3: error[E044]: 'x' is not a date (YYYY-MM-DD or D-M-YYYY)\n"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.name);
    CHECK(errors_of(r.text) == r.expected);
  }
}

TEST_CASE("csv: the error list stops after 100") {
  std::string text = "person,date\n";
  for (int i = 0; i < 500; ++i) text += "a,never\n";
  try {
    (void)parse_population_csv(text, "pop.csv");
    FAIL("expected an input_error");
  } catch (const input_error& e) {
    REQUIRE(e.diagnostics().size() == 101);
    CHECK(e.diagnostics().back().message == "too many errors; stopping here");
  }
}

TEST_CASE("csv: files") {
  temp_dir dir;
  SUBCASE("a missing file is E040") {
    const auto path = dir.path() / "nope.csv";
    try {
      (void)read_population_csv(path);
      FAIL("expected an input_error");
    } catch (const input_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics()[0].code == "E040");
      CHECK(e.diagnostics()[0].where.file == path.string());
    }
  }
  SUBCASE("a file reads like its text") {
    const auto path = dir.write("pop.csv", "person,date\na,2024-01-01\n");
    const population p = read_population_csv(path);
    REQUIRE(p.rows() == 1);
    CHECK(p.file == path.string());
    CHECK(lines_of(p) == std::vector<std::int64_t>{2});
  }
}

TEST_CASE("to_csv: header, rows as stored, missing joined, RFC 4180 quoting, shortest progress") {
  batch_result b;
  b.persons = {"a", "b,c"};
  b.diplomas = {"d1", "d2"};
  b.status = {diploma_status::complete, diploma_status::partial, diploma_status::none,
              diploma_status::partial};
  b.progress = {1, 0.3333, 0, 0.5};
  b.leaf_names = {"unit:B1-K1", "keuzedelen", "attrs.note == \"x\""};
  b.missing_offsets = {0, 0, 2, 3, 3};
  b.missing = {0, 1, 2};
  CHECK(to_csv(b) ==
        "person,diploma,status,progress,missing\n"
        "a,d1,complete,1,\n"
        "a,d2,partial,0.3333,unit:B1-K1;keuzedelen\n"
        "\"b,c\",d1,none,0,\"attrs.note == \"\"x\"\"\"\n"
        "\"b,c\",d2,partial,0.5,\n");
  CHECK(to_csv(batch_result{}) == "person,diploma,status,progress,missing\n");
}

TEST_CASE("csv: a large file reads the same on all cores") {
  // Over 8 MiB without quotes: cut into chunks read at once when there are cores to spare.
  // Every value is a function of the row, so each can be checked.
  const std::size_t n = 300000;
  for (const std::string eol : {"\n", "\r\n"}) {
    CAPTURE(eol.size());
    std::string text = "person,unit,date,hours,marks,exempt,points,person.role,note" + eol;
    std::vector<std::int64_t> line_of(n);
    std::vector<std::size_t> offset_of(n);  // where the row's text starts
    int line = 2;
    for (std::size_t r = 0; r < n; ++r) {
      if (r % 1000 == 999) {  // a blank line now and then
        text += eol;
        ++line;
      }
      line_of[r] = line++;
      offset_of[r] = text.size();
      text += fmt::format("p{},u{},2024-01-{:02},{},{},{},{},{},{}{}", (r * 7919) % 5003, r % 311, r % 28 + 1,
                          r % 5 == 0 ? std::string() : std::to_string(r % 40), r % 3 == 0 ? "m1;m2" : "",
                          r % 2 == 0 ? "true" : "false", r % 9,
                          (r * 7919) % 5003 % 4 == 0 ? "verzorgende" : "helpende",
                          r % 13 == 0 ? fmt::format("n{}", r % 1777) : std::string(), eol);
    }
    REQUIRE(text.size() > (std::size_t{8} << 20));
    const population p = parse_population_csv(text, "pop.csv");
    REQUIRE(p.rows() == n);
    CHECK(p.lines == line_of);
    // Categories in order of first appearance, as one pass would have them.
    std::vector<std::string> first_persons;
    std::set<std::string> seen;
    for (std::size_t r = 0; r < n; ++r) {
      std::string id = "p" + std::to_string((r * 7919) % 5003);
      if (seen.insert(id).second) first_persons.push_back(id);
    }
    CHECK(p.person.categories == first_persons);
    const auto& points = column(p, "points");
    const auto& role = column(p, "role");
    const auto& note = column(p, "note");
    std::size_t wrong = 0, first_wrong = n;
    for (std::size_t r = 0; r < n; ++r) {
      const bool ok = text_at(p.person, r) == "p" + std::to_string((r * 7919) % 5003) &&
                      text_at(p.unit, r) == "u" + std::to_string(r % 311) &&
                      p.dates[r] == date::from_ymd(2024, 1, static_cast<int>(r % 28 + 1)) &&
                      (r % 5 == 0 ? std::isnan(p.hours[r]) : p.hours[r] == static_cast<double>(r % 40)) &&
                      text_at(p.marks, r) == (r % 3 == 0 ? "m1;m2" : "") &&
                      p.exempt[r] == (r % 2 == 0 ? 1 : 0) &&
                      points.kinds[r] == attribute_column::cell::number &&
                      number_at(points, r) == static_cast<double>(r % 9) &&
                      text_at(role.texts, r) == ((r * 7919) % 5003 % 4 == 0 ? "verzorgende" : "helpende") &&
                      text_at(note.texts, r) == (r % 13 == 0 ? "n" + std::to_string(r % 1777) : "");
      if (!ok && wrong++ == 0) first_wrong = r;
    }
    CAPTURE(first_wrong);
    CHECK(wrong == 0);
    // Only the per-row vectors the cells need (numbers as floats where exact).
    CHECK(points.floats.size() == n);
    CHECK(points.numbers.empty());
    CHECK(points.texts.codes.empty());
    CHECK(role.texts.codes.size() == n);
    CHECK(role.floats.empty());
    CHECK(role.numbers.empty());

    // Errors anywhere report their own line and column, in order.
    std::string broken = text;
    std::string expected;
    for (std::size_t r : {std::size_t{3}, n / 2, n - 1}) {
      const std::size_t cell = broken.find(",2024-", offset_of[r]) + 1;
      broken.replace(cell, 10, "2024-13-01");
      expected += fmt::format("pop.csv:{}:{}: error[E044]: '2024-13-01' is not a date (YYYY-MM-DD or D-M-YYYY)\n",
                              line_of[r], cell - offset_of[r] + 1);
    }
    CHECK(errors_of(broken) == expected);
  }
}

TEST_CASE("csv: a column holds only the per-row vectors its cells need") {
  // Undeclared columns, typed per cell (SPEC 3): numbers only with a bool, number
  // or date cell (as floats when each is exactly one), text codes only with a
  // text cell, neither when every cell is empty.
  const population p = parse_population_csv(
      "person,title,date,n,t,mixed,wide,blank\n"
      "a,x,2024-01-01,1,yes,2,0.1,\n"
      "a,y,2024-01-02,2.5,no,word,3,\n",
      "pop.csv");
  REQUIRE(p.rows() == 2);
  const auto sizes = [&](const std::string& name) {
    const auto& c = column(p, name);
    return std::vector<std::size_t>{c.numbers.size(), c.floats.size(), c.texts.codes.size()};
  };
  CHECK(sizes("n") == std::vector<std::size_t>{0, 2, 0});
  CHECK(sizes("t") == std::vector<std::size_t>{0, 0, 2});
  CHECK(sizes("mixed") == std::vector<std::size_t>{0, 2, 2});
  CHECK(sizes("wide") == std::vector<std::size_t>{2, 0, 0});
  CHECK(sizes("blank") == std::vector<std::size_t>{0, 0, 0});
  CHECK(number_at(column(p, "n"), 1) == 2.5);
  CHECK(number_at(column(p, "wide"), 0) == 0.1);
  CHECK(number_at(column(p, "mixed"), 0) == 2);
  CHECK(text_at(column(p, "mixed").texts, 1) == "word");
  // One row a line: the first line instead of a line per row.
  CHECK(p.lines.empty());
  CHECK(p.first_line == 2);
  CHECK(text_at(p.title, 1) == "y");

  read_options no_titles;
  no_titles.titles = false;
  const population q =
      parse_population_csv("person,title,date\na,x,2024-01-01\n", "pop.csv", nullptr, no_titles);
  REQUIRE(q.rows() == 1);
  CHECK(q.title.codes.empty());
  CHECK(q.title.categories.empty());
}

TEST_CASE("csv: a large file without blank lines keeps no line per row") {
  // Read on all cores (over 8 MiB, no quotes): row r is on line 2 + r.
  const std::size_t n = 450000;
  std::string text = "person,title,date,points\n";
  for (std::size_t r = 0; r < n; ++r)
    text += fmt::format("p{},t{},2024-01-{:02},{}\n", r % 7001, r % 13, r % 28 + 1, r % 9);
  REQUIRE(text.size() > (std::size_t{8} << 20));
  read_options no_titles;
  no_titles.titles = false;
  const population p = parse_population_csv(text, "pop.csv", nullptr, no_titles);
  REQUIRE(p.rows() == n);
  CHECK(p.lines.empty());
  CHECK(p.first_line == 2);
  CHECK(p.title.codes.empty());
  CHECK(text_at(p.person, n - 1) == "p" + std::to_string((n - 1) % 7001));
  const auto& points = column(p, "points");
  CHECK(points.floats.size() == n);
  CHECK(number_at(points, n - 1) == static_cast<double>((n - 1) % 9));
  // An error still names its line.
  std::string broken = text;
  const std::size_t at = broken.find("p7,t7,2024-01-08");
  broken.replace(at + 6, 10, "2024-13-01");
  CHECK(errors_of(broken) ==
        "pop.csv:9:7: error[E044]: '2024-13-01' is not a date (YYYY-MM-DD or D-M-YYYY)\n");
}
