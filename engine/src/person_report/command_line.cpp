// SPDX-License-Identifier: Apache-2.0
// The one `civeff eval` command the report's header gives (report_model.hpp): the
// same rules, overlays, portfolio and date, JSON out. Where the caller gave no
// paths (Python, the service), the page names them RULESET, PORTFOLIO and
// OVERLAY-NAME.yaml for the reader to fill in.

#include "person_report/report_model.hpp"

namespace civeff::detail::person_report {
namespace {

// `word` as one argument of a POSIX shell: as it is when it holds only safe
// characters, else in single quotes (a quote inside as '\'').
std::string shell_word(std::string_view word) {
  constexpr std::string_view safe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,";
  if (!word.empty() && word.find_first_not_of(safe) == std::string_view::npos) return std::string(word);
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string eval_command(const ruleset& rules, date as_of, const report_options& options) {
  std::string out = "civeff eval ";
  out += shell_word(options.ruleset_path.empty() ? "RULESET" : options.ruleset_path);
  out += ' ';
  out += shell_word(options.portfolio_path.empty() ? "PORTFOLIO" : options.portfolio_path);
  out += " --as-of " + as_of.to_string();
  if (!options.overlay_paths.empty()) {
    for (const std::string& o : options.overlay_paths) out += " --overlay " + shell_word(o);
  } else {
    for (const std::string& o : rules.overlays()) out += " --overlay " + shell_word(o + ".yaml");
  }
  for (const std::string& a : options.read_arguments) out += " " + shell_word(a);
  return out + " --format json";
}

}  // namespace civeff::detail::person_report
