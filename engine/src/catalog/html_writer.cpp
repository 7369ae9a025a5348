// SPDX-License-Identifier: Apache-2.0
// The catalogue as one self-contained HTML5 page: inline CSS, a small inline script
// for the search box, no fonts, images, scripts or styles from the network. Every
// text is escaped; only http(s) sources become links. No timestamp: same rules,
// same bytes.

#include <array>
#include <set>

#include "catalog/catalog_model.hpp"
#include "catalog/markup.hpp"
#include "catalog/phrase.hpp"
#include "catalog/texts.hpp"
#include "core/html_escape.hpp"

namespace civeff::detail::catalog {
namespace {

using form = requirement_syntax::form;

constexpr std::string_view style = R"css(
:root{--ink:#1d2433;--muted:#5b6475;--line:#d9dee7;--soft:#f4f6f9;--accent:#0b5cad;--bar:#ffffffee}
*{box-sizing:border-box}
html{scroll-padding-top:7.5rem}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
.wrap{max-width:1320px;margin:0 auto;padding:0 1.25rem}
header.top{background:#eef3fa;border-bottom:1px solid var(--line);padding:1.25rem 0 .75rem}
h1{font-size:1.7rem;margin:0 0 .25rem}
h2{font-size:1.4rem;margin:2.25rem 0 .25rem;padding-bottom:.25rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.12rem;margin:1.6rem 0 .2rem}
h4{font-size:.95rem;margin:1rem 0 .3rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
p{margin:.3rem 0}
.meta{color:var(--muted)}
.intro{color:var(--muted);max-width:62rem;margin:.2rem 0 .8rem}
.bar{position:sticky;top:0;z-index:5;background:var(--bar);border-bottom:1px solid var(--line);backdrop-filter:blur(4px)}
.bar .wrap{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;padding-top:.55rem;padding-bottom:.55rem}
nav a{margin-right:.9rem;font-weight:600}
.search{display:flex;gap:.5rem;align-items:center;margin-left:auto}
.search input{font:inherit;width:20rem;max-width:60vw;padding:.35rem .6rem;border:1px solid #98a2b3;border-radius:6px}
#q-count{color:var(--muted);font-size:.9rem;min-width:8.5rem}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
code{font:.88em/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:.05em .3em;border-radius:4px;overflow-wrap:break-word}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.93rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .55rem;border-bottom:1px solid var(--line)}
thead th{background:var(--soft);position:sticky;top:3.1rem;z-index:1;font-size:.85rem;color:var(--muted)}
tbody tr:hover{background:#fafbfd}
td.num{text-align:right;white-space:nowrap}
td ul,td ol{margin:0;padding-left:1.1rem}
.name{font-weight:600}
.sub{color:var(--muted);font-size:.86rem}
.muted{color:var(--muted)}
.tag{display:inline-block;font-size:.75rem;color:var(--muted);border:1px solid var(--line);border-radius:9px;padding:0 .4rem;margin:.1rem .15rem 0 0}
.lv{display:inline-block;font-size:.8rem;font-weight:600;border-radius:4px;padding:.05rem .45rem;white-space:nowrap}
.lv0{background:#eceef2;color:#4a5160}.lv1{background:#fdf0d5;color:#7a4a00}.lv2{background:#e3ecfb;color:#1d4f91}
.lv3{background:#dcf1e4;color:#1f6b3a}.lv4{background:#1f7a45;color:#fff}
.cases{list-style:none;padding:0;margin:0}
.cases li{margin:.1rem 0}
.guard{display:inline-block;font-size:.82rem;background:#fff4e0;color:#7a4a00;border-radius:4px;padding:0 .35rem;margin-left:.35rem}
.rid{font-size:.78rem;color:var(--muted);font-weight:400}
h3 .muted{font-weight:400;font-size:.9rem}
.chip{display:inline-block;font-size:.82rem;background:var(--soft);border-radius:9px;padding:0 .45rem;margin:.1rem .2rem .1rem 0}
table.units th:nth-child(1){width:22%}table.units th:nth-child(2){width:4.5rem}table.units th:nth-child(4){width:17%}
table.units th:nth-child(6){width:25%}table.units th:nth-child(7){width:15%}
table.marks th:nth-child(1){width:7.5rem}table.marks th:nth-child(2){width:17%}table.marks th:nth-child(5){width:17rem}
table.marks th:nth-child(6){width:5.5rem}
a code,.chip,.tag,.lv{white-space:nowrap}
table.eqs th:nth-child(1){width:34%}table.eqs th:nth-child(3){width:12rem}
ul.links{list-style:none;padding:0;margin:0}ul.links li{margin:0 0 .35rem;padding-left:1.1rem;text-indent:-1.1rem}
details{margin:.2rem 0}
summary{cursor:pointer;color:var(--accent);font-size:.86rem}
details .body{font-size:.88rem;color:var(--muted);max-width:46rem;padding:.2rem 0 .2rem .8rem;border-left:3px solid var(--line)}
article.diploma{border:1px solid var(--line);border-radius:8px;padding:.4rem 1.1rem 1rem;margin:1rem 0;background:#fff}
article.diploma h3{margin-top:.7rem}
ul.req,ul.req ul{list-style:none;margin:.15rem 0;padding-left:1.2rem;border-left:2px solid var(--line)}
ul.req{padding-left:.9rem}
ul.req li{margin:.3rem 0}
ul.routes{list-style:none;margin:.1rem 0 .2rem;padding-left:1.1rem;border-left:2px dotted #9fb7d9;font-size:.9rem}
ul.routes ul{list-style:none;padding-left:1.1rem;margin:.1rem 0}
.op{font-weight:600}
.or{color:var(--muted);font-size:.85rem}
dl.reach{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.3rem 0}
dl.reach dt{font-weight:600}
dl.reach dd{margin:0}
ol.sources li{margin:.25rem 0}
#none{display:none;padding:1rem;background:#fff4e0;border-radius:6px;margin-top:1rem}
footer{margin:3rem 0 2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:.75rem}
[hidden]{display:none!important}
details.expr{display:inline-block;margin:0 0 0 .35rem;vertical-align:baseline}
details.expr summary{font-size:.75rem;color:var(--muted)}
details.expr[open]{display:block;margin:.15rem 0 .15rem .6rem}
.flag{display:inline-block;font-size:.72rem;font-weight:600;border-radius:4px;padding:0 .35rem;margin:0 .2rem;white-space:nowrap;vertical-align:middle}
.flag.unverified{background:#fde2e1;color:#8a1c14;border:1px dashed #c0392b}
.flag.estimated{background:#fff1c2;color:#6b4e00;border:1px dashed #b7950b}
table.loads{width:auto;min-width:24rem}
table.kd th:nth-child(1){width:30%}
table.kd ul.links ul{list-style:none;margin:.15rem 0 0;padding-left:.6rem}table.kd ul.links ul li{text-indent:0;padding-left:0;margin:.1rem 0}
@media print{.bar{position:static}thead th{position:static}details>*{display:block}}
)css";

// Filters entries (marks, units, diplomas, sources) by every word typed, and hides
// groups left without a visible entry.
constexpr std::string_view script = R"js(
(function () {
  var q = document.getElementById('q');
  var count = document.getElementById('q-count');
  var none = document.getElementById('none');
  var entries = Array.prototype.slice.call(document.querySelectorAll('.entry'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('.group'));
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  // An entry is found by its id and title (data-search), not by what it links to.
  var texts = entries.map(function (e) { return fold(e.getAttribute('data-search') || e.textContent); });
  function apply() {
    var words = fold(q.value).split(/\s+/).filter(function (w) { return w.length > 0; });
    var shown = 0;
    entries.forEach(function (e, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      e.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) {
      g.hidden = words.length > 0 && g.querySelector('.entry:not([hidden])') === null;
    });
    none.style.display = words.length > 0 && shown === 0 ? 'block' : 'none';
    var n = 0, values = words.length > 0 ? [shown, entries.length] : [entries.length];
    count.textContent = count.getAttribute(words.length > 0 ? 'data-match' : 'data-all')
                             .replace(/#/g, function () { return values[n++]; });
  }
  var given = new URLSearchParams(window.location.search).get('q');
  if (given) q.value = given;
  q.addEventListener('input', apply);
  document.addEventListener('keydown', function (ev) {
    if (ev.key === '/' && document.activeElement !== q) { ev.preventDefault(); q.focus(); }
    if (ev.key === 'Escape' && document.activeElement === q) { q.value = ''; apply(); }
  });
  apply();
})();
)js";

std::string esc(std::string_view text) { return html_escape(text); }

std::string anchor(std::string_view prefix, std::string_view id) { return html_anchor(prefix, id); }

class html_catalog_writer {
 public:
  html_catalog_writer(const model& m, text_language language) : m_(m), t_(language), p_(m, t_) {}

  std::string run() {
    head();
    header();
    out_ += "<main class=\"wrap\">\n";
    marks();
    units();
    keuzedelen();
    equivalences();
    routes();
    sources();
    out_ += "<p id=\"none\">" + esc(t_(text::nothing_found)) + "</p>\n";
    out_ += "</main>\n<footer class=\"wrap\">" + t_(text::footer_html, esc(m_.name), esc(m_.version)) +
            "</footer>\n";
    out_ += "<script>";
    out_ += script;
    out_ += "</script>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  // ---------------------------------------------------------------- pieces

  static std::string text_with_links(std::string_view text, bool short_urls = false) {
    return html_with_links(text, short_urls);
  }

  // What the search box matches: an entry's id and title, not the entries it links to.
  static std::string search_key(std::string_view id, std::string_view title) {
    return " data-search=\"" + esc(id) + (title.empty() ? "" : " ") + esc(title) + "\"";
  }

  // In tables a URL shows as its host (the full address in the tooltip), so a long
  // address does not crowd out the entry.
  [[nodiscard]] std::string source_line(std::string_view source) const {
    if (source.empty()) return {};
    return "<div class=\"sub\">" + esc(t_(text::source)) + ": " + text_with_links(source, true) + "</div>";
  }

  [[nodiscard]] std::string notes(std::string_view text) const {
    if (text.empty()) return {};
    return "<details><summary>" + esc(t_(text::notes)) + "</summary><div class=\"body\">" + esc(text) +
           "</div></details>";
  }

  // The visible mark of an unverified or estimated entry.
  [[nodiscard]] std::string flags(const entry_status& status) const {
    std::string out;
    if (status.unverified)
      out += " <span class=\"flag unverified\" title=\"" + esc(t_(text::unverified_hint)) + "\">⚠ " +
             esc(t_(text::unverified)) + "</span>";
    if (status.estimated)
      out += " <span class=\"flag estimated\" title=\"" + esc(t_(text::estimated_hint)) + "\">≈ " +
             esc(t_(text::estimated)) + "</span>";
    return out;
  }

  [[nodiscard]] std::string condition(std::string_view expression) const {
    return html_condition(p_, t_, expression);
  }
  [[nodiscard]] std::string condition(const phrase& lead, std::string_view expression) const {
    return html_condition(p_, t_, lead, expression);
  }
  [[nodiscard]] std::string level_badge(std::string_view scale, std::string_view level) const {
    return html_level_badge(m_, scale, level);
  }

  [[nodiscard]] std::string unit_ref(std::string_view id, bool with_title = true) const {
    std::string out = "<a href=\"#" + esc(anchor("unit", id)) + "\"><code>" + esc(id) + "</code></a>";
    if (!with_title) return out;
    if (const unit_view* u = m_.find_unit(id)) {
      if (!u->title.empty()) out += " " + esc(u->title);
      out += " <span class=\"tag\">" + esc(u->kind) + "</span>";
      if (u->hours) out += "<span class=\"muted\"> " + esc(number_text(*u->hours)) + " h</span>";
    }
    return out;
  }

  [[nodiscard]] std::string unit_list(const std::vector<std::string>& ids) const {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i) out += ", ";
      out += unit_ref(ids[i], false);
    }
    return out;
  }

  [[nodiscard]] std::string equivalence_ref(std::size_t e) const {
    const equivalence_view& eq = m_.equivalences[e];
    std::string out = "<a href=\"#" + esc(anchor("eq", eq.id)) + "\"><code>" + esc(eq.id) + "</code></a>";
    std::string cond;
    if (eq.effective) cond = esc(window_text(*eq.effective, t_.language()));
    if (!eq.when.empty()) cond += std::string(cond.empty() ? "" : ", ") + condition(text::when, eq.when);
    if (!cond.empty()) out += " <span class=\"muted\">(" + cond + ")</span>";
    return out;
  }

  [[nodiscard]] std::string guard(std::string_view when) const {
    if (when.empty()) return {};
    return "<span class=\"guard\">" + esc(t_(text::only_when)) + " " + condition(when) + "</span>";
  }

  static std::string mark_ref(std::string_view id) {
    return "<a href=\"#" + esc(anchor("mark", id)) + "\"><code>" + esc(id) + "</code></a>";
  }

  [[nodiscard]] std::string valid_for(const std::optional<duration>& d) const {
    return d ? esc(t_(text::valid_for, duration_words(*d, t_.language()))) : esc(t_(text::valid_always));
  }

  // ---------------------------------------------------------------- page

  void head() {
    out_ +=
        "<!doctype html>\n<html lang=\"" + std::string(t_.code()) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out_ += "<title>" + esc(t_(text::page_title, m_.name)) + " " + esc(m_.version) + "</title>\n";
    out_ += "<style>";
    out_ += style;
    out_ += "</style>\n</head>\n<body>\n";
  }

  void header() {
    out_ += "<header class=\"top\"><div class=\"wrap\">\n";
    out_ += "<h1>" + esc(t_(text::page_title, m_.name)) + "</h1>\n";
    out_ += "<p class=\"meta\">" + esc(t_(text::ruleset)) + " <code>" + esc(m_.name) + "</code> · " +
            esc(t_(text::version)) + " <b>" + esc(m_.version) + "</b> · " + esc(t_(text::overlays)) + ": ";
    if (m_.overlays.empty()) {
      out_ += esc(t_(text::none));
    } else {
      for (std::size_t i = 0; i < m_.overlays.size(); ++i)
        out_ += (i ? ", " : "") + std::string("<code>") + esc(m_.overlays[i]) + "</code>";
    }
    out_ += "</p>\n";
    out_ += "<p class=\"intro\">" +
            esc(t_(text::intro, t_.language() == text_language::nl ? "pagina" : "page")) + "</p>\n";
    out_ += "<p class=\"intro\">" +
            t_(text::status_legend, flags({true, false}).substr(1), flags({false, true}).substr(1)) +
            "</p>\n";
    out_ += "</div></header>\n";
    out_ += "<div class=\"bar\"><div class=\"wrap\">\n<nav>";
    auto nav = [&](std::string_view id, const phrase& label, std::size_t n) {
      out_ += "<a href=\"#" + std::string(id) + "\">" + esc(t_(label)) + " (" + std::to_string(n) + ")</a>";
    };
    nav("marks", text::marks, m_.marks.size());
    nav("units", text::units, m_.units.size());
    nav("keuzedelen", text::keuzedelen, m_.keuzedelen.size());
    nav("equivalences", text::equivalences, m_.equivalences.size());
    nav("routes", text::routes_nav, m_.diplomas.size());
    nav("sources", text::sources, m_.sources.size());
    out_ += "</nav>\n";
    out_ += "<div class=\"search\" role=\"search\"><label for=\"q\">" + esc(t_(text::search)) +
            "</label><input id=\"q\" type=\"search\" placeholder=\"" + esc(t_(text::search_placeholder)) +
            "\" autocomplete=\"off\"><span id=\"q-count\" aria-live=\"polite\" data-all=\"" +
            esc(t_(text::entries_all)) + "\" data-match=\"" + esc(t_(text::entries_match)) +
            "\"></span></div>\n";
    out_ += "</div></div>\n";
  }

  // ---------------------------------------------------------------- quality marks

  [[nodiscard]] std::string cases(const ranked_mark& r, const scale_view& scale) const {
    std::string out = "<ul class=\"cases\">";
    for (std::size_t i = 0; i < r.own.size(); ++i) {
      const level_case& c = r.own[i];
      out += "<li>";
      if (i > 0) out += esc(t_(text::otherwise));
      out += level_badge(scale.id, c.level);
      if (!c.when.empty()) out += " " + condition(text::when, c.when);
      out += "</li>";
    }
    if (!r.own.empty() && !r.own.back().when.empty())
      out += "<li class=\"muted\">" + esc(t_(text::otherwise_no_level)) + "</li>";
    for (const auto& via : r.implied)
      out += "<li>" + level_badge(scale.id, via.level) + " <span class=\"muted\">" +
             esc(t_(text::through_implied_mark)) + "</span> " + mark_ref(via.mark) + "</li>";
    out += "</ul>";
    return out;
  }

  void marks() {
    out_ += "<section id=\"marks\" class=\"group\">\n<h2>" + esc(t_(text::marks)) + "</h2>\n";
    out_ += "<p class=\"intro\">" + esc(t_(text::marks_intro)) + "</p>\n";
    for (const auto& ranking : m_.rankings) {
      const scale_view& scale = m_.scales[ranking.scale];
      out_ += "<div class=\"group\" id=\"" + esc(anchor("scale", scale.id)) + "\">\n<h3>" + esc(scale.title) +
              " <code class=\"rid\">" + esc(scale.id) + "</code>" + flags(scale.status) + "</h3>\n<p>" +
              esc(t_(text::levels_low_to_high));
      for (std::size_t i = 0; i < scale.levels.size(); ++i) {
        if (i) out_ += " &lt; ";
        out_ += level_badge(scale.id, scale.levels[i]);
      }
      out_ += esc(t_(text::no_mark_places));
      out_ += scale.default_null ? esc(t_(text::no_level)) : level_badge(scale.id, scale.default_level);
      out_ += ".</p>\n";
      if (!scale.source.empty() || !scale.notes.empty())
        out_ += source_line(scale.source) + notes(scale.notes) + "\n";
      out_ += "<table class=\"marks\"><thead><tr><th>" + esc(t_(text::th_highest_level)) + "</th><th>" +
              esc(t_(text::th_mark)) + "</th><th>" + esc(t_(text::th_issuer)) + "</th><th>" +
              esc(t_(text::th_attests)) + "</th><th>" + esc(t_(text::th_level_gives)) + "</th><th>" +
              esc(t_(text::th_valid_for)) + "</th><th>" + esc(t_(text::th_implies)) +
              "</th></tr></thead>\n<tbody>\n";
      for (const auto& r : ranking.marks) {
        const mark_view& mk = m_.marks[r.mark];
        out_ += "<tr class=\"entry\"" + search_key(mk.id, mk.name);
        if (mark_anchors_.insert(mk.id).second) out_ += " id=\"" + esc(anchor("mark", mk.id)) + "\"";
        out_ += "><td>" + level_badge(scale.id, scale.levels[static_cast<std::size_t>(r.rank)]) + "</td>";
        out_ += "<td><div class=\"name\">" + esc(mk.name.empty() ? mk.id : mk.name) + flags(mk.status) +
                "</div><code class=\"rid\">" + esc(mk.id) + "</code>" + source_line(mk.source) +
                notes(mk.notes) + "</td>";
        out_ += "<td>" + esc(mk.issuer) + "</td><td>" + esc(mk.attests) + "</td>";
        out_ += "<td>" + cases(r, scale) + "</td>";
        out_ += "<td>" + valid_for(mk.valid_for) + "</td>";
        out_ += "<td>";
        for (std::size_t i = 0; i < mk.implies.size(); ++i) out_ += (i ? ", " : "") + mark_ref(mk.implies[i]);
        if (!mk.implied_by.empty()) {
          out_ += "<div class=\"sub\">" + esc(t_(text::implied_by)) + " ";
          for (std::size_t i = 0; i < mk.implied_by.size(); ++i)
            out_ += (i ? ", " : "") + mark_ref(mk.implied_by[i]);
          out_ += "</div>";
        }
        out_ += "</td></tr>\n";
      }
      out_ += "</tbody></table>\n";
      if (!ranking.without.empty()) {
        out_ += "<p class=\"muted\">" + esc(t_(text::no_level_on_scale));
        for (std::size_t i = 0; i < ranking.without.size(); ++i) {
          const mark_view& mk = m_.marks[ranking.without[i]];
          out_ += (i ? ", " : "") + esc(mk.name.empty() ? mk.id : mk.name) + " (" + mark_ref(mk.id) + ")";
        }
        out_ += ".</p>\n";
      }
      out_ += "</div>\n";
    }
    // A mark that ranks on no scale still needs its anchor.
    for (const auto& mk : m_.marks)
      if (mark_anchors_.insert(mk.id).second)
        out_ += "<p class=\"entry\"" + search_key(mk.id, mk.name) + " id=\"" + esc(anchor("mark", mk.id)) +
                "\">" + esc(mk.name.empty() ? mk.id : mk.name) + " <code class=\"rid\">" + esc(mk.id) +
                "</code>" + flags(mk.status) + esc(t_(text::no_level_on_any_scale)) + "</p>\n";
    out_ += "</section>\n";
  }

  // ---------------------------------------------------------------- units

  [[nodiscard]] std::string links(const unit_view& u) const {
    if (u.links.empty()) return "<span class=\"muted\">" + esc(t_(text::none)) + "</span>";
    std::string out = "<ul class=\"links\">";
    for (const auto& l : u.links) {
      out += "<li>";
      switch (l.how) {
        case unit_link::relation::equivalent_to:
          out += "<span class=\"op\">≡</span> " + esc(t_(text::equivalent_to)) + " " + unit_list(l.others);
          break;
        case unit_link::relation::counts_as:
          out += "<span class=\"op\">→</span> " + esc(t_(text::counts_as)) + " " + unit_list(l.others);
          if (!l.together_with.empty())
            out += ", " + esc(t_(text::together_with)) + " " + unit_list(l.together_with);
          break;
        case unit_link::relation::counted_by:
          out += "<span class=\"op\">←</span> " +
                 esc(t_(l.others.size() > 1 ? text::counted_by_all : text::counted_by)) + " " +
                 unit_list(l.others);
          break;
      }
      out += " <span class=\"sub\">" + esc(t_(text::via)) + "</span> " + equivalence_ref(l.equivalence) +
             "</li>";
    }
    out += "</ul>";
    return out;
  }

  void units() {
    out_ += "<section id=\"units\" class=\"group\">\n<h2>" + esc(t_(text::units)) + "</h2>\n";
    out_ += "<p class=\"intro\">" + esc(t_(text::units_intro)) + "</p>\n";
    for (const auto& group : m_.kinds) {
      out_ += "<div class=\"group\">\n<h3>" + esc(kind_heading(group.kind, t_.language())) +
              " <span class=\"muted\">(" + std::to_string(group.units.size()) + ")</span></h3>\n";
      const std::string intro = kind_intro(group.kind, t_.language());
      if (!intro.empty()) out_ += "<p class=\"intro\">" + esc(intro) + "</p>\n";
      out_ += "<table class=\"units\"><thead><tr><th>" + esc(t_(text::th_unit)) + "</th><th>" +
              esc(t_(text::th_hours)) + "</th><th>" + esc(t_(text::th_level)) + "</th><th>" +
              esc(t_(text::th_credited)) + "</th><th>" + esc(t_(text::th_valid_for)) + "</th><th>" +
              esc(t_(text::th_equivalences)) + "</th><th>" + esc(t_(text::th_counts_toward)) +
              "</th></tr></thead>\n<tbody>\n";
      for (std::size_t index : group.units) {
        const unit_view& u = m_.units[index];
        out_ +=
            "<tr class=\"entry\"" + search_key(u.id, u.title) + " id=\"" + esc(anchor("unit", u.id)) + "\">";
        out_ += "<td><code>" + esc(u.id) + "</code>" + flags(u.status);
        if (!u.title.empty()) out_ += "<div class=\"name\">" + esc(u.title) + "</div>";
        if (!u.tags.empty()) {
          out_ += "<div>";
          for (const auto& t : u.tags) out_ += "<span class=\"tag\">" + esc(t) + "</span>";
          out_ += "</div>";
        }
        out_ += source_line(u.source) + notes(u.notes) + "</td>";
        out_ += "<td class=\"num\">" + (u.hours ? esc(number_text(*u.hours)) : std::string("–")) + "</td>";
        out_ += "<td>";
        for (std::size_t i = 0; i < u.levels.size(); ++i)
          out_ += (i ? "<br>" : "") + esc(scale_title(m_, u.levels[i].first)) + " " +
                  level_badge(u.levels[i].first, u.levels[i].second);
        if (u.levels.empty()) out_ += "<span class=\"muted\">–</span>";
        out_ += "</td><td>";
        out_ += esc(u.effective ? window_text(*u.effective, t_.language()) : std::string(t_(text::any_date)));
        if (!u.credit_when.empty()) out_ += "<div>" + condition(text::when, u.credit_when) + "</div>";
        out_ += "</td><td>" + valid_for(u.valid_for) + "</td>";
        out_ += "<td>" + links(u) + "</td><td>";
        for (unsigned long i : u.counts_toward) {
          const diploma_view& d = m_.diplomas[i];
          out_ += "<a class=\"chip\" href=\"#" + esc(anchor("diploma", d.id)) + "\">" +
                  esc(d.title.empty() ? d.id : d.title) + "</a>";
        }
        if (u.counts_toward.empty()) out_ += "<span class=\"muted\">–</span>";
        out_ += "</td></tr>\n";
      }
      out_ += "</tbody></table>\n</div>\n";
    }
    out_ += "</section>\n";
  }

  // ---------------------------------------------------------------- keuzedelen

  void keuzedelen() {
    out_ += "<section id=\"keuzedelen\" class=\"group\">\n<h2>" + esc(t_(text::keuzedelen)) + "</h2>\n";
    out_ += "<p class=\"intro\">" + esc(t_(text::keuzedelen_intro)) + "</p>\n";
    if (m_.keuzedelen.empty()) {
      out_ += "<p class=\"muted\">" + esc(t_(text::no_keuzedelen)) + "</p>\n</section>\n";
      return;
    }
    out_ += "<div class=\"group\"><table class=\"kd\"><thead><tr><th>" + esc(t_(text::th_keuzedeel)) +
            "</th><th>" + esc(t_(text::th_counted_by)) + "</th></tr></thead>\n<tbody>\n";
    for (const auto& kd : m_.keuzedelen) {
      const unit_view& u = m_.units[kd.unit];
      out_ += "<tr class=\"entry\"" + search_key(u.id, u.title) + " id=\"" + esc(anchor("kd", u.id)) +
              "\"><td>" + unit_ref(u.id) + flags(u.status) + "</td><td>";
      if (kd.ways.empty()) {
        out_ += "<span class=\"muted\">" + esc(t_(text::nothing_counts_toward)) + "</span>";
      } else {
        out_ += "<ul class=\"links\">";
        for (const auto& way : kd.ways) {
          out_ += "<li>" + equivalence_ref(way.equivalence) + flags(m_.equivalences[way.equivalence].status) +
                  ": ";
          if (way.sources.size() > 1)
            out_ += esc(t_(way.any_one ? text::any_one_member : text::all_of)) + " ";
          out_ += "<ul>";
          for (const auto& source : way.sources) {
            out_ += "<li>" + unit_ref(source);
            if (const unit_view* s = m_.find_unit(source)) out_ += flags(s->status);
            out_ += "</li>";
          }
          out_ += "</ul></li>";
        }
        out_ += "</ul>";
      }
      out_ += "</td></tr>\n";
    }
    out_ += "</tbody></table></div>\n</section>\n";
  }

  // ---------------------------------------------------------------- equivalences

  void equivalences() {
    out_ += "<section id=\"equivalences\" class=\"group\">\n<h2>" + esc(t_(text::equivalences)) + "</h2>\n";
    out_ += "<p class=\"intro\">" + t_(text::equivalences_intro, "<b>≡</b>", "<b>→</b>") + "</p>\n";
    if (m_.equivalences.empty()) {
      out_ += "<p class=\"muted\">" + esc(t_(text::no_equivalences)) + "</p>\n</section>\n";
      return;
    }
    out_ += "<div class=\"group\"><table class=\"eqs\"><thead><tr><th>" + esc(t_(text::th_equivalence)) +
            "</th><th>" + esc(t_(text::th_units)) + "</th><th>" + esc(t_(text::th_applies)) +
            "</th></tr></thead>\n<tbody>\n";
    for (const auto& eq : m_.equivalences) {
      out_ += "<tr class=\"entry\"" + search_key(eq.id, eq.title) + " id=\"" + esc(anchor("eq", eq.id)) +
              "\"><td><code>" + esc(eq.id) + "</code>" + flags(eq.status);
      if (!eq.title.empty()) out_ += "<div class=\"name\">" + esc(eq.title) + "</div>";
      out_ += source_line(eq.source) + notes(eq.notes) + "</td><td>";
      if (eq.symmetric) {
        for (std::size_t i = 0; i < eq.members.size(); ++i)
          out_ += (i ? " <span class=\"op\">≡</span> " : "") + unit_ref(eq.members[i], false);
      } else {
        for (std::size_t i = 0; i < eq.members.size(); ++i)
          out_ += (i ? " + " : "") + unit_ref(eq.members[i], false);
        out_ += " <span class=\"op\">→</span> " + unit_list(eq.targets);
      }
      out_ += "</td><td>" + esc(eq.effective ? window_text(*eq.effective, t_.language())
                                             : std::string(t_(text::window_always)));
      if (!eq.when.empty()) out_ += "<div>" + condition(text::when, eq.when) + "</div>";
      out_ += "</td></tr>\n";
    }
    out_ += "</tbody></table></div>\n</section>\n";
  }

  // ---------------------------------------------------------------- routes

  // A unit and the ways to derive it. Within one diploma an equivalence is spelled out
  // once; where it comes back, its units are listed in one line.
  std::string route(const route_tree& tree) {
    std::string out = unit_ref(tree.unit);
    if (tree.ways.empty() && !tree.cut) return out;
    out += "<ul class=\"routes\">";
    for (const auto& way : tree.ways) {
      out += "<li><span class=\"or\">" + esc(t_(text::or_through)) + "</span> " +
             equivalence_ref(way.equivalence) + ": ";
      if (way.sources.size() > 1) out += esc(t_(way.any_one ? text::any_one_of : text::all_of));
      if (!expanded_.insert(way.equivalence).second) {
        out += " ";
        for (std::size_t i = 0; i < way.sources.size(); ++i)
          out += (i ? ", " : "") + unit_ref(way.sources[i].unit, false);
        out += " <span class=\"or\">" + esc(t_(text::as_above)) + "</span></li>";
        continue;
      }
      out += "<ul>";
      for (const auto& source : way.sources) out += "<li>" + route(source) + "</li>";
      out += "</ul></li>";
    }
    if (tree.cut)
      out += "<li class=\"or\">" + esc(t_(text::more_routes)) + " " + unit_ref(tree.unit, false) + "</li>";
    out += "</ul>";
    return out;
  }

  [[nodiscard]] std::string selector(const requirement_view& r) const {
    std::vector<std::string> parts;
    if (!r.sel_units.empty()) {
      std::string units = esc(t_(text::sel_units));
      for (std::size_t i = 0; i < r.sel_units.size(); ++i) units += (i ? ", " : "") + esc(r.sel_units[i]);
      parts.push_back(units);
    }
    if (!r.sel_kind.empty()) parts.push_back(esc(t_(text::sel_kind)) + "<b>" + esc(r.sel_kind) + "</b>");
    if (!r.sel_tags.empty()) {
      std::string tags = esc(t_(text::sel_tagged));
      for (std::size_t i = 0; i < r.sel_tags.size(); ++i) tags += (i ? ", " : "") + esc(r.sel_tags[i]);
      parts.push_back(tags);
    }
    if (!r.sel_marks.empty()) {
      std::string marks = esc(t_(text::sel_carrying));
      for (std::size_t i = 0; i < r.sel_marks.size(); ++i)
        marks += (i ? esc(t_(text::sel_or)) : "") + mark_ref(r.sel_marks[i]);
      parts.push_back(marks);
    }
    if (!r.sel_where.empty()) parts.push_back(condition(text::sel_where_word, r.sel_where));
    if (parts.empty()) return esc(t_(r.kind == form::hours ? text::of_any_unit : text::of_any_achievement));
    std::string out = esc(t_(text::of));
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
    return out;
  }

  std::string requirement(const requirement_view& r) {
    std::string out = "<li>";
    if (!r.title.empty()) out += "<b>" + esc(r.title) + "</b>: ";
    const std::string min = esc(number_text(r.min));
    switch (r.kind) {
      case form::unit: out += route(r.unit); break;
      case form::all_of: out += esc(t_(text::req_all_of)); break;
      case form::any_of: out += esc(t_(text::req_any_of)); break;
      case form::n_of: out += esc(t_(text::req_n_of, r.n)); break;
      case form::hours: out += t_(text::req_hours, min) + selector(r); break;
      case form::count: out += t_(text::req_count, min) + selector(r); break;
      case form::sum:
        out += t_(text::req_sum, "<b>" + esc(r.attr) + "</b>", min) + selector(r);
        if (r.within) out += esc(t_(text::req_within, duration_words(*r.within, t_.language())));
        break;
      case form::avg: out += t_(text::req_avg, "<b>" + esc(r.attr) + "</b>", min) + selector(r); break;
      case form::check: out += esc(t_(text::req_check)) + " " + condition(r.check); break;
    }
    if (!r.id.empty()) out += " <code class=\"rid\">" + esc(r.id) + "</code>";
    out += guard(r.when);
    if (r.static_selector) {
      out += "<details><summary>" +
             esc(t_(r.matching.size() == 1 ? text::units_count_one : text::units_count_many,
                    r.matching.size())) +
             "</summary>";
      if (r.matching.empty()) {
        out += "<div class=\"body\">" + esc(t_(text::no_unit_matches)) + "</div>";
      } else {
        out += "<ul class=\"routes\">";
        for (const auto& m : r.matching) out += "<li>" + route(m) + "</li>";
        out += "</ul>";
      }
      out += "</details>";
    }
    if (!r.children.empty()) {
      out += "<ul>";
      for (const auto& child : r.children) out += requirement(child);
      out += "</ul>";
    }
    out += "</li>";
    return out;
  }

  [[nodiscard]] std::string load_label(const route_load& load) const {
    if (!load.equivalence) return esc(t_(text::load_own));
    const equivalence_view& eq = m_.equivalences[*load.equivalence];
    std::string sources;
    for (std::size_t i = 0; i < eq.members.size(); ++i)
      sources += (i ? (eq.symmetric ? " ≡ " : " + ") : "") + unit_ref(eq.members[i], false);
    return t_(text::load_through,
              "<a href=\"#" + esc(anchor("eq", eq.id)) + "\"><code>" + esc(eq.id) + "</code></a>") +
           flags(eq.status) + "<div class=\"sub\">" + sources + "</div>";
  }

  void study_load(const diploma_view& d) {
    if (d.loads.empty()) return;
    out_ += "<h4>" + esc(t_(text::study_load)) + "</h4>\n<p class=\"sub\">" +
            esc(t_(text::study_load_intro)) + "</p>\n";
    out_ += "<table class=\"loads\"><thead><tr><th>" + esc(t_(text::th_route)) + "</th><th>" +
            esc(t_(text::th_study_load)) + "</th></tr></thead><tbody>";
    for (const auto& load : d.loads)
      out_ += "<tr><td>" + load_label(load) + "</td><td class=\"num\">" +
              esc(t_(text::hours_amount, p_.number_words(load.hours))) + "</td></tr>";
    out_ += "</tbody></table>\n";
  }

  void routes() {
    out_ += "<section id=\"routes\" class=\"group\">\n<h2>" + esc(t_(text::routes)) + "</h2>\n";
    out_ += "<p class=\"intro\">" +
            t_(text::routes_intro, "<span class=\"guard\">" + esc(t_(text::only_when)) + " …</span>") +
            "</p>\n";
    if (m_.diplomas.empty()) out_ += "<p class=\"muted\">" + esc(t_(text::no_diplomas)) + "</p>\n";
    for (const auto& d : m_.diplomas) {
      expanded_.clear();
      out_ += "<article class=\"entry diploma\"" + search_key(d.id, d.title) + " id=\"" +
              esc(anchor("diploma", d.id)) + "\">\n<h3>" + esc(d.title.empty() ? d.id : d.title) +
              " <code class=\"rid\">" + esc(d.id) + "</code>" + flags(d.status);
      for (const auto& [scale, level] : d.levels)
        out_ +=
            " <span class=\"muted\">" + esc(scale_title(m_, scale)) + "</span> " + level_badge(scale, level);
      out_ += "</h3>\n" + source_line(d.source) + notes(d.notes) + "\n";
      out_ += "<h4>" + esc(t_(text::requires_heading)) + "</h4>\n";
      if (d.tree) out_ += "<ul class=\"req\">" + requirement(*d.tree) + "</ul>\n";
      else out_ += "<p class=\"muted\">" + esc(t_(text::no_requirements)) + "</p>\n";
      study_load(d);
      out_ += "<h4>" + esc(t_(text::counting_units)) + "</h4>\n";
      if (d.reached_by.empty()) {
        out_ += "<p class=\"muted\">" + esc(t_(text::counting_units_none)) + "</p>\n";
      } else {
        out_ += "<dl class=\"reach\">";
        for (const auto& g : d.reached_by) {
          out_ += "<dt>" + esc(kind_heading(g.kind, t_.language())) + "</dt><dd>";
          for (std::size_t i = 0; i < g.units.size(); ++i)
            out_ += (i ? ", " : "") + unit_ref(m_.units[g.units[i]].id, false);
          out_ += "</dd>";
        }
        out_ += "</dl>\n";
      }
      out_ += "</article>\n";
    }
    out_ += "</section>\n";
  }

  // ---------------------------------------------------------------- sources

  [[nodiscard]] std::string citation_ref(const citation& c) const {
    static constexpr std::array<std::string_view, 5> prefixes = {"scale", "mark", "unit", "eq", "diploma"};
    const std::string_view prefix = prefixes[static_cast<std::size_t>(c.where)];
    std::string what = c.what;
    switch (c.where) {
      case citation::section::scale: what = t_(text::what_scale); break;
      case citation::section::mark: what = t_(text::what_mark); break;
      case citation::section::equivalence: what = t_(text::what_equivalence); break;
      case citation::section::diploma: what = t_(text::what_diploma); break;
      case citation::section::unit: break;
    }
    return esc(what) + " <a href=\"#" + esc(anchor(prefix, c.id)) + "\"><code>" + esc(c.id) + "</code></a>";
  }

  void sources() {
    out_ += "<section id=\"sources\" class=\"group\">\n<h2>" + esc(t_(text::sources)) + "</h2>\n";
    out_ += "<p class=\"intro\">" + esc(t_(text::sources_intro)) + "</p>\n";
    if (m_.sources.empty()) out_ += "<p class=\"muted\">" + esc(t_(text::no_sources)) + "</p>\n";
    out_ += "<ol class=\"sources\">\n";
    for (const auto& s : m_.sources) {
      out_ += "<li class=\"entry\"" + search_key(s.text, "") + ">" + text_with_links(s.text) +
              "<div class=\"sub\">" + esc(t_(text::cited_by)) + " ";
      for (std::size_t i = 0; i < s.cited_by.size(); ++i)
        out_ += (i ? ", " : "") + citation_ref(s.cited_by[i]);
      out_ += "</div></li>\n";
    }
    out_ += "</ol>\n</section>\n";
  }

  const model& m_;
  words t_;
  phraser p_;
  std::string out_;
  std::set<std::string> mark_anchors_;
  std::set<std::size_t> expanded_;  // equivalences spelled out in the current diploma
};

}  // namespace

std::string write_html(const model& m, text_language language) {
  return html_catalog_writer(m, language).run();
}

}  // namespace civeff::detail::catalog
