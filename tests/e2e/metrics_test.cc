// /metrics on its own address (--metrics-listen): the Prometheus text
// format, counters that follow public requests and publishing, and nothing
// of it on the public port.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "support/http_client.h"
#include "support/newsroom_site.h"
#include "support/process.h"
#include "support/web_session.h"

namespace khabar::testing {
namespace {

// Samples maps a series as written ("name{label=\"v\",...}") to its value.
using Samples = std::map<std::string, double>;

// ParseExposition reads the text format strictly: every line is a HELP or
// TYPE comment or a sample `name{labels} value`; anything else fails the
// test. Returns the samples.
Samples ParseExposition(const std::string& text) {
  static const std::regex kSample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")"
      R"((?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? ([^ ]+))");
  static const std::regex kHelp(R"(# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*)");
  static const std::regex kType(R"(# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram))");
  Samples samples;
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "the text must end with a newline";
  std::istringstream in(text);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.starts_with("#")) {
      EXPECT_TRUE(std::regex_match(line, kHelp) || std::regex_match(line, kType)) << line;
      continue;
    }
    if (!std::regex_match(line, m, kSample)) {
      ADD_FAILURE() << "not a sample line: " << line;
      continue;
    }
    const std::string value = m[3];
    double v = 0;
    if (value == "+Inf") {
      v = INFINITY;
    } else if (value == "-Inf") {
      v = -INFINITY;
    } else if (value == "NaN") {
      v = NAN;
    } else {
      char* end = nullptr;
      v = std::strtod(value.c_str(), &end);
      EXPECT_EQ(*end, '\0') << "not a number: " << line;
    }
    EXPECT_FALSE(samples.contains(m[1].str() + m[2].str())) << "repeated series: " << line;
    samples[m[1].str() + m[2].str()] = v;
  }
  return samples;
}

double Get(const Samples& s, const std::string& series) {
  auto it = s.find(series);
  return it == s.end() ? 0 : it->second;
}

std::string Requests(const std::string& route, const std::string& method, int status) {
  return "khabar_http_requests_total{route=\"" + route + "\",method=\"" + method + "\",status=\"" +
         std::to_string(status) + "\"}";
}

// ScrapeUntil scrapes until `done` holds or two seconds pass, and returns
// the last scrape. A request is counted just after its answer is written,
// so a client can see the answer a moment before the count.
Samples ScrapeUntil(int metrics_port, const std::function<bool(const Samples&)>& done) {
  Samples s;
  for (int i = 0; i < 40; ++i) {
    HttpResponse r = HttpGet(metrics_port, "/metrics");
    EXPECT_EQ(r.status, 200);
    s = ParseExposition(r.body);
    if (done(s)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return s;
}

class MetricsEndpoint : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new TempDir();
    metrics_port_ = FreePort();
    server_ = new ServerProcess({"--config", (SourceDir() / "config" / "site.toml").string(),
                                 "--db", (site_->path() / "khabar.db").string(), "--demo",
                                 "--metrics-listen", "127.0.0.1:" + std::to_string(metrics_port_)},
                                {{"KHABAR_NOW", "2026-11-28T12:00:00+05:00"}});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete site_;
  }
  void SetUp() override { ASSERT_TRUE(server_->running()) << server_->Log(); }

  static inline TempDir* site_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline int metrics_port_ = 0;
};

TEST_F(MetricsEndpoint, ScrapeIsThePrometheusTextFormat) {
  HttpResponse r = HttpGet(metrics_port_, "/metrics");
  ASSERT_EQ(r.status, 200) << server_->Log();
  EXPECT_EQ(r.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  Samples s = ParseExposition(r.body);
  for (const char* type : {"# TYPE khabar_http_requests_total counter",
                           "# TYPE khabar_http_request_duration_seconds histogram",
                           "# TYPE khabar_store_query_duration_seconds histogram",
                           "# TYPE khabar_stories_published_total counter"}) {
    EXPECT_NE(r.body.find(std::string("\n") + type + "\n"), std::string::npos) << type;
  }
  EXPECT_TRUE(s.contains("khabar_stories_published_total"));
  // Starting the site ran queries: the migrations, the demo import.
  EXPECT_GT(Get(s, "khabar_store_query_duration_seconds_count"), 0);
  EXPECT_EQ(Get(s, "khabar_store_query_duration_seconds_count"),
            Get(s, "khabar_store_query_duration_seconds_bucket{le=\"+Inf\"}"));
}

TEST_F(MetricsEndpoint, PageCacheHitsAndMissesAreCounted) {
  const int public_port = server_->port();
  Samples before = ParseExposition(HttpGet(metrics_port_, "/metrics").body);
  // The first read of a page not yet cached misses; the second hits.
  EXPECT_EQ(HttpGet(public_port, "/section/pakistan").Header("x-cache"), "miss");
  EXPECT_EQ(HttpGet(public_port, "/section/pakistan").Header("x-cache"), "hit");
  Samples after = ParseExposition(HttpGet(metrics_port_, "/metrics").body);
  EXPECT_EQ(
      Get(after, "khabar_page_cache_hits_total") - Get(before, "khabar_page_cache_hits_total"), 1);
  EXPECT_EQ(
      Get(after, "khabar_page_cache_misses_total") - Get(before, "khabar_page_cache_misses_total"),
      1);
  EXPECT_GE(Get(after, "khabar_page_cache_entries"), 1);
  EXPECT_GT(Get(after, "khabar_page_cache_bytes"), 0);
  EXPECT_TRUE(after.contains("khabar_page_cache_dropped_total{reason=\"changed\"}"));
}

TEST_F(MetricsEndpoint, PublicRequestsAreCountedByRouteAndStatus) {
  const int public_port = server_->port();
  Samples before = ParseExposition(HttpGet(metrics_port_, "/metrics").body);
  // target -> the route it should be counted under; each is asked twice.
  const std::vector<std::pair<std::string, std::string>> asks = {
      {"/", "/"},
      {"/healthz", "/healthz"},
      {"/section/no-such-section", "/section/{slug}"},
      {"/no/such/page", "other"},
      {"/robots.txt", "/robots.txt"},
  };
  std::map<std::string, int> expected;  // series -> how many more
  for (int round = 0; round < 2; ++round) {
    for (const auto& [target, route] : asks) {
      HttpResponse r = HttpGet(public_port, target);
      ASSERT_NE(r.status, 0) << target;
      ++expected[Requests(route, "GET", r.status)];
    }
  }
  EXPECT_GT(expected[Requests("/section/{slug}", "GET", 404)], 0);
  EXPECT_GT(expected[Requests("other", "GET", 404)], 0);
  auto rose = [&](const Samples& now) {
    for (const auto& [series, n] : expected) {
      if (Get(now, series) - Get(before, series) < n) return false;
    }
    return true;
  };
  Samples after = ScrapeUntil(metrics_port_, rose);
  for (const auto& [series, n] : expected) {
    EXPECT_EQ(Get(after, series) - Get(before, series), n) << series;
  }
  // The latency histogram counted the same requests.
  const std::string home = "khabar_http_request_duration_seconds_count{route=\"/\"}";
  EXPECT_EQ(Get(after, home) - Get(before, home), 2);
  EXPECT_EQ(Get(after, "khabar_http_request_duration_seconds_bucket{route=\"/\",le=\"+Inf\"}"),
            Get(after, home));
  EXPECT_GT(Get(after, "khabar_http_request_duration_seconds_sum{route=\"/\"}"), 0);
  // Pages read the store.
  EXPECT_GT(Get(after, "khabar_store_query_duration_seconds_count"),
            Get(before, "khabar_store_query_duration_seconds_count"));
  // Scrapes are not public requests.
  EXPECT_EQ(after.count(Requests("other", "GET", 200)), 0u);
}

TEST_F(MetricsEndpoint, MetricsAreNotServedOnThePublicPort) {
  HttpResponse r = HttpGet(server_->port(), "/metrics");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("khabar_http_requests_total"), std::string::npos);
}

TEST_F(MetricsEndpoint, TheMetricsPortServesNothingElse) {
  for (const char* target : {"/", "/healthz", "/news/1", "/metrics/x", "/admin"}) {
    EXPECT_EQ(HttpGet(metrics_port_, target).status, 404) << target;
  }
  HttpResponse post = HttpRaw(metrics_port_,
                              "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                              "Connection: close\r\n\r\n");
  EXPECT_EQ(post.status, 404);
}

TEST(MetricsOff, WithoutMetricsListenThereIsNoMetricsEndpoint) {
  TempDir site;
  ServerProcess server({"--db", (site.path() / "khabar.db").string()}, {});
  ASSERT_TRUE(server.running()) << server.Log();
  EXPECT_EQ(HttpGet(server.port(), "/metrics").status, 404);
}

TEST(MetricsCli, TheFlagIsDocumentedAndCheckedAtStart) {
  CommandResult help = RunKhabar({"serve", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--metrics-listen"), std::string::npos) << help.out;
  TempDir site;
  CommandResult bad = RunKhabar(
      {"serve", "--db", (site.path() / "khabar.db").string(), "--metrics-listen", "nowhere"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("--metrics-listen 'nowhere': expected HOST:PORT"), std::string::npos)
      << bad.err;
}

// Stories that go live are counted, whether an editor publishes them or
// the scheduler does when their time comes.
TEST(MetricsPublishing, PublishedStoriesAreCounted) {
  const int metrics_port = FreePort();
  NewsroomSite site("2026-03-02T10:00:00+05:00",
                    {"--metrics-listen", "127.0.0.1:" + std::to_string(metrics_port)});
  ASSERT_TRUE(site.running()) << site.Log();
  auto published = [&] {
    return Get(ParseExposition(HttpGet(metrics_port, "/metrics").body),
               "khabar_stories_published_total");
  };
  EXPECT_EQ(published(), 0);
  ASSERT_EQ(site.AddUser("eddie", "editor", "eddie-password-1"), 0);
  WebSession eddie = site.SignIn("eddie", "eddie-password-1");
  ASSERT_TRUE(SignedIn(eddie));

  StoryForm now;
  now.headline = "Published at once";
  const int64_t first = CreateStory(eddie, now);
  ASSERT_GT(first, 0);
  ASSERT_EQ(MoveStory(eddie, first, ReadStory(eddie, first).version, "published").status, 303);
  EXPECT_EQ(published(), 1);

  StoryForm later;
  later.headline = "Published at noon";
  const int64_t second = CreateStory(eddie, later);
  ASSERT_GT(second, 0);
  ASSERT_EQ(
      MoveStory(eddie, second, ReadStory(eddie, second).version, "scheduled", "2026-03-02T12:00")
          .status,
      303);
  EXPECT_EQ(published(), 1);  // scheduled is not published

  // After noon the scheduler publishes it as the new process starts.
  ASSERT_TRUE(site.Restart("2026-03-02T12:30:00+05:00")) << site.Log();
  Samples s = ScrapeUntil(
      metrics_port, [](const Samples& s) { return Get(s, "khabar_stories_published_total") >= 1; });
  EXPECT_EQ(Get(s, "khabar_stories_published_total"), 1);
}

}  // namespace
}  // namespace khabar::testing
