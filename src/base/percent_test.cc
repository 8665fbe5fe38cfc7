#include "base/percent.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(PercentEncode, KeepsWhatThePredicateKeeps) {
  EXPECT_EQ(PercentEncode("a b&c=d/é~", IsUnreserved), "a%20b%26c%3Dd%2F%C3%A9~");
  EXPECT_EQ(PercentEncode("/ur/خبر?q=1 2", IsPrintableAscii), "/ur/%D8%AE%D8%A8%D8%B1?q=1%202");
  EXPECT_EQ(PercentEncode("", IsUnreserved), "");
}

TEST(PercentDecode, DecodesEitherCaseAndRefusesBadEscapes) {
  EXPECT_EQ(PercentDecode("%C3%a9+x", false).value(), "é+x");
  EXPECT_EQ(PercentDecode("%C3%a9+x", true).value(), "é x");
  EXPECT_FALSE(PercentDecode("%4", false).has_value());
  EXPECT_FALSE(PercentDecode("%zz", false).has_value());
  EXPECT_FALSE(PercentDecode("abc%", false).has_value());
}

TEST(PercentEncode, RoundTripsEveryByte) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  EXPECT_EQ(PercentDecode(PercentEncode(all, IsUnreserved), false).value(), all);
}

}  // namespace
}  // namespace khabar
