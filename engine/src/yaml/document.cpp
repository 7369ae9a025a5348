// SPDX-License-Identifier: Apache-2.0
#include "yaml/document.hpp"

#include <yaml-cpp/eventhandler.h>

#include <fstream>
#include <sstream>

#include "core/diagnostic_codes.hpp"

namespace civeff::detail {
namespace {

// Notes where each document starts; the rest of the events are not needed.
class document_starts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
  }
  void OnMapEnd() override {}
};

// E002 for anything after the first document. At most two documents are read:
// yaml-cpp 0.7's LoadAll never ends on a stray `,` after top-level node
// properties (`!a ,`), which this bound turns into an error.
void check_single_document(const source_text& source, diagnostic_sink& sink) {
  std::istringstream in(source.text());
  YAML::Parser parser(in);
  document_starts starts;
  for (int i = 0; i < 2 && parser.HandleNextDocument(starts); ++i) {
  }
  if (starts.marks.size() > 1)
    sink.error(codes::yaml_syntax, source.at_mark(starts.marks[1].line, starts.marks[1].column),
               "a file holds one YAML document; a second one starts here");
}

}  // namespace

std::optional<yaml_document> parse_yaml(std::string file, std::string text, diagnostic_sink& sink) {
  auto source = std::make_shared<const source_text>(std::move(file), std::move(text));
  try {
    yaml_document out{source, YAML::Load(source->text())};
    check_single_document(*source, sink);
    return out;
  } catch (const YAML::Exception& e) {
    sink.error(codes::yaml_syntax, source->at_mark(e.mark.line, e.mark.column),
               "YAML syntax error: " + e.msg);
  } catch (const std::exception& e) {
    sink.error(codes::yaml_syntax, source->whole_file(), std::string("YAML syntax error: ") + e.what());
  }
  return std::nullopt;
}

std::optional<yaml_document> read_yaml_file(const std::filesystem::path& path,
                                            const std::string& display_name, diagnostic_sink& sink,
                                            const char* io_code) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    sink.error(io_code, {display_name, 0, 0}, "cannot read '" + display_name + "': it is a directory");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const bool exists = std::filesystem::exists(path, ec);
    sink.error(io_code, {display_name, 0, 0},
               "cannot read '" + display_name +
                   "': " + (exists ? "permission denied or unreadable" : "no such file"));
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    sink.error(io_code, {display_name, 0, 0}, "cannot read '" + display_name + "'");
    return std::nullopt;
  }
  return parse_yaml(display_name, std::move(buffer).str(), sink);
}

}  // namespace civeff::detail
