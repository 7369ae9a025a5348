// SPDX-License-Identifier: Apache-2.0
#pragma once
// Collects diagnostics from every pass so `check` reports all of them, not the first.
// Locations are stored 1-based (yaml-cpp's 0-based Mark() is converted where it is read).

#include <civeff/civeff.hpp>

#include <string>
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

  [[nodiscard]] bool has_errors() const { return errors_ > 0; }
  [[nodiscard]] const std::vector<diagnostic>& all() const { return items_; }
  // Sorted by (file, line, column, severity, code, message): deterministic output.
  [[nodiscard]] std::vector<diagnostic> sorted() const;

 private:
  std::vector<diagnostic> items_;
  int errors_ = 0;
};

}  // namespace civeff::detail
