#include "app/serve_metrics.h"

#include <spdlog/spdlog.h>

#include <string_view>
#include <utility>

#include "metrics/registry.h"

namespace khabar {

void AddCacheMetrics(ServeParts& parts) {
  if (!parts.metrics) return;
  using khabar::metrics::Type;
  auto& registry = parts.metrics->registry();
  if (parts.page_cache) {
    http::PageCache* cache = parts.page_cache.get();
    auto stat = [cache](uint64_t http::PageCacheStats::*field) {
      return [cache, field] { return static_cast<double>(cache->Stats().*field); };
    };
    registry.AddCallback(Type::kCounter, "khabar_page_cache_hits_total",
                         "Public pages answered from the page cache.",
                         stat(&http::PageCacheStats::hits));
    registry.AddCallback(Type::kCounter, "khabar_page_cache_misses_total",
                         "Cacheable requests the page cache could not answer.",
                         stat(&http::PageCacheStats::misses));
    for (auto [reason, field] : {std::pair{"changed", &http::PageCacheStats::invalidated},
                                 std::pair{"room", &http::PageCacheStats::evictions},
                                 std::pair{"expired", &http::PageCacheStats::expired}}) {
      registry.AddCallback(Type::kCounter, "khabar_page_cache_dropped_total",
                           "Pages dropped from the page cache, by reason.", stat(field),
                           {{"reason", reason}});
    }
    registry.AddCallback(Type::kGauge, "khabar_page_cache_entries", "Pages in the page cache.",
                         [cache] { return static_cast<double>(cache->Stats().entries); });
    registry.AddCallback(Type::kGauge, "khabar_page_cache_bytes",
                         "Bytes of pages in the page cache.",
                         [cache] { return static_cast<double>(cache->Stats().bytes); });
  }
  // ---- Caches in front: purge requests, by result ----
  if (parts.purge) {
    for (auto [result, field] : {std::pair{"ok", &http::PurgeStats::sent},
                                 std::pair{"failed", &http::PurgeStats::failed}}) {
      registry.AddCallback(
          Type::kCounter, "khabar_purge_requests_total",
          "PURGE requests to the caches in front ([cache] purge), by result.",
          [p = parts.purge.get(), field] { return static_cast<double>(p->Stats().*field); },
          {{"result", result}});
    }
  }
  // ---- end of caches in front ----
}

Result<std::unique_ptr<http::Server>> StartMetricsServer(const ServeParts& parts) {
  if (!parts.metrics) return std::unique_ptr<http::Server>();
  http::ServerOptions metrics_options;
  metrics_options.host = parts.metrics_listen.host;
  metrics_options.port = parts.metrics_listen.port;
  metrics_options.threads = 1;
  metrics_options.clock = parts.clock.get();
  metrics_options.error_log = [](std::string_view m) { spdlog::error("metrics http: {}", m); };
  auto started = http::Server::Start(
      metrics_options, [m = parts.metrics.get()](const http::Request& r) { return m->Answer(r); },
      {});
  if (!started) return Err(started.error().WithContext("--metrics-listen"));
  spdlog::info("khabar: metrics on http://{}:{}/metrics", parts.metrics_listen.host,
               (*started)->port());
  return std::move(*started);
}

}  // namespace khabar
