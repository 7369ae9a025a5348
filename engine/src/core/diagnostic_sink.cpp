// SPDX-License-Identifier: Apache-2.0
#include "core/diagnostic_sink.hpp"

#include <algorithm>
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

std::vector<diagnostic> diagnostic_sink::sorted() const {
  std::vector<diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const diagnostic& a, const diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column, a.level, a.code, a.message) <
           std::tie(b.where.file, b.where.line, b.where.column, b.level, b.code, b.message);
  });
  return out;
}

}  // namespace civeff::detail
