#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar {
namespace {

TEST(IsValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII"));
  EXPECT_TRUE(IsValidUtf8("خبر اور تبصرے"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x93\xB0"));  // U+1F4F0, four bytes
}

TEST(IsValidUtf8, RefusesEveryMalformedShape) {
  EXPECT_FALSE(IsValidUtf8("\x80"));              // stray continuation
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // cut short
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong, three bytes
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8(std::string("ok\0\xC3", 4)));
}


TEST(RepairUtf8, KeepsWellFormedTextAndReplacesEachBrokenSequence) {
  bool replaced = false;
  EXPECT_EQ(RepairUtf8("Lahore \xD9\x84\xD8\xA7\xDB\x81\xD9\x88\xD8\xB1", &replaced),
            "Lahore \xD9\x84\xD8\xA7\xDB\x81\xD9\x88\xD8\xB1");
  EXPECT_FALSE(replaced);
  // A stray continuation byte, a lead byte cut short by ASCII, an overlong
  // slash and a surrogate.
  EXPECT_EQ(RepairUtf8("a\x80"
                       "b",
                       &replaced),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_TRUE(replaced);
  EXPECT_EQ(RepairUtf8("\xE2\x82"
                       "A"),
            "\xEF\xBF\xBD"
            "A");
  EXPECT_EQ(RepairUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(RepairUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(RepairUtf8("\xFF\xFE\xF4\x90\x80\x80 ok")));
}

TEST(AppendUtf8, EncodesScalarValuesAndReplacesTheRest) {
  std::string out;
  AppendUtf8(out, U'A');
  AppendUtf8(out, U'\u00E9');
  AppendUtf8(out, U'\u06C1');
  AppendUtf8(out, U'\U0001F600');
  EXPECT_EQ(out, "A\xC3\xA9\xDB\x81\xF0\x9F\x98\x80");
  out.clear();
  AppendUtf8(out, 0xD800);
  AppendUtf8(out, 0x110000);
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace khabar
