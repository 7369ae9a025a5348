// SPDX-License-Identifier: Apache-2.0
#pragma once
// The pieces of HTML and Markdown that every page civeff writes for people shares
// (the catalogue, the person's report): escaped text with its web addresses as
// links, element ids made from rule ids, level badges, and conditions in words
// with their expression behind them. Plain text goes in; markup comes out.

#include <civeff/civeff.hpp>

#include <string>
#include <string_view>

#include "catalog/catalog_model.hpp"
#include "catalog/phrase.hpp"
#include "catalog/texts.hpp"

namespace civeff::detail::catalog {

// ------------------------------------------------------------------ HTML

// An element id: safe characters kept, every other byte as _XX, so ids stay unique.
std::string html_anchor(std::string_view prefix, std::string_view id);
// Escaped text whose http(s) addresses are links opening in a new tab; with
// `short_urls` a link shows its host and has the full address as its tooltip.
std::string html_with_links(std::string_view text, bool short_urls = false);
// A level as a coloured badge, its colour by its place on the scale (five shades
// from low to high). `attributes` (starting with a space) go into the element.
std::string html_level_badge(const model& m, std::string_view scale, std::string_view level,
                             std::string_view attributes = {});
// A condition in words with its expression behind a disclosure, or, when the
// phraser cannot say it, the expression itself.
std::string html_condition(const phraser& p, const words& w, std::string_view expression);
// The same after `lead` ("when", "where"), which is left out where the words open
// with their own preposition: "sector bij minstens 4 accreditatiepunten".
std::string html_condition(const phraser& p, const words& w, const phrase& lead, std::string_view expression);

// ------------------------------------------------------------------ Markdown

// Plain text: one line, Markdown and HTML specials escaped, `|` safe in table cells.
std::string md_text(std::string_view text);
// A code span long enough to hold any backticks inside; `|` escaped for tables (GFM).
std::string md_code(std::string_view text);
// Text with its http(s) URLs as links. With `short_labels` (table cells) a link shows
// its host, so a long address does not crowd out the row.
std::string md_with_links(std::string_view text, bool short_labels = false);
// A condition in words followed by its expression, or the expression alone when the
// phraser cannot say it.
std::string md_condition(const phraser& p, std::string_view expression);
// A phrase as Markdown text, keeping the spaces it starts or ends with (md_text() trims).
std::string md_say(const words& w, const phrase& p);
// A condition after `lead`, as html_condition.
std::string md_condition(const phraser& p, const words& w, const phrase& lead, std::string_view expression);

}  // namespace civeff::detail::catalog
