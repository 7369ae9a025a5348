// SPDX-License-Identifier: Apache-2.0
// Portfolio attributes as written (SPEC §11): declared attributes are converted
// from what the writer typed, so the scalar's text and its plainness are kept.

#include "yaml/raw_attributes.hpp"

namespace civeff::detail {

std::vector<raw_attribute> read_raw_attributes(yaml_reader& r, const yaml_field& f) {
  std::vector<raw_attribute> out;
  if (!f.value.IsMap()) return out;  // attributes() reports the shape
  for (auto it = f.value.begin(); it != f.value.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar() || value.IsNull() || !value.IsScalar()) continue;  // absent, or reported
    out.push_back({key.Scalar(), value.Scalar(), is_plain(value), r.value_place(value)});
  }
  return out;
}

}  // namespace civeff::detail
