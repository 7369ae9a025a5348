// SPDX-License-Identifier: Apache-2.0
#include "yaml/parse_ahead.hpp"

#include <algorithm>
#include <memory>
#include <string>
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
    // The parse's own copy of the text (p.file's stays for compile_result::sources),
    // shared so that copying `work` for a second try does not copy it again.
    auto text = std::make_shared<std::string>(p.file.text);
    auto work = [name = p.file.name, text] { return rule_files::parse_apart(name, std::move(*text)); };
    try {
      p.parse = std::async(window_ > 0 ? std::launch::async : std::launch::deferred, work);
    } catch (const std::system_error&) {  // no thread to be had: parse when asked
      p.parse = std::async(std::launch::deferred, std::move(work));
    }
  }
  running_.push_back(std::move(p));
}

std::optional<yaml_document> parse_ahead::next() {
  // Always the next file; more while the window and the bytes allow.
  const auto bytes_ahead = [&] {
    std::size_t bytes = 0;
    for (const pending& p : running_) bytes += p.file.text.size();
    return bytes;
  };
  while (started_ < queue_.size() &&
         (running_.empty() || (running_.size() <= window_ && bytes_ahead() < max_bytes_in_flight)))
    start_next();
  if (running_.empty()) return std::nullopt;
  pending p = std::move(running_.front());
  running_.pop_front();
  rule_files::parsed result = p.parse.valid() ? p.parse.get() : rule_files::parsed{};
  return files_.accept(std::move(p.file), std::move(result));
}

void parse_ahead::discard(std::optional<yaml_document>& document) {
  if (!document || window_ == 0) {
    document.reset();  // freed here
    return;
  }
  const std::size_t bytes = document->source->text().size();
  // Wait for the oldest frees while too many trees, or too many bytes, are being freed.
  const auto bytes_freeing = [&] {
    std::size_t sum = 0;
    for (const freeing& f : freeing_) sum += f.bytes;
    return sum;
  };
  while (!freeing_.empty() && (freeing_.size() >= window_ || bytes_freeing() + bytes > max_bytes_in_flight)) {
    freeing_.front().done.get();
    freeing_.pop_front();
  }
  // yaml-cpp's nodes cannot be moved, only copied (a reference more): the calling
  // thread's references are all dropped before the helper starts, so that the helper
  // drops the last one and the tree is freed there.
  auto tree = std::make_shared<yaml_document>(std::move(*document));
  document.reset();
  try {
    freeing_.push_back(
        {bytes, std::async(std::launch::async, [tree = std::move(tree)]() mutable { tree.reset(); })});
  } catch (const std::system_error&) {  // no thread to be had: freed here, with the task
  }
}

}  // namespace civeff::detail
