// RateLimiter: how often one client may do one costly thing (search, a
// sign-in attempt, a comment post). Each key (the client's address, from
// http/client_address.h, through ClientKey in base/ip_network.h: an IPv6
// client is one key for its whole /64) has a token bucket: it holds up to
// `burst` tokens, gains `per_minute` tokens a minute, and each request
// spends one; a request finding the bucket empty is refused with the time
// until the next token, for a 429's Retry-After.
//
// This is in-process: each node counts its own clients. The store keeps
// the limits that must hold across nodes (failed sign-ins, comments
// accepted); these bound the cost of requests on one node, whatever their
// outcome.
//
// Memory is bounded: at most `max_keys` addresses are remembered, and past
// that the least recently seen is forgotten (it starts again with a full
// bucket, which is what it would have after any quiet spell).
//
// Thread-safety: every method may be called from many threads at once (one
// mutex; a Take is a hash lookup and a little arithmetic).
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/steady_clock.h"

namespace khabar::http {

struct RateLimitOptions {
  int per_minute = 60;  // tokens regained per minute; 0 = no limit
  int burst = 20;       // bucket size (>= 1): requests allowed at once after a quiet spell
  size_t max_keys = 100000;
  // clock measures elapsed time; nullptr = the real steady clock. Not
  // owned; must outlive the RateLimiter.
  const SteadyClock* clock = nullptr;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimitOptions options);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Take spends one of `key`'s tokens. nullopt: allowed. Otherwise refused
  // (nothing is spent) and the value is how long until a token is back,
  // rounded up to whole seconds, at least 1: the Retry-After to send.
  std::optional<std::chrono::seconds> Take(std::string_view key);

  // size is how many keys are remembered now (at most max_keys).
  size_t size() const;

  const RateLimitOptions& options() const { return options_; }

 private:
  struct Bucket {
    std::string key;
    double tokens;
    SteadyTime updated;
  };

  const RateLimitOptions options_;
  RealSteadyClock real_clock_;
  const SteadyClock* const clock_;

  mutable std::mutex mu_;
  // Most recently seen first; index_ points into it (its keys view the
  // Buckets' strings, which a std::list never moves). Guarded by mu_.
  std::list<Bucket> buckets_;
  std::unordered_map<std::string_view, std::list<Bucket>::iterator> index_;
};

// DescribeWait says a Retry-After for people: "1 second", "40 seconds",
// "2 minutes" (whole minutes rounded up from 120 s on).
std::string DescribeWait(std::chrono::seconds wait);

}  // namespace khabar::http
