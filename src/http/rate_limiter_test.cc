#include "http/rate_limiter.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

RateLimitOptions Options(int per_minute, int burst, const SteadyClock* clock,
                         size_t max_keys = 100) {
  RateLimitOptions o;
  o.per_minute = per_minute;
  o.burst = burst;
  o.clock = clock;
  o.max_keys = max_keys;
  return o;
}

TEST(RateLimiter, AllowsTheBurstThenRefusesWithTheWaitForTheNextToken) {
  ManualSteadyClock clock;
  RateLimiter limiter(Options(6, 3, &clock));  // a token every 10 s
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("10.0.0.1"), std::nullopt) << i;
  EXPECT_EQ(limiter.Take("10.0.0.1"), seconds(10));
  clock.Advance(seconds(4));
  EXPECT_EQ(limiter.Take("10.0.0.1"), seconds(6)) << "refusals spend nothing";
  clock.Advance(seconds(6));
  EXPECT_EQ(limiter.Take("10.0.0.1"), std::nullopt);
  EXPECT_EQ(limiter.Take("10.0.0.1"), seconds(10));
}

TEST(RateLimiter, RetryAfterIsRoundedUpToAWholeSecond) {
  ManualSteadyClock clock;
  RateLimiter limiter(Options(120, 1, &clock));  // a token every 0.5 s
  EXPECT_EQ(limiter.Take("a"), std::nullopt);
  EXPECT_EQ(limiter.Take("a"), seconds(1));
  clock.Advance(milliseconds(499));
  EXPECT_EQ(limiter.Take("a"), seconds(1));
  clock.Advance(milliseconds(1));
  EXPECT_EQ(limiter.Take("a"), std::nullopt);
}

TEST(RateLimiter, EachKeyHasItsOwnBucket) {
  ManualSteadyClock clock;
  RateLimiter limiter(Options(60, 1, &clock));
  EXPECT_EQ(limiter.Take("a"), std::nullopt);
  EXPECT_NE(limiter.Take("a"), std::nullopt);
  EXPECT_EQ(limiter.Take("b"), std::nullopt);
}

TEST(RateLimiter, AQuietSpellRefillsOnlyUpToTheBurst) {
  ManualSteadyClock clock;
  RateLimiter limiter(Options(60, 2, &clock));
  EXPECT_EQ(limiter.Take("a"), std::nullopt);
  clock.Advance(std::chrono::hours(1));
  EXPECT_EQ(limiter.Take("a"), std::nullopt);
  EXPECT_EQ(limiter.Take("a"), std::nullopt);
  EXPECT_NE(limiter.Take("a"), std::nullopt);
}

TEST(RateLimiter, ZeroPerMinuteMeansNoLimit) {
  ManualSteadyClock clock;
  RateLimiter limiter(Options(0, 1, &clock));
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.Take("a"), std::nullopt);
  EXPECT_EQ(limiter.size(), 0u) << "nothing is remembered when there is no limit";
}

TEST(RateLimiter, RemembersAtMostMaxKeysForgettingTheLeastRecentlySeen) {
  ManualSteadyClock clock;
  RateLimiter limiter(Options(1, 1, &clock, /*max_keys=*/3));
  for (std::string k : {"a", "b", "c"}) EXPECT_EQ(limiter.Take(k), std::nullopt);
  EXPECT_NE(limiter.Take("a"), std::nullopt);  // "a" is now the most recent
  EXPECT_EQ(limiter.Take("d"), std::nullopt);  // forgets "b", the least recent
  EXPECT_EQ(limiter.size(), 3u);
  EXPECT_NE(limiter.Take("a"), std::nullopt) << "a recently seen key is kept";
  EXPECT_NE(limiter.Take("c"), std::nullopt);
  EXPECT_EQ(limiter.Take("b"), std::nullopt) << "a forgotten key starts with a full bucket";
  EXPECT_EQ(limiter.size(), 3u);
  for (int i = 0; i < 1000; ++i) limiter.Take("k" + std::to_string(i));
  EXPECT_EQ(limiter.size(), 3u);
}

TEST(DescribeWait, SecondsThenMinutes) {
  EXPECT_EQ(DescribeWait(seconds(0)), "1 second");
  EXPECT_EQ(DescribeWait(seconds(1)), "1 second");
  EXPECT_EQ(DescribeWait(seconds(30)), "30 seconds");
  EXPECT_EQ(DescribeWait(seconds(119)), "119 seconds");
  EXPECT_EQ(DescribeWait(seconds(121)), "3 minutes");
  EXPECT_EQ(DescribeWait(seconds(900)), "15 minutes");
}

}  // namespace
}  // namespace khabar::http
