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

}  // namespace
}  // namespace khabar
