// SteadyClock: elapsed time, as opposed to Clock's wall time. Rate limits
// and timeouts measure how long ago something happened, which must not
// jump when the wall clock is set (or is fixed with KHABAR_NOW for tests
// and demos). Injected like Clock, so unit tests step time by hand.
#pragma once

#include <atomic>
#include <chrono>

namespace khabar {

using SteadyTime = std::chrono::steady_clock::time_point;

// SteadyClock is thread-safe: Now() may be called from any thread.
class SteadyClock {
 public:
  virtual ~SteadyClock() = default;
  virtual SteadyTime Now() const = 0;
};

// RealSteadyClock reads std::chrono::steady_clock.
class RealSteadyClock final : public SteadyClock {
 public:
  SteadyTime Now() const override { return std::chrono::steady_clock::now(); }
};

// ManualSteadyClock stands still until Advance moves it; for tests.
class ManualSteadyClock final : public SteadyClock {
 public:
  SteadyTime Now() const override {
    return SteadyTime(std::chrono::steady_clock::duration(ticks_.load()));
  }
  void Advance(std::chrono::steady_clock::duration d) { ticks_ += d.count(); }

 private:
  std::atomic<std::chrono::steady_clock::duration::rep> ticks_{0};
};

}  // namespace khabar
