#include "http/finish.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "http/internal/gzip.h"

namespace khabar::http {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

const Seconds kNow = Seconds{sys_days{std::chrono::year(2024) / 2 / 28}.time_since_epoch() + 12h};

Request Get(std::string accept_encoding = "") {
  Request req;
  req.method = "GET";
  req.target = req.path = "/";
  if (!accept_encoding.empty()) req.headers["accept-encoding"] = accept_encoding;
  return req;
}

std::string BigText() {
  std::string s;
  for (int i = 0; i < 200; ++i) s += "khabar news line " + std::to_string(i) + "\n";
  return s;
}

TEST(HttpDateTest, FormatAndParse) {
  EXPECT_EQ(FormatHttpDate(kNow), "Wed, 28 Feb 2024 12:00:00 GMT");
  EXPECT_EQ(ParseHttpDate("Wed, 28 Feb 2024 12:00:00 GMT"), kNow);
  EXPECT_EQ(
      ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"),
      Seconds{sys_days{std::chrono::year(1994) / 11 / 6}.time_since_epoch() + 8h + 49min + 37s});
  EXPECT_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(ParseHttpDate("Wed, 30 Feb 2024 12:00:00 GMT"));
  EXPECT_FALSE(ParseHttpDate("garbage"));
}

TEST(AcceptsGzipTest, HonoursQ) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("br, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));  // explicit gzip beats *
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_TRUE(AcceptsGzip("gzip;q=0.001"));
}

TEST(FinishTest, SetsDateTypeAndLength) {
  Response res;
  res.body = "hi";
  res.SetHeader("Content-Length", "999");  // the server owns framing
  res.SetHeader("Connection", "close");
  Finish(Get(), res, kNow);
  EXPECT_EQ(res.Header("Date"), "Wed, 28 Feb 2024 12:00:00 GMT");
  EXPECT_EQ(res.Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(res.Header("Content-Length"), "2");
  EXPECT_EQ(res.Header("Connection"), "");
  EXPECT_EQ(res.Header("ETag"), BodyETag("hi"));
}

TEST(FinishTest, EveryAnswerSaysNosniff) {
  Response res = Text("400 Bad Request\n", 400);
  Finish(Get(), res, kNow);
  EXPECT_EQ(res.Header("X-Content-Type-Options"), "nosniff");
}

TEST(FinishTest, ETagAnd304) {
  Response first = Html("<p>story</p>");
  Finish(Get(), first, kNow);
  std::string etag(first.Header("ETag"));
  ASSERT_EQ(etag.size(), 18u);  // 16 hex digits in quotes
  EXPECT_EQ(etag.front(), '"');

  Request again = Get();
  again.headers["if-none-match"] = "\"other\", " + etag;
  Response second = Html("<p>story</p>");
  Finish(again, second, kNow);
  EXPECT_EQ(second.status, 304);
  EXPECT_EQ(second.body, "");
  EXPECT_EQ(second.Header("Content-Length"), "");
  EXPECT_EQ(second.Header("ETag"), etag);

  Request weak = Get();
  weak.headers["if-none-match"] = "W/" + etag;  // weak comparison
  Response third = Html("<p>story</p>");
  Finish(weak, third, kNow);
  EXPECT_EQ(third.status, 304);

  Response changed = Html("<p>story, updated</p>");
  Finish(again, changed, kNow);
  EXPECT_EQ(changed.status, 200);

  Request post = again;
  post.method = "POST";
  Response posted = Html("<p>story</p>");
  Finish(post, posted, kNow);
  EXPECT_EQ(posted.status, 200);
  EXPECT_EQ(posted.Header("ETag"), "");
}

TEST(FinishTest, KeepsHandlerETag) {
  Response res = Html("x");
  res.SetHeader("ETag", "\"v7\"");
  Request req = Get();
  req.headers["if-none-match"] = "\"v7\"";
  Finish(req, res, kNow);
  EXPECT_EQ(res.status, 304);
}

TEST(FinishTest, IfModifiedSinceAgainstHandlerLastModified) {
  Response res = Html("x");
  res.SetHeader("Last-Modified", FormatHttpDate(kNow - 1h));
  Request req = Get();
  req.headers["if-modified-since"] = FormatHttpDate(kNow - 1h);
  Finish(req, res, kNow);
  EXPECT_EQ(res.status, 304);
}

TEST(FinishTest, GzipsTextWhenAccepted) {
  const std::string body = BigText();
  Response plain = Html(body);
  Finish(Get(), plain, kNow);
  EXPECT_EQ(plain.Header("Content-Encoding"), "");
  EXPECT_EQ(plain.Header("Vary"), "Accept-Encoding");
  EXPECT_EQ(plain.body, body);

  Response zipped = Html(body);
  zipped.SetHeader("Vary", "Cookie");
  Finish(Get("gzip, deflate, br"), zipped, kNow);
  EXPECT_EQ(zipped.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped.Header("Vary"), "Cookie, Accept-Encoding");
  EXPECT_LT(zipped.body.size(), body.size());
  EXPECT_EQ(zipped.Header("Content-Length"), std::to_string(zipped.body.size()));
  auto unzipped = internal::Gunzip(zipped.body);
  ASSERT_TRUE(unzipped);
  EXPECT_EQ(*unzipped, body);

  // The gzip variant has its own strong ETag, and a 304 needs the right one.
  std::string plain_tag(plain.Header("ETag")), zipped_tag(zipped.Header("ETag"));
  EXPECT_NE(plain_tag, zipped_tag);
  EXPECT_EQ(zipped_tag, plain_tag.substr(0, plain_tag.size() - 1) + "-gz\"");
  Request cond = Get("gzip");
  cond.headers["if-none-match"] = zipped_tag;
  Response again = Html(body);
  Finish(cond, again, kNow);
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.Header("Vary"), "Accept-Encoding");
}

TEST(FinishTest, NoGzipWhenRefusedSmallOrBinary) {
  Response refused = Html(BigText());
  Finish(Get("gzip;q=0, identity"), refused, kNow);
  EXPECT_EQ(refused.Header("Content-Encoding"), "");

  Response small = Html("<p>tiny</p>");
  Finish(Get("gzip"), small, kNow);
  EXPECT_EQ(small.Header("Content-Encoding"), "");
  EXPECT_EQ(small.Header("Vary"), "");

  Response image;
  image.body = BigText();
  image.SetHeader("Content-Type", "image/png");
  Finish(Get("gzip"), image, kNow);
  EXPECT_EQ(image.Header("Content-Encoding"), "");

  for (const char* type :
       {"application/json", "application/rss+xml; charset=utf-8", "application/atom+xml",
        "image/svg+xml", "application/xml", "text/css"}) {
    Response r;
    r.body = BigText();
    r.SetHeader("Content-Type", type);
    Finish(Get("gzip"), r, kNow);
    EXPECT_EQ(r.Header("Content-Encoding"), "gzip") << type;
  }
}

TEST(FinishTest, HeadKeepsGetLength) {
  Request head = Get("gzip");
  head.method = "HEAD";
  Response h = Html(BigText());
  Finish(head, h, kNow);
  Response g = Html(BigText());
  Finish(Get("gzip"), g, kNow);
  EXPECT_EQ(h.Header("Content-Length"), g.Header("Content-Length"));
  EXPECT_EQ(h.Header("ETag"), g.Header("ETag"));
}

TEST(FinishTest, NoBodyStatuses) {
  Response r;
  r.status = 204;
  r.body = "ignored";
  Finish(Get(), r, kNow);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.Header("Content-Length"), "");
}

class FinishFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("khabar_finish_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    file_ = dir_ / "a.css";
    std::ofstream(file_) << "body{color:red}";
    struct timeval times[2] = {{1700000000, 0}, {1700000000, 0}};
    ::utimes(file_.c_str(), times);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_, file_;
};

TEST_F(FinishFileTest, LastModifiedAndConditional) {
  Response res;
  res.file = file_.string();
  res.SetHeader("Content-Type", "text/css");
  Finish(Get(), res, kNow);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.Header("Content-Length"), "15");
  EXPECT_EQ(res.Header("Last-Modified"), "Tue, 14 Nov 2023 22:13:20 GMT");
  EXPECT_FALSE(res.Header("ETag").empty());

  Request ims = Get();
  ims.headers["if-modified-since"] = "Tue, 14 Nov 2023 22:13:20 GMT";
  Response cached;
  cached.file = file_.string();
  Finish(ims, cached, kNow);
  EXPECT_EQ(cached.status, 304);
  EXPECT_FALSE(cached.file);

  Request older = Get();
  older.headers["if-modified-since"] = "Mon, 13 Nov 2023 22:13:20 GMT";
  Response fresh;
  fresh.file = file_.string();
  Finish(older, fresh, kNow);
  EXPECT_EQ(fresh.status, 200);
  EXPECT_TRUE(fresh.file);

  Request inm = Get();
  inm.headers["if-none-match"] = std::string(res.Header("ETag"));
  Response by_tag;
  by_tag.file = file_.string();
  Finish(inm, by_tag, kNow);
  EXPECT_EQ(by_tag.status, 304);
}

TEST_F(FinishFileTest, VanishedFileIs404) {
  Response res;
  res.file = (dir_ / "gone.css").string();
  Finish(Get(), res, kNow);
  EXPECT_EQ(res.status, 404);
  EXPECT_FALSE(res.file);
  EXPECT_EQ(res.Header("Content-Length"), std::to_string(res.body.size()));
  EXPECT_FALSE(res.Header("Date").empty());
}

TEST(GzipTest, RoundTripAndBomb) {
  std::string data(100000, 'a');
  auto z = internal::Gzip(data);
  ASSERT_TRUE(z);
  EXPECT_EQ(static_cast<unsigned char>((*z)[0]), 0x1f);  // gzip magic
  EXPECT_EQ(*internal::Gunzip(*z), data);
  EXPECT_EQ(internal::Gunzip(*z, 1000).error().code(), Code::kResourceExhausted);
  EXPECT_FALSE(internal::Gunzip(z->substr(0, z->size() / 2)));
}

// Cacheable is a 200 page naming `keys`, as the public site answers.
Response CacheablePage(std::vector<std::string> keys) {
  Response res = Html("<p>story</p>");
  res.SetHeader("Cache-Control", "public, max-age=60, s-maxage=300");
  res.cacheable.emplace();
  res.cacheable->keys = std::move(keys);
  return res;
}

TEST(SurrogateKeyTest, CacheablePagesNameTheirKeysForTheCachesInFront) {
  Response res = CacheablePage({"list:all", "nav", "story:12"});
  Finish(Get(), res, kNow);
  EXPECT_EQ(res.Header("Surrogate-Key"), "list:all nav story:12");
  EXPECT_EQ(res.Header("Surrogate-Control"), "");
}

TEST(SurrogateKeyTest, KeptOnA304SoARevalidatedCopyKeepsItsKeys) {
  Response first = CacheablePage({"story:12"});
  Finish(Get(), first, kNow);
  Request again = Get();
  again.headers["if-none-match"] = std::string(first.Header("ETag"));
  Response res = CacheablePage({"story:12"});
  Finish(again, res, kNow);
  EXPECT_EQ(res.status, 304);
  EXPECT_EQ(res.Header("Surrogate-Key"), "story:12");
}

TEST(SurrogateKeyTest, NeverOnAnswersASharedCacheMustNotKeep) {
  Response plain = Html("<p>newsroom</p>");  // not cacheable: the newsroom, forms
  plain.SetHeader("Cache-Control", "no-store");
  Finish(Get(), plain, kNow);
  EXPECT_EQ(plain.Header("Surrogate-Key"), "");

  Response no_keys = CacheablePage({});
  Finish(Get(), no_keys, kNow);
  EXPECT_EQ(no_keys.Header("Surrogate-Key"), "");

  for (const char* cc : {"private, max-age=60", "no-store", "Public, No-Store"}) {
    Response res = CacheablePage({"story:1"});
    res.SetHeader("Cache-Control", cc);
    Finish(Get(), res, kNow);
    EXPECT_EQ(res.Header("Surrogate-Key"), "") << cc;
  }
  Response cookie = CacheablePage({"story:1"});
  cookie.SetHeader("Set-Cookie", "a=b");
  Finish(Get(), cookie, kNow);
  EXPECT_EQ(cookie.Header("Surrogate-Key"), "");

  Response missing = CacheablePage({"story:1"});
  missing.status = 404;
  Finish(Get(), missing, kNow);
  EXPECT_EQ(missing.Header("Surrogate-Key"), "");
}

TEST(SurrogateKeyTest, AHandlerOrCacheSetValueIsKept) {
  Response res = CacheablePage({"story:1"});
  res.SetHeader("Surrogate-Key", "story:1 section:2");
  Finish(Get(), res, kNow);
  EXPECT_EQ(res.Header("Surrogate-Key"), "story:1 section:2");
}

TEST(SurrogateKeyTest, TooManyKeysMeanTheCachesInFrontMustNotKeepThePage) {
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) keys.push_back("story:" + std::to_string(i));
  Response res = CacheablePage(keys);
  Finish(Get(), res, kNow);
  EXPECT_EQ(res.Header("Surrogate-Key"), "");
  EXPECT_EQ(res.Header("Surrogate-Control"), "no-store");
  EXPECT_EQ(res.status, 200);
}

}  // namespace
}  // namespace khabar::http
