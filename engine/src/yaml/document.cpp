// SPDX-License-Identifier: Apache-2.0
#include "yaml/document.hpp"

#include <fmt/format.h>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"
#include "core/utf8.hpp"
#include "yaml/document_scan.hpp"
#include "yaml/single_pass.hpp"

namespace civeff::detail {
namespace {

// The tree of a text loaded without the scan (single_pass.hpp); nullopt when
// anything is amiss: the careful way then reports it as it always has.
std::optional<yaml_document> load_unscanned(const std::shared_ptr<const source_text>& source) {
  if (!may_skip_scan(source->text())) return std::nullopt;
  try {
    YAML::Node root = YAML::Load(source->text());
    if (within_limits(root)) return yaml_document{source, std::move(root), {}};
  } catch (const std::exception&) {  // YAML::Exception among them
  }
  return std::nullopt;
}

std::optional<yaml_document> parse(const std::shared_ptr<const source_text>& source, diagnostic_sink& sink) {
  if (auto doc = load_unscanned(source)) return doc;
  // The scan comes first: yaml-cpp builds a tree only for a document within the limits.
  auto scan = scan_document(*source, sink);
  if (!scan) return std::nullopt;
  try {
    return yaml_document{source, YAML::Load(source->text()), std::move(scan->aliased)};
  } catch (const YAML::Exception& e) {
    sink.error(codes::yaml_syntax, source->at_mark(e.mark.line, e.mark.column),
               "YAML syntax error: " + excerpt(e.msg));
  } catch (const std::exception& e) {
    sink.error(codes::yaml_syntax, source->whole_file(), "YAML syntax error: " + excerpt(e.what()));
  }
  return std::nullopt;
}

}  // namespace

std::optional<yaml_document> parse_yaml(std::string file, std::string text, diagnostic_sink& sink) {
  return parse(std::make_shared<const source_text>(std::move(file), std::move(text)), sink);
}

std::optional<yaml_document> parse_rules_yaml(std::string file, std::string text, diagnostic_sink& sink) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    sink.error(codes::yaml_syntax, {file, 1, 1}, "the file is UTF-16; save it as UTF-8");
    return std::nullopt;
  }
  const std::size_t invalid = first_invalid_utf8(text);
  if (invalid == std::string::npos) return parse_yaml(std::move(file), std::move(text), sink);
  const auto byte = static_cast<unsigned char>(text[invalid]);
  const std::size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // source_text drops it
  // The repaired text keeps every line and column, and the bytes before `invalid`.
  auto source = std::make_shared<const source_text>(std::move(file), repair_utf8(text));
  sink.error(codes::yaml_syntax, source->at_offset(invalid - bom),
             fmt::format("the file is not UTF-8 (byte 0x{:02X} here): it looks like Windows-1252 or Latin-1; "
                         "save it as UTF-8",
                         byte));
  return parse(source, sink);
}

}  // namespace civeff::detail
