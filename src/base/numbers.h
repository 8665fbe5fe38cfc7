// Reading numbers people and URLs hand us.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace khabar {

// ParsePositiveId reads a database id from text: decimal digits only
// ("12"), greater than zero; nullopt for anything else ("", "-1", "1x",
// " 1", "+1", an overflow).
inline std::optional<int64_t> ParsePositiveId(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v <= 0) {
    return std::nullopt;
  }
  return v;
}

}  // namespace khabar
