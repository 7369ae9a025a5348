// SPDX-License-Identifier: Apache-2.0
// SHA-256 from OpenSSL's libcrypto (Debian: libssl-dev): the population's hash in
// a snapshot, and the content hash of each rule.

#include <civeff/civeff.hpp>
#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace civeff {

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed in libcrypto");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace civeff
