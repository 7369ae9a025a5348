// SPDX-License-Identifier: Apache-2.0
#include "http_server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "../cli.hpp"
#include "jobs.hpp"

namespace civeff::cli::serve {
namespace {

void reply(httplib::Response& res, const response& r) {
  res.status = r.status;
  res.set_content(r.body, r.content_type.c_str());
}

// httplib matches a route's path as a regular expression: only `.` needs escaping in ours.
std::string path_pattern(std::string_view path) {
  std::string out;
  for (const char c : path) {
    if (c == '.') out += '\\';
    out += c;
  }
  return out;
}

// The methods of the routes at `path`, `, `-joined; empty when there is no such path.
std::string methods_at(std::string_view path) {
  std::string out;
  for (const route& r : routes)
    if (r.path == path) out += (out.empty() ? "" : ", ") + std::string(r.method);
  return out;
}

std::string route_list() {
  std::string out;
  for (const route& r : routes) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", r.method, r.path);
  return out;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// What httplib answers by itself (a body over --max-body, no such route, a
// request it cannot read) gets a diagnostics body too.
httplib::Server::HandlerResponse error_body(const service& svc, const httplib::Request& req,
                                            httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a route's own answer
  if (res.status == 413 &&
      req.get_header_value("Content-Type").find("application/x-www-form-urlencoded") == 0) {
    // httplib's own limit for form bodies (curl's default for -d), whatever --max-body says.
    reply(res,
          error_response(413, {request_diagnostic("E071",
                                                  "a body sent as a form (application/x-www-form-urlencoded) "
                                                  "may be 8 KiB at most; send it as application/json")}));
  } else if (res.status == 413) {
    reply(res,
          error_response(413, {request_diagnostic(
                                  "E071", fmt::format("the request body is larger than --max-body, {} bytes",
                                                      svc.config().max_body))}));
  } else if (res.status == 404 && !methods_at(req.path).empty()) {
    const std::string allowed = methods_at(req.path);
    reply(res, error_response(405, {request_diagnostic("E074", fmt::format("{} {}: this route takes {}",
                                                                           req.method, req.path, allowed))}));
    res.set_header("Allow", allowed);
  } else if (res.status == 404) {
    reply(res,
          error_response(404, {request_diagnostic("E074", fmt::format("no route {} {} (routes: {})",
                                                                      req.method, req.path, route_list()))}));
  } else if (res.status == 400) {
    reply(res, error_response(400, {request_diagnostic("E070", "the request is not one HTTP can read")}));
  } else {
    reply(res, error_response(res.status,
                              {request_diagnostic(
                                  "E070", fmt::format("the request failed: HTTP status {}", res.status))}));
  }
  return httplib::Server::HandlerResponse::Handled;
}

// One POST route: the work on a thread of its own, at most --timeout.
response answer_post(const service& svc, jobs& work, const httplib::Request& req) {
  response out;
  auto task = [&svc, path = req.path, body = req.body](const std::atomic<bool>& stop) -> response {
    try {
      return svc.post(path, body, stop);
    } catch (const std::exception& e) {
      return error_response(500, {request_diagnostic("E079", fmt::format("internal error: {}", e.what()))});
    } catch (...) {
      return error_response(500, {request_diagnostic("E079", "internal error: an unknown exception")});
    }
  };
  const double seconds = std::chrono::duration<double>(svc.config().timeout).count();
  switch (work.run(task, svc.config().timeout, out)) {
    case jobs::outcome::done: break;
    case jobs::outcome::timed_out:
      out =
          error_response(503, {request_diagnostic("E073", fmt::format("{} {} took longer than --timeout {}s",
                                                                      req.method, req.path, seconds))});
      break;
    case jobs::outcome::busy:
      out = error_response(503,
                           {request_diagnostic("E073", "the server is busy with other requests; try again")});
      break;
  }
  return out;
}

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (const int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
  return set;
}

}  // namespace

void block_stop_signals() {
  const sigset_t stopping = stop_signals();
  pthread_sigmask(SIG_BLOCK, &stopping, nullptr);
}

int listen_and_serve(const service& svc, const std::string& host, int port) {
  // Every thread but one blocks the stopping signals (httplib's threads inherit
  // the mask); that one waits for them with sigwait and stops the server, so no
  // signal handler has to.
  block_stop_signals();
  const sigset_t stopping = stop_signals();

  httplib::Server server;
  // Overrun work keeps running until it ends: four times the cores of it at most.
  jobs work(4 * std::max(2U, std::thread::hardware_concurrency()));
  server.set_payload_max_length(svc.config().max_body);
  // httplib's default also sets SO_REUSEPORT, with which a second server on the
  // same port would start and share it; a port in use must be E075 instead.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // Named as HandlerWithResponse: a lambda alone fits both of set_error_handler's overloads.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [&svc](const httplib::Request& req, httplib::Response& res) { return error_body(svc, req, res); }));
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    reply(res,
          error_response(500, {request_diagnostic("E079", "internal error while answering the request")}));
  });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    fmt::print(stderr, "civeff serve: {} {} -> {}\n", req.method, req.path, res.status);
    std::fflush(stderr);
  });
  for (const route& r : routes) {
    const std::string pattern = path_pattern(r.path);
    if (r.method == "GET")
      server.Get(pattern, [&svc](const httplib::Request& req, httplib::Response& res) {
        reply(res, svc.get(req.path));
      });
    else
      server.Post(pattern, [&svc, &work](const httplib::Request& req, httplib::Response& res) {
        reply(res, answer_post(svc, work, req));
      });
  }

  errno = 0;
  const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    const int why = errno;
    throw input_error({{severity::error,
                        "E075",
                        {"civeff", 0, 0},
                        fmt::format("cannot listen on {} port {}{}", host, port,
                                    why != 0 ? fmt::format(": {}", std::strerror(why)) : std::string()),
                        {}}});
  }
  if (!is_loopback(host))
    fmt::print(stderr,
               "civeff: warning[W028]: listening on {}: anyone who reaches this address can use the service "
               "(no authentication, no TLS)\n",
               host);
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  fmt::print("civeff serve: {} ({} {}) listening on http://{}:{}/\n", svc.config().ruleset,
             svc.rules().name(), svc.rules().version(), shown_host, bound);
  std::fflush(stdout);

  std::atomic<bool> finished{false};
  std::atomic<int> received{0};
  std::thread waiter([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&stopping, &sig) != 0 || finished) return;
      if (received.exchange(sig) != 0) {
        // A second Ctrl-C: do not wait for the work in progress.
        fmt::print(stderr, "civeff serve: stopped at once, the requests in progress unanswered\n");
        std::_Exit(130);
      }
      // stop() is a no-op before listening started: try until it took.
      while (!finished && !server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      server.stop();
    }
  });
  const bool listened = server.listen_after_bind();
  work.drain();
  finished = true;
  pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter if no signal did
  waiter.join();
  if (received == 0) {
    fmt::print(stderr, "civeff serve: the server stopped{}\n", listened ? "" : " listening (an error)");
    return internal;
  }
  fmt::print(stderr, "civeff serve: stopped (SIG{})\n", sigabbrev_np(received));
  return ok;
}

}  // namespace civeff::cli::serve
