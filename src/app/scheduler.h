// Scheduler: the background work of a running site. Publishes scheduled
// stories when their time comes (whether or not anyone is signed in) and
// sweeps expired sessions. Runs once at start, then every `period`; a
// round whose publishing failed (the database away, a lock timed out) is
// tried again after a second rather than a whole period.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "auth/accounts.h"
#include "base/clock.h"
#include "metrics/counter.h"
#include "store/store.h"

namespace khabar {

class Scheduler {
 public:
  // Starts the thread. REQUIRES: the arguments outlive the Scheduler.
  // `also` runs after each round (page-view flushing); may be empty.
  // `published`, when set, counts the stories it publishes.
  Scheduler(NewsroomStore& store, Accounts& accounts, const Clock& clock,
            std::function<void()> also = {}, metrics::Counter* published = nullptr,
            std::chrono::seconds period = std::chrono::seconds(10));
  // Stops the thread, waiting for a run in progress.
  ~Scheduler();

  // RunOnce publishes what is due and sweeps sessions; returns how many
  // stories it published, or -1 when publishing failed (logged).
  int RunOnce();

 private:
  void Loop();

  NewsroomStore& store_;
  Accounts& accounts_;
  const Clock& clock_;
  const std::function<void()> also_;
  metrics::Counter* const published_;
  const std::chrono::seconds period_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::chrono::steady_clock::time_point last_sweep_{};
  std::thread thread_;  // started last, after every field it reads
};

}  // namespace khabar
