// UTF-8 validation, once for every module (ICU's U8_NEXT does the
// decoding; ICU is linked everywhere khabar handles text).
#pragma once

#include <string_view>

namespace khabar {

// IsValidUtf8 reports whether `s` is well-formed UTF-8: no stray or
// missing continuation bytes, no overlong forms, no surrogates, nothing
// above U+10FFFF.
bool IsValidUtf8(std::string_view s);

}  // namespace khabar
