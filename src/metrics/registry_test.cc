#include "metrics/registry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace khabar::metrics {
namespace {

TEST(Registry, RendersCountersExactly) {
  Registry r;
  Counter& published =
      r.AddCounter("khabar_stories_published_total", "Stories that went live.").With({});
  auto& requests = r.AddCounter("http_requests_total", "Requests answered.", {"route", "status"});
  published.Inc();
  published.Inc(2);
  requests.With({"/news/{id}/{slug}", "200"}).Inc(5);
  requests.With({"/", "200"}).Inc();
  requests.With({"/", "304"}).Inc();
  EXPECT_EQ(r.Render(),
            "# HELP khabar_stories_published_total Stories that went live.\n"
            "# TYPE khabar_stories_published_total counter\n"
            "khabar_stories_published_total 3\n"
            "# HELP http_requests_total Requests answered.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{route=\"/\",status=\"200\"} 1\n"
            "http_requests_total{route=\"/\",status=\"304\"} 1\n"
            "http_requests_total{route=\"/news/{id}/{slug}\",status=\"200\"} 5\n");
}

TEST(Registry, AnUnlabelledCounterShowsZeroBeforeAnything) {
  Registry r;
  r.AddCounter("things_total", "Things.");
  EXPECT_EQ(r.Render(),
            "# HELP things_total Things.\n"
            "# TYPE things_total counter\n"
            "things_total 0\n");
}

TEST(Registry, ALabelledFamilyWithNoSeriesYetHasOnlyItsHeader) {
  Registry r;
  r.AddCounter("things_total", "Things.", {"kind"});
  EXPECT_EQ(r.Render(), "# HELP things_total Things.\n# TYPE things_total counter\n");
}

TEST(Registry, RendersHistogramsExactly) {
  Registry r;
  auto& latency = r.AddHistogram("req_seconds", "Latency.", {0.001, 0.25, 1}, {"route"});
  Histogram& home = latency.With({"/"});
  home.Observe(0.0005);
  home.Observe(0.25);
  home.Observe(0.75);
  home.Observe(3);
  EXPECT_EQ(r.Render(),
            "# HELP req_seconds Latency.\n"
            "# TYPE req_seconds histogram\n"
            "req_seconds_bucket{route=\"/\",le=\"0.001\"} 1\n"
            "req_seconds_bucket{route=\"/\",le=\"0.25\"} 2\n"
            "req_seconds_bucket{route=\"/\",le=\"1\"} 3\n"
            "req_seconds_bucket{route=\"/\",le=\"+Inf\"} 4\n"
            "req_seconds_sum{route=\"/\"} 4.0005\n"
            "req_seconds_count{route=\"/\"} 4\n");
}

TEST(Registry, AnUnlabelledHistogramHasOnlyTheLeLabel) {
  Registry r;
  r.AddHistogram("query_seconds", "Query time.", {0.5}).With({}).Observe(0.25);
  EXPECT_EQ(r.Render(),
            "# HELP query_seconds Query time.\n"
            "# TYPE query_seconds histogram\n"
            "query_seconds_bucket{le=\"0.5\"} 1\n"
            "query_seconds_bucket{le=\"+Inf\"} 1\n"
            "query_seconds_sum 0.25\n"
            "query_seconds_count 1\n");
}

TEST(Registry, EscapesLabelValuesAndHelp) {
  Registry r;
  r.AddCounter("odd_total", "Help with \\ and\nnewline and \"quotes\".", {"v"})
      .With({"back\\slash \"quoted\"\nnext"})
      .Inc();
  EXPECT_EQ(r.Render(),
            "# HELP odd_total Help with \\\\ and\\nnewline and \"quotes\".\n"
            "# TYPE odd_total counter\n"
            "odd_total{v=\"back\\\\slash \\\"quoted\\\"\\nnext\"} 1\n");
}

TEST(Registry, CallbacksAreReadAtScrapeTime) {
  Registry r;
  double entries = 3;
  uint64_t hits = 10, misses = 4;
  r.AddCallback(Type::kGauge, "cache_entries", "Pages in the cache.", [&] { return entries; });
  r.AddCallback(Type::kCounter, "cache_lookups_total", "Lookups.",
                [&] { return static_cast<double>(misses); }, {{"result", "miss"}});
  r.AddCallback(Type::kCounter, "cache_lookups_total", "Lookups.",
                [&] { return static_cast<double>(hits); }, {{"result", "hit"}});
  const std::string want =
      "# HELP cache_entries Pages in the cache.\n"
      "# TYPE cache_entries gauge\n"
      "cache_entries {E}\n"
      "# HELP cache_lookups_total Lookups.\n"
      "# TYPE cache_lookups_total counter\n"
      "cache_lookups_total{result=\"hit\"} {H}\n"
      "cache_lookups_total{result=\"miss\"} 4\n";
  auto with = [&](std::string e, std::string h) {
    std::string s = want;
    s.replace(s.find("{E}"), 3, e);
    s.replace(s.find("{H}"), 3, h);
    return s;
  };
  EXPECT_EQ(r.Render(), with("3", "10"));
  entries = 2.5;
  hits = 11;
  EXPECT_EQ(r.Render(), with("2.5", "11"));
}

TEST(Registry, FamiliesKeepRegistrationOrderAndReRegisteringReturnsTheSameFamily) {
  Registry r;
  auto& b = r.AddCounter("b_total", "B.", {"x"});
  r.AddCounter("a_total", "A.");
  EXPECT_EQ(&r.AddCounter("b_total", "B.", {"x"}), &b);
  EXPECT_EQ(&b.With({"1"}), &b.With({"1"}));
  std::string text = r.Render();
  EXPECT_LT(text.find("b_total"), text.find("a_total"));
}

TEST(RegistryDeathTest, WiringMistakesAbortNamingTheMetric) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(Registry().AddCounter("bad-name", "x"), "bad-name: not a valid metric name");
  EXPECT_DEATH(Registry().AddCounter("ok_total", "x", {"__x"}), "not a valid label name");
  EXPECT_DEATH(Registry().AddHistogram("h", "x", {1}, {"le"}), "label named 'le'");
  EXPECT_DEATH(Registry().AddHistogram("h", "x", {2, 1}), "strictly increasing");
  EXPECT_DEATH(
      {
        Registry r;
        r.AddCounter("twice", "x");
        r.AddHistogram("twice", "x", {1});
      },
      "twice: registered twice");
  EXPECT_DEATH(Registry().AddCounter("c_total", "x", {"a", "b"}).With({"1"}),
               "expected 2 label values, got 1");
}

// Many threads bump the same and different series, creating some as they
// go, while another thread renders: every increment is counted.
TEST(Registry, ConcurrentIncrementsFromThreadsAreAllCounted) {
  Registry r;
  auto& requests = r.AddCounter("requests_total", "Requests.", {"route", "status"});
  auto& latency = r.AddHistogram("latency_seconds", "Latency.", {0.01, 0.1}, {"route"});
  constexpr int kThreads = 8, kEach = 20000;
  const std::vector<std::string> routes = {"/", "/news/{id}/{slug}", "/tag/{slug}", "other"};
  std::atomic<bool> done{false};
  std::thread scraper([&] {
    while (!done.load()) EXPECT_FALSE(r.Render().empty());
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string& route = routes[(t + i) % routes.size()];
        requests.With({route, i % 2 ? "200" : "404"}).Inc();
        latency.With({route}).Observe(0.05);
      }
    });
  }
  for (auto& t : threads) t.join();
  done = true;
  scraper.join();
  uint64_t total = 0;
  for (const auto& route : routes) {
    for (const char* status : {"200", "404"}) total += requests.With({route, status}).Value();
    EXPECT_EQ(latency.With({route}).Read().cumulative,
              (std::vector<uint64_t>{0, kThreads * kEach / 4, kThreads * kEach / 4}));
  }
  EXPECT_EQ(total, uint64_t{kThreads} * kEach);
}

}  // namespace
}  // namespace khabar::metrics
