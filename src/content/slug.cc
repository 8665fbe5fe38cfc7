#include "content/slug.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace khabar {
namespace {

// Appends code point `c` to `out` as UTF-8.
void AppendUtf8(std::string* out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, U8_MAX_LENGTH, c, error);
  if (!error) out->append(buf, n);
}

// NfkdNormalizer is ICU's NFKD singleton, or null if ICU cannot load it.
// Fetched once under a C++ static's guard: ICU's own once-only set-up is
// invisible to ThreadSanitizer (ICU is not instrumented), the guard is not.
const icu::Normalizer2* NfkdNormalizer() {
  static const icu::Normalizer2* const nfkd = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return nfkd;
}

}  // namespace

std::string Slugify(std::string_view text, size_t max_length) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = NfkdNormalizer();
  icu::UnicodeString decomposed;
  icu::UnicodeString src = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (nfkd == nullptr) {
    status = U_MISSING_RESOURCE_ERROR;
  } else {
    nfkd->normalize(src, decomposed, status);
  }
  if (U_FAILURE(status)) decomposed = src;

  std::string out;
  bool pending_dash = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    // Combining marks (accents, Arabic-script vowel signs) are dropped so
    // "Café" and "cafe" share a slug.
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (u_isalnum(c)) {
      std::string piece;
      AppendUtf8(&piece, u_tolower(c));
      size_t needed = piece.size() + (pending_dash && !out.empty() ? 1 : 0);
      if (out.size() + needed > max_length) break;
      if (pending_dash && !out.empty()) out += '-';
      pending_dash = false;
      out += piece;
    } else if (c == '\'' || c == 0x2019) {
      // Apostrophes join the word: "Wang's" -> "wangs".
      continue;
    } else {
      pending_dash = true;
    }
  }
  return out;
}

bool IsValidSlug(std::string_view slug) {
  return !slug.empty() && Slugify(slug, slug.size()) == slug;
}

}  // namespace khabar
