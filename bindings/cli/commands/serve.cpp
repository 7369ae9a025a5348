// SPDX-License-Identifier: Apache-2.0
// civeff serve RULESET [--overlay F]... [--host H] [--port P] [--max-body B] [--timeout S]
//              [--allow-outside-includes]
//
// The rules as a web service (docs/serve.md): a page for people, and evaluate,
// explain, advise and diff over JSON, each answering what the command of that
// name prints. Runs until Ctrl-C or SIGTERM, then ends the requests in progress.

#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>

#include "../cli.hpp"
#include "../serve/http_server.hpp"
#include "../serve/service.hpp"

namespace civeff::cli {

command add_serve(CLI::App& root) {
  struct options {
    std::string ruleset, host = "127.0.0.1";
    std::vector<std::string> overlays;
    int port = 8080;
    std::uint64_t max_body = 1 << 20;
    double timeout = 10;
    bool allow_outside_includes = false;
  };
  auto o = std::make_shared<options>();
  CLI::App* app = root.add_subcommand(
      "serve",
      "Serve the rules over HTTP: a page (GET /), GET /openapi.json, /ruleset and /catalog, and POST "
      "/evaluate, /explain, /advise and /diff with JSON bodies (docs/serve.md)");
  app->add_option("RULESET", o->ruleset, "A ruleset directory (with ruleset.yaml) or file")->required();
  add_overlay_option(*app, o->overlays);
  app->add_option("--host", o->host, "The address to listen on (default 127.0.0.1: this machine only)")
      ->type_name("HOST");
  app->add_option("--port", o->port, "The port to listen on (default 8080; 0: a free one, printed)")
      ->type_name("PORT")
      ->check(CLI::Range(0, 65535));
  app->add_option("--max-body", o->max_body,
                  "The largest request body, in bytes or with a unit: 1MiB (the default), 512KiB, 2mb; "
                  "larger is 413")
      ->type_name("SIZE")
      ->transform(CLI::AsSizeValue(true));
  app->add_option("--timeout", o->timeout,
                  "Seconds a request may take (default 10); longer is 503, and its work is told to stop")
      ->type_name("S")
      ->check(CLI::PositiveNumber);
  add_allow_outside_includes_option(*app, o->allow_outside_includes);
  return {app, [o] {
            if (o->max_body == 0) argument_error("--max-body must be at least 1 byte");
            serve::block_stop_signals();
            serve::settings s;
            s.ruleset = o->ruleset;
            s.overlays = o->overlays;
            s.allow_outside_includes = o->allow_outside_includes;
            s.max_body = static_cast<std::size_t>(o->max_body);
            s.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(o->timeout * 1000)));
            const serve::service svc(std::move(s));
            return serve::listen_and_serve(svc, o->host, o->port);
          }};
}

}  // namespace civeff::cli
