// SPDX-License-Identifier: Apache-2.0
#include "analysis/deep_checks.hpp"

#include "analysis/checks.hpp"

namespace civeff::detail::analysis {

void warn(diagnostic_sink& sink, const char* code, const source_location& where, std::string message,
          const source_location& note_where, std::string note) {
  diagnostic d{severity::warning, code, where, std::move(message), {}};
  if (!note.empty()) d.notes.push_back({severity::note, "", note_where, std::move(note), {}});
  sink.add(std::move(d));
}

void run_deep_checks(const program& prog, const ruleset_syntax& syntax, diagnostic_sink& sink) {
  const condition_prover prover(prog);
  check_mark_cases(prog, syntax, prover, sink);
  check_conditions(prog, syntax, prover, sink);
  check_reach(prog, syntax, sink);
  check_equivalence_structure(prog, syntax, sink);
  check_hours_chains(prog, syntax, sink);
  check_diplomas(prog, syntax, prover, sink);
}

}  // namespace civeff::detail::analysis
