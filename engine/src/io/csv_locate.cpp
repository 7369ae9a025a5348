// SPDX-License-Identifier: Apache-2.0
#include "io/csv_locate.hpp"

#include <fstream>
#include <sstream>
#include <vector>

namespace civeff::detail {
namespace {

// Splits one physical line into fields, returning each field's 1-based column.
std::vector<std::pair<std::string, int>> split(const std::string& line) {
  std::vector<std::pair<std::string, int>> fields;
  std::string current;
  int start = 1, column = 1;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;  // count characters, not bytes
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        current += '"';
        ++i;
        ++column;
      } else if (c == '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back(current, start);
      current.clear();
      start = column;
    } else if (c != '\r') {
      current += c;
    }
  }
  fields.emplace_back(current, start);
  return fields;
}

}  // namespace

source_location locate_csv_cell(const std::string& file, int line, std::string_view column) {
  source_location where{file, line, 1};
  std::ifstream in(file, std::ios::binary);
  std::string text, header;
  if (!in || !std::getline(in, header)) return where;
  if (header.rfind("\xEF\xBB\xBF", 0) == 0) header.erase(0, 3);
  const auto names = split(header);
  std::size_t index = names.size();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i].first == column) index = i;
  for (int n = 2; n <= line && std::getline(in, text); ++n) {
    if (n != line) continue;
    const auto cells = split(text);
    if (index < cells.size()) where.column = cells[index].second;
  }
  return where;
}

}  // namespace civeff::detail
