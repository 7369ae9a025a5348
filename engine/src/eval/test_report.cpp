// SPDX-License-Identifier: Apache-2.0
// The outcomes of a ruleset's `tests:` as JSON (`civeff test --format json`) and
// as JUnit XML (`civeff test --junit F`), for CI servers that read either.

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <cstdint>

#include "io/json_writer.hpp"

namespace civeff {
namespace {

// `s` as XML character data or an attribute value: the five specials escaped,
// and the characters XML 1.0 does not allow at all (C0 controls but tab, LF, CR)
// written as U+FFFD, since they cannot be escaped either.
std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t':
      case '\n': out += ch; break;
      case '\r': out += "&#13;"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) out += "\xEF\xBF\xBD";
        else out += ch;
    }
  }
  return out;
}

std::size_t failed_count(const std::vector<test_outcome>& outcomes) {
  std::size_t failed = 0;
  for (const test_outcome& t : outcomes) failed += t.passed ? 0 : 1;
  return failed;
}

}  // namespace

std::string tests_to_json(const std::vector<test_outcome>& outcomes) {
  detail::json_writer w;
  w.begin_object();
  w.key("tests");
  w.begin_array();
  for (const test_outcome& t : outcomes) {
    w.begin_object();
    w.key("name");
    w.string(t.name);
    w.key("file");
    w.string(t.where.file);
    w.key("line");
    w.number(static_cast<double>(t.where.line));
    w.key("passed");
    w.boolean(t.passed);
    w.key("failures");
    w.begin_array();
    for (const std::string& f : t.failures) w.string(f);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  const std::size_t failed = failed_count(outcomes);
  w.key("passed");
  w.number(static_cast<double>(outcomes.size() - failed));
  w.key("failed");
  w.number(static_cast<double>(failed));
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

std::string tests_to_junit(const std::vector<test_outcome>& outcomes, std::string_view suite) {
  const std::size_t failed = failed_count(outcomes);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"civeff\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                     outcomes.size(), failed);
  out += fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
      xml_text(suite), outcomes.size(), failed);
  for (const test_outcome& t : outcomes) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\" time=\"0\"",
                       xml_text(t.where.file), xml_text(t.name), xml_text(t.where.file), t.where.line);
    if (t.passed) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    std::string body;
    for (const std::string& f : t.failures) {
      body += fmt::format("{}:{}:{}: error[E060]: {}", t.where.file, t.where.line, t.where.column, f);
      body += '\n';
    }
    const std::string_view first = t.failures.empty() ? std::string_view("failed") : t.failures.front();
    out += fmt::format("      <failure message=\"{}\" type=\"E060\">{}</failure>\n", xml_text(first),
                       xml_text(body));
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace civeff
