// SPDX-License-Identifier: Apache-2.0
#pragma once
// Collects diagnostics from every pass so `check` reports all of them, not the first.
// Locations are stored 1-based (yaml-cpp's 0-based Mark() is converted where it is read).

#include <civeff/civeff.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace civeff::detail {

class diagnostic_sink {
 public:
  void error(std::string code, source_location where, std::string message);
  // An error with a secondary location, e.g. a duplicate id's first definition.
  void error(std::string code, source_location where, std::string message, source_location note_where,
             std::string note_message);
  void warning(std::string code, source_location where, std::string message);
  void add(diagnostic d);
  // Appends the diagnostics of `other`, in its order (a file parsed on another
  // thread into a sink of its own). Its lost names are not taken: parsing loses none.
  void append(diagnostic_sink&& other);

  // First cause first: the names whose definition failed. A rules file that did
  // not parse loses every word in it but those in comments, an entry that could not be read every name
  // in it, an unreadable file everything. An error about an unknown name that is
  // lost is follow_on: it follows from the error that lost the name.
  void lose_everything() { lost_everything_ = true; }
  void lose_words(std::string_view text);
  void lose_name(std::string_view name);
  [[nodiscard]] bool lost(std::string_view name) const;
  // error(), follow_on when `name` is lost.
  void unknown_name(std::string code, source_location where, std::string message, std::string_view name);

  [[nodiscard]] bool has_errors() const { return errors_ > 0; }
  [[nodiscard]] const std::vector<diagnostic>& all() const { return items_; }
  // Sorted by (file, line, column, severity, code, message): deterministic output.
  [[nodiscard]] std::vector<diagnostic> sorted() const;

 private:
  std::vector<diagnostic> items_;
  int errors_ = 0;
  std::set<std::string, std::less<>> lost_;
  bool lost_everything_ = false;
};

}  // namespace civeff::detail
