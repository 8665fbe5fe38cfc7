// SiteMetrics: what `khabar serve` exports for Prometheus at /metrics on
// its separate metrics address (--metrics-listen), never on the public one:
//
//   khabar_http_requests_total{route,method,status}     counter
//   khabar_http_request_duration_seconds{route}         histogram, 0.1 ms .. 5 s
//   khabar_store_query_duration_seconds                 histogram, 10 us .. 1 s
//   khabar_stories_published_total                      counter
//
// plus whatever the wiring adds to registry() (the page cache's counters,
// as callbacks).
//
// SiteMetrics owns the Registry. The public server's access log, the
// store's query observer, the newsroom and the scheduler feed it, so it
// must outlive all of them. Thread-safe.
#pragma once

#include <chrono>
#include <functional>

#include "http/message.h"
#include "http/server.h"
#include "metrics/registry.h"

namespace khabar {

class SiteMetrics {
 public:
  SiteMetrics();
  SiteMetrics(const SiteMetrics&) = delete;
  SiteMetrics& operator=(const SiteMetrics&) = delete;

  // registry is where further metrics are plugged in.
  metrics::Registry& registry() { return registry_; }

  // ObserveRequest counts one request the public server answered and its
  // duration. Requests no route answered (unknown paths, refused requests)
  // are labelled route="other", and methods outside the standard ones
  // method="other", so a client cannot mint new series.
  void ObserveRequest(const http::AccessLogEntry& entry);

  // QueryObserver returns a SqliteOptions::query_observer that feeds the
  // store query histogram. It refers to this object.
  std::function<void(std::chrono::nanoseconds)> QueryObserver();

  // published counts stories that went live, from the newsroom and the
  // scheduler.
  metrics::Counter& published() { return published_; }

  // Answer is the whole handler of the metrics server: GET or HEAD
  // /metrics gets the text format, uncacheable; anything else is a 404.
  http::Response Answer(const http::Request& req) const;

 private:
  metrics::Registry registry_;
  metrics::Family<metrics::Counter>& requests_;
  metrics::Family<metrics::Histogram>& request_seconds_;
  metrics::Histogram& query_seconds_;
  metrics::Counter& published_;
};

}  // namespace khabar
