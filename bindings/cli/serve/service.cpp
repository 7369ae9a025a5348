// SPDX-License-Identifier: Apache-2.0
#include "service.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>
#include <variant>

#include "../cli.hpp"
#include "request_json.hpp"

namespace civeff::cli::serve {
namespace {

// The keys of a request body (docs/serve.md, "Request bodies").
constexpr std::array<std::string_view, 6> request_keys = {"portfolio", "population_csv", "as_of",
                                                          "diploma",   "overlay",        "person"};

// A request body's fields, checked for their types; what each route needs is checked by the route.
struct request {
  const json_value* body = nullptr;
  const json_value* portfolio = nullptr;   // an object or list (a JSON portfolio), or a text (YAML or JSON)
  const json_value* population = nullptr;  // population_csv: a text
  const json_value* diploma_field = nullptr;
  const json_value* person_field = nullptr;
  date as_of;
  std::optional<std::string> diploma, person;
  std::vector<overlay_text> overlays;
};

[[noreturn]] void bad_request_field(const json_value& at, std::string message) {
  throw input_error({request_diagnostic("E072", std::move(message), at.line, at.column)});
}

std::string text_field(const json_value& v, std::string_view key) {
  if (v.kind != json_kind::string)
    bad_request_field(v, fmt::format("`{}` takes a text, not {}", key, to_string(v.kind)));
  if (v.text.empty()) bad_request_field(v, fmt::format("`{}` takes a text, not an empty one", key));
  return v.text;
}

request read_request(const json_value& body) {
  if (body.kind != json_kind::object)
    bad_request_field(body,
                      fmt::format("a request body is a JSON object {{\"portfolio\": ..., \"as_of\": ...}}, "
                                  "not {}",
                                  to_string(body.kind)));
  for (std::size_t i = 0; i < body.keys.size(); ++i) {
    const std::string& key = body.keys[i];
    if (std::find(body.keys.begin(), body.keys.begin() + static_cast<std::ptrdiff_t>(i), key) !=
        body.keys.begin() + static_cast<std::ptrdiff_t>(i))
      bad_request_field(body.items[i], fmt::format("key `{}` is given twice", key));
    if (std::find(request_keys.begin(), request_keys.end(), key) == request_keys.end())
      bad_request_field(body.items[i], fmt::format("unknown key `{}` in a request (allowed: portfolio, "
                                                   "population_csv, as_of, diploma, overlay, person)",
                                                   key));
  }
  request r;
  r.body = &body;
  if (const json_value* v = body.find("portfolio")) {
    if (v->kind != json_kind::object && v->kind != json_kind::array && v->kind != json_kind::string)
      bad_request_field(*v, fmt::format("`portfolio` takes a portfolio (an object, a list of credentials, or "
                                        "the text of a YAML or JSON file), not {}",
                                        to_string(v->kind)));
    r.portfolio = v;
  }
  if (const json_value* v = body.find("population_csv")) {
    if (v->kind != json_kind::string)
      bad_request_field(
          *v, fmt::format("`population_csv` takes the text of a population CSV, not {}", to_string(v->kind)));
    r.population = v;
  }
  if (r.portfolio && r.population)
    bad_request_field(*r.population, "a request takes `portfolio` or `population_csv`, not both");
  r.as_of = date::today_utc();
  if (const json_value* v = body.find("as_of")) {
    const std::string text = text_field(*v, "as_of");
    const std::optional<date> d = date::parse(text);
    if (!d) bad_request_field(*v, fmt::format("`as_of` takes a date YYYY-MM-DD, not '{}'", text));
    r.as_of = *d;
  }
  if (const json_value* v = body.find("diploma")) {
    r.diploma = text_field(*v, "diploma");
    r.diploma_field = v;
  }
  if (const json_value* v = body.find("person")) {
    r.person = text_field(*v, "person");
    r.person_field = v;
  }
  if (const json_value* v = body.find("overlay")) {
    // One overlay's YAML text, or a list of them applied in order (after the server's --overlay files).
    if (v->kind == json_kind::string) {
      r.overlays.push_back({v->text, "overlay"});
    } else if (v->kind == json_kind::array) {
      for (std::size_t k = 0; k < v->items.size(); ++k) {
        if (v->items[k].kind != json_kind::string)
          bad_request_field(v->items[k],
                            fmt::format("`overlay` lists YAML texts, not {}", to_string(v->items[k].kind)));
        r.overlays.push_back({v->items[k].text, fmt::format("overlay[{}]", k)});
      }
    } else {
      bad_request_field(*v, fmt::format("`overlay` takes an overlay's YAML text or a list of them, not {}",
                                        to_string(v->kind)));
    }
  }
  return r;
}

// The fields a route needs and refuses (docs/serve.md).
void need(bool present, const request& r, std::string_view route, std::string_view what) {
  if (!present) bad_request_field(*r.body, fmt::format("{} needs {}", route, what));
}
void refuse(const json_value* field, std::string_view route, std::string_view why) {
  if (field) bad_request_field(*field, fmt::format("{} {}", route, why));
}

// What each route needs and refuses, checked before anything is read or compiled.
void check_fields(std::string_view path, const request& r) {
  if (path == "/evaluate") {
    need(r.portfolio || r.population, r, "POST /evaluate", "`portfolio` or `population_csv`");
    refuse(r.diploma_field, "POST /evaluate", "takes no `diploma` (/explain and /advise do)");
    if (r.population) refuse(r.person_field, "POST /evaluate", "of a population takes no `person`");
  } else if (path == "/explain") {
    need(r.portfolio != nullptr, r, "POST /explain", "`portfolio`");
    refuse(r.population, "POST /explain", "takes a `portfolio`, not a population");
  } else if (path == "/report") {
    need(r.portfolio != nullptr, r, "POST /report", "`portfolio`");
    refuse(r.population, "POST /report", "takes a `portfolio`, not a population");
    refuse(r.diploma_field, "POST /report", "takes no `diploma`: the page shows every diploma");
  } else if (path == "/advise") {
    need(r.portfolio || r.population, r, "POST /advise", "`portfolio` or `population_csv`");
    need(r.diploma.has_value(), r, "POST /advise", "`diploma`");
    if (r.population) refuse(r.person_field, "POST /advise", "of a population takes no `person`");
  } else if (path == "/diff") {
    need(r.population != nullptr, r, "POST /diff", "`population_csv`");
    need(!r.overlays.empty(), r, "POST /diff", "`overlay`: the change to compare with the served rules");
    refuse(r.portfolio, "POST /diff", "takes a `population_csv`, not a portfolio");
    refuse(r.diploma_field, "POST /diff", "takes no `diploma`");
    refuse(r.person_field, "POST /diff", "takes no `person`");
  }
}

// The portfolio of a request. A text is a file's text, named `portfolio` in
// diagnostics. A JSON value is read from its own bytes with the rest of the body
// blanked out (line breaks kept), so the engine's FILE:LINE:COLUMN is
// `request:LINE:COLUMN` of the body as sent.
portfolio read_request_portfolio(const request& r, std::string_view body, const ruleset& rules) {
  read_options reading;
  reading.person = r.person;
  const json_value& v = *r.portfolio;
  if (v.kind == json_kind::string) {
    portfolio p = parse_portfolio(v.text, "portfolio", rules, reading);
    print_input_warnings(p.warnings, "portfolio");
    return p;
  }
  std::string text(body.substr(0, v.end));
  for (std::size_t i = 0; i < v.begin; ++i)
    if (text[i] != '\n') text[i] = ' ';
  portfolio p = parse_portfolio(text, "request", rules, reading);
  print_input_warnings(p.warnings, "request");
  return p;
}

population read_request_population(const request& r, const ruleset& rules,
                                   const ruleset* compared_with = nullptr) {
  read_options reading;
  reading.compared_with = compared_with;
  population pop = parse_population_csv(r.population->text, "population_csv", &rules, reading);
  print_input_warnings(pop.warnings, "population_csv");
  return pop;
}

response json_ok(std::string body) { return {200, "application/json", std::move(body)}; }
response csv_ok(std::string body) { return {200, "text/csv; charset=utf-8", std::move(body)}; }

}  // namespace

diagnostic request_diagnostic(const char* code, std::string message, std::int64_t line, int column) {
  return {severity::error, code, {"request", line, column}, std::move(message), {}};
}

response error_response(int status, std::vector<diagnostic> diagnostics) {
  return {status, "application/json", render_diagnostics(diagnostics, diagnostic_format::json)};
}

service::service(settings s) : settings_(std::move(s)) {
  const rule_loading how{settings_.allow_outside_includes, {}};
  rules_ = load_rules(settings_.ruleset, settings_.overlays, how);
  ruleset_json_ = ruleset_json(*rules_);
  // As `civeff catalog RULESET --overlay F... --out F` writes it, in the rules' language.
  catalog_html_ = render_catalog(*rules_, catalog_format::html);
}

response service::get(std::string_view path) const {
  if (path == "/") return {200, "text/html; charset=utf-8", std::string(page_html)};
  if (path == "/openapi.json") return json_ok(std::string(openapi_json));
  if (path == "/ruleset") return json_ok(ruleset_json_);
  if (path == "/catalog") return {200, "text/html; charset=utf-8", catalog_html_};
  return error_response(404, {request_diagnostic("E074", fmt::format("no route GET {}", path))});
}

response service::post(std::string_view path, std::string_view body, const std::atomic<bool>& stop) const {
  try {
    std::variant<json_value, json_syntax_error> parsed = parse_json(body);
    if (const auto* e = std::get_if<json_syntax_error>(&parsed))
      return error_response(
          400, {request_diagnostic("E070", "the body is not JSON: " + e->message, e->line, e->column)});
    const request r = read_request(std::get<json_value>(parsed));

    check_fields(path, r);

    // The rules of this request: the served ones, or with the request's overlays
    // compiled on top (from the ruleset's files, as `--overlay` would).
    std::shared_ptr<const ruleset> rules = rules_;
    if (!r.overlays.empty()) {
      compile_options options = rule_options(settings_.overlays, {settings_.allow_outside_includes, {}});
      for (const overlay_text& o : r.overlays) options.overlays.emplace_back(o);
      compile_result compiled = compile(settings_.ruleset, options);
      if (!compiled.ok()) throw rule_error(std::move(compiled.diagnostics));
      print_diagnostics(compiled.diagnostics);
      rules = compiled.rules;
    }

    if (path == "/evaluate") {  // civeff eval ... --format json; civeff batch ... --out -
      if (r.portfolio)
        return json_ok(to_json(rules->evaluate(read_request_portfolio(r, body, *rules), r.as_of)));
      const population pop = read_request_population(r, *rules);
      batch_options options;
      options.as_of = r.as_of;
      options.stop = &stop;
      const batch_result b = rules->evaluate_batch(pop, options);
      if (!b.errors.empty()) return error_response(422, b.errors);
      return csv_ok(to_csv(b));
    }
    if (path == "/explain") {  // civeff explain ... [--diploma D] --format json
      if (r.diploma) {
        const auto ids = rules->diploma_ids();
        if (std::find(ids.begin(), ids.end(), *r.diploma) == ids.end())
          bad_request_field(*r.diploma_field, fmt::format("the rules have no diploma '{}' (diplomas: {})",
                                                          *r.diploma, fmt::join(ids, ", ")));
      }
      explanation e = rules->explain(read_request_portfolio(r, body, *rules), r.as_of);
      if (r.diploma) std::erase_if(e.diplomas, [&](const auto& d) { return d.first != *r.diploma; });
      return json_ok(to_json(e));
    }
    if (path == "/report") {  // civeff report RULESET PORTFOLIO --as-of D --out - (HTML)
      report_options options;
      options.ruleset_path = settings_.ruleset;
      // A request's overlays are texts: the page names them by their overlay names.
      if (r.overlays.empty()) options.overlay_paths = settings_.overlays;
      if (r.person) options.read_arguments = {"--person", *r.person};
      const portfolio p = read_request_portfolio(r, body, *rules);
      return {200, "text/html; charset=utf-8",
              render_report(*rules, p, r.as_of, report_format::html, options)};
    }
    if (path == "/advise") {  // civeff advise ... --diploma D --format json; a population: --out -
      if (r.portfolio)
        return json_ok(to_json(rules->advise(read_request_portfolio(r, body, *rules), *r.diploma, r.as_of)));
      const population pop = read_request_population(r, *rules);
      advice_batch_options options;
      options.as_of = r.as_of;
      options.stop = &stop;
      const advice_batch a = rules->advise_batch(pop.view(), *r.diploma, options);
      if (!a.errors.empty()) return error_response(422, a.errors);
      return csv_ok(to_csv(a));
    }
    if (path == "/diff") {  // civeff diff RULESET POP --overlay F... --format json
      const ruleset& before = *rules_;
      const ruleset& after = *rules;
      // As `civeff diff` reads it: once when both sides declare the same attributes, else once per side.
      const population pop = read_request_population(r, before, &after);
      std::optional<population> after_pop;
      if (!same_declarations(before, after)) after_pop = read_request_population(r, after, &before);
      batch_options options;
      options.as_of = r.as_of;
      options.stop = &stop;
      const population_view before_view = pop.view();
      const diff_result d =
          diff(before, after, before_view, after_pop ? after_pop->view() : before_view, options);
      print_diagnostics(d.warnings);
      if (!d.errors.empty()) return error_response(422, d.errors);
      return json_ok(to_json(d));
    }
    return error_response(404, {request_diagnostic("E074", fmt::format("no route POST {}", path))});
  } catch (const rule_error& e) {  // the request's overlay
    return error_response(422, e.diagnostics());
  } catch (const evaluation_error& e) {
    return error_response(422, e.diagnostics());
  } catch (const input_error& e) {
    return error_response(422, e.diagnostics());
  } catch (const civeff::error& e) {
    return error_response(500, e.diagnostics());
  }
}

}  // namespace civeff::cli::serve
