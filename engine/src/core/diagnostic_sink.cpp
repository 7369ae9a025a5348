// SPDX-License-Identifier: Apache-2.0
#include "core/diagnostic_sink.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "core/excerpt.hpp"

namespace civeff::detail {

void diagnostic_sink::error(std::string code, source_location where, std::string message) {
  add(diagnostic{severity::error, std::move(code), std::move(where), std::move(message), {}});
}

void diagnostic_sink::error(std::string code, source_location where, std::string message,
                            source_location note_where, std::string note_message) {
  diagnostic d{severity::error, std::move(code), std::move(where), std::move(message), {}};
  d.notes.push_back(diagnostic{severity::note, {}, std::move(note_where), std::move(note_message), {}});
  add(std::move(d));
}

void diagnostic_sink::warning(std::string code, source_location where, std::string message) {
  add(diagnostic{severity::warning, std::move(code), std::move(where), std::move(message), {}});
}

void diagnostic_sink::add(diagnostic d) {
  if (d.level == severity::error) ++errors_;
  // A diagnostic never quotes more than one line of a file, cut at 200 characters.
  d.message = capped_message(d.message);
  for (auto& note : d.notes) note.message = capped_message(note.message);
  items_.push_back(std::move(d));
}

void diagnostic_sink::append(diagnostic_sink&& other) {
  errors_ += other.errors_;
  items_.insert(items_.end(), std::make_move_iterator(other.items_.begin()),
                std::make_move_iterator(other.items_.end()));
  other.items_.clear();
  other.errors_ = 0;
}

void diagnostic_sink::lose_words(std::string_view text) {
  // A word: what a YAML plain scalar naming an id, key or level can be, roughly.
  const auto in_word = [](unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           c == '_' || c == '-' || c == '.' || c == '/';
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      i = std::min(text.find('\n', i), text.size());  // a comment defines nothing
      continue;
    }
    if (!in_word(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && in_word(static_cast<unsigned char>(text[i]))) ++i;
    lose_name(text.substr(start, i - start));
  }
}

void diagnostic_sink::lose_name(std::string_view name) {
  if (lost_.find(name) == lost_.end()) lost_.emplace(name);
}

bool diagnostic_sink::lost(std::string_view name) const {
  return lost_everything_ || lost_.find(name) != lost_.end();
}

void diagnostic_sink::unknown_name(std::string code, source_location where, std::string message,
                                   std::string_view name) {
  diagnostic d{severity::error, std::move(code), std::move(where), std::move(message), {}};
  d.follow_on = lost(name);
  add(std::move(d));
}

std::vector<diagnostic> diagnostic_sink::sorted() const {
  std::vector<diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const diagnostic& a, const diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column, a.level, a.code, a.message) <
           std::tie(b.where.file, b.where.line, b.where.column, b.level, b.code, b.message);
  });
  return out;
}

}  // namespace civeff::detail
