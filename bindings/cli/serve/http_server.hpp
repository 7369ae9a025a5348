// SPDX-License-Identifier: Apache-2.0
#pragma once
// The HTTP side of `civeff serve` on cpp-httplib: routes, body limit, timeout,
// error bodies, the request log, and a clean stop on SIGINT, SIGTERM or SIGHUP.

#include <string>

#include "service.hpp"

namespace civeff::cli::serve {

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread, and so in every
// thread started from it afterwards: called before the rules are compiled, so
// that no thread the engine or httplib starts can take a stopping signal that
// listen_and_serve's sigwait should get.
void block_stop_signals();

// Listens on host:port (port 0: a free one) until a signal stops it, then lets
// the requests in progress end and returns 0. It prints `civeff serve:
// listening on http://HOST:PORT/` on stdout once it accepts connections. A host
// or port it cannot listen on is an input_error (E075).
int listen_and_serve(const service& svc, const std::string& host, int port);

}  // namespace civeff::cli::serve
