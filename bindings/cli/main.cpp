// SPDX-License-Identifier: Apache-2.0
// civeff: the command-line tool of SPEC §7.
//
//   civeff check RULESET [--overlay F]...
//   civeff eval RULESET PORTFOLIO [--as-of D] [--overlay F]... [--format json|text]
//   civeff test RULESET [--overlay F]... [--filter TEXT] [--quiet] [--junit F]
//               [--format text|json|sarif]
//   civeff test RULESET --snapshot SNAP.csv --population POP.csv [--update]
//   civeff snapshot RULESET POPULATION.csv --as-of D [--overlay F]... --out SNAP.csv
//   civeff batch RULESET POPULATION.csv [--as-of D] [--overlay F]... --out OUT.csv [--threads N]
//                [--csv-dialect rfc4180|excel-nl]
//   civeff diff RULESET POPULATION.csv (--overlay F... | --against RULESET2) [--as-of D] [--out F]
//               [--csv-dialect rfc4180|excel-nl]
//   civeff graph RULESET [--format dot]
//   civeff catalog RULESET [--format html|md] [--overlay F]... --out F
//   civeff coverage RULESET POPULATION.csv [--as-of D] [--format text|json|html] [--out F]
//   civeff advise RULESET PORTFOLIO --diploma ID [--as-of D] [--top K] [--max-steps N]
//                 [--format text|json] [--lang nl|en] [--overlay F]... [--out F]
//   civeff advise RULESET POPULATION.csv --diploma ID --out F [--as-of D] [--max-steps N] [--threads N]
//   civeff whatif RULESET PORTFOLIO --add UNIT [--marks M1,M2] [--attr NAME=VALUE]... [--hours H]
//                 [--add UNIT ...]... [--as-of D] [--format text|json] [--lang nl|en] [--overlay F]...
//   civeff serve RULESET [--overlay F]... [--host H] [--port P] [--max-body B] [--timeout S]
//   civeff report RULESET PORTFOLIO [--as-of D] [--overlay F]... [--lang nl|en] [--format html|md|pdf]
//                 [--person ID] --out F
//
// Every command that loads rules takes --allow-outside-includes; eval, batch and
// diff take --encoding and --strict for their portfolio or population. `--out -`
// is standard output (a summary then goes to stderr).
//
// Every failure ends in a diagnostic on stderr and an exit code: 1 for broken rules,
// failing tests and evaluation errors, 2 for bad input and arguments (and for an
// output that cannot be written, E048, standard output included), 3 for a bug.

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <system_error>

#include "cli.hpp"
#include "output_file.hpp"

namespace {

int run(int argc, char** argv) {
  using namespace civeff::cli;
  CLI::App app{"civeff: the civil effect of trainings in Dutch care, decided by a YAML rule language",
               "civeff"};
  // `civeff X.Y.Z`, from civeff::version() (civeff/version.hpp: project(civeff VERSION ...)).
  app.set_version_flag("--version", "civeff " + std::string(civeff::version()));
  app.require_subcommand(1);
  const std::vector<command> commands = {
      add_check(app),  add_eval(app),   add_explain(app), add_test(app),     add_batch(app),
      add_diff(app),   add_graph(app),  add_catalog(app), add_snapshot(app), add_coverage(app),
      add_advise(app), add_whatif(app), add_serve(app),   add_report(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "civeff: error[E046]: {}\n", e.what());
    fmt::print(stderr, "Run with --help for more information.\n");
    return bad_input;
  }
  for (const command& c : commands)
    if (c.app->parsed()) return c.run();
  return bad_input;  // unreachable: require_subcommand(1)
}

}  // namespace

int main(int argc, char** argv) {
  using namespace civeff::cli;
  prepare_output_signals();
  try {
    const int code = run(argc, argv);
    // Whatever the command printed must have arrived (F9): a full disk or a closed
    // pipe on stdout is E048, exit 2, not a silent success.
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    if (!flushed || std::ferror(stdout) != 0) standard_output_error(!flushed && errno != 0 ? errno : EIO);
    return code;
  } catch (const civeff::rule_error& e) {
    print_diagnostics(e.diagnostics());
    return rule_failure;
  } catch (const civeff::evaluation_error& e) {
    print_diagnostics(e.diagnostics());
    return rule_failure;
  } catch (const civeff::input_error& e) {
    print_diagnostics(e.diagnostics());
    return bad_input;
  } catch (const civeff::error& e) {
    print_diagnostics(e.diagnostics());
    return internal;
  } catch (const std::system_error& e) {
    // fmt::print throws this when a write to stdout fails inside it.
    if (std::ferror(stdout) != 0) {
      try {
        standard_output_error(e.code().value() != 0 ? e.code().value() : EIO);
      } catch (const civeff::input_error& output) {
        print_diagnostics(output.diagnostics());
      }
      return bad_input;
    }
    fmt::print(stderr, "civeff: internal error: {}\n", e.what());
    return internal;
  } catch (const std::exception& e) {
    fmt::print(stderr, "civeff: internal error: {}\n", e.what());
    return internal;
  } catch (...) {
    fmt::print(stderr, "civeff: internal error: unknown exception\n");
    return internal;
  }
}
