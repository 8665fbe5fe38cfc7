#include "http/page_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http/finish.h"
#include "http/internal/gzip.h"

namespace khabar::http {
namespace {

using namespace std::chrono_literals;

class SettableClock final : public Clock {
 public:
  Seconds Now() const override { return Seconds(std::chrono::seconds(now.load())); }
  std::atomic<int64_t> now{1'700'000'000};
};

Request Get(std::string path, std::string accept_encoding = "") {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  r.target = r.path;
  if (!accept_encoding.empty()) r.headers["accept-encoding"] = accept_encoding;
  return r;
}

// Page is a cacheable 200 whose body is long enough to compress.
Response Page(std::string text, std::vector<std::string> keys) {
  std::string body;
  while (body.size() < 2000) body += text + " ";
  Response r = Html(body);
  r.SetHeader("Cache-Control", "public, max-age=60");
  r.cacheable.emplace();
  r.cacheable->keys = std::move(keys);
  return r;
}

class PageCacheTest : public ::testing::Test {
 protected:
  PageCache& cache() { return *cache_; }
  void Make(PageCacheOptions options = {}) {
    options.clock = &clock_;
    cache_ = std::make_unique<PageCache>(std::move(options));
  }
  // Fill renders `text` for `path` through the cache, as the app does.
  Response Fill(const std::string& path, const std::string& text, std::vector<std::string> keys) {
    Request req = Get(path);
    auto key = cache().KeyFor(req);
    EXPECT_TRUE(key);
    return cache().Offer(*key, cache().Ticket(), req, Page(text, std::move(keys)));
  }
  std::optional<Response> Hit(const std::string& path, const std::string& encoding = "") {
    Request req = Get(path, encoding);
    return cache().Lookup(*cache().KeyFor(req), req);
  }
  SettableClock clock_;
  std::unique_ptr<PageCache> cache_;
};

TEST_F(PageCacheTest, AKeySpaceKeepsOnePathOnTwoHostsApart) {
  PageCacheOptions options;
  options.key_space = [](const Request& r) {
    return r.Header("host") == "urdu.example" ? std::string("ur") : std::string();
  };
  Make(std::move(options));
  Request main = Get("/");
  Request urdu = Get("/");
  urdu.headers["host"] = "urdu.example";
  ASSERT_TRUE(cache().KeyFor(main) && cache().KeyFor(urdu));
  EXPECT_EQ(*cache().KeyFor(main), "/");
  EXPECT_EQ(*cache().KeyFor(urdu), "ur/");
  cache().Offer(*cache().KeyFor(main), cache().Ticket(), main, Page("english", {"list:home"}));
  EXPECT_FALSE(cache().Lookup(*cache().KeyFor(urdu), urdu));
  cache().Offer(*cache().KeyFor(urdu), cache().Ticket(), urdu, Page("urdu", {"list:home"}));
  auto hit = cache().Lookup(*cache().KeyFor(main), main);
  ASSERT_TRUE(hit && hit->shared_body);
  EXPECT_EQ(hit->shared_body->substr(0, 7), "english");
  auto urdu_hit = cache().Lookup(*cache().KeyFor(urdu), urdu);
  ASSERT_TRUE(urdu_hit && urdu_hit->shared_body);
  EXPECT_EQ(urdu_hit->shared_body->substr(0, 4), "urdu");
}

TEST_F(PageCacheTest, KeptPagesAreAnsweredWithoutTheHandler) {
  Make();
  EXPECT_FALSE(Hit("/news/1/a"));
  Response first = Fill("/news/1/a", "first", {"story:1"});
  EXPECT_EQ(first.Header("X-Cache"), "miss");
  auto hit = Hit("/news/1/a");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->Header("X-Cache"), "hit");
  ASSERT_TRUE(hit->shared_body);
  EXPECT_EQ(hit->shared_body->substr(0, 5), "first");
  EXPECT_EQ(hit->Header("ETag"), first.Header("ETag"));
  EXPECT_EQ(hit->Header("Cache-Control"), "public, max-age=60");
  EXPECT_EQ(hit->Header("Vary"), "Accept-Encoding");
  auto stats = cache().Stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.entries, 1u);
}

TEST_F(PageCacheTest, InvalidateDropsExactlyThePagesNamingAKey) {
  Make();
  Fill("/news/1/a", "one", {"story:1", "dateline"});
  Fill("/news/2/b", "two", {"story:2", "dateline"});
  Fill("/", "home", {"story:1", "story:2", "list:home"});
  cache().Invalidate({"story:1"});
  EXPECT_FALSE(Hit("/news/1/a"));
  EXPECT_FALSE(Hit("/"));
  EXPECT_TRUE(Hit("/news/2/b")) << "an unrelated page stays";
  cache().Invalidate({"dateline"});
  EXPECT_FALSE(Hit("/news/2/b"));
  EXPECT_EQ(cache().Stats().entries, 0u);
}

TEST_F(PageCacheTest, ASecondOfferOfAKeyReplacesTheFirst) {
  // Two readers missed the same page at once; both offer it. (This once
  // freed the first entry while still reading it.)
  Make();
  Fill("/news/1/a", "first", {"story:1", "list:home"});
  Fill("/news/1/a", "second", {"story:1", "dateline"});
  auto stats = cache().Stats();
  EXPECT_EQ(stats.entries, 1u);
  auto hit = Hit("/news/1/a");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->shared_body->substr(0, 6), "second");
  cache().Invalidate({"list:home"});  // the first entry's key: nothing left to drop
  EXPECT_TRUE(Hit("/news/1/a"));
  cache().Invalidate({"dateline"});
  EXPECT_FALSE(Hit("/news/1/a"));
  EXPECT_EQ(cache().Stats().bytes, 0u);
}

TEST_F(PageCacheTest, ConcurrentMissesOfOnePageRenderItOnce) {
  Make();
  std::atomic<int> renders{0};
  auto render = [&] {
    ++renders;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return Page("busy", {"list:home"});
  };
  std::vector<std::thread> readers;
  std::atomic<int> answered{0};
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      Request req = Get("/");
      Response res = cache().Serve("/", req, render);
      if (res.status == 200 && res.shared_body && res.shared_body->starts_with("busy")) {
        ++answered;
      }
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(renders.load(), 1) << "the other readers waited for the first render";
  EXPECT_EQ(answered.load(), 8);
  auto stats = cache().Stats();
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.hits, 7u);

  // An answer that may not be kept is rendered by each reader.
  std::atomic<int> plain{0};
  std::vector<std::thread> more;
  for (int i = 0; i < 3; ++i) {
    more.emplace_back([&] {
      Request req = Get("/search");
      cache().Serve("/search", req, [&] {
        ++plain;
        return Html("results");
      });
    });
  }
  for (auto& t : more) t.join();
  EXPECT_EQ(plain.load(), 3);
}

TEST_F(PageCacheTest, AHitCountsAViewAndARenderDoesNot) {
  Make();
  Request req = Get("/news/7/x");
  auto render = [] {
    Response r = Page("story", {"story:7"});
    r.cacheable->counted_story = 7;
    return r;
  };
  Response first = cache().Serve("/news/7/x", req, render);
  EXPECT_EQ(first.cacheable->counted_story, 0) << "the handler counted this view itself";
  Response second = cache().Serve("/news/7/x", req, render);
  EXPECT_EQ(second.Header("X-Cache"), "hit");
  EXPECT_EQ(second.cacheable->counted_story, 7);
}

TEST_F(PageCacheTest, APageRenderedBeforeAnInvalidationIsNotKept) {
  Make();
  Request req = Get("/news/1/a");
  const uint64_t ticket = cache().Ticket();
  cache().Invalidate({"story:99"});  // a change lands while rendering
  Response res = cache().Offer(*cache().KeyFor(req), ticket, req, Page("stale", {"story:1"}));
  EXPECT_EQ(res.Header("X-Cache"), "miss");
  EXPECT_FALSE(Hit("/news/1/a"));
}

TEST_F(PageCacheTest, PagesGoStaleAtTheirUntil) {
  Make();
  Request req = Get("/");
  Response page = Page("today", {"dateline"});
  page.cacheable->until = clock_.Now() + 10s;
  cache().Offer("/", cache().Ticket(), req, std::move(page));
  EXPECT_TRUE(Hit("/"));
  clock_.now += 10;
  EXPECT_FALSE(Hit("/"));
  EXPECT_EQ(cache().Stats().expired, 1u);
}

TEST_F(PageCacheTest, EachEncodingIsMadeOnceWithItsOwnETag) {
  Make();
  Fill("/news/1/a", "words", {"story:1"});
  auto br = Hit("/news/1/a", "gzip, deflate, br");
  ASSERT_TRUE(br);
  EXPECT_EQ(br->Header("Content-Encoding"), "br");
  auto plain = internal::Unbrotli(*br->shared_body);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->substr(0, 5), "words");
  auto gz = Hit("/news/1/a", "gzip");
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->Header("Content-Encoding"), "gzip");
  EXPECT_EQ(internal::Gunzip(*gz->shared_body).value_or(""), *plain);
  auto identity = Hit("/news/1/a");
  ASSERT_TRUE(identity);
  EXPECT_EQ(*identity->shared_body, *plain);
  EXPECT_NE(br->Header("ETag"), gz->Header("ETag"));
  EXPECT_NE(gz->Header("ETag"), identity->Header("ETag"));
  // The second brotli answer shares the first one's bytes.
  auto again = Hit("/news/1/a", "br");
  EXPECT_EQ(again->shared_body.get(), br->shared_body.get());
}

TEST_F(PageCacheTest, ConditionalRequestsGet304ThroughFinish) {
  Make();
  Fill("/news/1/a", "words", {"story:1"});
  Request req = Get("/news/1/a", "gzip");
  auto hit = cache().Lookup(*cache().KeyFor(req), req);
  ASSERT_TRUE(hit);
  req.headers["if-none-match"] = std::string(hit->Header("ETag"));
  auto again = cache().Lookup(*cache().KeyFor(req), req);
  Finish(req, *again, Seconds{});
  EXPECT_EQ(again->status, 304);
  EXPECT_FALSE(again->shared_body);
}

TEST_F(PageCacheTest, HitsAndTheir304sNameTheKeysForTheCachesInFront) {
  Make();
  Response miss = Fill("/news/1/a", "words", {"list:all", "story:1"});
  EXPECT_EQ(miss.Header("Surrogate-Key"), "list:all story:1");
  Request req = Get("/news/1/a", "br");
  auto hit = cache().Lookup(*cache().KeyFor(req), req);
  ASSERT_TRUE(hit);
  Finish(req, *hit, Seconds{});
  EXPECT_EQ(hit->Header("Surrogate-Key"), "list:all story:1");
  req.headers["if-none-match"] = std::string(hit->Header("ETag"));
  auto again = cache().Lookup(*cache().KeyFor(req), req);
  ASSERT_TRUE(again);
  Finish(req, *again, Seconds{});
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->Header("Surrogate-Key"), "list:all story:1");
  // Said once, however often a page is answered.
  int count = 0;
  for (const auto& [name, value] : again->headers) count += name == "Surrogate-Key";
  EXPECT_EQ(count, 1);
}

TEST_F(PageCacheTest, KeysKeepOnlyWhatKeyQueryGives) {
  PageCacheOptions options;
  options.key_query = [](const Request& r) -> std::optional<std::string> {
    if (r.query.contains("p")) return std::nullopt;
    auto it = r.query.find("page");
    return it == r.query.end() ? "" : "page=" + it->second;
  };
  Make(std::move(options));
  Request a = Get("/tag/floods");
  a.query = {{"page", "2"}, {"utm_source", "x"}};
  Request b = Get("/tag/floods");
  b.query = {{"page", "2"}};
  EXPECT_EQ(cache().KeyFor(a), cache().KeyFor(b));
  EXPECT_EQ(*cache().KeyFor(a), "/tag/floods?page=2");
  Request c = Get("/tag/floods");
  c.query = {{"utm_source", "x"}};
  EXPECT_EQ(*cache().KeyFor(c), "/tag/floods");
  Request d = Get("/");
  d.query = {{"p", "12"}};
  EXPECT_FALSE(cache().KeyFor(d));
}

TEST_F(PageCacheTest, WithoutKeyQueryTheQueryIsLeftOut) {
  Make();
  Request a = Get("/tag/floods");
  a.query = {{"page", "2"}};
  EXPECT_EQ(*cache().KeyFor(a), "/tag/floods");
}

TEST_F(PageCacheTest, WritesSignedInReadersAndAuthorizationBypass) {
  PageCacheOptions options;
  options.bypass = [](const Request& r) {
    return r.Header("cookie").find("khabar_session=") != std::string_view::npos;
  };
  Make(std::move(options));
  Request post = Get("/");
  post.method = "POST";
  EXPECT_FALSE(cache().KeyFor(post));
  Request head = Get("/");
  head.method = "HEAD";
  EXPECT_TRUE(cache().KeyFor(head));
  Request editor = Get("/");
  editor.headers["cookie"] = "a=b; khabar_session=xyz";
  EXPECT_FALSE(cache().KeyFor(editor));
  Request reader = Get("/");
  reader.headers["cookie"] = "theme=dark";
  EXPECT_TRUE(cache().KeyFor(reader));
  Request auth = Get("/");
  auth.headers["authorization"] = "Bearer x";
  EXPECT_FALSE(cache().KeyFor(auth));
}

TEST_F(PageCacheTest, OnlyCacheablePublicAnswersAreKept) {
  Make();
  Request req = Get("/x");
  auto offer = [&](Response r) {
    cache().Offer("/x", cache().Ticket(), req, std::move(r));
    return Hit("/x").has_value();
  };
  Response plain = Html("not marked");
  EXPECT_FALSE(offer(plain));
  Response missing = Page("gone", {"story:1"});
  missing.status = 404;
  EXPECT_FALSE(offer(missing));
  Response cookie = Page("cookie", {"story:1"});
  cookie.SetHeader("Set-Cookie", "a=b");
  EXPECT_FALSE(offer(cookie));
  Response personal = Page("private", {"story:1"});
  personal.SetHeader("Cache-Control", "private, no-store");
  EXPECT_FALSE(offer(personal));
  EXPECT_TRUE(offer(Page("fine", {"story:1"})));
}

TEST_F(PageCacheTest, MemoryIsBoundedLeastRecentlyUsedFirst) {
  PageCacheOptions options;
  options.max_bytes = 40'000;  // room for about a dozen 2.5 KB pages
  Make(std::move(options));
  Fill("/keep", "keep", {"k"});
  for (int i = 0; i < 40; ++i) {
    Fill("/p" + std::to_string(i), "page", {"p"});
    ASSERT_TRUE(Hit("/keep")) << "the page read every time is the last to go, round " << i;
  }
  auto stats = cache().Stats();
  EXPECT_LE(stats.bytes, 40'000u);
  EXPECT_GT(stats.evictions, 0u);
  EXPECT_FALSE(Hit("/p0"));
  EXPECT_TRUE(Hit("/p39"));
}

TEST_F(PageCacheTest, ConcurrentReadersWritersAndInvalidationsAgree) {
  Make();
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !stop && i < 2000; ++i) {
        std::string path = "/news/" + std::to_string(i % 20);
        if (!Hit(path, t % 2 ? "br" : "gzip")) Fill(path, "p", {"story:" + std::to_string(i % 20)});
        if (i % 50 == 0) cache().Invalidate({"story:" + std::to_string(i % 20)});
      }
    });
  }
  for (auto& th : threads) th.join();
  auto stats = cache().Stats();
  EXPECT_LE(stats.entries, 20u);
  EXPECT_GT(stats.hits, 0u);
}

}  // namespace
}  // namespace khabar::http
