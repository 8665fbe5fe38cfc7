#include "http/router.h"

#include <gtest/gtest.h>

#include "http/request_target.h"

namespace khabar::http {
namespace {

Request Req(std::string method, std::string target) {
  Request req;
  req.method = std::move(method);
  req.target = target;
  auto parsed = ParseTarget(target);
  EXPECT_TRUE(parsed) << target;
  if (parsed) {
    req.path = parsed->path;
    req.query = parsed->query;
  }
  return req;
}

// Echo answers with the route name and its params, to see who matched.
RouteHandler Echo(std::string name) {
  return [name](const Request&, const PathParams& p) {
    std::string body = name;
    for (const auto& [k, v] : p.values) body += " " + k + "=" + v;
    return Text(body);
  };
}

Router MakeRouter() {
  Router r;
  r.Add("GET", "/", Echo("home"));
  r.Add("GET", "/news/{id}/{slug}", Echo("article"));
  r.Add("GET", "/news/feed", Echo("feed"));
  r.Add("GET", "/news/{id}", Echo("short"));
  r.Add("GET", "/static/{*path}", Echo("static"));
  r.Add("GET", "/section/{name}", Echo("section"));
  r.Add("POST", "/comments", Echo("comment"));
  r.Add("DELETE", "/comments/{id}", Echo("delete"));
  r.Add("GET", "/comments/{id}", Echo("show"));
  return r;
}

TEST(RouterTest, MatchesAndCapturesParams) {
  Router r = MakeRouter();
  EXPECT_EQ(r.Dispatch(Req("GET", "/")).body, "home");
  EXPECT_EQ(r.Dispatch(Req("GET", "/news/42/a%20b")).body, "article id=42 slug=a b");
  EXPECT_EQ(r.Dispatch(Req("GET", "/news/42")).body, "short id=42");
  EXPECT_EQ(r.Dispatch(Req("POST", "/comments")).body, "comment");
}

TEST(RouterTest, LiteralBeatsParamWhateverTheOrder) {
  Router r = MakeRouter();
  EXPECT_EQ(r.Dispatch(Req("GET", "/news/feed")).body, "feed");
}

TEST(RouterTest, WildcardTakesTheRest) {
  Router r = MakeRouter();
  EXPECT_EQ(r.Dispatch(Req("GET", "/static/css/site.css")).body, "static path=css/site.css");
  EXPECT_EQ(r.Dispatch(Req("GET", "/static/logo.svg")).body, "static path=logo.svg");
  EXPECT_EQ(r.Dispatch(Req("GET", "/static")).status, 404);
}

TEST(RouterTest, PathParamsGetMissingIsEmpty) {
  PathParams p;
  p.values["id"] = "7";
  EXPECT_EQ(p.Get("id"), "7");
  EXPECT_EQ(p.Get("nope"), "");
}

TEST(RouterTest, GetRoutesAnswerHead) {
  Router r = MakeRouter();
  Response res = r.Dispatch(Req("HEAD", "/news/42"));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "short id=42");  // the server drops it on the wire
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router r = MakeRouter();
  Response res = r.Dispatch(Req("PUT", "/comments/9"));
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.Header("Allow"), "DELETE, GET, HEAD, OPTIONS");
  res = r.Dispatch(Req("GET", "/comments"));
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.Header("Allow"), "OPTIONS, POST");
}

TEST(RouterTest, OptionsListsMethods) {
  Router r = MakeRouter();
  Response res = r.Dispatch(Req("OPTIONS", "/comments/9"));
  EXPECT_EQ(res.status, 204);
  EXPECT_EQ(res.Header("Allow"), "DELETE, GET, HEAD, OPTIONS");
}

TEST(RouterTest, NotFoundDefaultAndCustom) {
  Router r = MakeRouter();
  EXPECT_EQ(r.Dispatch(Req("GET", "/nope")).status, 404);
  EXPECT_EQ(r.Dispatch(Req("GET", "/news/1/2/3")).status, 404);
  EXPECT_EQ(r.Dispatch(Req("GET", "/news//x")).status, 404);  // empty param
  r.SetNotFound([](const Request& req) { return Html("<h1>lost: " + req.path + "</h1>", 404); });
  Response res = r.Dispatch(Req("GET", "/nope"));
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, "<h1>lost: /nope</h1>");
}

TEST(RouterTest, TrailingSlashRedirectsKeepingQuery) {
  Router r = MakeRouter();
  Response res = r.Dispatch(Req("GET", "/section/world/?page=2"));
  EXPECT_EQ(res.status, 301);
  EXPECT_EQ(res.Header("Location"), "/section/world?page=2");
  res = r.Dispatch(Req("GET", "/section/caf%C3%A9/"));
  EXPECT_EQ(res.Header("Location"), "/section/caf%C3%A9");  // client encoding kept
  EXPECT_EQ(r.Dispatch(Req("GET", "/nothing/here/")).status, 404);
}

TEST(RouterTest, TrailingSlashNeverOpenRedirects) {
  Router r;
  r.Add("GET", "//evil.example", Echo("x"));
  // Stripping "//evil.example/" naively gives "//evil.example": another site.
  Response res = r.Dispatch(Req("GET", "//evil.example/"));
  EXPECT_EQ(res.status, 301);
  EXPECT_EQ(res.Header("Location"), "/evil.example");
}

}  // namespace
}  // namespace khabar::http
