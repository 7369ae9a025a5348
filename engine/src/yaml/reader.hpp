// SPDX-License-Identifier: Apache-2.0
#pragma once
// Shared helpers for reading the YAML tree: checked mappings (unknown and repeated
// keys), typed scalars (text, dates, durations, numbers, booleans, attributes) and
// expressions with exact positions. Every problem goes to the sink; a helper that
// fails returns nullopt so the caller can carry on with the next key.

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/source_text.hpp"
#include "yaml/syntax.hpp"

namespace civeff::detail {

// One key of a checked mapping and its value.
struct yaml_field {
  std::string key;
  syntax_location key_where;
  YAML::Node value;
};

struct yaml_fields {
  syntax_location where;          // the mapping itself
  std::vector<yaml_field> items;  // document order, each key once
  [[nodiscard]] const yaml_field* find(std::string_view key) const;
};

// Rules report shape problems under their own codes (E004...E012); an input
// (portfolio) reports them all as E041, keeping E002 and E010.
enum class reader_mode { rules, input };

class yaml_reader {
 public:
  yaml_reader(const source_text& source, diagnostic_sink& sink, reader_mode mode = reader_mode::rules);

  [[nodiscard]] const std::string& file() const { return source_.file(); }
  [[nodiscard]] const source_text& source() const { return source_; }
  // Where a node is: a scalar's value_start(), else its first token.
  [[nodiscard]] source_location where(const YAML::Node& node) const { return place(node); }
  // Where a node's first token is (an anchor, a tag, a quote, `{`, `[` or a key).
  [[nodiscard]] source_location mark_of(const YAML::Node& node) const { return mark_place(node); }
  // Where a scalar's value starts: after any anchor, tag and opening quote.
  [[nodiscard]] source_location value_start(const YAML::Node& node) const { return value_place(node); }
  // Where a field's value is; its key when the value is empty (yaml-cpp marks an
  // empty value at the next token).
  [[nodiscard]] source_location where(const yaml_field& f) const { return place(f); }
  // The same places for the syntax tree: the file name shared, not copied.
  [[nodiscard]] syntax_location place(const YAML::Node& node) const;
  [[nodiscard]] syntax_location mark_place(const YAML::Node& node) const;
  [[nodiscard]] syntax_location value_place(const YAML::Node& node) const;
  [[nodiscard]] syntax_location place(const yaml_field& f) const;
  // A scalar's value as a diagnostic may quote it: no more than the file has on
  // the value's first line (a plain scalar folds its lines into one), cut as
  // excerpt() cuts (core/excerpt.hpp).
  [[nodiscard]] std::string shown(const YAML::Node& scalar) const;
  // describe() below, with a scalar shown().
  [[nodiscard]] std::string describe(const YAML::Node& node) const;

  void error(const char* code, source_location where, std::string message);
  void error(const char* code, source_location where, std::string message, source_location note_where,
             std::string note);

  // The keys of a mapping, each once: a key repeated is E005 (the first is kept), a
  // key not in `allowed` E004 (dropped). Not a mapping: E007 at `fallback` when the
  // node is empty, and nullopt. `what` names the mapping in messages ("a unit").
  // A rules file's top-level mapping (`fallback` is the whole file) with several
  // keys and none of them allowed is not a rules file: one E004 names its first
  // key and counts the rest, so that a file included by mistake is not printed
  // key by key.
  std::optional<yaml_fields> mapping(const YAML::Node& node, std::initializer_list<std::string_view> allowed,
                                     std::string_view what, const syntax_location& fallback);
  // A mapping whose keys are names (scales, levels, attributes): repeats only are checked.
  std::optional<yaml_fields> keyed(const YAML::Node& node, std::string_view what,
                                   const syntax_location& fallback);
  // E006 when `key` is absent; false then.
  bool require(const yaml_fields& fields, std::string_view key, std::string_view what);

  // The items of a list (E007 when the value is not a list).
  std::optional<std::vector<YAML::Node>> list(const yaml_field& f);

  // A scalar as text: plain and quoted alike (`25498`, `no` and `on` are words).
  std::optional<located_text> text(const yaml_field& f);
  std::optional<located_text> text(const YAML::Node& node, const syntax_location& fallback,
                                   std::string_view what);
  // As text() and not empty: ids, level names, keys of references.
  std::optional<located_text> name(const yaml_field& f);
  std::optional<located_text> name(const YAML::Node& node, const syntax_location& fallback,
                                   std::string_view what);
  // A list of names (E007 for a scalar or mapping, each bad item reported and skipped).
  std::vector<located_text> name_list(const yaml_field& f);

  std::optional<located_date> date_value(const yaml_field& f);
  std::optional<located_duration> duration_value(const yaml_field& f);
  std::optional<located_number> number(const yaml_field& f);
  std::optional<bool> boolean(const yaml_field& f);
  // An expression kept as written, with a position for every byte (SPEC §4).
  std::optional<expression_text> expression(const yaml_field& f);
  // Free attributes (SPEC §3, §9): plain true/false are booleans, plain numbers
  // doubles, plain YYYY-MM-DD dates; everything else (quoted included) is text.
  // A null value means the attribute is absent.
  attribute_map attributes(const yaml_field& f);
  // title, name, source, notes, issuer, attests (SPEC §2).
  void meta(const yaml_fields& fields, entry_meta& out);

  // First cause first (diagnostic_sink::lose_name): every key and scalar in a node
  // the reader drops or cannot read, such as an entry without an id, a section that
  // is not a list or a key it does not know, is a name whose definition failed.
  void lose_names(const YAML::Node& node);
  void lose_name(std::string_view name) { sink_.lose_name(name); }

 private:
  const char* code(const char* rules_code) const;
  std::optional<yaml_fields> collect(const YAML::Node& node,
                                     const std::initializer_list<std::string_view>* allowed,
                                     std::string_view what, const syntax_location& fallback);
  bool expect_scalar(const YAML::Node& node, const syntax_location& where, std::string_view what);
  static bool none_allowed(const YAML::Node& node, std::initializer_list<std::string_view> allowed);
  void report_foreign_file(const YAML::Node& node, std::initializer_list<std::string_view> allowed,
                           std::string_view what);

  const source_text& source_;
  diagnostic_sink& sink_;
  reader_mode mode_;
};

// "a mapping", "a list", "nothing", "'text'": for messages. A scalar is cut as
// excerpt() cuts; yaml_reader::describe() also stops where its line in the file does.
std::string describe(const YAML::Node& node);
// A plain scalar (not quoted, not a block, no tag).
bool is_plain(const YAML::Node& node);
// A YAML-style decimal number: optional sign, digits with an optional fraction
// and exponent; finite. nullopt for anything else (hex, .inf, 1_000).
std::optional<double> parse_number(std::string_view text);

}  // namespace civeff::detail
