#include "store/search_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <climits>
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

// ArabicFolding holds the ICU objects FoldForSearch needs, built once.
// Frozen sets and Normalizer2 instances are safe to share between threads.
struct ArabicFolding {
  icu::UnicodeSet blocks;  // the Arabic blocks FoldForSearch touches
  icu::UnicodeSet marks;   // the combining marks among them
  const icu::Normalizer2* nfkc = nullptr;
  bool ok = false;  // false if ICU could not build them (its data missing)
};

// Folding returns the shared ArabicFolding; when !ok text is left unfolded
// rather than failing.
const ArabicFolding& Folding() {
  static const ArabicFolding folding = [] {
    ArabicFolding f;
    UErrorCode status = U_ZERO_ERROR;
    f.blocks.applyPattern(
        icu::UnicodeString(
            u"[\\u0600-\\u06FF\\u0750-\\u077F\\u0870-\\u08FF\\uFB50-\\uFDFF\\uFE70-\\uFEFF]"),
        status);
    f.marks = f.blocks;
    f.marks.retainAll(icu::UnicodeSet(icu::UnicodeString(u"[:Mn:]"), status));
    f.nfkc = icu::Normalizer2::getNFKCInstance(status);
    f.ok = U_SUCCESS(status) && f.nfkc != nullptr && !f.marks.isEmpty();
    f.blocks.freeze();
    f.marks.freeze();
    return f;
  }();
  return folding;
}

// FoldedLetter maps one Arabic-block code point after NFKC: the Urdu letter
// for an Arabic one, an ASCII digit for an Arabic-Indic one, or -1 to drop
// it (see FoldForSearch in the header for why each).
UChar32 FoldedLetter(UChar32 c) {
  switch (c) {
    case 0x0640:  // tatweel
      return -1;
    case 0x064A:  // Arabic yeh
    case 0x0649:  // alef maksura
      return 0x06CC;
    case 0x0643:  // Arabic kaf
      return 0x06A9;
    case 0x0647:  // Arabic heh
    case 0x06D5:  // ae
      return 0x06C1;
    case 0x06C0:  // heh with yeh above (hamza)
      return 0x06C2;
    case 0x0629:  // teh marbuta
      return 0x06C3;
    default:
      break;
  }
  if ((c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9)) {
    return '0' + u_charDigitValue(c);
  }
  return c;
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

std::string FoldForSearch(std::string_view text) {
  const ArabicFolding& folding = Folding();
  if (!folding.ok) return std::string(text);
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
  std::string out;
  out.reserve(text.size());
  // Runs of Arabic-block code points are folded as a whole (NFKC needs a
  // letter and the marks after it together); every other byte is copied.
  icu::UnicodeString run;
  auto flush = [&] {
    if (run.isEmpty()) return;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString normal = folding.nfkc->normalize(run, status);
    if (U_FAILURE(status)) normal = run;
    for (int32_t k = 0; k < normal.length();) {
      const UChar32 c = normal.char32At(k);
      k += U16_LENGTH(c);
      if (folding.marks.contains(c)) continue;
      if (const UChar32 f = FoldedLetter(c); f >= 0) AppendUtf8(f, out);
    }
    run.remove();
  };
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);  // c < 0 for an invalid sequence
    if (c >= 0 && folding.blocks.contains(c)) {
      run.append(c);
    } else {
      flush();
      out.append(text.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    }
  }
  flush();
  if (static_cast<size_t>(length) < text.size()) out.append(text.substr(length));
  return out;
}

SearchWords ParseSearchText(std::string_view text) {
  SearchWords result;
  if (text.size() > kMaxSearchInput) text = text.substr(0, kMaxSearchInput);
  // Folded as the index is, so "پاکِستان" is the word "پاکستان".
  const std::string folded = FoldForSearch(text);
  text = folded;
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
    // The Markdown renderer writes a literal '<' as &lt;, so '<' starts a tag, a
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
