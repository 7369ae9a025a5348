// SPDX-License-Identifier: Apache-2.0
// The content hashes of the report's header (report_model.hpp): SHA-256 over a
// canonical text in which every value is length-prefixed (`5:hello;`), so no value
// can be mistaken for the punctuation around it.

#include <charconv>
#include <string>
#include <string_view>

#include "ir/program.hpp"
#include "person_report/report_model.hpp"

namespace civeff::detail::person_report {
namespace {

class canon {
 public:
  canon& text(std::string_view s) {
    out_ += std::to_string(s.size());
    out_ += ':';
    out_ += s;
    out_ += ';';
    return *this;
  }
  // Absent: a mark no text can give (a text starts with its length).
  canon& absent() {
    out_ += "~;";
    return *this;
  }
  canon& optional(const std::optional<std::string>& s) { return s ? text(*s) : absent(); }
  canon& number(double v) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return text(ec == std::errc{} ? std::string_view(buffer, static_cast<std::size_t>(end - buffer)) : "?");
  }
  canon& value(const attribute_value& v) {
    if (const auto* b = std::get_if<bool>(&v)) return text("bool").text(*b ? "true" : "false");
    if (const auto* n = std::get_if<double>(&v)) return text("number").number(*n);
    if (const auto* d = std::get_if<date>(&v)) return text("date").text(d->to_string());
    return text("text").text(std::get<std::string>(v));
  }
  canon& attributes(const attribute_map& attrs) {
    text(std::to_string(attrs.size()));
    for (const auto& [name, v] : attrs) text(name).value(v);
    return *this;
  }
  canon& entry(std::string_view section, const rule_entry& e) {
    return text(section).text(e.id).optional(e.title).optional(e.name).optional(e.source);
  }
  [[nodiscard]] const std::string& str() const { return out_; }

 private:
  std::string out_;
};

}  // namespace

std::string rules_sha256(const ruleset& rules) {
  const program& prog = rules.program();
  canon c;
  c.text("civeff rules 1").text(rules.name()).text(rules.version());
  c.text(rules.language() == text_language::nl ? "nl" : "en");
  for (const std::string& o : rules.overlays()) c.text("overlay").text(o);
  // What decides every outcome: each rule's fingerprint (sema/fingerprint.hpp) ...
  for (const auto& [name, fingerprint] : prog.fingerprints) c.text(name).text(fingerprint);
  // ... and the equivalences' order, which a fingerprint leaves out (it picks `via`).
  for (const equivalence_entry& e : rules.equivalences()) c.text("order").text(e.id);
  // What the page shows of the rules besides: titles, names and sources.
  for (const scale_entry& e : rules.scales()) c.entry("scale", e);
  for (const mark_entry& e : rules.marks()) c.entry("mark", e);
  for (const unit_entry& e : rules.units()) c.entry("unit", e);
  for (const equivalence_entry& e : rules.equivalences()) c.entry("equivalence", e);
  for (const diploma_entry& e : rules.diplomas()) {
    c.entry("diploma", e);
    for (const requirement_entry& r : e.requirements) c.optional(r.title);
  }
  return sha256_hex(c.str());
}

std::string portfolio_sha256(const portfolio& p) {
  canon c;
  c.text("civeff portfolio 1").text(p.person).attributes(p.attrs);
  c.text(std::to_string(p.achievements.size()));
  for (const achievement& a : p.achievements) {
    c.optional(a.unit).text(a.title).text(a.when.to_string());
    if (a.hours) c.number(*a.hours);
    else c.absent();
    c.text(std::to_string(a.marks.size()));
    for (const std::string& m : a.marks) c.text(m);
    c.attributes(a.attrs).text(a.exempt ? "exempt" : "counted");
  }
  return sha256_hex(c.str());
}

}  // namespace civeff::detail::person_report
