// SPDX-License-Identifier: Apache-2.0
#pragma once
// Open Badges 3.0 portfolios (docs/language.md, "Open Badges 3.0 portfolios"): a
// portfolio file whose top level is a list of credentials, each an
// OpenBadgeCredential (or AchievementCredential) object or a JWT-VC string. Each
// credential becomes one achievement through the ruleset's `badges:` entries. No
// proof is verified and no JSON-LD context is fetched: the credentials are read
// as the JSON they are.

#include <civeff/civeff.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic_sink.hpp"
#include "io/warning_list.hpp"
#include "ir/program.hpp"
#include "yaml/document.hpp"

namespace civeff::detail {

// A portfolio document is an Open Badges 3.0 portfolio when its top level is a list.
bool is_credential_list(const yaml_document& doc);

// Reads the credentials of `doc` (is_credential_list) into `out`: the person
// (options.person, else the one credentialSubject.id), one achievement per
// credential in the order written. Errors go to `sink` (E041, E010 for a date);
// W016 (no `badges:` entry matches; an error under options.strict) and W017 (no
// proof) to `warnings`.
void read_credentials(const yaml_document& doc, const program& prog, const read_options& options,
                      portfolio& out, diagnostic_sink& sink, warning_list& warnings);

// The bytes a base64url text (RFC 4648 §5, without padding, as JWS writes it)
// stands for; nullopt when it has a character outside that alphabet or a length
// no such text has.
std::optional<std::string> decode_base64url(std::string_view text);

}  // namespace civeff::detail
