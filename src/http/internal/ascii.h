// The ASCII helpers the http module uses (base/ascii.h), by the names its
// code has always called them. HTTP tokens (header names, methods,
// codings) are ASCII and compare case-insensitively.
#pragma once

#include <string_view>

#include "base/ascii.h"

namespace khabar::http::internal {

using khabar::AsciiLower;
using khabar::AsciiLowerChar;
using khabar::EqualsIgnoreCase;

inline std::string_view TrimOws(std::string_view s) { return TrimAscii(s, kSpaceTab); }

}  // namespace khabar::http::internal
