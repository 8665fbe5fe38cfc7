// UTF-8 validation, once for every module (ICU's U8_NEXT does the
// decoding; ICU is linked everywhere khabar handles text).
#pragma once

#include <string>
#include <string_view>

namespace khabar {

// IsValidUtf8 reports whether `s` is well-formed UTF-8: no stray or
// missing continuation bytes, no overlong forms, no surrogates, nothing
// above U+10FFFF.
bool IsValidUtf8(std::string_view s);

// RepairUtf8 returns `s` with each ill-formed sequence replaced by U+FFFD
// (one for each maximal part of a sequence that could have been well
// formed, as Unicode recommends and U8_NEXT reads them); sets `*replaced`,
// when given, if anything was replaced.
std::string RepairUtf8(std::string_view s, bool* replaced = nullptr);

// AppendUtf8 appends code point `c` to `out` in UTF-8, or U+FFFD for what
// is not a Unicode scalar value (a surrogate, past U+10FFFF).
void AppendUtf8(std::string& out, char32_t c);

}  // namespace khabar
