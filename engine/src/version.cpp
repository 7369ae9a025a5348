// SPDX-License-Identifier: Apache-2.0
#include <civeff/version.hpp>

namespace civeff {

std::string_view version() noexcept { return CIVEFF_VERSION_STRING; }

}  // namespace civeff
