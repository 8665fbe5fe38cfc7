// Counter: a count that only goes up (requests served, stories published).
//
// Thread-safety: Inc and Value may be called from any thread at once; each
// is one relaxed atomic operation, no lock. A Counter lives inside a
// metrics::Registry (registry.h), which owns it; callers hold references.
#pragma once

#include <atomic>
#include <cstdint>

namespace khabar::metrics {

class Counter {
 public:
  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  // Inc adds `n`.
  void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  // Value is the count so far.
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

}  // namespace khabar::metrics
