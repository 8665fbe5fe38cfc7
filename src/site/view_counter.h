// ViewCounter: counts article page views in memory and writes them to the
// store in one batch, so a page view never waits for a database write.
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "base/clock.h"
#include "store/store.h"

namespace khabar {

class ViewCounter {
 public:
  // REQUIRES: `store` and `clock` outlive the counter.
  ViewCounter(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Count records one view of story `id`. Thread-safe, never blocks on I/O.
  void Count(int64_t id);

  // Flush writes the counts gathered since the last flush (to the current
  // hour) and clears them; on a store error they are kept for next time.
  Status Flush();

 private:
  Store& store_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<int64_t, int64_t> pending_;  // guarded by mu_
};

}  // namespace khabar
