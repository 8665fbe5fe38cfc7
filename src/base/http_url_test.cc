#include "base/http_url.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(ParseHttpUrl, SplitsHostPortAndPath) {
  auto a = ParseHttpUrl("http://127.0.0.1:6081/");
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 6081);
  EXPECT_EQ(a->path, "/");

  auto b = ParseHttpUrl("http://varnish.internal");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "varnish.internal");
  EXPECT_EQ(b->port, 80);
  EXPECT_EQ(b->path, "/");

  auto c = ParseHttpUrl("http://[::1]:8080/purge?site=a");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(c->port, 8080);
  EXPECT_EQ(c->path, "/purge?site=a");

  auto d = ParseHttpUrl("http://cache?x=1");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->host, "cache");
  EXPECT_EQ(d->path, "/?x=1");
}

TEST(ParseHttpUrl, RefusesWhatItCannotCall) {
  for (const char* bad :
       {"", "127.0.0.1:6081", "https://cdn/", "ftp://x/", "http://", "http:///", "http://:80/",
        "http://a:0/", "http://a:65536/", "http://a:x/", "http://a:/", "http://u:p@a/",
        "http://a/ b", "http://a/#frag", "http://[::1/", "http://[::1]x/", "http://a\n/"}) {
    auto r = ParseHttpUrl(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code(), Code::kInvalidArgument);
      EXPECT_NE(r.error().message().find("http://127.0.0.1:6081/"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace khabar
