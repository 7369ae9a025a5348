// SPDX-License-Identifier: Apache-2.0
// Markup shared by the catalogue and the person's report (markup.hpp). Every text
// is escaped; only http(s) addresses become links.

#include "catalog/markup.hpp"

#include <algorithm>

#include "core/html_escape.hpp"

namespace civeff::detail::catalog {
namespace {

// "https://www.example.org/a?b" -> "example.org".
std::string_view host_of(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.substr(0, 4) == "www.") rest.remove_prefix(4);
  return rest;
}

}  // namespace

// ------------------------------------------------------------------ HTML

std::string html_anchor(std::string_view prefix, std::string_view id) {
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

std::string html_with_links(std::string_view text, bool short_urls) {
  std::string out;
  for (const auto& piece : split_links(text)) {
    if (!piece.url) {
      out += html_escape(piece.text);
      continue;
    }
    out += "<a href=\"" + html_escape(piece.text) + "\" rel=\"noopener\" target=\"_blank\"";
    if (short_urls) out += " title=\"" + html_escape(piece.text) + "\"";
    out += ">" + html_escape(short_urls ? host_of(piece.text) : std::string_view(piece.text)) + "</a>";
  }
  return out;
}

std::string html_level_badge(const model& m, std::string_view scale, std::string_view level,
                             std::string_view attributes) {
  int bucket = 4;
  if (const scale_view* s = m.find_scale(scale)) {
    const auto n = static_cast<int>(s->levels.size());
    for (int i = 0; i < n; ++i)
      if (s->levels[static_cast<std::size_t>(i)] == level)
        bucket = n <= 1 ? 4 : (i * 4 + (n - 1) / 2) / (n - 1);
  }
  return "<span class=\"lv lv" + std::to_string(bucket) + "\"" + std::string(attributes) + ">" +
         html_escape(level) + "</span>";
}

std::string html_condition(const phraser& p, const words& w, std::string_view expression) {
  if (auto said = p.phrase(expression))
    return html_escape(*said) + "<details class=\"expr\"><summary>" + html_escape(w(text::expression)) +
           "</summary><code>" + html_escape(expression) + "</code></details>";
  return "<code>" + html_escape(expression) + "</code>";
}

std::string html_condition(const phraser& p, const words& w, const phrase& lead,
                           std::string_view expression) {
  const auto said = p.phrase(expression);
  const bool alone = said && p.reads_alone(*said);
  return (alone ? "" : html_escape(w(lead)) + " ") + html_condition(p, w, expression);
}

// ------------------------------------------------------------------ Markdown

std::string md_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '#':
      case '~':
      case '!':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

std::string md_code(std::string_view text) {
  std::string body;
  std::size_t run = 0, longest = 0;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !body.empty();
      continue;
    }
    if (space) body += ' ';
    space = false;
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (c == '|') body += "\\|";
    else body += c;
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string md_with_links(std::string_view text, bool short_labels) {
  std::string out;
  for (const auto& piece : split_links(text)) {
    if (!piece.url) {
      out += md_text(piece.text);
      continue;
    }
    std::string target;
    for (char c : piece.text) target += c == '|' ? std::string("%7C") : std::string(1, c);
    const std::string_view label = short_labels ? host_of(piece.text) : std::string_view(piece.text);
    out += "[" + md_text(label) + "](<" + target + ">)";
  }
  return out;
}

std::string md_condition(const phraser& p, std::string_view expression) {
  if (auto said = p.phrase(expression)) return md_text(*said) + " (" + md_code(expression) + ")";
  return md_code(expression);
}

std::string md_say(const words& w, const phrase& p) {
  const std::string_view text = w(p);
  return (text.starts_with(' ') ? " " : "") + md_text(text) + (text.ends_with(' ') ? " " : "");
}

std::string md_condition(const phraser& p, const words& w, const phrase& lead, std::string_view expression) {
  const auto said = p.phrase(expression);
  const bool alone = said && p.reads_alone(*said);
  return (alone ? "" : md_say(w, lead) + " ") + md_condition(p, expression);
}

}  // namespace civeff::detail::catalog
