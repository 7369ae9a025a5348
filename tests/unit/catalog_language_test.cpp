// SPDX-License-Identifier: Apache-2.0
// The catalogue's language (SPEC §10 `language:`, `--lang`; the key itself:
// catalog_language_key_test.cpp): the Dutch page
// (a fixed list of texts), conditions in words from the syntax tree with the code
// behind a disclosure or alone, marks on unverified and estimated entries, the view
// per keuzedeel, and the study load per route.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "catalog/phrase.hpp"
#include "dutch_ruleset.hpp"
#include "support.hpp"

namespace {

using civeff::catalog_format;
using civeff::render_catalog;
using civeff::text_language;
using civeff::testing::dutch_yaml;
using civeff::testing::temp_dir;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string with_language(std::string_view line) {
  std::string yaml = dutch_yaml;
  const std::string key = "language: nl\n";
  yaml.replace(yaml.find(key), key.size(), std::string(line) + "\n");
  return yaml;
}

}  // namespace

TEST_CASE("catalog in Dutch: headings, explanations, statuses and conditions in words") {
  temp_dir dir;
  const auto root = dir.write("ruleset.yaml", dutch_yaml);
  const std::string html = render_catalog(*civeff::load(root), catalog_format::html);
  CHECK(contains(html, "<html lang=\"nl\">"));
  // The fixed list: headings, explanations and statuses.
  for (std::string_view words : {"Overzicht civiel effect: taal-zorg",
                                 ">Keurmerken<",
                                 ">Eenheden<",
                                 ">Certificaten per keuzedeel<",
                                 ">Gelijkwaardigheden<",
                                 ">Routes naar een diploma<",
                                 ">Bronnen<",
                                 "Niveaus, van laag naar hoog",
                                 "Een keurmerk plaatst een scholing op een schaal",
                                 "Hoogste niveau",
                                 "Studielast per route",
                                 "niet geverifieerd",
                                 "schatting",
                                 "anders geen niveau",
                                 "Eenheden die meetellen",
                                 ">Zoeken<",
                                 "# onderdelen",
                                 "Geen onderdeel gevonden",
                                 "alleen als",
                                 "Keuzedelen",
                                 "Certificaten"}) {
    CAPTURE(words);
    CHECK(contains(html, words));
  }
  for (std::string_view english : {"Quality marks", "Routes to a diploma", "otherwise no level",
                                   "entries match", "only when", "Units that count toward it"}) {
    CAPTURE(english);
    CHECK_FALSE(contains(html, english));
  }
  // Conditions in words, the expression behind a disclosure.
  CHECK(contains(html,
                 "bij minstens 4 accreditatiepunten<details class=\"expr\"><summary>expressie</summary>"
                 "<code>attrs.points &gt;= 4</code></details>"));
  CHECK(contains(html, "5 jaar geldig"));
  CHECK(contains(html, "examen behaald: ja of met keurmerk mbo-certificaat<details"));
  CHECK(contains(html, "gedateerd vanaf 1 januari 2020"));
  CHECK(contains(html, "start van de opleiding vanaf 1 augustus 2020 en functie: helpende of verzorgende"));
  // What the phraser cannot say shows its code, and nothing else.
  CHECK(contains(html, "als <code>attrs.points * 2 &gt;= 9</code></li>"));
  CHECK(contains(html, "voorwaarde <code>count_of(kind = &quot;keuzedeel&quot;) &gt;= 1</code>"));
}

TEST_CASE("catalog: unverified and estimated entries carry a visible mark") {
  temp_dir dir;
  const auto root = dir.write("ruleset.yaml", dutch_yaml);
  const std::string html = render_catalog(*civeff::load(root), catalog_format::html, text_language::en);
  auto row = [&](std::string_view id) {
    const std::size_t at = html.find("id=\"unit-" + std::string(id) + "\"");
    REQUIRE(at != std::string::npos);
    return html.substr(at, html.find("</tr>", at) - at);
  };
  CHECK(contains(row("KD-wondzorg"), "class=\"flag estimated\""));
  CHECK_FALSE(contains(row("KD-wondzorg"), "class=\"flag unverified\""));
  CHECK(contains(row("LE-wond-2"), "class=\"flag unverified\""));
  CHECK_FALSE(contains(row("LE-wond-1"), "class=\"flag"));
  const std::size_t mark = html.find("<code class=\"rid\">x-regio</code>");
  REQUIRE(mark != std::string::npos);
  CHECK(contains(html.substr(html.rfind("<tr", mark), mark - html.rfind("<tr", mark)), "flag unverified"));

  using civeff::detail::catalog::status_of;
  CHECK(status_of("x-kd", "").unverified);
  CHECK(status_of("K1", "Unverified: title invented").unverified);
  CHECK_FALSE(status_of("K1", "the unverifiedness").unverified);
  CHECK(status_of("K1", "  Estimate: 240 hours").estimated);
  CHECK_FALSE(status_of("K1", "an estimate: no").estimated);
}

TEST_CASE("catalog: the certificates and leereenheden per keuzedeel, and the study load per route") {
  temp_dir dir;
  const auto root = dir.write("ruleset.yaml", dutch_yaml);
  const std::string html = render_catalog(*civeff::load(root), catalog_format::html);
  const std::size_t begin = html.find("<section id=\"keuzedelen\"");
  REQUIRE(begin != std::string::npos);
  const std::string view = html.substr(begin, html.find("</section>", begin) - begin);
  const std::size_t k1006 = view.find("id=\"kd-K1006\"");
  const std::size_t wond = view.find("id=\"kd-KD-wondzorg\"");
  REQUIRE(k1006 != std::string::npos);
  REQUIRE(wond != std::string::npos);
  const std::string k1006_row = view.substr(k1006, wond - k1006);
  CHECK(contains(k1006_row, "#unit-CERT-palliatief"));
  CHECK(contains(k1006_row, "#eq-eq-palliatief"));
  const std::string wond_row = view.substr(wond);
  CHECK(contains(wond_row, "alle van"));
  CHECK(contains(wond_row, "#unit-LE-wond-1"));
  CHECK(contains(wond_row, "#unit-LE-wond-2"));

  // B1-K1 (800) + 480 keuzedeel hours; through eq-zorg LE-zorg (600) takes B1-K1's place.
  const std::string m = render_catalog(*civeff::load(root), catalog_format::markdown);
  CHECK(contains(m, "| de eigen eenheden | 1280 uur |"));
  CHECK(contains(m, "| via eq-zorg: `LE-zorg` ≡ `B1-K1` | 1080 uur |"));
  CHECK(contains(m, "## Certificaten per keuzedeel"));
  CHECK(contains(m, "bij minstens 4 accreditatiepunten (`attrs.points >= 4`)"));
  CHECK(contains(m, "≈ *schatting*"));
}

TEST_CASE("catalog: --lang overrides the ruleset's language") {
  temp_dir dir;
  const auto root = dir.write("ruleset.yaml", dutch_yaml);
  const std::string html = render_catalog(*civeff::load(root), catalog_format::html, text_language::en);
  CHECK(contains(html, "<html lang=\"en\">"));
  CHECK(contains(html, ">Quality marks<"));
  CHECK(contains(html,
                 "with at least 4 accreditatiepunten<details class=\"expr\"><summary>expression</summary>"));
  CHECK(contains(html, "valid 5 years"));
  CHECK_FALSE(contains(html, ">Keurmerken<"));
  const std::string md = render_catalog(*civeff::load(root), catalog_format::markdown, text_language::en);
  CHECK(md.starts_with("# Civil effect catalogue: taal-zorg\n"));
  const std::string en_root = dir.write("en/ruleset.yaml", with_language("language: en")).string();
  CHECK(contains(render_catalog(*civeff::load(en_root), catalog_format::html, text_language::nl),
                 "<html lang=\"nl\">"));
}

TEST_CASE("phraser: conditions in words from the syntax tree, or nothing") {
  using civeff::detail::catalog::phraser;
  using civeff::detail::catalog::words;
  // A model as the catalogue builds it from declarations.
  civeff::detail::catalog::model m;
  m.attributes = {{"points", "number", "Accreditatiepunten"},
                  {"exam", "bool", "Examen behaald"},
                  {"grade", "number", "Cijfer (1 tot en met 10)"},
                  {"nlqf", "number", "NLQF-niveau"}};
  m.person_attributes = {{"role", "text", "Functie"}, {"cohort", "date", "Start van de opleiding (cohort)"}};
  m.scales.push_back({"civil_effect", "Civiel effect", {"none", "sector"}, false, "none", "", "", {}});
  struct row {
    std::string expression, nl, en;  // empty: not phrased
  };
  const std::vector<row> rows = {
      {"attrs.points >= 4", "bij minstens 4 accreditatiepunten", "with at least 4 accreditatiepunten"},
      {"4 <= attrs.points", "bij minstens 4 accreditatiepunten", "with at least 4 accreditatiepunten"},
      {"attrs.points > 0", "bij meer dan 0 accreditatiepunten", "with more than 0 accreditatiepunten"},
      {"attrs.grade >= 5.5", "bij minstens 5,5 cijfer", "with at least 5.5 cijfer"},
      {"attrs.nlqf == 4", "bij NLQF-niveau 4", "with NLQF-niveau 4"},
      {"attrs.exam == true", "examen behaald: ja", "examen behaald: yes"},
      {"attrs.exam == false", "examen behaald: nee", "examen behaald: no"},
      {"attrs.exam", "examen behaald: ja", "examen behaald: yes"},
      {"attrs.other == true", "met other", "with other"},
      {"not attrs.exam == true", "niet (examen behaald: ja)", "not (examen behaald: yes)"},
      {"has_mark(\"examen\")", "met keurmerk examen", "with the mark examen"},
      {"level(\"civil_effect\") >= \"sector\"", "civiel effect minstens sector",
       "civiel effect at least sector"},
      {"as_of < 2027-07-01", "vóór 1 juli 2027", "before 1 July 2027"},
      {"person.cohort >= 2020-08-01", "start van de opleiding (cohort) vanaf 1 augustus 2020",
       "start van de opleiding (cohort) from 1 August 2020"},
      {"person.role == \"verzorgende\" and as_of >= 2027-07-01", "functie: verzorgende en vanaf 1 juli 2027",
       "functie: verzorgende and from 1 July 2027"},
      {"attrs.exam == true and (attrs.points >= 1 or has_mark(\"x\"))",
       "examen behaald: ja en (bij minstens 1 accreditatiepunten of met keurmerk x)",
       "examen behaald: yes and (with at least 1 accreditatiepunten or with the mark x)"},
      {"hours >= 240", "bij minstens 240 uur", "with at least 240 hours"},
      {"attrs.points * 2 >= 9", "", ""},
      {"count_of(kind = \"keuzedeel\") >= 1", "", ""},
      {"attrs.exam == true or unit == \"K1\"", "", ""},
      {"attrs.points >= \"4\"", "", ""},
      {"true", "", ""},
      {"attrs.points >=", "", ""},
  };
  for (const auto& r : rows) {
    CAPTURE(r.expression);
    const words nl(text_language::nl), en(text_language::en);
    const auto said_nl = phraser(m, nl).phrase(r.expression);
    const auto said_en = phraser(m, en).phrase(r.expression);
    CHECK(said_nl.value_or("") == r.nl);
    CHECK(said_en.value_or("") == r.en);
  }
}
