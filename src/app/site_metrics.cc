#include "app/site_metrics.h"

#include <array>
#include <charconv>
#include <string_view>

#include "metrics/text_format.h"

namespace khabar {
namespace {

// Page answers range from well under a millisecond (cached pages) to
// seconds (image uploads); 5 s is past any answer worth telling apart.
const std::vector<double> kRequestBuckets = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
// Most queries take tens of microseconds; a search over a large archive
// tens of milliseconds; a write waiting for the lock up to busy_timeout.
const std::vector<double> kQueryBuckets = {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
                                           0.001,   0.0025,   0.005,   0.01,   0.025,   0.05,
                                           0.1,     0.25,     0.5,     1};

std::string_view MethodLabel(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kKnown = {"GET",    "HEAD",  "POST",   "PUT",
                                                             "DELETE", "PATCH", "OPTIONS"};
  for (std::string_view m : kKnown) {
    if (m == method) return m;
  }
  return "other";
}

}  // namespace

SiteMetrics::SiteMetrics()
    : requests_(registry_.AddCounter("khabar_http_requests_total",
                                     "HTTP requests answered by the public server, by route "
                                     "pattern, method and status code.",
                                     {"route", "method", "status"})),
      request_seconds_(registry_.AddHistogram(
          "khabar_http_request_duration_seconds",
          "Time from a request's first byte read to its answer's last byte written, by route.",
          kRequestBuckets, {"route"})),
      query_seconds_(registry_
                         .AddHistogram("khabar_store_query_duration_seconds",
                                       "Time SQLite spent running each SQL statement.",
                                       kQueryBuckets)
                         .With({})),
      published_(registry_
                     .AddCounter("khabar_stories_published_total",
                                 "Stories that went live, from the newsroom or on schedule.")
                     .With({})) {}

void SiteMetrics::ObserveRequest(const http::AccessLogEntry& entry) {
  const std::string_view route = entry.route.empty() ? "other" : std::string_view(entry.route);
  char status[16];
  auto [end, ec] = std::to_chars(status, status + sizeof status, entry.status);
  const std::string_view status_text(status, ec == std::errc() ? end - status : 0);
  requests_.With({route, MethodLabel(entry.method), status_text}).Inc();
  request_seconds_.With({route}).Observe(std::chrono::duration<double>(entry.duration).count());
}

std::function<void(std::chrono::nanoseconds)> SiteMetrics::QueryObserver() {
  return [this](std::chrono::nanoseconds took) {
    query_seconds_.Observe(std::chrono::duration<double>(took).count());
  };
}

http::Response SiteMetrics::Answer(const http::Request& req) const {
  if (req.path != "/metrics" || (req.method != "GET" && req.method != "HEAD")) {
    return http::Text("404 Not Found\n", 404);
  }
  http::Response res;
  res.body = registry_.Render();
  res.SetHeader("Content-Type", std::string(metrics::kTextContentType));
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

}  // namespace khabar
