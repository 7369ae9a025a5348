// SPDX-License-Identifier: Apache-2.0
#pragma once
// The included files of a ruleset, read in order while the next few are parsed on
// other threads. yaml-cpp's parse is most of a large ruleset's compile (about 40%
// of 100k generated units), and each file parses on its own; reading a file's
// sections, every diagnostic and every lost name still happen in file order on the
// calling thread, exactly as rule_files::read() would have them.

#include <cstddef>
#include <deque>
#include <filesystem>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "yaml/rule_files.hpp"

namespace civeff::detail {

class parse_ahead {
 public:
  struct file {
    std::filesystem::path read_as;  // where rule_files reads it
    std::string name;               // as diagnostics give it
  };

  // Texts held ahead or trees being freed, in bytes of YAML, beyond the file being
  // read: the node budget caps one tree (document_scan.hpp), and reading ahead must not
  // multiply that by the number of cores for a ruleset of files near the cap.
  static constexpr std::size_t max_bytes_in_flight = std::size_t{1} << 20;

  // Nothing is read until next() is first called. `files` must outlive this object.
  // Destroyed early (an exception from before_read, say), it waits for the parses
  // still running: std::async's futures do.
  // `window`: how many files past the one being read may be parsing on other
  // threads; 0 parses each file on the calling thread when next() asks for it.
  parse_ahead(rule_files& files, std::vector<file> queue, std::size_t window = default_window());
  // One per core (at most 8); 0 on one core.
  static std::size_t default_window();

  // The next file of the queue, as files.read() would give it; its reading
  // (before_read, the bytes) happens on this thread, a few files ahead of its parse.
  std::optional<yaml_document> next();
  // Frees a document next() gave, once read, on a helper thread: freeing a yaml-cpp
  // tree (its nodes, their shared pointers) took a third of the reading thread's time.
  // `document` is empty afterwards: the helper holds the only reference.
  void discard(std::optional<yaml_document>& document);

 private:
  struct pending {
    rule_files::fetched file;
    std::future<rule_files::parsed> parse;  // invalid when the file could not be read
  };
  struct freeing {
    std::size_t bytes;
    std::future<void> done;
  };
  void start_next();

  rule_files& files_;
  std::vector<file> queue_;
  std::size_t started_ = 0, window_;
  std::deque<pending> running_;
  std::deque<freeing> freeing_;
};

}  // namespace civeff::detail
