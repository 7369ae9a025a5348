// SPDX-License-Identifier: Apache-2.0
// `civeff catalog`: the HTML page (self-contained, escaped, linked sources, search box,
// marks ranked, routes), the Markdown text, determinism, and broken rules.

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "support.hpp"

namespace {

using civeff::catalog_format;
using civeff::compile_options;
using civeff::render_catalog;
using civeff::testing::temp_dir;

constexpr std::string_view nrto_url = "https://example.org/marks/nrto?x=1&y=2";
constexpr std::string_view cert_url = "https://example.org/certificaat";
constexpr std::string_view kd_url = "http://example.org/kd/K1006";

const char* const ruleset_yaml = R"yaml(civeff: 1
ruleset: mini-zorg
version: "2026.1"
scales:
  civil_effect:
    title: Civiel effect
    levels: [none, internal, provider, sector, national]
  nlqf: {levels: ["1", "2", "3", "4"], default: null, source: "NLQF-besluit, art. 3 (Stcrt. 2012)"}
marks:
  - id: nrto
    name: NRTO-keurmerk
    issuer: NRTO
    attests: the provider meets 8 requirements
    source: "https://example.org/marks/nrto?x=1&y=2"
    levels:
      civil_effect:
        - {when: attrs.exam == true, level: provider}
        - level: internal
  - id: mbo-certificaat
    name: mbo-certificaat
    issuer: OCW
    attests: one keuzedeel, exam passed
    implies: [examen]
    source: https://example.org/certificaat
    levels: {civil_effect: national}
  - id: vv-accredited
    name: Kwaliteitsregister V&V
    valid_for: P5Y
    levels:
      civil_effect:
        - {when: attrs.points >= 4, level: sector}
  - id: examen
    name: examen behaald
    levels: {nlqf: "2"}
  - id: nothing-mark
    name: Mark without levels here
    levels: {nlqf: "1"}
units:
  - id: K1006
    kind: keuzedeel
    title: Palliatieve zorg
    hours: 240
    source: http://example.org/kd/K1006
    notes: A real code.
  - id: KD-medicatie
    kind: keuzedeel
    title: "<script>alert('x')</script> & \"medicatie\""
    hours: 240
    valid_for: P18M
    effective: {from: 2016-08-01, to: 2030-07-31}
    credit_when: attrs.exam == true
  - id: KD-wondzorg
    kind: keuzedeel
    title: Wondzorg
    hours: 240
  - id: LE-medicatie
    kind: leereenheid
    title: Medicatie (leereenheid)
    level: {nlqf: "3"}
  - id: LE-wondzorg-1
    kind: leereenheid
    title: Wondzorg deel 1
  - id: LE-wondzorg-2
    kind: leereenheid
    title: Wondzorg deel 2
  - id: B1-K1
    kind: kerntaak
    title: Biedt zorg
  - id: oddity
    kind: zeldzaam
    title: A kind the catalogue does not know
equivalences:
  - id: eq-medicatie
    title: Leereenheid medicatie is keuzedeel medicatie
    equivalent: [LE-medicatie, KD-medicatie]
    effective: {from: 2019-09-01}
  - id: wondzorg-stack
    from: [LE-wondzorg-1, LE-wondzorg-2]
    counts_as: [KD-wondzorg]
    when: hours >= 0
    source: Regeling leereenheden 2019, art. 2
diplomas:
  - id: helpende-zw
    title: Helpende Zorg en Welzijn
    level: {nlqf: "2"}
    requires:
      all_of:
        - unit: B1-K1
        - {id: keuzedelen, title: Keuzedelen, hours: {min: 480, of: {kind: keuzedeel}}}
        - n_of: {n: 2, of: [{unit: K1006}, {unit: KD-medicatie}, {unit: KD-wondzorg}]}
        - id: cohort-rule
          when: person.cohort >= 2020-08-01
          check: count_of(kind = "keuzedeel") >= 1
)yaml";

struct fixture {
  temp_dir dir;
  std::filesystem::path root = dir.write("ruleset.yaml", ruleset_yaml);
};

// The catalogue of the rules at `root`, compiled as `civeff catalog` does (load:
// broken rules throw rule_error before there is a ruleset to draw).
std::string catalog(const std::filesystem::path& root, catalog_format format,
                    const compile_options& options = {}) {
  return render_catalog(*civeff::load(root, options), format);
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::size_t count(std::string_view text, std::string_view part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The HTML form of a URL as it appears in an attribute or text.
std::string escaped(std::string_view url) {
  std::string out;
  for (char c : url) out += c == '&' ? std::string("&amp;") : std::string(1, c);
  return out;
}

}  // namespace

TEST_CASE("catalog: the HTML page is one valid, self-contained HTML5 document") {
  fixture f;
  const std::string html = catalog(f.root, catalog_format::html);
  CHECK(html.starts_with("<!doctype html>\n"));
  CHECK(contains(html, "<html lang=\"en\">"));
  CHECK(contains(html, "<meta charset=\"utf-8\">"));
  CHECK(contains(html, "<title>"));
  CHECK(html.ends_with("</html>\n"));
  // Nothing from the network: one inline script, inline style, no fonts or images.
  CHECK(count(html, "<script") == 1);
  CHECK_FALSE(contains(html, "<script src"));
  CHECK_FALSE(contains(html, "<link"));
  CHECK_FALSE(contains(html, "@import"));
  CHECK_FALSE(contains(html, "url("));
  CHECK_FALSE(contains(html, "<img"));
  CHECK_FALSE(contains(html, "<iframe"));
  // Every "http" in the page starts one of the sources the rules cite.
  const std::vector<std::string> sources = {escaped(nrto_url), escaped(cert_url), escaped(kd_url)};
  for (std::size_t at = html.find("http"); at != std::string::npos; at = html.find("http", at + 1)) {
    bool known = false;
    for (const auto& s : sources) known = known || html.compare(at, s.size(), s) == 0;
    CAPTURE(html.substr(at, 60));
    CHECK(known);
  }
  // The search box and its script.
  CHECK(contains(html, "<input id=\"q\" type=\"search\""));
  CHECK(contains(html, "addEventListener('input'"));
  // No timestamp, and the header names the ruleset and its version.
  CHECK(contains(html, "Civil effect catalogue: mini-zorg"));
  CHECK(contains(html, "version <b>2026.1</b>"));
  CHECK(contains(html, "overlays: none"));
}

TEST_CASE("catalog: every mark, unit, equivalence and diploma is on the page") {
  fixture f;
  const std::string html = catalog(f.root, catalog_format::html);
  for (const char* id : {"nrto", "mbo-certificaat", "vv-accredited", "examen", "nothing-mark"}) {
    CAPTURE(id);
    CHECK(contains(html, "id=\"mark-" + std::string(id) + "\""));
  }
  for (const char* id : {"K1006", "KD-medicatie", "KD-wondzorg", "LE-medicatie", "LE-wondzorg-1",
                         "LE-wondzorg-2", "B1-K1", "oddity"}) {
    CAPTURE(id);
    CHECK(contains(html, "id=\"unit-" + std::string(id) + "\""));
  }
  CHECK(contains(html, "id=\"eq-eq-medicatie\""));
  CHECK(contains(html, "id=\"eq-wondzorg-stack\""));
  CHECK(contains(html, "id=\"diploma-helpende-zw\""));
  CHECK(contains(html, "Helpende Zorg en Welzijn"));
  // Sections with an intro line each.
  for (const char* section :
       {"id=\"marks\"", "id=\"units\"", "id=\"equivalences\"", "id=\"routes\"", "id=\"sources\""}) {
    CAPTURE(section);
    CHECK(contains(html, section));
  }
  CHECK(count(html, "<p class=\"intro\">") >= 6);
  // Units grouped by kind, conventional kinds first, unknown kinds after.
  const auto keuzedelen = html.find("Keuzedelen (elective units)");
  const auto leereenheden = html.find("Leereenheden (learning units)");
  const auto kerntaken = html.find("Kerntaken (core tasks)");
  const auto odd = html.find("Kind: zeldzaam");
  REQUIRE(keuzedelen != std::string::npos);
  CHECK(keuzedelen < leereenheden);
  CHECK(leereenheden < kerntaken);
  CHECK(kerntaken < odd);
}

TEST_CASE("catalog: text is escaped and URL sources are links") {
  fixture f;
  const std::string html = catalog(f.root, catalog_format::html);
  CHECK_FALSE(contains(html, "<script>alert"));
  CHECK(contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;medicatie&quot;"));
  CHECK(contains(html, "Kwaliteitsregister V&amp;V"));
  // URL sources: links that open no window handle back to the page.
  CHECK(contains(html, "<a href=\"" + escaped(nrto_url) + "\" rel=\"noopener\""));
  CHECK(contains(html, "<a href=\"" + escaped(cert_url) + "\" rel=\"noopener\""));
  CHECK(contains(html, "<a href=\"" + std::string(kd_url) + "\" rel=\"noopener\""));
  CHECK(count(html, "<a href=\"http") == count(html, "rel=\"noopener\""));
  // Citations are text, listed among the sources.
  CHECK(contains(html, "Regeling leereenheden 2019, art. 2"));
  CHECK(contains(html, "NLQF-besluit, art. 3 (Stcrt. 2012)"));
  CHECK_FALSE(contains(html, "href=\"Regeling"));
}

TEST_CASE("catalog: marks are ranked per scale by the highest level they can give") {
  fixture f;
  const std::string html = catalog(f.root, catalog_format::html);
  const auto civil = html.find("<h3>Civiel effect");
  const auto nlqf = html.find("<h3>nlqf");
  REQUIRE(civil != std::string::npos);
  REQUIRE(nlqf != std::string::npos);
  const std::string_view civil_table = std::string_view(html).substr(civil, nlqf - civil);
  const auto cert = civil_table.find("<code class=\"rid\">mbo-certificaat</code>");
  const auto vv = civil_table.find("<code class=\"rid\">vv-accredited</code>");
  const auto nrto = civil_table.find("<code class=\"rid\">nrto</code>");
  REQUIRE(cert != std::string_view::npos);
  CHECK(cert < vv);  // national before sector
  CHECK(vv < nrto);  // sector before provider
  // Conditions as written, first match wins, and what happens when none matches.
  // Conditions in words, the expression behind a disclosure (catalog_language_test.cpp).
  CHECK(contains(civil_table,
                 "provider</span> with exam<details class=\"expr\"><summary>expression</summary><code>"
                 "attrs.exam == true</code></details>"));
  CHECK(contains(civil_table, "otherwise <span class=\"lv"));
  CHECK(contains(civil_table, "otherwise no level"));
  CHECK(contains(civil_table, "5 years"));
  // examen and nothing-mark give nothing on civil_effect.
  CHECK(contains(civil_table, "No level on this scale"));
  // On nlqf, mbo-certificaat ranks through the mark it implies.
  const std::string_view nlqf_part = std::string_view(html).substr(nlqf);
  CHECK(contains(nlqf_part, "through the implied mark</span> <a href=\"#mark-examen\">"));
}

TEST_CASE("catalog: units show windows, validity, conditions and equivalences both ways") {
  fixture f;
  const std::string html = catalog(f.root, catalog_format::html);
  CHECK(contains(html, "from 2016-08-01 to 2030-07-31"));
  CHECK(contains(html, "18 months"));
  CHECK(contains(html, "<div>with exam<details class=\"expr\"><summary>expression</summary>"));
  CHECK(contains(html, "equivalent to <a href=\"#unit-KD-medicatie\">"));
  CHECK(contains(html, "equivalent to <a href=\"#unit-LE-medicatie\">"));
  CHECK(contains(html, "counts as <a href=\"#unit-KD-wondzorg\">"));
  CHECK(contains(html, "together with <a href=\"#unit-LE-wondzorg-2\">"));
  CHECK(contains(html, "counted by all of <a href=\"#unit-LE-wondzorg-1\">"));
  CHECK(contains(html, "(from 2019-09-01)"));
  CHECK(contains(html, "with at least 0 hours<details"));
}

TEST_CASE("catalog: routes show the requirement tree and the ways to each unit") {
  fixture f;
  const std::string html = catalog(f.root, catalog_format::html);
  const std::string_view routes = std::string_view(html).substr(html.find("id=\"routes\""));
  CHECK(contains(routes, "all of"));
  CHECK(contains(routes, "at least 2 of"));
  CHECK(contains(routes, "<b>Keuzedelen</b>: hours ≥ 480 of kind <b>keuzedeel</b>"));
  CHECK(contains(routes, "only when cohort from 1 August 2020<details"));
  CHECK(contains(routes, "check <code>count_of(kind = &quot;keuzedeel&quot;) &gt;= 1</code>"));
  // KD-wondzorg is reached through the leereenheden stack, KD-medicatie through its twin.
  CHECK(contains(routes, "or through</span> <a href=\"#eq-wondzorg-stack\">"));
  CHECK(contains(routes, "or through</span> <a href=\"#eq-eq-medicatie\">"));
  // The summary lists the leereenheden that lead to the diploma.
  const std::string_view reach = routes.substr(routes.find("Units that count toward it"));
  CHECK(contains(reach, "#unit-LE-wondzorg-1"));
  CHECK(contains(reach, "#unit-LE-medicatie"));
  CHECK_FALSE(contains(reach, "#unit-oddity"));
}

TEST_CASE("catalog: the same rules give the same bytes") {
  fixture f;
  CHECK(catalog(f.root, catalog_format::html) == catalog(f.root, catalog_format::html));
  CHECK(catalog(f.root, catalog_format::markdown) == catalog(f.root, catalog_format::markdown));
}

TEST_CASE("catalog: Markdown has the same content as tables and lists") {
  fixture f;
  const std::string md = catalog(f.root, catalog_format::markdown);
  CHECK(md.starts_with("# Civil effect catalogue: mini-zorg\n"));
  CHECK(contains(
      md, "| Highest level | Mark | Issuer | Attests | Level it gives | Valid for | Implies |\n|---|"));
  CHECK(contains(
      md, "| Unit | Title | Hours | Level | Credited | Valid for | Equivalences | Counts toward | Source |"));
  CHECK(contains(md, "| Equivalence | Title | Units | Applies | Source |"));
  CHECK(contains(md, "## Routes to a diploma"));
  CHECK(contains(md, "**Keuzedelen**: hours ≥ 480 of kind **keuzedeel**"));
  CHECK(contains(md, "*only when* cohort from 1 August 2020 (`person.cohort >= 2020-08-01`)"));
  CHECK(contains(md, "[https://example.org/certificaat](<https://example.org/certificaat>)"));
  // Escaped: no raw HTML, no broken table cell.
  CHECK_FALSE(contains(md, "<script>"));
  CHECK(contains(md, "&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"medicatie\""));
  for (const char* id : {"`nrto`", "`K1006`", "`LE-wondzorg-2`", "`eq-medicatie`", "`helpende-zw`"}) {
    CAPTURE(id);
    CHECK(contains(md, id));
  }
  // Every table row has the header's number of cells.
  std::size_t columns = 0;
  std::size_t start = 0;
  while (start < md.size()) {
    const std::size_t end = md.find('\n', start);
    const std::string_view line = std::string_view(md).substr(start, end - start);
    start = end == std::string::npos ? md.size() : end + 1;
    if (!line.starts_with("|")) {
      columns = 0;
      continue;
    }
    std::size_t cells = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++cells;
    if (columns == 0) columns = cells;
    CAPTURE(line);
    CHECK(cells == columns);
  }
}

TEST_CASE("catalog: overlays are applied and named") {
  fixture f;
  const auto overlay = f.dir.write("nrto-national.yaml", R"yaml(civeff: 1
overlay: nrto-national
marks:
  - id: nrto
    name: NRTO-keurmerk (scenario)
    levels: {civil_effect: national}
remove:
  equivalences: [eq-medicatie]
)yaml");
  compile_options options;
  options.overlays.push_back(overlay);
  const std::string html = catalog(f.root, catalog_format::html, options);
  CHECK(contains(html, "overlays: <code>nrto-national</code>"));
  CHECK(contains(html, "NRTO-keurmerk (scenario)"));
  CHECK_FALSE(contains(html, "id=\"eq-eq-medicatie\""));
  const std::string md = catalog(f.root, catalog_format::markdown, options);
  CHECK(contains(md, "overlays: `nrto-national`"));
}

TEST_CASE("catalog: broken rules throw rule_error with the diagnostics before there is a page") {
  temp_dir dir;
  const auto root = dir.write("ruleset.yaml", R"yaml(civeff: 1
ruleset: broken
version: "1"
units:
  - {id: A, kind: keuzedeel}
diplomas:
  - id: d
    requires: {unit: no-such-unit}
)yaml");
  bool thrown = false;
  try {
    (void)catalog(root, catalog_format::html);
  } catch (const civeff::rule_error& e) {
    thrown = true;
    REQUIRE_FALSE(e.diagnostics().empty());
    CHECK(e.diagnostics().front().level == civeff::severity::error);
    CHECK(contains(e.diagnostics().front().message, "no-such-unit"));
  }
  CHECK(thrown);
  CHECK_THROWS_AS((void)catalog(root, catalog_format::markdown), civeff::rule_error);
}

TEST_CASE("catalog: wording helpers") {
  using namespace civeff::detail::catalog;
  CHECK(duration_words(civeff::duration::parse("P5Y").value()) == "5 years");
  CHECK(duration_words(civeff::duration::parse("P1Y6M").value()) == "1 year 6 months");
  CHECK(duration_words(civeff::duration::parse("P30D").value()) == "30 days");
  CHECK(number_text(240) == "240");
  CHECK(number_text(4.5) == "4.5");
  CHECK(window_text({civeff::date::parse("2019-09-01"), std::nullopt}) == "from 2019-09-01");
  CHECK(window_text({std::nullopt, civeff::date::parse("2030-07-31")}) == "until 2030-07-31");
  const auto pieces = split_links("See https://a.example/x, and (http://b.example/y).");
  REQUIRE(pieces.size() == 5);
  CHECK(pieces[0].text == "See ");
  CHECK(pieces[1].url);
  CHECK(pieces[1].text == "https://a.example/x");
  CHECK(pieces[3].text == "http://b.example/y");
  CHECK(pieces[4].text == ").");
  CHECK(split_links("no links here").size() == 1);
  CHECK_FALSE(split_links("javascript:alert(1)").front().url);
}

TEST_CASE("catalog: rules from in-memory files or a loader give the page of the same files on disk") {
  fixture f;
  const std::map<std::string, std::string> files = {{"ruleset.yaml", ruleset_yaml}};
  const civeff::rule_loader loader = [&files](std::string_view path) -> std::optional<std::string> {
    const auto it = files.find(std::string(path));
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
  for (const catalog_format format : {catalog_format::html, catalog_format::markdown}) {
    const std::string on_disk = catalog(f.root, format);
    CHECK(render_catalog(*civeff::load(files), format) == on_disk);
    CHECK(render_catalog(*civeff::load(loader), format) == on_disk);
  }
  // --lang over the ruleset's language.
  const auto rules = civeff::load(files);
  CHECK(contains(render_catalog(*rules, catalog_format::html, civeff::text_language::nl),
                 "<html lang=\"nl\">"));
}
