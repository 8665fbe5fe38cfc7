// Fingerprints of bytes for names and cache validators (ETags, asset
// versions, content-addressed file names). Not for security: use libsodium
// for anything an attacker may choose.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace khabar {

// Fnv1a64 is the 64-bit FNV-1a hash of `bytes`.
uint64_t Fnv1a64(std::string_view bytes);

// HexFingerprint returns the first `digits` (1..16) lower-case hex digits of
// Fnv1a64(bytes).
std::string HexFingerprint(std::string_view bytes, int digits = 16);

}  // namespace khabar
