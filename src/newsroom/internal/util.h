// Small helpers shared by the newsroom's handler files.
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/numbers.h"
#include "base/status.h"

namespace khabar::newsroom_internal {

// ParseId reads a positive decimal id; nullopt for anything else.
inline std::optional<int64_t> ParseId(std::string_view text) { return ParsePositiveId(text); }

// SplitList splits "a, b,,c" into {"a", "b", "c"} (trimmed, empties dropped).
inline std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(pos, comma - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    pos = comma + 1;
  }
  return out;
}

inline std::string JoinList(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) {
    if (!s.empty()) s += ", ";
    s += i;
  }
  return s;
}

// SafeNext accepts only a local admin path as a post-login destination, so
// the login form cannot be used as an open redirect.
inline std::string SafeNext(std::string_view next) {
  if (next.starts_with("/admin") && !next.starts_with("//") &&
      next.find_first_of("\\\r\n") == std::string_view::npos &&
      next.find("//") == std::string_view::npos) {
    return std::string(next);
  }
  return "/admin";
}

}  // namespace khabar::newsroom_internal
