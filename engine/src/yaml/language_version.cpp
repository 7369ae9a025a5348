// SPDX-License-Identifier: Apache-2.0
#include "yaml/language_version.hpp"

#include "core/diagnostic_codes.hpp"

namespace civeff::detail {

void check_language_version(yaml_reader& r, const yaml_fields& fields) {
  const yaml_field* f = fields.find("civeff");
  if (!f) {
    r.error(codes::language_version, fields.where,
            "`civeff: 1` is missing: the file must name its language version");
    return;
  }
  if (is_plain(f->value) && f->value.Scalar() == "1") return;
  if (f->value.IsScalar() && f->value.Scalar() == "1")
    r.error(codes::language_version, r.value_place(f->value),
            "write `civeff: 1` with the number 1, not quoted text");
  else
    r.error(codes::language_version, r.place(*f),
            "unsupported language version " + r.describe(f->value) + ": this engine reads `civeff: 1`");
}

}  // namespace civeff::detail
