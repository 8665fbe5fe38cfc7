#include "auth/passwords.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "auth/internal/sodium.h"

namespace khabar {

Result<std::string> HashPassword(std::string_view password) {
  if (!auth_internal::EnsureSodium()) return Internal("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    // The only documented failure is running out of memory.
    return Internal("hashing a password failed (out of memory?)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!auth_internal::EnsureSodium()) return false;
  // crypto_pwhash_str_verify wants a NUL-terminated string in a buffer of
  // crypto_pwhash_STRBYTES; a longer "hash" cannot be one of ours.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  char buffer[crypto_pwhash_STRBYTES] = {};
  std::memcpy(buffer, hash.data(), hash.size());
  return crypto_pwhash_str_verify(buffer, password.data(), password.size()) == 0;
}

Status CheckPasswordPolicy(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return Status(
        Code::kInvalidArgument,
        "the password must be at least " + std::to_string(kMinPasswordLength) + " characters long");
  }
  if (password.size() > kMaxPasswordBytes) {
    return Status(Code::kInvalidArgument, "the password must be at most " +
                                              std::to_string(kMaxPasswordBytes) + " bytes long");
  }
  const bool all_space = std::all_of(password.begin(), password.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
  if (all_space) {
    return Status(Code::kInvalidArgument, "the password must not be only spaces");
  }
  return Status::Ok();
}

}  // namespace khabar
