#include "base/numbers.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(ParsePositiveId, DigitsAboveZeroOnly) {
  EXPECT_EQ(ParsePositiveId("42"), 42);
  for (const char* bad : {"", "0", "-1", "+1", " 1", "1x", "1.5", "99999999999999999999"}) {
    EXPECT_FALSE(ParsePositiveId(bad)) << bad;
  }
}

TEST(ParseWholeNumber, DigitsWithinTheRangeOnly) {
  EXPECT_EQ(ParseWholeNumber("0", 0, 5), 0);
  EXPECT_EQ(ParseWholeNumber("5", 0, 5), 5);
  EXPECT_EQ(ParseWholeNumber("007", 1, 10), 7);
  for (const char* bad : {"", "6", "-0", "-1", "+1", " 1", "1 ", "1x", "1.5", "1e3"}) {
    EXPECT_FALSE(ParseWholeNumber(bad, 0, 5)) << bad;
  }
  EXPECT_FALSE(ParseWholeNumber("99999999999999999999", 0, 5));
}

}  // namespace
}  // namespace khabar
