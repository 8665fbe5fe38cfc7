// Tokens: random secrets for session cookies and CSRF fields, and how the
// store keeps them (hashed), all from libsodium. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace khabar {

// kTokenLength is the length of a RandomToken: 32 bytes in unpadded base64.
inline constexpr size_t kTokenLength = 43;

// RandomToken returns 32 bytes from the OS's secure random source as
// URL-safe base64 without padding (43 characters of A-Z a-z 0-9 - _), safe
// in a cookie, a URL and a form field unescaped. Aborts the process if
// libsodium cannot initialise: a predictable token would be worse.
std::string RandomToken();

// TokenHash returns BLAKE2b-256 of `token` as 64 lower-case hex digits. The
// store keeps only this, so reading the database opens no sessions. A
// plain (unsalted, fast) hash suffices because tokens are 256-bit random,
// not guessable passwords.
std::string TokenHash(std::string_view token);

// ConstantTimeEquals compares two secrets in time that depends only on
// their lengths, so a timing probe learns no prefix of the right one.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace khabar
