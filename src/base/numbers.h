// Reading numbers people and URLs hand us.
#pragma once

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace khabar {

// ParseWholeNumber reads a whole number from `lo` to `hi`: decimal digits
// only, so "", "-1", "1.5", "1e3", "+2", " 2" and an overflow are nullopt
// rather than half-read.
inline std::optional<int64_t> ParseWholeNumber(std::string_view text, int64_t lo, int64_t hi) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) {
    return std::nullopt;
  }
  return v;
}

// ParsePositiveId reads a database id from text: decimal digits only
// ("12"), greater than zero; nullopt for anything else ("", "-1", "1x",
// " 1", "+1", an overflow).
inline std::optional<int64_t> ParsePositiveId(std::string_view text) {
  return ParseWholeNumber(text, 1, std::numeric_limits<int64_t>::max());
}

}  // namespace khabar
