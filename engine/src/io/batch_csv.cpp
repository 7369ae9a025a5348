// SPDX-License-Identifier: Apache-2.0
// The batch output of SPEC §7: `person,diploma,status,progress,missing`, one row per
// person and diploma in the order stored (sorted), `missing` `;`-joined. Lines end
// in LF; a field holding a comma, quote, CR or LF is quoted with `""` escapes
// (RFC 4180). Progress is printed in shortest form (`1`, `0.5`, `0.3333`).

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <cmath>
#include <iterator>

namespace civeff {
namespace {

void append_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string to_csv(const batch_result& batch) {
  std::string out = "person,diploma,status,progress,missing\n";
  const std::size_t diplomas = batch.diplomas.size();
  out.reserve(out.size() + batch.rows() * 48);
  std::string missing;
  for (std::size_t row = 0; row < batch.rows(); ++row) {
    append_field(out, batch.persons[row / diplomas]);
    out += ',';
    append_field(out, batch.diplomas[row % diplomas]);
    out += ',';
    out += to_string(batch.status[row]);
    out += ',';
    const double p = batch.progress[row];
    if (p == 0 || !std::isfinite(p)) {
      out += '0';
    } else {
      fmt::format_to(std::back_inserter(out), "{}", p);
    }
    out += ',';
    missing.clear();
    for (std::uint32_t k = batch.missing_offsets[row]; k < batch.missing_offsets[row + 1]; ++k) {
      if (k != batch.missing_offsets[row]) missing += ';';
      missing += batch.leaf_names[batch.missing[k]];
    }
    append_field(out, missing);
    out += '\n';
  }
  return out;
}

}  // namespace civeff
