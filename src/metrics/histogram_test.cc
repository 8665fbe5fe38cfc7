#include "metrics/histogram.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace khabar::metrics {
namespace {

std::shared_ptr<const std::vector<double>> Bounds(std::vector<double> b) {
  return std::make_shared<const std::vector<double>>(std::move(b));
}

TEST(Histogram, AValueLandsInTheFirstBucketWhoseBoundIsAtLeastIt) {
  Histogram h(Bounds({0.1, 1, 10}));
  for (double v : {0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 11.0, 1e9, -3.0}) h.Observe(v);
  Histogram::Snapshot s = h.Read();
  // <=0.1: 0.05, 0.1, -3; <=1: +0.5, 1; <=10: +5, 10; +Inf: +11, 1e9.
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{3, 5, 7, 9}));
  EXPECT_EQ(s.count, 9u);
  EXPECT_DOUBLE_EQ(s.sum, 0.05 + 0.1 + 0.5 + 1 + 5 + 10 + 11 + 1e9 - 3);
}

TEST(Histogram, NaNIsIgnoredAndInfinityCountsAboveEveryBound) {
  Histogram h(Bounds({1}));
  h.Observe(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(h.Read().count, 0u);
  h.Observe(std::numeric_limits<double>::infinity());
  Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{0, 1}));
}

TEST(Histogram, NoBoundsOnlyCountsAndSums) {
  Histogram h(Bounds({}));
  h.Observe(2);
  h.Observe(3);
  Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{2}));
  EXPECT_DOUBLE_EQ(s.sum, 5);
}

TEST(Histogram, ValidBounds) {
  EXPECT_TRUE(ValidBounds({}));
  EXPECT_TRUE(ValidBounds({0.001, 0.01, 1}));
  EXPECT_FALSE(ValidBounds({1, 1}));
  EXPECT_FALSE(ValidBounds({2, 1}));
  EXPECT_FALSE(ValidBounds({1, std::numeric_limits<double>::infinity()}));
  EXPECT_FALSE(ValidBounds({std::nan("")}));
}

TEST(Histogram, ConcurrentObservationsAreAllCounted) {
  Histogram h(Bounds({0.5, 1.5}));
  constexpr int kThreads = 8, kEach = 50000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&h, t] {
      for (int i = 0; i < kEach; ++i) h.Observe(t % 3);  // 0, 1 or 2
    });
  }
  for (auto& t : threads) t.join();
  Histogram::Snapshot s = h.Read();
  // Threads 0,3,6 observe 0; 1,4,7 observe 1; 2,5 observe 2.
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{3 * kEach, 6 * kEach, 8 * kEach}));
  EXPECT_DOUBLE_EQ(s.sum, 3.0 * kEach * 1 + 2.0 * kEach * 2);
}

}  // namespace
}  // namespace khabar::metrics
