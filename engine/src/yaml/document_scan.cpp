// SPDX-License-Identifier: Apache-2.0
#include "yaml/document_scan.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>

#include "core/diagnostic_codes.hpp"
#include "core/excerpt.hpp"

namespace civeff::detail {
namespace {

// Thrown out of the parser to stop it: a limit is passed, or a second document starts.
struct stop {
  YAML::Mark mark;
  std::string message;  // empty: a second document (not fatal)
};

class scanner : public YAML::EventHandler {
 public:
  explicit scanner(const source_text& source) : source_(source) {}

  // Places become source_locations only here, and only for the nodes that
  // aliases name: a file may have a million anchors.
  std::vector<aliased_node> aliased() const {
    std::vector<aliased_node> out;
    for (const auto& a : anchors_) {
      if (a.uses == 0) continue;
      aliased_node& node = out.emplace_back();
      node.begin = at(a.begin);
      node.end = a.end_pending ? source_.at_offset(source_.text().size()) : at(a.end);
      for (const auto& mark : a.alias_marks) node.aliases.push_back({at(mark), alias_text(mark)});
      node.uses = a.uses;
    }
    return out;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0) throw stop{mark, {}};
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    event_at(mark);
    anchor_info& a = info(anchor);
    if (a.open)
      throw stop{mark, "the alias `" + alias_text(mark) + "` is inside the node it names (a cycle)"};
    count(mark, a.size);
    if (depth() + a.height > nesting_limit)
      throw too_deep(mark, " through the alias `" + alias_text(mark) + "`");
    if (a.alias_marks.size() < alias_notes) a.alias_marks.push_back(mark);
    ++a.uses;
    child_height(a.height);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct anchor_info {
    std::uint64_t size = 0;  // nodes, aliases expanded
    int height = 0;          // levels of lists and mappings, 0 for a scalar
    bool open = false;
    bool end_pending = false;
    YAML::Mark begin, end;
    std::vector<YAML::Mark> alias_marks;  // the first alias_notes
    std::size_t uses = 0;
  };
  struct collection {
    std::uint64_t count_before;
    YAML::anchor_t anchor;
    int child_height = 0;
  };

  anchor_info& info(YAML::anchor_t anchor) {
    if (anchor >= anchors_.size()) anchors_.resize(anchor + 1);
    return anchors_[anchor];
  }

  [[nodiscard]] int depth() const { return static_cast<int>(stack_.size()); }

  [[nodiscard]] source_location at(const YAML::Mark& mark) const {
    return source_.at_mark(mark.line, mark.column);
  }

  // Every event has a place except the ends; the first place after an anchored
  // node is where that node ends.
  void event_at(const YAML::Mark& mark) {
    for (const auto anchor : pending_end_) {
      anchors_[anchor].end = mark;
      anchors_[anchor].end_pending = false;
    }
    pending_end_.clear();
  }

  void count(const YAML::Mark& mark, std::uint64_t nodes) {
    nodes_ += nodes;
    static_assert(node_budget == 1'000'000, "the message below names the budget");
    if (nodes_ > node_budget) throw stop{mark, "the document expands to more than 1,000,000 nodes (aliases)"};
  }

  static stop too_deep(const YAML::Mark& mark, std::string_view how = "") {
    return stop{mark, fmt::format("the document is nested more than {} levels (lists and mappings){}",
                                  nesting_limit, how)};
  }

  void child_height(int height) {
    if (!stack_.empty()) stack_.back().child_height = std::max(stack_.back().child_height, height);
  }

  void begin_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor == YAML::NullAnchor) return;
    anchor_info& a = info(anchor);
    a.open = true;
    a.begin = mark;
  }

  void end_anchor(YAML::anchor_t anchor, std::uint64_t size, int height) {
    if (anchor == YAML::NullAnchor) return;
    anchor_info& a = anchors_[anchor];
    a.open = false;
    a.size = size;
    a.height = height;
    a.end_pending = true;
    pending_end_.push_back(anchor);
  }

  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    event_at(mark);
    count(mark, 1);
    begin_anchor(mark, anchor);
    end_anchor(anchor, 1, 0);
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    event_at(mark);
    count(mark, 1);
    if (depth() + 1 > nesting_limit) throw too_deep(mark);
    begin_anchor(mark, anchor);
    stack_.push_back({nodes_ - 1, anchor});
  }

  void close() {
    const collection c = stack_.back();
    stack_.pop_back();
    const int height = c.child_height + 1;
    end_anchor(c.anchor, nodes_ - c.count_before, height);
    child_height(height);
  }

  // `*name` as written at the alias's place.
  std::string alias_text(const YAML::Mark& mark) const {
    const std::string& text = source_.text();
    const std::size_t at = source_.offset(mark.line, mark.column);
    if (at == std::string::npos) return "*";
    const std::size_t end = text.find_first_of(" \t\r\n,[]{}", at + 1);
    return excerpt(
        std::string_view(text).substr(at, end == std::string::npos ? std::string::npos : end - at));
  }

  const source_text& source_;
  std::vector<anchor_info> anchors_;  // by yaml-cpp's anchor number, from 1
  std::vector<collection> stack_;
  std::vector<YAML::anchor_t> pending_end_;
  std::uint64_t nodes_ = 0;
  int documents_ = 0;
};

}  // namespace

std::optional<document_scan> scan_document(const source_text& source, diagnostic_sink& sink) {
  std::istringstream in(source.text());
  YAML::Parser parser(in);
  scanner events(source);
  try {
    // Two at most: yaml-cpp 0.7's LoadAll never ends on a stray `,` after
    // top-level node properties (`!a ,`). A second document stops the scan anyway.
    for (int i = 0; i < 2 && parser.HandleNextDocument(events); ++i) {
    }
  } catch (const stop& s) {
    sink.error(codes::yaml_syntax, source.at_mark(s.mark.line, s.mark.column),
               s.message.empty() ? "a file holds one YAML document; a second one starts here" : s.message);
    if (!s.message.empty()) return std::nullopt;
  } catch (const YAML::Exception& e) {
    sink.error(codes::yaml_syntax, source.at_mark(e.mark.line, e.mark.column),
               "YAML syntax error: " + excerpt(e.msg));
    return std::nullopt;
  }
  return document_scan{events.aliased()};
}

}  // namespace civeff::detail
