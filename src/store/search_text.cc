#include "store/search_text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace khabar {
namespace {

// IsWordChar: letters and digits, plus combining marks, which belong to the
// letter before them (Urdu and Hindi vowel signs, decomposed accents).
bool IsWordChar(UChar32 c) { return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

// AppendUtf8 encodes code point `c` (a valid scalar value) onto `out`.
void AppendUtf8(UChar32 c, std::string& out) {
  std::array<uint8_t, U8_MAX_LENGTH> buf{};
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf.data(), n, U8_MAX_LENGTH, c, error);
  if (!error) out.append(reinterpret_cast<const char*>(buf.data()), static_cast<size_t>(n));
}

bool IsAsciiSpace(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

bool EqualsLower(std::string_view a, std::string_view lower) {
  return a.size() == lower.size() &&
         std::equal(a.begin(), a.end(), lower.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? static_cast<char>(x - 'A' + 'a') : x) == y;
         });
}

// IsBlockTag: tags that end a run of text, so the words either side of
// them must not run together.
bool IsBlockTag(std::string_view name) {
  static constexpr std::string_view kBlock[] = {
      "p",     "br",    "li", "ul",  "ol",      "h1",      "h2",         "h3",
      "h4",    "h5",    "h6", "div", "pre",     "hr",      "blockquote", "table",
      "thead", "tbody", "tr", "td",  "th",      "figure",  "figcaption", "section",
      "dl",    "dt",    "dd", "img", "details", "summary", "aside",      "iframe"};
  for (std::string_view b : kBlock) {
    if (EqualsLower(name, b)) return true;
  }
  return false;
}

// DecodeEntity decodes the entity at the start of `s` ("&amp;..."), appending
// it to `out` and returning its length, or returns 0 when `s` does not start
// with an entity this function knows.
size_t DecodeEntity(std::string_view s, std::string& out) {
  size_t semi = s.find(';');
  if (semi == std::string_view::npos || semi > 10) return 0;
  std::string_view name = s.substr(1, semi - 1);
  struct Named {
    std::string_view name;
    std::string_view text;
  };
  static constexpr Named kNamed[] = {{"amp", "&"},   {"lt", "<"},   {"gt", ">"},
                                     {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  for (const Named& n : kNamed) {
    if (name == n.name) {
      out += n.text;
      return semi + 1;
    }
  }
  if (name.size() < 2 || name[0] != '#') return 0;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty()) return 0;
  UChar32 c = 0;
  for (char ch : digits) {
    int d = -1;
    if (ch >= '0' && ch <= '9') d = ch - '0';
    if (hex && ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
    if (hex && ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
    if (d < 0) return 0;
    c = c * (hex ? 16 : 10) + d;
    if (c > 0x10FFFF) return 0;
  }
  if (U_IS_UNICODE_CHAR(c) && c != 0) AppendUtf8(c, out);
  return semi + 1;
}

}  // namespace

SearchWords ParseSearchText(std::string_view text) {
  SearchWords result;
  if (text.size() > kMaxSearchInput) text = text.substr(0, kMaxSearchInput);
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());

  size_t total_bytes = 0;
  bool full = false;
  std::string word;
  size_t word_chars = 0;
  bool word_has_alnum = false;
  // Finish ends the current word; `at_end` says the text ended inside it.
  auto finish = [&](bool at_end) {
    if (word_has_alnum && !full) {
      if (result.words.size() == kMaxSearchWords || total_bytes + word.size() > kMaxSearchBytes) {
        full = true;
      } else {
        total_bytes += word.size();
        result.words.push_back(std::move(word));
        result.last_is_prefix = at_end && word_chars >= kMinPrefixChars;
      }
    }
    word.clear();
    word_chars = 0;
    word_has_alnum = false;
  };

  int32_t i = 0;
  while (i < length && !full) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);  // c < 0 for an invalid sequence
    if (c >= 0 && IsWordChar(c)) {
      word.append(text.substr(start, static_cast<size_t>(i - start)));
      ++word_chars;
      word_has_alnum = word_has_alnum || u_isalnum(c);
    } else {
      finish(false);
    }
  }
  finish(true);
  return result;
}

std::string PlainTextOfHtml(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool space = true;  // drop leading white space
  auto put_space = [&] {
    if (!space) out += ' ';
    space = true;
  };
  size_t i = 0;
  while (i < html.size()) {
    const char ch = html[i];
    // cmark-gfm writes a literal '<' as &lt;, so '<' starts a tag, a
    // comment or a declaration; anything else is kept as text.
    const char next = i + 1 < html.size() ? html[i + 1] : '\0';
    const bool opens_tag = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                           next == '/' || next == '!' || next == '?';
    if (ch == '<' && opens_tag) {
      size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;  // a cut-off tag: drop the rest
      std::string_view tag = html.substr(i + 1, end - i - 1);
      if (!tag.empty() && tag[0] == '/') tag.remove_prefix(1);
      size_t name_end = 0;
      while (name_end < tag.size() && ((tag[name_end] >= 'a' && tag[name_end] <= 'z') ||
                                       (tag[name_end] >= 'A' && tag[name_end] <= 'Z') ||
                                       (tag[name_end] >= '0' && tag[name_end] <= '9'))) {
        ++name_end;
      }
      if (IsBlockTag(tag.substr(0, name_end))) put_space();
      i = end + 1;
      continue;
    }
    if (ch == '&') {
      std::string decoded;
      if (size_t n = DecodeEntity(html.substr(i), decoded); n > 0) {
        for (char d : decoded) {
          if (IsAsciiSpace(d)) {
            put_space();
          } else {
            out += d;
            space = false;
          }
        }
        i += n;
        continue;
      }
    }
    if (IsAsciiSpace(ch)) {
      put_space();
    } else {
      out += ch;
      space = false;
    }
    ++i;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace khabar
