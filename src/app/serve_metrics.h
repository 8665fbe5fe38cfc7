// The metrics of `khabar serve` beyond SiteMetrics' own (app/site_metrics.h),
// and the server that shows them:
//
//   khabar_page_cache_hits_total                    counter
//   khabar_page_cache_misses_total                  counter
//   khabar_page_cache_dropped_total{reason}         counter: changed, room, expired
//   khabar_page_cache_entries, _bytes               gauges
//   khabar_purge_requests_total{result}             counter: ok, failed ([cache] purge)
//
// read from the page cache and the purge client when scraped. The metrics
// server answers GET /metrics only, on --metrics-listen with a thread of its
// own: the public port never shows them. Without --metrics-listen there are
// no metrics at all and both functions do nothing.
#pragma once

#include <memory>

#include "app/serve_wiring.h"
#include "base/status.h"
#include "http/server.h"

namespace khabar {

// AddCacheMetrics registers the page cache's and the purge client's metrics
// (those of them the site runs) with parts.metrics. The callbacks borrow
// both, so the metrics server must stop before they go.
void AddCacheMetrics(ServeParts& parts);

// StartMetricsServer starts the metrics server on parts.metrics_listen and
// logs where; null without --metrics-listen. Errors name --metrics-listen.
// REQUIRES: `parts` outlives the server.
Result<std::unique_ptr<http::Server>> StartMetricsServer(const ServeParts& parts);

}  // namespace khabar
