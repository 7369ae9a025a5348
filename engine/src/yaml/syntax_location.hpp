// SPDX-License-Identifier: Apache-2.0
#pragma once
// A place in a rules file as the syntax tree keeps it: a source_location whose
// file name is shared by every place in that file instead of copied into each (a
// ruleset of 100,000 units has millions of places, and each copy of a long file
// name was a heap block). It converts to a source_location where a diagnostic or
// the program needs one; the two compare and order alike.

#include <civeff/civeff.hpp>

#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace civeff::detail {

// A file name shared by the places in its file; reads as a const std::string&.
class shared_name {
 public:
  shared_name() = default;
  explicit shared_name(std::shared_ptr<const std::string> name) : name_(std::move(name)) {}

  [[nodiscard]] const std::string& str() const { return name_ ? *name_ : none(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] bool empty() const { return str().empty(); }

  friend bool operator==(const shared_name& a, const shared_name& b) { return a.str() == b.str(); }
  friend bool operator==(const shared_name& a, std::string_view b) { return a.str() == b; }
  friend std::strong_ordering operator<=>(const shared_name& a, const shared_name& b) {
    return a.str().compare(b.str()) <=> 0;
  }

 private:
  static const std::string& none() {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const std::string> name_;  // null: no file
};

struct syntax_location {
  shared_name file;
  std::int64_t line = 0;
  int column = 0;

  syntax_location() = default;
  syntax_location(shared_name name, std::int64_t at_line, int at_column)
      : file(std::move(name)), line(at_line), column(at_column) {}
  // A place made elsewhere (a whole file, a diagnostic's place): its name is
  // copied once.
  syntax_location(const source_location& where)  // NOLINT(google-explicit-constructor): places mix freely
      : file(where.file.empty() ? shared_name()
                                : shared_name(std::make_shared<const std::string>(where.file))),
        line(where.line),
        column(where.column) {}

  operator source_location() const {
    return {file.str(), line, column};
  }  // NOLINT(google-explicit-constructor)

  friend bool operator==(const syntax_location&, const syntax_location&) = default;
  friend auto operator<=>(const syntax_location&, const syntax_location&) = default;
};

}  // namespace civeff::detail
