#include "http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace khabar::http {

RateLimiter::RateLimiter(RateLimitOptions options)
    : options_(options), clock_(options.clock ? options.clock : &real_clock_) {}

std::optional<std::chrono::seconds> RateLimiter::Take(std::string_view key) {
  if (options_.per_minute <= 0) return std::nullopt;
  const double burst = std::max(1, options_.burst);
  const double per_second = options_.per_minute / 60.0;
  const SteadyTime now = clock_->Now();

  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    if (index_.size() >= std::max<size_t>(1, options_.max_keys)) {
      index_.erase(buckets_.back().key);
      buckets_.pop_back();
    }
    buckets_.push_front(Bucket{std::string(key), burst, now});
    it = index_.emplace(buckets_.front().key, buckets_.begin()).first;
  } else if (it->second != buckets_.begin()) {
    buckets_.splice(buckets_.begin(), buckets_, it->second);  // iterators stay valid
  }
  Bucket& b = *it->second;
  const double elapsed = std::chrono::duration<double>(now - b.updated).count();
  if (elapsed > 0) {
    b.tokens = std::min(burst, b.tokens + elapsed * per_second);
    b.updated = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait = (1.0 - b.tokens) / per_second;
  return std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait))));
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return index_.size();
}

std::string DescribeWait(std::chrono::seconds wait) {
  const int64_t s = std::max<int64_t>(1, wait.count());
  if (s < 120) return std::to_string(s) + (s == 1 ? " second" : " seconds");
  return std::to_string((s + 59) / 60) + " minutes";
}

}  // namespace khabar::http
