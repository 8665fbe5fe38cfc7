#include "auth/cookies.h"

#include "base/ascii.h"

namespace khabar {

namespace {}  // namespace

std::optional<std::string_view> FindCookie(std::string_view header, std::string_view name) {
  if (name.empty()) return std::nullopt;
  while (!header.empty()) {
    const size_t semi = header.find(';');
    const std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);

    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (TrimAscii(pair.substr(0, eq), kSpaceTab) != name) continue;
    std::string_view value = TrimAscii(pair.substr(eq + 1), kSpaceTab);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return std::nullopt;
}

}  // namespace khabar
