#include "site/view_counter.h"

#include <vector>

namespace khabar {

void ViewCounter::Count(int64_t id) {
  std::lock_guard lock(mu_);
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
