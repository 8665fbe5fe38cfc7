#include "http/message.h"

#include <gtest/gtest.h>

#include "http/status_map.h"

namespace khabar::http {
namespace {

TEST(MessageTest, HelpersSetStatusTypeAndBody) {
  Response h = Html("<p>hi</p>");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(h.body, "<p>hi</p>");

  Response t = Text("nope", 404);
  EXPECT_EQ(t.status, 404);
  EXPECT_EQ(t.Header("Content-Type"), "text/plain; charset=utf-8");

  Response r = Redirect("/a");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.Header("LOCATION"), "/a");
  EXPECT_EQ(Redirect("/b", 303).status, 303);
}

TEST(MessageTest, ResponseHeadersIgnoreCase) {
  Response r;
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("cache-control", "max-age=60");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.Header("CACHE-CONTROL"), "max-age=60");
  EXPECT_EQ(r.Header("Missing"), "");
  r.RemoveHeader("CACHE-control");
  EXPECT_TRUE(r.headers.empty());
}

TEST(MessageTest, RequestLookups) {
  Request req;
  req.headers["user-agent"] = "test";
  req.query["page"] = "2";
  EXPECT_EQ(req.Header("User-Agent"), "test");
  EXPECT_EQ(req.Header("x"), "");
  EXPECT_EQ(req.QueryParam("page"), "2");
  EXPECT_EQ(req.QueryParam("nope"), std::nullopt);
}

TEST(StatusMapTest, MapsEveryCode) {
  EXPECT_EQ(HttpStatusFor(Code::kOk), 200);
  EXPECT_EQ(HttpStatusFor(Code::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(Code::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(Code::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(Code::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(Code::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(Code::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(Code::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(Code::kInternal), 500);
  EXPECT_EQ(HttpStatusFor(Code::kUnavailable), 503);
}

TEST(StatusMapTest, StatusResponseHidesTheMessage) {
  Response r = StatusResponse(Status(Code::kNotFound, "/srv/secret/path.md missing"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "404 Not Found\n");
}

}  // namespace
}  // namespace khabar::http
