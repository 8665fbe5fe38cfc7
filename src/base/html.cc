#include "base/html.h"

namespace khabar {

// Runs between special characters are copied in one go (most values have
// none), not character by character.
std::string EscapeHtml(std::string_view s) {
  if (s.find_first_of("&<>\"'") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size() + s.size() / 8 + 16);
  AppendEscapedHtml(out, s);
  return out;
}

void AppendEscapedHtml(std::string& out, std::string_view s) {
  size_t done = 0;
  for (size_t i = s.find_first_of("&<>\"'"); i != std::string_view::npos;
       i = s.find_first_of("&<>\"'", i + 1)) {
    out.append(s, done, i - done);
    switch (s[i]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += "&apos;";
        break;
    }
    done = i + 1;
  }
  out.append(s, done);
}

}  // namespace khabar
