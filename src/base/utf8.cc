#include "base/utf8.h"

#include <unicode/utf8.h>

#include <cstdint>
#include <limits>

namespace khabar {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// ForEachCodePoint calls on(start, length, c) for each sequence of `s` as
// U8_NEXT reads it (c < 0 for an ill-formed one) until `on` returns false.
// U8_NEXT indexes with int32_t; longer texts are read in pieces that end
// on a character boundary.
template <typename F>
bool ForEachCodePoint(std::string_view s, F&& on) {
  constexpr size_t kPiece = std::numeric_limits<int32_t>::max() / 2;
  size_t base = 0;
  while (base < s.size()) {
    size_t end = s.size() - base;
    if (end > kPiece) {
      end = kPiece;
      while (end > 1 && (static_cast<unsigned char>(s[base + end]) & 0xC0) == 0x80) --end;
    }
    const char* piece = s.data() + base;
    const auto n = static_cast<int32_t>(end);
    int32_t i = 0;
    while (i < n) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(piece, i, n, c);
      if (!on(base + start, static_cast<size_t>(i - start), c)) return false;
    }
    base += end;
  }
  return true;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  return ForEachCodePoint(s, [](size_t, size_t, UChar32 c) { return c >= 0; });
}

std::string RepairUtf8(std::string_view s, bool* replaced) {
  std::string out;
  out.reserve(s.size());
  ForEachCodePoint(s, [&](size_t start, size_t length, UChar32 c) {
    if (c < 0) {
      out += kReplacement;
      if (replaced != nullptr) *replaced = true;
    } else {
      out.append(s.substr(start, length));
    }
    return true;
  });
  return out;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c > 0x10FFFF || U_IS_SURROGATE(c)) {
    out += kReplacement;
    return;
  }
  char bytes[U8_MAX_LENGTH];
  int32_t n = 0;
  U8_APPEND_UNSAFE(bytes, n, c);
  out.append(bytes, static_cast<size_t>(n));
}

}  // namespace khabar
