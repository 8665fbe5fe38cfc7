#include "base/ascii.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(Ascii, LowerTouchesOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLower("Content-TYPE: X"), "content-type: x");
  // UTF-8 bytes (here "É" and Urdu "خ") pass through untouched.
  EXPECT_EQ(AsciiLower("\xC3\x89t\xD8\xAE"), "\xC3\x89t\xD8\xAE");
}

TEST(Ascii, CaseInsensitiveComparisons) {
  EXPECT_TRUE(EqualsIgnoreCase("Chunked", "cHUNKED"));
  EXPECT_FALSE(EqualsIgnoreCase("chunked", "chunked "));
  EXPECT_FALSE(EqualsIgnoreCase("\xC3\x89", "\xC3\xA9"));  // not Unicode case folding
  EXPECT_TRUE(StartsWithIgnoreCase("JavaScript:alert(1)", "javascript:"));
  EXPECT_FALSE(StartsWithIgnoreCase("java", "javascript:"));
}

TEST(Ascii, TrimTakesOnlyTheGivenBlanksAtTheEnds) {
  EXPECT_EQ(TrimAscii(" \t a b \r\n"), "a b");
  EXPECT_EQ(TrimAscii(" \r\n "), "");
  EXPECT_EQ(TrimAscii(""), "");
  EXPECT_EQ(TrimAscii("\r\n value \t", kSpaceTab), "\r\n value");
  EXPECT_EQ(TrimAscii("  x  ", " "), "x");
}

}  // namespace
}  // namespace khabar
