#include "app/request_rules.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

http::Request Head(std::string method, std::string path) {
  http::Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(RequestRules, AnonymousRequestsGetTheSmallLimitWhateverTheRoute) {
  const BodyLimits limits;
  for (const char* path : {"/admin/login", "/news/1/comments", "/search", "/admin/media",
                           "/admin/preview", "/admin/stories/3"}) {
    EXPECT_EQ(BodyLimit(Head("POST", path), false, limits), 64u * 1024) << path;
  }
}

TEST(RequestRules, SignedInNewsroomRequestsGetTheLargeLimits) {
  const BodyLimits limits;
  EXPECT_EQ(BodyLimit(Head("POST", "/admin/media"), true, limits), 25u * 1024 * 1024);
  EXPECT_EQ(BodyLimit(Head("POST", "/admin/preview"), true, limits), 8u * 1024 * 1024);
  EXPECT_EQ(BodyLimit(Head("POST", "/admin/stories/3/autosave"), true, limits), 8u * 1024 * 1024);
  EXPECT_EQ(BodyLimit(Head("POST", "/admin/media/7"), true, limits), 8u * 1024 * 1024);
  // A session cookie does not lift the public routes' limit.
  EXPECT_EQ(BodyLimit(Head("POST", "/news/1/comments"), true, limits), 64u * 1024);
  EXPECT_EQ(BodyLimit(Head("POST", "/administrator"), true, limits), 64u * 1024);
}

TEST(RequestRules, TheAnonymousLimitGrowsWithTheLongestCommentAllowed) {
  EXPECT_EQ(AnonymousBodyLimit(3000), 64u * 1024);
  EXPECT_EQ(AnonymousBodyLimit(100000), 100000u * 12 + 4096);
}

TEST(RequestRules, NewsroomPaths) {
  EXPECT_TRUE(IsNewsroomPath("/admin"));
  EXPECT_TRUE(IsNewsroomPath("/admin/preview"));
  EXPECT_FALSE(IsNewsroomPath("/administrator"));
  EXPECT_FALSE(IsNewsroomPath("/news/admin"));
}

}  // namespace
}  // namespace khabar
