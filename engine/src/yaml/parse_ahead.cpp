// SPDX-License-Identifier: Apache-2.0
#include "yaml/parse_ahead.hpp"

#include <algorithm>
#include <system_error>
#include <thread>
#include <utility>

namespace civeff::detail {

std::size_t parse_ahead::default_window() {
  // One parse per core beside the reading thread's own work; none on one core.
  const std::size_t cores = std::thread::hardware_concurrency();
  return cores > 1 ? std::min<std::size_t>(cores, 8) : 0;
}

parse_ahead::parse_ahead(rule_files& files, std::vector<file> queue, std::size_t window)
    : files_(files), queue_(std::move(queue)), window_(window) {}

void parse_ahead::start_next() {
  const file& f = queue_[started_++];
  pending p{files_.fetch(files_.source(), f.read_as, f.name), {}};
  if (p.file.problem.empty()) {
    auto work = [name = p.file.name, text = p.file.text] { return rule_files::parse_apart(name, text); };
    try {
      p.parse = std::async(window_ > 0 ? std::launch::async : std::launch::deferred, work);
    } catch (const std::system_error&) {  // no thread to be had: parse when asked
      p.parse = std::async(std::launch::deferred, std::move(work));
    }
  }
  running_.push_back(std::move(p));
}

std::optional<yaml_document> parse_ahead::next() {
  while (started_ < queue_.size() && running_.size() <= window_) start_next();
  if (running_.empty()) return std::nullopt;
  pending p = std::move(running_.front());
  running_.pop_front();
  rule_files::parsed result = p.parse.valid() ? p.parse.get() : rule_files::parsed{};
  return files_.accept(std::move(p.file), std::move(result));
}

void parse_ahead::discard(std::optional<yaml_document> document) {
  if (!document || window_ == 0) return;  // freed here
  // At most `window` trees are being freed at once: wait for the oldest beyond that.
  if (freeing_.size() >= window_) {
    freeing_.front().get();
    freeing_.pop_front();
  }
  auto work = [tree = std::make_shared<yaml_document>(std::move(*document))]() mutable { tree.reset(); };
  try {
    freeing_.push_back(std::async(std::launch::async, std::move(work)));
  } catch (const std::system_error&) {  // no thread to be had: `work` is destroyed here, and the tree with it
  }
}

}  // namespace civeff::detail
