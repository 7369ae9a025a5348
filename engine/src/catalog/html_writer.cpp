// SPDX-License-Identifier: Apache-2.0
// The catalogue as one self-contained HTML5 page: inline CSS, a small inline script
// for the search box, no fonts, images, scripts or styles from the network. Every
// text is escaped; only http(s) sources become links. No timestamp: same rules,
// same bytes.

#include <array>
#include <set>

#include "catalog/catalog_model.hpp"

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
  var texts = entries.map(function (e) { return fold(e.textContent); });
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
    count.textContent = words.length > 0 ? shown + ' of ' + entries.length + ' entries match'
                                         : entries.length + ' entries';
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

std::string esc(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// An element id: safe characters kept, every other byte as _XX, so ids stay unique.
std::string anchor(std::string_view prefix, std::string_view id) {
  constexpr std::string_view hex = "0123456789ABCDEF";
  std::string out(prefix);
  out += '-';
  for (char c : id) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '.') {
      out += c;
    } else {
      out += '_';
      out += hex[b >> 4];
      out += hex[b & 15];
    }
  }
  return out;
}

class writer {
 public:
  explicit writer(const model& m) : m_(m) {}

  std::string run() {
    head();
    header();
    out_ += "<main class=\"wrap\">\n";
    marks();
    units();
    equivalences();
    routes();
    sources();
    out_ += "<p id=\"none\">No entry matches the search. Try fewer or shorter words.</p>\n";
    out_ += "</main>\n<footer class=\"wrap\">Generated by <code>civeff catalog</code> from ruleset <code>" +
            esc(m_.name) + "</code> version " + esc(m_.version) +
            ". The page is self-contained: it loads nothing from the network; the links lead to the sources "
            "the rules cite.</footer>\n";
    out_ += "<script>";
    out_ += script;
    out_ += "</script>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  // ---------------------------------------------------------------- pieces

  static std::string host_of(std::string_view url) {
    std::string_view rest = url.substr(url.find("://") + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (rest.substr(0, 4) == "www.") rest.remove_prefix(4);
    return std::string(rest);
  }

  static std::string text_with_links(std::string_view text, bool short_urls = false) {
    std::string out;
    for (const auto& piece : split_links(text)) {
      if (!piece.url) {
        out += esc(piece.text);
        continue;
      }
      out += "<a href=\"" + esc(piece.text) + "\" rel=\"noopener\" target=\"_blank\"";
      if (short_urls) out += " title=\"" + esc(piece.text) + "\"";
      out += ">" + esc(short_urls ? host_of(piece.text) : piece.text) + "</a>";
    }
    return out;
  }

  // In tables a URL shows as its host (the full address in the tooltip), so a long
  // address does not crowd out the entry.
  [[nodiscard]] std::string source_line(std::string_view source) const {
    if (source.empty()) return {};
    return "<div class=\"sub\">Source: " + text_with_links(source, true) + "</div>";
  }

  static std::string notes(std::string_view text) {
    if (text.empty()) return {};
    return "<details><summary>Notes</summary><div class=\"body\">" + esc(text) + "</div></details>";
  }

  [[nodiscard]] std::string level_badge(std::string_view scale, std::string_view level) const {
    int bucket = 4;
    if (const scale_view* s = m_.find_scale(scale)) {
      const auto n = static_cast<int>(s->levels.size());
      for (int i = 0; i < n; ++i)
        if (s->levels[static_cast<std::size_t>(i)] == level)
          bucket = n <= 1 ? 4 : (i * 4 + (n - 1) / 2) / (n - 1);
    }
    return "<span class=\"lv lv" + std::to_string(bucket) + "\">" + esc(level) + "</span>";
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
    if (eq.effective) cond = window_text(*eq.effective);
    if (!eq.when.empty()) cond += std::string(cond.empty() ? "" : ", ") + "when " + eq.when;
    if (!cond.empty()) out += " <span class=\"muted\">(" + esc(cond) + ")</span>";
    return out;
  }

  [[nodiscard]] std::string guard(std::string_view when) const {
    if (when.empty()) return {};
    return "<span class=\"guard\">only when <code>" + esc(when) + "</code></span>";
  }

  static std::string mark_ref(std::string_view id) {
    return "<a href=\"#" + esc(anchor("mark", id)) + "\"><code>" + esc(id) + "</code></a>";
  }

  // ---------------------------------------------------------------- page

  void head() {
    out_ += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out_ += "<title>Civil effect catalogue: " + esc(m_.name) + " " + esc(m_.version) + "</title>\n";
    out_ += "<style>";
    out_ += style;
    out_ += "</style>\n</head>\n<body>\n";
  }

  void header() {
    out_ += "<header class=\"top\"><div class=\"wrap\">\n";
    out_ += "<h1>Civil effect catalogue: " + esc(m_.name) + "</h1>\n";
    out_ += "<p class=\"meta\">Ruleset <code>" + esc(m_.name) + "</code> · version <b>" + esc(m_.version) +
            "</b> · overlays: ";
    if (m_.overlays.empty()) {
      out_ += "none";
    } else {
      for (std::size_t i = 0; i < m_.overlays.size(); ++i)
        out_ += (i ? ", " : "") + std::string("<code>") + esc(m_.overlays[i]) + "</code>";
    }
    out_ += "</p>\n";
    out_ +=
        "<p class=\"intro\">What is a training worth outside the employer that gave it? This overview lists "
        "every "
        "quality mark and how it ranks, every unit (keuzedelen, leereenheden, kerntaken, ...) with what it "
        "counts "
        "as, and every route to a diploma. It is generated from the rules themselves, so it says exactly "
        "what "
        "the civeff engine decides; the same rules always give the same page.</p>\n";
    out_ += "</div></header>\n";
    out_ += "<div class=\"bar\"><div class=\"wrap\">\n<nav>";
    out_ += "<a href=\"#marks\">Quality marks (" + std::to_string(m_.marks.size()) + ")</a>";
    out_ += "<a href=\"#units\">Units (" + std::to_string(m_.units.size()) + ")</a>";
    out_ += "<a href=\"#equivalences\">Equivalences (" + std::to_string(m_.equivalences.size()) + ")</a>";
    out_ += "<a href=\"#routes\">Routes (" + std::to_string(m_.diplomas.size()) + ")</a>";
    out_ += "<a href=\"#sources\">Sources (" + std::to_string(m_.sources.size()) + ")</a>";
    out_ += "</nav>\n";
    out_ +=
        "<div class=\"search\" role=\"search\"><label for=\"q\">Search</label><input id=\"q\" "
        "type=\"search\" "
        "placeholder=\"Filter marks, units, diplomas, sources…\" autocomplete=\"off\"><span id=\"q-count\" "
        "aria-live=\"polite\"></span></div>\n";
    out_ += "</div></div>\n";
  }

  // ---------------------------------------------------------------- quality marks

  [[nodiscard]] std::string cases(const ranked_mark& r, const scale_view& scale) const {
    std::string out = "<ul class=\"cases\">";
    for (std::size_t i = 0; i < r.own.size(); ++i) {
      const level_case& c = r.own[i];
      out += "<li>";
      if (i > 0) out += "otherwise ";
      out += level_badge(scale.id, c.level);
      if (!c.when.empty()) out += " when <code>" + esc(c.when) + "</code>";
      out += "</li>";
    }
    if (!r.own.empty() && !r.own.back().when.empty()) out += "<li class=\"muted\">otherwise no level</li>";
    for (const auto& via : r.implied)
      out += "<li>" + level_badge(scale.id, via.level) +
             " <span class=\"muted\">through the implied mark</span> " + mark_ref(via.mark) + "</li>";
    out += "</ul>";
    return out;
  }

  void marks() {
    out_ += "<section id=\"marks\" class=\"group\">\n<h2>Quality marks</h2>\n";
    out_ +=
        "<p class=\"intro\">A quality mark (keurmerk) places a training on a scale. For each scale the marks "
        "are "
        "ranked by the highest level they can give. Some give a level only under a condition (the first "
        "condition that holds decides), and some only for a limited time after the training.</p>\n";
    for (const auto& ranking : m_.rankings) {
      const scale_view& scale = m_.scales[ranking.scale];
      out_ += "<div class=\"group\" id=\"" + esc(anchor("scale", scale.id)) + "\">\n<h3>" + esc(scale.title) +
              " <code class=\"rid\">" + esc(scale.id) + "</code></h3>\n<p>Levels, low to high: ";
      for (std::size_t i = 0; i < scale.levels.size(); ++i) {
        if (i) out_ += " &lt; ";
        out_ += level_badge(scale.id, scale.levels[i]);
      }
      out_ += ". A training that no mark places: ";
      out_ += scale.default_null ? std::string("no level") : level_badge(scale.id, scale.default_level);
      out_ += ".</p>\n";
      if (!scale.source.empty() || !scale.notes.empty())
        out_ += source_line(scale.source) + notes(scale.notes) + "\n";
      out_ +=
          "<table class=\"marks\"><thead><tr><th>Highest "
          "level</th><th>Mark</th><th>Issuer</th><th>Attests</th>"
          "<th>Level it gives</th><th>Valid for</th><th>Implies</th></tr></thead>\n<tbody>\n";
      for (const auto& r : ranking.marks) {
        const mark_view& mk = m_.marks[r.mark];
        out_ += "<tr class=\"entry\"";
        if (mark_anchors_.insert(mk.id).second) out_ += " id=\"" + esc(anchor("mark", mk.id)) + "\"";
        out_ += "><td>" + level_badge(scale.id, scale.levels[static_cast<std::size_t>(r.rank)]) + "</td>";
        out_ += "<td><div class=\"name\">" + esc(mk.name.empty() ? mk.id : mk.name) +
                "</div><code class=\"rid\">" + esc(mk.id) + "</code>" + source_line(mk.source) +
                notes(mk.notes) + "</td>";
        out_ += "<td>" + esc(mk.issuer) + "</td><td>" + esc(mk.attests) + "</td>";
        out_ += "<td>" + cases(r, scale) + "</td>";
        out_ +=
            "<td>" + (mk.valid_for ? esc(duration_words(*mk.valid_for)) : std::string("no limit")) + "</td>";
        out_ += "<td>";
        for (std::size_t i = 0; i < mk.implies.size(); ++i) out_ += (i ? ", " : "") + mark_ref(mk.implies[i]);
        if (!mk.implied_by.empty()) {
          out_ += "<div class=\"sub\">implied by ";
          for (std::size_t i = 0; i < mk.implied_by.size(); ++i)
            out_ += (i ? ", " : "") + mark_ref(mk.implied_by[i]);
          out_ += "</div>";
        }
        out_ += "</td></tr>\n";
      }
      out_ += "</tbody></table>\n";
      if (!ranking.without.empty()) {
        out_ += "<p class=\"muted\">No level on this scale: ";
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
        out_ += "<p class=\"entry\" id=\"" + esc(anchor("mark", mk.id)) + "\">" +
                esc(mk.name.empty() ? mk.id : mk.name) + " <code class=\"rid\">" + esc(mk.id) +
                "</code>: gives no level on any scale.</p>\n";
    out_ += "</section>\n";
  }

  // ---------------------------------------------------------------- units

  [[nodiscard]] std::string links(const unit_view& u) const {
    if (u.links.empty()) return "<span class=\"muted\">none</span>";
    std::string out = "<ul class=\"links\">";
    for (const auto& l : u.links) {
      out += "<li>";
      switch (l.how) {
        case unit_link::relation::equivalent_to:
          out += "<span class=\"op\">≡</span> equivalent to " + unit_list(l.others);
          break;
        case unit_link::relation::counts_as:
          out += "<span class=\"op\">→</span> counts as " + unit_list(l.others);
          if (!l.together_with.empty()) out += ", together with " + unit_list(l.together_with);
          break;
        case unit_link::relation::counted_by:
          out += "<span class=\"op\">←</span> counted by " +
                 std::string(l.others.size() > 1 ? "all of " : "") + unit_list(l.others);
          break;
      }
      out += " <span class=\"sub\">via</span> " + equivalence_ref(l.equivalence) + "</li>";
    }
    out += "</ul>";
    return out;
  }

  void units() {
    out_ += "<section id=\"units\" class=\"group\">\n<h2>Units</h2>\n";
    out_ +=
        "<p class=\"intro\">Every unit the rules know, by kind. For each: its study load, its level, when a "
        "training credits it, how long that credit lasts, what it counts as through equivalences, and the "
        "diplomas it can count toward.</p>\n";
    for (const auto& group : m_.kinds) {
      out_ += "<div class=\"group\">\n<h3>" + esc(kind_heading(group.kind)) + " <span class=\"muted\">(" +
              std::to_string(group.units.size()) + ")</span></h3>\n";
      const std::string intro = kind_intro(group.kind);
      if (!intro.empty()) out_ += "<p class=\"intro\">" + esc(intro) + "</p>\n";
      out_ +=
          "<table class=\"units\"><thead><tr><th>Unit</th><th>Hours</th><th>Level</th><th>Credited</th>"
          "<th>Valid for</th><th>Equivalences</th><th>Counts toward</th></tr></thead>\n<tbody>\n";
      for (std::size_t index : group.units) {
        const unit_view& u = m_.units[index];
        out_ += "<tr class=\"entry\" id=\"" + esc(anchor("unit", u.id)) + "\">";
        out_ += "<td><code>" + esc(u.id) + "</code>";
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
        out_ += u.effective ? esc(window_text(*u.effective)) : std::string("any date");
        if (!u.credit_when.empty()) out_ += "<div>when <code>" + esc(u.credit_when) + "</code></div>";
        out_ += "</td><td>" + (u.valid_for ? esc(duration_words(*u.valid_for)) : std::string("no limit")) +
                "</td>";
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

  void equivalences() {
    out_ += "<section id=\"equivalences\" class=\"group\">\n<h2>Equivalences</h2>\n";
    out_ +=
        "<p class=\"intro\">How units stand in for one another. <b>≡</b>: the units are equivalent, a credit "
        "for "
        "one credits all. <b>→</b>: all the units on the left together count as each unit on the right, not "
        "the "
        "other way round.</p>\n";
    if (m_.equivalences.empty()) {
      out_ += "<p class=\"muted\">The rules define no equivalences.</p>\n</section>\n";
      return;
    }
    out_ +=
        "<div class=\"group\"><table "
        "class=\"eqs\"><thead><tr><th>Equivalence</th><th>Units</th><th>Applies</th></tr></thead>"
        "\n<tbody>\n";
    for (const auto& eq : m_.equivalences) {
      out_ +=
          "<tr class=\"entry\" id=\"" + esc(anchor("eq", eq.id)) + "\"><td><code>" + esc(eq.id) + "</code>";
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
      out_ += "</td><td>" + esc(eq.effective ? window_text(*eq.effective) : std::string("always"));
      if (!eq.when.empty()) out_ += "<div>when <code>" + esc(eq.when) + "</code></div>";
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
      out += "<li><span class=\"or\">or through</span> " + equivalence_ref(way.equivalence) + ": ";
      out += way.any_one ? (way.sources.size() > 1 ? "any one of" : "")
                         : (way.sources.size() > 1 ? "all of" : "");
      if (!expanded_.insert(way.equivalence).second) {
        out += " ";
        for (std::size_t i = 0; i < way.sources.size(); ++i)
          out += (i ? ", " : "") + unit_ref(way.sources[i].unit, false);
        out += " <span class=\"or\">(as above)</span></li>";
        continue;
      }
      out += "<ul>";
      for (const auto& source : way.sources) out += "<li>" + route(source) + "</li>";
      out += "</ul></li>";
    }
    if (tree.cut) out += "<li class=\"or\">more routes: see " + unit_ref(tree.unit, false) + "</li>";
    out += "</ul>";
    return out;
  }

  static std::string selector(const requirement_view& r) {
    std::vector<std::string> parts;
    if (!r.sel_units.empty()) {
      std::string units = "units ";
      for (std::size_t i = 0; i < r.sel_units.size(); ++i) units += (i ? ", " : "") + esc(r.sel_units[i]);
      parts.push_back(units);
    }
    if (!r.sel_kind.empty()) parts.push_back("kind <b>" + esc(r.sel_kind) + "</b>");
    if (!r.sel_tags.empty()) {
      std::string tags = "tagged ";
      for (std::size_t i = 0; i < r.sel_tags.size(); ++i) tags += (i ? ", " : "") + esc(r.sel_tags[i]);
      parts.push_back(tags);
    }
    if (!r.sel_marks.empty()) {
      std::string marks = "carrying ";
      for (std::size_t i = 0; i < r.sel_marks.size(); ++i)
        marks += (i ? " or " : "") + mark_ref(r.sel_marks[i]);
      parts.push_back(marks);
    }
    if (!r.sel_where.empty()) parts.push_back("where <code>" + esc(r.sel_where) + "</code>");
    if (parts.empty()) return r.kind == form::hours ? "of any unit" : "of any achievement";
    std::string out = "of ";
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
    return out;
  }

  std::string requirement(const requirement_view& r) {
    std::string out = "<li>";
    if (!r.title.empty()) out += "<b>" + esc(r.title) + "</b>: ";
    switch (r.kind) {
      case form::unit: out += route(r.unit); break;
      case form::all_of: out += "all of"; break;
      case form::any_of: out += "any one of"; break;
      case form::n_of: out += "at least " + std::to_string(r.n) + " of"; break;
      case form::hours: out += "hours ≥ " + esc(number_text(r.min)) + " " + selector(r); break;
      case form::count: out += "count ≥ " + esc(number_text(r.min)) + " " + selector(r); break;
      case form::sum:
        out += "sum of <b>" + esc(r.attr) + "</b> ≥ " + esc(number_text(r.min)) + " " + selector(r);
        if (r.within) out += ", within the last " + esc(duration_words(*r.within));
        break;
      case form::avg:
        out += "average <b>" + esc(r.attr) + "</b> ≥ " + esc(number_text(r.min)) + " " + selector(r);
        break;
      case form::check: out += "check <code>" + esc(r.check) + "</code>"; break;
    }
    if (!r.id.empty()) out += " <code class=\"rid\">" + esc(r.id) + "</code>";
    out += guard(r.when);
    if (r.static_selector) {
      out += "<details><summary>" + std::to_string(r.matching.size()) +
             (r.matching.size() == 1 ? " unit counts" : " units count") + " and their routes</summary>";
      if (r.matching.empty()) {
        out += "<div class=\"body\">No unit matches.</div>";
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

  void routes() {
    out_ += "<section id=\"routes\" class=\"group\">\n<h2>Routes to a diploma</h2>\n";
    out_ +=
        "<p class=\"intro\">What each diploma (or register) requires, as a tree, and the routes to each "
        "part: a "
        "unit is credited by its own exam, or through the leereenheden, keuzedelen and other units that "
        "count "
        "as it. A part marked <span class=\"guard\">only when …</span> applies only to some people, for "
        "example "
        "by cohort or role.</p>\n";
    if (m_.diplomas.empty()) out_ += "<p class=\"muted\">The rules define no diplomas.</p>\n";
    for (const auto& d : m_.diplomas) {
      expanded_.clear();
      out_ += "<article class=\"entry diploma\" id=\"" + esc(anchor("diploma", d.id)) + "\">\n<h3>" +
              esc(d.title.empty() ? d.id : d.title) + " <code class=\"rid\">" + esc(d.id) + "</code>";
      for (const auto& [scale, level] : d.levels)
        out_ +=
            " <span class=\"muted\">" + esc(scale_title(m_, scale)) + "</span> " + level_badge(scale, level);
      out_ += "</h3>\n" + source_line(d.source) + notes(d.notes) + "\n";
      out_ += "<h4>Requires</h4>\n";
      if (d.tree) out_ += "<ul class=\"req\">" + requirement(*d.tree) + "</ul>\n";
      else out_ += "<p class=\"muted\">No requirements.</p>\n";
      out_ += "<h4>Units that count toward it</h4>\n";
      if (d.reached_by.empty()) {
        out_ +=
            "<p class=\"muted\">No unit: the requirements read achievements by their marks or attributes "
            "only."
            "</p>\n";
      } else {
        out_ += "<dl class=\"reach\">";
        for (const auto& g : d.reached_by) {
          out_ += "<dt>" + esc(kind_heading(g.kind)) + "</dt><dd>";
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

  static std::string citation_ref(const citation& c) {
    static constexpr std::array<std::string_view, 5> prefixes = {"scale", "mark", "unit", "eq", "diploma"};
    const std::string_view prefix = prefixes[static_cast<std::size_t>(c.where)];
    return esc(c.what) + " <a href=\"#" + esc(anchor(prefix, c.id)) + "\"><code>" + esc(c.id) + "</code></a>";
  }

  void sources() {
    out_ += "<section id=\"sources\" class=\"group\">\n<h2>Sources</h2>\n";
    out_ +=
        "<p class=\"intro\">Where the rules come from: every source the ruleset cites, with the entries that "
        "cite "
        "it. Web addresses are links; other sources are citations.</p>\n";
    if (m_.sources.empty()) out_ += "<p class=\"muted\">The rules cite no sources.</p>\n";
    out_ += "<ol class=\"sources\">\n";
    for (const auto& s : m_.sources) {
      out_ += "<li class=\"entry\">" + text_with_links(s.text) + "<div class=\"sub\">cited by ";
      for (std::size_t i = 0; i < s.cited_by.size(); ++i)
        out_ += (i ? ", " : "") + citation_ref(s.cited_by[i]);
      out_ += "</div></li>\n";
    }
    out_ += "</ol>\n</section>\n";
  }

  const model& m_;
  std::string out_;
  std::set<std::string> mark_anchors_;
  std::set<std::size_t> expanded_;  // equivalences spelled out in the current diploma
};

}  // namespace

std::string write_html(const model& m) { return writer(m).run(); }

}  // namespace civeff::detail::catalog
