// SPDX-License-Identifier: Apache-2.0
// Open Badges 3.0 portfolios and the `badges:` section (docs/language.md, "Open
// Badges 3.0 portfolios"): which credentials are read, the person, the date, the
// first matching entry, hours, JWT-VCs, proof reporting, and every error with its
// place.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "io/credentials.hpp"
#include "support.hpp"

using namespace civeff;
using namespace civeff::testing;

namespace {

const char* const badge_rules = R"(civeff: 1
ruleset: t
version: "1"
scales:
  civil_effect: {levels: [none, internal, national]}
marks:
  - {id: mbo-certificaat, levels: {civil_effect: national}}
  - {id: examen, levels: {civil_effect: internal}}
units:
  - {id: C0160, kind: certificaat, hours: 120}
  - {id: K1006, kind: keuzedeel, hours: 240}
  - {id: VP, kind: diploma, hours: 4800}
badges:
  - match: {achievement_id: "https://example.org/achievements/first"}
    unit: K1006
  - match: {alignment: {targetType: "ext:MboCertificaat", targetCode: C0160}}
    unit: C0160
    marks: [mbo-certificaat]
    hours: credentialSubject.achievement.SBU
  - match: {alignment: {targetCode: K1006}}
    unit: K1006
    marks: [examen]
    hours: credentialSubject.achievement.creditsAvailable
  - match: {education_program_identifier: "25655"}
    unit: VP
    hours: credentialSubject.achievement.SBU
  - match: {achievement_id: "https://example.org/achievements/bhv"}
    marks: [examen]
)";

std::shared_ptr<const ruleset> badge_ruleset() {
  static const std::shared_ptr<const ruleset> rs = [] {
    const compile_result r = compile(std::map<std::string, std::string>{{"ruleset.yaml", badge_rules}});
    std::string all;
    for (const auto& d : r.diagnostics) all += d.format() + "\n";
    if (!r.ok()) throw std::runtime_error(all);
    return r.rules;
  }();
  return rs;
}

// One credential's JSON: `subject` and `achievement` are the members inside
// credentialSubject and its achievement; `top` more top-level members.
std::string credential(const std::string& top, const std::string& achievement,
                       const std::string& subject = R"("id": "did:example:p1")") {
  return fmt::format(R"({{"id": "urn:c", "type": ["VerifiableCredential", "OpenBadgeCredential"],
 {}
 "credentialSubject": {{{}, "type": ["AchievementSubject"],
  "achievement": {{"type": ["Achievement"], "name": "A badge", {}}}}}}})",
                     top.empty() ? std::string() : top + ",", subject, achievement);
}

const std::string c0160 =
    R"("alignment": [{"type": ["Alignment"], "targetType": "ext:MboCertificaat", "targetCode": "C0160"}])";

portfolio read(const std::string& text, read_options options = {}) {
  return parse_portfolio(text, "p.json", *badge_ruleset(), options);
}

std::string errors_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const input_error& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) {
      out += d.format() + "\n";
    }
    return out;
  }
  return "no error";
}

std::string warnings_of(const portfolio& p) {
  std::string out;
  for (const auto& d : p.warnings.shown) out += d.format() + "\n";
  return out;
}

// RFC 4648 §5 without padding, for building JWTs in the tests (the reader decodes with OpenSSL).
std::string base64url(std::string_view bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (const unsigned char c : bytes) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      out += alphabet[(bits >> (count - 6)) & 63];
      count -= 6;
    }
  }
  if (count > 0) out += alphabet[(bits << (6 - count)) & 63];
  return out;
}

std::string jwt(const std::string& payload, const std::string& signature = "c2lnbmF0dXJl") {
  return base64url(R"({"alg":"ES256","typ":"JWT"})") + "." + base64url(payload) + "." + signature;
}

std::string file_text(const std::string& relative) {
  std::ifstream in(std::string(CIVEFF_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("ob3: base64url decodes with RFC 4648's vectors and rejects other text") {
  using detail::decode_base64url;
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},           {"Zg", "f"},          {"Zm8", "fo"},         {"Zm9v", "foo"},
      {"Zm9vYg", "foob"}, {"Zm9vYmE", "fooba"}, {"Zm9vYmFy", "foobar"}};
  for (const auto& [in, out] : vectors) {
    CAPTURE(in);
    CHECK(decode_base64url(in) == std::optional<std::string>(out));
  }
  CHECK(decode_base64url("-_-_") == std::optional<std::string>("\xfb\xff\xbf"));
  CHECK_FALSE(decode_base64url("+/+/"));   // standard base64's letters are not base64url's
  CHECK_FALSE(decode_base64url("Zm9v="));  // no padding in a JWS
  CHECK_FALSE(decode_base64url("Zm9vY"));  // 4n+1 characters stand for nothing
  CHECK_FALSE(decode_base64url("Zm 9v"));
  CHECK(base64url("foobar") == "Zm9vYmFy");
}

TEST_CASE("ob3: a top-level list is read as credentials, one achievement each, in order") {
  const portfolio p = read(
      "[" +
      credential(R"("validFrom": "2025-01-24T00:00:00Z", "proof": {"type": "DataIntegrityProof"})", c0160) +
      ",\n" +
      credential(R"("validFrom": "2025-02-01T00:00:00Z")",
                 R"("id": "https://example.org/achievements/bhv")") +
      "]");
  CHECK(p.person == "did:example:p1");
  REQUIRE(p.achievements.size() == 2);
  CHECK(p.achievements[0].unit == "C0160");
  CHECK(p.achievements[0].marks == std::vector<std::string>{"mbo-certificaat"});
  CHECK(p.achievements[0].title == "A badge");
  CHECK(p.achievements[0].when == day("2025-01-24"));
  CHECK_FALSE(p.achievements[0].hours);  // the credential has no SBU: the unit's hours
  CHECK(p.achievements[0].where.line == 1);
  CHECK(p.achievements[0].where.column == 2);
  REQUIRE(p.achievements[0].credential);
  CHECK(p.achievements[0].credential->id == "urn:c");
  CHECK(p.achievements[0].credential->proof);
  CHECK_FALSE(p.achievements[0].credential->jwt);
  CHECK(p.achievements[0].credential->badge.line == 16);
  CHECK_FALSE(p.achievements[1].unit);  // the entry names no unit: an unlisted course with a mark
  CHECK(p.achievements[1].marks == std::vector<std::string>{"examen"});
  CHECK(p.achievements[1].credential->badge.line == 27);
  CHECK(p.achievements[1].attrs.empty());
  CHECK_FALSE(p.achievements[1].exempt);
}

TEST_CASE("ob3: the date is awardedDate, else validFrom, else issuanceDate, its date part as written") {
  struct row {
    const char* top;
    const char* date;
  };
  const row rows[] = {
      {R"("awardedDate": "2024-11-29T23:45:00-05:00", "validFrom": "2024-12-02T00:00:00Z",
          "issuanceDate": "2024-12-03T00:00:00Z")",
       "2024-11-29"},
      {R"("validFrom": "2024-12-02T00:00:00Z", "issuanceDate": "2024-12-03T00:00:00Z")", "2024-12-02"},
      {R"("issuanceDate": "2010-01-01T00:00:00Z")", "2010-01-01"},
      {R"("validFrom": "2024-12-02")", "2024-12-02"},
      {R"("awardedDate": "2024-02-29t08:00:00Z")", "2024-02-29"},
  };
  for (const row& r : rows) {
    CAPTURE(r.top);
    const portfolio p = read("[" + credential(r.top, c0160) + "]");
    REQUIRE(p.achievements.size() == 1);
    CHECK(p.achievements[0].when.to_string() == r.date);
  }
  // A present field that is no date is an error at its value; it does not fall back to the next.
  CHECK(errors_of([] {
          (void)read(
              "[" + credential(R"("awardedDate": "29-11-2024", "validFrom": "2024-12-02T00:00:00Z")", c0160) +
              "]");
        }) ==
        "p.json:2:18: error[E010]: `awardedDate`: '29-11-2024' is not a date or an ISO 8601 timestamp "
        "(YYYY-MM-DD, YYYY-MM-DDThh:mm:ssZ)\n");
  CHECK(errors_of([] {
          (void)read("[" + credential(R"("validFrom": "2023-02-29T00:00:00Z")", c0160) + "]");
        }).starts_with("p.json:2:16: error[E010]: `validFrom`: '2023-02-29T00:00:00Z'"));
  CHECK(errors_of([] { (void)read("[" + credential("", c0160) + "]"); }) ==
        "p.json:1:2: error[E041]: a credential needs `awardedDate`, `validFrom` or `issuanceDate` (the "
        "achievement's date)\n");
}

TEST_CASE("ob3: the person is --person, else the one credentialSubject.id") {
  const std::string p1 = credential(R"("validFrom": "2025-01-01")", c0160);
  const std::string p2 = credential(R"("validFrom": "2025-01-02")", c0160, R"("id": "did:example:p2")");
  const std::string anonymous = credential(R"("validFrom": "2025-01-03")", c0160, R"("name": "x")");

  CHECK(read("[" + p1 + ",\n" + p1 + "]").person == "did:example:p1");
  CHECK(
      errors_of([&] { (void)read("[" + p1 + ",\n" + p2 + "]"); }) ==
      "p.json:7:31: error[E041]: credentialSubject.id 'did:example:p2' is not the person of the credentials "
      "before it ('did:example:p1'): a portfolio is one person's; give --person to read them as one "
      "person's\n"
      "p.json:3:31: note: the first credential's subject\n");
  CHECK(errors_of([&] { (void)read("[" + anonymous + "]"); }) ==
        "p.json:3:23: error[E041]: the credential names no person (`credentialSubject.id`); give --person to "
        "name the person\n");
  CHECK(errors_of([] { (void)read("[]"); }) ==
        "p.json:1:1: error[E041]: an Open Badges 3.0 portfolio without credentials names no person; give "
        "--person\n");

  // With --person the subjects are not compared, and may be absent.
  const portfolio p = read("[" + p1 + ",\n" + p2 + ",\n" + anonymous + "]", {.person = "p-017"});
  CHECK(p.person == "p-017");
  CHECK(p.achievements.size() == 3);
  CHECK(read("[]", {.person = "p-017"}).achievements.empty());
  // --person names the person of a civeff portfolio too, which then needs no `person`.
  CHECK(read("achievements: []\n", {.person = "p-9"}).person == "p-9");
  CHECK(read("person: p-1\nachievements: []\n", {.person = "p-9"}).person == "p-9");
}

TEST_CASE("ob3: the first badges entry that matches wins") {
  // Matches entry 1 (its achievement id) and entry 2 (its alignment): entry 1 comes first.
  const portfolio both = read("[" +
                              credential(R"("validFrom": "2025-01-01")",
                                         R"("id": "https://example.org/achievements/first", )" + c0160) +
                              "]");
  CHECK(both.achievements[0].unit == "K1006");
  CHECK(both.achievements[0].marks.empty());
  CHECK(both.achievements[0].credential->badge.line == 14);

  // An entry with a targetType matches only that type; one without matches any type.
  const portfolio typed = read("[" + credential(R"("validFrom": "2025-01-01")", R"("alignment": [
      {"targetType": "CFItem", "targetCode": "C0160"},
      {"targetType": "CFItem", "targetCode": "K1006"}]
  )") + "]");
  CHECK(typed.achievements[0].unit == "K1006");

  // educationProgramIdentifier is compared as written: a JSON number 25655 is '25655'.
  const portfolio program =
      read("[" +
           credential(R"("validFrom": "2025-01-01")", R"("educationProgramIdentifier": 25655, "SBU": 4800)") +
           "]");
  CHECK(program.achievements[0].unit == "VP");
  CHECK(program.achievements[0].hours == 4800);
}

TEST_CASE("ob3: `hours` reads a number at a path of the credential") {
  const auto hours_of = [](const std::string& achievement) {
    return read("[" + credential(R"("validFrom": "2025-01-01")", achievement) + "]").achievements.at(0).hours;
  };
  CHECK(hours_of(c0160 + R"(, "SBU": 120)") == 120);
  CHECK(hours_of(c0160 + R"(, "SBU": 7.5)") == 7.5);
  CHECK_FALSE(hours_of(c0160));  // absent: the unit's hours, as an achievement without `hours`
  CHECK(hours_of(R"("alignment": [{"targetCode": "K1006"}], "creditsAvailable": 2.0)") == 2);
  CHECK(errors_of([] {
          (void)read("[" + credential(R"("validFrom": "2025-01-01")", c0160 + R"(,
    "SBU": "120")") + "]");
        }) ==
        "p.json:5:13: error[E041]: `credentialSubject.achievement.SBU` (the hours of the badges entry at "
        "ruleset.yaml:16:5) must be a number >= 0, not '120'\n");
  CHECK(errors_of([] {
          (void)read("[" + credential(R"("validFrom": "2025-01-01")", c0160 + R"(, "SBU": -1)") + "]");
        }).find("must be a number >= 0, not '-1'") != std::string::npos);
}

TEST_CASE("ob3: a JWT-VC is decoded without verification; its payload or its `vc` claim is the credential") {
  const std::string vc = credential(R"("validFrom": "2025-03-01T00:00:00Z")", c0160);
  const std::string signed_token = jwt(vc);
  const std::string wrapped = jwt(R"({"iss": "did:example:issuer", "nbf": 1, "vc": )" + vc + "}");
  const std::string unsecured = jwt(vc, "");
  const portfolio p = read("[\"" + signed_token + "\",\n\"" + wrapped + "\",\n\"" + unsecured + "\"]");
  REQUIRE(p.achievements.size() == 3);
  for (const auto& a : p.achievements) {
    CHECK(a.unit == "C0160");
    CHECK(a.when == day("2025-03-01"));
    CHECK(a.credential->jwt);
  }
  CHECK(p.achievements[0].credential->proof);
  CHECK(p.achievements[1].credential->proof);
  CHECK_FALSE(p.achievements[2].credential->proof);
  CHECK(p.achievements[1].where.line == 2);
  CHECK(warnings_of(p) == "p.json:3:2: warning[W017]: JWT-VC 'urn:c' has no signature (an unsecured JWT)\n");

  // Errors inside a JWT point at the JWT, and say where they are.
  CHECK(errors_of([] { (void)read(R"(["abc.def"])"); }) ==
        "p.json:1:3: error[E041]: not a JWT-VC (a compact JWS, HEADER.PAYLOAD.SIGNATURE): it does not have "
        "three parts separated by dots\n");
  CHECK(errors_of([] { (void)read(R"(["eyJ9.e+J9.x"])"); }) ==
        "p.json:1:3: error[E041]: not a JWT-VC (a compact JWS, HEADER.PAYLOAD.SIGNATURE): character '+' at 7 "
        "is "
        "not base64url\n");
  CHECK(errors_of([] {
          (void)read("[\"" + jwt("[1, 2]") + "\"]");
        }).ends_with("its payload is not a JSON object\n"));
  CHECK(errors_of([] { (void)read("[\"" + jwt("{\"a\": [}") + "\"]"); }).find("its payload does not parse") !=
        std::string::npos);
  CHECK(errors_of([] { (void)read("[\"" + jwt(credential("", c0160)) + "\"]"); }) ==
        "p.json:1:3: error[E041]: in the JWT-VC's payload: a credential needs `awardedDate`, `validFrom` or "
        "`issuanceDate` (the achievement's date)\n");
}

TEST_CASE("ob3: whether a proof is present is a warning and in explain, never in eval") {
  const portfolio p = read(
      "[" + credential(R"("validFrom": "2025-01-24", "proof": [{"type": "DataIntegrityProof"}])", c0160) +
      ",\n" + credential(R"("validFrom": "2025-02-24")", c0160) + "]");
  CHECK(warnings_of(p) == "p.json:5:1: warning[W017]: credential 'urn:c' carries no `proof`\n");
  const explanation e = badge_ruleset()->explain(p, day("2026-01-01"));
  REQUIRE(e.achievements.size() == 2);
  CHECK(e.achievements[0].credential->proof);
  CHECK_FALSE(e.achievements[1].credential->proof);
  const std::string json = to_json(e);
  CHECK(json.find(R"("proof": true)") != std::string::npos);
  CHECK(json.find(R"("badge": "ruleset.yaml:16:5")") != std::string::npos);
  CHECK(to_text(e).find("from credential urn:c (no proof) ← badges entry ruleset.yaml:16:5") !=
        std::string::npos);

  // eval equals the twin written as a civeff portfolio.
  const portfolio twin = parse_portfolio(R"(person: did:example:p1
achievements:
  - {unit: C0160, title: A badge, date: 2025-01-24, marks: [mbo-certificaat]}
  - {unit: C0160, title: A badge, date: 2025-02-24, marks: [mbo-certificaat]}
)",
                                         "twin.yaml", *badge_ruleset());
  CHECK(to_json(badge_ruleset()->evaluate(p, day("2026-01-01"))) ==
        to_json(badge_ruleset()->evaluate(twin, day("2026-01-01"))));
  // A civeff portfolio's achievements come from no credential: explain says nothing of proofs.
  CHECK(to_json(badge_ruleset()->explain(twin, day("2026-01-01"))).find("credential") == std::string::npos);
}

TEST_CASE("ob3: a credential no entry matches is W016 and an unlisted course; an error under --strict") {
  const std::string text =
      "[" + credential(R"("validFrom": "2025-01-24", "proof": {})", R"("id": "https://example.org/other")") +
      "]";
  const portfolio p = read(text);
  REQUIRE(p.achievements.size() == 1);
  CHECK_FALSE(p.achievements[0].unit);
  CHECK(p.achievements[0].marks.empty());
  CHECK(p.achievements[0].title == "A badge");
  CHECK(p.achievements[0].credential->badge.file.empty());
  CHECK(warnings_of(p) ==
        "p.json:1:2: warning[W016]: credential 'urn:c' matches no `badges:` entry of the rules; "
        "it is read as the unlisted course 'A badge'\n");
  const result r = badge_ruleset()->evaluate(p, day("2026-01-01"));
  CHECK_FALSE(r.achievements[0].known);
  CHECK(errors_of([&] { (void)read(text, {.strict = true}); }) ==
        "p.json:1:2: error[W016]: credential 'urn:c' matches no `badges:` entry of the rules; it is read as "
        "the "
        "unlisted course 'A badge'\n");
  // --strict leaves W017 a warning: a missing proof is reported, not refused.
  const std::string unsigned_text = "[" + credential(R"("validFrom": "2025-01-24")", c0160) + "]";
  CHECK(warnings_of(read(unsigned_text, {.strict = true})).find("W017") != std::string::npos);
}

TEST_CASE("ob3: what is not a credential is E041 at its place") {
  CHECK(
      errors_of([] { (void)read("[1,\n {\"a\": 2}]"); }) ==
      "p.json:1:2: error[E041]: not a JWT-VC (a compact JWS, HEADER.PAYLOAD.SIGNATURE): it does not have "
      "three "
      "parts separated by dots\n"
      "p.json:2:2: error[E041]: not an Open Badges 3.0 credential: it has no `type` (OpenBadgeCredential)\n");
  CHECK(errors_of([] { (void)read(R"([{"unit": "K1006", "date": "2025-01-01"}])"); }) ==
        "p.json:1:2: error[E041]: not an Open Badges 3.0 credential: it has no `type`; a portfolio file of "
        "achievements is a mapping {person, achievements}, and a list is read as credentials\n");
  CHECK(errors_of([] { (void)read(R"([[1]])"); }) ==
        "p.json:1:2: error[E041]: an Open Badges 3.0 portfolio lists credentials (objects) and JWT-VCs "
        "(strings), "
        "not a list\n");
  CHECK(errors_of([] { (void)read(R"([{"type": ["VerifiableCredential", "EndorsementCredential"]}])"); }) ==
        "p.json:1:11: error[E041]: not an Open Badges 3.0 credential: its `type` names neither "
        "OpenBadgeCredential "
        "nor AchievementCredential\n");
  // A credential of type AchievementCredential (its other name), a `type` written as one word.
  CHECK(read(R"([{"type": "AchievementCredential", "validFrom": "2025-01-01",
  "credentialSubject": {"id": "s", "achievement": {"alignment": [{"targetCode": "K1006"}]}}}])")
            .achievements.at(0)
            .unit == "K1006");
  CHECK(errors_of([] { (void)read(R"([{"type": "OpenBadgeCredential", "validFrom": "2025-01-01"}])"); }) ==
        "p.json:1:2: error[E041]: a credential needs `credentialSubject`\n");
  CHECK(errors_of([] {
          (void)read(
              R"([{"type": "OpenBadgeCredential", "validFrom": "2025-01-01", "credentialSubject": {"id": "s",
  "achievement": "https://example.org/a"}}])");
        }) ==
        "p.json:2:19: error[E041]: `credentialSubject.achievement` must be an object, not "
        "'https://example.org/a'\n");
}

TEST_CASE("ob3: the test credentials of tests/data/ob3 read as their sources describe") {
  const portfolio edubadge = read(file_text("tests/data/ob3/edubadges-regular.json"));
  CHECK(edubadge.person == "https://example.org/students/stu-T3ST");
  CHECK(edubadge.achievements.at(0).unit == "VP");
  CHECK(edubadge.achievements.at(0).hours == 4800);
  CHECK(edubadge.achievements.at(0).when == day("2024-08-30"));
  CHECK_FALSE(edubadge.achievements.at(0).credential->proof);

  const portfolio aligned = read(file_text("tests/data/ob3/1edtech-alignment.json"));
  CHECK(aligned.achievements.at(0).unit == "K1006");
  CHECK(aligned.achievements.at(0).hours == 2);
  CHECK(aligned.achievements.at(0).when == day("2023-03-14"));  // issuanceDate (VC 1.1)
  CHECK(aligned.achievements.at(0).credential->proof);
  CHECK(aligned.warnings.total == 0);

  // One JWT is the credential, the other holds it as its `vc` claim; both are signed.
  const portfolio tokens = read(file_text("tests/data/ob3/jwt-vc.json"));
  REQUIRE(tokens.achievements.size() == 2);
  CHECK(tokens.person == "https://example.org/students/stu-T3ST");
  CHECK(tokens.achievements[0].when == day("2024-11-29"));  // awardedDate before validFrom
  CHECK(tokens.achievements[0].title == "Microcredential Tilinstructie (test)");
  CHECK_FALSE(tokens.achievements[0].unit);  // no entry matches: W016
  CHECK(tokens.achievements[1].unit == "K1006");
  CHECK(tokens.achievements[1].credential->id == "http://example.edu/credentials/test-3732");
  CHECK(tokens.achievements[1].credential->proof);
  CHECK(warnings_of(tokens) ==
        "p.json:2:4: warning[W016]: credential 'https://example.org/credentials/crd-T3ST02' "
        "matches no `badges:` entry of the rules; it is read as the unlisted course "
        "'Microcredential Tilinstructie (test)'\n");
  CHECK(tokens.warnings.total == 1);
}

TEST_CASE("badges: rules errors name their place; unknown ids get a suggestion") {
  const auto check_of = [](const std::string& badges) {
    const compile_result r =
        compile(std::map<std::string, std::string>{{"ruleset.yaml", std::string(R"(civeff: 1
ruleset: t
version: "1"
scales: {s: {levels: [a, b]}}
marks: [{id: examen, levels: {s: b}}]
units: [{id: C0160, kind: c}, {id: K1006, kind: k}]
badges:
)") + badges}});
    std::string out;
    for (const auto& d : r.diagnostics) {
      out += d.format() + "\n";
    }
    return out;
  };
  CHECK(check_of("  - {match: {achievement_id: a}, unit: C0610, marks: [examn]}\n") ==
        "ruleset.yaml:8:40: error[E020]: unknown unit 'C0610'; did you mean 'C0160'?\n"
        "ruleset.yaml:8:55: error[E020]: unknown mark 'examn'; did you mean 'examen'?\n");
  CHECK(
      check_of("  - {match: {achievement_id: a}, units: C0160}\n") ==
      "ruleset.yaml:8:34: error[E004]: unknown key `units` in a badges entry; did you mean `unit`? (allowed: "
      "match, unit, marks, hours, title, name, source, notes)\n");
  CHECK(check_of("  - {unit: C0160}\n") == "ruleset.yaml:8:5: error[E006]: a badges entry needs `match`\n");
  CHECK(check_of("  - {match: {}}\n") ==
        "ruleset.yaml:8:13: error[E006]: `match` needs one of `achievement_id`, "
        "`education_program_identifier` or "
        "`alignment`\n");
  CHECK(
      check_of("  - {match: {achievement_id: a, education_program_identifier: '1'}}\n") ==
      "ruleset.yaml:8:33: error[E007]: `match` takes one of `achievement_id`, `education_program_identifier` "
      "or "
      "`alignment`, not `achievement_id` and `education_program_identifier` together (write two entries)\n");
  CHECK(check_of("  - {match: {alignment: {targetType: x}}}\n") ==
        "ruleset.yaml:8:25: error[E006]: `alignment` needs `targetCode`\n");
  CHECK(check_of("  - {match: {alignment: {targetcode: x}}}\n") ==
        "ruleset.yaml:8:25: error[E006]: `alignment` needs `targetCode`\n"
        "ruleset.yaml:8:26: error[E004]: unknown key `targetcode` in `alignment`; did you mean `targetCode`? "
        "(allowed: targetType, targetCode)\n");
  CHECK(check_of("  - {match: {achievement_id: a}, hours: credentialSubject..SBU}\n") ==
        "ruleset.yaml:8:41: error[E007]: `hours` is a path of member names joined by dots (such as "
        "credentialSubject.achievement.SBU), not 'credentialSubject..SBU'\n");
  CHECK(check_of("  {match: {achievement_id: a}}\n").starts_with("ruleset.yaml:8:3: error[E007]:"));
  // An entry an earlier one always matches first: W015, with a note at the earlier one.
  CHECK(check_of("  - {match: {alignment: {targetCode: C0160}}, unit: C0160}\n"
                 "  - {match: {alignment: {targetType: t, targetCode: C0160}}, unit: K1006}\n"
                 "  - {match: {alignment: {targetType: t, targetCode: K1006}}, unit: K1006}\n"
                 "  - {match: {achievement_id: C0160}, unit: K1006}\n") ==
        "ruleset.yaml:9:13: warning[W015]: this badges entry never matches: an earlier entry (alignment with "
        "targetCode 'C0160') matches every credential it does, and the first match wins\n"
        "ruleset.yaml:8:5: note: the earlier entry\n");
}

TEST_CASE("badges: an overlay's entries are tried before the ruleset's") {
  temp_dir dir;
  const auto root = dir.write("ruleset.yaml", badge_rules);
  const auto overlay = dir.write("o.yaml", R"(civeff: 1
overlay: redirect
badges:
  - match: {alignment: {targetCode: C0160}}
    unit: K1006
)");
  const compile_result r = compile(root, {.overlays = {overlay}});
  REQUIRE(r.ok());
  const portfolio p =
      parse_portfolio("[" + credential(R"("validFrom": "2025-01-01")", c0160) + "]", "p.json", *r.rules);
  CHECK(p.achievements.at(0).unit == "K1006");
  CHECK(p.achievements.at(0).credential->badge.file.ends_with("o.yaml"));
}
