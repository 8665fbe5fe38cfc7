// ViewCounter: counts article page views in memory and writes them to the
// store in one batch, so a page view never waits for a database write.
//
// The counts rank the most-read box, so they must not be cheap to buy: a
// reader (a client address key, see Count) is counted once per story per
// hour on this node, and only GET requests count (callers check). Nodes
// count apart; the store adds their counts up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "base/clock.h"
#include "store/store.h"

namespace khabar {

class ViewCounter {
 public:
  // max_readers bounds the (story, reader) pairs remembered in one hour:
  // about 40 bytes each. Past it, further new pairs are not counted that
  // hour (a flood of made-up readers must not grow memory or the counts).
  static constexpr size_t kDefaultMaxReaders = 1'000'000;

  // REQUIRES: `store` and `clock` outlive the counter.
  ViewCounter(ReaderActivity& store, const Clock& clock, size_t max_readers = kDefaultMaxReaders)
      : store_(store), clock_(clock), max_readers_(max_readers) {}

  // Count records a view of story `id` by `reader`, unless that reader was
  // already counted for that story this hour. `reader` is the client's
  // address key (an IPv6 address's /64: one household or phone). Thread-
  // safe, never blocks on I/O.
  void Count(int64_t id, std::string_view reader);

  // Flush writes the counts gathered since the last flush (to the current
  // hour) and clears them; on a store error they are kept for next time.
  Status Flush();

 private:
  ReaderActivity& store_;
  const Clock& clock_;
  const size_t max_readers_;
  std::mutex mu_;
  std::unordered_map<int64_t, int64_t> pending_;  // guarded by mu_
  Seconds hour_{};                                // the hour `seen_` is for; guarded by mu_
  std::unordered_set<uint64_t> seen_;             // hashes of (story, reader); guarded by mu_
};

}  // namespace khabar
