#include "auth/tokens.h"

#include <sodium.h>

#include <cstdlib>

#include "auth/internal/sodium.h"

namespace khabar {

namespace {

void RequireSodium() {
  // Callers of RandomToken have no error path, and going on without a
  // working random source would hand out guessable sessions.
  if (!auth_internal::EnsureSodium()) std::abort();
}

}  // namespace

std::string RandomToken() {
  RequireSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  char text[sodium_base64_ENCODED_LEN(sizeof bytes, kVariant)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, kVariant);
  sodium_memzero(bytes, sizeof bytes);
  return std::string(text);
}

std::string TokenHash(std::string_view token) {
  RequireSodium();
  unsigned char digest[crypto_generichash_BYTES];  // 32: BLAKE2b-256
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Lengths are not secret (tokens have a fixed length), so checking them
  // first leaks nothing.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace khabar
