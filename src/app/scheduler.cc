#include "app/scheduler.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace khabar {

Scheduler::Scheduler(NewsroomStore& store, Accounts& accounts, const Clock& clock,
                     std::function<void()> also, metrics::Counter* published,
                     std::chrono::seconds period)
    : store_(store),
      accounts_(accounts),
      clock_(clock),
      also_(std::move(also)),
      published_(published),
      period_(period),
      thread_([this] { Loop(); }) {}

Scheduler::~Scheduler() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int Scheduler::RunOnce() {
  int published = 0;
  if (auto ids = store_.PublishDueArticles(clock_.Now())) {
    published = static_cast<int>(ids->size());
    if (published_ != nullptr) published_->Inc(ids->size());
    for (int64_t id : *ids) spdlog::info("scheduler: published story {}", id);
  } else {
    spdlog::error("scheduler: {}", ids.error().ToString());
    published = -1;
  }
  auto now = std::chrono::steady_clock::now();
  if (now - last_sweep_ > std::chrono::hours(1)) {
    last_sweep_ = now;
    if (Status st = accounts_.SweepExpiredSessions(); !st.ok()) {
      spdlog::error("scheduler: session sweep: {}", st.ToString());
    }
  }
  if (also_) also_();
  return published;
}

void Scheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    const bool failed = RunOnce() < 0;
    lock.lock();
    const std::chrono::seconds wait = failed ? std::min(period_, std::chrono::seconds(1)) : period_;
    wake_.wait_for(lock, wait, [this] { return stopping_; });
  }
}

}  // namespace khabar
