// SPDX-License-Identifier: Apache-2.0
// parse_ahead parses included files on other threads; what the loader gets from
// it must be what reading the files one by one gives: the same trees, the same
// diagnostics in the same order, the same texts in reading order, the same lost words.
#include "yaml/parse_ahead.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "yaml/rule_files.hpp"
#include "yaml/rule_source.hpp"

namespace {

using namespace civeff::detail;

struct read_back {
  std::vector<std::string> trees;  // each document dumped, "-" for none
  std::vector<std::string> diagnostics;
  std::vector<std::string> sources;
  bool lost_a0 = false, lost_unit3 = false;
};

read_back read_all(const std::map<std::string, std::string>& texts, std::size_t window, bool with_absent) {
  const memory_files source(texts);
  const civeff::compile_options options;
  diagnostic_sink sink;
  rule_files files(source, options, sink);
  std::vector<parse_ahead::file> queue;
  for (const auto& [name, text] : texts) queue.push_back({name, name});
  // Cannot be read: E001, and every name is lost.
  if (with_absent) queue.insert(queue.begin() + 20, parse_ahead::file{"absent.yaml", "absent.yaml"});
  read_back out;
  parse_ahead reader(files, queue, window);
  for (std::size_t i = 0; i < queue.size(); ++i) {
    auto doc = reader.next();
    out.trees.push_back(doc ? YAML::Dump(doc->root) : "-");
    reader.discard(doc);
    CHECK_FALSE(doc.has_value());
  }
  CHECK_FALSE(reader.next().has_value());
  for (const auto& d : sink.all())
    out.diagnostics.push_back(
        fmt::format("{}:{}:{}: {} {}", d.where.file, d.where.line, d.where.column, d.code, d.message));
  for (auto& t : files.take_sources()) out.sources.push_back(t.name + "=" + t.text);
  out.lost_a0 = sink.lost("a0");
  out.lost_unit3 = sink.lost("unit3");
  return out;
}

}  // namespace

TEST_CASE("parse_ahead on threads gives what reading the files one by one gives") {
  std::map<std::string, std::string> texts;
  for (int i = 0; i < 40; ++i) {
    const std::string name = fmt::format("units/u{:02}.yaml", i);
    if (i % 7 == 3) texts[name] = fmt::format("units:\n  - {{id: unit{}, kind: [\n", i);  // E002, words lost
    else if (i % 11 == 5) texts[name] = "\xff\xfeu\0n\0";                                 // UTF-16: E002
    else texts[name] = fmt::format("units:\n  - {{id: a{}, kind: keuzedeel, hours: {}}}\n", i, i * 10);
  }
  for (const bool with_absent : {false, true}) {
    const read_back one_by_one = read_all(texts, 0, with_absent);
    // 6 syntax errors, 3 UTF-16 files, the absent file.
    CHECK(one_by_one.diagnostics.size() == (with_absent ? 10 : 9));
    CHECK(one_by_one.lost_unit3);
    CHECK(one_by_one.lost_a0 == with_absent);
    for (const std::size_t window : {1U, 2U, 7U}) {
      const read_back ahead = read_all(texts, window, with_absent);
      CHECK(ahead.trees == one_by_one.trees);
      CHECK(ahead.diagnostics == one_by_one.diagnostics);
      CHECK(ahead.sources == one_by_one.sources);
      CHECK(ahead.lost_a0 == one_by_one.lost_a0);
      CHECK(ahead.lost_unit3 == one_by_one.lost_unit3);
    }
  }
}

TEST_CASE("parse_ahead calls before_read in include order, and holds at most about 1 MiB of text ahead") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / fmt::format("civeff-parse-ahead-{}", ::getpid());
  fs::create_directories(dir);
  std::vector<parse_ahead::file> queue;
  const std::string filler(600 * 1024, 'x');  // each file about 600 kB: two exceed the cap
  for (int i = 0; i < 6; ++i) {
    const fs::path file = dir / fmt::format("u{}.yaml", i);
    std::ofstream(file) << "# " << filler << "\nunits:\n  - {id: a" << i << ", kind: keuzedeel}\n";
    queue.push_back({file, file.filename().string()});
  }
  for (const std::size_t window : {0U, 7U}) {
    std::vector<std::string> seen;
    civeff::compile_options options;
    options.before_read = [&](const fs::path& p) { seen.push_back(p.filename().string()); };
    diagnostic_sink sink;
    rule_files files(file_system(), options, sink);
    parse_ahead reader(files, queue, window);
    std::vector<std::size_t> read_before;  // before_read calls when each file came back
    for (std::size_t i = 0; i < queue.size(); ++i) {
      auto doc = reader.next();
      REQUIRE(doc.has_value());
      read_before.push_back(seen.size());
      reader.discard(doc);
    }
    CHECK(seen == std::vector<std::string>{"u0.yaml", "u1.yaml", "u2.yaml", "u3.yaml", "u4.yaml", "u5.yaml"});
    CHECK(sink.all().empty());
    // One file at a time without a window; with one, the next file too, but no more:
    // 1.2 MB of text would be ahead.
    if (window == 0) CHECK(read_before == std::vector<std::size_t>{1, 2, 3, 4, 5, 6});
    else CHECK(read_before == std::vector<std::size_t>{2, 3, 4, 5, 6, 6});
  }
  fs::remove_all(dir);
}
