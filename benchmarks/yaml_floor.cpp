// SPDX-License-Identifier: Apache-2.0
// yaml_floor: how long the YAML parsers alone take on a ruleset's files, the floor
// under civeff::compile's time (issue 15, deliverable 4). Not built by CMake: it
// measures libraries, not civeff, and libyaml is no dependency of civeff.
//
//   g++ -O2 -std=c++20 benchmarks/yaml_floor.cpp -o /tmp/yaml_floor -lyaml-cpp -lyaml
//   /tmp/yaml_floor benchmarks/data/rules-100000-s1 [ROUNDS]
//
// Reads every *.yaml file under the folder into memory, then per round times, in CPU
// seconds of this thread: yaml-cpp's parser with an event handler that does nothing
// (the events civeff's reader needs, no tree), YAML::Load (the tree civeff reads,
// built and freed), and libyaml's (Debian libyaml-dev) events for the same texts.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>
#include <yaml.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

class ignore_events : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
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

// libyaml's events of one text; false on a syntax error.
bool libyaml_events(const std::string& text) {
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  bool ok = true;
  for (bool done = false; !done;) {
    yaml_event_t event;
    if (yaml_parser_parse(&parser, &event) == 0) {
      ok = false;
      break;
    }
    done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&parser);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: yaml_floor FOLDER [ROUNDS]\n";
    return 2;
  }
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 3;
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    bytes += text.str().size();
    texts.push_back(text.str());
  }
  std::cout << texts.size() << " files, " << static_cast<double>(bytes) / 1e6
            << " MB; CPU seconds per round\n";
  for (int round = 0; round < rounds; ++round) {
    const double start = cpu_seconds();
    for (const auto& text : texts) {
      std::istringstream in(text);
      YAML::Parser parser(in);
      ignore_events events;
      parser.HandleNextDocument(events);
    }
    const double events_done = cpu_seconds();
    std::size_t nodes = 0;
    for (const auto& text : texts) nodes += YAML::Load(text).size();
    const double load_done = cpu_seconds();
    for (const auto& text : texts)
      if (!libyaml_events(text)) std::cerr << "libyaml: a syntax error\n";
    const double libyaml_done = cpu_seconds();
    std::cout << "yaml-cpp events " << events_done - start << "  yaml-cpp YAML::Load "
              << load_done - events_done << "  libyaml events " << libyaml_done - load_done << "\n";
  }
  return 0;
}
