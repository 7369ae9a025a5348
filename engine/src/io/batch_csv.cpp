// SPDX-License-Identifier: Apache-2.0
// The batch output of SPEC §7: `person,diploma,status,progress,missing`, one row per
// person and diploma in the order stored (sorted), `missing` `;`-joined, in one of
// two dialects. RFC 4180: `,` between fields, LF line ends, a field holding a
// comma, quote, CR or LF quoted with `""` escapes. Excel-NL: `;` between fields,
// a decimal comma, CRLF line ends and a UTF-8 byte-order mark, which Dutch Excel
// opens as it is. Progress is printed in shortest form (`1`, `0.5`, `0.3333`).

#include <civeff/civeff.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>

namespace civeff {
namespace {

void append_field(std::string& out, std::string_view s, char separator) {
  const char specials[] = {separator, '"', '\r', '\n', '\0'};
  if (s.find_first_of(std::string_view(specials, 4)) == std::string_view::npos) {
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

void append_number(std::string& out, double x, csv_dialect dialect) {
  if (x == 0 || !std::isfinite(x)) {
    out += '0';
    return;
  }
  const std::size_t at = out.size();
  fmt::format_to(std::back_inserter(out), "{}", x);
  if (dialect == csv_dialect::excel_nl)
    std::replace(out.begin() + static_cast<std::ptrdiff_t>(at), out.end(), '.', ',');
}

}  // namespace

std::optional<csv_dialect> parse_csv_dialect(std::string_view name) {
  if (name == "rfc4180") return csv_dialect::rfc4180;
  if (name == "excel-nl") return csv_dialect::excel_nl;
  return std::nullopt;
}

std::string_view csv_format::preamble() const {
  return dialect == csv_dialect::excel_nl ? std::string_view("\xEF\xBB\xBF") : std::string_view();
}
char csv_format::separator() const { return dialect == csv_dialect::excel_nl ? ';' : ','; }
std::string_view csv_format::line_end() const { return dialect == csv_dialect::excel_nl ? "\r\n" : "\n"; }

std::string csv_format::field(std::string_view s) const {
  std::string out;
  append_field(out, s, separator());
  return out;
}

std::string csv_format::number(double x) const {
  std::string out;
  append_number(out, x, dialect);
  return out;
}

void write_csv(const batch_result& batch, csv_dialect dialect,
               const std::function<void(std::string_view)>& write) {
  constexpr std::size_t piece_bytes = std::size_t{1} << 20;
  const csv_format format{dialect};
  const char sep = format.separator();
  const std::string_view eol = format.line_end();
  std::string out(format.preamble());
  bool first = true;
  for (const std::string_view name : {"person", "diploma", "status", "progress", "missing"}) {
    if (!first) out += sep;
    out += name;
    first = false;
  }
  out += eol;
  const std::size_t diplomas = batch.diplomas.size();
  out.reserve(piece_bytes + 4096);
  std::string missing;
  for (std::size_t row = 0; row < batch.rows(); ++row) {
    append_field(out, batch.persons[row / diplomas], sep);
    out += sep;
    append_field(out, batch.diplomas[row % diplomas], sep);
    out += sep;
    out += to_string(batch.status[row]);
    out += sep;
    append_number(out, batch.progress[row], dialect);
    out += sep;
    missing.clear();
    for (std::uint32_t k = batch.missing_offsets[row]; k < batch.missing_offsets[row + 1]; ++k) {
      if (k != batch.missing_offsets[row]) missing += ';';
      missing += batch.leaf_names[batch.missing[k]];
    }
    append_field(out, missing, sep);
    out += eol;
    if (out.size() >= piece_bytes) {
      write(out);
      out.clear();
    }
  }
  write(out);
}

std::string to_csv(const batch_result& batch, csv_dialect dialect) {
  std::string out;
  out.reserve(batch.rows() * 48 + 64);
  write_csv(batch, dialect, [&out](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace civeff
