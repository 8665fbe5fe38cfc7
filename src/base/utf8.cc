#include "base/utf8.h"

#include <unicode/utf8.h>

#include <cstdint>
#include <limits>

namespace khabar {

bool IsValidUtf8(std::string_view s) {
  // U8_NEXT indexes with int32_t; longer texts are checked in pieces that
  // end on a character boundary.
  constexpr size_t kPiece = std::numeric_limits<int32_t>::max() / 2;
  while (s.size() > kPiece) {
    size_t end = kPiece;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    if (end == 0 || !IsValidUtf8(s.substr(0, end))) return false;
    s.remove_prefix(end);
  }
  const auto n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace khabar
