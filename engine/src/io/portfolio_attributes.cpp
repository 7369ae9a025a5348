// SPDX-License-Identifier: Apache-2.0
#include "io/portfolio_attributes.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "core/diagnostic_codes.hpp"
#include "core/input_values.hpp"
#include "core/suggest.hpp"
#include "yaml/reader.hpp"

namespace civeff::detail {
namespace {

// A plain scalar as YAML types it (SPEC §10): true/false, a number, an ISO date;
// anything else, and every quoted scalar, is text.
attribute_value typed_scalar(const raw_attribute& a) {
  if (a.plain) {
    if (a.text == "true" || a.text == "false") return a.text == "true";
    if (const auto x = parse_number(a.text)) return *x;
    if (const auto d = date::parse(a.text)) return *d;
  }
  return a.text;
}

class converter {
 public:
  converter(const std::vector<attribute_declaration>& declared,
            const std::vector<attribute_declaration>& other, bool person, warning_list& warnings)
      : declared_(declared), other_(other), person_(person), warnings_(warnings) {}

  // SPEC §11: a date attribute with a value that looks month-first fails all its day-first values.
  void scan_month_first(const std::vector<raw_attribute>& raw) {
    for (const auto& a : raw) {
      const attribute_declaration* d = find_declaration(declared_, a.name);
      if (d && d->type == attribute_type::date && parse_typed_date(trim_blanks(a.text)).looks_month_first)
        month_first_.emplace(a.name, fmt::format("'{}' on line {}", trim_blanks(a.text), a.where.line));
    }
  }

  attribute_map convert(const std::vector<raw_attribute>& raw) {
    attribute_map out;
    for (const auto& a : raw) {
      const attribute_declaration* d = find_declaration(declared_, a.name);
      if (d == nullptr) {
        undeclared(a);
        continue;
      }
      const attribute_value typed = typed_scalar(a);
      conversion r = std::holds_alternative<std::string>(typed) ? convert_text(*d, a.text, false)
                                                                : convert_typed(*d, typed, a.text);
      if (const auto evidence = month_first_.find(a.name);
          evidence != month_first_.end() && (r.looks_month_first || (r.value && r.day_first))) {
        r.value.reset();
        r.problem = month_first_problem(trim_blanks(a.text), evidence->second);
      }
      if (!r.value) {
        warnings_.add(
            codes::warn_conversion, a.where,
            fmt::format("{}{}: {}; the value is left out", person_ ? "person." : "", a.name, r.problem));
        continue;
      }
      out.insert_or_assign(a.name, std::move(*r.value));
    }
    return out;
  }

 private:
  // " (did you mean 'exam'?)", or naming the other section when it declares the name.
  std::string hint(std::string_view name, const std::vector<std::string_view>& names) const {
    if (const std::optional<std::string> best = closest(name, names))
      return " (did you mean '" + *best + "'?)";
    if (find_declaration(other_, name) != nullptr)
      return fmt::format(" (did you mean {} '{}'?)",
                         person_ ? "the achievement attribute" : "the person attribute", name);
    return {};
  }

  void undeclared(const raw_attribute& a) {
    if (!warned_.insert(a.name).second) return;
    std::vector<std::string_view> names;
    for (const auto& d : declared_) names.push_back(d.name);
    warnings_.add(codes::warn_undeclared, a.where,
                  fmt::format("{}attribute '{}' is not declared{}; it is ignored", person_ ? "person " : "",
                              a.name, hint(a.name, names)));
  }

  const std::vector<attribute_declaration>& declared_;
  const std::vector<attribute_declaration>& other_;  // the other section's declarations
  bool person_;
  warning_list& warnings_;
  std::map<std::string, std::string, std::less<>> month_first_;  // name -> the value that shows it
  std::set<std::string, std::less<>> warned_;
};

}  // namespace

void convert_portfolio_attributes(const program& prog, const portfolio_syntax& syntax, portfolio& out,
                                  warning_list& warnings) {
  if (prog.person_attributes_declared) {
    converter person(prog.person_attributes, prog.attributes, true, warnings);
    person.scan_month_first(syntax.raw_attrs);
    out.attrs = person.convert(syntax.raw_attrs);
  } else {
    out.attrs = syntax.attrs;
  }
  if (!prog.attributes_declared) {
    for (std::size_t i = 0; i < syntax.achievements.size() && i < out.achievements.size(); ++i)
      out.achievements[i].attrs = syntax.achievements[i].attrs;
    return;
  }
  converter achievements(prog.attributes, prog.person_attributes, false, warnings);
  for (const auto& a : syntax.achievements) achievements.scan_month_first(a.raw_attrs);
  for (std::size_t i = 0; i < syntax.achievements.size() && i < out.achievements.size(); ++i)
    out.achievements[i].attrs = achievements.convert(syntax.achievements[i].raw_attrs);
}

}  // namespace civeff::detail
