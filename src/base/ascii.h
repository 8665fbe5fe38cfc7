// ASCII text helpers: case and blanks in tokens, names, header values and
// markup, where the rules are ASCII's and never the locale's. (Text in a
// reader's language goes through ICU instead.)
#pragma once

#include <string>
#include <string_view>

namespace khabar {

// Blank sets for TrimAscii: kBlanks (space, tab, CR, LF) for most text;
// kSpaceTab for HTTP's optional whitespace (RFC 9110, OWS).
inline constexpr std::string_view kBlanks = " \t\r\n";
inline constexpr std::string_view kSpaceTab = " \t";

inline char AsciiLowerChar(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

// AsciiLower is `s` with A-Z lowered; every other byte as it is.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLowerChar(c);
  return out;
}

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLowerChar(a[i]) != AsciiLowerChar(b[i])) return false;
  }
  return true;
}

inline bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// TrimAscii is `s` without the bytes of `blanks` at either end.
inline std::string_view TrimAscii(std::string_view s, std::string_view blanks = kBlanks) {
  const size_t first = s.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

}  // namespace khabar
