// SPDX-License-Identifier: Apache-2.0
// The person's report as one self-contained HTML5 page: inline CSS, no script, no
// fonts, images or styles from the network, a print layout. Every text is escaped;
// only http(s) sources become links. Every figure carries a `data-` attribute with
// the value of the explanation's or the advice's JSON (docs/report.md), so a test
// can read them back. No timestamp: the same inputs give the same bytes.

#include <cmath>

#include "catalog/markup.hpp"
#include "core/html_escape.hpp"
#include "io/json_writer.hpp"
#include "person_report/report_model.hpp"
#include "person_report/texts.hpp"
#include "person_report/wording.hpp"

namespace civeff::detail::person_report {
namespace {

using catalog::html_anchor;

constexpr std::string_view style = R"css(
:root{--ink:#1d2433;--muted:#5b6475;--line:#d9dee7;--soft:#f4f6f9;--accent:#0b5cad;--ok:#1f7a45;--no:#a33a2b}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
.wrap{max-width:1180px;margin:0 auto;padding:0 1.25rem}
header.top{background:#eef3fa;border-bottom:1px solid var(--line);padding:1.3rem 0 1rem}
.kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.06em;font-size:.78rem;font-weight:600}
h1{font-size:1.9rem;margin:.1rem 0 .3rem}
h2{font-size:1.35rem;margin:2rem 0 .25rem;padding-bottom:.25rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.1rem;margin:.6rem 0 .3rem}
h4{font-size:.85rem;margin:.8rem 0 .3rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
p{margin:.3rem 0}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
code{font:.86em/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:.05em .3em;border-radius:4px;overflow-wrap:anywhere}
.intro{color:var(--muted);max-width:60rem;margin:.2rem 0 .8rem}
.muted,.sub{color:var(--muted)}
.sub{font-size:.86rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1.2rem;margin:.8rem 0 0}
dl.facts dt{font-weight:600;color:var(--muted)}
dl.facts dd{margin:0}
pre.cmd{margin:.25rem 0 0;padding:.45rem .7rem;background:var(--ink);color:#f4f6f9;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}
pre.cmd code{background:none;color:inherit;padding:0}
code.hash{font-size:.78rem}
nav.toc{border-bottom:1px solid var(--line);padding:.55rem 0}
nav.toc a{margin-right:1.1rem;font-weight:600}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.93rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .55rem;border-bottom:1px solid var(--line)}
thead th{background:var(--soft);font-size:.84rem;color:var(--muted)}
td.num{text-align:right;white-space:nowrap}
tr.not-counted td{color:var(--muted)}
table.trainings th:nth-child(1){width:2.5rem}table.trainings th:nth-child(2){width:28%}
table.trainings th:nth-child(3){width:8.5rem}table.trainings th:nth-child(5){width:40%}
.name{font-weight:600}
.tag{display:inline-block;font-size:.75rem;color:var(--muted);border:1px solid var(--line);border-radius:9px;padding:0 .4rem;margin:.1rem .15rem 0 0;white-space:nowrap}
.chip{display:inline-block;font-size:.82rem;background:var(--soft);border-radius:9px;padding:0 .45rem;margin:.1rem .2rem .1rem 0}
.lv{display:inline-block;font-size:.8rem;font-weight:600;border-radius:4px;padding:.05rem .45rem;white-space:nowrap}
.lv0{background:#eceef2;color:#4a5160}.lv1{background:#fdf0d5;color:#7a4a00}.lv2{background:#e3ecfb;color:#1d4f91}
.lv3{background:#dcf1e4;color:#1f6b3a}.lv4{background:#1f7a45;color:#fff}.lv-none{background:#fff;color:var(--muted);border:1px dashed var(--line)}
ul.levels{list-style:none;margin:0;padding:0}
ul.levels li{margin:0 0 .35rem}
.scale{display:inline-block;min-width:6.5rem;color:var(--muted);font-size:.86rem}
.why{font-size:.86rem}
.until{font-size:.8rem;color:var(--muted);white-space:nowrap}
.lapsed{font-size:.8rem;color:var(--no)}
.st{display:inline-block;font-size:.8rem;font-weight:600;border-radius:10px;padding:.05rem .55rem;white-space:nowrap}
.st-complete{background:#dcf1e4;color:#1f6b3a}.st-partial{background:#fdf0d5;color:#7a4a00}.st-none{background:#eceef2;color:#4a5160}
.meter{display:inline-block;width:11rem;height:.65rem;background:#e6e9ef;border-radius:6px;overflow:hidden;vertical-align:middle}
.meter span{display:block;height:100%;background:var(--accent)}
.meter.complete span{background:var(--ok)}
.pct{margin-left:.5rem;font-variant-numeric:tabular-nums;font-weight:600}
section.credits h3{font-size:1rem;margin:1rem 0 .2rem}
ul.credits{list-style:none;margin:0;padding:0}
ul.credits li{padding:.35rem 0;border-bottom:1px solid var(--line)}
.route{font-size:.9rem}
article.diploma{border:1px solid var(--line);border-radius:8px;padding:.3rem 1.1rem .9rem;margin:1rem 0;break-inside:avoid-page}
article.not-applicable{background:var(--soft)}
.rid{font-size:.78rem;color:var(--muted);font-weight:400}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:0 2rem}
@media (max-width:800px){.cols{grid-template-columns:1fr}}
ul.missing,ul.plan{margin:.2rem 0;padding-left:1.2rem}
ul.missing li,ul.plan li{margin:.2rem 0}
.total{font-size:1.05rem;font-weight:700}
details.tree{margin-top:.6rem}
details.tree summary{cursor:pointer;color:var(--accent);font-weight:600;font-size:.9rem}
ul.req,ul.req ul{list-style:none;margin:.15rem 0;padding-left:1.2rem;border-left:2px solid var(--line)}
ul.req{padding-left:.9rem}
ul.req li{margin:.25rem 0;font-size:.92rem}
.ok{color:var(--ok);font-weight:700}.no{color:var(--no);font-weight:700}.out{color:var(--muted);font-weight:700}
.state{color:var(--muted)}
ol.sources li{margin:.3rem 0;overflow-wrap:anywhere}
ul.changes{margin:0;padding-left:1.1rem;font-size:.9rem}
table.courses th:nth-child(1){width:30%}table.courses th:nth-child(2),table.courses th:nth-child(3),table.courses th:nth-child(4){width:6.5rem}
footer{margin:3rem 0 2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:.75rem}
@page{margin:14mm 12mm}
@media print{body{font-size:12px}header.top{background:none}nav.toc{display:none}a{color:inherit}
details>*,details::details-content{display:block;content-visibility:visible}details.tree summary{color:var(--ink)}
tr,li{break-inside:avoid}.lv,.st,.meter,.meter span{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)css";

std::string esc(std::string_view text) { return html_escape(text); }

// ` NAME="VALUE"`, escaped.
std::string attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + esc(value) + "\"";
}

std::string boolean(bool b) { return b ? "true" : "false"; }

// Ids in an attribute, space-separated (an id holds no space).
std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : " ") + id;
  return out;
}

class html_report_writer {
 public:
  explicit html_report_writer(const model& m) : m_(m), s_(m), t_(s_.phrases()) {}

  std::string run() {
    head();
    header();
    out_ += "<main class=\"wrap\">\n";
    summary();
    trainings();
    credits();
    diplomas();
    courses();
    sources();
    out_ += "</main>\n<footer class=\"wrap\">" +
            t_(text::footer_html, esc(m_.why.ruleset), esc(m_.why.version)) + "</footer>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  // ---------------------------------------------------------------- pieces

  [[nodiscard]] std::string badge(std::string_view scale, const std::optional<std::string>& level) const {
    const std::string data = attr("data-scale", scale) + attr("data-level", level.value_or(""));
    if (!level) return "<span class=\"lv lv-none\"" + data + ">" + esc(t_(text::no_level)) + "</span>";
    return catalog::html_level_badge(m_.catalog, scale, *level, data);
  }

  [[nodiscard]] std::string status(diploma_status st) const {
    return "<span class=\"st st-" + std::string(to_string(st)) + "\">" + esc(s_.status(st)) + "</span>";
  }

  // A bar of `progress` (0..1) and its percentage.
  [[nodiscard]] std::string meter(double progress, diploma_status st) const {
    const std::string pct = s_.percent(progress);
    return "<span class=\"meter" + std::string(st == diploma_status::complete ? " complete" : "") +
           "\" role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"" +
           pct.substr(0, pct.size() - 1) +
           "\"><span style=\"width:" + json_number_text(std::round(progress * 10000) / 100) +
           "%\"></span></span><span class=\"pct\">" + esc(pct) + "</span>";
  }

  // The figures of a diploma as the explanation's and the advice's JSON hold them.
  [[nodiscard]] std::string diploma_data(const std::string& id) const {
    const diploma_explanation& d = m_.why.diplomas.at(id);
    const advice& a = m_.advice_for.at(id);
    return attr("data-diploma", id) + attr("data-status", to_string(d.status)) +
           attr("data-progress", json_number_text(d.progress)) +
           attr("data-hours-to-complete",
                a.plans.empty() ? std::string() : json_number_text(a.plans[0].hours)) +
           attr("data-proven", boolean(a.proven));
  }

  [[nodiscard]] std::string hours_to_complete(const advice& a) const {
    if (a.plans.empty()) return esc(t_(text::no_plan));
    const std::string hours = s_.hours(a.plans[0].hours);
    return esc(a.proven ? hours : t_(text::not_proven_short, hours));
  }

  [[nodiscard]] std::string unit_ref(std::string_view id) const {
    std::string out = "<code>" + esc(id) + "</code>";
    if (const unit_entry* u = m_.unit(id); u && u->title) out += " " + esc(*u->title);
    return out;
  }

  // ---------------------------------------------------------------- page

  void head() {
    out_ +=
        "<!doctype html>\n<html lang=\"" + std::string(t_.code()) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out_ += "<title>" + esc(t_(text::page_title, m_.why.person)) + "</title>\n<style>";
    out_ += style;
    out_ += "</style>\n</head>\n<body>\n";
  }

  void header() {
    out_ += "<header class=\"top\"><div class=\"wrap\">\n";
    out_ += "<p class=\"kicker\">" + esc(t_(text::kicker)) + "</p>\n";
    out_ += "<h1" + attr("data-person", m_.why.person) + ">" + esc(m_.why.person) + "</h1>\n";
    out_ += "<p class=\"intro\">" +
            esc(t_(text::intro, s_.day(m_.why.as_of), m_.why.ruleset, m_.why.version)) + "</p>\n";
    out_ += "<dl class=\"facts\">\n";
    out_ += "<dt>" + esc(t_(text::as_of)) + "</dt><dd" + attr("data-as-of", m_.why.as_of.to_string()) + ">" +
            esc(s_.day(m_.why.as_of)) + " <span class=\"sub\">(" + esc(m_.why.as_of.to_string()) +
            ")</span></dd>\n";
    out_ += "<dt>" + esc(t_(text::ruleset)) + "</dt><dd><code" + attr("data-ruleset", m_.why.ruleset) + ">" +
            esc(m_.why.ruleset) + "</code> " + esc(t_(catalog::text::version)) + " <b" +
            attr("data-version", m_.why.version) + ">" + esc(m_.why.version) + "</b></dd>\n";
    out_ += "<dt>" + esc(t_(text::overlays)) + "</dt><dd>";
    if (m_.why.overlays.empty()) out_ += esc(t_(catalog::text::none));
    for (std::size_t i = 0; i < m_.why.overlays.size(); ++i)
      out_ += (i ? ", " : "") + std::string("<code data-overlay>") + esc(m_.why.overlays[i]) + "</code>";
    out_ += "</dd>\n";
    if (!m_.person_attributes.empty()) {
      out_ += "<dt>" + esc(t_(text::attributes)) + "</dt><dd>";
      for (std::size_t i = 0; i < m_.person_attributes.size(); ++i) {
        const attribute_line& a = m_.person_attributes[i];
        out_ += (i ? " · " : "") + esc(a.title) + ": <b" + attr("data-attribute", a.name) + ">" +
                esc(a.value) + "</b>";
      }
      out_ += "</dd>\n";
    }
    out_ += "<dt>" + esc(t_(text::content_hash)) + "</dt><dd>" + esc(t_(text::hash_rules)) +
            " <code class=\"hash\"" + attr("data-rules-sha256", m_.rules_sha256) + ">" +
            esc(m_.rules_sha256) + "</code><br>" + esc(t_(text::hash_portfolio)) + " <code class=\"hash\"" +
            attr("data-portfolio-sha256", m_.portfolio_sha256) + ">" + esc(m_.portfolio_sha256) +
            "</code><div class=\"sub\">" + esc(t_(text::hash_hint)) + "</div></dd>\n";
    out_ += "<dt>" + esc(t_(text::reproduce)) + "</dt><dd>" + esc(t_(text::reproduce_hint)) +
            "<pre class=\"cmd\"><code data-command>" + esc(m_.command) + "</code></pre></dd>\n";
    out_ += "</dl>\n</div></header>\n";
    out_ += "<nav class=\"wrap toc\">";
    auto link = [&](std::string_view id, std::string_view label) {
      out_ += "<a href=\"#" + std::string(id) + "\">" + esc(label) + "</a>";
    };
    link("summary", t_(text::summary));
    link("trainings", t_(text::trainings));
    link("credits", t_(text::credits));
    link("diplomas", t_(text::diplomas));
    link("courses", t_(text::courses));
    link("sources", t_(catalog::text::sources));
    out_ += "</nav>\n";
  }

  // ---------------------------------------------------------------- in short

  void summary() {
    out_ += "<section id=\"summary\">\n<h2>" + esc(t_(text::summary)) + "</h2>\n<p class=\"intro\">" +
            esc(t_(text::summary_intro)) + "</p>\n";
    if (m_.diploma_order.empty()) {
      out_ += "<p class=\"muted\">" + esc(t_(catalog::text::no_diplomas)) + "</p>\n</section>\n";
      return;
    }
    out_ += "<table class=\"summary\"><thead><tr><th>" + esc(t_(text::th_diploma)) + "</th><th>" +
            esc(t_(text::th_status)) + "</th><th>" + esc(t_(text::th_progress)) + "</th><th>" +
            esc(t_(text::th_hours_to_complete)) + "</th></tr></thead>\n<tbody>\n";
    for (const std::string& id : m_.diploma_order) {
      const diploma_explanation& d = m_.why.diplomas.at(id);
      out_ += "<tr" + diploma_data(id) + "><td><a href=\"#" + esc(html_anchor("diploma", id)) + "\">" +
              esc(s_.diploma_name(id)) + "</a> <code class=\"rid\">" + esc(id) + "</code></td><td>" +
              status(d.status) + "</td><td>" + meter(d.progress, d.status) + "</td><td class=\"num\">" +
              hours_to_complete(m_.advice_for.at(id)) + "</td></tr>\n";
    }
    out_ += "</tbody></table>\n</section>\n";
  }

  // ---------------------------------------------------------------- trainings

  [[nodiscard]] std::string levels(std::size_t i, const achievement_explanation& a) const {
    std::string out = "<ul class=\"levels\">";
    for (std::size_t k = 0; k < a.levels.size(); ++k) {
      const level_explanation& l = a.levels[k];
      out += "<li><span class=\"scale\">" + esc(s_.scale_name(l.scale)) + "</span> " +
             badge(l.scale, l.level) + " <span class=\"why\">" + esc(s_.decided_by(l)) + "</span>";
      const std::string until = s_.holds_until(l, m_.lapses[i][k]);
      if (!until.empty()) out += " <span class=\"until\">" + esc(until) + "</span>";
      for (const auto& lapse : l.lapsed) out += "<div class=\"lapsed\">" + esc(s_.lapsed(lapse)) + "</div>";
      out += "</li>";
    }
    return out + "</ul>";
  }

  void trainings() {
    out_ += "<section id=\"trainings\">\n<h2>" + esc(t_(text::trainings)) + "</h2>\n<p class=\"intro\">" +
            esc(t_(text::trainings_intro, s_.day(m_.why.as_of))) + "</p>\n";
    if (m_.why.achievements.empty()) {
      out_ += "<p class=\"muted\">" + esc(t_(text::no_trainings)) + "</p>\n</section>\n";
      return;
    }
    out_ += "<table class=\"trainings\"><thead><tr><th>" + esc(t_(text::th_number)) + "</th><th>" +
            esc(t_(text::th_training)) + "</th><th>" + esc(t_(text::th_date)) + "</th><th>" +
            esc(t_(text::th_marks)) + "</th><th>" + esc(t_(text::th_levels)) + "</th><th>" +
            esc(t_(text::th_counts)) + "</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < m_.why.achievements.size(); ++i) {
      const achievement_explanation& a = m_.why.achievements[i];
      out_ += "<tr" + std::string(a.counted ? "" : " class=\"not-counted\"") +
              attr("data-achievement", std::to_string(a.index)) + attr("data-counted", boolean(a.counted)) +
              attr("data-known", boolean(a.known)) + " id=\"training-" + std::to_string(a.index + 1) + "\">";
      out_ += "<td class=\"num\">" + std::to_string(a.index + 1) + "</td><td>";
      if (!a.title.empty()) out_ += "<div class=\"name\">" + esc(a.title) + "</div>";
      if (a.unit) {
        out_ += "<div>" + unit_ref(*a.unit);
        if (const unit_entry* u = m_.unit(*a.unit); u && !u->kind.empty())
          out_ += " <span class=\"tag\">" + esc(u->kind) + "</span>";
        out_ += "</div>";
        if (!a.known) out_ += "<div class=\"sub\">" + esc(t_(text::unit_unknown)) + "</div>";
      } else {
        out_ += "<div class=\"sub\">" + esc(t_(text::no_unit)) + "</div>";
      }
      if (a.credential) out_ += "<div class=\"sub\">" + esc(s_.credential(*a.credential)) + "</div>";
      out_ += "</td><td>" + esc(s_.day(a.when)) + "</td><td>";
      if (i < m_.input.achievements.size())
        for (const std::string& mark : m_.input.achievements[i].marks)
          out_ +=
              "<span class=\"chip\"" + attr("data-mark", mark) + ">" + esc(s_.mark_name(mark)) + "</span>";
      if (i < m_.input.achievements.size() && m_.input.achievements[i].exempt)
        out_ += "<span class=\"chip\" data-exempt>" + esc(t_(text::exempt)) + "</span>";
      out_ += "</td><td>" + (a.counted ? levels(i, a) : std::string("–")) + "</td><td>" +
              esc(a.counted ? std::string(t_(text::counts_yes)) : s_.not_counted(a)) + "</td></tr>\n";
    }
    out_ += "</tbody></table>\n</section>\n";
  }

  // ---------------------------------------------------------------- credits

  void credits() {
    out_ += "<section id=\"credits\" class=\"credits\">\n<h2>" + esc(t_(text::credits)) +
            "</h2>\n<p class=\"intro\">" + esc(t_(text::credits_intro, s_.day(m_.why.as_of))) + "</p>\n";
    if (m_.why.credited.empty()) out_ += "<p class=\"muted\">" + esc(t_(text::no_credits)) + "</p>\n";
    for (const auto& [kind, ids] : m_.credit_groups) {
      out_ += "<h3>" + esc(catalog::kind_heading(kind, m_.language)) + "</h3>\n<ul class=\"credits\">\n";
      for (const std::string& id : ids) {
        const derivation& d = m_.why.credited.at(id);
        out_ += "<li" + attr("data-unit", id) + attr("data-via", d.via) +
                attr("data-date", d.when.to_string()) + " id=\"" + esc(html_anchor("credit", id)) + "\">" +
                unit_ref(id) + " <span class=\"sub\">" + esc(t_(text::credited_on, s_.day(d.when))) +
                "</span><div class=\"route\">" + esc(s_.route(d)) + "</div></li>\n";
      }
      out_ += "</ul>\n";
    }
    out_ += "</section>\n";
  }

  // ---------------------------------------------------------------- diplomas

  void node(const std::string& diploma, const requirement_explanation& r) {
    out_ += "<li" + attr("data-holds", boolean(r.holds)) +
            attr("data-progress", json_number_text(r.progress)) + attr("data-left-out", boolean(r.left_out));
    if (r.value) out_ += attr("data-value", json_number_text(std::floor(*r.value * 10000 + 0.5) / 10000));
    if (r.min) out_ += attr("data-min", json_number_text(*r.min));
    out_ += ">";
    if (r.left_out) out_ += "<span class=\"out\">–</span> ";
    else out_ += r.holds ? "<span class=\"ok\">✓</span> " : "<span class=\"no\">✗</span> ";
    out_ += esc(s_.node_name(diploma, r)) + " <span class=\"state\">" + esc(s_.node_state(r)) + "</span>";
    if (!r.guard.empty() && !r.left_out)
      out_ += " <span class=\"tag\">" + esc(s_.condition(r.guard)) + "</span>";
    if (!r.children.empty()) {
      out_ += "<ul>";
      for (const requirement_explanation& c : r.children) node(diploma, c);
      out_ += "</ul>";
    }
    out_ += "</li>";
  }

  void plan(const std::string& id) {
    const advice& a = m_.advice_for.at(id);
    out_ += "<h4>" + esc(t_(text::to_complete)) + "</h4>\n";
    if (a.status == diploma_status::complete) {
      out_ += "<p>" + esc(t_(text::complete_already)) + "</p>\n";
      return;
    }
    if (a.plans.empty()) {
      out_ +=
          "<p class=\"total\">" + esc(t_(text::no_plan)) + "</p><p>" + esc(t_(text::no_plan_long)) + "</p>\n";
      std::vector<std::string> blocking;
      for (const std::string& leaf : a.blocking) blocking.push_back(s_.missing(id, leaf));
      if (!blocking.empty()) out_ += "<p>" + esc(t_(text::blocking, s_.list(blocking))) + "</p>\n";
      return;
    }
    const advice_plan& p = a.plans[0];
    out_ +=
        "<p class=\"total\">" + esc(t_(text::cheapest_plan, s_.hours(p.hours))) + "</p>\n<ul class=\"plan\">";
    for (const advised_unit& u : p.units) {
      const unit_entry* e = m_.unit(u.unit);
      const std::string kind = e && !e->kind.empty() ? e->kind + ", " : std::string();
      out_ += "<li" + attr("data-plan-unit", u.unit) + attr("data-hours", json_number_text(u.hours)) + ">" +
              unit_ref(u.unit) + " <span class=\"sub\">(" + esc(kind + s_.hours(u.hours)) + ")</span>";
      const std::string also = s_.also_credits(u);
      if (!also.empty()) out_ += "<div class=\"sub\">" + esc(also) + "</div>";
      out_ += "</li>";
    }
    out_ += "</ul>\n";
    if (!a.proven) out_ += "<p class=\"sub\">" + esc(t_(text::not_proven)) + "</p>\n";
  }

  void diplomas() {
    out_ += "<section id=\"diplomas\">\n<h2>" + esc(t_(text::diplomas)) + "</h2>\n<p class=\"intro\">" +
            esc(t_(text::diplomas_intro, s_.day(m_.why.as_of))) + "</p>\n";
    for (const std::string& id : m_.diploma_order) {
      const diploma_explanation& d = m_.why.diplomas.at(id);
      const bool applies = !m_.left_out(id);
      out_ += "<article class=\"diploma" + std::string(applies ? "" : " not-applicable") + "\" id=\"" +
              esc(html_anchor("diploma", id)) + "\"" + diploma_data(id) + ">\n";
      out_ += "<h3>" + esc(s_.diploma_name(id)) + " <code class=\"rid\">" + esc(id) + "</code> " +
              status(d.status) + "</h3>\n<p>" + meter(d.progress, d.status) + "</p>\n";
      if (!applies)
        out_ += "<p>" + esc(t_(text::does_not_apply, s_.condition(d.requires_->guard))) + "</p>\n";
      out_ += "<div class=\"cols\"><div>\n<h4>" + esc(t_(text::missing)) + "</h4>\n";
      if (d.missing.empty()) {
        out_ += "<p>" + esc(t_(text::nothing_missing)) + "</p>\n";
      } else {
        out_ += "<ul class=\"missing\">";
        for (const std::string& leaf : d.missing)
          out_ += "<li" + attr("data-missing", leaf) + ">" + esc(s_.missing(id, leaf)) + "</li>";
        out_ += "</ul>\n";
      }
      out_ += "</div><div>\n";
      plan(id);
      out_ += "</div></div>\n";
      if (d.requires_) {
        out_ += "<details class=\"tree\"><summary>" + esc(t_(text::requirements_detail)) +
                "</summary><ul class=\"req\">";
        node(id, *d.requires_);
        out_ += "</ul></details>\n";
      }
      out_ += "</article>\n";
    }
    out_ += "</section>\n";
  }

  // ---------------------------------------------------------------- what a course adds

  [[nodiscard]] std::string optional_hours(const std::optional<double>& h) const {
    return h ? json_number_text(*h) : std::string();
  }

  [[nodiscard]] std::string course_changes(const what_if_result& w) const {
    std::string out = "<ul class=\"changes\">";
    if (!w.credits_gained.empty())
      out += "<li" + attr("data-gained", joined(w.credits_gained)) + ">" +
             esc(t_(text::gains, s_.list(w.credits_gained))) + "</li>";
    if (!w.credits_lost.empty())
      out += "<li" + attr("data-lost", joined(w.credits_lost)) + ">" +
             esc(t_(text::loses, s_.list(w.credits_lost))) + "</li>";
    for (const std::string& id : m_.diploma_order) {  // as the page lists them
      const auto found = w.diplomas.find(id);
      if (found == w.diplomas.end()) continue;
      const what_if_diploma& d = found->second;
      const std::string change = s_.diploma_change(id, d);
      if (change.empty()) continue;
      out += "<li" + attr("data-diploma", id) + attr("data-status-before", to_string(d.status_before)) +
             attr("data-status-after", to_string(d.status_after)) +
             attr("data-progress-before", json_number_text(d.progress_before)) +
             attr("data-progress-after", json_number_text(d.progress_after)) +
             attr("data-hours-before", optional_hours(d.hours_to_complete_before)) +
             attr("data-hours-after", optional_hours(d.hours_to_complete_after)) + ">" + esc(change) +
             "</li>";
    }
    return out + "</ul>";
  }

  void courses() {
    out_ += "<section id=\"courses\">\n<h2>" + esc(t_(text::courses)) + "</h2>\n<p class=\"intro\">" +
            esc(t_(text::courses_intro)) + "</p>\n";
    if (m_.courses.empty()) out_ += "<p class=\"muted\">" + esc(t_(text::no_courses)) + "</p>\n";
    for (const std::string& id : m_.diploma_order) {
      const auto found = m_.courses.find(id);
      if (found == m_.courses.end()) continue;
      out_ += "<div class=\"courses\"" + attr("data-courses-for", id) + ">\n<h3>" + esc(s_.diploma_name(id)) +
              " <code class=\"rid\">" + esc(id) + "</code> <span class=\"sub\">" +
              hours_to_complete(m_.advice_for.at(id)) + "</span></h3>\n";
      if (found->second.empty()) {
        out_ += "<p class=\"muted\">" + esc(t_(text::no_course_options)) + "</p>\n</div>\n";
        continue;
      }
      out_ += "<table class=\"courses\"><thead><tr><th>" + esc(t_(catalog::text::th_unit)) + "</th><th>" +
              esc(t_(catalog::text::th_hours)) + "</th><th>" + esc(t_(text::th_saves)) + "</th><th>" +
              esc(t_(text::th_per_hour)) + "</th><th>" + esc(t_(text::th_changes)) +
              "</th></tr></thead>\n<tbody>\n";
      for (const course_option& o : found->second) {
        out_ += "<tr" + attr("data-course-unit", o.unit) + attr("data-hours", json_number_text(o.hours)) +
                attr("data-hours-saved", json_number_text(o.hours_saved)) +
                attr("data-saved-per-hour", json_number_text(o.saved_per_hour)) + "><td>" + unit_ref(o.unit);
        if (const unit_entry* u = m_.unit(o.unit); u && !u->kind.empty())
          out_ += " <span class=\"tag\">" + esc(u->kind) + "</span>";
        out_ += "</td><td class=\"num\">" + esc(s_.hours(o.hours)) + "</td><td class=\"num\">" +
                esc(s_.hours(o.hours_saved)) + "</td><td class=\"num\">" + esc(s_.number(o.saved_per_hour)) +
                "</td><td>" + course_changes(o.what_if) + "</td></tr>\n";
      }
      out_ += "</tbody></table>\n</div>\n";
    }
    out_ += "</section>\n";
  }

  // ---------------------------------------------------------------- sources

  [[nodiscard]] std::string cited(const citation& c) const {
    return esc(s_.what(c)) + " <code>" + esc(c.id) + "</code>";
  }

  void sources() {
    out_ += "<section id=\"sources\">\n<h2>" + esc(t_(catalog::text::sources)) +
            "</h2>\n<p class=\"intro\">" + esc(t_(text::sources_intro)) + "</p>\n";
    if (m_.sources.empty()) out_ += "<p class=\"muted\">" + esc(t_(text::no_sources)) + "</p>\n";
    out_ += "<ol class=\"sources\">\n";
    for (const source_line& s : m_.sources) {
      out_ += "<li>" + catalog::html_with_links(s.text) + "<div class=\"sub\">" +
              esc(t_(catalog::text::cited_by)) + " ";
      for (std::size_t i = 0; i < s.cited_by.size(); ++i) out_ += (i ? ", " : "") + cited(s.cited_by[i]);
      out_ += "</div></li>\n";
    }
    out_ += "</ol>\n</section>\n";
  }

  const model& m_;
  wording s_;
  const words& t_;
  std::string out_;
};

}  // namespace

std::string write_html(const model& m) { return html_report_writer(m).run(); }

}  // namespace civeff::detail::person_report
