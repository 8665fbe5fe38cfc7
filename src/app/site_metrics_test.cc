#include "app/site_metrics.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar {
namespace {

using namespace std::chrono_literals;

http::AccessLogEntry Entry(std::string method, std::string route, int status,
                           std::chrono::microseconds took) {
  http::AccessLogEntry e;
  e.method = std::move(method);
  e.route = std::move(route);
  e.status = status;
  e.duration = took;
  return e;
}

bool Has(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

std::string Scrape(const SiteMetrics& m) {
  http::Request req;
  req.method = "GET";
  req.path = "/metrics";
  return m.Answer(req).body;
}

TEST(SiteMetrics, CountsRequestsByRouteMethodAndStatus) {
  SiteMetrics m;
  m.ObserveRequest(Entry("GET", "/news/{id}/{slug}", 200, 300us));
  m.ObserveRequest(Entry("GET", "/news/{id}/{slug}", 200, 2ms));
  m.ObserveRequest(Entry("HEAD", "/news/{id}/{slug}", 304, 100us));
  m.ObserveRequest(Entry("GET", "", 404, 1ms));    // no route matched
  m.ObserveRequest(Entry("BREW", "", 501, 50us));  // a made-up method
  m.ObserveRequest(Entry("", "", 400, 10us));      // no request line at all
  std::string text = Scrape(m);
  EXPECT_TRUE(Has(
      text, R"(khabar_http_requests_total{route="/news/{id}/{slug}",method="GET",status="200"} 2)"))
      << text;
  EXPECT_TRUE(
      Has(text,
          R"(khabar_http_requests_total{route="/news/{id}/{slug}",method="HEAD",status="304"} 1)"));
  EXPECT_TRUE(
      Has(text, R"(khabar_http_requests_total{route="other",method="GET",status="404"} 1)"));
  EXPECT_TRUE(
      Has(text, R"(khabar_http_requests_total{route="other",method="other",status="501"} 1)"));
  EXPECT_TRUE(
      Has(text, R"(khabar_http_requests_total{route="other",method="other",status="400"} 1)"));
  // 300 us is above 0.25 ms and within 0.5 ms; 2 ms within 2.5 ms.
  EXPECT_TRUE(Has(
      text,
      R"(khabar_http_request_duration_seconds_bucket{route="/news/{id}/{slug}",le="0.00025"} 1)"));
  EXPECT_TRUE(Has(
      text,
      R"(khabar_http_request_duration_seconds_bucket{route="/news/{id}/{slug}",le="0.0005"} 2)"));
  EXPECT_TRUE(Has(
      text,
      R"(khabar_http_request_duration_seconds_bucket{route="/news/{id}/{slug}",le="0.0025"} 3)"));
  EXPECT_TRUE(
      Has(text, R"(khabar_http_request_duration_seconds_count{route="/news/{id}/{slug}"} 3)"));
  EXPECT_TRUE(Has(text, R"(khabar_http_request_duration_seconds_count{route="other"} 3)"));
}

TEST(SiteMetrics, StoreQueriesAndPublishedStories) {
  SiteMetrics m;
  auto observe = m.QueryObserver();
  observe(20us);
  observe(3ms);
  m.published().Inc();
  std::string text = Scrape(m);
  EXPECT_TRUE(Has(text, R"(khabar_store_query_duration_seconds_bucket{le="2.5e-05"} 1)")) << text;
  EXPECT_TRUE(Has(text, R"(khabar_store_query_duration_seconds_bucket{le="+Inf"} 2)"));
  EXPECT_TRUE(Has(text, "khabar_store_query_duration_seconds_count 2"));
  EXPECT_TRUE(Has(text, "khabar_stories_published_total 1"));
  EXPECT_TRUE(Has(text, "# TYPE khabar_stories_published_total counter"));
}

TEST(SiteMetrics, AnswersOnlyGetMetrics) {
  SiteMetrics m;
  http::Request req;
  req.method = "GET";
  req.path = "/metrics";
  http::Response res = m.Answer(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.Header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(res.Header("Cache-Control"), "no-store");
  EXPECT_TRUE(res.body.starts_with("# HELP khabar_http_requests_total "));
  req.method = "HEAD";
  EXPECT_EQ(m.Answer(req).status, 200);
  req.method = "POST";
  EXPECT_EQ(m.Answer(req).status, 404);
  req.method = "GET";
  for (const char* path : {"/", "/metrics/", "/metricsx", "/healthz", "/news/1/a"}) {
    req.path = path;
    EXPECT_EQ(m.Answer(req).status, 404) << path;
  }
}

TEST(SiteMetrics, MorePlugsIntoTheRegistry) {
  SiteMetrics m;
  m.registry().AddCallback(metrics::Type::kGauge, "khabar_page_cache_entries", "Pages cached.",
                           [] { return 7.0; });
  EXPECT_TRUE(Has(Scrape(m), "khabar_page_cache_entries 7"));
}

}  // namespace
}  // namespace khabar
