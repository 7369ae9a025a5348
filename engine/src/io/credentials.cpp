// SPDX-License-Identifier: Apache-2.0
// Open Badges 3.0 portfolios (docs/language.md, "Open Badges 3.0 portfolios"). The
// fields read follow 1EdTech's Open Badges 3.0 data model (OpenBadgeCredential,
// credentialSubject.achievement with id, name, alignment[] {targetType,
// targetCode}; awardedDate, validFrom, issuanceDate) and SURF edubadges'
// extension `educationProgramIdentifier` (educredentials/obv3-examples).

#include "io/credentials.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <climits>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "core/utf8.hpp"
#include "yaml/reader.hpp"

namespace civeff::detail {
namespace {

constexpr std::array<std::string_view, 2> credential_types = {"OpenBadgeCredential", "AchievementCredential"};
// The achievement's date, in this order (docs/language.md).
constexpr std::array<std::string_view, 3> date_keys = {"awardedDate", "validFrom", "issuanceDate"};

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// A member of a mapping; nullopt when `node` is no mapping, has no such key, or its value is null.
std::optional<YAML::Node> member(const YAML::Node& node, std::string_view key) {
  if (!node.IsMap()) return std::nullopt;
  for (auto it = node.begin(); it != node.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      if (it->second.IsNull()) return std::nullopt;
      return it->second;
    }
  return std::nullopt;
}

// A scalar's text. The input is valid UTF-8, so an invalid byte can only be one
// yaml-cpp 0.7 wrote for an escape (`\N`, `\_`): read as the Latin-1 character.
std::string scalar_text(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  return first_invalid_utf8(s) == std::string::npos ? s : repair_utf8(s, invalid_byte_as::latin1);
}

// `type` is a word or a list of words (VC data model); true when one of them is `word`.
bool has_type(const YAML::Node& type, std::string_view word) {
  if (type.IsScalar()) return type.Scalar() == word;
  if (!type.IsSequence()) return false;
  for (auto it = type.begin(); it != type.end(); ++it)
    if (it->IsScalar() && it->Scalar() == word) return true;
  return false;
}

// `YYYY-MM-DD`, or an ISO 8601 timestamp that starts with one: its date as written
// (the issuer's own day, whatever the time zone says).
std::optional<date> date_part(std::string_view text) {
  if (text.size() > 10 && text[10] != 'T' && text[10] != 't') return std::nullopt;
  return date::parse(text.substr(0, 10));
}

// One credential being read: its object, and where diagnostics about it point.
struct credential {
  YAML::Node vc;
  source_location where;  // the list item: the object's `{`, or the JWT string
  bool jwt = false;       // given as a JWT-VC
  bool proof = false;     // carries `proof`, or is a JWT with a signature
};

class credential_reader {
 public:
  credential_reader(const yaml_document& doc, const program& prog, const read_options& options,
                    diagnostic_sink& sink, warning_list& warnings)
      : doc_(doc),
        r_(*doc.source, sink, reader_mode::input),
        prog_(prog),
        options_(options),
        sink_(sink),
        warnings_(warnings) {}

  void read(portfolio& out) {
    const YAML::Node& list = doc_.root;
    for (auto it = list.begin(); it != list.end(); ++it)
      if (auto c = open(*it)) read_credential(*c, out);
    if (options_.person) {
      out.person = *options_.person;
    } else if (person_) {
      out.person = person_->text;
    } else if (list.size() == 0) {
      sink_.error(codes::input_shape, r_.where(list),
                  "an Open Badges 3.0 portfolio without credentials names no person; give --person");
    }
  }

 private:
  // Where a diagnostic about `node` of `c` points: the node, or in a JWT the JWT.
  source_location at(const credential& c, const YAML::Node& node) const {
    return c.jwt ? c.where : r_.where(node);
  }

  void error(const credential& c, const YAML::Node& node, const char* code, const std::string& message) {
    sink_.error(code, at(c, node), c.jwt ? "in the JWT-VC's payload: " + message : message);
  }

  std::optional<credential> open(const YAML::Node& item) {
    credential c;
    c.where = r_.where(item);
    if (item.IsScalar()) {
      if (!decode_jwt(item, c)) return std::nullopt;
    } else if (item.IsMap()) {
      c.vc = item;
      c.proof = member(item, "proof").has_value();
    } else {
      sink_.error(codes::input_shape, c.where,
                  "an Open Badges 3.0 portfolio lists credentials (objects) and JWT-VCs (strings), not " +
                      r_.describe(item));
      return std::nullopt;
    }
    const auto type = member(c.vc, "type");
    if (!type || std::none_of(credential_types.begin(), credential_types.end(),
                              [&](std::string_view t) { return has_type(*type, t); })) {
      // A list of civeff achievements is what a `tests:` portfolio may be, not a file: say so.
      const bool achievement = !type && !c.jwt && member(c.vc, "date").has_value();
      error(
          c, type ? *type : c.vc, codes::input_shape,
          type ? "not an Open Badges 3.0 credential: its `type` names neither OpenBadgeCredential nor "
                 "AchievementCredential"
          : achievement
              ? "not an Open Badges 3.0 credential: it has no `type`; a portfolio file of achievements is a "
                "mapping {person, achievements}, and a list is read as credentials"
              : "not an Open Badges 3.0 credential: it has no `type` (OpenBadgeCredential)");
      return std::nullopt;
    }
    return c;
  }

  // A compact JWS `HEADER.PAYLOAD.SIGNATURE`, each part base64url: the payload is
  // the credential, or holds it as its `vc` claim. Nothing is verified.
  bool decode_jwt(const YAML::Node& item, credential& c) {
    const std::string token = scalar_text(item);
    const auto fail = [&](const std::string& why) {
      sink_.error(codes::input_shape, c.where,
                  "not a JWT-VC (a compact JWS, HEADER.PAYLOAD.SIGNATURE): " + why);
      return false;
    };
    const std::size_t first = token.find('.');
    const std::size_t second = first == std::string::npos ? first : token.find('.', first + 1);
    if (second == std::string::npos || token.find('.', second + 1) != std::string::npos)
      return fail("it does not have three parts separated by dots");
    const std::string_view t = token;
    const auto bad =
        std::find_if_not(t.begin(), t.end(), [](char ch) { return is_base64url(ch) || ch == '.'; });
    if (bad != t.end())
      return fail(fmt::format("character '{}' at {} is not base64url", excerpt(std::string(1, *bad)),
                              bad - t.begin() + 1));
    const std::optional<std::string> payload = decode_base64url(t.substr(first + 1, second - first - 1));
    if (!payload || payload->empty()) return fail("its payload is not base64url");
    if (!decode_base64url(t.substr(0, first))) return fail("its header is not base64url");
    if (const std::size_t invalid = first_invalid_utf8(*payload); invalid != std::string::npos)
      return fail(fmt::format("its payload is not UTF-8 (byte {})", invalid + 1));
    diagnostic_sink payload_sink;
    auto parsed = parse_yaml(c.where.file + " (JWT payload)", *payload, payload_sink);
    if (!parsed || payload_sink.has_errors() || !parsed->root.IsMap()) {
      const std::vector<diagnostic> found = payload_sink.sorted();
      return fail(found.empty() ? "its payload is not a JSON object"
                                : "its payload does not parse: " + found.front().message);
    }
    c.jwt = true;
    c.proof = second + 1 < token.size();  // an unsecured JWT (`alg: none`) has no signature
    const auto vc = member(parsed->root, "vc");
    c.vc = vc && vc->IsMap() ? *vc : parsed->root;
    return true;
  }

  // The required mapping `key` of `node`; E041 and nullopt when it is absent or no mapping.
  std::optional<YAML::Node> object(const credential& c, const YAML::Node& node, std::string_view key,
                                   std::string_view path) {
    const auto m = member(node, key);
    if (!m) {
      error(c, node, codes::input_shape, fmt::format("a credential needs `{}`", path));
      return std::nullopt;
    }
    if (!m->IsMap()) {
      error(c, *m, codes::input_shape,
            fmt::format("`{}` must be an object, not {}", path, c.jwt ? describe(*m) : r_.describe(*m)));
      return std::nullopt;
    }
    return m;
  }

  // A text member (a scalar); nullopt when absent or not a scalar.
  static std::optional<std::string> text(const YAML::Node& node, std::string_view key) {
    const auto m = member(node, key);
    if (!m || !m->IsScalar()) return std::nullopt;
    return scalar_text(*m);
  }

  std::optional<date> achieved_on(const credential& c) {
    for (const std::string_view key : date_keys) {
      const auto m = member(c.vc, key);
      if (!m) continue;
      if (m->IsScalar())
        if (const auto d = date_part(m->Scalar())) return d;
      error(c, *m, codes::bad_date,
            fmt::format("`{}`: {} is not a date or an ISO 8601 timestamp (YYYY-MM-DD, YYYY-MM-DDThh:mm:ssZ)",
                        key, c.jwt ? describe(*m) : r_.describe(*m)));
      return std::nullopt;
    }
    error(c, c.vc, codes::input_shape,
          "a credential needs `awardedDate`, `validFrom` or `issuanceDate` (the achievement's date)");
    return std::nullopt;
  }

  // SPEC §3's one person: --person, else the one credentialSubject.id of all credentials.
  void check_subject(const credential& c, const YAML::Node& subject) {
    if (options_.person) return;
    const auto id = member(subject, "id");
    if (!id || !id->IsScalar()) {
      error(c, id ? *id : subject, codes::input_shape,
            "the credential names no person (`credentialSubject.id`); give --person to name the person");
      return;
    }
    located_text seen{scalar_text(*id), at(c, *id)};
    if (!person_) {
      person_ = std::move(seen);
    } else if (person_->text != seen.text) {
      sink_.error(
          codes::input_shape, seen.where,
          fmt::format("credentialSubject.id '{}' is not the person of the credentials before it ('{}'): "
                      "a portfolio is one person's; give --person to read them as one person's",
                      excerpt(seen.text), excerpt(person_->text)),
          person_->where, "the first credential's subject");
    }
  }

  static bool matches(const badge_rule& b, const YAML::Node& achievement) {
    switch (b.kind) {
      case badge_rule::match_kind::achievement_id: return text(achievement, "id") == b.value;
      case badge_rule::match_kind::education_program_identifier:
        return text(achievement, "educationProgramIdentifier") == b.value;
      case badge_rule::match_kind::alignment: {
        const auto alignments = member(achievement, "alignment");
        if (!alignments || !alignments->IsSequence()) return false;
        for (auto it = alignments->begin(); it != alignments->end(); ++it)
          if (text(*it, "targetCode") == b.value &&
              (!b.target_type || text(*it, "targetType") == b.target_type))
            return true;
        return false;
      }
    }
    return false;
  }

  // `hours: FIELD`: the number at that path of member names from the credential; nullopt when absent.
  std::optional<double> hours(const credential& c, const badge_rule& b) {
    std::optional<YAML::Node> at = c.vc;
    for (const std::string& key : b.hours_path)
      if (at) at = member(*at, key);
    if (!at) return std::nullopt;
    if (is_plain(*at))
      if (const auto x = parse_number(at->Scalar()); x && *x >= 0) return x;
    error(c, *at, codes::input_shape,
          fmt::format("`{}` (the hours of the badges entry at {}:{}:{}) must be a number >= 0, not {}",
                      b.hours_field, b.where.file, b.where.line, b.where.column,
                      c.jwt ? describe(*at) : r_.describe(*at)));
    return std::nullopt;
  }

  void read_credential(const credential& c, portfolio& out) {
    const auto subject = object(c, c.vc, "credentialSubject", "credentialSubject");
    if (!subject) return;
    check_subject(c, *subject);
    const auto achievement_node = object(c, *subject, "achievement", "credentialSubject.achievement");
    const std::optional<date> when = achieved_on(c);
    if (!achievement_node || !when) return;

    achievement a;
    a.title = text(*achievement_node, "name").value_or("");
    a.when = *when;
    a.where = c.where;
    credential_origin origin;
    origin.id = text(c.vc, "id").value_or("");
    origin.jwt = c.jwt;
    origin.proof = c.proof;
    const std::string named =
        origin.id.empty() ? fmt::format("'{}'", excerpt(a.title)) : fmt::format("'{}'", excerpt(origin.id));
    const auto rule = std::find_if(prog_.badges.begin(), prog_.badges.end(),
                                   [&](const badge_rule& b) { return matches(b, *achievement_node); });
    if (rule == prog_.badges.end()) {
      warnings_.add(
          codes::warn_badge_unmatched, c.where,
          fmt::format("credential {} matches no `badges:` entry of the rules; it is read as the unlisted "
                      "course '{}'",
                      named, excerpt(a.title)));
    } else {
      a.unit = rule->unit;
      a.marks = rule->marks;
      if (!rule->hours_path.empty()) a.hours = hours(c, *rule);
      origin.badge = rule->where;
    }
    if (!c.proof)
      warnings_.add(codes::warn_no_proof, c.where,
                    c.jwt ? fmt::format("JWT-VC {} has no signature (an unsecured JWT)", named)
                          : fmt::format("credential {} carries no `proof`", named));
    a.credential = std::move(origin);
    out.achievements.push_back(std::move(a));
  }

  const yaml_document& doc_;
  yaml_reader r_;
  const program& prog_;
  const read_options& options_;
  diagnostic_sink& sink_;
  warning_list& warnings_;
  std::optional<located_text> person_;  // the first credential's subject
};

}  // namespace

bool is_credential_list(const yaml_document& doc) { return doc.root.IsSequence(); }

void read_credentials(const yaml_document& doc, const program& prog, const read_options& options,
                      portfolio& out, diagnostic_sink& sink, warning_list& warnings) {
  credential_reader(doc, prog, options, sink, warnings).read(out);
}

std::optional<std::string> decode_base64url(std::string_view text) {
  // RFC 4648 §5 without padding: a length of 4n+1 characters stands for no bytes.
  if (text.size() % 4 == 1 || text.size() > INT_MAX / 2) return std::nullopt;
  std::string standard(text);
  for (char& ch : standard) {
    if (!is_base64url(ch)) return std::nullopt;
    if (ch == '-') ch = '+';
    if (ch == '_') ch = '/';
  }
  const std::size_t padding = (4 - standard.size() % 4) % 4;
  standard.append(padding, '=');
  std::string out(standard.size() / 4 * 3, '\0');
  // OpenSSL's decoder (libcrypto is linked for snapshots): it counts the padding's bytes too.
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(standard.data()),
                                static_cast<int>(standard.size()));
  if (n < 0) return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

}  // namespace civeff::detail
