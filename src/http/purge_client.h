// PurgeClient: tells the HTTP caches in front of khabar (Varnish, or a CDN
// edge that takes the same request) to drop the pages showing what
// changed, in the same words khabar's own page cache drops them by.
//
// What it sends: to every endpoint, `PURGE <path>` with
// `Surrogate-Key: k1 k2 ...`, the keys pages name in their own
// Surrogate-Key header (http/finish.h), or `Surrogate-Key: *` to drop
// everything (a settings change). deploy/varnish/khabar.vcl turns either
// into a ban. A 2xx answer is success; anything else, a refused
// connection or a timeout is a failure: logged, counted and not retried.
// The caches' own expiry (s-maxage) bounds how long a page a failed purge
// left behind is served.
//
// Never blocking the caller: Purge and PurgeAll only queue and return.
// The client's own thread sends what has queued; whatever queues while a
// send is under way goes out together in the next one (one request per
// endpoint, split only when the header would pass max_header_bytes). The
// endpoints are called at the same time, each bounded by `timeout`.
//
// Each batch is sent a second time `repeat_after` later. Varnish bans only
// objects already in the cache when the ban arrives; a page rendered from
// data read just before a change, and stored just after its purge, would
// otherwise be served stale for its whole s-maxage.
//
// Thread-safety: Purge, PurgeAll and Stats may be called from any thread.
// The destructor stops the thread at once: a send under way is abandoned
// and purges still queued are dropped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/http_url.h"
#include "base/status.h"

namespace khabar::http {

struct PurgeOptions {
  // endpoints: http:// addresses of the caches ("http://127.0.0.1:6081/");
  // the path is the request target sent with PURGE.
  std::vector<std::string> endpoints;
  // timeout bounds one request: resolving, connecting, sending, answer.
  std::chrono::milliseconds timeout{2000};
  // repeat_after: when each batch is sent again; zero sends it once.
  std::chrono::milliseconds repeat_after{2000};
  // max_header_bytes bounds one Surrogate-Key header (Varnish refuses
  // request header lines over 8 KB).
  size_t max_header_bytes = 4000;
  // error_log receives failures, one line each. Empty = stderr. Called
  // from the client's thread.
  std::function<void(std::string_view)> error_log;
};

// PurgeStats are counters since start, one request to one endpoint each.
struct PurgeStats {
  uint64_t sent = 0;    // answered 2xx
  uint64_t failed = 0;  // refused, timed out or answered otherwise
};

class PurgeClient {
 public:
  // Start checks every endpoint (kInvalidArgument naming a bad one) and
  // starts the thread.
  static Result<std::unique_ptr<PurgeClient>> Start(PurgeOptions options);
  ~PurgeClient();
  PurgeClient(const PurgeClient&) = delete;
  PurgeClient& operator=(const PurgeClient&) = delete;

  // Purge queues `keys` (cache keys: no spaces, as site/cache_keys.h
  // makes them; others are skipped).
  void Purge(const std::vector<std::string>& keys);
  // PurgeAll queues dropping everything; it absorbs any keys queued.
  void PurgeAll();

  PurgeStats Stats() const;

  // kAll is the Surrogate-Key value that asks for everything to go.
  static constexpr std::string_view kAll = "*";

 private:
  // Batch is what one send asks for: some keys, or everything.
  struct Batch {
    std::set<std::string> keys;
    bool all = false;
    bool empty() const { return !all && keys.empty(); }
    void Merge(const Batch& other);
  };
  struct Repeat {
    std::chrono::steady_clock::time_point due;
    Batch batch;
  };
  struct Impl;  // the Asio side, touched only by the thread

  PurgeClient(PurgeOptions options, std::vector<HttpUrl> endpoints);
  void Loop();
  // HeaderValues splits a batch into Surrogate-Key values.
  std::vector<std::string> HeaderValues(const Batch& batch) const;

  const PurgeOptions options_;
  const std::vector<HttpUrl> endpoints_;
  std::unique_ptr<Impl> impl_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  Batch pending_;               // guarded by mu_
  std::deque<Repeat> repeats_;  // guarded by mu_; due times in order
  bool stopping_ = false;       // guarded by mu_
  PurgeStats stats_;            // guarded by mu_
  std::thread thread_;          // started last
};

}  // namespace khabar::http
