// Histogram: how observed values (durations, in seconds) spread over fixed
// buckets, with their count and sum, as Prometheus histograms expose them.
//
// Buckets are given as upper bounds at construction and never change; an
// observation lands in the first bucket whose bound is >= the value, or in
// the implicit +Inf bucket above them all.
//
// Thread-safety: Observe and Read may be called from any thread at once.
// Observe is two relaxed atomic additions and a binary search over the
// bounds, no lock. Read is not a snapshot of one instant: an observation
// racing with it may be in the buckets but not yet in the sum. Counts stay
// consistent with each other because the count is the buckets' total.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace khabar::metrics {

// ValidBounds: finite, strictly increasing upper bounds (possibly none, for
// a histogram that only counts and sums).
bool ValidBounds(const std::vector<double>& bounds);

class Histogram {
 public:
  // REQUIRES: ValidBounds(*bounds). Series of one family share `bounds`.
  explicit Histogram(std::shared_ptr<const std::vector<double>> bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // Observe records one value. NaN is ignored: it belongs to no bucket and
  // would poison the sum forever.
  void Observe(double value);

  struct Snapshot {
    // cumulative[i] counts values <= bounds()[i]; the last element (one
    // past the bounds) counts every value: the +Inf bucket.
    std::vector<uint64_t> cumulative;
    uint64_t count = 0;  // == cumulative.back()
    double sum = 0;
  };
  // Read returns the counts so far.
  Snapshot Read() const;

  const std::vector<double>& bounds() const { return *bounds_; }

 private:
  const std::shared_ptr<const std::vector<double>> bounds_;
  // One per bound plus the +Inf bucket; each counts only its own range,
  // so an observation touches one of them.
  const std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<double> sum_{0};
};

}  // namespace khabar::metrics
