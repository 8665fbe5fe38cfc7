#include "site/view_counter.h"

#include <functional>
#include <string>
#include <vector>

namespace khabar {

void ViewCounter::Count(int64_t id, std::string_view reader) {
  // 64 bits of (story, reader): a collision costs one uncounted view.
  const uint64_t key =
      std::hash<std::string_view>{}(reader)*0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(id);
  const Seconds hour = std::chrono::floor<std::chrono::hours>(clock_.Now());
  std::lock_guard lock(mu_);
  if (hour != hour_) {
    seen_.clear();
    hour_ = hour;
  }
  if (seen_.size() >= max_readers_ || !seen_.insert(key).second) return;
  ++pending_[id];
}

Status ViewCounter::Flush() {
  std::unordered_map<int64_t, int64_t> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
  }
  if (batch.empty()) return Status::Ok();
  std::vector<std::pair<int64_t, int64_t>> views(batch.begin(), batch.end());
  const Seconds hour = std::chrono::floor<std::chrono::hours>(clock_.Now());
  Status st = store_.AddPageViews(views, hour);
  if (!st.ok()) {
    // Put them back: a busy database must not lose readers' views.
    std::lock_guard lock(mu_);
    for (const auto& [id, n] : batch) pending_[id] += n;
  }
  return st;
}

}  // namespace khabar
