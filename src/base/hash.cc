#include "base/hash.h"

#include <cstdio>

namespace khabar {

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string HexFingerprint(std::string_view bytes, int digits) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Fnv1a64(bytes)));
  if (digits < 1) digits = 1;
  if (digits > 16) digits = 16;
  return std::string(buf, static_cast<size_t>(digits));
}

}  // namespace khabar
