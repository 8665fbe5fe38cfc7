// Passwords: Argon2id hashing (libsodium's crypto_pwhash_str) and the
// password policy newsroom accounts must meet.
//
// A hash is a self-describing string ("$argon2id$v=19$m=65536,t=2,p=1$...")
// carrying its own salt and cost, so hashes made with older costs keep
// verifying after the cost changes. All functions are thread-safe. Hashing
// deliberately costs ~64 MiB and tens of milliseconds.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar {

// HashPassword returns an Argon2id hash of `password` with a fresh random
// salt (interactive cost). Errors: kInternal when libsodium cannot
// initialise or allocate the memory the hash needs.
Result<std::string> HashPassword(std::string_view password);

// VerifyPassword reports whether `password` matches `hash` (as made by
// HashPassword). A malformed or empty hash matches nothing.
bool VerifyPassword(std::string_view hash, std::string_view password);

// kMinPasswordLength and kMaxPasswordBytes bound a new password. Length is
// counted in bytes, so a password in Urdu script meets the minimum sooner.
inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordBytes = 1024;

// CheckPasswordPolicy checks a password someone is setting: 10..1024 bytes
// and not only whitespace. Errors are kInvalidArgument with a message meant
// for the person choosing it.
Status CheckPasswordPolicy(std::string_view password);

}  // namespace khabar
